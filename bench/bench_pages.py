"""Benchmark 2 (issue 6), part 2: what each page does on a rerun, server side, on all of Sweden.

Each page is replayed without Streamlit: the same calls its script makes into
dashboard.store (the sidebar's options), ``dashboard.views.build(spec, store)`` (everything
the page shows), plus ``fig.to_json()`` for every chart (what st.plotly_chart sends) and
``tables.screen_frame`` for every table (what st.dataframe gets). Widgets are replaced by parameters
drawn at random (seeded) on every run: indicator, districts (among those the sidebar offers,
``Store.districts()``), years, kön, view. Medians over --runs runs per page, on the big
synthetic store (bench/make_sweden_store.py) and on the small store built from the bundled
data/, and their ratio. Target: Trender within 150 ms median.

Two cache modes, because the app keeps every query result and every built view in the
store's memo (``dashboard.store.Memo``), keyed by the store, its data version, the method
and its arguments (or the spec):
* ``varm``: the memo is kept between runs (as between reruns and sessions); only queries
  with new parameters run and only views with a new spec are built. This is what a user
  waits for after changing a widget.
* ``kall``: no memo; every query runs (first visit after an import).

    python bench/bench_pages.py [--db /tmp/sverige.duckdb] [--small /tmp/liten.duckdb]
        [--runs 25] [--pages Trender,Översikt] [--queries]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
import duckdb
from common import header

from dashboard.store import Memo, Store

try:  # degrade to queries only if the view layer cannot be imported
    from dashboard import tables
    from dashboard.figures import layout, lines
    from dashboard.series import GAP_MEASURES, VIEWS, flag_notes, trend_areas, trend_series
    from dashboard.specs import MeasuresSpec, OverviewSpec, ProfileSpec, RankingSpec, TrendSpec
    from dashboard.views import View, build
    from dashboard.views import common as view_common
    HAVE_FIGURES = True
except Exception as exc:  # noqa: BLE001
    HAVE_FIGURES = False
    FIGURES_ERROR = f"{type(exc).__name__}: {exc}"

TARGET_TRENDER = 0.150


class TimedStore(Store):
    """``Store`` whose SQL is clocked: the part of a rerun spent in DuckDB."""

    def __init__(self, con: duckdb.DuckDBPyConnection, clock: Session, **kwargs) -> None:
        super().__init__(con, **kwargs)
        self.clock = clock

    def _df(self, sql: str, params: Sequence | None = None):
        start = time.perf_counter()
        try:
            return super()._df(sql, params)
        finally:
            self.clock.seconds += time.perf_counter() - start


class Session:
    """Stand-in for dashboard.ui.frame.store(): a new ``Store`` every rerun (which reads the
    data version once), sharing one memo between reruns when the cache is on."""

    def __init__(self, con: duckdb.DuckDBPyConnection, key: str, cached: bool):
        self.con, self.key = con, key
        self.memo = Memo() if cached else None
        self.seconds = 0.0

    def store(self) -> Store:
        return TimedStore(self.con, self, key=self.key, memo=self.memo)


class Params:
    """What the widgets would hold, drawn at random for each run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seed: int):
        self.rng = random.Random(seed)
        store = Store(con)
        districts = store.districts()  # what the sidebar offers
        self.districts = list(districts["code"])
        self.priority = list(districts.loc[districts["priority"].astype(bool), "code"])
        self.indicators = store.indicators()
        self.rounds = store.followup_rounds()

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


def _show(view: View) -> None:
    """What the page hands to the browser: every chart as JSON, every table as the text the grid shows."""
    for chart in view.charts:
        _fig_out(chart.figure)
    for table in view.tables:
        tables.screen_frame(table.table)


def page_trender(s: Session, p: Params) -> None:
    store = s.store()
    store.indicators(), store.districts(), view_common.year_bounds(store)  # the sidebar's options
    indicator, chosen, years = p.indicator(), p.districts3(), p.years()
    meta = store.indicator(indicator)
    sex = p.sex() if meta["has_sex_split"] else "totalt"
    view = p.rng.choice(list(VIEWS))
    measure = p.rng.choice(list(GAP_MEASURES)) if view == "gap" else "difference"
    split = bool(meta["has_sex_split"]) and p.rng.random() < 0.2
    _show(build(TrendSpec(indicator, tuple(chosen), years, sex, view, measure, split=split), store))


