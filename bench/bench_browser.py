"""Benchmark 3 (issue 6): in the browser, from changing the district on Trender to the new chart.

Two servers run side by side – ``streamlit run app.py`` on the Sweden store
(``/tmp/sverige.duckdb``, see make_sweden_store.py) and on the small store built from data/
(``python -m loaders --db DB build`` into a temporary folder) – each on a free 127.0.0.1
port. Both open their store **read-only** (the app normally opens it for writing; here
``loaders.store.connect`` is wrapped before Streamlit starts, in the server process only,
so the benchmark never writes to the Sweden store and other readers of it are not locked
out). Nothing else in the app is changed.

One headless Chromium (Playwright, Debian's /usr/bin/chromium), one context per server. On
Trender, each change adds one district to "Områden" in the sidebar: the dropdown is opened
and filtered to the name first (untimed), then the option is clicked. Timed, in the page
with ``performance.now()``:

* start: the ``pointerdown`` of that click (capturing listener on the document);
* chart: the first DOM mutation after which a Plotly trace in the main area is named after
  the new district (a MutationObserver checks ``el.data`` of every chart);
* done (the figure reported): chart as above **and** the script run over – websocket
  CONNECTED, ``data-test-script-state`` = ``notRunning``, no running indicator, no spinner;
* painted: the next animation frame after "done".

Then the district is removed again (its chip's ×), timed the same way until no trace names
it. Changes alternate between the two servers so that load on a shared machine hits both
alike; the districts cycle through Linköping's seven non-priority districts, which both
stores have, so the first pass has new query parameters (cache cold) and later passes hit
``st.cache_data`` (warm) – reported separately as well.

    python bench/bench_browser.py [--sweden /tmp/sverige.duckdb] [--changes 21]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
from common import header, wait_healthy

from tests.e2e.helpers import IDLE_JS, free_port

ROOT = common.ROOT
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
STEP_MS = 120_000  # bound for any single wait (the Sweden store's first run is slow)
TARGET_MS = 500
DISTRICTS = ["Lambohov", "Ekholmen", "Johannelund", "Gottfridsberg", "Vasastaden", "Innerstaden",
             "Tornby-Kallerstad"]

# The server: open the store read-only, then run Streamlit's own command line in-process.
SERVER_CODE = """
import sys
import loaders.store as store
_connect = store.connect
def connect(path=None, *, read_only=False):
    return _connect(path, read_only=True)
