"""Schools, RegSO and DeSO mapped to districts, and column recipes: the pure functions
(``dashboard.mapping``) and the Administration page's tabs in Streamlit's AppTest.

District values follow from the stored school values the moment a mapping is saved; a
mapping file is read all or nothing with a located Swedish message per bad row; every write
checks the editor role itself; an unknown file gets a recipe that the next file reuses.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, mapping
from loaders.errors import ImportFailed, NotAllowed
from loaders.importer import import_bytes
from loaders.reading import read_document
from loaders.recipe import ALL_YEARS
from loaders.store import data_checksums, reference
from tests.apptest import administration, data_page, panel_alone
from tests.spreadsheets import csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
SKOLVERKET = ROOT / "tests" / "fixtures" / "real" / "skolverket" / "slutbetyg_ak9_samtliga_2025_skolenhet.csv"
HASH = auth.hash_password("hemligt", iterations=1000)
TORNHAG, ARENA, EKHOLM, ANESTAD = "skola:24291925", "skola:46165416", "skola:96360048", "skola:85335004"


def merit(con, area: str, year: int = 2025) -> tuple:
    row = con.execute("SELECT value, flag, comment FROM v_observations WHERE indicator_id = 'meritvarde_ak9' "
                      "AND area_code = ? AND year = ? AND sex = 'totalt'", [area, year]).fetchone()
    return row if row is not None else (None, None, None)


@pytest.fixture
def schools(store):
    """The store with Skolverket's national per-school file imported: 25 Linköping schools, none mapped."""
    import_bytes(store, SKOLVERKET.read_bytes(), SKOLVERKET.name, who="test")
    return store


# ---------------------------------------------------------------------------- pure functions


def test_the_home_kommuns_schools_are_listed_and_the_new_ones_have_no_district(schools):
    table = mapping.mappable_areas(reference(schools))
    schools_ = table[table["level"] == "skola"]
    real = schools_[~schools_["name"].str.startswith("Exempelskola")]
    assert len(real) == 25
    assert real["district"].isna().all()
    assert len(mapping.unmapped(table)) == 25
    # the bundled RegSO of the districts (data/stadsdelar_regso.csv) come mapped
    regso = table[table["level"] == "regso"].set_index("code")["district"].to_dict()
    assert regso == {"0580R001": "0580-BER", "0580R017": "0580-RYD", "0580R018": "0580-SKA"}
    assert set(mapping.mapped(table)["name"]) == {n for n in schools_["name"] if n.startswith("Exempelskola")} | {
        "Berga", "Ryd", "Skäggetorp-Tornby"}
    assert "Oasens skola" not in set(table["name"])  # Aneby's school was skipped, never listed
    districts = mapping.districts(reference(schools))
    assert districts["code"].tolist()[:3] == ["0580-BER", "0580-RYD", "0580-SKA"]
    assert mapping.changes(table, {TORNHAG: "0580-RYD", "skola:90000011": "0580-BER", "okänd": "0580-BER"}) == {
        TORNHAG: "0580-RYD"}  # unchanged and unknown choices are no changes


def test_saving_mappings_gives_district_values_at_once_and_is_one_event(schools):
    assert merit(schools, "0580-EKH") == (None, None, None)
    event = mapping.save_mappings(schools, {TORNHAG: "0580-RYD", EKHOLM: "0580-EKH", ANESTAD: "0580-EKH"},
                                  "editor", "anna")
    assert merit(schools, "0580-RYD") == (208.0, None, "Värdet för «Tornhagsskolan» förs över oförändrat.")
    value, flag, comment = merit(schools, "0580-EKH")
    assert value == pytest.approx((234.9 * 139 + 216.1 * 113) / (139 + 113))  # pupil-weighted
    assert flag is None and comment == "Elevviktat medel av 2 skolor."
    assert schools.execute("SELECT kind, who, values_count FROM events WHERE event_id = ?", [event]).fetchone() == (
        "mapping", "anna", 3)
    log = mapping.history(schools)
    assert set(zip(log["Område"], log["Från"], log["Till"], strict=True)) == {
        ("Tornhagsskolan", "–", "Ryd"), ("Ekholmsskolan", "–", "Ekholmen"), ("Ånestadsskolan 7-9", "–", "Ekholmen")}
    mapping.save_mappings(schools, {ANESTAD: None}, "editor", "bo")  # taken out again
    assert merit(schools, "0580-EKH")[0] == pytest.approx(234.9)
    assert mapping.history(schools).iloc[0][["Av", "Område", "Från", "Till"]].tolist() == [
        "bo", "Ånestadsskolan 7-9", "Ekholmen", "–"]
    assert mapping.save_mappings(schools, {}, "editor", "bo") is None


