"""Skolverket's kommun-level exports, read from real published files (tests/fixtures/real/skolverket)."""

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.reading import read_document
from loaders.store import data_checksums
from loaders.values import APPROXIMATE, MISSING, SUPPRESSED
from tests.spreadsheets import csv_bytes

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "skolverket"
JAMFORELSE = "jamforelse_betygsresultat_over_tid_2025_kommun_ak9.xlsx"
BEHORIGHET = "behorighet_gymnasieskolan_2024_25_kommun.csv"
NP_AK9 = "np_ak9_provbetyg_per_kon_2024_kommun.csv"
AK6_CSV = "betyg_ak6_godkant_per_kon_2025_kommun.csv"
AK6_XLSX = "betyg_ak6_godkant_per_kon_2025_kommun.xlsx"
KOMMUN_FILES = (JAMFORELSE, BEHORIGHET, NP_AK9, AK6_CSV, AK6_XLSX)


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


def stored(store, indicator: str) -> pd.DataFrame:
    return store.execute("SELECT * FROM observations WHERE indicator_id = ?", [indicator]).df()


def one(frame: pd.DataFrame, **where) -> pd.Series:
    for key, value in where.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, where
    return frame.iloc[0]


def last_data_line(name: str) -> int:
    """The 1-based line of the file's last kommun row (a line with a 4-digit Kommun-kod)."""
    lines = real(name).decode("utf-8-sig").split("\n")
    return max(i + 1 for i, line in enumerate(lines) if len(line.split(";")) > 2 and line.split(";")[1].isdigit()
               and len(line.split(";")[1]) == 4)


# ------------------------------------------------------------------ detection


@pytest.mark.parametrize("name", KOMMUN_FILES)
def test_every_kommun_export_is_detected_as_skolverket(name, ref):
    assert detect_kind(read_document(real(name), name), ref) == "skolverket"


@pytest.mark.parametrize("name", KOMMUN_FILES)
def test_detected_or_given_the_kind_reads_the_same(name, store):
    detected, _ = import_bytes(store, real(name), name)
    given, _ = import_bytes(store, real(name), name, kind="skolverket")
    assert detected.kind == given.kind == "skolverket"
    assert detected.added > 0 and given.unchanged == detected.added and given.added == given.replaced == 0


def test_the_per_school_export_still_goes_to_meritvarde(ref):
    name = "slutbetyg_ak9_samtliga_2025_skolenhet.csv"
    assert detect_kind(read_document(real(name), name), ref) == "meritvarde"


# ------------------------------------------------------------------ jämförelse över tid (xlsx)


def test_jamforelse_over_tid_as_published(store):
    summary, _ = import_bytes(store, real(JAMFORELSE), JAMFORELSE)
    assert summary.kind == "skolverket"
    merit = stored(store, "meritvarde_ak9")
    linkoping = merit[merit["area_code"] == "0580"]
    assert one(linkoping, year=2025)["value"] == 228.3  # läsår 2024/25
    assert one(linkoping, year=2016)["value"] == 226.3  # läsår 2015/16
    assert sorted(linkoping["year"]) == list(range(2016, 2026))
    assert one(linkoping, year=2025)["denominator"] == 1963  # the pupils weight it
    assert set(linkoping["sex"]) == {"totalt"} and linkoping["flag"].isna().all()
    # the 16-ämnen meritvärde is its own indicator for the same years
    assert one(stored(store, "meritvarde_ak9_16"), area_code="0580", year=2025)["value"] == 220.8
    assert one(stored(store, "godkant_alla_amnen_andel"), area_code="0580", year=2025)["value"] == 69.2
    assert one(stored(store, "behorighet_yrkesprogram_andel"), area_code="0580", year=2025)["value"] == 84.8


def test_jamforelse_keeps_huvudman_apart(store):
    import_bytes(store, real(JAMFORELSE), JAMFORELSE)
    assert one(stored(store, "totalt_antal_elever_arskurs_9_kommunal"), area_code="0580", year=2025)["value"] == 1454
    kommunal = one(stored(store, "meritvarde_ak9_kommunal"), area_code="0580", year=2025)
    assert kommunal["value"] == 225.1 and kommunal["denominator"] == 1454 and kommunal["source_sheet"] == "Kommunal"
    assert one(stored(store, "meritvarde_ak9_enskild"), area_code="0580", year=2025)["value"] == 237.5
    names = dict(store.execute("SELECT indicator_id, name FROM indicators").fetchall())
    assert names["meritvarde_ak9_kommunal"] == "Meritvärde åk 9 (kommunala skolor)"
    assert names["meritvarde_ak9_enskild"] == "Meritvärde åk 9 (fristående skolor)"
    # the plain indicator is Samtliga, never a huvudman's
    assert one(stored(store, "meritvarde_ak9"), area_code="0580", year=2025)["source_sheet"] == "Samtliga"


