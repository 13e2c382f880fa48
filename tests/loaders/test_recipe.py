"""Column recipes: files no loader knows, read by a mapping an editor made once.

A wide file (years as columns) and a long file (a year column, kön in words) go through a
recipe with exact values; the next file with the same header is recognised with no recipe
argument; ``python -m loaders import FILE --recipe NAME`` reads it from the command line; bad
cells are refused with file, row and column, and the store is unchanged; undo restores it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loaders.build import build_store
from loaders.detect import detect_kind, header_key
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.reading import read_document
from loaders.recipe import header_year, spec_problems
from loaders.store import connect, data_checksums, load_reference_files, reference, save_recipe, set_mappings, \
    undo_import
from tests.spreadsheets import csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]

# A district survey nobody wrote a loader for: kön in its own words, years as columns.
WIDE_HEADER = ["Stadsdel", "Elevgrupp", "2022", "2023", "2024"]
WIDE = xlsx_bytes({"Enkät": [
    ["Fritidsenkäten, andel som är nöjda med sin fritid"],
    [],
    WIDE_HEADER,
    ["Berga", "Flickor", "61,5", "..", 64],
    ["Berga", "Pojkar", 55, 56.5, 57],
    ["Ryd", "Samtliga", 70, 71, "-"],
    ["Linköpings kommun", "Samtliga", 72, 73, 74.25],
]})
WIDE_SPEC = {
    "sheet": None, "header_row": 3,
    "area": {"column": "Stadsdel", "by": "namn"},
    "year": {"columns": "alla"},
    "sex": {"column": "Elevgrupp", "values": {"Flickor": "kvinnor", "Pojkar": "män", "Samtliga": "totalt"}},
    "indicator": {"name": "Nöjda med fritiden", "unit": "procent", "direction": "högre", "source": "Fritidsenkäten"},
}
# A long table of an existing indicator, kön as K/M/T, läsår as the year.
LONG_HEADER = ["Område", "Läsår", "Kön", "Andel godkända (%)"]
LONG = csv_bytes([LONG_HEADER,
                  ["Skäggetorp", "2022/23", "K", "48,5"],
                  ["Skäggetorp", "2022/23", "M", "51"],
                  ["Skäggetorp", "2022/23", "T", "49,8"],
                  ["Riket", "2022/23", "T", "~80"]])
LONG_SPEC = {"header_row": 1, "area": {"column": "Område", "by": "namn"}, "year": {"column": "Läsår"},
             "sex": {"column": "Kön", "values": {}}, "value": {"column": "Andel godkända (%)"},
             "indicator": {"id": "sfi_godkanda_andel"}}


def values(con, indicator_id: str) -> dict[tuple, tuple]:
    rows = con.execute("SELECT area_code, year, sex, value, flag, source_row, source_column FROM observations "
                       "WHERE indicator_id = ?", [indicator_id]).fetchall()
    return {(a, y, s): (v, f, r, c) for a, y, s, v, f, r, c in rows}


def test_a_wide_file_is_read_by_its_recipe_with_exact_values(store):
    summary, _ = import_bytes(store, WIDE, "fritid_2024.xlsx", "recept", who="test",
                              options={"recipe": "Fritidsenkäten", "recipe_spec": WIDE_SPEC})
    assert summary.kind == "recept" and summary.added == 12
    got = values(store, "nojda_med_fritiden")
    assert got[("0580-BER", 2022, "kvinnor")] == (61.5, None, 4, "C")
    assert got[("0580-BER", 2023, "kvinnor")] == (None, "prickad", 4, "D")     # '..' stays a flag
    assert got[("0580-BER", 2023, "män")] == (56.5, None, 5, "D")
    assert got[("0580-RYD", 2024, "totalt")] == (None, "saknas", 6, "E")      # '-' is not zero here
    assert got[("0580", 2024, "totalt")] == (74.25, None, 7, "E")
    assert len(got) == 12
    indicator = store.execute("SELECT name, unit, direction, source FROM indicators "
                              "WHERE indicator_id = 'nojda_med_fritiden'").fetchone()
    assert indicator == ("Nöjda med fritiden", "%", "högre", "Fritidsenkäten")


def test_the_next_file_with_the_same_header_imports_without_asking(store):
    import_bytes(store, WIDE, "fritid_2024.xlsx", "recept", options={"recipe": "Fritid", "recipe_spec": WIDE_SPEC})
    key = header_key(read_document(WIDE, "fritid_2024.xlsx"))
    save_recipe(store, "Fritid", key, WIDE_SPEC, who="test")
    # next year: same header, new values (an extra year column would change the header key)
    later = xlsx_bytes({"Enkät": [["Fritidsenkäten 2025"], [], WIDE_HEADER,
                                  ["Berga", "Flickor", 62, 63, 65.5], ["Ryd", "Samtliga", 70, 71, 72]]})
    ref = reference(store)
    assert detect_kind(read_document(later, "fritid_2025.xlsx"), ref) == "recept"
    summary, _ = import_bytes(store, later, "fritid_2025.xlsx")  # no kind, no recipe: found by the header
    assert summary.kind == "recept"
    got = values(store, "nojda_med_fritiden")
    assert got[("0580-BER", 2024, "kvinnor")][:2] == (65.5, None)
    assert got[("0580-BER", 2023, "kvinnor")][:2] == (63.0, None)
    assert got[("0580-RYD", 2024, "totalt")][:2] == (72.0, None)
    # the new indicator was added once and is found again by its name
    assert store.execute("SELECT count(*) FROM indicators WHERE name = 'Nöjda med fritiden'").fetchone()[0] == 1
    assert summary.replaced == 4 and summary.unchanged == 2   # Ryd 2022 and 2023 are the same


def test_all_year_columns_take_a_new_year_in_a_later_file(store):
    save_recipe(store, "Fritid", "något annat", WIDE_SPEC, who="test")
    wider = csv_bytes([[*WIDE_HEADER, "2025"], ["Berga", "Flickor", 1, 2, 3, 4]])
    batch = parse(wider, "fritid.csv", reference(store), "recept", {"recipe": "fritid"})  # name case-insensitive
    assert sorted(batch.observations["year"]) == [2022, 2023, 2024, 2025]
    assert batch.notes[0] == "Filen läses med kolumnreceptet «Fritid»."


def test_a_long_file_with_kon_words_and_school_years(store):
    summary, _ = import_bytes(store, LONG, "sfi.csv", "recept", options={"recipe_spec": LONG_SPEC})
    assert summary.added == 4
    got = values(store, "sfi_godkanda_andel")
    assert got[("0580-SKA", 2023, "kvinnor")] == (48.5, None, 2, "D")   # läsår 2022/23 is 2023
    assert got[("0580-SKA", 2023, "män")] == (51.0, None, 3, "D")
    assert got[("0580-SKA", 2023, "totalt")] == (49.8, None, 4, "D")
    assert got[("00", 2023, "totalt")] == (80.0, "ungefärligt", 5, "D")


def test_kon_values_can_be_left_out_on_purpose(ref):
    spec = {**LONG_SPEC, "sex": {"column": "Kön", "values": {"Okänt": None}}}
    data = csv_bytes([LONG_HEADER, ["Berga", "2023", "Okänt", "1"], ["Berga", "2023", "Kvinnor", "2"]])
    batch = parse(data, "sfi.csv", ref, "recept", {"recipe_spec": spec})
    assert batch.observations[["sex", "value"]].values.tolist() == [["kvinnor", 2.0]]
    assert any("1 rader med kön" in n and "Okänt" in n for n in batch.notes)


def test_command_line_imports_with_a_named_recipe(tmp_path):
    db = tmp_path / "cli.duckdb"
    con = connect(db)
    load_reference_files(con)
    save_recipe(con, "SFI per stadsdel", "sparad under en annan rubrik", LONG_SPEC, who="test")
    con.close()
    path = tmp_path / "sfi_2023.csv"
    path.write_bytes(LONG)
    result = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "import", str(path),
                             "--recipe", "SFI per stadsdel"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "«sfi_2023.csv» importerad" in result.stdout and "tillagda 4" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "import", str(path),
                              "--recipe", "Finns inte"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2
    assert "det finns inget kolumnrecept som heter «Finns inte» («SFI per stadsdel»)" in missing.stderr
    con = connect(db)
    try:
        assert values(con, "sfi_godkanda_andel")[("0580-SKA", 2023, "totalt")][:2] == (49.8, None)
        payload = con.execute("SELECT payload FROM events WHERE kind = 'import'").fetchone()[0]
        assert '"recipe": "SFI per stadsdel"' in payload
    finally:
        con.close()


def test_bad_cells_are_refused_with_their_place_and_nothing_is_stored(store):
    bad = xlsx_bytes({"Enkät": [["Titel"], [], WIDE_HEADER,
                                ["Berga", "Flickor", "61,5", "många", 64],
                                ["Bergaa", "Pojkar", 55, 56, 57],
                                ["Ryd", "Okänd grupp", 1, 2, 3],
                                ["Ryd", "Samtliga", 1, 2, 3]]})
    before = data_checksums(store)
    with pytest.raises(ImportFailed) as caught:
        import_bytes(store, bad, "fel.xlsx", "recept", options={"recipe_spec": WIDE_SPEC})
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("Fel i filen «fel.xlsx», blad «Enkät», rad 4, kolumn «2023»: «många» är inte ett tal")
    assert messages[1].startswith("Fel i filen «fel.xlsx», blad «Enkät», rad 5, kolumn «Stadsdel»: området «Bergaa» "
                                  "finns inte i områdeslistan. Menade du «Berga»")
    assert messages[2].startswith("Fel i filen «fel.xlsx», blad «Enkät», rad 6, kolumn «Elevgrupp»: «Okänd grupp» är "
                                  "inget kön som receptet känner")
    assert len(messages) == 3
    assert data_checksums(store) == before


def test_a_bad_year_and_a_missing_column_are_refused(ref):
    bad_year = csv_bytes([LONG_HEADER, ["Berga", "år 2023", "K", "1"]])
    with pytest.raises(ImportFailed) as caught:
        parse(bad_year, "sfi.csv", ref, "recept", {"recipe_spec": LONG_SPEC})
    assert str(caught.value.problems[0]).startswith("Fel i filen «sfi.csv», rad 2, kolumn «Läsår»: «år 2023» är inte "
                                                    "ett årtal")
    renamed = csv_bytes([["Område", "Läsår", "Kön", "Andel"], ["Berga", "2023", "K", "1"]])
    with pytest.raises(ImportFailed) as caught:
        parse(renamed, "sfi.csv", ref, "recept", {"recipe_spec": LONG_SPEC})
    assert "behöver kolumnerna «Andel godkända (%)», men rubrikraden (rad 1) har dem inte" in str(caught.value)


def test_an_incomplete_or_unknown_recipe_is_refused_in_swedish(ref):
    assert spec_problems({"area": {"column": "Område"}, "year": {"column": "År"}, "indicator": {"name": "X"}}) == [
        "ange vilken kolumn som är värde.", "en ny indikator behöver en enhet (t.ex. %, antal, poäng).",
        "en ny indikator behöver en källa (vem som tagit fram siffrorna)."]
    with pytest.raises(ImportFailed, match="kolumnreceptet «trasigt» går inte att använda: ange vilken kolumn"):
        parse(LONG, "sfi.csv", ref, "recept", {"recipe": "trasigt", "recipe_spec": {"year": {"column": "År"}}})
    with pytest.raises(ImportFailed, match="inget sparat kolumnrecept passar filens rubrikrad"):
        parse(LONG, "sfi.csv", ref, "recept")
    unknown = {**LONG_SPEC, "indicator": {"id": "finns_inte"}}
    with pytest.raises(ImportFailed, match="indikatorn «finns_inte», som inte finns i katalogen"):
        parse(LONG, "sfi.csv", ref, "recept", {"recipe_spec": unknown})


def test_undo_takes_a_recipe_import_back_exactly(store):
    first = csv_bytes([LONG_HEADER, ["Skäggetorp", "2023", "T", "40"]])
    import_bytes(store, first, "sfi_a.csv", "recept", options={"recipe_spec": LONG_SPEC})
    before = data_checksums(store)
    summary, _ = import_bytes(store, WIDE, "fritid.xlsx", "recept", options={"recipe_spec": WIDE_SPEC})
    second, _ = import_bytes(store, LONG, "sfi_b.csv", "recept", options={"recipe_spec": LONG_SPEC})
    assert second.replaced == 1
    undo_import(store, second.import_id)
    undo_import(store, summary.import_id)
    assert data_checksums(store) == before   # the value it replaced is back, the new indicator is gone
    assert values(store, "sfi_godkanda_andel")[("0580-SKA", 2023, "totalt")][:2] == (40.0, None)


def test_regso_codes_become_areas_whose_mapping_gives_district_values(store):
    spec = {"header_row": 1, "area": {"column": "RegSO", "by": "kod"}, "year": {"column": "År"},
            "value": {"column": "Antal"},
            "indicator": {"name": "Antal besök på fritidsgård", "unit": "antal", "source": "Fritidsförvaltningen"}}
    data = csv_bytes([["RegSO", "År", "Antal"], ["0580R010", "2024", "120"], ["0580R011", "2024", "30"]])
    import_bytes(store, data, "besok.csv", "recept", options={"recipe_spec": spec})
    assert store.execute("SELECT level, parent FROM areas WHERE code = '0580R010'").fetchone() == ("regso", "0580")
    set_mappings(store, {"0580R010": "0580-BER", "0580R011": "0580-BER"}, who="test")
    value, comment = store.execute(
        "SELECT value, comment FROM v_observations WHERE area_code = '0580-BER' AND indicator_id = ?",
        ["antal_besok_pa_fritidsgard"]).fetchone()
    assert value == 150.0 and comment == "Summa av 2 delområden. Delområden: RegSO 0580R010, RegSO 0580R011."


def test_header_year_reads_the_year_a_column_names():
    assert [header_year(t) for t in ("2023", 2021.0, "2023/24", "Medelvärde för samtliga, tkr 2020",
                                     "2019–2023", "Stadsdel", "1850")] == [2023, 2021, 2024, 2020, None, None, None]


def test_a_recipe_import_is_replayed_by_build(tmp_path):
    db = tmp_path / "replay.duckdb"
    build_store(db)
    con = connect(db)
    try:
        import_bytes(con, WIDE, "fritid.xlsx", "recept", who="redaktör",
                     options={"recipe": "Fritid", "recipe_spec": WIDE_SPEC})
        save_recipe(con, "Fritid", header_key(read_document(WIDE, "fritid.xlsx")), WIDE_SPEC, who="redaktör")
        before = values(con, "nojda_med_fritiden")
    finally:
        con.close()
    build_store(db)  # a rebuild replays the import and the recipe event
    con = connect(db)
    try:
        assert values(con, "nojda_med_fritiden") == before
        assert [n for n, _ in reference(con).recipes.values()] == ["Fritid"]
    finally:
        con.close()


def test_the_header_is_found_when_a_later_file_has_a_title_above_it_and_sheets_are_chosen_by_name(ref):
    moved = xlsx_bytes({"Om filen": [["Läs mig", "först"]],
                        "Data": [["SFI-resultat 2023"], LONG_HEADER, ["Berga", "2023", "T", "12"]]})
    spec = {**LONG_SPEC, "sheet": "data"}
    batch = parse(moved, "sfi.xlsx", ref, "recept", {"recipe_spec": spec})
    assert batch.observations[["area_code", "year", "value", "source_sheet", "source_row"]].values.tolist() == [
        ["0580-BER", 2023, 12.0, "Data", 3]]
    with pytest.raises(ImportFailed, match="bladet «Tabell» som kolumnreceptet «nytt recept» läser finns inte "
                                           "\\(bladen heter «Om filen», «Data»\\)"):
        parse(moved, "sfi.xlsx", ref, "recept", {"recipe_spec": {**LONG_SPEC, "sheet": "Tabell"}})


# A layout may take the indicator from a column, as the area and the year: titles the
# catalogue knows go to their indicator, new ones become indicators with the layout's unit.
TITLED = csv_bytes([["Nyckeltal", "Kommun", "År", "Värde"],
                    ["Meritvärde åk 9", "Linköping", "2024", "231,5"],
                    ["Nöjda med sin fritid", "Linköping", "2024", "72"],
                    ["Nöjda med sin fritid", "Riket", "2024", "70"]])
TITLED_SPEC = {"header_row": 1, "area": {"column": "Kommun"}, "year": {"column": "År"},
               "value": {"column": "Värde"}, "indicator": {"column": "Nyckeltal"}}


def test_the_indicator_may_come_from_a_column_and_new_titles_become_indicators(store):
    with pytest.raises(ImportFailed) as err:  # a title the catalogue lacks, and no unit to make it with
        import_bytes(store, TITLED, "nyckeltal.csv", "recept", options={"recipe_spec": TITLED_SPEC})
    message = "\n".join(str(p) for p in err.value.problems)
    assert "rad 3, kolumn «Nyckeltal»: «Nöjda med sin fritid» är ingen indikator i katalogen" in message, message
    spec = {**TITLED_SPEC, "indicator": {"column": "Nyckeltal", "unit": "procent", "source": "Enkäten",
                                         "direction": "högre"}}
    summary, _ = import_bytes(store, TITLED, "nyckeltal.csv", "recept", options={"recipe_spec": spec})
    assert summary.added == 3
    assert values(store, "meritvarde_ak9")[("0580", 2024, "totalt")][:2] == (231.5, None)
    assert values(store, "nojda_med_sin_fritid")[("00", 2024, "totalt")][:2] == (70.0, None)
    added = store.execute("SELECT name, unit, direction, source FROM indicators "
                          "WHERE indicator_id = 'nojda_med_sin_fritid'").fetchall()
    assert added == [("Nöjda med sin fritid", "%", "högre", "Enkäten")]
    assert spec_problems({**spec, "indicator": {"column": "Nyckeltal", "unit": "%"}}) == [
        "nya indikatorer ur indikatorkolumnen behöver både enhet och källa."]
