"""«Uppdatera från källorna» on the Administration page (AppTest) against the local Kolada
stand-in: a stored fetch is asked again, the revision is previewed (before → after) with the
new year, nothing is written until «Spara ändringarna», and a second refresh finds nothing."""

from __future__ import annotations

import pytest

from loaders.importer import import_bytes
from loaders.kolada_api import fetch
from loaders.store import connect
from tests.admin.test_data_page import content, texts, unlocked
from tests.apptest import administration, panel_alone
from tests.kolada_server import serving


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch) as srv:
        yield srv


def refresh_tab(at):
    return next(t for t in at.tabs if t.label == "Uppdatera från källorna")


def fetched(store_copy, server) -> None:
    data, name = fetch(["N31807"], ["0580", "0000"])
    con = connect(store_copy)
    import_bytes(con, data, name, "kolada", who="test",
                 options={"kolada": {"kpi": ["N31807"], "municipality": ["0580", "0000"], "api": server.url()}})
    con.close()


def test_a_viewer_cannot_refresh(store_copy):
    at = panel_alone("data_refresh", "refresh_tab")
    assert "Endast redaktörer kan uppdatera från källorna." in [c.value for c in at.caption]
    assert not at.button


def test_with_nothing_fetched_the_tab_says_how_to_begin(store_copy):
    at = administration(unlocked())
    assert any("inga sparade hämtningar" in i.value for i in refresh_tab(at).info)


def test_editor_previews_the_revision_then_saves_it(store_copy, server):
    fetched(store_copy, server)
    before = content(store_copy)
    at = administration(unlocked())
    tab = refresh_tab(at)
    assert tab.dataframe[0].value["Sparade hämtningar"].tolist() == ["Kolada: N31807 för 0580, 0000"]
    at.button(key="refresh-run").click().run()
    assert not at.exception and not at.error, texts(at)
    tab = refresh_tab(at)
    metrics = {m.label: int(m.value) for m in tab.metric}
    assert metrics == {"Nya värden": 2, "Reviderade värden": 1, "Oförändrade": 5}
    changes = tab.dataframe[1].value
    assert changes[["Område", "År", "Före", "Efter"]].values.tolist() == [["Linköpings kommun", 2023, "4,4", "4,3"]]
    assert any("Nya år för Invånare i hushåll med ekonomiskt bistånd: 2024." in c.value for c in tab.caption)
    assert content(store_copy) == before  # the preview wrote nothing
    at.button(key="refresh-confirm").click().run()
    assert any("1 reviderade" in s.value for s in at.success), texts(at)
    assert content(store_copy) != before
    at.button(key="refresh-run").click().run()
    assert any("Inget har ändrats hos källorna" in m.value for m in refresh_tab(at).markdown), texts(at)
    assert not [b for b in at.button if b.label == "Spara ändringarna"]
