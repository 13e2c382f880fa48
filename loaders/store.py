"""The DuckDB store: opening it safely, reference data, all-or-nothing writes, what it holds.

Every write happens in one transaction: either all of a file's rows are in the store or none
are. Rows an import replaces are kept in ``superseded_*`` tables with the id of the import that
replaced them, so that nothing a user imported is ever lost and an import can be undone
exactly. Every import keeps its original file in the archive and every user action is an
event, so ``python -m loaders build`` can replay them (``loaders.replay``).

Opening a store checks its schema version: an older store is backed up (``loaders.copies``)
and upgraded in one transaction, a newer one is refused, a damaged one gives a Swedish message
that points to the latest backup.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from . import geography, locks, schema
from .copies import backup_open, latest_backup
from .domain import DESO, DISTRICT, KOMMUN, REGSO, RIKET_CODE, STATUSES
from .errors import PanelError, StoreBusy, UndoRefused
from .model import MEASURE_TEXT_FIELDS, OBSERVATION_COLUMNS, OPTIONAL_OBSERVATION_FIELDS, Batch, Reference
from .reconstruct import reconstructed_file
from .values import name_key

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DB_ENV = "INDIKATORPANEL_DB"
TABLES = schema.TABLES
DEFAULT_HOME = "0580"
BUNDLED = "build"  # who the imports of data/'s bundled files are recorded as: a build makes them anew


class StoreDamaged(PanelError):
    """The store file cannot be read: damaged, truncated, not a store, or from a newer release."""

    title = "Databasen kan inte öppnas"


class WriteFailed(PanelError):
    """Writing failed half-way (a full disk, a file-size limit); the transaction was rolled back."""

    title = "Det gick inte att skriva till databasen"


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DATA_DIR / "indikatorpanel.duckdb")


def _damaged(path: Path, exc: BaseException) -> StoreDamaged:
    latest = latest_backup(path)
    hint = (f" Den senaste säkerhetskopian är «{latest}»; återställ den med "
            f"`python -m loaders restore {latest}`." if latest else
            " Det finns ingen säkerhetskopia; bygg en ny databas med `python -m loaders build`.")
    return StoreDamaged(f"Databasfilen «{path.name}» kan inte läsas – den verkar skadad eller är ingen "
                        f"databas för Indikatorpanelen ({type(exc).__name__}).{hint}")


def connect(path: Path | str | None = None, *, read_only: bool = False, migrate: bool = True,
            lock: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the store; a lock held by another program, a damaged file or a store from a newer
    release become Swedish messages. An older store is upgraded (after a backup) unless
    ``migrate`` is False. ``lock=False`` is for a caller that holds the store exclusively."""
    path = Path(path) if path is not None else default_db_path()
    use = locks.hold_for_use(path) if lock else None  # momentary: nobody may replace the file meanwhile
    try:
        con = _open(path, read_only)
        try:
            ensure_schema(con, path, migrate=migrate and not read_only)
        except BaseException:
            con.close()
            raise
    finally:
        if use is not None:
            use.release()
    return con


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path.exists() and path.stat().st_size and not _looks_like_duckdb(path):
        raise _damaged(path, ValueError("no DuckDB header"))
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc).lower()
        if "lock" in text or "conflicting" in text:
            raise StoreBusy(f"Databasen «{path.name}» används av ett annat program (till exempel appen). "
                            "Stäng det, eller importera och säkerhetskopiera via appens datasida. Inget har "
                            "ändrats.") from None
        raise _damaged(path, exc) from None
    except (duckdb.Error, RuntimeError) as exc:
        raise _damaged(path, exc) from None


