"""The store's tables, its schema version, and the migrations from every older version.

The store records its schema version (``settings.schema_version``). A newer release opens an
older store and upgrades it in place, in one transaction, after a backup; a store newer than
the code is refused before anything is read. Version 1 is the schema before versions were
recorded (no ``settings`` table): its stores are recognised by their tables.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

SCHEMA_VERSION = 3

TABLES_DDL = """
CREATE TABLE IF NOT EXISTS settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS areas (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,          -- omrade, kommun, lan, riket, regso, deso, skola
    parent VARCHAR,
    priority BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL,
    added_by_import INTEGER          -- NULL: reference data (data/ and the SCB lists)
);
CREATE TABLE IF NOT EXISTS area_names (
    variant VARCHAR NOT NULL,
    code VARCHAR NOT NULL
);
-- Which district a school, RegSO or DeSO belongs to. District values follow from the stored
-- values of the mapped areas (view v_observations), so a changed mapping needs no re-import.
CREATE TABLE IF NOT EXISTS area_mappings (
    area_code VARCHAR PRIMARY KEY,
    district VARCHAR NOT NULL,
    event_id INTEGER
);
CREATE TABLE IF NOT EXISTS mapping_history (
    event_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    district VARCHAR,                -- NULL: the mapping was removed
    previous_district VARCHAR
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
CREATE TABLE IF NOT EXISTS kolada_kpis (
    kpi VARCHAR PRIMARY KEY,
    indicator_id VARCHAR NOT NULL,
    factor DOUBLE NOT NULL DEFAULT 1, -- Kolada's value times this is the indicator's (per 100 000 -> per 1 000)
    title VARCHAR                     -- Kolada's title of the KPI: files from kolada.se name KPIs by it
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
    undone_by VARCHAR,
    event_id INTEGER,
    options VARCHAR                  -- JSON: the kind asked for, the recipe, the fetch
);
-- Every imported original, by content: what ``build`` replays.
CREATE TABLE IF NOT EXISTS archive (
    checksum VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    data BLOB NOT NULL,
    stored_at TIMESTAMP NOT NULL,
    reconstructed BOOLEAN NOT NULL DEFAULT FALSE
);
-- What users did, in order: the audit trail, and with the archive what ``build`` replays.
CREATE TABLE IF NOT EXISTS events (
    event_id INTEGER PRIMARY KEY,
    happened_at TIMESTAMP NOT NULL,
    who VARCHAR,
    kind VARCHAR NOT NULL,           -- import, undo, mapping, group, recipe, text, ...
    summary VARCHAR NOT NULL,        -- Swedish, one line
    payload VARCHAR NOT NULL,        -- JSON, enough to replay the event
    import_id INTEGER,
    values_count INTEGER NOT NULL DEFAULT 0,
    replayable BOOLEAN NOT NULL DEFAULT TRUE
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
    source VARCHAR,                  -- who published the value, when not the indicator's source
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
CREATE TABLE IF NOT EXISTS comparison_groups (
    group_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR,
    source VARCHAR,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS comparison_group_members (
    group_id VARCHAR NOT NULL,
    kommun_code VARCHAR NOT NULL,
    PRIMARY KEY (group_id, kommun_code)
);
-- Column mappings an editor made for a file no loader knows, keyed by the file's header.
CREATE TABLE IF NOT EXISTS recipes (
    name VARCHAR PRIMARY KEY,
    header_key VARCHAR NOT NULL,
    spec VARCHAR NOT NULL,           -- JSON
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR
);
CREATE TABLE IF NOT EXISTS area_shapes (
    area_code VARCHAR PRIMARY KEY,
    geometry VARCHAR NOT NULL,       -- GeoJSON geometry
    import_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS report_texts (
    round INTEGER NOT NULL,
    section VARCHAR NOT NULL,        -- inledning, uo1 ... uo5
    text VARCHAR NOT NULL,
    event_id INTEGER NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    saved_by VARCHAR
);
"""

# District values computed from the mapped schools, RegSO and DeSO: weighted by the base the
# file gives (pupils, population), straight over when one area maps alone, summed for counts.
# A district's own value, where one was imported, wins over the computed one.
VIEWS_DDL = """
CREATE OR REPLACE VIEW derived_observations AS
WITH parts AS (
    SELECT o.*, m.district, a.name AS part_name, a.level AS part_level, o.area_code AS part_code,
           o.value IS NOT NULL AND coalesce(o.denominator > 0, FALSE) AS weighted,
           lower(i.unit) LIKE 'antal%' AS is_count,
           (CASE a.level WHEN 'regso' THEN 'RegSO ' ELSE 'DeSO ' END)
               || (CASE WHEN a.name = o.area_code THEN o.area_code ELSE '«' || a.name || '» (' || o.area_code || ')' END)
               AS part_label
    FROM observations o JOIN area_mappings m ON m.area_code = o.area_code
    JOIN indicators i USING (indicator_id)
    JOIN areas a ON a.code = o.area_code
), grouped AS (
    SELECT indicator_id, district AS area_code, year, sex,
           count(*) AS parts, count(value) AS valued, count(*) FILTER (WHERE weighted) AS usable,
           sum(value * denominator) FILTER (WHERE weighted) AS weighted_sum,
           sum(denominator) FILTER (WHERE weighted) AS weights,
           sum(value) AS total, max(value) AS only_value, bool_or(is_count) AS is_count,
           bool_or(flag = 'prickad') AS any_suppressed, max(flag) AS only_flag,
           bool_or(example) AS example, max(import_id) AS import_id,
           string_agg(DISTINCT source_file, ', ') AS source_file, max(source) AS source,
           min(part_name) AS only_name, min(part_level) AS only_level, min(part_code) AS only_code,
           max(numerator) AS only_numerator, max(denominator) AS only_denominator,
           bool_and(part_level = 'skola') AS schools,
           string_agg(DISTINCT part_label, ', ' ORDER BY part_label)
               FILTER (WHERE part_level IN ('regso', 'deso')) AS part_list
    FROM parts GROUP BY ALL
)
SELECT indicator_id, area_code, year, sex,
       CASE WHEN parts = 1 THEN only_value
            WHEN is_count THEN (CASE WHEN valued = parts THEN total END)
            WHEN usable > 0 THEN weighted_sum / weights END AS value,
       CASE WHEN parts = 1 THEN only_flag
            WHEN is_count THEN (CASE WHEN valued = parts THEN NULL WHEN any_suppressed THEN 'prickad'
                                     ELSE 'saknas' END)
            WHEN usable = 0 THEN (CASE WHEN any_suppressed THEN 'prickad' ELSE 'saknas' END)
            WHEN usable < parts THEN 'delvis prickat' END AS flag,
       CASE WHEN parts = 1 THEN only_numerator END AS numerator,
       CASE WHEN parts = 1 THEN only_denominator WHEN usable > 0 AND NOT is_count THEN weights END
           AS denominator,
       CASE WHEN parts = 1 AND only_level IN ('regso', 'deso')
                 THEN 'Här ' || (CASE only_level WHEN 'regso' THEN 'RegSO' ELSE 'DeSO' END) || ' «' || only_name
                      || '» (' || only_code || '), oförändrat.'
            WHEN parts = 1 THEN 'Värdet för «' || only_name || '» förs över oförändrat.'
            WHEN is_count THEN 'Summa av ' || parts || (CASE WHEN schools THEN ' skolor.' ELSE ' delområden.' END)
            WHEN usable = 0 THEN 'Ingen av de ' || parts || (CASE WHEN schools THEN ' skolorna' ELSE ' delområdena' END)
                 || ' redovisar ett värde med vikt.'
            ELSE (CASE WHEN schools THEN 'Elevviktat medel av ' ELSE 'Viktat medel av ' END)
                 || (CASE WHEN usable < parts THEN usable || ' av ' ELSE '' END) || parts
                 || (CASE WHEN schools THEN ' skolor' ELSE ' delområden' END)
                 || (CASE WHEN usable < parts THEN '; övriga prickade eller utan uppgift.' ELSE '.' END) END
       || (CASE WHEN parts > 1 AND part_list IS NOT NULL THEN ' Delområden: ' || part_list || '.' ELSE '' END)
           AS comment,
       source_file, CAST(NULL AS VARCHAR) AS source_sheet, CAST(NULL AS INTEGER) AS source_row,
       CAST(NULL AS VARCHAR) AS source_column, import_id, example, source
FROM grouped;

CREATE OR REPLACE VIEW v_observations AS
SELECT indicator_id, area_code, year, sex, value, flag, numerator, denominator, comment, source_file,
       source_sheet, source_row, source_column, import_id, example, source, FALSE AS derived
FROM observations
UNION ALL
SELECT d.*, TRUE AS derived FROM derived_observations d
ANTI JOIN observations o USING (indicator_id, area_code, year, sex);

-- A value a later import replaced with a different one (a source's revision, or a corrected
-- file): the value before and the day it was replaced. Example values that real ones pushed
-- out are not revisions.
CREATE OR REPLACE VIEW revisions AS
SELECT o.indicator_id, o.area_code, o.year, o.sex, s.value AS previous_value, s.flag AS previous_flag,
       CAST(im.imported_at AS DATE) AS revised_at
FROM observations o
JOIN superseded_observations s ON s.replaced_by = o.import_id AND s.indicator_id = o.indicator_id
     AND s.area_code = o.area_code AND s.year = o.year AND s.sex = o.sex
JOIN imports im ON im.import_id = o.import_id
WHERE NOT s.example AND (s.value IS DISTINCT FROM o.value OR s.flag IS DISTINCT FROM o.flag);

-- What the pages show: every value of an area (districts computed from schools included),
-- without the schools themselves, which are kept to compute their districts.
CREATE OR REPLACE VIEW shown_observations AS
SELECT * FROM v_observations WHERE NOT starts_with(area_code, 'skola:');
"""

TABLES = ("settings", "areas", "area_names", "area_mappings", "mapping_history", "indicators", "kolada_kpis",
          "population", "imports", "archive", "events", "observations", "superseded_observations", "measures",
          "superseded_measures", "measure_followups", "superseded_followups", "comparison_groups",
          "comparison_group_members", "recipes", "area_shapes", "report_texts")


def stored_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the open store: 0 for an empty file, 1 before versions were kept."""
    cur = con.cursor()
    try:
        tables = {r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if "settings" in tables:
            row = cur.execute("SELECT value FROM settings WHERE key = 'schema_version'").fetchone()
            if row is not None:
                return int(row[0])
        return 1 if "observations" in tables else 0
    finally:
        cur.close()


def create(cur: duckdb.DuckDBPyConnection) -> None:
    """A new, empty store at the current version (inside the caller's transaction)."""
    cur.execute(TABLES_DDL)
    cur.execute(VIEWS_DDL)
    cur.execute("INSERT OR REPLACE INTO settings VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def _v1_to_v2(cur: duckdb.DuckDBPyConnection) -> None:
    """Version 1 (before schema versions): new tables, the columns they need, schools as areas.

    Nothing is dropped that held data: the old ``schools`` table becomes school areas and
    their mappings to districts, and every earlier import gets an event, so the audit trail
    starts with the store's whole history. Imports made by users get their original content
    reconstructed into the archive (``loaders.store.reconstruct_archive``), so ``build``
    can replay them.
    """
    cur.execute(TABLES_DDL)
    for table, column, kind in (("areas", "added_by_import", "INTEGER"), ("imports", "event_id", "INTEGER"),
                                ("imports", "options", "VARCHAR"), ("observations", "source", "VARCHAR"),
                                ("superseded_observations", "source", "VARCHAR")):
        cur.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
    # superseded_observations got ``source`` after ``replaced_by``: rebuild it in table order
    cur.execute("CREATE TABLE superseded_observations_new AS SELECT * EXCLUDE (replaced_by, source), "
                "source, replaced_by FROM superseded_observations")
    cur.execute("DROP TABLE superseded_observations")
    cur.execute("ALTER TABLE superseded_observations_new RENAME TO superseded_observations")
    tables = {r[0] for r in cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if "schools" in tables:
        cur.execute("""
            INSERT INTO areas SELECT 'skola:' || s.school_code, s.school_name, 'skola', k.parent, FALSE,
                   100000 + row_number() OVER (ORDER BY s.school_code), NULL
            FROM schools s LEFT JOIN areas k ON k.code = s.area_code
            WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = 'skola:' || s.school_code)""")
        cur.execute("INSERT OR REPLACE INTO area_mappings SELECT 'skola:' || school_code, area_code, NULL FROM schools")
        cur.execute("DROP TABLE schools")
    cur.execute(VIEWS_DDL)
    cur.execute("""
        INSERT INTO events
        SELECT row_number() OVER (ORDER BY t, kind_order, import_id), t, who, kind, summary, payload, import_id, n, TRUE
        FROM (
            SELECT imported_at AS t, 0 AS kind_order, imported_by AS who, 'import' AS kind,
                   'Import av «' || file_name || '» (' || kind || ')' AS summary,
                   json_object('kind', kind, 'checksum', checksum, 'file_name', file_name)::VARCHAR AS payload,
                   import_id, rows AS n FROM imports
            UNION ALL
            SELECT undone_at, 1, undone_by, 'undo', 'Ångrade import ' || import_id || ' («' || file_name || '»)',
                   json_object('import_id', import_id)::VARCHAR, import_id, rows FROM imports
            WHERE undone_at IS NOT NULL)""")
    cur.execute("UPDATE imports SET event_id = e.event_id FROM events e "
                "WHERE e.kind = 'import' AND e.import_id = imports.import_id")


def _v2_to_v3(cur: duckdb.DuckDBPyConnection) -> None:
    """Version 2: Kolada's KPI titles beside the catalogue's links (data/kolada_kpi.csv's
    kpi_titel), filled in when the reference files are next loaded."""
    cur.execute("ALTER TABLE kolada_kpis ADD COLUMN IF NOT EXISTS title VARCHAR")


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(cur: duckdb.DuckDBPyConnection, from_version: int) -> None:
    """Upgrade a store from ``from_version`` to SCHEMA_VERSION (inside the caller's transaction)."""
    version = from_version
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](cur)
        version += 1
    cur.execute("INSERT OR REPLACE INTO settings VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