def test_writes_check_the_role_themselves(schools):
    before = data_checksums(schools)
    with pytest.raises(NotAllowed):
        mapping.save_mappings(schools, {TORNHAG: "0580-RYD"}, "viewer", "någon")
    with pytest.raises(NotAllowed):
        mapping.save_recipe(schools, "x", "a|b", {}, "viewer", "någon")
    assert data_checksums(schools) == before


def test_a_mapping_file_is_read_with_names_and_codes(schools):
    data = xlsx_bytes({"Kopplingar": [["Skolenhetskod", "Skola", "Stadsdel"],
                                      ["24291925", "Tornhagsskolan", "Ryd"],
                                      ["skola:96360048", "", "0580-EKH"],
                                      ["", "Arenaskolan", "Skäggetorps stadsdel"],
                                      ["90000011", "Exempelskola Berga 1", "Berga"],     # already so: no change
                                      ["90000012", "Exempelskola Berga 2", "ingen"]]})
    read = mapping.parse_mapping_file(data, "kopplingar.xlsx", reference(schools))
    assert read.changes == {TORNHAG: "0580-RYD", EKHOLM: "0580-EKH", ARENA: "0580-SKA", "skola:90000012": None}
    assert read.unchanged == 1
    assert read.rows.values.tolist() == [[2, "24291925", "Tornhagsskolan", "–", "Ryd"],
                                         [3, "96360048", "Ekholmsskolan", "–", "Ekholmen"],
                                         [4, "46165416", "Arenaskolan", "–", "Skäggetorp"],
                                         [6, "90000012", "Exempelskola Berga 2", "Berga", "–"]]


def test_a_bad_mapping_file_is_refused_whole_with_each_row_located(schools):
    before = data_checksums(schools)
    data = csv_bytes([["Kod", "Område"],
                      ["24291925", "Ryd"],
                      ["48000763", "Berga"],              # Aneby's school: not the home kommun's
                      ["96360048", "Bergaa"],
                      ["85335004", ""],
                      ["24291925", "Berga"],              # Tornhagsskolan again, another district
                      ["12", "Ryd"],
                      ["46165416", "Linköping"]])         # a kommun is no district
    with pytest.raises(ImportFailed) as caught:
        mapping.parse_mapping_file(data, "kopplingar.csv", reference(schools))
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        ("Fel i filen «kopplingar.csv», rad 3, kolumn «Kod»: koden «48000763» finns inte bland hemkommunens skolor "
        "och delområden i databasen. Importera först en fil med områdets värden (den lägger till det)."),
        ("Fel i filen «kopplingar.csv», rad 4, kolumn «Område»: stadsdelen «Bergaa» finns inte i områdeslistan. "
        "Menade du «Berga», «Berg», «Varberg»? Nya stadsdelar läggs till under Administration › Områden och grupper "
        "› Lägg till stadsdelar."),
        ("Fel i filen «kopplingar.csv», rad 5, kolumn «Område»: stadsdelen saknas; skriv stadsdelens namn, eller "
        "«ingen» för att ta bort kopplingen."),
        ("Fel i filen «kopplingar.csv», rad 6, kolumn «Område»: «Tornhagsskolan» finns redan på rad 2 med en annan "
        "stadsdel."),
        ("Fel i filen «kopplingar.csv», rad 7, kolumn «Kod»: «12» är ingen skolenhetskod (8 siffror) eller "
        "RegSO-/DeSO-kod."),
        "Fel i filen «kopplingar.csv», rad 8, kolumn «Område»: «Linköping» är ingen stadsdel i hemkommunen."]
    assert data_checksums(schools) == before
    with pytest.raises(ImportFailed, match="rubrikraden ska ha en kolumn «Skolenhetskod» eller «Kod»"):
        mapping.parse_mapping_file(csv_bytes([["Skolenhetskod", "Namn"], ["24291925", "x"]]), "k.csv",
                                   reference(schools))