def test_jamforelse_symbols_stay_flags(store):
    import_bytes(store, real(JAMFORELSE), JAMFORELSE)
    ydre = one(stored(store, "behorighet_yrkesprogram_andel"), area_code="0512", year=2025)
    assert ydre["value"] == 100 and ydre["flag"] == APPROXIMATE  # '~100'
    overtornea = one(stored(store, "totalt_antal_elever_arskurs_9_enskild"), area_code="2518", year=2025)
    assert pd.isna(overtornea["value"]) and overtornea["flag"] == SUPPRESSED  # '..'
    assert one(stored(store, "totalt_antal_elever_arskurs_9_enskild"), area_code="2518", year=2018)["flag"] == MISSING
    # Ydre has no fristående skolor: absent from the Enskild sheet, and that is fine
    assert "0512" not in set(stored(store, "meritvarde_ak9_enskild")["area_code"])
    assert "0512" in set(stored(store, "meritvarde_ak9_kommunal")["area_code"])


def test_jamforelse_new_indicators_are_named_after_skolverkets_text(store):
    import_bytes(store, real(JAMFORELSE), JAMFORELSE)
    rows = store.execute("SELECT indicator_id, name, unit, decimals, direction, source, definition FROM indicators "
                         "WHERE added_by_import IS NOT NULL").df().set_index("indicator_id")
    # catalogued in data/indikatorer.csv, so the import reuses them rather than adding them
    catalogued = store.execute("SELECT indicator_id, name, unit FROM indicators WHERE added_by_import IS NULL"
                               ).df().set_index("indicator_id")
    assert "totalt_antal_elever_arskurs_9" not in rows.index
    assert catalogued.loc["totalt_antal_elever_arskurs_9", "name"] == "Totalt antal elever årskurs 9"
    assert catalogued.loc["totalt_antal_elever_arskurs_9", "unit"] == "antal elever"
    assert {"meritvarde_ak9_16", "meritvarde_ak9_kommunal", "godkant_alla_amnen_andel_enskild"} <= set(catalogued.index)
    assert rows.loc["andel_flickor_ak_9", "name"] == "Andel (%) flickor, åk 9"  # «- andel (%) flickor»
    assert rows.loc["andel_elever_med_utlandsk_bakgrund_ak_9", "unit"] == "%"
    assert set(rows["direction"]) == {"neutral"}
    assert set(rows["source"]) == {"Skolverket"}
    # Skolverket's own definition from the sheet «Rapportbeskrivning och def.»
    assert rows.loc["andel_elever_med_utlandsk_bakgrund_ak_9", "definition"].startswith(
        "Andel elever födda utomlands samt elever födda i Sverige med båda föräldrar födda utomlands.")
    assert rows.loc["andel_flickor_ak_9_kommunal", "name"] == "Andel (%) flickor, åk 9 (kommunala skolor)"


def test_jamforelse_definitions_sheet_is_never_data(ref):
    batch = parse(real(JAMFORELSE), JAMFORELSE, ref)
    obs = batch.observations
    assert set(obs["source_sheet"]) == {"Samtliga", "Kommunal", "Enskild"}
    # (6 kommuner Samtliga + 6 Kommunal + 5 Enskild) x 9 uppgifter x 10 läsår
    assert len(obs) == 17 * 9 * 10
    assert set(obs["area_code"]) == {"1440", "0580", "0581", "0180", "0512", "2518"}
    assert any("Rapportbeskrivning och def." in n for n in batch.notes)


def test_jamforelse_with_the_kind_given(store):
    summary, _ = import_bytes(store, real(JAMFORELSE), JAMFORELSE, kind="skolverket")
    assert summary.added == 1530
    assert one(stored(store, "meritvarde_ak9"), area_code="0580", year=2016)["value"] == 226.3


# ------------------------------------------------------------------ behörighet (csv, huvudman and kön in columns)


