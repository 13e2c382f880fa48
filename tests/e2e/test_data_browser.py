"""An editor in a real browser: unlock, upload a file, confirm, see it in a chart, undo."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from dashboard.auth import hash_password
from loaders.build import build_store
from tests.e2e.helpers import (PLOT, REPO_ROOT, STEP_TIMEOUT_MS, goto, save_screenshot, sidebar,
                               start_streamlit, wait_for_app, wait_for_plots)
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.e2e

# The default Trender view is this indicator for Berga, Ryd and Skäggetorp.
UPLOAD = xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                              ["Invånare i hushåll med ekonomiskt bistånd", "Berga", 2025, "Totalt", 42.5]]})
BERGA_POINTS_JS = """el => {
  const t = el.data.find(t => t.name === 'Berga');
  return t ? t.x.map((x, i) => [Number(x), t.y[i]]) : [];
}"""


@pytest.fixture
def editor_server(tmp_path):
    db_path = tmp_path / "redaktor.duckdb"
    build_store(db_path)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'editor_password_hash = "{hash_password("hemligt", iterations=1000)}"\n')
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, {**os.environ, "INDIKATORPANEL_DB": str(db_path)},
                             tmp_path / "streamlit.log", extra_args=("--secrets.files", str(secrets)))
    yield server
    server.stop()


def berga_points(page) -> dict[int, float]:
    wait_for_plots(page)
    return {int(x): y for x, y in page.locator(PLOT).first.evaluate(BERGA_POINTS_JS)}


def open_page(page, title: str) -> None:
    """Navigate inside the same session (a reload would start a new, locked session)."""
    sidebar(page).get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True)).click()
    wait_for_app(page)


def test_editor_uploads_confirms_sees_it_in_a_chart_and_undoes(browser, editor_server, tmp_path):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    try:
        goto(page, editor_server.url, "/trender")
        assert 2025 not in berga_points(page)

        open_page(page, "Data")
        page.get_by_label("Redaktörslösenord").fill("hemligt")
        page.get_by_role("button", name="Lås upp redigering").click()
        wait_for_app(page)
        expect(page.get_by_text("Du är redaktör", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        upload = tmp_path / "nytt_varde.xlsx"
        upload.write_bytes(UPLOAD)
        page.locator("input[type=file]").set_input_files(str(upload))
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Nya värden")).to_contain_text("1")
        save_screenshot(page, "30_data_forhandsgranskning")
        page.get_by_role("button", name="Bekräfta import").click()
        wait_for_app(page)
        expect(page.get_by_text("importerad (import", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        open_page(page, "Trender")
        assert berga_points(page).get(2025) == pytest.approx(42.5)
        save_screenshot(page, "31_trender_efter_import")

        open_page(page, "Data")
        page.get_by_role("tab", name="Importlogg").click()
        page.get_by_text("Jag vill ångra importen", exact=False).click()
        wait_for_app(page)
        page.get_by_role("button", name="Ångra import").click()
        wait_for_app(page)
        expect(page.get_by_text("är ångrad", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        open_page(page, "Trender")
        assert 2025 not in berga_points(page)
    finally:
        context.close()
