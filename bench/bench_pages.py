"""Benchmark 2 (issue 6), part 2: what each page does on a rerun, server side, on all of Sweden.

Each page is replayed without Streamlit: the same calls its script makes into
dashboard.queries (through a stand-in for dashboard.db.query), dashboard.transform,
dashboard.figures and dashboard.tables, plus ``fig.to_json()`` (what st.plotly_chart sends)
and ``tables.styled`` (what st.dataframe gets). Widgets are replaced by parameters drawn at
random (seeded) on every run: indicator, districts, years, kön, view. Medians over --runs
runs per page, on the big synthetic store (bench/make_sweden_store.py) and on the small
store built from the bundled data/, and their ratio. Target: Trender within 150 ms median.

Two cache modes, because the app caches every query with st.cache_data keyed by function,
parameters and the store's data version:
* ``varm``: the shared cache is kept between runs (as between reruns and sessions); only
  queries with new parameters run. This is what a user waits for after changing a widget.
* ``kall``: no cache; every query runs (first visit after an import).

    python bench/bench_pages.py [--db /tmp/sverige.duckdb] [--small /tmp/liten.duckdb]
        [--runs 25] [--pages Trender,Översikt] [--queries]
"""

from __future__ import annotations

import argparse
import pickle
import random
import statistics
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
import duckdb
from common import header

from dashboard import queries

try:  # being written while this benchmark was; degrade to queries only if missing
    from dashboard import db, figures, tables, transform
    HAVE_FIGURES = True
except Exception as exc:  # noqa: BLE001
    HAVE_FIGURES = False
    FIGURES_ERROR = f"{type(exc).__name__}: {exc}"

TARGET_TRENDER = 0.150


class Query:
    """Stand-in for dashboard.db.query: data_version on every call (as db.query does), a
    shared cache that returns a copy (st.cache_data pickles), and a clock for query time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, cached: bool):
        self.con, self.cached = con, cached
        self.memo: dict = {}
        self.seconds = 0.0

    def __call__(self, name: str, *args):
        start = time.perf_counter()
        try:
            version = queries.data_version(self.con)
            key = (name, version, tuple(tuple(a) if isinstance(a, list) else a for a in args))
            if self.cached and key in self.memo:
                return pickle.loads(self.memo[key])
            result = getattr(queries, name)(self.con, *args)
            if self.cached:
                self.memo[key] = pickle.dumps(result)
            return result
        finally:
            self.seconds += time.perf_counter() - start

    def lookup(self) -> tuple:
        """Stand-in for dashboard.db.area_styles/area_index: (styles, index) kept per data
        version without a copy (st.cache_resource); rebuilt every time without cache."""
        start = time.perf_counter()
        version = queries.data_version(self.con)
        self.seconds += time.perf_counter() - start
        key = ("_area_lookup", version)
        if self.cached and key in self.memo:
            return self.memo[key]
        start = time.perf_counter()
        areas = queries.areas(self.con)
        self.seconds += time.perf_counter() - start
        result = (figures.area_styles(areas), transform.area_index(areas))
        if self.cached:
            self.memo[key] = result
        return result


class Params:
    """What the widgets would hold, drawn at random for each run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seed: int):
        self.rng = random.Random(seed)
        areas = queries.areas(con)
        self.districts = list(areas.loc[areas["level"] == "omrade", "code"])
        self.priority = list(areas.loc[(areas["level"] == "omrade") & areas["priority"], "code"])
        self.indicators = queries.indicators(con)
        self.rounds = queries.followup_rounds(con)

    def district(self) -> str:
        pool = self.priority if self.rng.random() < 0.5 and self.priority else self.districts
        return self.rng.choice(pool)

    def districts3(self) -> list[str]:
        return self.rng.sample(self.districts, min(3, len(self.districts)))

    def indicator(self) -> str:
        return self.rng.choice(list(self.indicators["indicator_id"]))

    def years(self) -> tuple[int, int]:
        lo, hi = int(self.indicators["first_year"].min()), int(self.indicators["last_year"].max())
        a = self.rng.randint(lo, hi)
        b = self.rng.randint(a, hi)
        return (a, b) if self.rng.random() < 0.6 else (lo, hi)

    def sex(self) -> str:
        return self.rng.choice(["totalt", "totalt", "kvinnor", "män"])


