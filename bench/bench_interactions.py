"""Benchmark 6 (issue 14): every page's main interactions in a real browser, bundled data and
the Sweden store, and the first chart against a bare Streamlit app with one Plotly chart.

Servers (each on a free 127.0.0.1 port, the stores opened read-only as in bench_browser.py):
the app on the store built from ``data/`` («liten»), the app on the Sweden store
(``/tmp/sverige.duckdb``, make_sweden_store.py; left out with a note when it is missing), and
a bare app: ``st.plotly_chart`` of one line chart, nothing else.

Each interaction is a real change a user makes (a district, an indicator, the years, kön,
the view, the next slide, another page), done back and forth so every repetition changes
something. The preparation (opening a dropdown) is not timed. Timed, in the page with
``performance.now()``: from the ``pointerdown`` or ``keydown`` of the action to the moment
the rerun it started is over (the script state was seen ``running`` after the action, and
is ``notRunning`` again with no spinner), every Plotly chart in the main area is drawn, and
the next animation frame is painted. The runs alternate between the stores so load on a
shared machine hits both alike.

First chart: a fresh browser context (empty cache) opens the page; from navigation start to
the first drawn Plotly chart with the app idle. The app's Trender and the bare app alternate,
and the ratio of the medians is printed (target: at most 1,5×).

    python bench/bench_interactions.py [--sweden /tmp/sverige.duckdb] [--repeat 15] [--first 7]
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import common  # noqa: F401 - puts the repository root on sys.path
from bench_browser import CHROMIUM, CHROMIUM_ARGS, STEP_MS, Server, start, stats, stop
from common import header

from tests.e2e.helpers import IDLE_JS

ROOT = common.ROOT
MISSED_MS = 20_000   # a change not done by then is counted as missed (see ``timed``)
TARGET_MEDIAN_MS = {"liten": 300, "Sverige": 500}
TARGET_P95_MS = {"liten": 600}

# Arms the clock: t0 at the next pointerdown/keydown; done when a rerun was seen after it,
# the app is idle again, every chart in the main area is drawn, and a frame has been painted.
ARM_JS = """() => {
  const idle = """ + IDLE_JS + """;
  const drawn = () => [...document.querySelectorAll(
      "[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")].every(el => !!el._fullLayout);
  const b = window.__bench = {t0: null, ran: false, done: null, paint: null};
  const app = document.querySelector("[data-testid='stApp']");
  const arm = () => { if (b.t0 === null) b.t0 = performance.now(); };
  document.addEventListener('pointerdown', arm, {capture: true, once: true});
  document.addEventListener('keydown', arm, {capture: true, once: true});
  const check = (records) => {
    if (b.t0 === null || b.done !== null) return;
    for (const r of records || []) {
      if (r.attributeName === 'data-test-script-state'
          && (r.oldValue === 'running' || app.getAttribute('data-test-script-state') === 'running')) b.ran = true;
    }
    if (b.ran && idle() && drawn()) {
      b.done = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => { b.paint = performance.now(); });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                              characterData: true, attributeOldValue: true});
  return true;
}"""

FIRST_CHART_JS = """() => {
  const idle = """ + IDLE_JS + """;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot")];
  return idle() && charts.length > 0 && charts.every(el => !!el._fullLayout);
}"""

# The bare app's change is done when its chart shows the chosen option's line (slope 1,5 for
# Berga, 2 for Skäggetorp) and the app is idle: its rerun is so quick that the «running» state
# above was now and then never seen, and the wait ran out.
BARE_ARM_JS = """(want) => {
  const idle = """ + IDLE_JS + """;
  const b = window.__bench = {t0: null, done: null, paint: null};
  document.addEventListener('pointerdown', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
  const shows = () => [...document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot")]
      .some(el => el._fullLayout && el.data && el.data[0] && el.data[0].y[1] === want);
  const observer = new MutationObserver(() => {
    if (b.t0 === null || b.done !== null || !idle() || !shows()) return;
    b.done = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { b.paint = performance.now(); });
  });
  observer.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  return true;
}"""

# Issue 26's yardstick: one selectbox and one Plotly chart that follows it.
BARE_APP = '''import plotly.graph_objects as go
import streamlit as st

st.title("Bar app")
area = st.sidebar.selectbox("Område", ["Berga", "Skäggetorp"])
step = 1.5 if area == "Berga" else 2.0
st.plotly_chart(go.Figure(go.Scatter(x=list(range(2012, 2025)), y=[i * step for i in range(13)])))
'''
TARGET_RATIO_MEDIAN, TARGET_RATIO_P95, TARGET_FIRST_RATIO_26 = 1.5, 3.0, 1.2


@dataclass
class Interaction:
    """One thing a user does on a page; ``act(page, i)`` prepares (untimed) and returns the
    timed action for repetition ``i`` (even and odd repetitions go back and forth)."""

    page: str
    name: str
    path: str
    act: Callable[[object, int], Callable[[], None]]
    times: dict[str, list[float]] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)

    def add(self, server: str, ms: float) -> None:
        if math.isnan(ms):
            self.missed[server] = self.missed.get(server, 0) + 1
        else:
            self.times.setdefault(server, []).append(ms)


def _sidebar(page):
    return page.get_by_test_id("stSidebar")


def _labelled(page, testid: str, label: str, in_sidebar: bool = True):
    scope = _sidebar(page) if in_sidebar else page.get_by_test_id("stMain")
    return scope.get_by_test_id(testid).filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))


def select(label: str, options: tuple[str, str], in_sidebar: bool = True):
    """A selectbox: open it (untimed), then the timed click on the other option."""
    def pick(page, name: str):
        box = _labelled(page, "stSelectbox", label, in_sidebar)
        combo = box.get_by_role("combobox")
        combo.click()
        combo.fill(name)  # a long list is virtualised: filter it to the option
        option = page.get_by_role("option", name=name, exact=True)
        option.wait_for(state="visible", timeout=STEP_MS)
        return option

    def act(page, i: int):
        want = options[i % 2]
        box = _labelled(page, "stSelectbox", label, in_sidebar)
        if want in box.inner_text().splitlines()[1:]:   # the label's line, then the chosen value
            # already chosen (a default or a link): choose the other first, untimed, so the timed
            # click changes something
            pick(page, options[(i + 1) % 2]).click()
            page.wait_for_timeout(300)
            page.wait_for_function(IDLE_JS, polling=50, timeout=STEP_MS)
        return pick(page, want).click
    return act


def multiselect_toggle(label: str, option_name: str):
    """Add a district (dropdown opened and filtered untimed), then remove it with its chip's ×."""
    def act(page, i: int):
        box = _labelled(page, "stMultiSelect", label)
        if i % 2 == 0:
            combo = box.get_by_role("combobox")
            combo.click()
            combo.fill(option_name)
            option = page.get_by_role("option", name=option_name, exact=True)
            option.wait_for(state="visible", timeout=STEP_MS)
            return option.click
        page.keyboard.press("Escape")
        return box.locator(f"[data-tag][aria-label='{option_name}']").get_by_role("button").click
    return act


def radio(label: str, options: tuple[str, str]):
    def act(page, i: int):
        group = _labelled(page, "stRadio", label)
        return group.get_by_text(options[i % 2], exact=True).click
    return act


def segmented(label: str, options: tuple[str, str]):
    def act(page, i: int):
        control = _labelled(page, "stButtonGroup", label, in_sidebar=False)
        return control.get_by_role("radio", name=options[i % 2], exact=True).click
    return act


def slider_step(label: str):
    """The years slider's lower thumb one year right, then back (keyboard)."""
    def act(page, i: int):
        thumb = _labelled(page, "stSlider", label).get_by_role("slider").first
        thumb.focus()
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        return lambda: thumb.press(key)
    return act


def tab(names: tuple[str, str]):
    """A tab of the main area (Områdesprofil's utvecklingsområden)."""
    def act(page, i: int):
        return page.get_by_test_id("stMain").get_by_role("tab", name=names[i % 2], exact=True).click
    return act


def slide_step():
    def act(page, i: int):
        name = "Nästa" if i % 2 == 0 else "Föregående"
        return page.get_by_test_id("stMain").get_by_role("button", name=name).first.click
    return act


def page_switch(titles: tuple[str, str]):
    def act(page, i: int):
        link = _sidebar(page).get_by_test_id("stSidebarNavLink").filter(has_text=titles[i % 2])
        return link.first.click
    return act


def slideshow_param() -> str:
    from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec, encode

    return encode([TrendSpec("forsorjningsstod_andel"), RankingSpec("meritvarde_ak9"), MeasuresSpec(2021)])


def interactions() -> list[Interaction]:
    deck = slideshow_param()
    return [
        Interaction("Översikt", "område", "/oversikt", select("Område", ("Berga", "Skäggetorp"))),
        Interaction("Översikt", "kön", "/oversikt", radio("Kön", ("Kvinnor", "Totalt"))),
        Interaction("Trender", "område (lägg till / ta bort)", "/trender", multiselect_toggle("Områden", "Lambohov")),
        Interaction("Trender", "indikator", "/trender",
                    select("Indikator", ("Meritvärde åk 9", "Invånare i hushåll med ekonomiskt bistånd"))),
        Interaction("Trender", "år", "/trender", slider_step("År")),
        Interaction("Trender", "visning", "/trender", segmented("Visa", ("Index (första året = 100)", "Värden"))),
        Interaction("Områdesprofil", "område", "/omradesprofil", select("Område", ("Berga", "Skäggetorp"))),
        Interaction("Områdesprofil", "kön", "/omradesprofil", radio("Kön", ("Kvinnor", "Totalt"))),
        Interaction("Områdesprofil", "utvecklingsområde (flik)", "/omradesprofil",
                    tab(("3. Utbildning", "1. Trygghet och delaktighet"))),
        Interaction("Jämförelse", "indikator", "/jamforelse",
                    select("Indikator", ("Meritvärde åk 9", "Invånare i hushåll med ekonomiskt bistånd"))),
        Interaction("Presentation", "nästa / föregående bild", f"/presentation?bildspel={quote(deck)}", slide_step()),
        Interaction("Sidbyte", "Översikt ↔ Trender", "/oversikt", page_switch(("Trender", "Översikt"))),
    ]


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(IDLE_JS, polling=50, timeout=STEP_MS)
    page.wait_for_function(FIRST_CHART_JS.replace("charts.length > 0 && ", ""), polling=50, timeout=STEP_MS)
    check(page)


def check(page) -> None:
    n = page.locator("[data-testid='stException']").count()
    if n:
        raise SystemExit(f"{page.url}: appen visar {n} undantag: "
                         + " | ".join(page.locator("[data-testid='stException']").all_inner_texts()))


def timed(page, action: Callable[[], None], arm: tuple[str, object] | None = None) -> float:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(*(arm or (ARM_JS,)))
    action()
    try:
        page.wait_for_function("() => window.__bench && window.__bench.paint !== null", polling=30,
                               timeout=MISSED_MS)
    except PlaywrightTimeout:
        # now and then a change's rerun is never seen (the click landed, the page shows the new
        # choice, but no «running» state was recorded): counted as missed, not as a time
        shot = Path(tempfile.gettempdir()) / "bench_interactions_missed.png"
        page.screenshot(path=str(shot))
        page.wait_for_function(IDLE_JS, polling=50, timeout=STEP_MS)
        check(page)
        return math.nan
    b = page.evaluate("() => window.__bench")
    check(page)
    return b["paint"] - b["t0"]


def run_interactions(browser, servers: list[Server], repeat: int, only: str = "",
                     bare: Server | None = None) -> list[Interaction]:
    """Every interaction on every store; with ``bare``, the bare app's own selectbox change is
    measured first and last in the same run, and each line gives its median as × the bare app's."""
    items = [item for item in interactions() if only.lower() in item.page.lower()]
    pages = {}
    bare_item = Interaction("Bar app", "område", "/", select("Område", ("Skäggetorp", "Berga")))
    if bare is not None:
        _bare_round(browser, bare, bare_item, repeat)
    for s in servers:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
        pages[s.name] = context.new_page()
        pages[s.name].set_default_timeout(STEP_MS)
    for item in items:
        for s in servers:
            page = pages[s.name]
            open_page(page, s.url + item.path)
            item.times[s.name] = []
            timed(page, item.act(page, 0))  # warm-up: Plotly's first redraw, the widget's first use
            timed(page, item.act(page, 1))
        for i in range(repeat * 2):  # back and forth; both directions count
            for s in (servers if i % 2 == 0 else servers[::-1]):
                page = pages[s.name]
                item.add(s.name, timed(page, item.act(page, i)))
        base = statistics.median(bare_item.times["bar"]) if bare_item.times.get("bar") else None
        line = "   ".join(f"{s.name}: {_cell(item.times[s.name], item.missed.get(s.name, 0))}"
                          + (f" = {statistics.median(item.times[s.name]) / base:.2f}×" if base else "")
                          for s in servers)
        print(f"  {item.page + ' – ' + item.name:48} {line}", flush=True)
    if bare is not None:
        _bare_round(browser, bare, bare_item, repeat)
        items.append(bare_item)
    return items


def _bare_round(browser, bare: Server, item: Interaction, repeat: int) -> None:
    """The bare app's selectbox, back and forth: the yardstick the ratios are taken against."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_MS)
        open_page(page, bare.url + item.path)
        slope = {0: 2.0, 1: 1.5}   # options ("Skäggetorp", "Berga")
        timed(page, item.act(page, 0), (BARE_ARM_JS, slope[0]))
        timed(page, item.act(page, 1), (BARE_ARM_JS, slope[1]))
        for i in range(repeat * 2):
            item.add("bar", timed(page, item.act(page, i), (BARE_ARM_JS, slope[i % 2])))
        print(f"  {'Bar app – område':48} bar: {_cell(item.times['bar'], item.missed.get('bar', 0))}", flush=True)
    finally:
        context.close()


def _cell(values: list[float], missed: int = 0) -> str:
    med, p95 = stats(values)
    return f"{med:6.0f} / {p95:5.0f} ms (n={len(values)}{f', {missed} missade' if missed else ''})"


def first_chart(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=STEP_MS)
        page.wait_for_function(FIRST_CHART_JS, polling=20, timeout=STEP_MS)
        return page.evaluate("() => performance.now()")  # ms since this document's navigation start
    finally:
        context.close()


def summary(items: list[Interaction], servers: list[Server], first: dict[str, list[float]]) -> None:
    bare = next((item for item in items if item.page == "Bar app"), None)
    items = [item for item in items if item is not bare]
    if bare is not None:
        base = statistics.median(bare.times["bar"])
        print(f"\n  Mål (issue 26): median ≤ {TARGET_RATIO_MEDIAN}× och p95 ≤ {TARGET_RATIO_P95}× den bara appens "
              f"median ({base:.0f} ms, n={len(bare.times['bar'])}).")
        for s in servers:
            misses = []
            for item in items:
                med, p95 = stats(item.times[s.name])
                if med > TARGET_RATIO_MEDIAN * base or p95 > TARGET_RATIO_P95 * base:
                    misses.append(f"{item.page} – {item.name} ({med / base:.2f}× / p95 {p95 / base:.2f}×)")
            print(f"  {s.name}: {len(items) - len(misses)} av {len(items)} interaktioner inom målet"
                  + (": utanför " + "; ".join(misses) if misses else ""))
    print("\n  Mål (issue 14): median ≤ 300 ms och p95 ≤ 600 ms på den lilla databasen, median ≤ 500 ms på Sverige.")
    for s in servers:
        misses = []
        for item in items:
            med, p95 = stats(item.times[s.name])
            if med > TARGET_MEDIAN_MS[s.name] or (s.name in TARGET_P95_MS and p95 > TARGET_P95_MS[s.name]):
                misses.append(f"{item.page} – {item.name} ({med:.0f} / {p95:.0f} ms)")
        print(f"  {s.name}: {len(items) - len(misses)} av {len(items)} interaktioner inom målet"
              + (": utanför " + "; ".join(misses) if misses else ""))
    if first:
        app, bare = statistics.median(first["app"]), statistics.median(first["bar"])
        verdict = "uppnått" if app / bare <= TARGET_FIRST_RATIO_26 else "EJ uppnått"
        print(f"  Första diagrammet: appen (Trender, liten) {app:.0f} ms, bar app {bare:.0f} ms (medianer, "
              f"n={len(first['app'])}): {app / bare:.2f}× – mål ≤ {TARGET_FIRST_RATIO_26}× (issue 26): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweden", type=Path, default=Path("/tmp/sverige.duckdb"))
    parser.add_argument("--repeat", type=int, default=15, help="fram och tillbaka per interaktion och databas")
    parser.add_argument("--first", type=int, default=7, help="mätningar av första diagrammet per app")
    parser.add_argument("--only", default="", help="bara sidor vars namn innehåller detta (t.ex. Områdesprofil)")
    args = parser.parse_args()
    header("Benchmark 6: varje sidas interaktioner i webbläsaren, och första diagrammet mot en bar app")
    print(f"   uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} saknas (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench_interactions_") as tmp_name:
        tmp = Path(tmp_name)
        small_db = tmp / "liten.duckdb"
        subprocess.run([sys.executable, "-m", "loaders", "--db", str(small_db), "build"], cwd=ROOT, check=True,
                       capture_output=True, timeout=600)
        servers = [Server("liten", small_db)]
        if args.sweden.exists():
            servers.append(Server("Sverige", args.sweden))
        else:
            print(f"   {args.sweden} saknas – bara den lilla databasen (python bench/make_sweden_store.py)")
        bare_script = tmp / "bar_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        bare = Server("bar", small_db)
        try:
            for s in servers:
                start(s, tmp)
            _start_bare(bare, bare_script, tmp)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    print("\n  Interaktion (median / p95 från klick eller tangent till uppdaterad sida):")
                    t = time.perf_counter()
                    items = run_interactions(browser, servers, args.repeat, args.only, bare=bare)
                    print(f"   ({time.perf_counter() - t:.0f} s)")
                    first: dict[str, list[float]] = {"app": [], "bar": []}
                    first_chart(browser, servers[0].url + "/trender")  # untimed: the app's caches
                    first_chart(browser, bare.url)
                    for _ in range(args.first):
                        first["app"].append(first_chart(browser, servers[0].url + "/trender"))
                        first["bar"].append(first_chart(browser, bare.url))
                finally:
                    browser.close()
        finally:
            for s in [*servers, bare]:
                stop(s)
        print(f"   uptime efter: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        summary(items, servers, first)


def _start_bare(server: Server, script: Path, tmp: Path) -> None:
    """The bare app through the same read-only server wrapper, on its own script."""
    import bench_browser

    original = bench_browser.SERVER_CODE
    try:
        bench_browser.SERVER_CODE = original.replace('sys.argv = ["streamlit", *sys.argv[1:]]',
                                                     f'sys.argv = ["streamlit", *[{str(script)!r} if a == "app.py" '
                                                     'else a for a in sys.argv[1:]]]')
        start(server, tmp)
    finally:
        bench_browser.SERVER_CODE = original


if __name__ == "__main__":
    main()
