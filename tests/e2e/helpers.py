"""Helpers for the end-to-end tests: starting the server, waiting for the app, widgets, shots.

Every wait here is bounded (``STEP_TIMEOUT_MS`` at most per step). Content checks after an
interaction use Playwright's auto-waiting ``expect`` / ``wait_for_function`` on the concrete
change the test expects, so a rerun that has not started yet cannot make a test pass.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
STEP_TIMEOUT_MS = 30_000  # upper bound for any single wait in the browser

APP = "[data-testid='stApp']"
PLOT = "[data-testid='stPlotlyChart'] .js-plotly-plot"
# In-page predicate: connected, the script run over, no running indicator or spinner
# (for wait_for_function where a Python-side wait cannot be used, e.g. timing in the page).
IDLE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-testid='stStatusWidgetRunningIcon'], "
        + "[data-testid='stStatusWidgetRunningManIcon'], [data-testid='stSpinner']");
}"""


def in_ci() -> bool:
    """True when the environment variable CI is set (anything but empty/0/false/no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip locally; in CI fail instead, so browser tests are never skipped silently there."""
    if in_ci():
        pytest.fail(f"{reason} — CI is set, so the browser tests must not be skipped.",
                    pytrace=False)
    pytest.skip(reason)


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:120] or "page"


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


@dataclass
class AppServer:
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    _log_file: object = field(repr=False, default=None)

    def log_tail(self, max_chars: int = 6000) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(could not read server log {self.log_path}: {exc})"
        if len(text) > max_chars:
            text = "…\n" + text[-max_chars:]
        return text or "(server log is empty)"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(script: Path, cwd: Path, env: dict[str, str], log_path: Path,
                    timeout_s: float = SERVER_START_TIMEOUT_S,
                    extra_args: tuple[str, ...] = ()) -> AppServer:
    """Start ``streamlit run <script>`` on a free loopback port and wait until it is healthy.

    Fails (with the server's output) if the process dies or is not healthy in ``timeout_s``.
    """
    port = free_port()
    log_file = open(log_path, "wb")  # noqa: SIM115 - closed in AppServer.stop
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script),
         "--server.headless", "true",
         "--server.port", str(port),
         "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra_args],
        cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    server = AppServer(url=f"http://127.0.0.1:{port}", port=port, proc=proc,
                       log_path=log_path, _log_file=log_file)
    health = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    last = "no answer yet"
    while True:
        if proc.poll() is not None:
            server.stop()
            pytest.fail(f"streamlit exited with code {proc.returncode} before it was healthy.\n"
                        f"--- server output ({log_path}) ---\n{server.log_tail()}", pytrace=False)
        try:
            with urllib.request.urlopen(health, timeout=2) as resp:  # noqa: S310 - loopback
                body = resp.read().decode("utf-8", errors="replace").strip()
                if resp.status == 200 and body == "ok":
                    return server
                last = f"HTTP {resp.status}: {body!r}"
        except (urllib.error.URLError, OSError) as exc:
            last = repr(exc)
        if time.monotonic() > deadline:
            server.stop()
            pytest.fail(f"streamlit was not healthy at {health} within {timeout_s} s "
                        f"(last answer: {last}).\n--- server output ({log_path}) ---\n"
                        f"{server.log_tail()}", pytrace=False)
        time.sleep(0.25)  # polling interval, not an assertion


# --------------------------------------------------------------------------------------
# Waiting, failing with context, screenshots
# --------------------------------------------------------------------------------------


def fail_with_context(page, message: str) -> None:
    """Fail the test with the URL, recent browser errors and the tail of the server log."""
    errors = getattr(page, "page_errors", [])
    extra = ("\n--- browser page errors ---\n" + "\n".join(errors[-10:])) if errors else ""
    failed = getattr(page, "route_failures", [])  # requests a test's own routing could not answer
    extra += ("\n--- requests that failed in the test's routing ---\n" + "\n".join(failed[-10:])) if failed else ""
    server = getattr(page, "app_server", None)
    log = server.log_tail() if server is not None else "(no server log)"
    pytest.fail(f"{message}\nURL: {page.url}{extra}\n--- server output ---\n{log}",
                pytrace=False)


