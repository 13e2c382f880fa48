"""Karta in a real browser: all 290 kommuner drawn and coloured from an imported BRÅ-style file,
suppressed kommuner grey with their own legend entry, the home kommun outlined.
Screenshots: tests/artifacts/70_karta_290_kommuner.png, 71_karta_jamforbara.png."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from loaders.build import build_store
from loaders.importer import import_bytes
from loaders.store import connect
from tests.e2e.helpers import PLOT, REPO_ROOT, goto, save_screenshot, start_streamlit, wait_for_plots
from tests.loaders.test_bra_all_kommuner import FILES, KOMMUNER, rows
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.e2e

INDICATOR = quote("Anmälda brott per 1 000 invånare")  # choices travel in the URL as shown
TRACES_JS = """el => el.data.map(t => ({name: t.name, fill: t.fill || '', colour: t.fillcolor || '',
                                       text: t.text || '', legend: !!t.showlegend}))"""


@pytest.fixture
def sweden_server(tmp_path):
    db = tmp_path / "sverige.duckdb"
    build_store(db)
    con = connect(db)
    try:
        import_bytes(con, csv_bytes(rows("2023")), FILES["2023"])
    finally:
        con.close()
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, {**os.environ, "INDIKATORPANEL_DB": str(db)},
                             tmp_path / "streamlit.log")
    yield server
    server.stop()


def test_karta_draws_all_290_kommuner(browser, sweden_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="sv-SE")
    page = context.new_page()
    page.app_server = sweden_server
    try:
        goto(page, sweden_server.url, f"/karta?indikator={INDICATOR}&kartar=2023")
        wait_for_plots(page)
        traces = page.locator(PLOT).first.evaluate(TRACES_JS)
        areas = [t for t in traces if t["fill"] == "toself"]
        assert len(areas) == len(KOMMUNER) == 290
        grey = [t for t in areas if t["colour"].upper() == "#E6E6E6"]
        assert [t["text"] for t in grey] == ["Ydre: prickat – för få personer för att redovisas (sekretess)"]  # «..»
        assert any(t["legend"] and t["name"].startswith("Inget värde") for t in grey)
        assert len({t["colour"] for t in areas if t not in grey}) > 50   # a real colour scale, not one fill
        assert any(t["name"] == "Linköpings kommun" and t["fill"] == "" for t in traces)   # the outline
        page.wait_for_timeout(500)
        save_screenshot(page, "70_karta_290_kommuner")
        goto(page, sweden_server.url, f"/karta?indikator={INDICATOR}&kartar=2023&kartgrupp={quote('Jämförbara kommuner')}")
        wait_for_plots(page)
        traces = page.locator(PLOT).first.evaluate(TRACES_JS)
        assert len([t for t in traces if t["fill"] == "toself"]) == 9   # 8 group kommuner and Linköping
        save_screenshot(page, "71_karta_jamforbara")
    finally:
        context.close()