def test_the_download_reads_back_as_a_mapping_file_with_no_changes(schools):
    ref = reference(schools)
    table = mapping.mappable_areas(ref)
    names = dict(zip(mapping.districts(ref)["code"], mapping.districts(ref)["name"], strict=True))
    data = mapping.mapping_download(table, names)
    sheet = read_document(data, "k.xlsx").sheets[0]
    assert sheet.rows[0] == ["Kod", "Namn", "Typ", "Stadsdel"]
    # the 25 unmapped schools have an empty Stadsdel: filling in one and leaving the rest is an error per row
    with pytest.raises(ImportFailed) as caught:
        mapping.parse_mapping_file(data, "k.xlsx", ref)
    assert caught.value.total == 25


def test_recipe_helpers_build_a_spec_from_the_editors_choices():
    data = xlsx_bytes({"Blad1": [["Enkät om fritid"], [], ["Stadsdel", "Grupp", "2022", "2023/24", "Kommentar"],
                                 ["Berga", "Flickor", 1, 2, "<b>x</b>"], ["Ryd", "Samtliga", 3, 4, ""],
                                 ["Ryd", "Flickor", 5, 6, ""]]})
    sheet = mapping.visible_sheets(read_document(data, "f.xlsx"))[0]
    assert mapping.guess_header_row(sheet) == 3
    columns = mapping.header_columns(sheet, 3)
    assert columns == ["Stadsdel", "Grupp", "2022", "2023/24", "Kommentar"]
    rows = mapping.first_rows(sheet, 3)
    assert rows.columns.tolist() == columns and rows.iloc[0].tolist() == ["Berga", "Flickor", "1", "2", "<b>x</b>"]
    assert mapping.column_values(sheet, 3, "Grupp") == ["Flickor", "Samtliga"]
    assert mapping.year_columns(columns, exclude=["Stadsdel"]) == ["2022", "2023/24"]
    choices = mapping.RecipeChoices(sheet="Blad1", header_row=3, area_column="Stadsdel", wide=True,
                                    year_columns=["2022", "2023/24"], all_years=True, sex_column="Grupp",
                                    sex_values={"Flickor": "kvinnor", "Samtliga": "totalt"},
                                    new_indicator={"name": " Nöjda ", "unit": "%", "direction": "högre",
                                                   "source": "Enkät"})
    assert mapping.choice_problems(choices) == []
    spec = mapping.build_spec(choices)
    assert spec["year"] == {"columns": ALL_YEARS} and spec["indicator"]["name"] == "Nöjda"
    assert "alla årskolumner" in mapping.describe(spec)
    choices.area_column = "Grupp"
    choices.sex_unsure = ["Pojkar"]
    assert mapping.choice_problems(choices) == [
        "samma kolumn är vald för flera saker: «Grupp».",
        "välj vad «Pojkar» i kolumnen för kön betyder."]
    assert mapping.is_unrecognised([type("P", (), {"message": "det går inte att avgöra vad filen innehåller."})()])


# ------------------------------------------------------------------ the Administration page


def app(secrets: dict | None = None) -> AppTest:
    return data_page(secrets)


def unlocked(group: str = "omraden") -> AppTest:
    """Unlocked on the Data page, then on Administration's group «Områden och grupper» (or
    ``group``)."""
    at = app({"editor_password_hash": HASH})
    at.text_input[0].input("hemligt")
    at.button[0].click().run()
    assert any("Du är redaktör" in s.value for s in at.success)
    return administration(at, group)


