"""``python -m loaders build``: the bundled data, then everything users did, replayed in order.

The store is the kommun's memory, so building it anew must never throw away what users
imported. ``build`` reads the old store's history (every archived import and every event),
builds a new store aside from data/, replays the history in its original order (same who,
same time), and only then puts the new file in place. If any step of the history cannot be
replayed, the build stops with a Swedish message that names it, and the old store stays as
it was. The old store is backed up first, and nobody can open the store while it is rebuilt
(``loaders.locks``).

A store upgraded from schema version 1 kept no originals; ``reconstruct_archive`` writes
each user import's rows back into a file of a format the loaders read (the panel's own tidy
export for values, a register file for measures), so those imports replay too.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from . import locks
from .backup import backup_before
from .errors import PanelError

Progress = Callable[[int, int, str], None]
BUNDLED = "build"
EXAMPLE_MARKER_LINE = "EXEMPELDATA (Indikatorpanelen)"


class ReplayFailed(PanelError):
    title = "Databasen kunde inte byggas om"


@dataclass(frozen=True)
class Event:
    event_id: int
    happened_at: object
    who: str | None
    kind: str
    summary: str
    payload: dict
    import_id: int | None


@dataclass
class History:
    events: list[Event]
    archive: dict[str, tuple[str, bytes]]   # checksum -> (file name, bytes)

    def user_events(self) -> list[Event]:
        return [e for e in self.events if e.kind != "import" or e.who != BUNDLED]


def read_history(con: duckdb.DuckDBPyConnection) -> History:
    """The replayable events of a store, in order, and the archived files they need."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT event_id, happened_at, who, kind, summary, payload, import_id FROM events "
                           "WHERE replayable ORDER BY event_id").fetchall()
        archive = {c: (n, bytes(d)) for c, n, d in cur.execute("SELECT checksum, file_name, data FROM archive").fetchall()}
    finally:
        cur.close()
    events = [Event(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6]) for r in rows]
    return History([e for e in events if not (e.kind == "import" and e.who == BUNDLED)], archive)


def missing_originals(history: History) -> list[Event]:
    """User imports whose original file is not in the archive: what a replay would lose."""
    return [e for e in history.events if e.kind == "import" and e.payload.get("checksum") not in history.archive]


def build(target: Path, data_dir: Path, progress: Progress | None = None) -> tuple[int, int]:
    """Build the store at ``target`` from data/ and replay its history; returns (bundled files,
    replayed events)."""
    from .build import build_fresh  # late: build imports this module

    target.parent.mkdir(parents=True, exist_ok=True)
    with locks.exclusive(target, "bygget"):
        history = History([], {})
        if target.exists() and target.stat().st_size:
            from .store import connect
            con = connect(target, lock=False)  # upgrades an old store (with a backup) first
            try:
                history = read_history(con)
            finally:
                con.close()
            lost = missing_originals(history)
            if lost:
                names = "; ".join(f"«{e.summary}» ({e.happened_at:%Y-%m-%d})" for e in lost[:5])
                raise ReplayFailed(f"Databasen innehåller importer vars originalfiler inte finns kvar i arkivet, så "
                                   f"ett nytt bygge skulle tappa dem: {names}. Inget har ändrats.")
            backup_before(target, "fore-bygge")
        tmp = target.with_name(target.name + ".bygger")
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        try:
            con, bundled = build_fresh(tmp, data_dir, progress)
            try:
                replayed = replay(con, history, progress)
                con.execute("CHECKPOINT")
            finally:
                con.close()
        except BaseException:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                leftover.unlink(missing_ok=True)
            raise
        Path(str(target) + ".wal").unlink(missing_ok=True)
        os.replace(tmp, target)
    return bundled, replayed


def replay(con: duckdb.DuckDBPyConnection, history: History, progress: Progress | None = None) -> int:
    """Apply every event of ``history`` to ``con``, in order; ReplayFailed names the first that fails."""
    from . import store
    from .importer import import_bytes

    imports: dict[int, int] = {}  # old import event id -> new import id
    events = history.events
    for i, event in enumerate(events, start=1):
        if progress:
            progress(i, len(events), event.summary)
        p = event.payload
        try:
            if event.kind == "import":
                name, data = history.archive[p["checksum"]]
                options = {k: v for k, v in p.items() if k not in ("kind", "checksum", "file_name", "reconstructed",
                                                                   "original_file_name")}
                summary, _ = import_bytes(con, data, p.get("file_name") or name, p.get("kind"), who=event.who,
                                          now=event.happened_at, options=options)
                imports[event.event_id] = summary.import_id
            elif event.kind == "undo":
                store.undo_import(con, imports[p["import_event"]], who=event.who, now=event.happened_at)
            elif event.kind == "remove_example":
                summary = store.remove_example_data(con, who=event.who)
                imports[event.event_id] = summary.import_id
            else:
                _replay_edit(con, event)
        except PanelError as exc:
            raise ReplayFailed(f"Händelse {event.event_id} («{event.summary}», {event.happened_at:%Y-%m-%d %H:%M}) "
                               f"kunde inte spelas upp: {exc.message} Den gamla databasen är oförändrad.") from exc
        except KeyError as exc:
            raise ReplayFailed(f"Händelse {event.event_id} («{event.summary}») hänvisar till något som saknas "
                               f"({exc}). Den gamla databasen är oförändrad.") from exc
    return len(events)


