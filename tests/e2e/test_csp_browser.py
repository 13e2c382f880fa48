"""The Content-Security-Policy that the README recommends for the reverse proxy works.

The policy is read from the README itself (the nginx line ``add_header
Content-Security-Policy "…" always;``), so what is tested is what an administrator copies.
Every response from the app gets that header, as the proxy would add it: the browser context
routes every request, fetches the app's answer and fulfils it with the header added (all but
the upload's PUT, which is passed on untouched: Playwright cannot re-send a file body it has
intercepted, and a policy on an answer that is not a document has no effect). Then the
test visits every page, the presentation with slides, downloads the chart as PNG and SVG (the
SVG button is the app's own inline script, allowed by its hash), makes the meeting pack and an
Excel file, and as an editor unlocks the Data page and uploads a file on the Administration
page. It asserts that the browser reported no CSP violation (``securitypolicyviolation``
events and console messages about «Content Security Policy») and that every chart is drawn.

A control test applies the same policy without the script hashes and must see a violation,
so a silent recorder cannot make the main test pass.

The browser here is Debian's chromium like in the other browser tests, with one extra switch:
a response fulfilled by Playwright carries no IP address, so Chromium's Local Network Access
check treats the page as public and would block its websocket to 127.0.0.1. That check is
about private addresses, not about CSP, and behind a real proxy it does not arise; it is off
for this browser only.

Screenshots: tests/artifacts/80_csp_oversikt.png, 81_csp_presentation.png, 82_csp_data.png.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, TrendSpec
from tests.e2e.helpers import (
    CHROMIUM,
    download_meeting_pack,
    CHROMIUM_ARGS,
    REPO_ROOT,
    STEP_TIMEOUT_MS,
    _safe_name,
    eventually,
    goto,
    open_administration,
    save_screenshot,
    unlock,
    wait_for_app,
    wait_for_plots,
)
from tests.e2e.test_no_outside_requests import PAGES
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.e2e

README = REPO_ROOT / "README.md"
NGINX_LINE = re.compile(r'add_header Content-Security-Policy "([^"]+)" always;')
HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
CHART_PAGES = [p for p in PAGES if p not in ("/data", "/presentation")]
SVG_BUTTON = "[data-testid='stMain'] [data-ip-svg]"

# Every violation the page reports, sent to Python at once (an exposed function survives
# navigation; a list in the page would not).
RECORD_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation([e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber,
                         (e.sample || '').slice(0, 80)].join(' | '));
});
"""


def recommended_policy() -> str:
    found = NGINX_LINE.findall(README.read_text(encoding="utf-8"))
    assert len(found) == 1, ("README.md should give exactly one line "
                             f'add_header Content-Security-Policy "…" always; (found {len(found)})')
    return found[0]


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts() -> dict[str, str]:
    """hash-source -> where the script is: Streamlit's index.html and the app's own scripts.

    The app's scripts are the ``<script>`` blocks of the .html files under dashboard/ (shown
    with ``st.html(..., unsafe_allow_javascript=True)``, which re-creates each as an inline
    script with the same text).
    """
    import streamlit

    sources = [Path(streamlit.__file__).parent / "static" / "index.html",
               *sorted((REPO_ROOT / "dashboard").rglob("*.html"))]
    found: dict[str, str] = {}
    for path in sources:
        for body in re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), flags=re.S):
            where = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else f"streamlit/{path.name}"
            found[sha256_source(body)] = str(where)
    return found


@pytest.fixture(scope="module")
def csp_browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, timeout=STEP_TIMEOUT_MS,
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"])
    yield browser
    browser.close()


@pytest.fixture
def open_with_policy(csp_browser, request: pytest.FixtureRequest):
    """``open_with_policy(server, policy)`` -> a page whose every response carries the policy.

    The page gets ``violations`` (reported by the browser) and ``page_errors``.
    """
    contexts = []
    pages = []

    def open_(server, policy: str):
        context = csp_browser.new_context(viewport={"width": 1600, "height": 1000},
                                          accept_downloads=True, locale="sv-SE")
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        violations: list[str] = []
        failures: list[str] = []

        def add_header(route) -> None:
            if route.request.method not in ("GET", "HEAD"):
                # the upload's PUT: Playwright cannot re-send a file body it has intercepted,
                # and a policy on a non-document answer has no effect anyway
                route.continue_()
                return
            # A request whose answer never comes leaves the page waiting for good: a lazily loaded
            # chunk then stays a grey placeholder (seen once on a fresh machine: the password field
            # never showed). So every route ends: fulfilled, or after a second failed try aborted
            # and recorded, and the test says which request failed and why.
            for attempt in (1, 2):
                try:
                    answer = route.fetch(max_redirects=0)
                    headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-security-policy"}
                    route.fulfill(response=answer, headers={**headers, "Content-Security-Policy": policy})
                    return
                except PlaywrightError as exc:
                    if attempt == 2 or "closed" in str(exc).lower():
                        failures.append(f"{route.request.url}: {str(exc).splitlines()[0][:200]}")
                        break
            try:
                route.abort()
            except PlaywrightError:
                pass  # the page or context is already closed

        context.route("**/*", add_header)
        context.expose_function("__cspViolation", lambda text: violations.append(text))
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.app_server = server
        page.page_errors = []
        page.violations = violations
        page.route_failures = failures
        page.on("pageerror", lambda exc: page.page_errors.append(str(exc)))
        page.on("console", lambda msg: violations.append("console: " + msg.text[:300])
                if "Content Security Policy" in msg.text else None)
        pages.append(page)
        return page

    yield open_
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed and pages:
        try:
            save_screenshot(pages[-1], "FAILED_" + _safe_name(request.node.name))
        except Exception:  # noqa: BLE001 - best effort; the test has already failed
            pass
    for context in contexts:
        context.close()


