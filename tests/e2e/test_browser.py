"""The dashboard in a real browser, against the page contract:

* pages (st.navigation, sidebar links): Översikt /oversikt (default, also /), Trender /trender,
  Områdesprofil /omradesprofil, Jämförelse /jamforelse, Åtgärder /atgarder,
  Indikatorer och åtgärder /indikatorer_och_atgarder;
* sidebar widgets: "Område" (default Skäggetorp), "Områden" on Trender (default Berga, Ryd,
  Skäggetorp), "Indikator", "År", "Kön"; "Uppföljningsomgång" on Åtgärder; choices go to the URL;
* every page shows an "Exempeldata" banner; charts are Plotly; every table has a
  "Ladda ner Excel…" button.

Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    PLOT,
    choose,
    goto,
    multiselect_add,
    multiselect_remove,
    multiselect_values,
    options_of,
    save_screenshot,
    selectbox_value,
    sidebar,
    wait_for_app,
    wait_for_plots,
)

pytestmark = pytest.mark.e2e

PAGES = [
    # (screenshot name, URL path, navigation title); Översikt is the default page at "/"
    # (its own path /oversikt has its own test below)
    ("01_oversikt", "/", "Översikt"),
    ("02_trender", "/trender", "Trender"),
    ("03_omradesprofil", "/omradesprofil", "Områdesprofil"),
    ("04_jamforelse", "/jamforelse", "Jämförelse"),
    ("05_atgarder", "/atgarder", "Åtgärder"),
    ("06_indikatorer_och_atgarder", "/indikatorer_och_atgarder", "Indikatorer och åtgärder"),
]
# Every page in the navigation; pages without charts (Data) are not in PAGES above.
NAV_TITLES = [title for _, _, title in PAGES] + ["Karta", "Presentation", "Data"]
DEFAULT_DISTRICT = "Skäggetorp"
TREND_DEFAULTS = ["Berga", "Ryd", "Skäggetorp"]
DOWNLOAD_LABEL = re.compile(r"^\s*Ladda ner Excel")

# JS: every trace name of every Plotly chart in the main area
TRACE_NAMES_JS = """() => [...document.querySelectorAll(
    "[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
    .flatMap(el => (el.data || []).map(t => t.name == null ? '' : String(t.name)))"""


def trace_names(page) -> list[str]:
    return page.evaluate(TRACE_NAMES_JS)


def names_district(names: list[str], district: str) -> bool:
    """A trace belongs to ``district`` if its name is the district, maybe followed by a
    non-letter and more ("Ryd – uppgift saknas"), but "Rydsvägen" is not Ryd."""
    return any(re.match(rf"^{re.escape(district)}(?![^\W_])", n) for n in names)


def wait_for_traces(page, *, present: str | None = None, absent: str | None = None) -> None:
    """Wait (bounded) until a chart trace names ``present`` and none names ``absent``."""
    page.wait_for_function(
        r"""([present, absent]) => {
            const names = [...document.querySelectorAll(
                "[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
                .flatMap(el => (el.data || []).map(t => t.name == null ? '' : String(t.name)));
            const named = d => names.some(n => n.startsWith(d)
                                               && !/^[\p{L}\p{N}]/u.test(n.slice(d.length)));
            return names.length > 0 && (present === null || named(present))
                   && (absent === null || !named(absent));
        }""",
        arg=[present, absent])
    wait_for_app(page)


def banner(page):
    """The example-data banner: an alert (st.warning/st.info …) that says Exempeldata."""
    return page.get_by_test_id("stAlert").filter(has_text="Exempeldata").first


def main_area(page):
    return page.get_by_test_id("stMain")


def nav_link(page, title: str):
    return sidebar(page).get_by_test_id("stSidebarNavLink").filter(
        has=page.get_by_text(title, exact=True))


# --------------------------------------------------------------------------------------
# a) every page loads, shows the banner and a chart; screenshot of each
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("shot", "path", "title"), PAGES,
                         ids=[p[1].strip("/") or "root-oversikt" for p in PAGES])
def test_page_loads_with_banner_and_chart(page, app_url, shot, path, title):
    goto(page, app_url, path)  # fails on any stException

    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?|$)"))
    expect(nav_link(page, title)).to_have_count(1)
    expect(banner(page)).to_be_visible()

    charts = main_area(page).locator(PLOT)
    expect(charts.first).to_be_visible()
    wait_for_plots(page)
    n_traces = charts.first.evaluate("el => (el.data || []).length")
    assert n_traces > 0, f"the first chart on {path} has no traces"
    # Plotly has drawn it: the SVG has at least one trace layer
    expect(charts.first.locator(".plot .trace, .barlayer .trace, .scatterlayer .trace").first
           ).to_be_attached()

    wait_for_app(page)
    save_screenshot(page, shot)


def test_root_is_oversikt_and_sidebar_lists_every_page(page, app_url):
    goto(page, app_url, "/")
    for title in NAV_TITLES:
        expect(nav_link(page, title)).to_have_count(1)
    expect(main_area(page).get_by_role("heading", level=1)).to_contain_text("Översikt")
    assert selectbox_value(page, "Område", sidebar(page)) == DEFAULT_DISTRICT
    # the sidebar links navigate by URL path
    nav_link(page, "Trender").click()
    expect(page).to_have_url(re.compile(r"/trender(\?|$)"))
    wait_for_app(page)
    assert multiselect_values(page, "Områden", sidebar(page)) == TREND_DEFAULTS


def test_oversikt_has_its_own_url_path(page, app_url):
    """The contract: Översikt at /oversikt as well as at /. A link to /oversikt must open
    Översikt without Streamlit's "Page not found" dialog (wait_for_app fails on it)."""
    goto(page, app_url, "/oversikt")
    expect(main_area(page).get_by_role("heading", level=1)).to_contain_text("Översikt")
    assert selectbox_value(page, "Område", sidebar(page)) == DEFAULT_DISTRICT


# --------------------------------------------------------------------------------------
# b) Trender: the district choice drives the chart
# --------------------------------------------------------------------------------------


def test_trender_district_choice_changes_chart(page, app_url):
    goto(page, app_url, "/trender")
    assert multiselect_values(page, "Områden", sidebar(page)) == TREND_DEFAULTS

    wait_for_plots(page)
    before = trace_names(page)
    for district in TREND_DEFAULTS:
        assert names_district(before, district), f"{district} not among traces {before}"
    assert not names_district(before, "Lambohov"), before

    multiselect_remove(page, "Områden", "Ryd", sidebar(page))
    wait_for_traces(page, present="Berga", absent="Ryd")
    after_remove = trace_names(page)
    assert not names_district(after_remove, "Ryd"), after_remove
    assert names_district(after_remove, "Skäggetorp"), after_remove

    multiselect_add(page, "Områden", "Lambohov", sidebar(page))
    wait_for_traces(page, present="Lambohov", absent="Ryd")
    after_add = trace_names(page)
    assert names_district(after_add, "Lambohov"), after_add
    assert multiselect_values(page, "Områden", sidebar(page)) == ["Berga", "Skäggetorp",
                                                                   "Lambohov"]
    save_screenshot(page, "07_trender_efter_byte")


# --------------------------------------------------------------------------------------
# c) Översikt: another district, other content
# --------------------------------------------------------------------------------------


def test_oversikt_district_choice_changes_content(page, app_url):
    goto(page, app_url, "/")
    main = main_area(page)
    headings = main.get_by_role("heading")
    expect(headings.filter(has_text=DEFAULT_DISTRICT).first).to_be_visible()
    text_before = main.inner_text()

    choose(page, "Område", "Berga", sidebar(page))

    expect(headings.filter(has_text="Berga").first).to_be_visible()
    expect(headings.filter(has_text=DEFAULT_DISTRICT)).to_have_count(0)
    wait_for_app(page)
    assert main.inner_text() != text_before
    save_screenshot(page, "08_oversikt_berga")


# --------------------------------------------------------------------------------------
# d) the URL carries the choice
# --------------------------------------------------------------------------------------


def test_district_choice_survives_reload_and_shared_link(page, app_url, browser):
    goto(page, app_url, "/")
    search_before = page.evaluate("() => location.search")
    choose(page, "Område", "Berga", sidebar(page))
    page.wait_for_function("before => location.search !== before", arg=search_before)
    url = page.url
    assert "Berga" in unquote(url) or "BER" in url, f"the choice is not in the URL: {url}"

    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert selectbox_value(page, "Område", sidebar(page)) == "Berga"

    # the same link opened in a fresh browser context (no session state) shows Berga too
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    try:
        other = context.new_page()
        other.goto(url, wait_until="domcontentloaded")
        wait_for_app(other)
        assert selectbox_value(other, "Område", sidebar(other)) == "Berga"
    finally:
        context.close()


def test_trend_districts_survive_reload(page, app_url):
    goto(page, app_url, "/trender")
    search_before = page.evaluate("() => location.search")
    multiselect_remove(page, "Områden", "Ryd", sidebar(page))
    page.wait_for_function("before => location.search !== before", arg=search_before)
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert multiselect_values(page, "Områden", sidebar(page)) == ["Berga", "Skäggetorp"]
    wait_for_traces(page, present="Berga", absent="Ryd")


# --------------------------------------------------------------------------------------
# e) Excel download
# --------------------------------------------------------------------------------------

SNAKE_CASE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
ENGLISH_HEADERS = {"value", "year", "area", "area_name", "name", "sex", "unit", "indicator",
                   "flag", "comment", "source"}


def test_trender_excel_download(page, app_url, tmp_path):
    goto(page, app_url, "/trender")
    button = page.get_by_role("button", name=DOWNLOAD_LABEL).first
    expect(button).to_be_visible()
    label = button.inner_text()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.lower().endswith(".xlsx"), download.suggested_filename
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    wait_for_app(page)

    book = openpyxl.load_workbook(target, read_only=True)
    try:
        assert len(book.sheetnames) >= 2, f"only one sheet: {book.sheetnames}"
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        all_text = [str(cell) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True) for cell in row
                    if cell is not None]
    finally:
        book.close()

    assert rows, "the first sheet is empty"
    header = [c for c in rows[0] if c is not None]
    assert len(header) >= 2 and all(isinstance(c, str) and c.strip() for c in header), rows[0]
    bad = [c for c in header if SNAKE_CASE.match(c) or c.lower() in ENGLISH_HEADERS]
    assert not bad, f"column names not in Swedish: {bad} (header {header})"
    assert {"Område", "År"} & set(header), f"no Område/År column in {header}"
    data_rows = [r for r in rows[1:] if any(c is not None for c in r)]
    assert data_rows, "no data rows under the header"
    counted = re.search(r"\((\d+)\s+rad", label)
    if counted:  # the button says how many rows the file holds
        assert len(data_rows) == int(counted.group(1)), (label, len(data_rows))
    if "Område" in header:  # the default districts on screen are the rows in the file
        col = header.index("Område")
        in_file = {r[col] for r in data_rows}
        assert set(TREND_DEFAULTS) <= in_file, f"districts in the file: {in_file}"
    assert any("Exempeldata" in t for t in all_text), "the word Exempeldata is not in the workbook"


# --------------------------------------------------------------------------------------
# f) Åtgärder: the real 2021 follow-up
# --------------------------------------------------------------------------------------

# The real follow-up 2021 of the 60 measures (data/atgarder_2020_uppfoljning_2021.xlsx).
MEASURES_2021 = 60
STATUS_2021 = {"Genomförd": 12, "Pågår": 42, "Ej genomförd": 6}

# JS: for every visible Plotly chart in the main area, {trace name: sum of its bar lengths}
BAR_SUMS_JS = """() => [...document.querySelectorAll(
    "[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
    .filter(el => el.offsetParent !== null)
    .map(el => Object.fromEntries((el._fullData || []).filter(t => t.type === 'bar').map(t => {
        const values = Array.from(t.orientation === 'h' ? (t.x || []) : (t.y || []));
        return [String(t.name), values.reduce((a, v) => a + (Number(v) || 0), 0)];
    })))"""


def status_word(trace_name: str) -> str:
    """'✔ Genomförd' -> 'Genomförd' (the symbol in front is for colour-blind readers)."""
    return re.sub(r"^[^\w]+", "", trace_name).strip()


def test_atgarder_shows_2021_followup(page, app_url):
    goto(page, app_url, "/atgarder")
    main = main_area(page)
    expect(main).to_contain_text(re.compile(rf"\b{MEASURES_2021}\b"))
    for status in STATUS_2021:
        expect(main.get_by_text(re.compile(rf"(^|\W){status}")).first).to_be_visible()

    # a status bar chart counts the 60 measures: 12 genomförda, 42 pågår, 6 ej genomförda
    expect(main.locator(PLOT).first).to_be_visible()
    wait_for_plots(page)
    charts = [{status_word(k): v for k, v in chart.items()} for chart in page.evaluate(BAR_SUMS_JS)]
    assert any(chart == STATUS_2021 for chart in charts), (
        f"no visible status chart sums to {STATUS_2021}; bar sums per chart: {charts}")

    # the follow-up round is a choice, and 2021 is the one shown
    assert selectbox_value(page, "Uppföljningsomgång", sidebar(page)) == "2021"
    assert "2021" in options_of(page, "Uppföljningsomgång", sidebar(page))
    wait_for_app(page)


# --------------------------------------------------------------------------------------
# A deep link on a freshly started server gets the whole app (navigation, banner)
# --------------------------------------------------------------------------------------


def test_deep_link_on_fresh_server_gets_navigation_and_banner(browser, tmp_path):
    """Because the repo has a pages/ folder, Streamlit's legacy multipage mode could run
    pages/trender.py on its own for the first request of a new server process: no
    st.navigation titles, no banner. A second server (own store: DuckDB locks the file)
    is asked for /trender before anything else."""
    import os

    from loaders.build import build_store
    from tests.e2e.helpers import REPO_ROOT, start_streamlit

    db_path = tmp_path / "fresh.duckdb"
    build_store(db_path)
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT,
                             {**os.environ, "INDIKATORPANEL_DB": str(db_path)},
                             tmp_path / "streamlit.log")
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    try:
        fresh = context.new_page()
        fresh.app_server = server
        fresh.page_errors = []
        goto(fresh, server.url, "/trender")
        links = sidebar(fresh).get_by_test_id("stSidebarNavLink")
        expect(links).to_have_count(len(NAV_TITLES))
        for title in NAV_TITLES:
            expect(nav_link(fresh, title)).to_have_count(1)
        expect(banner(fresh)).to_be_visible()
        widget_labels = sidebar(fresh).get_by_test_id("stWidgetLabel")
        expect(widget_labels.get_by_text("Områden", exact=True)).to_have_count(1)
        expect(main_area(fresh).locator(PLOT).first).to_be_visible()
    finally:
        context.close()
        server.stop()
