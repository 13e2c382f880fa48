"""«Hämta från SCB» on the Administration page (AppTest) against the local SCB stand-in
(tests/scb_server.py): see a table's variables, narrow one, fetch, preview, confirm, undo in
the Data page's import log; a failed fetch says so in Swedish and changes nothing."""

from __future__ import annotations

import socket


from tests.admin.test_data_page import content, texts, unlocked
from tests.apptest import administration, back_to_data, panel_alone


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


def test_editor_fetches_the_district_set_previews_and_confirms(store_copy, scb):
    """«Distriktsindikatorer från SCB»: one button, the same preview and confirm as any import."""
    import duckdb

    from loaders import scb_districts

    before = content(store_copy)
    at = administration(unlocked())
    at.button(key="scb-set-fetch").click().run()
    assert not at.exception
    tab = scb_tab(at)
    metrics = {m.label: int(m.value.replace("\u00a0", "").replace(" ", "")) for m in tab.metric}
    assert metrics["Nya värden"] + metrics["Ändrade värden"] > 1000, (metrics, texts(at))
    assert [p["selection"] for p in scb.data_posts()]                  # it asked SCB …
    assert content(store_copy) == before                               # … and wrote nothing yet
    assert {f"/tables/{t}/data" for t in scb_districts.tables()} <= {p for m, p, _ in scb.requests if m == "POST"}
    next(b for b in tab.button if b.label == "Bekräfta import").click().run()
    assert any("importerad" in s.value for s in at.success), texts(at)
    con = duckdb.connect(str(store_copy))  # the app's configuration: DuckDB shares the instance
    try:
        real = con.execute("SELECT count(*) FROM observations WHERE NOT example AND list_contains(?, indicator_id)",
                           [[s.indicator_id for s in scb_districts.SET]]).fetchone()[0]
    finally:
        con.close()
    assert real == metrics["Nya värden"] + metrics["Ändrade värden"]


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
