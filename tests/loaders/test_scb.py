"""SCB Statistikdatabasen (PxWeb): real downloads and API responses in tests/fixtures/real/scb/,
and constructed files in the layouts PxWeb writes (title line, stub and heading columns)."""

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from loaders import scb
from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.reading import read_document
from loaders.store import data_checksums, reference, set_mappings
from loaders.values import MISSING, SUPPRESSED
from tests.spreadsheets import csv_bytes, xlsx_bytes

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "scb"
BIRTH = REAL / "regso_fodelseregion_2020_2023_excerpt.csv"
INCOME = REAL / "regso_medelloneinkomst_2020_2023_excerpt.csv"
HE0110 = REAL / "pxweb1_HE0110_jsonstat2_response_se.json"
TAB6471 = REAL / "pxweb2_TAB6471_data_jsonstat2.json"
TAB6471_META = REAL / "pxweb2_TAB6471_metadata_jsonstat2.json"
BE0101 = REAL / "be0101_tabhel2023.xlsx"


def _obs(batch) -> pd.DataFrame:
    return batch.observations.set_index(["indicator_id", "area_code", "year", "sex"])


def _value(con, indicator, area, year, sex="totalt"):
    return con.execute("SELECT value, flag, denominator FROM v_observations WHERE indicator_id = ? AND area_code = ? "
                       "AND year = ? AND sex = ?", [indicator, area, year, sex]).fetchone()


def _refused(con, data: bytes, name: str, match: str, kind: str | None = None) -> ImportFailed:
    before = data_checksums(con)
    with pytest.raises(ImportFailed, match=match) as err:
        import_bytes(con, data, name, kind=kind)
    assert data_checksums(con) == before
    return err.value


# ------------------------------------------------------------------ real RegSO CSV (names only)

def test_real_regso_csv_names_become_districts_or_regso_areas(store):
    data = BIRTH.read_bytes()
    assert detect_kind(read_document(data, BIRTH.name), reference(store)) == "scb"
    summary, _ = import_bytes(store, data, BIRTH.name)
    assert summary.kind == "scb" and summary.added == 288   # 36 areas × 2 födelseregioner × 4 years
    # «Linköping (Berga)» is the home kommun's district Berga; Skäggetorp-Tornby is a name variant of Skäggetorp
    assert _value(store, "antal_fodelseregion_sverige", "0580-BER", 2020)[0] == 4377
    assert _value(store, "antal_fodelseregion_totalt", "0580-BER", 2023)[0] == 7230
    assert _value(store, "antal_fodelseregion_totalt", "0580-RYD", 2021)[0] == 9177
    assert _value(store, "antal_fodelseregion_totalt", "0580-SKA", 2020)[0] == 10359
    assert _value(store, "antal_fodelseregion_totalt", "0580-SKA", 2023)[0] == 10060
    # names that are no district become RegSO areas with stable made-up codes under their kommun
    assert _value(store, "antal_fodelseregion_totalt", "0580R:lambohov-slaka", 2021)[0] == 10202
    assert _value(store, "antal_fodelseregion_totalt", "2584R:ovre-norrmalm", 2023)[0] == 1885
    assert _value(store, "antal_fodelseregion_sverige", "2584R:ovre-norrmalm", 2020)[0] == 1785
    areas = store.execute("SELECT code, name, level, parent FROM areas WHERE added_by_import IS NOT NULL "
                          "ORDER BY code").df()
    assert len(areas) == 30 and set(areas["level"]) == {"regso"}
    lambohov = areas.set_index("code").loc["0580R:lambohov-slaka"]
    assert (lambohov["name"], lambohov["parent"]) == ("Lambohov-Slaka", "0580")
    assert set(areas["parent"]) == {"0114", "0580", "0581", "2584"}
    assert not areas["name"].isin(["Berga", "Ryd", "Skäggetorp-Tornby", "Ekholmen", "Johannelund",
                                   "Gottfridsberg"]).any()
    indicators = store.execute("SELECT indicator_id, name, unit, direction, source FROM indicators "
                               "WHERE added_by_import IS NOT NULL ORDER BY 1").fetchall()
    assert indicators == [("antal_fodelseregion_sverige", "Antal (födelseregion: Sverige)", "antal", "neutral", "SCB"),
                          ("antal_fodelseregion_totalt", "Antal (födelseregion: totalt)", "antal", "neutral", "SCB")]
    again, _ = import_bytes(store, data, BIRTH.name)      # same codes, same indicators: nothing new
    assert (again.added, again.unchanged) == (0, 288)
    assert store.execute("SELECT count(*) FROM areas WHERE added_by_import IS NOT NULL").fetchone()[0] == 30