def _looks_like_duckdb(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(16)
    return len(head) >= 12 and head[8:12] == b"DUCK"


def ensure_schema(con: duckdb.DuckDBPyConnection, path: Path | None = None, *, migrate: bool = True) -> None:
    """Create the tables of a new store, or upgrade an older one (backup first), or refuse a newer."""
    try:
        version = schema.stored_version(con)
    except duckdb.Error as exc:
        raise _damaged(path or Path("?"), exc) from None
    if version == schema.SCHEMA_VERSION:
        if migrate:  # views follow the code (cheap, and never hold data)
            cur = con.cursor()
            try:
                cur.execute(schema.VIEWS_DDL)
            except duckdb.Error:
                pass  # a read-only connection keeps the views it has
            finally:
                cur.close()
        return
    if version > schema.SCHEMA_VERSION:
        raise StoreDamaged(f"Databasen har schemaversion {version}, men den här versionen av Indikatorpanelen "
                           f"känner bara till version {schema.SCHEMA_VERSION}. Uppdatera programmet; "
                           "databasen har inte ändrats.")
    if version == 0:
        with transaction(con) as cur:
            schema.create(cur)
        return
    if not migrate:
        raise StoreDamaged(f"Databasen har den äldre schemaversionen {version} och behöver uppgraderas; öppna "
                           "den utan skrivskydd (appen eller `python -m loaders status` gör det).")
    if path is not None and path.exists():
        backup_open(con, path, reason=f"fore-uppgradering-v{version}")
    with transaction(con) as cur:
        schema.migrate(cur, version)
        log_event(cur, "migration", f"Databasen uppgraderad från schemaversion {version} till "
                  f"{schema.SCHEMA_VERSION}", {"from": version, "to": schema.SCHEMA_VERSION}, who="system",
                  replayable=False)
    reconstruct_archive(con)


def reconstruct_archive(con: duckdb.DuckDBPyConnection) -> int:
    """Write the archive entries a version-1 store never kept, so that a build can replay its
    users' imports too: each import's rows (current and later replaced) as a file the loaders
    read (``loaders.reconstruct``). Returns how many were written."""
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
        data, new_kind = reconstructed_file(con, import_id, kind, bool(example))
        with transaction(con) as cur:
            if data is None or undone_at is not None:
                # an undone import's rows left the store with the undo: nothing to replay, nor its undo
                cur.execute("UPDATE events SET replayable = FALSE WHERE import_id = ? AND kind IN ('import', 'undo')",
                            [import_id])
                continue
            key = f"rekonstruerad-{import_id}-{checksum}"
            name = f"{Path(file_name).stem} (återskapad vid uppgradering).csv"
            archive_file(cur, key, name, data, reconstructed=True)
            cur.execute("UPDATE events SET payload = ? WHERE event_id = ?",
                        [json.dumps({"kind": new_kind, "checksum": key, "file_name": name,
                                     "original_file_name": file_name, "reconstructed": True}, ensure_ascii=False),
                         event_id])
            written += 1
    return written


# ---------------------------------------------------------------- writing, one at a time

# One writer at a time inside a process: Streamlit runs every session in its own thread, and
# two editors importing at once must queue, not interleave. Other processes are kept out by
# DuckDB's file lock, and a backup's copy by the write lock file (loaders.locks).
WRITE_LOCK = threading.Lock()
WRITE_WAIT_SECONDS = 30
_PATHS: dict[int, Path | None] = {}


def store_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file the connection has open (None for an in-memory store)."""
    key = id(con)
    if key not in _PATHS:
        cur = con.cursor()
        try:
            row = cur.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
        finally:
            cur.close()
        _PATHS[key] = Path(row[0]) if row and row[0] else None
    return _PATHS[key]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One all-or-nothing unit of work on a fresh cursor, one writer at a time, checkpointed
    at the end so the file on disk is whole between writes (a backup may copy it then)."""
    if not WRITE_LOCK.acquire(timeout=WRITE_WAIT_SECONDS):
        raise StoreBusy("En annan import eller ångring pågår just nu. Försök igen om en liten stund; "
                        "inget har ändrats.")
    try:
        path = store_path(con)
        with (locks.writing(path) if path else _nothing()):
            with _transaction(con) as cur:
                yield cur
            _checkpoint(con)
    finally:
        WRITE_LOCK.release()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException as exc:
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:
            pass  # a failed write may already have ended the transaction
        if isinstance(exc, (duckdb.IOException, OSError)) and not isinstance(exc, PanelError):
            raise WriteFailed("Skrivningen avbröts (disken kan vara full eller filen får inte bli större). "
                              f"Inget har ändrats. ({type(exc).__name__})") from exc
        raise
    else:
        try:
            cur.execute("COMMIT")
        except (duckdb.IOException, OSError) as exc:
            raise WriteFailed("Skrivningen avbröts (disken kan vara full eller filen får inte bli större). "
                              f"Inget har ändrats. ({type(exc).__name__})") from exc
    finally:
        cur.close()


def _checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    cur = con.cursor()
    try:
        cur.execute("CHECKPOINT")
    except duckdb.Error:
        pass  # the data is committed (in the WAL); the next write checkpoints it
    finally:
        cur.close()


def log_event(cur: duckdb.DuckDBPyConnection, kind: str, summary: str, payload: dict, *, who: str | None,
              import_id: int | None = None, values_count: int = 0, replayable: bool = True,
              now: dt.datetime | None = None) -> int:
    """One line of the audit trail (inside the caller's transaction); returns its id."""
    event_id = cur.execute("SELECT coalesce(max(event_id), 0) + 1 FROM events").fetchone()[0]
    cur.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        event_id, now or _now(), who, kind, summary, json.dumps(payload, ensure_ascii=False), import_id,
        int(values_count), replayable])
    return int(event_id)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# ---------------------------------------------------------------- reference data

def _read_semicolon_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def bundled_settings(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """data/installningar.csv as a dict (what ``build`` writes into a new store's settings)."""
    return _settings(data_dir)


def _settings(data_dir: Path) -> dict[str, str]:
    path = data_dir / "installningar.csv"
    rows = _read_semicolon_csv(path) if path.exists() else []
    out = {r["nyckel"].strip(): r["varde"].strip() for r in rows}
    out.setdefault("hemkommun", DEFAULT_HOME)
    return out


def load_reference_files(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR, *, home: str | None = None,
                         home_name: str | None = None) -> None:
    """(Re)load settings, areas (all of Sweden and the home kommun's districts), the indicator
    catalogue, schools, population, Kolada KPI links and comparison groups from data/.

    What imports added (indicators, areas, mappings, groups an editor made) is kept. With
    ``home`` another kommun than data/'s (``python -m loaders init``), only what belongs to no
    kommun is read (Sweden's areas, the catalogue, Kolada's KPI links, riket's population):
    data/'s districts, schools, RegSO mapping and comparison groups are its home kommun's.
    """
    settings = _settings(data_dir)
    foreign = home is not None and home != settings["hemkommun"]
    if foreign:
        settings = {"hemkommun": home}
    with transaction(con) as cur:
        for key, value in settings.items():
            cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])
        _load_areas(cur, data_dir, settings["hemkommun"], local=not foreign)
        if foreign and home_name:
            cur.execute("UPDATE areas SET name = ? WHERE code = ?", [home_name, home])
            cur.execute("INSERT INTO area_names VALUES (?, ?)", [home_name, home])
        home_name = cur.execute("SELECT name FROM areas WHERE code = ?", [settings["hemkommun"]]).fetchone()[0]
        _load_indicators(cur, data_dir, home_name)
        cur.execute("DELETE FROM population")
        path = data_dir / "befolkning_exempel.csv"
        if path.exists():
            cur.executemany("INSERT INTO population VALUES (?, ?, ?)", [
                [r["omrade"], int(r["ar"]), float(r["folkmangd"])] for r in _read_semicolon_csv(path)
                if not foreign or r["omrade"] == RIKET_CODE])
        if not foreign:
            _load_schools(cur, data_dir)
            _load_subareas(cur, data_dir)
            _load_groups(cur, data_dir)