def _fig_out(fig) -> None:
    fig.to_json()


def page_trender(q: Query, p: Params) -> None:
    _areas, indicators, refs = q("areas"), q("indicators"), q("reference_areas")
    styles, area_index = q.lookup()
    indicator, chosen, years = p.indicator(), p.districts3(), p.years()
    meta = transform.indicator_meta(indicators, indicator)
    sex = p.sex() if meta["has_sex_split"] else "totalt"
    view = p.rng.choice(list(transform.VIEWS))
    measure = p.rng.choice(list(transform.GAP_MEASURES)) if view == "gap" else "difference"
    split = bool(meta["has_sex_split"]) and p.rng.random() < 0.2
    view, _why = transform.effective_view(view, str(meta["unit"]))
    codes = transform.trend_areas(chosen, refs, unit=str(meta["unit"]), view=view)
    # db.trend: cached on the choices in the app; new choices every run here, so built each time
    data = db.build_trend(q, indicator, codes, years, transform.trend_sexes(sex, split), view, measure,
                          split, refs.get("kommun"))
    names = area_index.names_of(chosen)
    area_index.names_of(c for c in chosen if c not in data.found)
    if not data.series.empty:
        fig = figures.trend_figure(data.series, meta, styles=styles, view=view, measure=measure, years=years,
                                   sex=sex, facet_sex=split, district_names=names, example=data.example)
        _fig_out(fig)
        tables.styled(data.table)


def page_oversikt(q: Query, p: Params) -> None:
    areas, indicators = q("areas"), q("indicators")
    district, sex = p.district(), p.sex()
    overview, profile = q("overview", district, sex), q("profile", district, sex)
    cards = transform.overview_cards(overview, profile, district_code=district)
    transform.missing_for_district(indicators, overview)
    rounds = q("followup_rounds")
    if rounds:
        measures = transform.prepare_measures(q("measures", rounds[-1]))
        transform.status_totals(measures)
        counts = transform.status_counts(measures, "development_area")
        _fig_out(figures.status_figure(counts, title="Status per utvecklingsområde", compact=True))
        tables.styled(tables.status_count_table(counts, "Utvecklingsområde", {}))
    if len(cards):
        district_name = q.lookup()[1].names[district]
        tables.styled(tables.overview_table(cards, district_name))


def page_profil(q: Query, p: Params) -> None:
    _areas, indicators = q("areas"), q("indicators")
    styles, area_index = q.lookup()
    district, years, sex = p.district(), p.years(), p.sex()
    district_name = area_index.names[district]
    profile = q("profile", district, sex)
    fallback = q("profile", district, "totalt") if sex != "totalt" else None
    panels = transform.profile_panels(profile, indicators, district, years, fallback=fallback)
    # db.profile_charts: cached on (district, years, kön) in the app; mostly new choices here
    for fig, _notes in db.build_profile_charts(panels, styles, district_name):
        _fig_out(fig)
    if panels:
        tables.styled(tables.profile_table(panels))


def page_jamforelse(q: Query, p: Params) -> None:
    _areas, indicators = q("areas"), q("indicators")
    styles, _index = q.lookup()
    indicator = p.indicator()
    meta = transform.indicator_meta(indicators, indicator)
    available = q("years", indicator)
    year = p.rng.choice(available)
    sex = p.sex() if meta["has_sex_split"] else "totalt"
    ranked = q("ranking", indicator, year, sex)
    rows = transform.ranking_rows(ranked, str(meta["direction"]))
    references = transform.reference_values(ranked)
    if not rows.empty:
        _fig_out(figures.ranking_figure(rows, meta, styles=styles, year=year, sex=sex,
                                        references=references, example=transform.any_example(ranked)))
        tables.styled(tables.ranking_table(rows, meta, references))


def page_atgarder(q: Query, p: Params) -> None:
    rounds = q("followup_rounds")
    if not rounds:
        return
    round_ = p.rng.choice(rounds)
    measures = transform.prepare_measures(q("measures", round_))
    options = transform.measure_filter_options(measures)
    chosen = p.rng.sample(list(options["development_area"]), p.rng.randint(0, 2))
    shown = transform.filter_measures(measures, development_areas=chosen)
    transform.status_totals(shown)
    for by in ("development_area", "unit_groups", "district_groups"):
        counts = transform.status_counts(shown, by)
        if not counts.empty:
            _fig_out(figures.status_figure(counts, title="Status", source="bench"))
            tables.styled(tables.status_count_table(counts, "Grupp", None))
    tables.styled(tables.measures_table(shown))
    q("measure_changes", round_)


