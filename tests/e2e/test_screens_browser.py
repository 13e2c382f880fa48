"""Every page on the screens people use: 1280×720 and 1366×768 laptops and projectors, and
1920×1080. Nothing a user must read is cut: no text cut with «…», no button whose label is
wider than the button, no table header wider than its column (the data grid draws its headers
on a canvas and cuts them without «…»), no table cell cut and no table scrolling sideways
where a table is read as a whole (Översikt, Jämförelse), no chart title out of its chart, no chart legend that
has to be scrolled. The presentation's slide (chart, key figures, buttons) fits the screen,
with three areas and with ten, and clicker keys (Page Down / Page Up / space) step it. No
English text of Streamlit's shows: what Streamlit does not let us change is named in
README.md («Tillgänglighet», the bullet «Engelska ord från Streamlit») or the test fails.

Screenshots (looked at when the layout changes): tests/artifacts/80_<page>_<size>.png (the
whole page) and 81_presentation_<slide>_<size>.png (the screen as the projector shows it).
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import expect

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec
from tests.e2e.helpers import PLOT, REPO_ROOT, eventually, goto, save_screenshot, wait_for_app, wait_for_plots

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
ALL_DISTRICTS = ("0580-BER", "0580-RYD", "0580-SKA", "0580-LAM", "0580-EKH", "0580-JOH", "0580-GOT", "0580-VAS",
                 "0580-IST", "0580-TKT")
SLIDES = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), TrendSpec("forsorjningsstod_andel", ALL_DISTRICTS),
                            RankingSpec("meritvarde_ak9", 2024), MeasuresSpec(2021)])
# name -> (path, has charts)
PAGES = {
    "oversikt": ("/oversikt", True),
    "trender": ("/trender", True),
    "omradesprofil": ("/omradesprofil", True),
    "jamforelse": ("/jamforelse", True),
    "karta": ("/karta", True),
    "atgarder": ("/atgarder?filter_status=%E2%9C%96+Ej+genomf%C3%B6rd", True),
    "indikatorer": ("/indikatorer_och_atgarder", True),
    "ordna": (f"/presentation?bildspel={SLIDES}&lage=Ordna+och+ladda+ner", False),
}

# Cut: an element whose own text is wider than its box while its style says «…»; a button
# whose label is wider than the button; a chart title (SVG) outside its chart; a chart legend
# with a scroll bar (Plotly hides the entries that do not fit); a word broken over two lines;
# an Översikt card whose content is wider than the card.
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
  for (const b of main.querySelectorAll('button')) {
    if (b.offsetParent && b.innerText.trim() && b.scrollWidth > b.clientWidth + 1) {
      cut.push('button: ' + b.innerText.trim().slice(0, 60));
    }
  }
  for (const plot of main.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const t of plot.querySelectorAll('.gtitle, .g-gtitle text, .annotation-text')) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.right > box.right + 2 || r.left < box.left - 2)) cut.push('chart: ' + t.textContent.slice(0, 60));
    }
    for (const bar of plot.querySelectorAll('.legend .scrollbar')) {
      if (bar.getBoundingClientRect().height > 0) cut.push('legend scrolls: ' + plot.getAttribute('aria-label'));
    }
  }
  // No word broken inside itself («säm/re»): a word drawn on two lines has two boxes. A word
  // may break after its own hyphen or dash («Skäggetorp-Tornby»), as in print.
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.checkVisibility() || n.parentElement.closest('svg')) continue;
    for (const m of n.textContent.matchAll(/[^\\s\\u00a0\\u2010-\\u2014/-]{2,}/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) cut.push('word broken: ' + m[0]);
    }
  }
  for (const card of main.querySelectorAll('.ip-kort-rad')) {
    if (card.scrollWidth > card.clientWidth + 1) cut.push('card overflows: ' + card.innerText.slice(0, 60));
  }
  return cut;
}"""