def _load_areas(cur: duckdb.DuckDBPyConnection, data_dir: Path, home: str, *, local: bool = True) -> None:
    """Sweden's areas, then data/omraden.csv (districts, and names that override SCB's) unless
    the store is for another kommun than data/'s (``local=False``)."""
    cur.execute("DELETE FROM areas WHERE added_by_import IS NULL AND level <> 'skola'")
    cur.execute("DELETE FROM area_names WHERE code NOT IN (SELECT code FROM areas)")
    rows: dict[str, list] = {}
    names: list[tuple[str, str]] = []
    local = _read_semicolon_csv(data_dir / "omraden.csv") if local else []
    for order, row in enumerate(local):
        rows[row["kod"]] = [row["kod"], row["namn"], row["niva"], row["overordnad"] or None,
                            row["prioriterat"].strip().lower() == "ja", order]
        names += [(v.strip(), row["kod"]) for v in [row["namn"], *(row["namnvarianter"] or "").split("|")] if v.strip()]
    for order, area in enumerate(geography.sweden(), start=len(local)):
        if area.code not in rows:
            rows[area.code] = [area.code, area.name, area.level, area.parent, False, order]
        names += [(area.name, area.code)] + [(v, area.code) for v in area.variants]
    existing = {r[0] for r in cur.execute("SELECT code FROM areas").fetchall()}
    cur.executemany("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, NULL)", [r for c, r in rows.items() if c not in existing])
    for code, row in rows.items():
        if code in existing:
            cur.execute("UPDATE areas SET name = ?, level = ?, parent = ?, priority = ?, sort_order = ? "
                        "WHERE code = ?", [row[1], row[2], row[3], row[4], row[5], code])
    cur.execute("DELETE FROM area_names WHERE code IN (SELECT code FROM areas WHERE added_by_import IS NULL)")
    cur.executemany("INSERT INTO area_names VALUES (?, ?)", [list(n) for n in dict.fromkeys(names)])
    if home not in rows:
        raise PanelError(f"Hemkommunen «{home}» i data/installningar.csv finns inte bland Sveriges kommuner.")


def _load_indicators(cur: duckdb.DuckDBPyConnection, data_dir: Path, home_name: str) -> None:
    """The catalogue; a source the home kommun produces is written «{hemkommun}, …» in data/."""
    cur.execute("DELETE FROM indicators WHERE added_by_import IS NULL")
    for row in _read_semicolon_csv(data_dir / "indikatorer.csv"):
        cur.execute("INSERT OR REPLACE INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", [
            row["id"], row["namn"], row["enhet"], int(row["decimaler"]), row["riktning"],
            int(row["utvecklingsomrade"]) if row["utvecklingsomrade"] else None,
            row["kalla"].replace("{hemkommun}", home_name), row["definition"]])
    cur.execute("DELETE FROM kolada_kpis")
    path = data_dir / "kolada_kpi.csv"
    if path.exists():
        cur.executemany("INSERT INTO kolada_kpis VALUES (?, ?, ?, ?)",
                        [[r["kpi"].strip(), r["indikator"].strip(), float(r.get("faktor") or 1),
                          (r.get("kpi_titel") or "").strip() or None] for r in _read_semicolon_csv(path)])


def _load_schools(cur: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Schools the bundled files name, as school areas mapped to their districts (a mapping an
    editor changed later is an event, replayed after this)."""
    path = data_dir / "skolor_exempel.csv"
    if not path.exists():
        return
    parents = dict(cur.execute("SELECT code, parent FROM areas WHERE level = ?", [DISTRICT]).fetchall())
    for r in _read_semicolon_csv(path):
        code = "skola:" + r["skolenhetskod"].strip()
        cur.execute("INSERT OR REPLACE INTO areas VALUES (?, ?, 'skola', ?, FALSE, 100000, NULL)",
                    [code, r["skola"], parents.get(r["omrade"])])
        cur.execute("INSERT OR REPLACE INTO area_mappings VALUES (?, ?, NULL)", [code, r["omrade"]])


def _load_subareas(cur: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """SCB's RegSO/DeSO areas that make up a district (data/stadsdelar_regso.csv), as areas
    mapped to their districts: values fetched from SCB for them become district values. A
    mapping an editor changed later is an event, replayed after this."""
    path = data_dir / "stadsdelar_regso.csv"
    if not path.exists():
        return
    for r in _read_semicolon_csv(path):
        code = r["kod"].strip()
        level = REGSO if code[4:5] == "R" else DESO
        cur.execute("INSERT INTO areas VALUES (?, ?, ?, ?, FALSE, 100000, NULL) ON CONFLICT DO NOTHING",
                    [code, r["namn"].strip(), level, code[:4]])
        cur.execute("INSERT OR REPLACE INTO area_mappings VALUES (?, ?, NULL)", [code, r["stadsdel"].strip()])


def _load_groups(cur: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Bundled comparison groups (an editor's changes are events, replayed after this)."""
    path = data_dir / "jamforelsegrupper.csv"
    if not path.exists():
        return
    groups: dict[str, dict] = {}
    for r in _read_semicolon_csv(path):
        group = groups.setdefault(r["grupp_id"], {"name": r["grupp"], "description": r["beskrivning"],
                                                  "source": r["kalla"], "members": []})
        group["members"].append(r["kommun_kod"].strip().zfill(4))
    for order, (group_id, group) in enumerate(groups.items()):
        _save_group(cur, group_id, group["name"], group["members"], group["description"], group["source"], order)


def _save_group(cur, group_id: str, name: str, members: Sequence[str], description: str | None,
                source: str | None, order: int | None = None) -> None:
    if order is None:
        row = cur.execute("SELECT sort_order FROM comparison_groups WHERE group_id = ?", [group_id]).fetchone()
        order = row[0] if row else cur.execute("SELECT coalesce(max(sort_order), -1) + 1 FROM comparison_groups").fetchone()[0]
    cur.execute("INSERT OR REPLACE INTO comparison_groups VALUES (?, ?, ?, ?, ?)",
                [group_id, name, description, source, order])
    cur.execute("DELETE FROM comparison_group_members WHERE group_id = ?", [group_id])
    cur.executemany("INSERT INTO comparison_group_members VALUES (?, ?)", [[group_id, m] for m in dict.fromkeys(members)])


def setting_in(cur, key: str) -> str | None:
    """A setting read inside a transaction (None when unset)."""
    row = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _restore_settings(cur, import_id: int) -> None:
    """Undo of an import that renamed settings: the earlier values back (unset ones removed)."""
    row = cur.execute("SELECT options FROM imports WHERE import_id = ?", [import_id]).fetchone()
    previous = json.loads(row[0]).get("previous_settings", {}) if row and row[0] else {}
    for key, value in previous.items():
        if value is None:
            cur.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])


