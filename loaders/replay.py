"""Everything users did to a store, read back and replayed in order into a new one.

The store is the kommun's memory, so building it anew must never throw away what users
imported. ``read_history`` reads the old store's history (every archived import and every
event); ``replay`` applies it to the new store in its original order (same who, same time).
If any step cannot be replayed, ``ReplayFailed`` names it, and ``loaders.build`` leaves the
old store as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from . import districts, store
from .errors import PanelError
from .importer import import_bytes
from .store import BUNDLED

Progress = Callable[[int, int, str], None]


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


def replay(con: duckdb.DuckDBPyConnection, history: History, progress: Progress | None = None) -> int:
    """Apply every event of ``history`` to ``con``, in order; ReplayFailed names the first that fails."""
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
        elif event.kind == districts.KIND:
            districts.replay(cur, p, event.who)
        else:
            return
        cur.execute("UPDATE events SET happened_at = ? WHERE event_id = (SELECT max(event_id) FROM events)",
                    [event.happened_at])
