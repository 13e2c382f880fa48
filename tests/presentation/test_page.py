"""The Presentation page and the "Lägg till i bildspel" buttons (AppTest on the real app.py)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec
from tests.presentation.conftest import ROOT, SPECS

PAGE = "pages/presentation.py"


@pytest.fixture
def app(app_store_path, monkeypatch):
    monkeypatch.setenv("INDIKATORPANEL_DB", str(app_store_path))

    def run(page: str | None = None, specs=None, **params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if specs is not None:
            at.query_params["bildspel"] = spec_codec.encode(specs)
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


def unescaped(text: str) -> str:
    """Markdown as the reader sees it: imported and message text is shown backslash-escaped
    (``fmt.md``), and the escapes are not on screen."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'%@;/?])", r"\1", text)


def listed(at) -> list[str]:
    return [m.value for m in at.markdown if " · " in m.value]


def test_empty_list_shows_a_swedish_hint(app):
    at = app(PAGE)
    assert "Bildspelet är tomt" in at.info[0].value
    assert not at.get("plotly_chart")


def test_presents_the_list_from_the_url_and_steps_through_it(app):
    at = app(PAGE, specs=SPECS)
    assert "Invånare i hushåll med ekonomiskt bistånd" in chart_title(at)
    assert any("Bild **1** av 4" in m.value for m in at.markdown)
    assert at.button(key="foregaende").disabled
    at.button(key="nasta").click().run()
    assert "Meritvärde åk 9 – stadsdelarna rangordnade" in chart_title(at)
    at.button(key="nasta").click().run()
    assert "Status per utvecklingsområde" in chart_title(at)
    at.button(key="foregaende").click().run()
    assert "stadsdelarna rangordnade" in chart_title(at)
    shown = [m.value for m in at.markdown]  # the key figures: a heading, then one markdown per line
    assert any("rang " in text for text in shown[shown.index("**Nyckeltal**"):])
    assert param(at, "bildspel") == spec_codec.encode(SPECS)


def test_reorder_remove_and_clear(app):
    at = app(PAGE, specs=SPECS[:3], lage="Ordna och ladda ner")
    before = listed(at)
    assert len(before) == 3 and before[0].startswith("Trender")
    at.button(key="ner_0").click().run()
    after = listed(at)
    assert after[:2] == [before[1], before[0]]
    assert spec_codec.decode(param(at, "bildspel"))[:2] == [SPECS[1], SPECS[0]]
    at.button(key="ta_bort_2").click().run()
    assert listed(at) == after[:2]
    at.button(key="tom").click().run()
    assert "Bildspelet är tomt" in at.info[0].value
    assert "bildspel" not in at.query_params


def test_meeting_pack_without_chromium_offers_excel_and_says_why(app, monkeypatch):
    from dashboard.export import images as slides

    def missing(*args, **kwargs):
        raise slides.ChromiumMissing(slides.CHROMIUM_HELP)

    monkeypatch.setattr(slides, "render_images", missing)
    at = app(PAGE, specs=SPECS[:2], lage="Ordna och ladda ner")
    at.button(key="skapa_paket").click().run()
    assert not at.exception
    warning = "\n".join(unescaped(w.value) for w in at.warning)
    assert "PowerPoint-filen kunde inte skapas" in warning and "apt-get install -y chromium" in warning
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Ladda ner Excel (tabellerna bakom bilderna)"]


@pytest.mark.parametrize(("page", "key", "kind"), [
    ("pages/trender.py", "trender_bildspel", TrendSpec),
    ("pages/jamforelse.py", "jamforelse_bildspel", RankingSpec),
    ("pages/atgarder.py", "atgarder_bildspel", MeasuresSpec),
])
def test_pages_add_their_view_to_the_list(app, page, key, kind):
    at = app(page)
    at.button(key=key).click().run()
    specs = spec_codec.decode(param(at, "bildspel"))
    assert [type(s) for s in specs] == [kind] and specs[0].PAGE == page
    at.button(key=key).click().run()  # the same view twice in a row is kept once
    assert len(spec_codec.decode(param(at, "bildspel"))) == 1
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.get("plotly_chart")