def test_behorighet_csv_as_published(store):
    summary, _ = import_bytes(store, real(BEHORIGHET), BEHORIGHET)
    assert summary.kind == "skolverket"
    share = stored(store, "behorighet_yrkesprogram_andel")
    pupils = stored(store, "totalt_antal_elever_arskurs_9")
    assert one(pupils, area_code="0580", sex="totalt")["value"] == 1963  # «1 963»
    total = one(share, area_code="0580", sex="totalt")
    assert total["value"] == 84.8 and total["denominator"] == 1963 and total["year"] == 2025
    assert one(pupils, area_code="0580", sex="kvinnor")["value"] == 964
    girls = one(share, area_code="0580", sex="kvinnor")
    assert girls["value"] == 83.5 and girls["denominator"] == 964
    assert one(share, area_code="0580", sex="män")["value"] == 86.0
    assert one(stored(store, "totalt_antal_elever_arskurs_9"), area_code="0180", sex="totalt")["value"] == 11318
    assert one(stored(store, "behorighet_yrkesprogram_andel_kommunal"), area_code="0580", sex="totalt")["value"] == 83.1
    assert one(stored(store, "behorighet_yrkesprogram_andel_enskild"), area_code="0580", sex="totalt")["value"] == 89.4
    # the other programme shares are new indicators, weighted by the same pupils
    aesthetic = one(stored(store, "andel_elever_behoriga_till_estetiskt_program_ak_9"), area_code="0580", sex="totalt")
    assert aesthetic["value"] == 83.5 and aesthetic["denominator"] == 1963


def test_behorighet_csv_symbols(ref):
    obs = parse(real(BEHORIGHET), BEHORIGHET, ref).observations
    sjobo = obs[(obs["area_code"] == "1265") & (obs["sex"] == "män")]
    real_hundred = one(sjobo, indicator_id="behorighet_yrkesprogram_andel_enskild")
    assert real_hundred["value"] == 100 and pd.isna(real_hundred["flag"])  # '100,0' is a real 100
    approx = one(sjobo, indicator_id="andel_elever_behoriga_till_estetiskt_program_ak_9_enskild")
    assert approx["value"] == 100 and approx["flag"] == APPROXIMATE  # '~100'
    aneby = one(obs, indicator_id="totalt_antal_elever_arskurs_9_enskild", area_code="0604", sex="män")
    assert pd.isna(aneby["value"]) and aneby["flag"] == MISSING  # '.'
    overkalix = one(obs, indicator_id="behorighet_yrkesprogram_andel_enskild", area_code="2513", sex="kvinnor")
    assert pd.isna(overkalix["value"]) and overkalix["flag"] == SUPPRESSED  # '..'


def test_behorighet_definitions_block_is_never_rows(ref):
    obs = parse(real(BEHORIGHET), BEHORIGHET, ref).observations
    assert len(obs) == 81 * 5  # 81 kommun rows, 5 measures
    assert obs["source_row"].max() == last_data_line(BEHORIGHET) == 91
    assert obs["source_row"].min() == 11  # the header is on line 10, after a 9-line preamble


def test_behorighet_with_crlf_line_endings_reads_the_same(ref):
    lf = parse(real(BEHORIGHET), BEHORIGHET, ref).observations
    crlf = parse(real(BEHORIGHET).replace(b"\n", b"\r\n"), BEHORIGHET, ref).observations
    pd.testing.assert_frame_equal(lf, crlf)


def test_the_two_files_agree_where_the_measure_is_the_same(ref):
    """«Antal elever» of the behörighet file and the jämförelse's «Totalt antal elever årskurs 9»
    are one indicator: same definition, same numbers (as are the yrkesprogram shares)."""
    over_time = parse(real(JAMFORELSE), JAMFORELSE, ref).observations
    behorighet = parse(real(BEHORIGHET), BEHORIGHET, ref).observations
    key = ["indicator_id", "area_code", "year", "sex"]
    common = over_time.merge(behorighet, on=key, suffixes=("_j", "_b"))
    assert set(common["indicator_id"]) >= {"totalt_antal_elever_arskurs_9", "behorighet_yrkesprogram_andel",
                                           "totalt_antal_elever_arskurs_9_kommunal"}
    assert len(common) >= 5 * 6
    assert (common["value_j"].fillna(-1) == common["value_b"].fillna(-1)).all()


def test_one_kommun_only(store):
    def other_kommun(line: bytes) -> bool:
        fields = line.split(b";")
        return len(fields) > 2 and fields[1].isdigit() and len(fields[1]) == 4 and fields[1] != b"0580"

    data = b"\n".join(line for line in real(BEHORIGHET).split(b"\n") if not other_kommun(line))
    assert data.count(b";0580;") == 9 and b"Stockholm;0180" not in data
    summary, _ = import_bytes(store, data, "behorighet_linkoping.csv")
    assert summary.added == 45
    assert one(stored(store, "behorighet_yrkesprogram_andel"), area_code="0580", sex="totalt")["value"] == 84.8


