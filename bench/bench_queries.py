"""Benchmark 2 (issue 6), part 3: what helps the pages' queries on all of Sweden.

Works on a copy of the synthetic store (bench/make_sweden_store.py), never the original,
and times the SQL of dashboard/store.py (``Store``: observations, profile, overview, indicators,
ranking) against variants, each median over --runs runs with varied parameters:

* physical order of observations: by indicator (as make_sweden_store writes it), shuffled,
  and by area first (tables made with CREATE TABLE AS ... ORDER BY in the copy);
* ``list_contains(?, area_code)`` against ``area_code IN (?, ?, ...)``;
* an ART index on observations(area_code);
* pre-aggregation: an indicator summary table (years, count, example, kön split) instead of
  scanning 27 million rows for the indicator list and for overview's example flag.

    python bench/bench_queries.py [--db /tmp/sverige.duckdb] [--work /tmp/sverige_varianter.duckdb]
        [--runs 20] [--keep]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
import duckdb
from common import header

from dashboard.store import _OBS_ORDER, _OBS_SELECT, Store

# The store's own SELECT and ORDER BY (``Store.observations``, ``profile``, ``ranking``), with
# the observations table as a parameter so the variants below can swap it.
SELECT = _OBS_SELECT.replace("FROM shown_observations o", "FROM {obs} o")  # the view read as its table
assert "{obs}" in SELECT, "dashboard.store's SELECT changed: update bench_queries.py"
ORDER = _OBS_ORDER

OVERVIEW = """
    WITH mine AS (
        SELECT indicator_id, year, value, flag FROM {obs} WHERE {area_filter} AND sex = ?),
    span AS (
        SELECT indicator_id, max(year) FILTER (WHERE value IS NOT NULL) AS last_year,
               min(year) FILTER (WHERE value IS NOT NULL) AS first_year, max(year) AS last_any_year
        FROM mine GROUP BY indicator_id)
    SELECT i.indicator_id, i.name, s.first_year, s.last_year, l.value AS last_value,
           f.value AS first_value, la.flag, k.value AS kommun_value, r.value AS riket_value,
           {example} AS example
    FROM span s JOIN indicators i USING (indicator_id)
    LEFT JOIN mine l ON l.indicator_id = s.indicator_id AND l.year = s.last_year
    LEFT JOIN mine f ON f.indicator_id = s.indicator_id AND f.year = s.first_year
    LEFT JOIN mine la ON la.indicator_id = s.indicator_id AND la.year = s.last_any_year
    LEFT JOIN {obs} k ON k.indicator_id = s.indicator_id AND k.year = s.last_year
         AND k.area_code = ? AND k.sex = ?
    LEFT JOIN {obs} r ON r.indicator_id = s.indicator_id AND r.year = s.last_year
         AND r.area_code = ? AND r.sex = ?
    {summary_join}
    ORDER BY i.development_area NULLS LAST, i.name"""
EXAMPLE_SUBQUERY = "(SELECT bool_or(example) FROM {obs} e WHERE e.indicator_id = i.indicator_id)"

INDICATORS = """
    SELECT i.indicator_id, i.name, i.unit, i.development_area, min(o.year) AS first_year, max(o.year) AS last_year,
           count(*) AS observations, bool_or(o.example) AS example,
           bool_or(o.sex <> 'totalt') AS has_sex_split
    FROM indicators i JOIN {obs} o USING (indicator_id)
    GROUP BY ALL ORDER BY i.development_area NULLS LAST, i.name"""
SUMMARY = """
    CREATE OR REPLACE TABLE indicator_summary AS
    SELECT indicator_id, min(year) AS first_year, max(year) AS last_year, count(*) AS observations,
           bool_or(example) AS example, bool_or(sex <> 'totalt') AS has_sex_split
    FROM observations GROUP BY indicator_id"""
INDICATORS_FROM_SUMMARY = """
    SELECT i.indicator_id, i.name, i.unit, i.development_area, s.first_year, s.last_year,
           s.observations, s.example,
           s.has_sex_split
    FROM indicators i JOIN indicator_summary s USING (indicator_id)
    ORDER BY i.development_area NULLS LAST, i.name"""


class Params:
    def __init__(self, con: duckdb.DuckDBPyConnection, seed: int = 3):
        self.rng = random.Random(seed)
        self.districts = [r[0] for r in con.execute(
            "SELECT code FROM areas WHERE level = 'omrade'").fetchall()]
        self.indicators = [r[0] for r in con.execute("SELECT indicator_id FROM indicators").fetchall()]
        refs = Store(con).reference_areas()  # the kommun and riket every page compares with
        self.refs = [refs[level] for level in ("kommun", "riket") if level in refs]

    def reset(self) -> None:
        self.rng.seed(3)

    def trend(self):
        return (self.rng.choice(self.indicators), self.rng.sample(self.districts, 3) + self.refs,
                2010 + self.rng.randint(0, 5), 2024, self.rng.choice(["totalt", "kvinnor"]))

    def district(self):
        return self.rng.choice(self.districts), self.rng.choice(["totalt", "kvinnor", "män"])


def median_ms(con, runs: int, make: Callable[[], tuple[str, list]]) -> float:
    sql, params = make()
    con.execute(sql, params).df()  # warm-up
    times = []
    for _ in range(runs):
        sql, params = make()
        start = time.perf_counter()
        con.execute(sql, params).df()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def placeholders(n: int) -> str:
    return ", ".join("?" * n)


def observations_sql(p: Params, obs: str, style: str):
    def make():
        ind, codes, y0, y1, sex = p.trend()
        if style == "list_contains":
            where = " WHERE o.indicator_id = ? AND list_contains(?, o.area_code) AND o.year BETWEEN ? AND ? AND o.sex = ?"
            return SELECT.format(obs=obs) + where + ORDER, [ind, codes, y0, y1, sex]
        where = (f" WHERE o.indicator_id = ? AND o.area_code IN ({placeholders(len(codes))}) "
                 "AND o.year BETWEEN ? AND ? AND o.sex = ?")
        return SELECT.format(obs=obs) + where + ORDER, [ind, *codes, y0, y1, sex]
    return make


def profile_sql(p: Params, obs: str, style: str):
    def make():
        code, sex = p.district()
        codes = [code, *p.refs]
        if style == "list_contains":
            return SELECT.format(obs=obs) + " WHERE list_contains(?, o.area_code) AND o.sex = ?" + ORDER, [codes, sex]
        return (SELECT.format(obs=obs) + f" WHERE o.area_code IN ({placeholders(len(codes))}) AND o.sex = ?"
                + ORDER, [*codes, sex])
    return make


def overview_sql(p: Params, obs: str, summary: bool):
    def make():
        code, sex = p.district()
        sql = OVERVIEW.format(
            obs=obs, area_filter="area_code = ?",
            example="sm.example" if summary else EXAMPLE_SUBQUERY.format(obs=obs),
            summary_join="LEFT JOIN indicator_summary sm ON sm.indicator_id = i.indicator_id" if summary else "")
        return sql, [code, sex, p.refs[0], sex, p.refs[-1], sex]
    return make


def ranking_sql(p: Params, obs: str):
    def make():
        return (SELECT.format(obs=obs) + " WHERE o.indicator_id = ? AND o.year = ? AND o.sex = ?" + ORDER,
                [p.rng.choice(p.indicators), 2015 + p.rng.randint(0, 9), "totalt"])
    return make


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/sverige.duckdb"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/sverige_varianter.duckdb"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the working copy afterwards")
    args = parser.parse_args()
    header(f"Benchmark 2c: frågevarianter på Sverige-databasen (median av {args.runs})")
    if not args.db.exists():
        raise SystemExit(f"{args.db} finns inte; kör först bench/make_sweden_store.py")
    t = time.perf_counter()
    shutil.copyfile(args.db, args.work)
    con = duckdb.connect(str(args.work))
    print(f"   kopia {args.work} på {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    con.execute("CREATE OR REPLACE TABLE obs_slump AS SELECT * FROM observations "
                "ORDER BY hash(indicator_id, area_code, year, sex)")
    con.execute("CREATE OR REPLACE TABLE obs_omrade AS SELECT * FROM observations "
                "ORDER BY area_code, indicator_id, year, sex")
    print(f"   slumpordnad och områdesordnad tabell skapade på {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    con.execute(SUMMARY)
    print(f"   förberäknad indikatorsammanfattning skapad på {(time.perf_counter() - t) * 1000:.0f} ms")
    p = Params(con)
    rows: list[tuple[str, str, float]] = []

    def measure(group: str, label: str, make) -> None:
        p.reset()
        value = median_ms(con, args.runs, make)
        rows.append((group, label, value))
        print(f"   {group:12} {label:64} {value:9.1f} ms", flush=True)

    print("\n-- Trender: observations (1 indikator, 3 områden + kommun + riket)")
    for obs, what in (("observations", "sorterad på indikator (som nu)"), ("obs_slump", "slumpordning"),
                      ("obs_omrade", "sorterad på område")):
        for style in ("list_contains", "IN"):
            measure("Trender", f"{what}, {style}", observations_sql(p, obs, style))
    print("\n-- Områdesprofil: profile (1 område + kommun + riket, alla indikatorer)")
    for obs, what in (("observations", "sorterad på indikator (som nu)"), ("obs_omrade", "sorterad på område")):
        for style in ("list_contains", "IN"):
            measure("Profil", f"{what}, {style}", profile_sql(p, obs, style))
    print("\n-- Översikt: overview")
    measure("Översikt", "som nu (exempelflagga med delfråga över alla rader)", overview_sql(p, "observations", False))
    measure("Översikt", "exempelflagga ur förberäknad sammanfattning", overview_sql(p, "observations", True))
    measure("Översikt", "sammanfattning + sorterad på område", overview_sql(p, "obs_omrade", True))
    print("\n-- Alla sidor: indicators()")
    measure("Indikatorer", "som nu (aggregat över 27 miljoner rader)", lambda: (INDICATORS.format(obs="observations"), []))
    measure("Indikatorer", "ur förberäknad sammanfattning", lambda: (INDICATORS_FROM_SUMMARY, []))
    print("\n-- Jämförelse: ranking")
    measure("Jämförelse", "sorterad på indikator (som nu)", ranking_sql(p, "observations"))
    measure("Jämförelse", "slumpordning", ranking_sql(p, "obs_slump"))
    measure("Jämförelse", "sorterad på område", ranking_sql(p, "obs_omrade"))
    print("\n-- ART-index på observations(area_code)")
    t = time.perf_counter()
    con.execute("CREATE INDEX obs_area ON observations (area_code)")
    print(f"   index skapat på {time.perf_counter() - t:.0f} s")
    for style in ("list_contains", "IN"):
        measure("Profil", f"sorterad på indikator + ART(area_code), {style}", profile_sql(p, "observations", style))
    measure("Översikt", "ART(area_code) + sammanfattning", overview_sql(p, "observations", True))
    measure("Trender", "sorterad på indikator + ART(area_code), IN", observations_sql(p, "observations", "IN"))
    size = args.work.stat().st_size / 1e9
    con.close()
    print(f"\n   kopians storlek med extratabeller och index: {size:.1f} GB")
    if not args.keep:
        args.work.unlink(missing_ok=True)
        Path(f"{args.work}.wal").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