def page_oversikt(s: Session, p: Params) -> None:
    store = s.store()
    store.districts(), store.indicators()
    _show(build(OverviewSpec(p.district(), p.sex()), store))


def page_profil(s: Session, p: Params) -> None:
    store = s.store()
    store.districts(), store.indicators(), view_common.year_bounds(store)
    _show(build(ProfileSpec(p.district(), p.years(), p.sex()), store))


def page_jamforelse(s: Session, p: Params) -> None:
    store = s.store()
    store.indicators()
    indicator = p.indicator()
    meta = store.indicator(indicator)
    year = p.rng.choice(store.years(indicator))
    sex = p.sex() if meta["has_sex_split"] else "totalt"
    view = build(RankingSpec(indicator, int(year), sex), store)
    if view.charts:
        _show(view)


def page_atgarder(s: Session, p: Params) -> None:
    store = s.store()
    rounds = store.followup_rounds()
    if not rounds:
        return
    round_ = p.rng.choice(rounds)
    options = build(MeasuresSpec(round_), store).extra["options"]  # the filters' options
    chosen = p.rng.sample(list(options["development_area"]), p.rng.randint(0, 2))
    _show(build(MeasuresSpec(round_, tuple(chosen)), store))


PAGES: dict[str, Callable[[Session, Params], None]] = {
    "Översikt": page_oversikt, "Trender": page_trender, "Områdesprofil": page_profil,
    "Jämförelse": page_jamforelse, "Åtgärder": page_atgarder,
}


def run_page(con, key: str, name: str, runs: int, cached: bool, seed: int = 1) -> dict | None:
    session = Session(con, key, cached)
    params = Params(con, seed)
    fn = PAGES[name]
    totals, query_times = [], []
    try:
        fn(session, params)  # warm-up: imports, first cache fill (as the first visitor)
        for _ in range(runs):
            session.seconds = 0.0
            start = time.perf_counter()
            fn(session, params)
            totals.append(time.perf_counter() - start)
            query_times.append(session.seconds)
    except Exception as exc:  # noqa: BLE001 - report and go on with the other pages
        print(f"    {name}: FEL {type(exc).__name__}: {exc}")
        traceback.print_exc(limit=3)
        return None
    totals.sort()
    return {"median": statistics.median(totals), "p90": totals[int(0.9 * (len(totals) - 1))],
            "queries": statistics.median(query_times),
            "python": statistics.median(t - s for t, s in zip(totals, query_times, strict=True))}