def test_all_kommuner_of_sweden(store, ref):
    kommuner = ref.areas[ref.areas["level"] == "kommun"]
    assert len(kommuner) == 290
    rows = [["Statistik från Skolverket, https://www.skolverket.se"], [],
            ["Grundskola - Behörighet till gymnasieskolan, fr.o.m. 2011"], ["Valt läsår: 2023/24"], [],
            ["Kommun", "Kommun-kod", "Län", "Läns-kod", "Typ av huvudman", "Kön", "Antal elever",
             "Andel (%) elever behöriga till yrkesprog.", ""]]
    for i, (code, name) in enumerate(zip(kommuner["code"], kommuner["name"], strict=True)):
        rows.append([name, code, "", code[:2], "Samtliga", "Samtliga", str(100 + i), "85,5", ""])
    summary, _ = import_bytes(store, csv_bytes(rows), "Grundskola - Behörighet 2024 Kommun.csv")
    assert summary.added == 2 * 290
    share = stored(store, "behorighet_yrkesprogram_andel")
    assert len(share) == 290 and set(share["year"]) == {2024}
    assert set(share["area_code"]) == set(kommuner["code"])


# ------------------------------------------------------------------ two header rows


def test_np_ak9_measure_over_kon_with_amne(store):
    import_bytes(store, real(NP_AK9), NP_AK9)
    points = stored(store, "genomsnittlig_betygspoang_nationella_prov_ak_9_matematik")
    total = one(points, area_code="0580", sex="totalt")
    assert total["value"] == 12.0 and total["year"] == 2024 and total["denominator"] == 1697
    assert one(points, area_code="0580", sex="kvinnor")["value"] == 11.6
    assert one(points, area_code="0580", sex="män")["value"] == 12.4
    names = dict(store.execute("SELECT indicator_id, name FROM indicators").fetchall())
    assert names["genomsnittlig_betygspoang_nationella_prov_ak_9_matematik"] == \
        "Genomsnittlig betygspoäng, nationella prov åk 9, Matematik"
    english = stored(store, "andel_med_provbetyg_a_e_nationella_prov_ak_9_engelska_enskild")
    assert one(english, area_code="0580", sex="kvinnor")["flag"] == SUPPRESSED
    boys = one(english, area_code="0580", sex="män")
    assert boys["value"] == 100 and boys["flag"] == APPROXIMATE
    # «Andel (%) elever som deltagit» is a share of all pupils, not of those with a provbetyg: no weight
    assert pd.isna(one(stored(store, "andel_elever_som_deltagit_nationella_prov_ak_9_matematik"),
                       area_code="0580", sex="totalt")["denominator"])


def test_np_ak9_is_never_the_catalogues_measure(ref):
    batch = parse(real(NP_AK9), NP_AK9, ref)
    assert len(batch.observations) == 71 * 12
    assert set(batch.observations["indicator_id"]) <= set(batch.indicators["indicator_id"])
    assert batch.observations["source_row"].max() == last_data_line(NP_AK9)
    definitions = batch.indicators.set_index("indicator_id")["definition"]
    assert definitions["andel_elever_som_deltagit_nationella_prov_ak_9_svenska"] == \
        "Andel elever som deltagit i respektive delprov. Ämne: Svenska."


@pytest.mark.parametrize("name", [AK6_CSV, AK6_XLSX])
def test_betyg_ak6_kon_over_measure(name, store):
    import_bytes(store, real(name), name)
    passed = stored(store, "andel_elever_som_fatt_godkant_betyg_i_alla_amnen_ak_6")
    girls = one(passed, area_code="0580", sex="kvinnor")
    assert girls["value"] == 74.4 and girls["denominator"] == 941 and girls["year"] == 2025
    boys = one(passed, area_code="0580", sex="män")
    assert boys["value"] == 69.9 and boys["denominator"] == 988
    assert set(passed["sex"]) == {"kvinnor", "män"}  # the file has no totals
    overtornea = stored(store, "andel_elever_som_fatt_godkant_betyg_i_alla_amnen_ak_6_kommunal")
    assert one(overtornea, area_code="2518", sex="kvinnor")["flag"] == APPROXIMATE
    # åk 6 is not the catalogue's åk 9 measure
    assert stored(store, "godkant_alla_amnen_andel").empty


