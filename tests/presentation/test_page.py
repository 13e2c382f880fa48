"""The Presentation page and the "Lägg till i bildspel" buttons (AppTest on the real app.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import views
from tests.presentation.conftest import ROOT, SPECS

PAGE = "pages/presentation.py"


@pytest.fixture
def app(app_store_path, monkeypatch):
    monkeypatch.setenv("INDIKATORPANEL_DB", str(app_store_path))

    def run(page: str | None = None, specs=None, **params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if specs is not None:
            at.query_params["bildspel"] = views.encode(specs)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if page:
            at.switch_page(page)
            at.run()
            assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def chart_title(at) -> str:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def param(at, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def listed(at) -> list[str]:
    return [m.value for m in at.markdown if " · " in m.value]


def test_empty_list_shows_a_swedish_hint(app):
    at = app(PAGE)
    assert "Bildspelet är tomt" in at.info[0].value
    assert not at.get("plotly_chart")


def test_presents_the_list_from_the_url_and_steps_through_it(app):
    at = app(PAGE, specs=SPECS)
    assert "Invånare i hushåll med ekonomiskt bistånd" in chart_title(at)
    assert any("Bild <b>1</b> av 4" in m.value for m in at.markdown)
    assert at.button(key="foregaende").disabled
    at.button(key="nasta").click().run()
    assert "Meritvärde åk 9 – stadsdelarna rangordnade" in chart_title(at)
    at.button(key="nasta").click().run()
    assert "Status per utvecklingsområde" in chart_title(at)
    at.button(key="foregaende").click().run()
    assert "stadsdelarna rangordnade" in chart_title(at)
    assert any("Nyckeltal" in m.value and "rang " in m.value for m in at.markdown)
    assert param(at, "bildspel") == views.encode(SPECS)


def test_reorder_remove_and_clear(app):
    at = app(PAGE, specs=SPECS[:3], lage="Ordna och ladda ner")
    before = listed(at)
    assert len(before) == 3 and before[0].startswith("Trender")
    at.button(key="ner_0").click().run()
    after = listed(at)
    assert after[:2] == [before[1], before[0]]
    assert views.decode(param(at, "bildspel"))[:2] == [SPECS[1], SPECS[0]]
    at.button(key="ta_bort_2").click().run()
    assert listed(at) == after[:2]
    at.button(key="tom").click().run()
    assert "Bildspelet är tomt" in at.info[0].value
    assert "bildspel" not in at.query_params


def test_meeting_pack_without_chromium_offers_excel_and_says_why(app, monkeypatch):
    from dashboard import slides

    def missing(*args, **kwargs):
        raise slides.ChromiumMissing(slides.CHROMIUM_HELP)

    monkeypatch.setattr(slides, "render_images", missing)
    at = app(PAGE, specs=SPECS[:2], lage="Ordna och ladda ner")
    at.button(key="skapa_paket").click().run()
    assert not at.exception
    warning = "\n".join(w.value for w in at.warning)
    assert "PowerPoint-filen kunde inte skapas" in warning and "apt-get install -y chromium" in warning
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Ladda ner Excel (tabellerna bakom bilderna)"]


@pytest.mark.parametrize(("page", "key", "page_name"), [
    ("pages/trender.py", "trender_bildspel", "trender"),
    ("pages/jamforelse.py", "jamforelse_bildspel", "jamforelse"),
    ("pages/atgarder.py", "atgarder_bildspel", "atgarder"),
])
def test_pages_add_their_view_to_the_list(app, page, key, page_name):
    at = app(page)
    at.button(key=key).click().run()
    specs = views.decode(param(at, "bildspel"))
    assert [s["page"] for s in specs] == [page_name]
    at.button(key=key).click().run()  # the same view twice in a row is kept once
    assert len(views.decode(param(at, "bildspel"))) == 1
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.get("plotly_chart")