def check_no_exception(page) -> None:
    """Fail if Streamlit shows an exception (``stException``) anywhere on the page."""
    exceptions = page.locator("[data-testid='stException']")
    if exceptions.count():
        texts = [t.strip() for t in exceptions.all_inner_texts()]
        shot = save_screenshot(page, "EXCEPTION_" + _safe_name(page.url.split("//", 1)[-1]))
        fail_with_context(page, f"The app shows {len(texts)} exception(s) (screenshot {shot}):\n"
                          + "\n---\n".join(texts))


# Streamlit's own error modals (not dialogs the app opens on purpose)
STREAMLIT_ERROR_DIALOG = re.compile(r"Page not found|Connection error|Bad message format")


def check_no_error_dialog(page) -> None:
    """Fail if Streamlit shows one of its error modals, e.g. "Page not found"."""
    dialogs = page.get_by_role("dialog").filter(has_text=STREAMLIT_ERROR_DIALOG)
    if dialogs.count() and dialogs.first.is_visible():
        text = " ".join(dialogs.first.inner_text().split())
        shot = save_screenshot(page, "DIALOG_" + _safe_name(page.url.split("//", 1)[-1]))
        fail_with_context(page, f"Streamlit shows an error dialog (screenshot {shot}): {text!r}")


def wait_for_app(page, timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    """Wait until the script run is over and nothing is loading; fail on a shown exception.

    Same signals as Streamlit's own e2e tests: the websocket is CONNECTED and
    ``data-test-script-state`` is ``notRunning`` (it is ``initial`` before the first run);
    then no running status widget and no ``stSpinner`` may be left. Fails on a shown
    ``stException`` and on Streamlit's error modals ("Page not found", "Connection error").
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    try:
        page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']",
                               state="attached", timeout=timeout_ms)
        page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']",
                               state="attached", timeout=timeout_ms)
        for testid in ("stStatusWidgetRunningIcon", "stStatusWidgetRunningManIcon", "stSpinner"):
            expect(page.get_by_test_id(testid)).to_have_count(0, timeout=timeout_ms)
    except (PlaywrightError, AssertionError) as exc:
        check_no_exception(page)
        app = page.locator(APP).first
        attrs = ({a: app.get_attribute(a) for a in
                  ("data-test-script-state", "data-test-connection-state")} if app.count() else {})
        shot = save_screenshot(page, "TIMEOUT_" + _safe_name(page.url.split("//", 1)[-1]))
        fail_with_context(page, f"The app did not finish within {timeout_ms} ms {attrs} "
                                f"(screenshot {shot}): {exc}")
    check_no_exception(page)
    check_no_error_dialog(page)


def goto(page, base_url: str, path: str = "/") -> None:
    """Open ``base_url + path`` and wait until the first script run is over."""
    page.goto(base_url.rstrip("/") + path, wait_until="domcontentloaded")
    wait_for_app(page)


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Full-page screenshot to tests/artifacts/<name>.png.

    Streamlit scrolls inside its own containers, not the document, so for the shot the
    viewport is grown to the tallest scroll height (max 12 000 px) and restored afterwards.
    With ``full_page=False`` the shot is the screen as it is (a slide sized to the screen
    would be laid out again for a taller one).
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        page.screenshot(path=str(path), timeout=STEP_TIMEOUT_MS)
        return path
    viewport = page.viewport_size
    needed = page.evaluate("""() => {
        const els = [document.documentElement, document.body, ...document.querySelectorAll(
            "[data-testid='stMain'], [data-testid='stAppViewContainer'], "
            + "[data-testid='stSidebarContent'], [data-testid='stSidebarUserContent']")];
        return Math.max(...els.filter(Boolean).map(e => e.scrollHeight));
    }""")
    grown = bool(viewport) and needed > viewport["height"]
    if grown:
        page.set_viewport_size({"width": viewport["width"], "height": min(int(needed) + 40, 12000)})
        # two animation frames so the layout (and Plotly's resize) has happened
        page.wait_for_function("() => new Promise(r => requestAnimationFrame("
                               "() => requestAnimationFrame(() => r(true))))",
                               timeout=STEP_TIMEOUT_MS)
    try:
        page.screenshot(path=str(path), full_page=True, timeout=STEP_TIMEOUT_MS)
    finally:
        if grown:
            page.set_viewport_size(viewport)
    return path


# --------------------------------------------------------------------------------------
# Widgets (Streamlit 1.67 renders selectbox/multiselect as react-aria comboboxes)
# --------------------------------------------------------------------------------------


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def widget(page, testid: str, label: str, scope=None):
    """The one widget ``testid`` whose label is exactly ``label`` ("Område" ≠ "Områden")."""
    from playwright.sync_api import expect

    root = scope if scope is not None else page
    loc = root.get_by_test_id(testid).filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    expect(loc, f"exactly one {testid} labelled {label!r}").to_have_count(1)
    return loc


def selectbox_value(page, label: str, scope=None) -> str:
    return widget(page, "stSelectbox", label, scope).get_by_role("combobox").input_value()


def choose(page, label: str, option: str, scope=None) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (typing filters long lists)."""
    from playwright.sync_api import expect

    box = widget(page, "stSelectbox", label, scope)
    combo = box.get_by_role("combobox")
    combo.click()
    combo.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(combo).to_have_value(option)
    wait_for_app(page)


def options_of(page, label: str, scope=None) -> list[str]:
    """The option texts of a selectbox (opens and closes its list)."""
    box = widget(page, "stSelectbox", label, scope)
    box.get_by_role("combobox").click()
    listbox = page.get_by_role("listbox")
    listbox.first.wait_for(state="visible")
    names = [t.strip() for t in listbox.first.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def multiselect_values(page, label: str, scope=None) -> list[str]:
    box = widget(page, "stMultiSelect", label, scope)
    return box.locator("[data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || e.textContent.trim())")


def multiselect_remove(page, label: str, option: str, scope=None) -> None:
    """Remove one chosen value by its chip's close button."""
    from playwright.sync_api import expect

    box = widget(page, "stMultiSelect", label, scope)
    box.locator("[data-tag]").filter(has_text=option).get_by_role("button").click()
    expect(box.locator("[data-tag]").filter(has_text=re.compile(rf"^\s*{re.escape(option)}\s*$"))
           ).to_have_count(0)
    wait_for_app(page)


def multiselect_add(page, label: str, option: str, scope=None) -> None:
    """Add a value: click the widget, type the name, press Enter."""
    from playwright.sync_api import expect

    box = widget(page, "stMultiSelect", label, scope)
    combo = box.get_by_role("combobox")
    combo.click()
    combo.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).wait_for(state="visible")
    combo.press("Enter")
    page.keyboard.press("Escape")
    expect(box.locator(f"[data-tag][aria-label='{option}']")).to_have_count(1)
    wait_for_app(page)


def wait_for_plots(page, timeout_ms: int = STEP_TIMEOUT_MS) -> int:
    """Wait until every visible Plotly chart in the main area is drawn; returns how many.

    Plotly draws after the script run is over, so reading ``el.data`` right after
    ``wait_for_app`` may see nothing yet. At least one chart must be there.
    """
    handle = page.wait_for_function("""() => {
        const boxes = [...document.querySelectorAll(
            "[data-testid='stMain'] [data-testid='stPlotlyChart']")]
            .filter(b => b.offsetParent !== null);
        const drawn = boxes.filter(b => {
            const el = b.querySelector('.js-plotly-plot');
            return el && el._fullLayout && Array.isArray(el.data)
                   && el.querySelector('.main-svg');
        });
        return boxes.length > 0 && drawn.length === boxes.length ? boxes.length : 0;
    }""", timeout=timeout_ms)
    return int(handle.json_value())


def plot_traces(page, index: int = 0) -> list[str]:
    """Trace names of the ``index``-th Plotly chart in the main area."""
    return page.locator(f"[data-testid='stMain'] {PLOT}").nth(index).evaluate(
        "el => (el.data || []).map(t => t.name == null ? '' : String(t.name))")


def all_plot_texts(page) -> list[str]:
    """Trace names, chart titles and axis titles of every Plotly chart on the page."""
    return page.evaluate("""() => [...document.querySelectorAll(
            "[data-testid='stPlotlyChart'] .js-plotly-plot")].flatMap(el => {
        const out = (el.data || []).map(t => t.name == null ? '' : String(t.name));
        const lay = el.layout || {};
        const title = t => (t && (typeof t === 'string' ? t : t.text)) || '';
        out.push(title(lay.title));
        for (const k of Object.keys(lay)) if (/^[xy]axis/.test(k)) out.push(title(lay[k].title));
        return out.filter(Boolean);
    })""")


POINTS_JS = """(el, name) => {
  const t = el.data.find(t => t.name === name);
  return t ? t.x.map((x, i) => [Number(x), t.y[i]]) : [];
}"""


def points(page, name: str, index: int = 0) -> dict[int, float]:
    """The drawn line of one area in a chart: year -> value, read from Plotly's own data."""
    wait_for_plots(page)
    return {int(x): y for x, y in page.locator(PLOT).nth(index).evaluate(POINTS_JS, name)}


def open_page(page, title: str) -> None:
    """Navigate inside the same session (a reload would start a new, locked session)."""
    sidebar(page).get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)).click()
    wait_for_app(page)