# A data grid's header is cut when its text (in the grid's own header font, measured on a
# canvas as the grid measures it) and the cell padding on both sides are wider than its
# column. The columns and their widths as drawn are the grid component's props (React's fiber
# on the canvas): not in the page's DOM otherwise. If they cannot be found, that is reported.
GRID_JS = """() => {
  const cut = [];
  for (const grid of document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")) {
    if (!grid.checkVisibility()) continue;
    const canvas = grid.querySelector("canvas[data-testid='data-grid-canvas']");
    const editor = grid.querySelector('.stDataFrameGlideDataEditor');
    if (!canvas || !editor) { cut.push('grid not drawn'); continue; }
    const style = getComputedStyle(editor);
    const font = style.getPropertyValue('--gdg-header-font-style').trim() + ' '
      + style.getPropertyValue('--gdg-font-family').trim();
    const pad = parseFloat(style.getPropertyValue('--gdg-cell-horizontal-padding'));
    const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
    let fiber = key && canvas[key], columns = null;
    while (fiber && !columns) {
      const p = fiber.memoizedProps;
      if (p && Array.isArray(p.columns) && p.columns.length
          && p.columns.every(c => typeof c.width === 'number' && typeof c.title === 'string')) columns = p.columns;
      fiber = fiber.return;
    }
    if (!columns || !(pad >= 0) || !font.trim()) { cut.push('grid columns or header font not found'); continue; }
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = font;
    for (const c of columns) {
      const need = ctx.measureText(c.title).width + 2 * pad;
      if (need > c.width + 0.5) cut.push(`header «${c.title}»: needs ${Math.ceil(need)} px, column ${c.width} px`);
    }
  }
  return cut;
}"""

# A data grid's cells are drawn on the same canvas and cut like its headers; a grid wider than
# its element scrolls sideways, which nobody does on a projector. Every cell of the grid (its
# text as the grid shows it, from the component's own getCellContent) is measured in the grid's
# cell font against its column. Pages in WHOLE_CELLS must show every cell whole, pages in
# NO_SIDEWAYS must not scroll sideways. Long free text (an action, a comment, a definition) on
# Åtgärder, Indikatorer och åtgärder and Data is cut in the grid by design and shown whole in
# the row's details; year columns (Trender, Områdesprofil) may scroll.
WHOLE_CELLS = {"oversikt", "trender", "omradesprofil", "jamforelse", "karta"}
NO_SIDEWAYS = {"oversikt", "jamforelse", "karta"}
CELLS_JS = """(sideways) => {
  const cut = [];
  for (const grid of document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")) {
    if (!grid.checkVisibility()) continue;
    const canvas = grid.querySelector("canvas[data-testid='data-grid-canvas']");
    const editor = grid.querySelector('.stDataFrameGlideDataEditor');
    const scroller = grid.querySelector('.dvn-scroller');
    if (!canvas || !editor || !scroller) { cut.push('grid not drawn'); continue; }
    if (!sideways && scroller.scrollWidth > scroller.clientWidth + 1) {
      cut.push(`grid scrolls sideways: ${scroller.scrollWidth} px in ${scroller.clientWidth} px`);
    }
    const style = getComputedStyle(editor);
    const pad = parseFloat(style.getPropertyValue('--gdg-cell-horizontal-padding'));
    const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
    let fiber = key && canvas[key], props = null;
    while (fiber && !props) {
      const p = fiber.memoizedProps;
      if (p && Array.isArray(p.columns) && p.columns.length && typeof p.getCellContent === 'function') props = p;
      fiber = fiber.return;
    }
    if (!props || !(pad >= 0)) { cut.push('grid cells not found'); continue; }
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.getPropertyValue('--gdg-base-font-style').trim() + ' '
      + style.getPropertyValue('--gdg-font-family').trim();
    for (let row = 0; row < Math.min(props.rows, 500); row++) {
      props.columns.forEach((c, i) => {
        const text = String(props.getCellContent([i, row]).displayData ?? '');
        const need = ctx.measureText(text).width + 2 * pad;
        if (text && need > c.width + 0.5) {
          cut.push(`cell «${text.slice(0, 50)}» in «${c.title}»: needs ${Math.ceil(need)} px, column ${c.width} px`);
        }
      });
    }
  }
  return [...new Set(cut)];
}"""

# Streamlit's own English words (Streamlit 1.67's frontend). NEVER: must not show at all, as
# text, tooltip, placeholder or label (the app sets Swedish or takes the control away).
# KNOWN: may show only where README.md names them as what cannot be changed.
NEVER = ["Fullscreen", "Close fullscreen", "Exit fullscreen", "Select all", "Download as CSV", "Download as PNG",
         "Search", "Close Search", "Type to search", "Show/hide columns", "Show data", "Clear selection",
         "Choose an option", "Choose options", "Link to heading", "Copy to clipboard", "Select … matches"]
KNOWN = ["Clear all", "Open", "Close", "Selected values", "Multiselect options", "Main menu", "Collapse sidebar",
         "Expand sidebar", "Sidebar", "App pages", "Skip to main content", "Choose date", "No results", "No options",
         "Help for …", "Remove …", "… — start", "… — end", "Press Enter to apply", "Press Enter to submit form",
         "Drag and drop file here", "Browse files", "Upload", "Running...", "Stop", "Rerun", "Settings", "Print",
         "About", "Deploy", "Sort ascending", "Sort descending", "Hide column", "Pin column", "Unpin column",
         "Autosize", "Copy column name", "Add row", "Delete", "Previous Result", "Next Result", "Copied!"]

