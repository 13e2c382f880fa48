"""An editor in a real browser: unlock on Data, find Administration in the menu, upload a file
there, confirm, see it in a chart, undo in Data's import log. A viewer has no Administration in
the menu, and its address shows only who the page is for."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (eventually, STEP_TIMEOUT_MS, goto, open_administration, open_page, points,
                               save_screenshot, sidebar, wait_for_app)
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.e2e

# The default Trender view is this indicator for Berga, Ryd and Skäggetorp.
UPLOAD = xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                              ["Invånare i hushåll med ekonomiskt bistånd", "Berga", 2025, "Totalt", 42.5]]})


def nav_link(page, title: str):
    return sidebar(page).get_by_test_id("stSidebarNavLink").filter(has=page.get_by_text(title, exact=True))


def test_editor_uploads_confirms_sees_it_in_a_chart_and_undoes(browser, editor_server, tmp_path):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    try:
        goto(page, editor_server.url, "/trender")
        eventually(lambda: points(page, "Berga"), lambda p: 2025 not in p, "inget värde för Berga 2025")

        open_page(page, "Data")
        expect(nav_link(page, "Data")).to_be_visible()
        expect(nav_link(page, "Administration")).to_have_count(0)   # not before the editor has unlocked
        page.get_by_label("Redaktörslösenord").fill("hemligt")
        page.get_by_role("button", name="Lås upp redigering").click()
        wait_for_app(page)
        expect(page.get_by_text("Du är redaktör", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(nav_link(page, "Administration")).to_be_visible(timeout=STEP_TIMEOUT_MS)

        open_administration(page)
        expect(page.get_by_role("radio", name="Hämta data", exact=True)).to_be_checked()
        expect(page.get_by_role("tab", name="Importera fil")).to_be_visible()
        save_screenshot(page, "29_administration_redaktor")
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
        eventually(lambda: points(page, "Berga").get(2025), lambda v: v == pytest.approx(42.5), "värdet för Berga 2025")
        save_screenshot(page, "31_trender_efter_import")

        open_page(page, "Data")
        page.get_by_role("tab", name="Importlogg").click()
        page.get_by_text("Jag vill ångra importen", exact=False).click()
        wait_for_app(page)
        page.get_by_role("button", name="Ångra import").click()
        wait_for_app(page)
        expect(page.get_by_text("är ångrad", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        open_page(page, "Trender")
        eventually(lambda: points(page, "Berga"), lambda p: 2025 not in p, "inget värde för Berga 2025")
    finally:
        context.close()


def test_a_viewer_opening_the_administration_address_sees_only_who_it_is_for(browser, editor_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    try:
        goto(page, editor_server.url, "/administration")   # a bookmark or a shared link, not unlocked
        expect(page.get_by_text("Sidan Administration är bara för panelens redaktörer.", exact=False)
               ).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_role("heading", name="Administration")).to_be_visible()
        expect(page.locator("input[type=file]")).to_have_count(0)
        expect(page.get_by_role("radiogroup", name="Del av administrationen")).to_have_count(0)
        expect(page.get_by_role("tab")).to_have_count(0)
        expect(nav_link(page, "Data")).to_be_visible()
        expect(nav_link(page, "Administration")).to_have_count(0)
        save_screenshot(page, "32_administration_lasare")
    finally:
        context.close()
