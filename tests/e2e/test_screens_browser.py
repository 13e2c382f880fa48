"""Every page on the screens people use: 1280×720 and 1366×768 laptops and projectors, and
1920×1080. Nothing a user must read is cut with «…», no chart title runs out of its chart,
and the presentation's slide (chart, key figures, buttons) fits the screen. Clicker keys
(Page Down / Page Up / space) step the slides.

Screenshots: tests/artifacts/80_<page>_<size>.png (looked at when the layout changes).
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import expect

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec
from tests.e2e.helpers import PLOT, eventually, goto, save_screenshot, wait_for_app, wait_for_plots

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
PAGES = {
    "oversikt": "/oversikt",
    "trender": "/trender",
    "omradesprofil": "/omradesprofil",
    "jamforelse": "/jamforelse",
    "karta": "/karta",
    "atgarder": "/atgarder?filter_status=%E2%9C%96+Ej+genomf%C3%B6rd",
    "indikatorer": "/indikatorer_och_atgarder",
}
SLIDES = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), RankingSpec("meritvarde_ak9", 2024),
                            MeasuresSpec(2021)])

# Text that is cut with an ellipsis: an element whose own text is wider than its box while its
# style says «…». Chart titles are SVG: their box must lie inside the chart's.
CUT_JS = """() => {
  const cut = [];
  const main = document.querySelector("[data-testid='stMain']");
  for (const el of main.querySelectorAll('*')) {
    if (!el.offsetParent || el.children.length > 0 && !el.textContent.trim()) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) {
      cut.push(el.textContent.trim().slice(0, 60));
    }
  }
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const t of plot.querySelectorAll('.gtitle, .g-gtitle text, .annotation-text')) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.right > box.right + 2 || r.left < box.left - 2)) cut.push('chart: ' + t.textContent.slice(0, 60));
    }
  }
  return cut;
}"""


def _open(page, path: str) -> None:
    goto(page, page.app_server.url, path)
    wait_for_app(page)
    if page.locator(PLOT).count():
        wait_for_plots(page)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def _cut_text(page) -> list[str]:
    """What stays cut once the page has settled. Streamlit mounts a page's own style sheet
    (st.html) after the elements it styles, and web fonts load after the first paint, so a
    measurement right after the run can see a state nobody reads; a cut that lasts five
    seconds is real and fails."""
    try:
        return eventually(lambda: page.evaluate(CUT_JS), [], "cut text", timeout_ms=5_000)
    except AssertionError:
        return page.evaluate(CUT_JS)


@contextlib.contextmanager
def page_at(browser, app_server, width: int, height: int):
    """A Swedish-language page of the given screen size on the app, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.app_server, page.page_errors = app_server, []
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_cuts_what_people_read(browser, app_server, width, height):
    with page_at(browser, app_server, width, height) as page:
        for name, path in PAGES.items():
            _open(page, path)
            cut = _cut_text(page)
            save_screenshot(page, f"80_{name}_{width}x{height}")
            assert cut == [], f"{name} at {width}×{height}: cut text {cut}"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_slide_fits_the_screen_and_clicker_keys_step_it(browser, app_server, width, height):
    with page_at(browser, app_server, width, height) as page:
        _open(page, f"/presentation?bildspel={SLIDES}")
        expect(page.get_by_text(re.compile(r"Bild\s*1\s*av\s*3"))).to_be_visible()
        chart = page.locator(".st-key-bildgraf").bounding_box()
        keys = page.locator(".st-key-nyckeltal").bounding_box()
        svg = page.locator(".st-key-bildgraf .main-svg").first.bounding_box()
        assert chart["y"] + chart["height"] <= height + 1, "the chart runs below the screen"
        assert keys["y"] + keys["height"] <= height + 1, "the key figures run below the screen"
        assert svg["height"] >= 0.55 * height, "the chart does not use the screen's height"
        for label in ("Föregående", "Nästa"):
            button = page.get_by_role("button", name=re.compile(label))
            assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), f"«{label}» is cut"
        assert _cut_text(page) == []
        save_screenshot(page, f"81_presentation_{width}x{height}")
        page.locator("body").press("PageDown")
        expect(page.get_by_text(re.compile(r"Bild\s*2\s*av\s*3"))).to_be_visible()
        page.locator("body").press(" ")
        expect(page.get_by_text(re.compile(r"Bild\s*3\s*av\s*3"))).to_be_visible()
        page.locator("body").press("PageUp")
        expect(page.get_by_text(re.compile(r"Bild\s*2\s*av\s*3"))).to_be_visible()
        eventually(lambda: page.locator(".st-key-bildgraf .main-svg").count(), lambda n: n > 0, "bild 2:s diagram")