# Every string a user (or a screen reader) meets on the page: visible elements' labels,
# tooltips and placeholders, and their own text.
STRINGS_JS = """() => {
  const out = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility()) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'data-title', 'alt']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.add(v.trim().replace(/\\s+/g, ' '));
    }
    if (el.closest("[aria-hidden='true'], [data-testid='stIconMaterial']")) continue;  // an icon's ligature
    for (const n of el.childNodes) {
      if (n.nodeType === 3 && n.textContent.trim()) out.add(n.textContent.trim().replace(/\\s+/g, ' '));
    }
  }
  return [...out];
}"""


def _matches(text: str, pattern: str) -> bool:
    """«…» in a pattern stands for any text: «Help for …» is «Help for Område»."""
    return re.fullmatch(re.escape(pattern).replace("…", ".+"), text) is not None


def documented_english() -> list[str]:
    """The English strings README.md says Streamlit does not let us change: the «…» quotes in
    the bullet «Engelska ord från Streamlit» of the section «Tillgänglighet»."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Tillgänglighet", 1)[1].split("\n## ", 1)[0]
    bullet = section.split("**Engelska ord från Streamlit", 1)[1].split("\n- **", 1)[0]
    return [" ".join(quoted.split()) for quoted in re.findall(r"«([^»]+)»", bullet)]


def english_shown(page) -> list[str]:
    """Streamlit's English strings on the page that are neither taken away nor documented."""
    allowed = documented_english()
    found = []
    for text in page.evaluate(STRINGS_JS):
        if any(_matches(text, p) for p in NEVER):
            found.append(f"«{text}» (must not show)")
        elif any(_matches(text, p) for p in KNOWN) and not any(_matches(text, p) for p in allowed):
            found.append(f"«{text}» (not named in README.md)")
    return sorted(found)


def _open(page, path: str, charts: bool = True) -> None:
    goto(page, page.app_server.url, path)
    wait_for_app(page)
    if charts:
        eventually(lambda: page.locator(PLOT).count(), lambda n: n > 0, f"a chart on {path}")
        wait_for_plots(page)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def _settled(page, script: str, what: str) -> list[str]:
    """What stays wrong once the page has settled. Streamlit mounts a page's own style sheet
    (st.html) after the elements it styles, web fonts load after the first paint and Plotly
    follows its element's size a moment later, so a measurement right after the run can see a
    state nobody reads; a fault that lasts five seconds is real and fails."""
    try:
        return eventually(lambda: page.evaluate(script), [], what, timeout_ms=5_000)
    except AssertionError:
        return page.evaluate(script)


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


def _open_a_multiselect(page) -> bool:
    """Open the first multiselect's list (where «Select all» would be); True if there is one."""
    boxes = page.get_by_test_id("stMultiSelect")
    if not boxes.count():
        return False
    combo = boxes.first.get_by_role("combobox")
    combo.click()
    try:
        expect(page.get_by_role("option").first).to_be_visible(timeout=3_000)
    except AssertionError:  # a click during a rerun may be lost; the arrow key opens the list too
        combo.press("ArrowDown")
        expect(page.get_by_role("option").first).to_be_visible()
    return True


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_cuts_what_people_read_or_speaks_english(browser, app_server, width, height):
    with page_at(browser, app_server, width, height) as page:
        for name, (path, charts) in PAGES.items():
            _open(page, path, charts)
            for testid in ("stPlotlyChart", "stDataFrame"):  # toolbars show on hover
                if page.get_by_test_id(testid).count():
                    page.get_by_test_id(testid).first.hover()
            cut = _settled(page, CUT_JS, "cut text") + _settled(page, GRID_JS, "cut headers")
            if name in WHOLE_CELLS:
                cut += _settled(page, f"() => ({CELLS_JS})({str(name not in NO_SIDEWAYS).lower()})", "cut cells")
            english = english_shown(page)
            if _open_a_multiselect(page):
                english += [e for e in english_shown(page) if e not in english]
                page.keyboard.press("Escape")
            save_screenshot(page, f"80_{name}_{width}x{height}")
            assert cut == [], f"{name} at {width}×{height}: cut {cut}"
            assert english == [], f"{name} at {width}×{height}: English from Streamlit {english}"