def _replay_edit(con: duckdb.DuckDBPyConnection, event: Event) -> None:
    from . import store

    p = event.payload
    with store.transaction(con) as cur:
        if event.kind == "mapping":
            store._set_mappings(cur, p["changes"], event.who)  # noqa: SLF001 - same transaction
        elif event.kind == "group":
            store._save_group_event(cur, p["group_id"], p["name"], p["members"], p.get("description"), event.who)  # noqa: SLF001
        elif event.kind == "group_delete":
            store._delete_group(cur, p["group_id"], event.who)  # noqa: SLF001
        elif event.kind == "recipe":
            store._save_recipe(cur, p["name"], p["header_key"], p["spec"], event.who)  # noqa: SLF001
        elif event.kind == "text":
            store._save_report_text(cur, p["round"], p["section"], p["text"], event.who)  # noqa: SLF001
        else:
            return
        cur.execute("UPDATE events SET happened_at = ? WHERE event_id = (SELECT max(event_id) FROM events)",
                    [event.happened_at])


# ----------------------------------------------------------------------------- upgrade from version 1

_MEASURE_HEADER = ["Id", "Åtgärd", "Utvecklingsområde", "Område", "Ansvarig", "Beskrivning", "Finansiering och tid",
                   "Plan", "Uppföljningsår", "Status", "Kommentar", "Beslut inför nästa år"]


def _csv(rows: list[list[object]], example: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if example:
        writer.writerow([EXAMPLE_MARKER_LINE])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def reconstruct_archive(con: duckdb.DuckDBPyConnection) -> int:
    """Write the archive entries a version-1 store never kept: each user import's rows (current
    and later replaced), as a file the loaders read. Returns how many were written."""
    from . import store

    cur = con.cursor()
    try:
        imports = cur.execute("""
            SELECT i.import_id, i.file_name, i.checksum, i.kind, i.example, i.undone_at, i.event_id FROM imports i
            WHERE coalesce(i.imported_by, '') <> ? AND i.kind <> 'rensa_exempel'
              AND NOT EXISTS (SELECT 1 FROM archive a WHERE a.checksum = i.checksum)""", [BUNDLED]).fetchall()
    finally:
        cur.close()
    written = 0
    for import_id, file_name, checksum, kind, example, undone_at, event_id in imports:
        data, new_kind = _reconstruct(con, import_id, kind, bool(example))
        with store.transaction(con) as cur:
            if data is None or undone_at is not None:
                # an undone import's rows left the store with the undo: nothing to replay, nor its undo
                cur.execute("UPDATE events SET replayable = FALSE WHERE import_id = ? AND kind IN ('import', 'undo')",
                            [import_id])
                continue
            key = f"rekonstruerad-{import_id}-{checksum}"
            name = f"{Path(file_name).stem} (återskapad vid uppgradering).csv"
            store.archive_file(cur, key, name, data, reconstructed=True)
            cur.execute("UPDATE events SET payload = ? WHERE event_id = ?",
                        [json.dumps({"kind": new_kind, "checksum": key, "file_name": name,
                                     "original_file_name": file_name, "reconstructed": True}, ensure_ascii=False),
                         event_id])
            written += 1
    return written


def _reconstruct(con: duckdb.DuckDBPyConnection, import_id: int, kind: str, example: bool) -> tuple[bytes | None, str]:
    cur = con.cursor()
    try:
        if kind == "atgarder":
            rows = cur.execute("""
                WITH f AS (SELECT * FROM measure_followups WHERE import_id = ?
                           UNION ALL SELECT * EXCLUDE (replaced_by) FROM superseded_followups WHERE import_id = ?)
                SELECT f.measure_id, m.title, m.development_area, m.area_text, m.responsible, m.description,
                       m.funding, m.plan, f.round, f.status, f.comment, f.decision_text
                FROM f JOIN measures m USING (measure_id) ORDER BY f.round, f.measure_id""",
                               [import_id, import_id]).fetchall()
            if not rows:
                return None, kind
            body = [[r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7] or "", r[8],
                     str(r[9]).capitalize(), r[10] or "", r[11] or ""] for r in rows]
            return _csv([_MEASURE_HEADER, *body], example), "atgarder"
        rows = cur.execute("""
            SELECT indicator_id, area_code, year, sex, value, flag, numerator, denominator, comment
            FROM (SELECT * EXCLUDE (source) FROM observations WHERE import_id = ?
                  UNION ALL SELECT * EXCLUDE (replaced_by, source) FROM superseded_observations WHERE import_id = ?)
            ORDER BY ALL""", [import_id, import_id]).fetchall()
    finally:
        cur.close()
    if not rows:
        return None, kind
    header = ["indicator_id", "area_code", "year", "sex", "value", "flag", "numerator", "denominator", "comment"]
    body = [[r[0], r[1], r[2], r[3], _number(r[4]), r[5] or "", _number(r[6]), _number(r[7]), r[8] or ""] for r in rows]
    return _csv([header, *body], example), "mall"