def setting(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    finally:
        cur.close()
    return row[0] if row else default


def reference(con: duckdb.DuckDBPyConnection) -> Reference:
    cur = con.cursor()
    try:
        return Reference(
            areas=cur.sql("SELECT code, name, level, parent, priority FROM areas ORDER BY sort_order").df(),
            area_names=[tuple(r) for r in cur.sql(
                "SELECT n.variant, n.code FROM area_names n JOIN areas a USING (code) "
                "ORDER BY CASE a.level WHEN 'omrade' THEN 0 WHEN 'kommun' THEN 1 WHEN 'riket' THEN 2 "
                "WHEN 'lan' THEN 3 ELSE 4 END, a.sort_order").fetchall()],
            indicators=cur.sql(
                "SELECT indicator_id, name, unit, decimals, direction, development_area, source, "
                "definition FROM indicators ORDER BY indicator_id").df(),
            population=cur.sql("SELECT area_code, year, population FROM population").df(),
            mappings=cur.sql("SELECT area_code, district FROM area_mappings").df(),
            home=setting(con, "hemkommun", DEFAULT_HOME) or DEFAULT_HOME,
            kolada={k: (i, f) for k, i, f in cur.sql("SELECT kpi, indicator_id, factor FROM kolada_kpis").fetchall()},
            kolada_titles={name_key(t): k for k, t in cur.sql(
                "SELECT kpi, title FROM kolada_kpis WHERE title IS NOT NULL").fetchall()},
            measures=cur.sql("SELECT measure_id, title FROM measures").df(),
            recipes={h: (n, json.loads(spec)) for n, h, spec in cur.sql(
                "SELECT name, header_key, spec FROM recipes ORDER BY created_at").fetchall()},
        )
    finally:
        cur.close()


# ---------------------------------------------------------------- writing imports

@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    file_name: str
    kind: str
    added: int
    replaced: int
    unchanged: int
    removed_example: int = 0
    notes: tuple[str, ...] = field(default=())

    def line(self) -> str:
        return (f"«{self.file_name}» importerad (import {self.import_id}): tillagda {self.added}, "
                f"ersatta {self.replaced}, oförändrade {self.unchanged}.")

    def more(self) -> list[str]:
        """What else the user should know: example values taken out, rows left out on purpose."""
        out = list(self.notes)
        if self.removed_example:
            out.append(f"{self.removed_example} exempelvärden för samma indikatorer togs bort (de kommer tillbaka "
                       "om importen ångras).")
        return out


_OBS_KEY = "indicator_id, area_code, year, sex"
_SAME_OBS = ("o.value IS NOT DISTINCT FROM b.value AND o.flag IS NOT DISTINCT FROM b.flag "
             "AND o.numerator IS NOT DISTINCT FROM b.numerator "
             "AND o.denominator IS NOT DISTINCT FROM b.denominator")
_SAME_FOLLOWUP = ("o.status = b.status AND o.comment IS NOT DISTINCT FROM b.comment "
                  "AND o.decision_text IS NOT DISTINCT FROM b.decision_text")


def archive_file(cur: duckdb.DuckDBPyConnection, checksum: str, file_name: str, data: bytes, *,
                 reconstructed: bool = False) -> None:
    cur.execute("INSERT INTO archive SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM archive WHERE checksum = ?)",
                [checksum, file_name, len(data), data, _now(), reconstructed, checksum])


def drop_computed(con: duckdb.DuckDBPyConnection, batch: Batch) -> Batch:
    """Leave out the rows a panel's own export marks as computed (``derived``) where this store
    computes the same value itself from its schools or RegSO/DeSO: read back as stored values
    they would no longer follow the mapping. A store that does not compute them takes them as
    values. One note says how many were left out."""
    obs = batch.observations
    if "derived" not in obs.columns:
        return batch
    marked = obs["derived"].fillna(False).astype(bool)
    computed: set[tuple] = set()
    if marked.any():
        cur = con.cursor()
        try:
            cur.register("marked_input", obs.loc[marked, ["indicator_id", "area_code", "year", "sex"]])
            computed = set(cur.execute(f"SELECT {_OBS_KEY} FROM marked_input SEMI JOIN derived_observations "
                                       f"USING ({_OBS_KEY})").fetchall())
            cur.unregister("marked_input")
        finally:
            cur.close()
    keys = zip(obs["indicator_id"], obs["area_code"], obs["year"].astype(int), obs["sex"], strict=True)
    drop = marked & pd.Series([key in computed for key in keys], index=obs.index)
    batch.observations = obs[~drop].drop(columns="derived").reset_index(drop=True)
    if drop.any():
        batch.notes.append(f"{int(drop.sum())} stadsdelsvärden som exporten räknat fram (derived = true) lästes inte "
                           "in: databasen räknar fram dem själv ur skolornas och delområdenas värden.")
    return batch


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch, *, who: str | None = None,
                now: dt.datetime | None = None, data: bytes | None = None,
                options: dict | None = None) -> ImportSummary:
    """Write one file's rows in a single transaction.

    Earlier rows with the same keys move to the superseded tables, so a re-import replaces
    instead of duplicating. Real values for an indicator remove its example values (kept in
    the superseded table, so undoing the import brings them back). ``data`` is the original
    file: it goes to the archive, and an event records who imported it how, so ``build`` can
    replay it.
    """
    return write_batches(con, [(batch, data, options)], who=who, now=now)[0]