PAGES: dict[str, Callable[[Query, Params], None]] = {
    "Översikt": page_oversikt, "Trender": page_trender, "Områdesprofil": page_profil,
    "Jämförelse": page_jamforelse, "Åtgärder": page_atgarder,
}


def run_page(con, name: str, runs: int, cached: bool, seed: int = 1) -> dict | None:
    q = Query(con, cached)
    params = Params(con, seed)
    fn = PAGES[name]
    totals, query_times = [], []
    try:
        fn(q, params)  # warm-up: imports, first cache fill (as the first visitor)
        for _ in range(runs):
            q.seconds = 0.0
            start = time.perf_counter()
            fn(q, params)
            totals.append(time.perf_counter() - start)
            query_times.append(q.seconds)
    except Exception as exc:  # noqa: BLE001 - pages are being written; report and go on
        print(f"    {name}: FEL {type(exc).__name__}: {exc}")
        traceback.print_exc(limit=3)
        return None
    totals.sort()
    return {"median": statistics.median(totals), "p90": totals[int(0.9 * (len(totals) - 1))],
            "queries": statistics.median(query_times),
            "python": statistics.median(t - s for t, s in zip(totals, query_times, strict=True))}


def query_medians(con, runs: int) -> dict[str, float]:
    """Each query function alone, no cache, varied parameters."""
    p = Params(con, 7)
    refs = queries.reference_areas(con)
    calls: dict[str, Callable[[], object]] = {
        "data_version": lambda: queries.data_version(con),
        "areas": lambda: queries.areas(con),
        "indicators": lambda: queries.indicators(con),
        "observations (3 områden + kommun + riket)": lambda: queries.observations(
            con, p.indicator(), [*p.districts3(), *refs.values()], *p.years(), (p.sex(),)),
        "overview": lambda: queries.overview(con, p.district(), p.sex()),
        "profile": lambda: queries.profile(con, p.district(), p.sex()),
        "ranking": lambda: queries.ranking(con, p.indicator(), 2018 + p.rng.randint(0, 6), "totalt"),
        "years": lambda: queries.years(con, p.indicator()),
        "measures": lambda: queries.measures(con, p.rounds[-1]) if p.rounds else None,
    }
    out = {}
    for name, call in calls.items():
        call()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


def trender_steps(con, runs: int) -> dict[str, float]:
    """Trender split into its steps (warm cache as in the app), medians in seconds."""
    q = Query(con, True)
    p = Params(con, 11)
    steps: dict[str, list[float]] = {}

    def clock(name: str, fn: Callable[[], object]):
        start = time.perf_counter()
        out = fn()
        steps.setdefault(name, []).append(time.perf_counter() - start)
        return out

    figure_cache: dict = {}
    for i in range(runs + 1):
        if i == 1:
            steps.clear()  # the first run filled the caches
        areas = clock("cache: areas + indicators + reference_areas (kopior)",
                      lambda: (q("areas"), q("indicators"), q("reference_areas")))
        areas, indicators, refs = areas
        styles, area_index = clock("db.area_styles + area_index (cache per dataversion)", q.lookup)
        clock("(ej del av sidan: figures.area_styles(alla) utan cache)", lambda: figures.area_styles(areas))
        indicator, chosen, years = p.indicator(), p.districts3(), p.years()
        meta = transform.indicator_meta(indicators, indicator)
        codes = transform.trend_areas(chosen, refs, unit=str(meta["unit"]), view="values")
        obs = clock("fråga: observations (ny parameter)",
                    lambda: q("observations", indicator, codes, years[0], years[1], ("totalt",)))
        series = clock("transform.trend_series", lambda: transform.trend_series(
            obs, view="values", kommun_code=refs.get("kommun")))
        names = clock("områdesnamn: area_index.names_of(valda)", lambda: area_index.names_of(chosen))
        fig = clock("figures.trend_figure", lambda: figures.trend_figure(
            series, meta, styles=styles, view="values", years=years, sex="totalt",
            district_names=names, example=False))
        clock("fig.to_json (det st.plotly_chart skickar)", lambda: fig.to_json())
        table = clock("tables.trend_table + flag_notes", lambda: (
            tables.trend_table(series, view="values"), transform.flag_notes(series))[0])
        clock("tables.styled", lambda: tables.styled(table))
        data = db.TrendData(series, table, transform.flag_notes(series), False, frozenset(codes))
        key = (indicator, tuple(codes), years)
        figure_cache[key] = (pickle.dumps(data), fig)
        clock("samma val igen: db.trend (st.cache_data, kopia) + figur (st.cache_resource)",
              lambda: (pickle.loads(figure_cache[key][0]), figure_cache[key][1]))
    return {k: statistics.median(v) for k, v in steps.items()}