def test_regso_names_are_refused_when_the_file_does_not_say_regso(store):
    """The same bytes under the name the file had where it was found: nothing in it says RegSO."""
    err = _refused(store, BIRTH.read_bytes(), "deso_foreign_born.csv", "Bollstanäs")
    assert err.total == 30    # one per unknown area; the six districts of Linköping are known
    first = str(err.problems[0])
    assert "rad 3, kolumn «region»: området «Bollstanäs» finns inte i områdeslistan" in first and "RegSO" in first
    lambohov = next(str(p) for p in err.problems if "Lambohov-Slaka" in p.message)
    assert "Menade du «Lambohov»" in lambohov


def test_real_income_csv_decimal_point_and_unit(ref):
    batch = parse(INCOME.read_bytes(), INCOME.name, ref)
    obs = _obs(batch)
    indicator = "medelvarde_for_samtliga_tkr_inkomstkomponent_loneinkomst"
    assert obs.loc[(indicator, "0580-BER", 2020, "totalt"), "value"] == 227.2
    assert obs.loc[(indicator, "0580-RYD", 2021, "totalt"), "value"] == 152.0
    assert obs.loc[(indicator, "0580-SKA", 2023, "totalt"), "value"] == 146.7
    new = batch.indicators.set_index("indicator_id").loc[indicator]
    assert (new["name"], new["unit"], new["decimals"]) == (
        "Medelvärde för samtliga, tkr (inkomstkomponent: löneinkomst)", "tkr", 1)
    assert len(batch.observations) == 160 and batch.source == "SCB, Statistikdatabasen"


# ------------------------------------------------------------------ real API responses

def test_real_api_v1_jsonstat_with_kon_1_2_and_1_plus_2(store):
    summary, _ = import_bytes(store, HE0110.read_bytes(), HE0110.name)
    indicator = "medianinkomst_tkr_alder_totalt_16_ar"
    assert _value(store, indicator, "00", 2020, "män")[0] == 332.8
    assert _value(store, indicator, "00", 2021, "kvinnor")[0] == 263
    assert _value(store, indicator, "00", 2022, "totalt")[0] == 316.6
    assert summary.added == 9
    assert any("riket" in note for note in summary.notes)   # region eliminated in the query
    row = store.execute("SELECT name, unit, decimals, source, definition FROM indicators WHERE indicator_id = ?",
                        [indicator]).fetchone()
    assert row[:4] == ("Medianinkomst, tkr (ålder: totalt 16+ år)", "tkr", 1, "SCB")
    assert "TAB3554" in row[4]
    source = store.execute("SELECT DISTINCT source FROM observations").fetchall()
    assert source == [("SCB, Statistikdatabasen (TAB3554)",)]


@pytest.mark.parametrize("path", [TAB6471, TAB6471_META], ids=["data", "metadata"])
def test_real_api_v2_monthly_table_is_refused(store, path):
    err = _refused(store, path.read_bytes(), path.name, "månader")
    assert "«2026M01»" in str(err) or "«2025M01»" in str(err)
    assert "helårsvärden" in str(err) and "summerar" in str(err)