def write_batches(con: duckdb.DuckDBPyConnection, items: Sequence[tuple[Batch, bytes | None, dict | None]], *,
                  who: str | None = None, now: dt.datetime | None = None) -> list[ImportSummary]:
    """Several imports (a refresh of every stored fetch) in ONE transaction: all or nothing.
    Each stays an import of its own in the log, undone like any other."""
    now = now or _now()
    with transaction(con) as cur:
        return [_write_batch(cur, batch, who=who, now=now, data=data, options=options)
                for batch, data, options in items]


def _write_batch(cur, batch: Batch, *, who: str | None, now: dt.datetime, data: bytes | None,
                 options: dict | None) -> ImportSummary:
    import_id = cur.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()[0]
    options = {k: v for k, v in (options or {}).items() if v is not None}
    if batch.settings:  # what the file renames (a plan's development areas), and what undo puts back
        options["previous_settings"] = {k: setting_in(cur, k) for k in batch.settings}
        cur.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", [list(kv) for kv in batch.settings.items()])
    if data is not None:
        archive_file(cur, batch.checksum, batch.file_name, data)
    event_id = log_event(cur, "import", f"Import av «{batch.file_name}» ({batch.kind})",
                         {"kind": batch.kind, "checksum": batch.checksum, "file_name": batch.file_name,
                          **options}, who=who, import_id=import_id, values_count=batch.row_count,
                         replayable=data is not None, now=now)
    cur.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, NULL, NULL, ?, ?)", [
        import_id, batch.file_name, batch.checksum, batch.kind, batch.row_count, batch.example,
        who, now, event_id, json.dumps(options, ensure_ascii=False)])
    _write_indicators(cur, batch, import_id)
    _write_areas(cur, batch, import_id)
    added, replaced, unchanged, removed = _write_observations(cur, batch, import_id)
    _write_measures(cur, batch, import_id)
    a, r, u = _write_followups(cur, batch, import_id)
    added, replaced, unchanged = added + a, replaced + r, unchanged + u
    if len(batch.shapes):
        cur.register("batch_shapes", batch.shapes)
        cur.execute("INSERT OR REPLACE INTO area_shapes SELECT area_code, geometry, ? FROM batch_shapes", [import_id])
        cur.unregister("batch_shapes")
        added += len(batch.shapes)
    cur.execute("UPDATE imports SET added = ?, replaced = ?, unchanged = ? WHERE import_id = ?",
                [added, replaced, unchanged, import_id])
    return ImportSummary(import_id, batch.file_name, batch.kind, added, replaced, unchanged, removed,
                         tuple(batch.notes))


def _write_indicators(cur, batch: Batch, import_id: int) -> None:
    for row in batch.indicators.itertuples(index=False):
        cur.execute(
            "INSERT INTO indicators SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM indicators WHERE indicator_id = ?)",
            [row.indicator_id, row.name, row.unit, int(row.decimals), row.direction,
             None if pd.isna(row.development_area) else int(row.development_area),
             row.source, row.definition, import_id, row.indicator_id])


def _write_areas(cur, batch: Batch, import_id: int) -> None:
    """Areas the file brings (schools, RegSO, DeSO) that the store does not have yet."""
    if not len(batch.areas):
        return
    cur.register("batch_areas", batch.areas)
    cur.execute("""
        INSERT INTO areas SELECT b.code, b.name, b.level, b.parent, FALSE,
               200000 + row_number() OVER (), ?
        FROM batch_areas b WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = b.code)""", [import_id])
    cur.execute("INSERT INTO area_names SELECT b.name, b.code FROM batch_areas b "
                "WHERE NOT EXISTS (SELECT 1 FROM area_names n WHERE n.code = b.code AND n.variant = b.name)")
    cur.unregister("batch_areas")


