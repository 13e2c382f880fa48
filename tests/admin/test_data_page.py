"""The Data and Administration pages in Streamlit's AppTest: viewers cannot write by any path
and have no Administration page; editors unlock on Data, preview and confirm on
Administration, undo in Data's import log, and undo restores the store value for value."""

from pathlib import Path

import duckdb
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from dashboard import admin, auth
from loaders.store import table_checksums
from tests.apptest import ADMINISTRATION, administration, back_to_data, data_page
from tests.spreadsheets import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
HASH = auth.hash_password("hemligt", iterations=1000)
HEADER = ["Indikator", "Område", "År", "Kön", "Värde"]
UPLOAD = xlsx_bytes({"Data": [HEADER, ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 70.5],
                              ["Valdeltagande i kommunvalet", "Berga", 2026, "Totalt", 71.0]]})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT = ("observations", "superseded_observations", "measures", "measure_followups", "indicators")


def content(path: Path) -> dict:
    # Same configuration as the app's connection in this process (DuckDB shares the instance).
    con = duckdb.connect(str(path))
    try:
        sums = table_checksums(con)
        return {t: sums[t] for t in CONTENT}
    finally:
        con.close()


def app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    return data_page(secrets, user, timeout=60)


def texts(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.info, *at.success, *at.error, *at.warning,
                                       *at.caption])


def test_without_configuration_editing_is_off_and_explained(store_copy):
    at = app()
    assert not at.exception
    assert "Du kan titta på allt här, men inte ändra något" in texts(at)
    assert "secrets.toml" not in texts(at) and "dashboard.auth" not in texts(at)  # no admin instructions
    assert "Endast redaktörer kan importera filer." in texts(at)
    assert not [b for b in at.button if b.label in ("Bekräfta import", "Ångra import")]
    assert at.dataframe  # import log and catalogue are visible to viewers


def test_wrong_password_does_not_unlock(store_copy):
    at = app({"editor_password_hash": HASH})
    at.text_input[0].input("fel")
    at.button[0].click().run()
    assert "Fel lösenord." in texts(at)
    assert "Endast redaktörer kan importera filer." in texts(at)


def test_signed_in_non_editor_is_a_viewer(store_copy):
    secrets = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
                        "client_id": "x", "client_secret": "x",
                        "server_metadata_url": "http://localhost/.well-known/openid-configuration"},
               "editors": {"emails": ["anna@linkoping.se"]}}
    at = app(secrets, {"is_logged_in": True, "email": "bo@linkoping.se"})
    assert "inte redaktör" in texts(at)
    assert "Endast redaktörer kan importera filer." in texts(at)
    editor = app(secrets, {"is_logged_in": True, "email": "anna@linkoping.se"})
    assert "Du är redaktör" in texts(editor)


def unlocked() -> AppTest:
    at = app({"editor_password_hash": HASH})
    at.text_input[0].input("hemligt")
    at.button[0].click().run()
    assert "Du är redaktör" in texts(at)
    return at


def test_editor_previews_confirms_and_undoes(store_copy):
    before = content(store_copy)
    at = administration(unlocked())
    at.file_uploader[0].set_value(("val.xlsx", UPLOAD, XLSX)).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Nya värden": "1", "Ändrade värden": "1", "Oförändrade": "0"}
    assert content(store_copy) == before  # nothing written by the preview
    frames = [d.value for d in at.dataframe]
    stored = next(f for f in frames if "Värde" in f.columns)
    assert list(stored.columns[:5]) == ["Indikator", "Område", "År", "Kön", "Värde"]
    assert sorted(stored["Värde"]) == ["70,5", "71,0"]  # decimal comma, as Swedes read it
    changed = next(f for f in frames if "Före" in f.columns)
    assert changed.iloc[0][["Område", "År", "Efter"]].tolist() == ["Berga", 2022, "70,5"]
    next(b for b in at.button if b.label == "Bekräfta import").click().run()
    assert any("importerad" in s.value for s in at.success), texts(at)
    after_import = content(store_copy)
    assert after_import != before
    back_to_data(at)  # the import log, with its undo, is on the Data page
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Ångra import").click().run()
    assert any("är ångrad" in s.value for s in at.success), texts(at)
    assert content(store_copy) == before


def test_upload_with_errors_cannot_be_confirmed(store_copy):
    bad = xlsx_bytes({"Data": [HEADER, ["Valdeltagande i kommunvalet", "Bergaa", 2022, "Totalt", 70.5]]})
    at = administration(unlocked())
    at.file_uploader[0].set_value(("fel.xlsx", bad, XLSX)).run()
    assert any("Menade du «Berga»" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "Bekräfta import"]


def test_writes_check_the_role_themselves(store_copy):
    con = duckdb.connect(str(store_copy))
    try:
        checked = admin.check_upload(con, UPLOAD, "val.xlsx", None)
        with pytest.raises(auth.NotAllowed):
            admin.confirm(con, checked, "viewer", "någon")
        with pytest.raises(auth.NotAllowed):
            admin.undo(con, 1, "viewer", "någon")
    finally:
        con.close()


def navigation_pages(monkeypatch) -> list[list]:
    """Every list of pages the app hands to st.navigation from now on (AppTest runs the app in
    this process)."""
    seen: list[list] = []
    real = streamlit.navigation

    def recording(pages, *args, **kwargs):
        seen.append(list(pages))
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    return seen


def visible_titles(pages: list) -> list[str]:
    return [p.title for p in pages if p.visibility == "visible"]


def test_only_an_editor_has_the_administration_page_in_the_navigation(store_copy, monkeypatch):
    seen = navigation_pages(monkeypatch)
    at = app({"editor_password_hash": HASH})
    viewer = seen[-1]
    assert "Data" in visible_titles(viewer) and "Administration" not in visible_titles(viewer)
    # the address is taken by a hidden page that only says who it is for: the page file is not there
    assert [p.visibility for p in viewer if p.url_path == "administration"] == ["hidden"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ADMINISTRATION)
    at.text_input[0].input("hemligt")
    at.button[0].click().run()
    editor = seen[-1]
    assert visible_titles(editor) == [*visible_titles(viewer), "Administration"]
    assert [p.url_path for p in editor if p.title == "Administration"] == ["administration"]
    administration(at)
    assert not at.exception
    assert at.title[0].value == "Administration"
    assert at.file_uploader, "the editor's Administration page opens on «Importera fil»"


def test_a_viewer_at_the_administration_address_sees_only_who_it_is_for(store_copy):
    at = administration(unlocked())
    assert at.file_uploader
    at.session_state[auth.UNLOCK_KEY] = False  # the same address, now opened by a viewer
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Administration"]
    assert [i.value for i in at.info] == [("**Sidan Administration är bara för panelens redaktörer.** En redaktör "
                                           "låser upp redigeringen på sidan Data; då visas Administration i menyn.")]
    assert not at.file_uploader and not at.tabs and not at.segmented_control and not at.button
    assert not at.dataframe and not at.metric