def test_api_v2_structure_with_kon_totsa(ref):
    """TAB6471 as it is (JSON-stat 2.0 from API v2, kön TotSa/1/2, 21 län, 11 age groups), with only
    the time variable cut to two periods relabelled as years: the store takes no months, and this
    is the only real v2 response at hand."""
    real = json.loads(TAB6471.read_text(encoding="utf-8"))
    doc = copy.deepcopy(real)
    doc["dimension"]["Tid"]["category"] = {"index": {"2024": 0, "2025": 1}, "label": {"2024": "2024", "2025": "2025"}}
    doc["dimension"]["Tid"]["label"] = "år"
    doc["size"][-1] = 2
    doc["value"] = [v for i, v in enumerate(real["value"]) if i % 4 < 2]   # M01, M02 of every series
    batch = parse(json.dumps(doc).encode(), "tab6471_ar.json", ref)
    obs = _obs(batch)
    young = "folkmangden_per_manad_alder_0_9_ar"
    assert obs.loc[(young, "01", 2024, "totalt"), "value"] == 245284
    assert obs.loc[(young, "01", 2025, "totalt"), "value"] == 247245
    # region 05 is index 3, kön 1 (män) index 1, kön 2 (kvinnor) index 2: row-major over id
    at = lambda region, age, sex, month: real["value"][(((region * 11) + age) * 3 + sex) * 4 + month]  # noqa: E731
    assert obs.loc[(young, "05", 2024, "män"), "value"] == at(3, 0, 1, 0)
    assert obs.loc[(young, "05", 2025, "kvinnor"), "value"] == at(3, 0, 2, 1)
    assert set(batch.observations["sex"]) == {"totalt", "män", "kvinnor"}
    assert batch.observations["area_code"].nunique() == 21 and len(batch.indicators) == 11
    assert len(batch.observations) == 21 * 11 * 3 * 2


