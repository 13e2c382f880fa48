"""«Hämta från Kolada» on the Administration page (AppTest) against the local Kolada stand-in:
search, fetch, preview, confirm, undo (in the Data page's import log); a failed fetch says so
in Swedish and changes nothing."""

from __future__ import annotations

import socket

import pytest

from tests.admin.test_data_page import content, texts, unlocked
from tests.apptest import administration, back_to_data, panel_alone
from tests.kolada_server import serving


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch) as srv:
        yield srv


def kolada_tab(at):
    return next(t for t in at.tabs if t.label == "Hämta från Kolada")


def test_viewer_sees_no_fetch(store_copy):
    from tests.admin.test_data_page import app

    at = app()
    assert "Hämta från Kolada" not in [t.label for t in at.tabs]  # a viewer has no Administration page
    # and the panel itself, were it ever shown to a viewer, fetches nothing
    at = panel_alone("data_kolada", "kolada_tab")
    assert "Endast redaktörer kan hämta från Kolada." in [c.value for c in at.caption]
    assert not at.button


def test_editor_searches_fetches_previews_confirms_and_undoes(store_copy, server):
    before = content(store_copy)
    at = administration(unlocked())
    tab = kolada_tab(at)
    assert any("127.0.0.1" in c.value.replace("\\", "") for c in tab.caption)  # says where it fetches from
    tab.text_input[0].input("bistånd")
    next(b for b in tab.button if b.label == "Sök").click().run()
    tab = kolada_tab(at)
    assert "/v3/kpi?title=bist%C3%A5nd&per_page=5000" in server.hits
    kpis = at.multiselect(key="kolada-kpis")
    assert "N31807" in kpis.options[0] or any(o.startswith("N31807") for o in kpis.options)
    kpis.set_value(["N31807"]).run()
    at.text_input(key="kolada-ids").input("N15507, N07403").run()   # ids typed in, beside the picked one
    at.selectbox(key="kolada-group").set_value("").run()   # «Ingen grupp»
    at.button(key="kolada-fetch").click().run()
    assert not at.exception
    tab = kolada_tab(at)
    metrics = {m.label: int(m.value) for m in tab.metric}
    assert metrics, list(server.hits) + [e.value for e in at.error]
    assert metrics["Nya värden"] > 0, texts(at)
    assert content(store_copy) == before                              # the preview wrote nothing
    next(b for b in tab.button if b.label == "Bekräfta import").click().run()
    assert any("importerad" in s.value for s in at.success), texts(at)
    assert content(store_copy) != before
    back_to_data(at)
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Ångra import").click().run()
    assert content(store_copy) == before


def test_unreachable_kolada_gives_a_swedish_message_and_changes_nothing(store_copy, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", f"http://127.0.0.1:{port}/v3")
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_TIMEOUT", "2")
    before = content(store_copy)
    at = administration(unlocked())
    at.multiselect(key="kolada-kpis").set_value(["N31807"]).run()
    at.button(key="kolada-fetch").click().run()
    errors = [e.value for e in at.error]
    assert any(e.startswith("Hämtningen från Kolada misslyckades") and "Inget har ändrats" in e for e in errors), errors
    assert not [b for b in at.button if b.label == "Bekräfta import"]
    assert content(store_copy) == before
