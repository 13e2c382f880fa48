"""Administration › Drift › «Annan kommun» (AppTest): an editor sets up a new, empty panel for
Motala beside the one in use, with its districts from the SCB stand-in; the store in use is
unchanged, and a second attempt is refused because the file exists."""

from __future__ import annotations

import duckdb

from tests.admin.test_data_page import content, unlocked
from tests.apptest import administration, panel_alone


def home_tab(at):
    return next(t for t in at.tabs if t.label == "Annan kommun")


def test_a_viewer_cannot_make_a_store(store_copy):
    at = panel_alone("data_home", "home_tab")
    assert "Endast redaktörer kan skapa en databas för en annan kommun." in [c.value for c in at.caption]
    assert not at.button


def test_an_editor_makes_motalas_store_beside_the_one_in_use(store_copy, scb):
    before = content(store_copy)
    at = administration(unlocked(), "drift")
    assert any("Linköpings kommuns" in c.value for c in home_tab(at).caption)
    at.selectbox(key="home-kommun").set_value("0583").run()
    at.button(key="home-create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    made = store_copy.parent / "indikatorpanel_0583.duckdb"
    assert any("Databasen för Motala kommun är skapad" in s.value for s in at.success)
    assert f"INDIKATORPANEL_DB={made} streamlit run app.py" in [c.value for c in at.code]
    con = duckdb.connect(str(made), read_only=True)
    try:
        assert con.execute("SELECT value FROM settings WHERE key = 'hemkommun'").fetchone()[0] == "0583"
        assert con.execute("SELECT count(*) FROM areas WHERE level = 'omrade'").fetchone()[0] == 9
    finally:
        con.close()
    assert content(store_copy) == before  # the store in use is not touched
    at.button(key="home-create").click().run()
    assert any("finns redan" in e.value for e in at.error)