def test_api_v1_plain_json_codes_only_and_kon_without_total(ref):
    """PxWeb API v1's «json» format (columns/data, values as strings, codes only), as documented;
    no real saved response was found, so this one is constructed."""
    doc = {"columns": [{"code": "Region", "text": "region", "type": "d"},
                       {"code": "Kon", "text": "kön", "type": "d"},
                       {"code": "Tid", "text": "år", "type": "t"},
                       {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
           "comments": [],
           "data": [{"key": ["0580", "1", "2023"], "values": ["84000"]},
                    {"key": ["0580", "2", "2023"], "values": ["83404"]},
                    {"key": ["0581", "2", "2023"], "values": [".."]}],
           "metadata": [{"infofile": "BE0101", "updated": "2024-02-21T08:00:00",
                         "label": "Folkmängd efter region, kön och år", "source": "Statistiska centralbyrån"}]}
    batch = parse(json.dumps(doc).encode(), "folkmangd.json", ref)
    obs = _obs(batch)
    assert obs.loc[("folkmangd", "0580", 2023, "män"), "value"] == 84000
    assert obs.loc[("folkmangd", "0580", 2023, "kvinnor"), "value"] == 83404
    assert obs.loc[("folkmangd", "0581", 2023, "kvinnor"), "flag"] == SUPPRESSED
    assert "totalt" not in set(batch.observations["sex"])   # no total is made up from the parts


def test_jsonstat_1_with_status_symbols_maps_forvarvsfrekvens(ref):
    doc = {"dataset": {
        "dimension": {
            "Region": {"label": "region", "category": {"index": {"0580": 0, "0581": 1},
                                                       "label": {"0580": "Linköping", "0581": "Norrköping"}}},
            "ContentsCode": {"label": "tabellinnehåll", "category": {
                "index": {"AM0207": 0}, "label": {"AM0207": "Förvärvsfrekvens 20-64 år, procent"},
                "unit": {"AM0207": {"base": "procent", "decimals": 1}}}},
            "Tid": {"label": "år", "category": {"index": {"2022": 0, "2023": 1}}},
            "id": ["Region", "ContentsCode", "Tid"], "size": [2, 1, 2],
            "role": {"time": ["Tid"], "metric": ["ContentsCode"]}},
        "label": "Förvärvsfrekvens efter region och år", "value": [79.0, None, 75.2, None],
        "status": {"1": "..", "3": "."}}}
    batch = parse(json.dumps(doc).encode(), "forv.json", ref)
    obs = _obs(batch)
    assert obs.loc[("forvarvsfrekvens", "0580", 2022, "totalt"), "value"] == 79.0
    assert obs.loc[("forvarvsfrekvens", "0580", 2023, "totalt"), "flag"] == SUPPRESSED
    assert obs.loc[("forvarvsfrekvens", "0581", 2023, "totalt"), "flag"] == MISSING
    assert len(batch.indicators) == 0


# ------------------------------------------------------------------ PxWeb CSV and xlsx downloads

WIDE_ROWS = [["Förvärvsfrekvens 20-64 år efter region, kön och år"], [],
             ["region", "kön", "Förvärvsfrekvens, procent 2019", "Förvärvsfrekvens, procent 2020"],
             ["0580 Linköping", "män", "79,4", "78,9"], ["0580 Linköping", "kvinnor", "..", "-"],
             ["00 Riket", "män", "80,1", "."]]


@pytest.mark.parametrize("encoding,bom,delimiter", [("cp1252", False, ";"), ("utf-8", True, ","),
                                                     ("utf-8", False, "\t")])
def test_wide_csv_title_line_encodings_and_symbols(ref, encoding, bom, delimiter):
    rows = WIDE_ROWS if delimiter != "," else [[c.replace(",", ".") if c[:1].isdigit() else c for c in r]
                                               for r in WIDE_ROWS]
    batch = parse(csv_bytes(rows, encoding=encoding, bom=bom, delimiter=delimiter), "forv.csv", ref)
    obs = _obs(batch)
    assert obs.loc[("forvarvsfrekvens", "0580", 2019, "män"), "value"] == 79.4
    assert obs.loc[("forvarvsfrekvens", "0580", 2020, "män"), "value"] == 78.9
    assert obs.loc[("forvarvsfrekvens", "0580", 2019, "kvinnor"), "flag"] == SUPPRESSED
    assert obs.loc[("forvarvsfrekvens", "0580", 2020, "kvinnor"), "flag"] == MISSING   # '-' is not zero here
    assert obs.loc[("forvarvsfrekvens", "00", 2020, "män"), "flag"] == MISSING
    assert obs.loc[("forvarvsfrekvens", "00", 2019, "män"), "source_row"] == 6
    assert obs.loc[("forvarvsfrekvens", "00", 2019, "män"), "source_column"] == "C"
    assert len(batch.indicators) == 0


def test_an_unquoted_title_line_split_at_its_commas_and_a_unit_in_the_title(ref):
    """A CSV download whose title line is not quoted reads as cells split at the commas; it is
    still the title, the extra dimension (förbrukarkategori) keeps each category apart, and the
    unit the title states in parentheses is the unit."""
    data = ('Elförbrukning (MWh) efter region, förbrukarkategori och år\n\n'
            '"region","förbrukarkategori","2021","2022"\n'
            '"0580 Linköping","hushåll",100,110\n"0580 Linköping","industri",200,210\n').encode("latin-1")
    batch = parse(data, "el.csv", ref)
    indicators = batch.indicators.set_index("name")["unit"].to_dict()
    assert indicators == {"Elförbrukning (MWh) (förbrukarkategori: hushåll)": "MWh",
                          "Elförbrukning (MWh) (förbrukarkategori: industri)": "MWh"}
    obs = _obs(batch)
    assert obs.loc[("elforbrukning_mwh_forbrukarkategori_industri", "0580", 2022, "totalt"), "value"] == 210


def test_long_csv_with_population_base_kept_as_denominator(ref):
    rows = [["region", "år", "Folkmängd", "Förvärvsarbetande, andel"],
            ["Linköping", "2022", "165 000", "78.5"], ["Norrköping", "2022", "144000", "76.0"]]
    batch = parse(csv_bytes(rows, bom=False), "lang.csv", ref, kind="scb")
    obs = _obs(batch)
    share = "forvarvsarbetande_andel"    # not förvärvsfrekvens 20–64: a new indicator
    assert obs.loc[(share, "0580", 2022, "totalt"), "value"] == 78.5
    assert obs.loc[(share, "0580", 2022, "totalt"), "denominator"] == 165000
    assert obs.loc[(share, "0581", 2022, "totalt"), "denominator"] == 144000
    assert obs.loc[("folkmangd", "0581", 2022, "totalt"), "value"] == 144000
    assert pd.isna(obs.loc[("folkmangd", "0581", 2022, "totalt"), "denominator"])
    assert "denominator" in batch.carried
    units = batch.indicators.set_index("indicator_id")["unit"].to_dict()
    assert units == {"folkmangd": "antal", share: "%"}


def test_regso_base_weights_the_district_the_store_computes(store):
    rows = [["Förvärvsfrekvens efter region (RegSO), år och tabellinnehåll"],
            ["region", "Folkmängd 2023", "Förvärvsfrekvens 20-64 år, procent 2023"],
            ["Linköping (Lambohov-Slaka)", "1000", "80.0"], ["Linköping (Hejdegården)", "3000", "60.0"]]
    import_bytes(store, csv_bytes(rows), "regso_forv.csv")
    set_mappings(store, {"0580R:lambohov-slaka": "0580-LAM", "0580R:hejdegarden": "0580-LAM"}, who="test")
    value, flag, denominator = _value(store, "forvarvsfrekvens", "0580-LAM", 2023)
    assert value == pytest.approx((80 * 1000 + 60 * 3000) / 4000) and flag is None and denominator == 4000


PXWEB_XLSX = {"Blad1": [
    ["Förvärvsfrekvens efter region, ålder och år"], [],
    [None, None, "Förvärvsfrekvens, procent", None],
    ["region", "ålder", 2021, 2022],
    ["0580 Linköping", "20-64 år", 79.1, 79.5],
    [None, "16-19 år", 20.0, "21,5"],
    ["0581 Norrköping", "20-64 år", 75.0, ".."],
    [],
    ["Källa: SCB, Statistikdatabasen"],
    [".. = uppgift inte tillgänglig eller för osäker för att anges"],
    ["Senast uppdaterad 2024-03-15"]]}


def test_xlsx_download_title_two_row_heading_filled_stub_and_footnotes(store):
    summary, _ = import_bytes(store, xlsx_bytes(PXWEB_XLSX), "forvarvsfrekvens.xlsx")
    assert summary.kind == "scb" and summary.added == 6
    assert _value(store, "forvarvsfrekvens", "0580", 2022)[0] == 79.5
    assert _value(store, "forvarvsfrekvens", "0581", 2022)[1] == SUPPRESSED
    teens = "forvarvsfrekvens_procent_alder_16_19_ar"    # the age group in the blank cell below Linköping
    assert _value(store, teens, "0580", 2022)[0] == 21.5
    rows = store.execute("SELECT max(source_row) FROM observations").fetchone()[0]
    assert rows == 7   # nothing from the footnotes


def test_regso_and_deso_codes_become_areas_under_their_kommun(ref):
    rows = [["Folkmängd efter region och år"], ["region", "2023"],
            ["0580C1010", "1 204"], ["0580A0010_DeSO2025 Berga centrum", "990"], ["0580R003", "5000"],
            ["0580 Linköping", "167404"]]
    batch = parse(csv_bytes(rows), "omraden.csv", ref, kind="scb")
    areas = batch.areas.set_index("code")
    assert areas.loc["0580C1010"].tolist() == ["0580C1010", "deso", "0580"]
    assert areas.loc["0580A0010"].tolist() == ["Berga centrum", "deso", "0580"]
    assert areas.loc["0580R003"].tolist() == ["0580R003", "regso", "0580"]
    obs = _obs(batch)
    assert obs.loc[("folkmangd", "0580C1010", 2023, "totalt"), "value"] == 1204
    assert obs.loc[("folkmangd", "0580", 2023, "totalt"), "value"] == 167404
    assert any("DeSO" in note for note in batch.notes)


# ------------------------------------------------------------------ real SCB xlsx with a four-row header

def test_real_published_xlsx_title_rows_multirow_header_and_footnotes(ref):
    batch = scb.load(read_document(BE0101.read_bytes(), BE0101.name), ref)
    obs = _obs(batch)
    assert obs.loc[("folkmangd", "00", 2023, "totalt"), "value"] == 10551707
    assert obs.loc[("folkmangd", "05", 2023, "totalt"), "value"] == 472298
    linkoping = obs.xs(("0580", 2023, "totalt"), level=["area_code", "year", "sex"])["value"]
    assert linkoping["folkmangd"] == 167404
    assert linkoping["folkokning"] == 731
    assert linkoping["inflyttade_darav_fran_utlandet"] == 1280
    assert linkoping["flyttningsnetto_darav_mot_utlandet"] == -3
    assert linkoping["justeringar"] == 25
    assert obs.loc[("folkmangd", "0580", 2023, "totalt"), "source_row"] == 61
    assert obs.loc[("folkmangd", "2023", 2023, "totalt"), "value"] == 10260     # Malung-Sälen
    assert obs.loc[("inflyttade_darav_fran_egna_lanet", "00", 2023, "totalt"), "flag"] == MISSING   # '.'
    assert batch.observations["area_code"].nunique() == 312
    assert batch.observations["source_row"].max() == 321          # footnotes from row 323 are not data
    names = batch.indicators.set_index("indicator_id")["name"]
    assert names["folkokning"] == "Folkökning" and names["justeringar"] == "Justeringar"


def test_real_published_xlsx_imports_into_the_store_with_its_negative_net_figures(store):
    """Flyttningsnetto is negative in real files; the store keeps it as published, while a
    negative count such as Folkmängd would still be refused."""
    summary, _ = import_bytes(store, BE0101.read_bytes(), BE0101.name, kind="scb")
    assert summary.added > 0
    assert _value(store, "flyttningsnetto_darav_mot_utlandet", "0580", 2023)[0] == -3
    assert _value(store, "folkmangd", "0580", 2023)[0] == 167404
    rows = [["Folkmängd efter region och år"], ["region", "2022"], ["0580 Linköping", "-5"]]
    _refused(store, "\n".join(";".join(r) for r in rows).encode(), "folk.csv", r"rad 3.*negativt; Folkmängd")


# ------------------------------------------------------------------ refused files

@pytest.mark.parametrize("rows,name,kind,match", [
    ([["Folkmängd efter region och år"], ["region", "2022"], ["0580 Linköping", "12a"]], "a.csv", None,
     r"rad 3, kolumn «2022»: «12a» är inte ett tal"),
    ([["Folkmängd efter region och år"], ["region", "2022"], ["Bergaa", "5"]], "b.csv", None,
     r"rad 3, kolumn «region»: området «Bergaa» finns inte"),
    ([["region", "2022"], ["0580 Linköping", "12"]], "c.csv", None, r"rad 1: det går inte att se vad värdena mäter"),
    ([["0580 Linköping", "12"], ["0581", "13"]], "d.csv", "scb", r"rad 1: tabellen saknar rubrikrad"),
    ([["region", "år", "Antal"], ["0580", "2022M01", "12"]], "e.csv", "scb", r"rad 2, kolumn «år»: tabellen redovisar månader"),
    ([["region", "Antal"], ["0580", "12"]], "f.csv", "scb", r"hittar inte vilket år"),
    ([["region", "kön", "Antal 2022"], ["0580", "okänt", "12"]], "g.csv", "scb", r"rad 2, kolumn «kön»: «okänt» är inget kön"),
    ([["Folkmängd efter RegSO"], ["region", "Antal 2022"], ["9999R001", "1"]], "h.csv", "scb",
     r"kommunkoden 9999 finns inte"),
    ([["region", "2022K1"], ["0580", "1"]], "i.csv", "scb", r"redovisar kvartal"),
])
def test_bad_files_are_refused_with_a_located_message(store, rows, name, kind, match):
    _refused(store, csv_bytes(rows), name, match, kind=kind)


def test_json_that_is_no_scb_response_is_refused(store):
    _refused(store, b'{"foo": 1}', "x.json", "inget svar från SCB", kind="scb")