store.connect = connect
from streamlit.web import cli
sys.argv = ["streamlit", *sys.argv[1:]]
cli.main()
"""


# Arms the clock: start at the next pointerdown, stop when ``want`` holds for the district.
ARM_JS = """([name, present]) => {
  const idle = """ + IDLE_JS + """;
  const named = () => [...document.querySelectorAll(
      "[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
      .some(el => el._fullLayout && (el.data || []).some(t => t.name === name));
  const b = window.__bench = {t0: null, sent: null, answer: null, running: null, chart: null,
                              done: null, paint: null};
  const app = document.querySelector("[data-testid='stApp']");
  document.addEventListener('pointerdown', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
  const check = () => {
    if (b.t0 === null || b.done !== null) return;
    const now = performance.now();
    if (b.running === null && app.getAttribute('data-test-script-state') === 'running') b.running = now;
    if (b.chart === null && named() === present) b.chart = now;
    if (b.chart !== null && idle() && named() === present) {
      b.done = now;
      observer.disconnect();
      requestAnimationFrame(() => { b.paint = performance.now(); });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement,
                   {subtree: true, childList: true, attributes: true, characterData: true});
  b.stop = () => observer.disconnect();
  return true;
}"""


# Where the time goes: when the page first sends on the websocket after the click (the
# rerun request) and first receives after that (the server's answer).
WS_SPY_JS = """(() => {
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    const b = window.__bench;
    if (b && b.t0 !== null && b.sent === null) b.sent = performance.now();
    return send.call(this, data);
  };
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', () => {
      const b = window.__bench;
      if (b && b.sent !== null && b.answer === null) b.answer = performance.now();
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""


@dataclass
class Server:
    name: str
    db: Path
    url: str = ""
    proc: subprocess.Popen | None = None
    log: object = None
    # (chart, done, paint, running, kB received over the websocket) per change
    add: list[tuple[float, ...]] = field(default_factory=list)
    remove: list[tuple[float, ...]] = field(default_factory=list)
    received: list[int] = field(default_factory=list)  # websocket bytes, appended by a listener
    cold: list[bool] = field(default_factory=list)


def start(server: Server, tmp: Path) -> None:
    port = free_port()
    server.url = f"http://127.0.0.1:{port}"
    server.log = open(tmp / f"streamlit_{server.name}.log", "wb")  # noqa: SIM115 - closed in stop
    env = dict(os.environ, INDIKATORPANEL_DB=str(server.db), PYTHONPATH=str(ROOT))
    server.proc = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE, "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=server.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    wait_healthy(server.url, server.proc, name=f"streamlit ({server.name}, se {tmp})")


def stop(server: Server) -> None:
    if server.proc is not None and server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()
    if server.log is not None:
        server.log.close()


def wait_idle(page) -> None:
    page.wait_for_function(IDLE_JS, polling=50, timeout=STEP_MS)


def check_no_exception(page, server: Server) -> None:
    n = page.locator("[data-testid='stException']").count()
    if n:
        raise SystemExit(f"{server.name}: appen visar {n} undantag: "
                         + " | ".join(page.locator("[data-testid='stException']").all_inner_texts()))


def sidebar_multiselect(page):
    return page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text("Områden", exact=True))


def timed(page, server: Server, name: str, present: bool, act) -> tuple[float, ...]:
    """Arm the in-page clock, act (the click), wait for the result.

    Returns ms from the click to: chart, done, painted, the run started, the rerun request
    sent, the server's first answer (NaN if not seen); and the kB the server sent meanwhile."""
    page.evaluate(ARM_JS, [name, present])
    server.received.clear()
    act()
    page.wait_for_function("() => window.__bench && window.__bench.paint !== null", polling=50,
                           timeout=STEP_MS)
    b = page.evaluate("() => window.__bench")
    def since(key: str) -> float:
        return b[key] - b["t0"] if b.get(key) is not None else float("nan")

    return (since("chart"), since("done"), since("paint"), since("running"),
            sum(server.received) / 1024, since("sent"), since("answer"))


def change(page, server: Server, district: str, cold: bool) -> None:
    box = sidebar_multiselect(page)
    combo = box.get_by_role("combobox")
    combo.click()
    combo.fill(district)
    option = page.get_by_role("option", name=district, exact=True)
    option.wait_for(state="visible", timeout=STEP_MS)
    server.add.append(timed(page, server, district, True, option.click))
    server.cold.append(cold)
    page.keyboard.press("Escape")
    wait_idle(page)
    check_no_exception(page, server)
    chip = box.locator(f"[data-tag][aria-label='{district}']")
    server.remove.append(timed(page, server, district, False, chip.get_by_role("button").click))
    wait_idle(page)
    check_no_exception(page, server)


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return statistics.median(ordered), p95


def report(servers: list[Server]) -> None:
    print("\n  Tid från klick till uppdaterat diagram (ms; median / p95 / max):")
    rows = [("lägga till område: diagrammet har linjen", "add", 0, None),
            ("lägga till område: linjen + körningen klar", "add", 1, None),
            ("  varav första varvet (kall cache)", "add", 1, True),
            ("  varav senare varv (varm cache)", "add", 1, False),
            ("lägga till område: … + nästa bildruta", "add", 2, None),
            ("  klick → omkörning begärd (websocket send)", "add", 5, None),
            ("  klick → första svar från servern", "add", 6, None),
            ("  klick → körningen startar (script-state)", "add", 3, None),
            ("ta bort område: linjen borta + körningen klar", "remove", 1, None)]
    medians: dict[tuple[str, str], float] = {}
    for label, kind, col, cold in rows:
        cells = []
        for s in servers:
            data = getattr(s, kind)
            values = [d[col] for d, c in zip(data, s.cold, strict=True)
                      if (cold is None or c == cold) and not math.isnan(d[col])]
            if not values:
                cells.append(f"{'–':>22}")
                continue
            med, p95 = stats(values)
            medians[(label, s.name)] = med
            cells.append(f"{med:7.0f} / {p95:5.0f} / {max(values):5.0f} (n={len(values):2d})")
        print(f"  {label:48} " + "   ".join(f"{s.name}: {c}" for s, c in zip(servers, cells, strict=True)))
    print("  kB från servern över websocketen per ändring (median), lägga till / ta bort: "
          + ", ".join(f"{s.name} {statistics.median(a[4] for a in s.add):.0f} / "
                      f"{statistics.median(r[4] for r in s.remove):.0f}" for s in servers))
    big, small = servers
    for label in ("lägga till område: linjen + körningen klar",
                  "ta bort område: linjen borta + körningen klar"):
        a, b = medians.get((label, big.name)), medians.get((label, small.name))
        if a and b:
            print(f"  {big.name}/{small.name}, {label}: {a / b:.2f}×")
    main_median = medians.get(("lägga till område: linjen + körningen klar", big.name))
    if main_median is not None:
        verdict = "uppnått" if main_median < TARGET_MS else "EJ uppnått"
        print(f"  mål < {TARGET_MS} ms median ({big.name}): {verdict} ({main_median:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweden", type=Path, default=Path("/tmp/sverige.duckdb"))
    parser.add_argument("--changes", type=int, default=21, help="ändringar per databas (≥ 20)")
    parser.add_argument("--headed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    header("Benchmark 3: Trender i webbläsaren – byta område till uppdaterat diagram")
    print(f"   uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    if not args.sweden.exists():
        raise SystemExit(f"{args.sweden} saknas: kör python bench/make_sweden_store.py --db {args.sweden}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} saknas (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench_browser_") as tmp_name:
        tmp = Path(tmp_name)
        small_db = tmp / "liten.duckdb"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "loaders", "--db", str(small_db), "build"], cwd=ROOT,
                       check=True, capture_output=True, timeout=600)
        print(f"   liten databas byggd från data/ på {time.perf_counter() - t:.1f} s")
        servers = [Server("Sverige", args.sweden), Server("liten", small_db)]
        try:
            for s in servers:
                start(s, tmp)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=not args.headed)
                try:
                    pages = {}
                    for s in servers:
                        context = browser.new_context(viewport={"width": 1400, "height": 900},
                                                      locale="sv-SE")
                        context.add_init_script(WS_SPY_JS)
                        page = context.new_page()
                        page.set_default_timeout(STEP_MS)
                        page.on("websocket", lambda ws, s=s: ws.on(
                            "framereceived", lambda payload, s=s: s.received.append(len(payload))))
                        t = time.perf_counter()
                        page.goto(f"{s.url}/trender", wait_until="domcontentloaded")
                        page.get_by_test_id("stMain").locator(
                            "[data-testid='stPlotlyChart'] .js-plotly-plot").first.wait_for()
                        wait_idle(page)
                        check_no_exception(page, s)
                        print(f"   {s.name}: första visningen av Trender {time.perf_counter() - t:.1f} s "
                              f"(med appens start av databasen)")
                        pages[s.name] = page
                    # one untimed round trip each (the dropdown and Plotly's first redraw)
                    for s in servers:
                        change(pages[s.name], s, "Lambohov", True)
                        s.add.clear(), s.remove.clear(), s.cold.clear()
                    t = time.perf_counter()
                    for i in range(args.changes):
                        district = DISTRICTS[(i + 1) % len(DISTRICTS)]
                        cold = i + 1 < len(DISTRICTS)  # Lambohov was the warm-up
                        for s in (servers if i % 2 == 0 else servers[::-1]):
                            change(pages[s.name], s, district, cold)
                    print(f"   {args.changes} ändringar per databas (+ borttagningar) på "
                          f"{time.perf_counter() - t:.0f} s")
                finally:
                    browser.close()
        finally:
            for s in servers:
                stop(s)
        print(f"   uptime efter: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
        report(servers)


if __name__ == "__main__":
    main()