def ensure_small(path: Path) -> Path:
    if not path.exists():
        from loaders.build import build_store
        print(f"   bygger den lilla databasen från data/ i {path} …")
        build_store(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/sverige.duckdb"))
    parser.add_argument("--small", type=Path, default=Path("/tmp/indikatorpanel_liten.duckdb"))
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--modes", default="varm,kall")
    parser.add_argument("--queries", action="store_true", help="also time each query alone")
    parser.add_argument("--steps", action="store_true", help="split Trender into its steps")
    args = parser.parse_args()
    header(f"Benchmark 2: sidornas omkörningar, median av {args.runs} körningar med varierade val")
    if not args.db.exists():
        raise SystemExit(f"{args.db} finns inte; kör först: python bench/make_sweden_store.py --db {args.db}")
    if not HAVE_FIGURES:
        print(f"   dashboard.figures/transform/tables saknas ({FIGURES_ERROR}); bara frågor mäts")
    stores = {"Sverige": args.db, "liten": ensure_small(args.small)}
    cons = {k: duckdb.connect(str(v), read_only=True) for k, v in stores.items()}
    for label, con in cons.items():
        n = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        a = con.execute("SELECT count(*) FROM areas").fetchone()[0]
        print(f"   {label}: {stores[label]} – " + f"{n:_} observationer, {a:_} områden".replace("_", " "))
    if HAVE_FIGURES:
        for mode in [m for m in args.modes.split(",") if m]:
            print(f"\n-- Sidor, cache {mode} (sekunder → ms; python = transform + figurer + tabeller)")
            print(f"   {'sida':16} {'Sverige median':>15} {'p90':>9} {'frågor':>9} {'python':>9}"
                  f" {'liten median':>13} {'Sverige/liten':>14}")
            for name in args.pages.split(","):
                big = run_page(cons["Sverige"], name, args.runs, mode == "varm")
                small = run_page(cons["liten"], name, args.runs, mode == "varm")
                if big is None or small is None:
                    continue
                target = ""
                if name == "Trender":
                    ok = big["median"] <= TARGET_TRENDER
                    target = f"  mål ≤ {TARGET_TRENDER * 1000:.0f} ms: {'uppnått' if ok else 'EJ uppnått'}"
                print(f"   {name:16} {big['median'] * 1000:12.1f} ms {big['p90'] * 1000:6.0f} ms "
                      f"{big['queries'] * 1000:6.1f} ms {big['python'] * 1000:6.1f} ms "
                      f"{small['median'] * 1000:10.1f} ms {big['median'] / small['median']:13.2f}×{target}")
    if args.steps and HAVE_FIGURES:
        print("\n-- Trender steg för steg (varm cache, median)")
        big, small = trender_steps(cons["Sverige"], args.runs), trender_steps(cons["liten"], args.runs)
        for name in big:
            print(f"   {name:62} {big[name] * 1000:8.1f} ms   liten {small[name] * 1000:7.1f} ms")
    if args.queries or not HAVE_FIGURES:
        print("\n-- Frågorna ensamma, utan cache (median)")
        big, small = query_medians(cons["Sverige"], args.runs), query_medians(cons["liten"], args.runs)
        for name in big:
            ratio = big[name] / small[name] if small[name] else float("nan")
            print(f"   {name:44} {big[name] * 1000:9.1f} ms   liten {small[name] * 1000:7.1f} ms   {ratio:7.1f}×")
    for con in cons.values():
        con.close()


if __name__ == "__main__":
    main()