def _write_observations(cur, batch: Batch, import_id: int) -> tuple[int, int, int, int]:
    """Observations in, earlier rows with the same keys to superseded. Returns
    (added, replaced, unchanged, example values removed).

    A first import of new keys (the common case, and the bulk of a large file) goes straight
    from the frame into the table; only when the file overlaps what the store holds is it
    staged, so the overlapping rows can be compared, carried over and superseded.
    """
    if not len(batch.observations):
        return 0, 0, 0, 0
    obs = batch.observations[OBSERVATION_COLUMNS].copy()
    # a row may name its own source (a value the panel converted); the others the file's
    obs["source"] = (batch.observations["source"].fillna(batch.source).astype(object)
                     if "source" in batch.observations else batch.source)
    indicators = [str(i) for i in pd.unique(obs["indicator_id"])]
    cur.register("batch_input", obs)
    overlap = cur.execute(f"SELECT count(*) FROM observations o SEMI JOIN batch_input b USING ({_OBS_KEY}) "
                          "WHERE list_contains(?, o.indicator_id)", [indicators]).fetchone()[0]
    source = "batch_input"
    replaced = unchanged = 0
    if overlap:
        cur.execute("CREATE OR REPLACE TEMP TABLE batch_obs AS SELECT * FROM batch_input")
        source = "batch_obs"
        # A field the file does not carry (no column, or an empty one) keeps what the store holds
        # for an unchanged value; counts that described an old value go with it to superseded.
        for column in OPTIONAL_OBSERVATION_FIELDS:
            if column not in batch.carried:
                cur.execute(f"""UPDATE batch_obs SET {column} = o.{column} FROM observations o
                                WHERE o.indicator_id = batch_obs.indicator_id AND o.area_code = batch_obs.area_code
                                  AND o.year = batch_obs.year AND o.sex = batch_obs.sex
                                  AND o.value IS NOT DISTINCT FROM batch_obs.value
                                  AND o.flag IS NOT DISTINCT FROM batch_obs.flag""")
        replaced, unchanged = cur.execute(
            f"SELECT count(*) FILTER (WHERE NOT ({_SAME_OBS})), count(*) FILTER (WHERE {_SAME_OBS}) "
            f"FROM observations o JOIN batch_obs b USING ({_OBS_KEY})").fetchone()
    added = len(obs) - replaced - unchanged
    removed = 0
    if not batch.example:  # real values push out the example values of the same indicators
        removed = cur.execute(
            f"SELECT count(*) FROM observations o WHERE example AND list_contains(?, o.indicator_id) "
            f"AND NOT EXISTS (SELECT 1 FROM {source} b WHERE b.indicator_id = o.indicator_id "
            "AND b.area_code = o.area_code AND b.year = o.year AND b.sex = o.sex)", [indicators]).fetchone()[0]
        cur.execute("INSERT INTO superseded_observations SELECT *, ? FROM observations WHERE example "
                    "AND list_contains(?, indicator_id)", [import_id, indicators])
        cur.execute("DELETE FROM observations WHERE example AND list_contains(?, indicator_id)", [indicators])
    if overlap:
        cur.execute(f"INSERT INTO superseded_observations SELECT o.*, ? FROM observations o "
                    f"SEMI JOIN batch_obs b USING ({_OBS_KEY})", [import_id])
        cur.execute(f"DELETE FROM observations WHERE ({_OBS_KEY}) IN (SELECT ({_OBS_KEY}) FROM batch_obs)")
    cur.execute(
        "INSERT INTO observations SELECT indicator_id, area_code, year, sex, value, flag, numerator, "
        f"denominator, comment, ?, source_sheet, source_row, source_column, ?, ?, source FROM {source}",
        [batch.file_name, import_id, batch.example])
    cur.unregister("batch_input")
    if overlap:
        cur.execute("DROP TABLE batch_obs")
    return added, replaced, unchanged, removed