def with_schools(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        import_bytes(con, SKOLVERKET.read_bytes(), SKOLVERKET.name, who="test")
    finally:
        con.close()


def box(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def test_a_viewer_sees_the_mapping_but_cannot_change_it(store_copy):
    with_schools(store_copy)
    at = app()
    assert not at.exception
    assert "Skolor och delområden" not in [t.label for t in at.tabs]  # a viewer has no Administration page
    # the panel itself, were it ever shown to a viewer: the mapping to read, nothing to change
    at = panel_alone("data_mapping", "mapping_tab")
    assert not at.exception
    assert not [s for s in at.selectbox if s.label.startswith("Tornhagsskolan")]
    assert not [b for b in at.button if b.label == "Spara kopplingarna"]
    table = next(d.value for d in at.dataframe if "Stadsdel" in d.value.columns and "Kod" in d.value.columns)
    assert table.set_index("Område").at["Tornhagsskolan", "Stadsdel"] == "–"
    assert any("Endast redaktörer kan ändra kopplingarna." in c.value for c in at.caption)


def test_an_editor_maps_schools_and_the_district_values_follow(store_copy):
    with_schools(store_copy)
    at = unlocked()
    assert "Skolor och delområden" in [t.label for t in at.tabs]
    levels = at.radio(key="mapping-level").options
    assert "Skolor (40, 25 utan stadsdel)" in levels and "RegSO (3, 0 utan stadsdel)" in levels
    box(at, "Tornhagsskolan (24291925)").select("0580-RYD")
    box(at, "Arenaskolan (46165416)").select("0580-SKA")
    next(b for b in at.button if b.label == "Spara kopplingarna").click().run()
    assert not at.exception
    assert any("2 kopplingar sparade" in s.value for s in at.success), [s.value for s in at.success]
    assert "Skolor (40, 23 utan stadsdel)" in at.radio(key="mapping-level").options
    assert box(at, "Tornhagsskolan (24291925)").value == "0580-RYD"
    log = next(d.value for d in at.dataframe if "Händelse" in d.value.columns)
    assert sorted(log["Till"]) == ["Ryd", "Skäggetorp"]
    con = duckdb.connect(str(store_copy))
    try:
        assert merit(con, "0580-RYD")[0] == 208.0 and merit(con, "0580-SKA")[0] == 232.3
    finally:
        con.close()
    # the same district values in the coverage table of the catalogue tab (in the same group)
    box(at, "Täckning för indikator").select("meritvarde_ak9").run()
    coverage = next(d.value for d in at.dataframe if "Område" in d.value.columns and "2025" in d.value.columns)
    assert coverage.set_index("Område").loc[["Ryd", "Skäggetorp"], "2025"].tolist() == ["208,0", "232,3"]


def test_an_editor_uploads_a_mapping_file_all_or_nothing(store_copy):
    with_schools(store_copy)
    at = unlocked()
    assert not [u for u in at.file_uploader if u.label == "Kopplingsfil"]  # the page's upload stays the only one
    next(t for t in at.toggle if t.label == "Ladda upp en fil med kopplingar").set_value(True).run()
    mapping_upload = next(u for u in at.file_uploader if u.label == "Kopplingsfil")
    bad = csv_bytes([["Kod", "Stadsdel"], ["24291925", "Ryd"], ["46165416", "Bergaa"]])
    mapping_upload.set_value(("kopplingar.csv", bad, "text/csv")).run()
    assert any("rad 3" in e.value and "Bergaa" in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.label.startswith("Spara ") and "från filen" in b.label]
    good = csv_bytes([["Kod", "Stadsdel"], ["24291925", "Ryd"], ["46165416", "Skäggetorp"]])
    mapping_upload = next(u for u in at.file_uploader if u.label == "Kopplingsfil")
    mapping_upload.set_value(("kopplingar2.csv", good, "text/csv")).run()
    next(b for b in at.button if b.label == "Spara 2 kopplingar från filen").click().run()
    assert any("2 kopplingar sparade" in s.value for s in at.success)
    con = duckdb.connect(str(store_copy))
    try:
        assert merit(con, "0580-RYD")[0] == 208.0
    finally:
        con.close()


WIDE = csv_bytes([["Stadsdel", "Elevgrupp", "2022", "2023"],
                  ["Berga", "Flickor", "61,5", ".."], ["Berga", "Pojkar", "55", "56"], ["Ryd", "Samtliga", "70", "71"]])


def test_an_editor_makes_a_recipe_for_an_unknown_file_and_the_next_file_needs_none(store_copy):
    at = unlocked("hamta")
    at.file_uploader[0].set_value(("fritidsenkat.csv", WIDE, "text/csv")).run()
    assert not at.exception
    assert any("Ingen av panelens inläsare känner igen filen" in m.value for m in at.markdown)
    preview = next(d.value for d in at.dataframe if "Elevgrupp" in d.value.columns)
    assert preview.iloc[0].tolist() == ["Berga", "Flickor", "61,5", ".."]
    assert next(r for r in at.radio if r.label == "År").value == "wide"
    assert next(m for m in at.multiselect if m.label == "Kolumner med år").value == ["2022", "2023"]
    assert next(b for b in at.button if b.label == "Granska").disabled  # no indicator chosen yet
    box(at, "Kolumn med kön (valfritt)").select("Elevgrupp").run()
    assert box(at, "«Flickor» betyder").value == "kvinnor" and box(at, "«Samtliga» betyder").value == "totalt"
    next(r for r in at.radio if r.label == "Indikator").set_value("new").run()
    for label, text in (("Namn på den nya indikatorn", "Nöjda med fritiden"), ("Enhet", "%"),
                        ("Källa", "Fritidsenkäten")):
        next(t for t in at.text_input if t.label == label).input(text)
    next(t for t in at.text_input if t.label == "Receptets namn").input("Fritidsenkäten").run()
    next(b for b in at.button if b.label == "Granska").click().run()
    assert {m.label: m.value for m in at.metric} == {"Nya värden": "6", "Ändrade värden": "0", "Oförändrade": "0"}
    con = duckdb.connect(str(store_copy))
    try:
        assert con.execute("SELECT count(*) FROM recipes").fetchone()[0] == 0  # nothing kept before confirm
    finally:
        con.close()
    next(b for b in at.button if b.label == "Bekräfta import").click().run()
    assert not at.exception
    assert any("Receptet «Fritidsenkäten» är sparat" in s.value for s in at.success), [s.value for s in at.success]
    con = duckdb.connect(str(store_copy))
    try:
        assert con.execute("SELECT name FROM recipes").fetchall() == [("Fritidsenkäten",)]
        assert con.execute("SELECT count(*) FROM events WHERE kind = 'recipe'").fetchone()[0] == 1
        assert con.execute("SELECT value FROM observations WHERE indicator_id = 'nojda_med_fritiden' "
                           "AND area_code = '0580-BER' AND year = 2022 AND sex = 'kvinnor'").fetchone()[0] == 61.5
    finally:
        con.close()
    # next year's file, same header: recognised, previewed and imported with no questions
    later = csv_bytes([["Stadsdel", "Elevgrupp", "2022", "2023"], ["Berga", "Flickor", "61,5", "63"]])
    at.file_uploader[0].set_value(("fritidsenkat_2.csv", later, "text/csv")).run()
    assert not any("Ingen av panelens inläsare känner igen filen" in m.value for m in at.markdown)
    assert {m.label: m.value for m in at.metric} == {"Nya värden": "0", "Ändrade värden": "1", "Oförändrade": "1"}
    assert any("Filen läses med kolumnreceptet «Fritidsenkäten»" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Bekräfta import").click().run()
    assert any("importerad" in s.value for s in at.success)
    recipes_table = next(d.value for d in at.dataframe if "Recept" in d.value.columns)
    assert recipes_table["Recept"].tolist() == ["Fritidsenkäten"]


# An SCB download saved without its title: years as columns, «0580 Linköping», nothing says what
# the numbers are (issue 24). It is not refused: the editor says which indicator they are.
SCB_UNTITLED = csv_bytes([["region", "2021", "2022", "2023"], ["0580 Linköping", "61,2", "62,0", "62,9"],
                          ["00 Riket", "58,1", "58,9", ".."]])


def test_an_scb_file_that_does_not_say_what_it_measures_asks_for_the_indicator(store_copy):
    at = unlocked("hamta")
    at.file_uploader[0].set_value(("scb_utan_rubrik.csv", SCB_UNTITLED, "text/csv")).run()
    assert not at.exception
    assert any("Filen säger inte vad värdena mäter" in m.value for m in at.markdown), [m.value for m in at.markdown]
    assert box(at, "Kolumn med område").value == "region"          # the layout the finder proposes
    assert next(m for m in at.multiselect if m.label == "Kolumner med år").value == ["2021", "2022", "2023"]
    next(r for r in at.radio if r.label == "Indikator").set_value("new").run()
    for label, text in (("Namn på den nya indikatorn", "Andel med eftergymnasial utbildning"), ("Enhet", "%"),
                        ("Källa", "SCB")):
        next(t for t in at.text_input if t.label == label).input(text)
    next(t for t in at.text_input if t.label == "Receptets namn").input("SCB utbildning").run()
    next(b for b in at.button if b.label == "Granska").click().run()
    assert {m.label: m.value for m in at.metric} == {"Nya värden": "6", "Ändrade värden": "0", "Oförändrade": "0"}
    next(b for b in at.button if b.label == "Bekräfta import").click().run()
    assert not at.exception
    con = duckdb.connect(str(store_copy))
    try:
        rows = con.execute("SELECT area_code, year, value, flag FROM observations WHERE indicator_id = "
                           "'andel_med_eftergymnasial_utbildning' ORDER BY area_code, year").fetchall()
    finally:
        con.close()
    assert rows == [("00", 2021, 58.1, None), ("00", 2022, 58.9, None), ("00", 2023, None, "prickad"),
                    ("0580", 2021, 61.2, None), ("0580", 2022, 62.0, None), ("0580", 2023, 62.9, None)]


def test_a_recipe_may_take_the_indicator_from_a_column(store_copy):
    titled = csv_bytes([["Mått", "Område", "År", "Värde"], ["Meritvärde åk 9", "Linköping", "2024", "231,5"],
                        ["Nöjda med sin fritid", "Linköping", "2024", "72"]])
    at = unlocked("hamta")
    at.file_uploader[0].set_value(("nyckeltal.csv", titled, "text/csv")).run()
    assert next(r for r in at.radio if r.label == "År").value == "long"
    box(at, "Kolumn med år").select("År").run()
    box(at, "Kolumn med värde").select("Värde").run()
    next(r for r in at.radio if r.label == "Indikator").set_value("column").run()
    box(at, "Kolumn med indikatorns namn").select("Mått").run()
    for label, text in (("Enhet för nya", "%"), ("Källa för nya", "Fritidsenkäten")):
        next(t for t in at.text_input if t.label == label).input(text)
    next(t for t in at.text_input if t.label == "Receptets namn").input("Nyckeltal").run()
    next(b for b in at.button if b.label == "Granska").click().run()
    metrics = {m.label: m.value for m in at.metric}  # Linköping 2024 has an (example) meritvärde already
    assert (metrics["Nya värden"], metrics["Ändrade värden"]) == ("1", "1"), [e.value for e in at.error]
    next(b for b in at.button if b.label == "Bekräfta import").click().run()
    con = duckdb.connect(str(store_copy))
    try:
        assert con.execute("SELECT name, unit, source FROM indicators WHERE indicator_id = 'nojda_med_sin_fritid'"
                           ).fetchall() == [("Nöjda med sin fritid", "%", "Fritidsenkäten")]
        assert con.execute("SELECT value FROM observations WHERE indicator_id = 'meritvarde_ak9' AND area_code = '0580' "
                           "AND year = 2024 AND sex = 'totalt'").fetchone()[0] == 231.5
    finally:
        con.close()