def open_administration(page, group: str | None = None) -> None:
    """After ``unlock``: the Administration page from the sidebar (only an editor has the link),
    then one of its groups («Hämta data», «Uppföljning», «Områden och grupper», «Drift»); without
    ``group`` it opens on «Hämta data»."""
    from playwright.sync_api import expect

    link = sidebar(page).get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text("Administration", exact=True))
    expect(link).to_be_visible(timeout=STEP_TIMEOUT_MS)
    open_page(page, "Administration")
    expect(page.get_by_role("radiogroup", name="Del av administrationen")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    if group is not None:
        page.get_by_role("radio", name=group, exact=True).click()
        wait_for_app(page)
        expect(page.get_by_role("radio", name=group, exact=True)).to_be_checked(timeout=STEP_TIMEOUT_MS)


def unlock(page, password: str = "hemligt") -> None:
    """Sign in as editor on the Data page with the password ``editor_server`` configures (then
    ``open_administration`` for the panels that change data)."""
    from playwright.sync_api import expect

    field = page.get_by_label("Redaktörslösenord")
    try:  # a first visit on a busy machine may still be sending the Data page's elements
        field.wait_for(state="visible", timeout=2 * STEP_TIMEOUT_MS)
    except Exception:
        wait_for_app(page)
        shot = save_screenshot(page, "TIMEOUT_unlock")
        fail_with_context(page, f"Fältet «Redaktörslösenord» syns inte (skärmbild {shot})")
    field.fill(password)
    page.get_by_role("button", name="Lås upp redigering").click()
    wait_for_app(page)
    expect(page.get_by_text("Du är redaktör", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)


def eventually(read, expected, what: str, timeout_ms: int = STEP_TIMEOUT_MS):
    """Poll ``read()`` until it equals ``expected`` (or, for a callable ``expected``, until it
    returns true for the value): a browser test waits for the state it asserts, never for a
    moment, so a slow machine only makes it slower. Fails with the last value seen."""
    deadline = time.monotonic() + timeout_ms / 1000
    check = expected if callable(expected) else (lambda value: value == expected)
    while True:
        try:
            value = read()
        except Exception as exc:  # noqa: BLE001 - the element may be between two reruns
            value = exc
        if not isinstance(value, Exception) and check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: väntade på {expected!r}, fick {value!r}")
        time.sleep(0.1)



def download_meeting_pack(page):
    """On Presentation: «Ordna och ladda ner» → «Skapa mötespaket» → the PowerPoint's download
    (the chart images are drawn on the server, so it may take a while)."""
    from playwright.sync_api import expect

    page.get_by_text("Ordna och ladda ner", exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name="Skapa mötespaket").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Ladda ner PowerPoint")).to_be_visible(timeout=120_000)
    with page.expect_download() as pptx:
        page.get_by_role("button", name="Ladda ner PowerPoint").click()
    assert pptx.value.suggested_filename.endswith(".pptx")
    return pptx.value


@contextlib.contextmanager
def editor_at(browser, server, group: str, tab: str | None = None, *, width: int = 1600, height: int = 1000):
    """An editor's page on the Administration page's ``group`` (and ``tab``), signed in from the
    Data page as a user would; the browser context is closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.app_server = server
    page.page_errors = []
    try:
        goto(page, server.url, "/data")
        unlock(page)
        open_administration(page, group)
        if tab is not None:
            page.get_by_role("tab", name=tab).click()
        yield page
    finally:
        context.close()
