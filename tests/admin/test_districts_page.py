"""Administration › Områden och grupper › «Lägg till stadsdelar» (AppTest), on Motala's panel
made without the network: an editor types names or uploads a file, sees what will be added
(names as written, in a dataframe), saves, and finds the districts in the store; bad input is
listed in Swedish and nothing is saved; a viewer gets no form."""

from __future__ import annotations

import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views import common
from loaders import home
from loaders.store import table_checksums
from tests.admin.test_data_page import unlocked
from tests.apptest import ROOT, administration, panel_alone
from tests.spreadsheets import csv_bytes, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def motala(tmp_path, monkeypatch):
    path = tmp_path / "motala.duckdb"
    home.init(path, "0583", fetch_districts=False)
    monkeypatch.setenv("INDIKATORPANEL_DB", str(path))
    return path


def rows(path) -> list[tuple]:
    con = duckdb.connect(str(path))  # the app's configuration: DuckDB shares the open instance
    try:
        return con.execute("""
            SELECT a.code, a.name, coalesce(string_agg(m.area_code, ',' ORDER BY m.area_code), '')
            FROM areas a LEFT JOIN area_mappings m ON m.district = a.code WHERE a.level = 'omrade'
            GROUP BY ALL ORDER BY a.code""").fetchall()
    finally:
        con.close()


def sums(path) -> dict:
    con = duckdb.connect(str(path))
    try:
        return table_checksums(con)
    finally:
        con.close()


def districts_page():
    at = administration(unlocked(), "omraden")
    assert [t.label for t in at.tabs][:2] == ["Lägg till stadsdelar", "Skolor och delområden"]
    return at


def errors(at) -> list[str]:
    """The error boxes as a reader sees them (the page escapes every Markdown character)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def test_a_viewer_gets_no_form(motala):
    at = panel_alone("data_districts", "districts_tab")
    assert not at.exception
    assert [c.value for c in at.caption] == ["Endast redaktörer kan lägga till stadsdelar."]
    assert not at.text_area and not at.file_uploader and not at.button


def test_an_editor_adds_districts_by_name(motala):
    at = districts_page()
    assert not at.exception
    assert "Panelen har inga stadsdelar ännu." in [i.value for i in at.info]
    at.text_area(key="districts-names-0").input("Centrum\n\n**Ljunga**\n<b>Aspa</b>\n").run()
    assert not at.exception and not errors(at)
    preview = next(d.value for d in at.dataframe if "Kod" in d.value.columns)
    assert preview.values.tolist() == [["Centrum", "0583-CENTRUM", ""], ["**Ljunga**", "0583-LJUNGA", ""],
                                       ["<b>Aspa</b>", "0583-B-ASPA-B", ""]]
    assert rows(motala) == []  # the preview saves nothing
    at.button(key="districts-save").click().run()
    assert not at.exception and not errors(at)
    assert [s.value for s in at.success] == [
        "3 stadsdelar tillagda (händelse 1). De finns nu i menyerna och under «Skolor och delområden»."]
    assert rows(motala) == [("0583-B-ASPA-B", "<b>Aspa</b>", ""), ("0583-CENTRUM", "Centrum", ""),
                            ("0583-LJUNGA", "**Ljunga**", "")]
    assert at.text_area(key="districts-names-1").value == ""  # an empty box for the next ones
    shown = next(d.value for d in at.dataframe if "Kod" in d.value.columns)
    assert shown["Stadsdel"].tolist() == ["Centrum", "**Ljunga**", "<b>Aspa</b>"]


def test_bad_names_are_listed_and_nothing_is_saved(motala):
    at = districts_page()
    at.text_area(key="districts-names-0").input("Centrum\nVadstena\ncentrum").run()
    assert not at.exception
    assert errors(at) == [("- «Vadstena» kan förväxlas med kommunen «Vadstena»: filer med värden skulle inte kunna "
                          "skilja dem åt. Välj ett annat namn.\n"
                          "- «centrum» står två gånger (som «Centrum»; stora och små bokstäver, bindestreck och "
                          "parenteser räknas inte).")]
    assert not [b for b in at.button if b.key == "districts-save"]
    assert rows(motala) == []


def test_an_editor_adds_districts_from_a_file_with_their_regso(motala):
    at = districts_page()
    at.radio(key="districts-how").set_value("fil").run()
    book = xlsx_bytes({"Stadsdelar": [["Stadsdel", "RegSO"], ["Borensberg", "0583R001, 0583R002"],
                                      ["Centrum", "0583R003"]]})
    at.file_uploader(key="districts-file-0").set_value(("stadsdelar.xlsx", book, XLSX)).run()
    assert not at.exception and not errors(at)
    preview = next(d.value for d in at.dataframe if "Kod" in d.value.columns)
    assert preview.values.tolist() == [["Borensberg", "0583-BORENSBERG", "0583R001, 0583R002"],
                                       ["Centrum", "0583-CENTRUM", "0583R003"]]
    at.button(key="districts-save").click().run()
    assert not at.exception and not errors(at)
    assert [s.value for s in at.success] == [
        ("2 stadsdelar tillagda (händelse 1), med 3 RegSO-/DeSO-områden kopplade. De finns nu i menyerna och under "
        "«Skolor och delområden».")]
    assert rows(motala) == [("0583-BORENSBERG", "Borensberg", "0583R001,0583R002"),
                            ("0583-CENTRUM", "Centrum", "0583R003")]


def test_a_bad_file_names_its_row_and_column_and_nothing_is_saved(motala):
    before = sums(motala)
    at = districts_page()
    at.radio(key="districts-how").set_value("fil").run()
    bad = csv_bytes([["Stadsdel", "RegSO"], ["Borensberg", "0580R001"], ["", "0583R002"]])
    at.file_uploader(key="districts-file-0").set_value(("stadsdelar.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("**Filen kan inte användas förrän felen är rättade; inget har sparats:**" == m.value
               for m in at.markdown)
    assert errors(at) == [("- Fel i filen «stadsdelar.csv», rad 2, kolumn «RegSO»: «0580R001» hör till kommunen "
                          "0580, inte till hemkommunen 0583.\n"
                          "- Fel i filen «stadsdelar.csv», rad 3, kolumn «Stadsdel»: ett namn är tomt.")]
    assert not [b for b in at.button if b.key == "districts-save"]
    assert sums(motala) == before


def test_before_any_district_the_pages_say_how_they_come_instead_of_failing(motala):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert common.NO_DISTRICTS in [i.value for i in at.info]
    assert "Lägg till stadsdelar" in common.NO_DISTRICTS
