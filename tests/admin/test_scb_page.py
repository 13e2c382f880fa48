"""«Hämta från SCB» on the Administration page (AppTest) against the local SCB stand-in
(tests/scb_server.py): see a table's variables, narrow one, fetch, preview, confirm, undo in
the Data page's import log; a failed fetch says so in Swedish and changes nothing."""

from __future__ import annotations

import socket

import pytest

from tests.admin.test_data_page import content, texts, unlocked
from tests.apptest import administration, back_to_data, panel_alone
from tests.scb_server import serving


@pytest.fixture
def scb(monkeypatch):
    with serving(monkeypatch) as srv:
        yield srv


def scb_tab(at):
    return next(t for t in at.tabs if t.label == "Hämta från SCB")


def test_a_viewer_fetches_nothing():
    at = panel_alone("data_scb", "scb_tab")
    assert "Endast redaktörer kan hämta från SCB." in [c.value for c in at.caption]
    assert not at.button


def test_editor_sees_the_variables_narrows_fetches_previews_confirms_and_undoes(store_copy, scb):
    before = content(store_copy)
    at = administration(unlocked())
    tab = scb_tab(at)
    assert any("127.0.0.1" in c.value.replace("\\", "") for c in tab.caption)  # says where it fetches from
    at.text_input(key="scb-table").input("tab9901").run()
    at.button(key="scb-describe").click().run()
    assert not at.exception
    variables = next(d.value for d in scb_tab(at).dataframe if "Variabel" in d.value.columns)
    assert list(variables["Kod"]) == ["Region", "Fodelseregion", "ContentsCode", "Tid"]
    at.multiselect(key="scb-val-TAB9901-Fodelseregion").set_value(["TOT"]).run()
    at.button(key="scb-fetch").click().run()
    assert not at.exception
    tab = scb_tab(at)
    metrics = {m.label: int(m.value.replace("\u00a0", "").replace(" ", "")) for m in tab.metric}
    assert metrics.get("Nya värden") == 33 * 4, (metrics, texts(at))   # 32 RegSO and the kommun, 4 years
    assert content(store_copy) == before                                # the preview wrote nothing
    sent = scb.data_posts()[-1]["selection"]
    assert next(s for s in sent if s["variableCode"] == "Fodelseregion")["valueCodes"] == ["TOT"]
    next(b for b in tab.button if b.label == "Bekräfta import").click().run()
    assert any("importerad" in s.value for s in at.success), texts(at)
    assert content(store_copy) != before
    back_to_data(at)
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Ångra import").click().run()
    assert content(store_copy) == before


def test_unreachable_scb_gives_a_swedish_message_and_changes_nothing(store_copy, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("INDIKATORPANEL_SCB_URL", f"http://127.0.0.1:{port}/api/v2")
    monkeypatch.setenv("INDIKATORPANEL_SCB_TIMEOUT", "2")
    before = content(store_copy)
    at = administration(unlocked())
    at.text_input(key="scb-table").input("TAB5956").run()
    at.button(key="scb-fetch").click().run()
    errors = [e.value for e in at.error]
    assert any(e.startswith("Hämtningen från SCB misslyckades") and "Inget har ändrats" in e for e in errors), errors
    assert not [b for b in at.button if b.label == "Bekräfta import"]
    assert content(store_copy) == before
