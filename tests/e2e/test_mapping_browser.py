"""An editor in a real browser imports Skolverket's national per-school file, assigns the
unmapped Linköping schools to districts (both on the Administration page), and sees the
districts' meritvärde appear."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (eventually, REPO_ROOT, STEP_TIMEOUT_MS, choose, goto, multiselect_add, open_administration,
                               open_page, options_of, points, save_screenshot, sidebar, unlock, wait_for_app,
                               wait_for_plots)

pytestmark = pytest.mark.e2e

SKOLVERKET = REPO_ROOT / "tests" / "fixtures" / "real" / "skolverket" / "slutbetyg_ak9_samtliga_2025_skolenhet.csv"
def test_editor_imports_school_file_maps_schools_and_sees_district_values(browser, editor_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    try:
        goto(page, editor_server.url, "/trender")
        open_page(page, "Data")
        unlock(page)
        open_administration(page)

        page.locator("input[type=file]").set_input_files(str(SKOLVERKET))
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Nya värden")).to_contain_text("75")
        expect(page.get_by_text("25 av hemkommunens skolor hör ännu inte till någon stadsdel", exact=False)
               ).to_be_visible()
        page.get_by_role("button", name="Bekräfta import").click()
        wait_for_app(page)
        expect(page.get_by_text("importerad (import", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        # Before any mapping no district has a meritvärde (the real values replaced the example ones and
        # are kept per school), so Trender does not offer the indicator at all.
        open_page(page, "Trender")
        assert "Meritvärde åk 9" not in options_of(page, "Indikator", scope=sidebar(page))

        open_administration(page, "Områden och grupper")
        page.get_by_role("tab", name="Skolor och delområden").click()
        expect(page.get_by_text("Utan stadsdel (25)")).to_be_visible()
        choose(page, "Tornhagsskolan (24291925)", "Ryd")
        choose(page, "Arenaskolan (46165416)", "Skäggetorp")
        choose(page, "Ekholmsskolan (96360048)", "Ekholmen")
        choose(page, "Ånestadsskolan 7-9 (85335004)", "Ekholmen")
        save_screenshot(page, "50_skolor_koppla")
        page.get_by_role("button", name="Spara kopplingarna").click()
        wait_for_app(page)
        expect(page.get_by_text("4 kopplingar sparade", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_text("Utan stadsdel (21)")).to_be_visible()
        expect(page.get_by_text("Ändringar av kopplingarna")).to_be_visible()
        save_screenshot(page, "51_skolor_kopplade")

        open_page(page, "Trender")
        choose(page, "Indikator", "Meritvärde åk 9", scope=sidebar(page))
        eventually(lambda: points(page, "Ryd").get(2025), lambda v: v == pytest.approx(208.0), "värdet för Ryd 2025")
        eventually(lambda: points(page, "Skäggetorp").get(2025), lambda v: v == pytest.approx(232.3), "värdet för Skäggetorp 2025")
        multiselect_add(page, "Områden", "Ekholmen", scope=sidebar(page))
        ekholmen = (234.9 * 139 + 216.1 * 113) / (139 + 113)   # pupil-weighted mean of its two schools
        eventually(lambda: points(page, "Ekholmen").get(2025), lambda v: v == pytest.approx(ekholmen), "värdet för Ekholmen 2025")
        eventually(lambda: points(page, "Berga"), lambda p: 2025 not in p, "inget värde för Berga 2025")                # no Berga school was mapped
        save_screenshot(page, "52_trender_meritvarde_efter_koppling")

        open_page(page, "Områdesprofil")
        choose(page, "Område", "Ekholmen", scope=sidebar(page))
        page.get_by_role("tab", name="3. Utbildning").click()  # the tab that holds Meritvärde åk 9
        wait_for_app(page)
        wait_for_plots(page)
        # the tab draws its charts one after another: wait until meritvärde's is drawn (a read
        # right after the first chart once saw only the other indicator of the tab)
        eventually(lambda: page.evaluate("""() => [...document.querySelectorAll(
                "[data-testid='stPlotlyChart'] .js-plotly-plot")]
            .flatMap(el => (el.data || []).filter(t => t.name === 'Ekholmen')
                .flatMap(t => t.x.map((x, i) => [Number(x), t.y[i]])))
            .filter(([x, y]) => x === 2025).map(([x, y]) => y)"""),
                   lambda found: any(y == pytest.approx(ekholmen) for y in found), "Ekholmens meritvärde 2025 i fliken")
        save_screenshot(page, "53_omradesprofil_ekholmen")
    finally:
        context.close()
