"""The DuckDB store: schema, reference data, all-or-nothing writes, and what it holds.

Every write of an imported file happens in one transaction: either all of a file's rows are
in the store or none are. Rows an import replaces are kept in ``superseded_*`` tables with
the id of the import that replaced them, so that nothing a user imported is ever lost and
an import can be undone exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .errors import fail
from .model import OBSERVATION_COLUMNS, Batch, Reference

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DB_ENV = "INDIKATORPANEL_DB"

SCHEMA = """
CREATE TABLE IF NOT EXISTS areas (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,          -- omrade, kommun, riket (later: lan, jamforelsegrupp)
    parent VARCHAR,
    priority BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS area_names (
    variant VARCHAR NOT NULL,
    code VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    decimals INTEGER NOT NULL,
    direction VARCHAR NOT NULL,      -- högre, lägre, neutral: which way is better
    development_area INTEGER,        -- utvecklingsområde 1-5 the indicator follows
    source VARCHAR,
    definition VARCHAR,
    added_by_import INTEGER
);
CREATE TABLE IF NOT EXISTS schools (
    school_code VARCHAR PRIMARY KEY,
    school_name VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS population (
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    population DOUBLE NOT NULL,
    PRIMARY KEY (area_code, year)
);
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    added INTEGER NOT NULL,
    replaced INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    example BOOLEAN NOT NULL,
    imported_by VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,
    undone_by VARCHAR
);
CREATE TABLE IF NOT EXISTS observations (
    indicator_id VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    sex VARCHAR NOT NULL,            -- totalt, kvinnor, män
    value DOUBLE,                    -- NULL when the source gives no value; flag says why
    flag VARCHAR,                    -- prickad, saknas, ej tillämpligt, noll enligt källan, ...
    numerator DOUBLE,
    denominator DOUBLE,
    comment VARCHAR,
    source_file VARCHAR NOT NULL,
    source_sheet VARCHAR,
    source_row INTEGER,
    source_column VARCHAR,
    import_id INTEGER NOT NULL,
    example BOOLEAN NOT NULL,
    PRIMARY KEY (indicator_id, area_code, year, sex)
);
CREATE TABLE IF NOT EXISTS superseded_observations AS
    SELECT *, 0 AS replaced_by FROM observations WHERE FALSE;
CREATE TABLE IF NOT EXISTS measures (
    measure_id VARCHAR PRIMARY KEY,  -- e.g. '2.4'
    plan VARCHAR,
    title VARCHAR NOT NULL,
    description VARCHAR,
    development_area INTEGER NOT NULL,
    area_text VARCHAR,               -- Område as written, e.g. 'Berga, Ryd och Skäggetorp'
    districts VARCHAR[],             -- priority districts named in area_text
    responsible VARCHAR,             -- Ansvarig as written
    responsible_units VARCHAR[],     -- department abbreviations, e.g. [SOF, Leanlink]
    funding VARCHAR,
    import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS superseded_measures AS
    SELECT *, 0 AS replaced_by FROM measures WHERE FALSE;
CREATE TABLE IF NOT EXISTS measure_followups (
    measure_id VARCHAR NOT NULL,
    round INTEGER NOT NULL,          -- follow-up year
    status VARCHAR NOT NULL,         -- genomförd, pågår, ej genomförd
    comment VARCHAR,
    decision VARCHAR,                -- vidmakthålls, vidareutvecklas, ingår i annan åtgärd, utgår
    decision_text VARCHAR,           -- the decision as written in the follow-up
    source_file VARCHAR NOT NULL,
    source_sheet VARCHAR,
    source_row INTEGER,
    import_id INTEGER NOT NULL,
    PRIMARY KEY (measure_id, round)
);
CREATE TABLE IF NOT EXISTS superseded_followups AS
    SELECT *, 0 AS replaced_by FROM measure_followups WHERE FALSE;
"""

TABLES = ("areas", "area_names", "indicators", "schools", "population", "imports",
          "observations", "superseded_observations", "measures", "superseded_measures",
          "measure_followups", "superseded_followups")


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DATA_DIR / "indikatorpanel.duckdb")


def connect(path: Path | str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; a lock held by another process becomes a Swedish message."""
    path = Path(path) if path is not None else default_db_path()
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise fail("databasen används av ett annat program (till exempel appen). "
                       "Stäng det eller importera via appens datasida.", file=path.name) from None
        raise
    if not read_only:
        ensure_schema(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA)


# One writer at a time inside a process: Streamlit runs every session in its own thread, and
# two editors importing at once must queue, not interleave. Other processes are kept out by
# DuckDB's file lock.
WRITE_LOCK = threading.Lock()
WRITE_WAIT_SECONDS = 30


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One all-or-nothing unit of work on a fresh cursor, one writer at a time."""
    if not WRITE_LOCK.acquire(timeout=WRITE_WAIT_SECONDS):
        raise fail("en annan import eller ångring pågår just nu. Försök igen om en liten stund; "
                   "inget har ändrats.")
    try:
        with _transaction(con) as cur:
            yield cur
    finally:
        WRITE_LOCK.release()


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    else:
        cur.execute("COMMIT")
    finally:
        cur.close()


# ---------------------------------------------------------------- reference data

def _read_semicolon_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def load_reference_files(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR) -> None:
    """(Re)load areas, indicator catalogue, schools and population from the CSVs in data/.

    Indicators added by imports (the template can define new ones) are kept.
    """
    areas = _read_semicolon_csv(data_dir / "omraden.csv")
    indicators = _read_semicolon_csv(data_dir / "indikatorer.csv")
    schools_path = data_dir / "skolor_exempel.csv"
    population_path = data_dir / "befolkning_exempel.csv"
    with transaction(con) as cur:
        cur.execute("DELETE FROM areas")
        cur.execute("DELETE FROM area_names")
        for order, row in enumerate(areas):
            cur.execute("INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?)", [
                row["kod"], row["namn"], row["niva"], row["overordnad"] or None,
                row["prioriterat"].strip().lower() == "ja", order])
            variants = [row["namn"]] + [v for v in (row["namnvarianter"] or "").split("|") if v.strip()]
            cur.executemany("INSERT INTO area_names VALUES (?, ?)",
                            [[v.strip(), row["kod"]] for v in variants])
        cur.execute("DELETE FROM indicators WHERE added_by_import IS NULL")
        for row in indicators:
            cur.execute("INSERT OR REPLACE INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", [
                row["id"], row["namn"], row["enhet"], int(row["decimaler"]), row["riktning"],
                int(row["utvecklingsomrade"]) if row["utvecklingsomrade"] else None,
                row["kalla"], row["definition"]])
        cur.execute("DELETE FROM schools")
        if schools_path.exists():
            cur.executemany("INSERT INTO schools VALUES (?, ?, ?)", [
                [r["skolenhetskod"], r["skola"], r["omrade"]]
                for r in _read_semicolon_csv(schools_path)])
        cur.execute("DELETE FROM population")
        if population_path.exists():
            cur.executemany("INSERT INTO population VALUES (?, ?, ?)", [
                [r["omrade"], int(r["ar"]), float(r["folkmangd"])]
                for r in _read_semicolon_csv(population_path)])


def reference(con: duckdb.DuckDBPyConnection) -> Reference:
    cur = con.cursor()
    try:
        return Reference(
            areas=cur.sql("SELECT code, name, level, parent, priority FROM areas ORDER BY sort_order").df(),
            area_names=[tuple(r) for r in cur.sql("SELECT variant, code FROM area_names").fetchall()],
            indicators=cur.sql(
                "SELECT indicator_id, name, unit, decimals, direction, development_area, source, "
                "definition FROM indicators ORDER BY indicator_id").df(),
            schools=cur.sql("SELECT school_code, school_name, area_code FROM schools").df(),
            population=cur.sql("SELECT area_code, year, population FROM population").df(),
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

    def line(self) -> str:
        return (f"«{self.file_name}» importerad (import {self.import_id}): tillagda {self.added}, "
                f"ersatta {self.replaced}, oförändrade {self.unchanged}.")


_OBS_KEY = "indicator_id, area_code, year, sex"
_SAME_OBS = ("o.value IS NOT DISTINCT FROM b.value AND o.flag IS NOT DISTINCT FROM b.flag "
             "AND o.numerator IS NOT DISTINCT FROM b.numerator "
             "AND o.denominator IS NOT DISTINCT FROM b.denominator")
_SAME_FOLLOWUP = ("o.status = b.status AND o.comment IS NOT DISTINCT FROM b.comment "
                  "AND o.decision_text IS NOT DISTINCT FROM b.decision_text")


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch, *, who: str | None = None,
                now: dt.datetime | None = None) -> ImportSummary:
    """Write one file's rows in a single transaction; earlier rows with the same keys move to
    the superseded tables, so a re-import replaces instead of duplicating."""
    now = now or dt.datetime.now().replace(microsecond=0)
    obs = batch.observations[OBSERVATION_COLUMNS].copy()
    with transaction(con) as cur:
        import_id = cur.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()[0]
        cur.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, NULL, NULL)", [
            import_id, batch.file_name, batch.checksum, batch.kind, batch.row_count, batch.example,
            who, now])
        for row in batch.indicators.itertuples(index=False):
            cur.execute(
                "INSERT INTO indicators SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM indicators WHERE indicator_id = ?)",
                [row.indicator_id, row.name, row.unit, int(row.decimals), row.direction,
                 None if pd.isna(row.development_area) else int(row.development_area),
                 row.source, row.definition, import_id, row.indicator_id])
        added = replaced = unchanged = 0
        if len(obs):
            cur.register("batch_obs", obs)
            replaced, unchanged = cur.execute(
                f"SELECT count(*) FILTER (WHERE NOT ({_SAME_OBS})), count(*) FILTER (WHERE {_SAME_OBS}) "
                f"FROM observations o JOIN batch_obs b USING ({_OBS_KEY})").fetchone()
            added = len(obs) - replaced - unchanged
            cur.execute(
                f"INSERT INTO superseded_observations SELECT o.*, ? FROM observations o "
                f"SEMI JOIN batch_obs b USING ({_OBS_KEY})", [import_id])
            cur.execute(f"DELETE FROM observations WHERE ({_OBS_KEY}) IN "
                        f"(SELECT ({_OBS_KEY}) FROM batch_obs)")
            cur.execute(
                "INSERT INTO observations SELECT indicator_id, area_code, year, sex, value, flag, "
                "numerator, denominator, comment, ?, source_sheet, source_row, source_column, ?, ? "
                "FROM batch_obs", [batch.file_name, import_id, batch.example])
            cur.unregister("batch_obs")
        if len(batch.measures):
            cur.register("batch_measures", batch.measures)
            cur.execute("INSERT INTO superseded_measures SELECT m.*, ? FROM measures m "
                        "SEMI JOIN batch_measures b USING (measure_id)", [import_id])
            cur.execute("DELETE FROM measures WHERE measure_id IN (SELECT measure_id FROM batch_measures)")
            cur.execute(
                "INSERT INTO measures SELECT measure_id, plan, title, description, development_area, "
                "area_text, districts, responsible, responsible_units, funding, ? FROM batch_measures",
                [import_id])
            cur.unregister("batch_measures")
        if len(batch.followups):
            cur.register("batch_followups", batch.followups)
            r, u = cur.execute(
                f"SELECT count(*) FILTER (WHERE NOT ({_SAME_FOLLOWUP})), "
                f"count(*) FILTER (WHERE {_SAME_FOLLOWUP}) FROM measure_followups o "
                "JOIN batch_followups b USING (measure_id, round)").fetchone()
            replaced += r
            unchanged += u
            added += len(batch.followups) - r - u
            cur.execute("INSERT INTO superseded_followups SELECT f.*, ? FROM measure_followups f "
                        "SEMI JOIN batch_followups b USING (measure_id, round)", [import_id])
            cur.execute("DELETE FROM measure_followups WHERE (measure_id, round) IN "
                        "(SELECT (measure_id, round) FROM batch_followups)")
            cur.execute(
                "INSERT INTO measure_followups SELECT measure_id, round, status, comment, decision, "
                "decision_text, ?, source_sheet, source_row, ? FROM batch_followups",
                [batch.file_name, import_id])
            cur.unregister("batch_followups")
        cur.execute("UPDATE imports SET added = ?, replaced = ?, unchanged = ? WHERE import_id = ?",
                    [added, replaced, unchanged, import_id])
    return ImportSummary(import_id, batch.file_name, batch.kind, added, replaced, unchanged)


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int, *, who: str | None = None,
                now: dt.datetime | None = None) -> None:
    """Take an import back: remove its rows and restore exactly the rows it replaced.

    Refused when a later import changed the same values, because restoring then would
    overwrite newer data; the message says which import to undo first.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    with transaction(con) as cur:
        row = cur.execute("SELECT file_name, undone_at FROM imports WHERE import_id = ?",
                          [import_id]).fetchone()
        if row is None:
            raise fail(f"import {import_id} finns inte.")
        if row[1] is not None:
            raise fail(f"import {import_id} är redan ångrad.", file=row[0])
        later = cur.execute(f"""
            SELECT min(replaced_by) FROM (
                SELECT replaced_by FROM superseded_observations WHERE import_id = ?
                UNION ALL SELECT replaced_by FROM superseded_followups WHERE import_id = ?
                UNION ALL SELECT replaced_by FROM superseded_measures WHERE import_id = ?)""",
                            [import_id] * 3).fetchone()[0]
        if later is not None:
            raise fail(f"import {import_id} kan inte ångras eftersom import {later} senare ändrade "
                       f"samma värden. Ångra import {later} först.", file=row[0])
        for table, superseded in (("observations", "superseded_observations"),
                                  ("measure_followups", "superseded_followups"),
                                  ("measures", "superseded_measures")):
            cur.execute(f"DELETE FROM {table} WHERE import_id = ?", [import_id])
            cur.execute(f"INSERT INTO {table} SELECT * EXCLUDE (replaced_by) FROM {superseded} "
                        "WHERE replaced_by = ?", [import_id])
            cur.execute(f"DELETE FROM {superseded} WHERE replaced_by = ?", [import_id])
        cur.execute("DELETE FROM indicators WHERE added_by_import = ? AND indicator_id NOT IN "
                    "(SELECT DISTINCT indicator_id FROM observations)", [import_id])
        cur.execute("UPDATE imports SET undone_at = ?, undone_by = ? WHERE import_id = ?",
                    [now, who, import_id])


# ---------------------------------------------------------------- reading what is held

def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int | None]]:
    """Row count and an order-independent hash of every table: equal means unchanged."""
    cur = con.cursor()
    try:
        return {t: cur.execute(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {t} t").fetchone()
                for t in TABLES}
    finally:
        cur.close()


STATUSES = ("genomförd", "pågår", "ej genomförd")


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
             "observations": n, "example": bool(example)}
            for i, name, years, areas, n, example in cur.sql(
                "SELECT i.indicator_id, i.name, list_sort(list_distinct(list(o.year) "
                "FILTER (WHERE o.year IS NOT NULL))), count(DISTINCT o.area_code), count(o.year), "
                "bool_or(o.example) FROM indicators i "
                "LEFT JOIN observations o USING (indicator_id) GROUP BY ALL ORDER BY 1").fetchall()]
        imports = cur.execute("SELECT count(*) FROM imports WHERE undone_at IS NULL").fetchone()[0]
        return {"measures": measures, "indicators": indicators, "imports": imports}
    finally:
        cur.close()
