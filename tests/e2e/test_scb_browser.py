"""An editor fetches a table from SCB's Statistikdatabasen in a real browser (the local stand-in
tests/scb_server.py, with real RegSO counts for Linköping), confirms it, and Trender shows
Berga, Ryd and Skäggetorp with the values of their RegSO areas (data/stadsdelar_regso.csv)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import STEP_TIMEOUT_MS, choose, editor_at, eventually, goto, points, save_screenshot, wait_for_app

pytestmark = pytest.mark.e2e

INDICATOR_NAME = "Folkmängden, antal (födelseregion: totalt)"   # named from SCB's labels


def test_an_editor_fetches_regso_values_and_trender_shows_the_districts(browser, scb, editor_server):
    with editor_at(browser, editor_server, "Hämta data", "Hämta från SCB") as page:
        page.get_by_label("Tabellens id").fill("TAB9901")
        page.get_by_label("Tabellens id").press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Visa tabellens variabler").click()
        wait_for_app(page)
        expect(page.get_by_text("TAB9901 – Folkmängden efter region, födelseregion och år")).to_be_visible(
            timeout=STEP_TIMEOUT_MS)
        page.get_by_role("button", name="Hämta och granska").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Nya värden")).to_contain_text("264",
                                                                                              timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "33_hamta_fran_scb_granska")
        page.get_by_role("button", name="Bekräfta import").click()
        wait_for_app(page)
        expect(page.get_by_text("importerad (import", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        goto(page, editor_server.url, "/trender")
        choose(page, "Indikator", INDICATOR_NAME)
        # the real counts of SCB's download for Berga (0580R001), Ryd (0580R017) and Skäggetorp-Tornby (0580R018)
        eventually(lambda: points(page, "Berga").get(2023), 7230, "Bergas värde 2023")
        eventually(lambda: points(page, "Ryd").get(2022), 9304, "Ryds värde 2022")
        eventually(lambda: points(page, "Skäggetorp").get(2020), 10359, "Skäggetorps värde 2020")
        # Skäggetorp has no RegSO of its own: the chart says which area it is shown by
        expect(page.get_by_text("Skäggetorp: här RegSO «Skäggetorp-Tornby» (0580R018).", exact=False).first
               ).to_be_visible(timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "34_trender_scb_stadsdelar")


def test_an_editor_fetches_the_district_set_and_trender_shows_real_district_values(browser, scb, editor_server):
    """«Distriktsindikatorer från SCB»: one button; förvärvsfrekvens for Berga, Ryd and Skäggetorp is then
    the share computed from the stand-in's counts for their RegSO areas, no longer example data, and the
    chart says which area Skäggetorp is shown by and which divisions the years come from."""
    cube = scb.cubes["TAB6680"]

    def share(regso: str, year: int) -> float:
        code = f"{regso}_RegSO2025" if year >= 2024 else regso
        employed, everyone = (cube.values[(code, "1+2", "20-64", c, str(year))] for c in ("0000089X", "0000089Y"))
        return round(100 * employed / everyone, 1)

    with editor_at(browser, editor_server, "Hämta data", "Hämta från SCB") as page:
        page.get_by_role("button", name="Hämta distriktsindikatorerna och granska").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Nya värden")).to_be_visible(timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "37_distriktsindikatorer_granska")
        page.get_by_role("button", name="Bekräfta import").first.click()
        wait_for_app(page)
        expect(page.get_by_text("importerad (import", exact=False)).to_be_visible(timeout=STEP_TIMEOUT_MS)

        goto(page, editor_server.url, "/trender")
        choose(page, "Indikator", "Förvärvsfrekvens 20–64 år")
        for name, regso in (("Berga", "0580R001"), ("Ryd", "0580R017"), ("Skäggetorp", "0580R018")):
            for year in (2020, 2024):
                eventually(lambda n=name, y=year: round(points(page, n).get(y, -1), 1), share(regso, year),
                           f"{name}s förvärvsfrekvens {year}")
        expect(page.get_by_text("Skäggetorp: här RegSO «Skäggetorp-Tornby» (0580R018).", exact=False).first
               ).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_text("RegSO 2025 och DeSO 2025 från 2024", exact=False).first
               ).to_be_visible(timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_text("Exempeldata – påhittade värden", exact=False)).to_have_count(0)
        save_screenshot(page, "38_trender_distriktsindikatorer")