def _write_measures(cur, batch: Batch, import_id: int) -> None:
    """Register fields the file carries replace the stored ones where the file has text; fields
    it does not carry, and empty cells, keep what is stored, so a follow-up round never blanks
    the register. A measure whose fields change keeps its old row in superseded_measures."""
    if not len(batch.measures):
        return
    cur.register("batch_measures", batch.measures)
    merged = ", ".join(
        f"coalesce(m.{f}, nullif(trim(b.{f}), '')) AS {f}" if f not in batch.measure_fields
        else f"coalesce(nullif(trim(b.{f}), ''), m.{f}) AS {f}" for f in MEASURE_TEXT_FIELDS)
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE merged_measures AS
        SELECT b.measure_id, {merged}, b.development_area,
               CASE WHEN nullif(trim(b.area_text), '') IS NULL OR {'area_text' not in batch.measure_fields}
                    THEN coalesce(m.districts, b.districts) ELSE b.districts END AS districts,
               CASE WHEN nullif(trim(b.responsible), '') IS NULL OR {'responsible' not in batch.measure_fields}
                    THEN coalesce(m.responsible_units, b.responsible_units) ELSE b.responsible_units END
                   AS responsible_units,
               m.measure_id IS NOT NULL AS existed
        FROM batch_measures b LEFT JOIN measures m USING (measure_id)""")
    cur.unregister("batch_measures")
    cur.execute("""
        CREATE OR REPLACE TEMP TABLE changed_measures AS
        SELECT n.measure_id FROM merged_measures n JOIN measures m USING (measure_id)
        WHERE n.plan IS DISTINCT FROM m.plan OR n.title IS DISTINCT FROM m.title
           OR n.description IS DISTINCT FROM m.description OR n.area_text IS DISTINCT FROM m.area_text
           OR n.responsible IS DISTINCT FROM m.responsible OR n.funding IS DISTINCT FROM m.funding
           OR n.development_area IS DISTINCT FROM m.development_area OR n.districts IS DISTINCT FROM m.districts
           OR n.responsible_units IS DISTINCT FROM m.responsible_units""")
    cur.execute("INSERT INTO superseded_measures SELECT m.*, ? FROM measures m SEMI JOIN changed_measures USING "
                "(measure_id)", [import_id])
    cur.execute("DELETE FROM measures WHERE measure_id IN (SELECT measure_id FROM changed_measures)")
    cur.execute("""
        INSERT INTO measures SELECT measure_id, plan, coalesce(title, ''), description, development_area, area_text,
               districts, responsible, responsible_units, funding, ?
        FROM merged_measures n
        WHERE NOT n.existed OR n.measure_id IN (SELECT measure_id FROM changed_measures)""", [import_id])
    cur.execute("DROP TABLE merged_measures")
    cur.execute("DROP TABLE changed_measures")


def _write_followups(cur, batch: Batch, import_id: int) -> tuple[int, int, int]:
    if not len(batch.followups):
        return 0, 0, 0
    cur.register("batch_followups", batch.followups)
    r, u = cur.execute(
        f"SELECT count(*) FILTER (WHERE NOT ({_SAME_FOLLOWUP})), count(*) FILTER (WHERE {_SAME_FOLLOWUP}) "
        "FROM measure_followups o JOIN batch_followups b USING (measure_id, round)").fetchone()
    cur.execute("INSERT INTO superseded_followups SELECT f.*, ? FROM measure_followups f "
                "SEMI JOIN batch_followups b USING (measure_id, round)", [import_id])
    cur.execute("DELETE FROM measure_followups WHERE (measure_id, round) IN "
                "(SELECT (measure_id, round) FROM batch_followups)")
    cur.execute(
        "INSERT INTO measure_followups SELECT measure_id, round, status, comment, decision, "
        "decision_text, ?, source_sheet, source_row, ? FROM batch_followups",
        [batch.file_name, import_id])
    cur.unregister("batch_followups")
    return len(batch.followups) - r - u, r, u


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int, *, who: str | None = None,
                now: dt.datetime | None = None) -> None:
    """Take an import back: remove its rows and restore exactly the rows it replaced.

    Refused when a later import changed the same values, because restoring then would
    overwrite newer data; the message says which import to undo first.
    """
    now = now or _now()
    with transaction(con) as cur:
        row = cur.execute("SELECT file_name, undone_at, event_id, rows FROM imports WHERE import_id = ?",
                          [import_id]).fetchone()
        if row is None:
            raise UndoRefused(f"Import {import_id} finns inte.")
        if row[1] is not None:
            raise UndoRefused(f"Import {import_id} («{row[0]}») är redan ångrad.")
        later = cur.execute("""
            SELECT min(replaced_by) FROM (
                SELECT replaced_by FROM superseded_observations WHERE import_id = ?
                UNION ALL SELECT replaced_by FROM superseded_followups WHERE import_id = ?
                UNION ALL SELECT replaced_by FROM superseded_measures WHERE import_id = ?)""",
                            [import_id] * 3).fetchone()[0]
        if later is not None:
            raise UndoRefused(f"Import {import_id} («{row[0]}») kan inte ångras eftersom import {later} "
                              f"senare ändrade samma värden. Ångra import {later} först.")
        for table, superseded in (("observations", "superseded_observations"),
                                  ("measure_followups", "superseded_followups"),
                                  ("measures", "superseded_measures")):
            cur.execute(f"DELETE FROM {table} WHERE import_id = ?", [import_id])
            cur.execute(f"INSERT INTO {table} SELECT * EXCLUDE (replaced_by) FROM {superseded} "
                        "WHERE replaced_by = ?", [import_id])
            cur.execute(f"DELETE FROM {superseded} WHERE replaced_by = ?", [import_id])
        cur.execute("DELETE FROM area_shapes WHERE import_id = ?", [import_id])
        _restore_settings(cur, import_id)
        cur.execute("DELETE FROM indicators WHERE added_by_import = ? AND indicator_id NOT IN "
                    "(SELECT DISTINCT indicator_id FROM observations)", [import_id])
        cur.execute("DELETE FROM areas WHERE added_by_import = ? AND code NOT IN "
                    "(SELECT DISTINCT area_code FROM observations) AND code NOT IN (SELECT area_code FROM area_mappings)",
                    [import_id])
        cur.execute("UPDATE imports SET undone_at = ?, undone_by = ? WHERE import_id = ?", [now, who, import_id])
        log_event(cur, "undo", f"Ångrade import {import_id} («{row[0]}»)", {"import_event": row[2]}, who=who,
                  import_id=import_id, values_count=row[3], now=now)


# ---------------------------------------------------------------- what editors change

def set_mappings(con: duckdb.DuckDBPyConnection, changes: dict[str, str | None], *, who: str | None) -> int:
    """Map schools, RegSO or DeSO to districts (None removes a mapping); one event for all.
    District values follow at once from the stored values (view ``v_observations``)."""
    with transaction(con) as cur:
        return _set_mappings(cur, changes, who)


def _set_mappings(cur, changes: dict[str, str | None], who: str | None) -> int:
    known = {r[0] for r in cur.execute("SELECT code FROM areas").fetchall()}
    districts = {r[0] for r in cur.execute("SELECT code FROM areas WHERE level = ?", [DISTRICT]).fetchall()}
    for area, district in changes.items():
        if area not in known:
            raise PanelError(f"Området «{area}» finns inte i databasen.")
        if district is not None and district not in districts:
            raise PanelError(f"Stadsdelen «{district}» finns inte i områdeslistan.")
    previous = dict(cur.execute("SELECT area_code, district FROM area_mappings").fetchall())
    real = {a: d for a, d in changes.items() if previous.get(a) != d}
    event_id = log_event(cur, "mapping", f"Kopplade {len(real)} skolor/delområden till stadsdelar",
                         {"changes": real}, who=who, values_count=len(real))
    for area, district in real.items():
        cur.execute("INSERT INTO mapping_history VALUES (?, ?, ?, ?)", [event_id, area, district, previous.get(area)])
        cur.execute("DELETE FROM area_mappings WHERE area_code = ?", [area])
        if district is not None:
            cur.execute("INSERT INTO area_mappings VALUES (?, ?, ?)", [area, district, event_id])
    return event_id


def save_group(con: duckdb.DuckDBPyConnection, group_id: str, name: str, members: Sequence[str], *,
               description: str | None = None, who: str | None) -> int:
    """Create or change a comparison group (a named set of kommuner); one event."""
    with transaction(con) as cur:
        return _save_group_event(cur, group_id, name, list(members), description, who)


def _save_group_event(cur, group_id: str, name: str, members: list[str], description: str | None,
                      who: str | None) -> int:
    kommuner = {r[0] for r in cur.execute("SELECT code FROM areas WHERE level = ?", [KOMMUN]).fetchall()}
    unknown = [m for m in members if m not in kommuner]
    if unknown:
        raise PanelError(f"{', '.join(unknown)} är inga kommunkoder.")
    if not name.strip() or not members:
        raise PanelError("En jämförelsegrupp behöver ett namn och minst en kommun.")
    _save_group(cur, group_id, name.strip(), members, description, "Redaktör")
    return log_event(cur, "group", f"Jämförelsegruppen «{name.strip()}» sparad ({len(members)} kommuner)",
                     {"group_id": group_id, "name": name.strip(), "members": members, "description": description},
                     who=who, values_count=len(members))


def delete_group(con: duckdb.DuckDBPyConnection, group_id: str, *, who: str | None) -> int:
    with transaction(con) as cur:
        return _delete_group(cur, group_id, who)


def _delete_group(cur, group_id: str, who: str | None) -> int:
    row = cur.execute("SELECT name FROM comparison_groups WHERE group_id = ?", [group_id]).fetchone()
    if row is None:
        raise PanelError(f"Jämförelsegruppen «{group_id}» finns inte.")
    cur.execute("DELETE FROM comparison_group_members WHERE group_id = ?", [group_id])
    cur.execute("DELETE FROM comparison_groups WHERE group_id = ?", [group_id])
    return log_event(cur, "group_delete", f"Jämförelsegruppen «{row[0]}» borttagen", {"group_id": group_id}, who=who)


def save_recipe(con: duckdb.DuckDBPyConnection, name: str, header_key: str, spec: dict, *, who: str | None) -> int:
    with transaction(con) as cur:
        return _save_recipe(cur, name, header_key, spec, who)


def _save_recipe(cur, name: str, header_key: str, spec: dict, who: str | None) -> int:
    if not name.strip():
        raise PanelError("Receptet behöver ett namn.")
    cur.execute("INSERT OR REPLACE INTO recipes VALUES (?, ?, ?, ?, ?)",
                [name.strip(), header_key, json.dumps(spec, ensure_ascii=False), _now(), who])
    return log_event(cur, "recipe", f"Receptet «{name.strip()}» sparat",
                     {"name": name.strip(), "header_key": header_key, "spec": spec}, who=who)


def save_report_text(con: duckdb.DuckDBPyConnection, round_: int, section: str, text: str, *,
                     who: str | None) -> int:
    """A written part of the yearly report (introduction, one per utvecklingsområde), kept with history."""
    with transaction(con) as cur:
        return _save_report_text(cur, round_, section, text, who)


def _save_report_text(cur, round_: int, section: str, text: str, who: str | None) -> int:
    event_id = log_event(cur, "text", f"Rapporttext «{section}» för {round_} sparad",
                         {"round": int(round_), "section": section, "text": text}, who=who)
    cur.execute("INSERT INTO report_texts VALUES (?, ?, ?, ?, ?, ?)", [int(round_), section, text, event_id, _now(), who])
    return event_id


def remove_example_data(con: duckdb.DuckDBPyConnection, *, who: str | None) -> ImportSummary:
    """Take every example value out of the store, as one step that can be undone like an import."""
    now = _now()
    with transaction(con) as cur:
        n = cur.execute("SELECT count(*) FROM observations WHERE example").fetchone()[0]
        import_id = cur.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()[0]
        event_id = log_event(cur, "remove_example", f"Tog bort alla {n} exempelvärden", {}, who=who,
                             import_id=import_id, values_count=n, now=now)
        cur.execute("INSERT INTO imports VALUES (?, 'exempeldata borttagen', '-', 'rensa_exempel', ?, 0, ?, 0, "
                    "FALSE, ?, ?, NULL, NULL, ?, '{}')", [import_id, n, n, who, now, event_id])
        cur.execute("INSERT INTO superseded_observations SELECT *, ? FROM observations WHERE example", [import_id])
        cur.execute("DELETE FROM observations WHERE example")
    return ImportSummary(import_id, "exempeldata borttagen", "rensa_exempel", 0, n, 0)


# ---------------------------------------------------------------- reading what is held

def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int | None]]:
    """Row count and an order-independent hash of every table: equal means unchanged."""
    cur = con.cursor()
    try:
        return {t: cur.execute(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {t} t").fetchone() for t in TABLES}
    finally:
        cur.close()


def data_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int | None]]:
    """``table_checksums`` without the tables a write always touches for its own record
    (events, imports, archive): what a user would call the data."""
    skip = {"events", "imports", "archive", "settings"}
    return {t: v for t, v in table_checksums(con).items() if t not in skip}


def status(con: duckdb.DuckDBPyConnection) -> dict:
    """What the store holds, in the shape `python -m loaders status --json` prints."""
    cur = con.cursor()
    try:
        measures: dict[str, dict] = {}
        rows = cur.sql(
            "SELECT f.round, m.development_area, f.status, count(*) FROM measure_followups f "
            "JOIN measures m USING (measure_id) GROUP BY ALL ORDER BY ALL").fetchall()
        for round_, area, status_, n in rows:
            entry = measures.setdefault(str(round_), {
                "total": 0, "by_status": dict.fromkeys(STATUSES, 0), "by_area": {}})
            entry["total"] += n
            entry["by_status"][status_] = entry["by_status"].get(status_, 0) + n
            per_area = entry["by_area"].setdefault(str(area), dict.fromkeys(STATUSES, 0))
            per_area[status_] = per_area.get(status_, 0) + n
        for entry in measures.values():
            entry["by_area"] = dict(sorted(entry["by_area"].items()))
        indicators = [
            {"id": i, "name": name, "years": list(years or []), "areas": areas,
             "observations": n, "example": bool(example), "example_observations": int(example_n or 0)}
            for i, name, years, areas, n, example, example_n in cur.sql(
                # what the app shows: district values computed from schools count, the schools do not
                "SELECT i.indicator_id, i.name, list_sort(list_distinct(list(o.year) "
                "FILTER (WHERE o.year IS NOT NULL))), count(DISTINCT o.area_code), count(o.year), "
                "bool_or(o.example), count(*) FILTER (WHERE o.example) FROM indicators i "
                "LEFT JOIN (SELECT v.* FROM v_observations v JOIN areas a ON a.code = v.area_code "
                "           WHERE a.level <> 'skola') o USING (indicator_id) GROUP BY ALL ORDER BY 1").fetchall()]
        imports = cur.execute("SELECT count(*) FROM imports WHERE undone_at IS NULL").fetchone()[0]
        events = cur.execute("SELECT count(*) FROM events").fetchone()[0]
        version = cur.execute("SELECT value FROM settings WHERE key = 'schema_version'").fetchone()
        return {"measures": measures, "indicators": indicators, "imports": imports, "events": events,
                "schema_version": int(version[0]) if version else None}
    finally:
        cur.close()