def assert_no_violation(page, where: str) -> None:
    assert page.route_failures == [], f"{where}: requests that could not be answered:\n" + "\n".join(
        page.route_failures)
    assert page.violations == [], (
        f"{where}: the browser reported CSP violations under the README's policy:\n"
        + "\n".join(page.violations) + ("\npage errors:\n" + "\n".join(page.page_errors)
                                        if page.page_errors else ""))


def charts_drawn_with_svg_button(page) -> int:
    """Every visible chart is drawn, and the app's inline script gave each its SVG button."""
    drawn = wait_for_plots(page)
    eventually(lambda: page.locator(SVG_BUTTON).count(), lambda n: n >= drawn,
               f"en SVG-knapp vid varje diagram (appens eget skript, tillåtet med sin hash) på {page.url}")
    return drawn


def test_the_readme_policy_allows_exactly_the_apps_inline_scripts():
    policy = recommended_policy()
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}
    scripts = inline_scripts()
    allowed = set(HASH.findall(" ".join(directives.get("script-src", []))))
    expected = "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(scripts))
    assert allowed == set(scripts), (
        "The script hashes in the README's Content-Security-Policy do not match the inline "
        f"scripts ({', '.join(sorted(set(scripts.values())))}). A script was changed, added or "
        f"removed (or Streamlit was upgraded); put this in the README's header:\n{expected}")
    # never the keywords that would switch the hashes off or allow eval
    for word in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"):
        assert word not in directives["script-src"], f"script-src must not allow {word}"
    assert directives["default-src"] == ["'none'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_every_page_the_slideshow_and_the_downloads_work_under_the_policy(open_with_policy, app_server):
    policy = recommended_policy()
    page = open_with_policy(app_server, policy)
    for path in PAGES:
        goto(page, app_server.url, path)
        if path in CHART_PAGES:
            charts_drawn_with_svg_button(page)
        assert_no_violation(page, path)
        if path == "/":
            save_screenshot(page, "80_csp_oversikt")

    # an Excel download (st.download_button)
    goto(page, app_server.url, "/trender")
    charts_drawn_with_svg_button(page)
    with page.expect_download() as xlsx:
        page.get_by_role("button", name=re.compile(r"^Ladda ner Excel")).first.click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")

    # the presentation with slides: PNG from Plotly's toolbar (drawn in the browser via a
    # blob: image), SVG from the app's own button, then the meeting pack
    slides = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), MeasuresSpec()])
    goto(page, app_server.url, f"/presentation?bildspel={slides}")
    charts_drawn_with_svg_button(page)
    save_screenshot(page, "81_csp_presentation")
    plot = page.locator("[data-testid='stMain'] .js-plotly-plot").first
    plot.hover()
    with page.expect_download() as png:
        page.locator(".modebar-btn[data-title*='PNG'], .modebar-btn[data-title*='png'], "
                     ".modebar-btn[data-title*='bild']").first.click()
    assert png.value.suggested_filename.endswith(".png")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plot.hover()
    with page.expect_download() as svg:
        page.locator(SVG_BUTTON).first.click()
    assert svg.value.suggested_filename.endswith(".svg")
    assert b"<svg" in Path(svg.value.path()).read_bytes()[:2000]
    assert_no_violation(page, "presentationen, PNG och SVG")

    download_meeting_pack(page)
    assert_no_violation(page, "mötespaketet")


def test_an_editor_unlocks_and_uploads_under_the_policy(open_with_policy, editor_server, tmp_path):
    page = open_with_policy(editor_server, recommended_policy())
    goto(page, editor_server.url, "/data")
    unlock(page)
    open_administration(page)
    upload = tmp_path / "csp_varde.xlsx"
    upload.write_bytes(xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                                            ["Invånare i hushåll med ekonomiskt bistånd", "Berga", 2025,
                                             "Totalt", 42.5]]}))
    page.locator("input[type=file]").set_input_files(str(upload))
    wait_for_app(page)
    # the preview is there when its confirm button is; then its counts (a slow machine may
    # still be sending the rerun's elements)
    expect(page.get_by_role("button", name="Bekräfta import")).to_be_visible()
    wait_for_app(page)
    try:
        expect(page.get_by_test_id("stMetric").filter(has_text="Nya värden")).to_contain_text("1", timeout=60_000)
    finally:
        save_screenshot(page, "82_csp_data")
    assert_no_violation(page, "Data- och Administration-sidorna (upplåsning och uppladdning)")


def test_control_without_the_script_hashes_the_recorder_sees_the_violation(open_with_policy, app_server):
    policy = HASH.sub("", recommended_policy())
    page = open_with_policy(app_server, policy)
    goto(page, app_server.url, "/trender")
    wait_for_plots(page)
    eventually(lambda: any("script-src" in v for v in page.violations), True,
               "en rapporterad överträdelse av script-src när hasharna saknas")
    assert page.locator(SVG_BUTTON).count() == 0, "without its hash the SVG script must not run"