def test_betyg_ak6_csv_and_xlsx_give_the_same_values(ref):
    key = ["indicator_id", "area_code", "year", "sex", "value", "flag", "denominator"]
    from_csv = parse(real(AK6_CSV), AK6_CSV, ref).observations[key]
    from_xlsx = parse(real(AK6_XLSX), AK6_XLSX, ref).observations[key]
    assert len(from_csv) == 21 * 10
    pd.testing.assert_frame_equal(from_csv.reset_index(drop=True), from_xlsx.reset_index(drop=True))


# ------------------------------------------------------------------ other layouts of the family


def _slutbetyg_kommun(rows):
    return csv_bytes([["Statistik från Skolverket, https://www.skolverket.se"], [],
                      ["Grundskola - Slutbetyg årskurs 9, samtliga elever"], ["Valt läsår: 2022/23"], [],
                      ["Kommun", "Kommun-kod", "Typ av huvudman", "Antal elever",
                       "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen",
                       "Andel (%) elever behöriga till yrkesprog.", "Genomsnittligt meritvärde (17 ämnen)"], *rows])


def test_slutbetyg_per_kommun_maps_to_the_catalogue(ref):
    batch = parse(_slutbetyg_kommun([["Linköping", "0580", "Samtliga", "1 874", "69,9", "86,3", "230,4"],
                                     ["Linköping", "0580", "Kommunal", "1 390", "69,8", "85,3", "229,3"]]),
                  "slutbetyg kommun.csv", ref)
    obs = batch.observations.set_index("indicator_id")
    assert obs.loc["meritvarde_ak9", "value"] == 230.4 and obs.loc["meritvarde_ak9", "year"] == 2023
    assert obs.loc["godkant_alla_amnen_andel", "value"] == 69.9
    assert obs.loc["meritvarde_ak9_kommunal", "denominator"] == 1390
    assert obs.loc["totalt_antal_elever_arskurs_9", "value"] == 1874


def test_other_huvudman_types_are_skipped_and_said(ref):
    batch = parse(_slutbetyg_kommun([["Linköping", "0580", "Samtliga", "1 874", "69,9", "86,3", "230,4"],
                                     ["Linköping", "0580", "Statlig", "3", "..", "..", ".."]]),
                  "slutbetyg kommun.csv", ref)
    assert len(batch.observations) == 4
    assert any("«Statlig» hoppades över" in n for n in batch.notes)


def test_the_per_school_export_given_as_skolverket_names_the_right_download(ref):
    with pytest.raises(ImportFailed) as failed:
        parse(real("slutbetyg_ak9_samtliga_2025_skolenhet.csv"), "slutbetyg.csv", ref, kind="skolverket")
    message = str(failed.value)
    assert "enskilda skolenheter" in message and "«Kommun»" in message and "meritvärde åk 9 per skola" in message


def test_a_per_school_report_without_meritvarde_is_refused_with_the_download_to_use(ref):
    name = "antal_elever_per_arskurs_2023_skolenhet.csv"
    with pytest.raises(ImportFailed, match="redovisningsnivån «Kommun»"):
        parse(real(name), name, ref)


def test_a_lan_level_file_is_refused_with_the_download_to_use(ref):
    data = csv_bytes([["Statistik från Skolverket, https://www.skolverket.se"], [],
                      ["Grundskola - Behörighet till gymnasieskolan, fr.o.m. 2011"], ["Valt läsår: 2024/25"], [],
                      ["Län", "Läns-kod", "Typ av huvudman", "Kön", "Antal elever"],
                      ["Östergötlands län", "05", "Samtliga", "Samtliga", "4 900"]])
    with pytest.raises(ImportFailed) as failed:
        parse(data, "behorighet lan.csv", ref, kind="skolverket")
    assert "hittar ingen rubrikrad med kolumnen «Kommun»" in str(failed.value)
    assert "«Sök statistik» med redovisningsnivån «Kommun»" in str(failed.value)


def test_a_jamforelse_without_years_as_columns_is_refused(ref):
    book = openpyxl.load_workbook(io.BytesIO(real(JAMFORELSE)))
    for sheet in ("Samtliga", "Kommunal", "Enskild"):
        for col in range(6, 16):
            book[sheet].cell(row=8, column=col).value = None
    with pytest.raises(ImportFailed, match="blad «Samtliga», rad 8: tabellen har kolumnen «Uppgift» men inga läsår"):
        parse(_saved(book), JAMFORELSE, ref)