def query_medians(con, runs: int) -> dict[str, float]:
    """Each query of ``Store`` alone, no memo, varied parameters."""
    p = Params(con, 7)
    store = Store(con)
    refs = store.reference_areas()
    calls: dict[str, Callable[[], object]] = {
        "version": lambda: Store(con).version(),  # read once per Store: a new one each time
        "areas": store.areas,
        "districts": store.districts,
        "indicators": store.indicators,
        "observations (3 områden + kommun + riket)": lambda: store.observations(
            p.indicator(), [*p.districts3(), *refs.values()], *p.years(), (p.sex(),)),
        "overview": lambda: store.overview(p.district(), p.sex()),
        "profile": lambda: store.profile(p.district(), p.sex()),
        "ranking": lambda: store.ranking(p.indicator(), 2018 + p.rng.randint(0, 6), "totalt"),
        "years": lambda: store.years(p.indicator()),
        "measures": lambda: store.measures(p.rounds[-1]) if p.rounds else None,
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


def trender_steps(con, key: str, runs: int) -> dict[str, float]:
    """Trender split into its steps (warm memo as in the app), medians in seconds."""
    session = Session(con, key, True)
    p = Params(con, 11)
    steps: dict[str, list[float]] = {}

    def clock(name: str, fn: Callable[[], object]):
        start = time.perf_counter()
        out = fn()
        steps.setdefault(name, []).append(time.perf_counter() - start)
        return out

    for i in range(runs + 1):
        if i == 1:
            steps.clear()  # the first run filled the memo
        store = session.store()
        areas, _indicators, refs = clock("memo: areas + indicators + reference_areas",
                                         lambda: (store.areas(), store.indicators(), store.reference_areas()))
        styles, area_index = clock("common.styles + common.names (memo per dataversion)",
                                   lambda: (view_common.styles(store), view_common.names(store)))
        clock("(ej del av sidan: layout.area_styles(alla) utan memo)", lambda: layout.area_styles(areas))
        indicator, chosen, years = p.indicator(), p.districts3(), p.years()
        meta = store.indicator(indicator)
        codes = trend_areas(chosen, refs, unit=str(meta["unit"]), view="values")
        obs = clock("fråga: observations (ny parameter)",
                    lambda: store.observations(indicator, codes, years[0], years[1], ("totalt",)))
        series = clock("series.trend_series", lambda: trend_series(obs, view="values", kommun_code=refs.get("kommun")))
        names = clock("områdesnamn: area_index.names_of(valda)", lambda: area_index.names_of(chosen))
        fig = clock("lines.trend_figure", lambda: lines.trend_figure(
            series, meta, styles=styles, view="values", years=years, sex="totalt",
            district_names=names, example=False))
        clock("fig.to_json (det st.plotly_chart skickar)", lambda: fig.to_json())
        table = clock("tables.trend_table + flag_notes", lambda: (
            tables.trend_table(series, view="values"), flag_notes(series))[0])
        clock("tables.screen_frame", lambda: tables.screen_frame(table))
        spec = TrendSpec(indicator, tuple(chosen), years)
        clock("hela vyn: views.build (ny spec: frågor ur memo, figur, tabell, nyckeltal)", lambda: build(spec, store))
        clock("samma val igen: views.build (vyn ur memo)", lambda: build(spec, session.store()))
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
        print(f"   dashboard.views/figures/tables kan inte användas ({FIGURES_ERROR}); bara frågor mäts")
    stores = {"Sverige": args.db, "liten": ensure_small(args.small)}
    cons = {k: duckdb.connect(str(v), read_only=True) for k, v in stores.items()}
    for label, con in cons.items():
        n = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        a = con.execute("SELECT count(*) FROM areas").fetchone()[0]
        print(f"   {label}: {stores[label]} – " + f"{n:_} observationer, {a:_} områden".replace("_", " "))
    if HAVE_FIGURES:
        for mode in [m for m in args.modes.split(",") if m]:
            print(f"\n-- Sidor, cache {mode} (sekunder → ms; python = vyer + figurer + tabeller)")
            print(f"   {'sida':16} {'Sverige median':>15} {'p90':>9} {'frågor':>9} {'python':>9}"
                  f" {'liten median':>13} {'Sverige/liten':>14}")
            for name in args.pages.split(","):
                big = run_page(cons["Sverige"], str(stores["Sverige"]), name, args.runs, mode == "varm")
                small = run_page(cons["liten"], str(stores["liten"]), name, args.runs, mode == "varm")
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
        big = trender_steps(cons["Sverige"], str(stores["Sverige"]), args.runs)
        small = trender_steps(cons["liten"], str(stores["liten"]), args.runs)
        for name in big:
            print(f"   {name:72} {big[name] * 1000:8.1f} ms   liten {small[name] * 1000:7.1f} ms")
    if args.queries or not HAVE_FIGURES:
        print("\n-- Frågorna ensamma, utan memo (median)")
        big, small = query_medians(cons["Sverige"], args.runs), query_medians(cons["liten"], args.runs)
        for name in big:
            ratio = big[name] / small[name] if small[name] else float("nan")
            print(f"   {name:44} {big[name] * 1000:9.1f} ms   liten {small[name] * 1000:7.1f} ms   {ratio:7.1f}×")
    for con in cons.values():
        con.close()


if __name__ == "__main__":
    main()
