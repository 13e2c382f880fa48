import pytest

from tests.spreadsheets import xlsx_bytes
from loaders.errors import ImportFailed
from loaders.importer import parse

HEADER = ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa", "Kommentar"]


def test_known_indicator_by_name_and_by_id(ref):
    rows = [HEADER, ["Förvärvsfrekvens 20–64 år", "Berga", 2022, "Kvinnor", "58,2", "%", "SCB", None],
            ["forvarvsfrekvens", "Berga", 2022, "Män", "..", None, None, "Prickat hos SCB"]]
    batch = parse(xlsx_bytes({"Data": rows}), "mall.xlsx", ref)
    obs = batch.observations
    assert list(obs["indicator_id"]) == ["forvarvsfrekvens", "forvarvsfrekvens"]
    assert obs.iloc[0].value == 58.2 and obs.iloc[1].flag == "prickad"
    assert obs.iloc[1].comment == "Prickat hos SCB"


def test_new_indicator_is_added_when_unit_and_source_are_given(ref):
    rows = [HEADER, ["Andel med eftergymnasial utbildning", "Ryd", 2023, "Totalt", 31.5, "%", "SCB", None]]
    batch = parse(xlsx_bytes({"Data": rows}), "mall.xlsx", ref)
    assert batch.indicators.iloc[0].indicator_id == "andel_med_eftergymnasial_utbildning"
    assert batch.indicators.iloc[0].direction == "neutral"
    assert any("läggs till" in str(w) for w in batch.warnings)


def test_unknown_indicator_without_unit_is_refused(ref):
    rows = [HEADER, ["Påhittad indikator", "Ryd", 2023, "Totalt", 31.5, None, None, None]]
    with pytest.raises(ImportFailed, match="rad 2, kolumn «Indikator».*finns inte i katalogen"):
        parse(xlsx_bytes({"Data": rows}), "mall.xlsx", ref)


def test_unit_that_contradicts_the_catalogue_is_refused(ref):
    rows = [HEADER, ["Meritvärde åk 9", "Ryd", 2023, "Totalt", 210, "%", "Skolverket", None]]
    with pytest.raises(ImportFailed, match="enheten «%» stämmer inte med indikatorns enhet «poäng»"):
        parse(xlsx_bytes({"Data": rows}), "mall.xlsx", ref)


def test_instruction_sheets_are_not_data(ref):
    rows = [HEADER, ["Valdeltagande i kommunvalet", "Riket", 2022, "Totalt", "84,2", "%", "Val", None]]
    batch = parse(xlsx_bytes({"Data": rows, "Instruktioner": [["Fyll i en rad per värde."]]}),
                  "mall.xlsx", ref)
    assert len(batch.observations) == 1


def test_bundled_blank_template_has_the_documented_header():
    from pathlib import Path

    import openpyxl
    book = openpyxl.load_workbook(Path("data/mall_indikatorer.xlsx"))
    header = [c.value for c in book["Data"][1]][:8]
    assert header == HEADER


@pytest.mark.parametrize(("written", "year"), [("2024/25", 2025), ("2024/2025", 2025), ("läsår 2023/24", 2024),
                                               ("2025", 2025)])
def test_a_lasar_in_the_year_column_is_the_year_its_spring_term_ends(ref, written, year):
    from tests.spreadsheets import csv_bytes

    batch = parse(csv_bytes([["Indikator", "Område", "År", "Kön", "Värde"],
                             ["Meritvärde åk 9", "Berga", written, "Totalt", "211,5"]]), "merit.csv", ref)
    assert batch.observations["year"].tolist() == [year]


def test_two_years_that_are_no_lasar_are_refused(ref):
    from tests.spreadsheets import csv_bytes

    with pytest.raises(ImportFailed, match=r"rad 2, kolumn «År»: «2024/26» är inget läsår"):
        parse(csv_bytes([["Indikator", "Område", "År", "Kön", "Värde"],
                         ["Meritvärde åk 9", "Berga", "2024/26", "Totalt", "211,5"]]), "merit.csv", ref)