# ------------------------------------------------------------------ broken files are refused, the store unchanged


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_text_in_a_year_column_is_refused_with_its_place(store):
    import_bytes(store, real(BEHORIGHET), BEHORIGHET)
    before = data_checksums(store)
    book = openpyxl.load_workbook(io.BytesIO(real(JAMFORELSE)))
    assert book["Samtliga"]["F23"].value == 228.3  # Linköping, meritvärde (17 ämnen), 2024/25
    book["Samtliga"]["F23"] = "uppgift saknas"
    with pytest.raises(ImportFailed) as failed:
        import_bytes(store, _saved(book), JAMFORELSE)
    assert str(failed.value).startswith(
        f"Fel i filen «{JAMFORELSE}», blad «Samtliga», rad 23, kolumn «2024/25»: «uppgift saknas» är inte ett tal")
    assert data_checksums(store) == before


def test_an_unknown_kommun_is_refused_with_its_place(store):
    before = data_checksums(store)
    data = real(BEHORIGHET).replace(b"Link\xc3\xb6ping;0580;\xc3\x96sterg\xc3\xb6tlands l\xc3\xa4n;05;Samtliga;Flickor",
                                    b"Linkopingg;0599;\xc3\x96sterg\xc3\xb6tlands l\xc3\xa4n;05;Samtliga;Flickor")
    assert data != real(BEHORIGHET)
    with pytest.raises(ImportFailed) as failed:
        import_bytes(store, data, BEHORIGHET)
    message = str(failed.value)
    assert message.startswith(f"Fel i filen «{BEHORIGHET}», rad 29, kolumn «Kommun-kod»: kommunkoden «0599»")
    assert "finns inte bland Sveriges kommuner" in message and "Menade du «Linköping" in message
    assert data_checksums(store) == before


def test_a_kommun_name_that_contradicts_its_code_is_refused(ref):
    data = real(BEHORIGHET).replace(b"Ale;1440;", b"Ale;0580;", 1)
    with pytest.raises(ImportFailed, match=r"rad 11, kolumn «Kommun-kod»: kommunkoden «0580» hör till Linköpings kommun, "
                                           r"men raden säger «Ale»"):
        parse(data, BEHORIGHET, ref)


def test_a_kommun_twice_is_refused(ref):
    row = ["Linköping", "0580", "Samtliga", "1 874", "69,9", "86,3", "230,4"]
    with pytest.raises(ImportFailed, match="rad 8, kolumn «Antal elever»: «Totalt antal elever årskurs 9» för "
                                           "Linköpings kommun 2023 .totalt. finns redan på rad 7"):
        parse(_slutbetyg_kommun([row, row]), "slutbetyg kommun.csv", ref)


def test_a_meritvarde_out_of_range_is_refused(ref):
    with pytest.raises(ImportFailed, match="rad 7, kolumn «Genomsnittligt meritvärde .17 ämnen.»: 2304 ligger utanför"):
        parse(_slutbetyg_kommun([["Linköping", "0580", "Samtliga", "1 874", "69,9", "86,3", "2304"]]),
              "slutbetyg kommun.csv", ref)


def test_a_table_of_pupils_per_arskurs_keeps_skolverkets_own_column_names(ref):
    """The kommun-level sibling of «Antal elever per årskurs» (the header of the real per-school
    file, kommun columns in front; the rows are made up): its columns name their own årskurs, so
    nothing is added to the names, and with several pupil counts no share gets a weight."""
    header = real("antal_elever_per_arskurs_2023_skolenhet.csv").decode("utf-8-sig").split("\n")[5].split(";")
    rows = [["Statistik från Skolverket, https://www.skolverket.se"], [], ["Grundskola - Antal elever per årskurs"],
            ["Valt läsår: 2023/24"], [], ["Kommun", "Kommun-kod", *header[7:-1]],
            ["Linköping", "0580", "1 800", "48,0", "19 000", "48,5", "30,1", "60,2", *["2 000"] * 9]]
    batch = parse(csv_bytes(rows), "antal elever kommun.csv", ref)
    names = dict(zip(batch.indicators["indicator_id"], batch.indicators["name"], strict=True))
    assert names["andel_flickor_arskurs_1_9"] == "Andel (%) flickor, årskurs 1-9"
    assert names["elever_forskoleklass"] == "Elever, förskoleklass"
    assert names["elever_arskurs_9"] == "Elever, årskurs 9"
    assert len(batch.observations) == 15 and batch.observations["denominator"].isna().all()
    assert set(batch.observations["year"]) == {2024}
