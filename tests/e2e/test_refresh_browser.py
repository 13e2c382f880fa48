"""An editor refreshes every stored fetch in a real browser: the recorded Kolada (tests/
kolada_server.py) has revised Linköping's 2023 value since the first fetch (4,4 → 4,3). The
preview shows the revision, «Spara ändringarna» writes it, and Trender's hover text for that
point says «reviderad <today> (tidigare 4,4 %)»."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from loaders.importer import import_bytes
from loaders.kolada_api import fetch
from loaders.store import connect
from tests.e2e.helpers import (STEP_TIMEOUT_MS, choose, editor_at, eventually, goto, save_screenshot, wait_for_app,
                               wait_for_plots)
from tests.kolada_server import serving

pytestmark = pytest.mark.e2e

HOVERS_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot")]
    .flatMap(el => (el.data || []).flatMap(t => (t.customdata || []).map(c => [t.name, c[0], c[1]])))"""


@pytest.fixture
def kolada(monkeypatch):
    """Started before the app (editor_server), which reads INDIKATORPANEL_KOLADA_URL from the environment."""
    with serving(monkeypatch) as srv:
        yield srv


def test_an_editor_refreshes_and_trender_tells_the_revision(browser, kolada, editor_server):
    data, name = fetch(["N31807"], ["0580", "0000"])  # the first fetch, as «Hämta från Kolada» stores it
    con = connect(editor_server.db_path)
    import_bytes(con, data, name, "kolada", who="test",
                 options={"kolada": {"kpi": ["N31807"], "municipality": ["0580", "0000"], "api": kolada.url()}})
    con.close()
    with editor_at(browser, editor_server, "Hämta data", "Uppdatera från källorna") as page:
        page.get_by_role("button", name="Uppdatera från källorna").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMetric").filter(has_text="Reviderade värden")).to_contain_text(
            "1", timeout=STEP_TIMEOUT_MS)
        expect(page.get_by_text("Nya år för Invånare i hushåll med ekonomiskt bistånd: 2024.")).to_be_visible(
            timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "35_uppdatera_fran_kallorna")
        page.get_by_role("button", name="Spara ändringarna").click()
        wait_for_app(page)
        expect(page.get_by_text("Sparat: 1 import (2 nya och 1 reviderade värden)", exact=False)).to_be_visible(
            timeout=STEP_TIMEOUT_MS)

        goto(page, editor_server.url, "/trender")
        choose(page, "Indikator", "Invånare i hushåll med ekonomiskt bistånd")
        wait_for_plots(page)
        today = dt.date.today().isoformat()

        def revised() -> list:
            return sorted({(int(year), text) for _, year, text in page.evaluate(HOVERS_JS) if "reviderad" in text})
        eventually(revised, [(2023, f"4,3\u00a0%; reviderad {today} (tidigare 4,4\u00a0%)")],
                   "hovertexten för det reviderade värdet")
        save_screenshot(page, "36_trender_reviderat_varde")