# The slide: every line of text and the chart inside the screen, nothing in it scrolled away.
SLIDE_JS = """() => {
  const out = [];
  const slide = document.querySelector('.st-key-folie');
  if (!slide) return ['no slide'];
  const W = innerWidth, H = innerHeight;
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.bottom > H + 1 || r.right > W + 1) {
        out.push(`«${n.textContent.trim().slice(0, 50)}» ends at ${Math.round(r.right)}×${Math.round(r.bottom)}`);
        break;
      }
    }
  }
  for (const svg of slide.querySelectorAll('.main-svg')) {
    const r = svg.getBoundingClientRect();
    if (r.bottom > H + 1 || r.right > W + 1) out.push(`chart ends at ${Math.round(r.right)}×${Math.round(r.bottom)}`);
  }
  for (const el of [slide, ...slide.querySelectorAll('*')]) {
    const s = getComputedStyle(el);
    if (/(auto|scroll|hidden)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0
        && el.innerText && el.innerText.trim()) {
      out.push(`scrolled: «${el.innerText.trim().slice(0, 40)}» ${el.scrollHeight} px in ${el.clientHeight} px`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fits_the_screen_and_clicker_keys_step_them(browser, app_server, width, height):
    n = len(spec_codec.decode(SLIDES))
    with page_at(browser, app_server, width, height) as page:
        _open(page, f"/presentation?bildspel={SLIDES}")
        for slide in range(1, n + 1):
            if slide > 1:
                page.locator("body").press("PageDown")  # the clicker's key
            expect(page.get_by_text(re.compile(rf"Bild\s*{slide}\s*av\s*{n}"))).to_be_visible()
            wait_for_app(page)
            eventually(lambda: page.locator(".st-key-bildgraf .main-svg").count(), lambda k: k > 0, f"bild {slide}")
            wrong = _settled(page, SLIDE_JS, f"bild {slide} fits")
            cut = _settled(page, CUT_JS, f"bild {slide}: cut text")
            save_screenshot(page, f"81_presentation_{slide}_{width}x{height}", full_page=False)
            assert wrong == [], f"bild {slide} at {width}×{height}: {wrong}"
            assert cut == [], f"bild {slide} at {width}×{height}: cut {cut}"
            svg = page.locator(".st-key-bildgraf .main-svg").first.bounding_box()
            assert svg["height"] >= 0.55 * height, "the chart does not use the screen's height"
            for label in ("Föregående", "Nästa"):
                button = page.get_by_role("button", name=re.compile(label))
                assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), f"«{label}» is cut"
            assert english_shown(page) == []
        page.locator("body").press("PageUp")
        expect(page.get_by_text(re.compile(rf"Bild\s*{n - 1}\s*av\s*{n}"))).to_be_visible()
        page.locator("body").press(" ")
        expect(page.get_by_text(re.compile(rf"Bild\s*{n}\s*av\s*{n}"))).to_be_visible()

# A data grid's column headers as drawn (its component's props; the canvas has no text).
TITLES_JS = """(grid) => {
  const canvas = grid.querySelector("canvas[data-testid='data-grid-canvas']");
  const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
  for (let fiber = key && canvas[key]; fiber; fiber = fiber.return) {
    const p = fiber.memoizedProps;
    if (p && Array.isArray(p.columns) && typeof p.getCellContent === 'function') return p.columns.map(c => c.title);
  }
  return [];
}"""


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_oversikt_table_with_every_column_chosen_cuts_no_cell(browser, app_server, width, height):
    """Översikt's indicator table fits the screen as it opens (the test above); «Fler kolumner»
    adds the rest, development area first. Then the table may scroll sideways, but no cell and
    no header is cut: the area's name once ended «… och delakt»."""
    with page_at(browser, app_server, width, height) as page:
        _open(page, "/oversikt")
        chooser = page.get_by_test_id("stButtonGroup").filter(has_text="Utvecklingsområde")
        for label in ("Utvecklingsområde", "Förändring sedan första året", "Skillnad mot kommunen och riket",
                      "Jämfört i ord"):
            chooser.get_by_role("button", name=label).click()
            wait_for_app(page)
        grid = page.get_by_test_id("stDataFrame").first
        eventually(lambda: grid.evaluate(TITLES_JS), lambda titles: len(titles) == 13, "every column in the table")
        grid.scroll_into_view_if_needed()
        cut = _settled(page, f"() => ({CELLS_JS})(true)", "cut cells") + _settled(page, GRID_JS, "cut headers")
        save_screenshot(page, f"82_oversikt_alla_kolumner_{width}x{height}", full_page=False)
        assert cut == [], f"Översikt with every column at {width}×{height}: cut {cut}"
        assert english_shown(page) == []
