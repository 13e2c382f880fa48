"""Reading Kolada: real rKolada output (v2 and v3), saved API JSON, Swedish tables, refusals."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.kolada import SOURCE, unit_from_title
from loaders.reading import read_document
from loaders.store import connect, data_checksums, load_reference_files, reference
from tests.spreadsheets import csv_bytes, xlsx_bytes

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "kolada"
V2_CSV = REAL / "rkolada_get_values_N00945_0180_1280_1480_v2_2024.csv"
V3_CSV = REAL / "rkolada_get_values_N00945_0180_1280_1480_v3_2026.csv"
VAB_TITLE = "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal dagar (%)"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory):
    """One store with the reference data for the whole module (building it is the slow part)."""
    path = tmp_path_factory.mktemp("kolada") / "template.duckdb"
    con = connect(path)
    try:
        load_reference_files(con)
        return path, reference(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def ref(template):
    return template[1]


@pytest.fixture
def store(template, tmp_path: Path):
    path = tmp_path / "store.duckdb"
    shutil.copy(template[0], path)
    con = connect(path)
    yield con
    con.close()


def by_key(batch) -> pd.DataFrame:
    return batch.observations.set_index(["indicator_id", "area_code", "year", "sex"]).sort_index()


def real_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def v3_document(rows: list[dict], metadata: list[dict] | None = None) -> bytes:
    """The real rKolada v3 values put back into the API's item shape (one item per value)."""
    items = [{"values": [{"gender": r["gender"], "count": int(r["count"]), "status": r["status"],
                          "value": float(r["value"]) if r["value"] else None}],
              "kpi": r["kpi"], "period": int(r["year"]), "municipality": r["municipality_id"]} for r in rows]
    document = {"values": items, "count": len(items)}
    if metadata is not None:
        document["kpi_metadata"] = metadata
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def metadata(version: str, kpi: str) -> list[dict]:
    name = {"v3": "kolada_v3_kpi_metadata_selected_rkolada_2026.json",
            "v2": "kolada_v2_kpi_metadata_selected_rkolada_2024.json"}[version]
    return [m for m in json.loads((REAL / name).read_text(encoding="utf-8")) if m["id"] == kpi]


def item(kpi: str, area: str, year: object, *values: dict) -> dict:
    return {"kpi": kpi, "municipality": area, "period": year, "values": list(values)}


def val(gender: str, value: object, status: str = "", **extra: object) -> dict:
    return {"gender": gender, "count": 1, "status": status, "value": value, **extra}


def doc(*items: dict, **extra: object) -> bytes:
    return json.dumps({"values": list(items), "count": len(items), **extra}, ensure_ascii=False).encode("utf-8")


# ----------------------------------------------------------------------------- real rKolada files

def test_real_rkolada_v2_file_imports_with_exact_values(ref):
    batch = parse(V2_CSV.read_bytes(), V2_CSV.name, ref)
    assert batch.kind == "kolada" and batch.source == SOURCE
    obs = by_key(batch)
    assert len(obs) == 75
    assert obs.loc[("kolada_n00945", "0180", 2020, "totalt"), "value"] == 40.8
    assert obs.loc[("kolada_n00945", "1280", 2020, "totalt"), "value"] == 37.0
    assert obs.loc[("kolada_n00945", "1480", 2020, "totalt"), "value"] == 39.5
    assert obs.loc[("kolada_n00945", "0180", 1998, "totalt"), "value"] == 30.41209497
    for area in ("0180", "1280", "1480"):
        for year in (1996, 1997):  # value NA, status "" in Kolada: missing, never zero
            row = obs.loc[("kolada_n00945", area, year, "totalt")]
            assert pd.isna(row["value"]) and row["flag"] == "saknas"
    row = obs.loc[("kolada_n00945", "0180", 2020, "totalt")]
    assert row["source_row"] == 2 + real_rows(V2_CSV).index(next(
        r for r in real_rows(V2_CSV) if r["municipality_id"] == "0180" and r["year"] == "2020"))
    assert row["source_column"] == "G"  # «value» is the seventh column in rKolada's v2 order
    new = batch.indicators.set_index("indicator_id").loc["kolada_n00945"]
    assert new["name"] == "Kolada N00945" and new["direction"] == "neutral" and new["source"] == SOURCE


def test_real_rkolada_v3_file_reads_the_same_values_in_its_other_column_order(ref):
    v2 = by_key(parse(V2_CSV.read_bytes(), V2_CSV.name, ref))
    v3 = by_key(parse(V3_CSV.read_bytes(), V3_CSV.name, ref))
    assert len(v3) == 63 and v3.index.get_level_values("year").min() == 2000
    assert v3.loc[("kolada_n00945", "0180", 2000, "totalt"), "value"] == 31.32959689
    assert (v3["value"] == v2.loc[v3.index, "value"]).all()


def test_real_values_with_real_v3_metadata_name_the_new_indicator(ref):
    batch = parse(v3_document(real_rows(V3_CSV), metadata("v3", "N00945")), "kolada_N00945.json", ref)
    new = batch.indicators.set_index("indicator_id").loc["kolada_n00945"]
    assert new["name"] == VAB_TITLE
    assert new["unit"] == "%" and new["decimals"] == 1 and new["source"] == SOURCE
    assert new["definition"].startswith("Andel tillfällig föräldrapenning") and "N00945" in new["definition"]
    assert by_key(batch).loc[("kolada_n00945", "0180", 2020, "totalt"), "value"] == 40.8


def test_v2_metadata_as_a_bare_list_beside_the_values(ref):
    items = json.loads(v3_document(real_rows(V2_CSV)[:6]))["values"] + metadata("v2", "N00945")
    batch = parse(json.dumps(items, ensure_ascii=False).encode(), "kolada.json", ref)
    assert batch.indicators.iloc[0]["name"] == VAB_TITLE
    obs = by_key(batch)
    assert len(obs) == 6 and set(obs["flag"]) == {"saknas"}


def test_real_file_as_xlsx_with_codes_excel_turned_into_numbers(ref):
    rows = real_rows(V3_CSV)
    header = list(rows[0])
    grid = [header] + [[int(r[c]) if c == "municipality_id" else (float(r[c]) if c == "value" else r[c])
                        for c in header] for r in rows]
    batch = parse(xlsx_bytes({"N00945": grid}), "n00945.xlsx", ref)
    obs = by_key(batch)
    assert obs.loc[("kolada_n00945", "0180", 2020, "totalt"), "value"] == 40.8  # 180 -> 0180
    assert obs.loc[("kolada_n00945", "0180", 2020, "totalt"), "source_sheet"] == "N00945"


def test_import_into_the_store_twice_and_the_source_is_kept(store):
    summary, _ = import_bytes(store, V2_CSV.read_bytes(), V2_CSV.name, who="test")
    assert (summary.added, summary.replaced, summary.unchanged) == (75, 0, 0)
    again, _ = import_bytes(store, V2_CSV.read_bytes(), V2_CSV.name, who="test")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 75)
    sources = store.execute("SELECT DISTINCT source FROM observations WHERE indicator_id = 'kolada_n00945'").fetchall()
    assert sources == [(SOURCE,)]
    assert store.execute("SELECT value, flag FROM observations WHERE indicator_id = 'kolada_n00945' "
                         "AND area_code = '1480' AND year = 1996").fetchone() == (None, "saknas")


def test_detection(ref):
    assert detect_kind(read_document(V2_CSV.read_bytes(), V2_CSV.name), ref) == "kolada"
    assert detect_kind(read_document(V3_CSV.read_bytes(), V3_CSV.name), ref) == "kolada"
    assert detect_kind(read_document(doc(item("N31807", "0580", 2022, val("T", 4.1))), "a.json"), ref) == "kolada"
    swedish = csv_bytes([["Nyckeltal", "Kommun", "År", "Kön", "Värde"],
                         ["N31807 Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.",
                          "Linköping", "2022", "Totalt", "4,1"]])
    assert detect_kind(read_document(swedish, "export.csv"), ref) == "kolada"


# ----------------------------------------------------------------------------- API JSON

def test_mapped_kpis_factor_gender_and_status_flags(ref):
    data = doc(
        item("N07403", "0580", 2022, val("T", 1087.5)),
        item("N07403", "0000", 2022, val("T", 1101.3)),
        item("N31807", "0005", 2022, val("T", 4.4)),
        item("N00973", "0580", 2022, val("T", 41.0), val("K", 35.0), val("M", None, "..")),
        item("N00973", "0580", "2021", val("T", None, "."), val("K", None, ""), val("M", 47.0, "B")),
    )
    obs = by_key(parse(data, "kolada.json", ref))
    rate = obs.loc[("valdsbrott_per_1000", "0580", 2022, "totalt")]
    assert rate["value"] == pytest.approx(10.875) and "N07403" in rate["comment"] and "0,01" in rate["comment"]
    assert obs.loc[("valdsbrott_per_1000", "00", 2022, "totalt"), "value"] == pytest.approx(11.013)
    assert obs.loc[("forsorjningsstod_andel", "05", 2022, "totalt"), "value"] == 4.4  # region 0005 -> län 05
    assert obs.loc[("etablering_90_dagar", "0580", 2022, "kvinnor"), "value"] == 35.0
    suppressed = obs.loc[("etablering_90_dagar", "0580", 2022, "män")]
    assert pd.isna(suppressed["value"]) and suppressed["flag"] == "prickad"
    assert suppressed["comment"] == "Koladas status: «..»."
    assert obs.loc[("etablering_90_dagar", "0580", 2021, "totalt"), "flag"] == "ej tillämpligt"
    missing = obs.loc[("etablering_90_dagar", "0580", 2021, "kvinnor")]
    assert missing["flag"] == "saknas" and pd.isna(missing["comment"])
    with_status = obs.loc[("etablering_90_dagar", "0580", 2021, "män")]
    assert with_status["value"] == 47.0 and pd.isna(with_status["flag"]) and "«B»" in with_status["comment"]
    assert obs["source_row"].isna().all()


def test_bare_list_flattened_items_and_deleted_values(ref):
    items = [{"kpi": "N31807", "municipality": "0580", "period": 2022, "gender": "T", "value": 4.1},
             item("N31807", "0580", 2023, val("T", 3.9, isdeleted=True)),
             item("N31807", "0000", 2023, val("T", 3.8, is_deleted=0))]
    batch = parse(json.dumps(items).encode(), "kolada.json", ref)
    obs = by_key(batch)
    assert list(obs.index.get_level_values("year")) == [2023, 2022]
    assert any("borttagna" in note for note in batch.notes)


def test_one_page_of_several_is_imported_with_a_warning(ref):
    data = doc(item("N31807", "0580", 2022, val("T", 4.1)), next_url="https://api.kolada.se/v3/data?page=2")
    batch = parse(data, "sida1.json", ref)
    assert len(batch.observations) == 1
    assert any("en sida av flera" in w.message for w in batch.warnings)


def test_group_ids_are_refused_with_the_reason(ref):
    with pytest.raises(ImportFailed, match="post 2 i «values».*ovägt medelvärde.*kommuner"):
        parse(doc(item("N31807", "0580", 2022, val("T", 4.1)), item("N31807", "G92790", 2022, val("T", 4.0))),
              "kolada.json", ref)
    table = csv_bytes([["kpi", "municipality_id", "year", "value", "municipality_type"],
                       ["N31807", "0580", "2022", "4.1", "K"], ["N31807", "G92790", "2022", "4.0", "G"]],
                      delimiter=",")
    with pytest.raises(ImportFailed, match="rad 3, kolumn «municipality_id».*ovägt medelvärde"):
        parse(table, "kolada.csv", ref)


def test_duplicate_keys_with_different_values_name_both_places(ref, store):
    before = data_checksums(store)
    data = doc(item("N31807", "0580", 2022, val("T", 4.1)), item("N31807", "0580", 2022, val("T", 4.2)))
    with pytest.raises(ImportFailed, match=r"post 2 i «values», värde 1: samma nyckeltal.*N31807, 0580, 2022.*"
                                           r"post 1 i «values», värde 1"):
        import_bytes(store, data, "kolada.json")
    assert data_checksums(store) == before
    table = csv_bytes([["kpi", "municipality_id", "year", "gender", "value"],
                       ["N31807", "0580", "2022", "T", "4.1"], ["N31807", "0580", "2022", "T", "4.3"]])
    with pytest.raises(ImportFailed, match="rad 3, kolumn «value»: samma nyckeltal.*finns redan i rad 2"):
        parse(table, "kolada.csv", ref)


def test_the_same_value_twice_is_read_once(ref):
    same = item("N31807", "0580", 2022, val("T", 4.1))
    batch = parse(doc(same, same), "kolada.json", ref)
    assert len(batch.observations) == 1 and any("två gånger" in n for n in batch.notes)


@pytest.mark.parametrize(("area", "message"), [
    ("0002", "0002» är ingen region"), ("0599", "kommunkoden «0599» finns inte"),
    ("Berga", "inte en kommun, region eller riket"), ("Atlantis", "«Atlantis» finns inte i områdeslistan")])
def test_unknown_areas_are_refused(ref, area, message):
    with pytest.raises(ImportFailed, match=message):
        parse(doc(item("N31807", area, 2022, val("T", 4.1))), "kolada.json", ref)


@pytest.mark.parametrize(("bad", "message"), [
    (item("N31807", "0580", 2022, val("F", 4.1)), "«F» är inget kön"),
    (item("N31807", "0580", 22, val("T", 4.1)), "«22» är inte ett årtal"),
    (item("N31807", "0580", 2022, val("T", True)), "«True» är inte ett tal"),
    (item("N31807", "0580", 2022, val("T", "mycket")), "«mycket» är inte ett tal"),
    (item("31807", "0580", 2022, val("T", 4.1)), "«31807» är inget nyckeltals-id"),
    (item("N31807", "0580", 2022, val("T", 140.0)), "andelen 140 % är större än 100 %"),
    ({"kpi": "N31807", "period": 2022, "values": []}, "saknar «municipality»"),
])
def test_bad_items_are_refused_and_located(ref, store, bad, message):
    before = data_checksums(store)
    with pytest.raises(ImportFailed, match=message) as caught:
        import_bytes(store, doc(item("N31807", "0580", 2021, val("T", 4.0)), bad), "kolada.json")
    assert "Fel i filen «kolada.json»" in str(caught.value)
    assert data_checksums(store) == before


def test_documents_without_values(ref):
    with pytest.raises(ImportFailed, match="bara beskrivningar av nyckeltal"):
        parse(json.dumps({"values": metadata("v3", "N31807")}).encode(), "kpi.json", ref)
    with pytest.raises(ImportFailed, match="inga värden från Kolada"):
        parse(doc(), "tom.json", ref)
    with pytest.raises(ImportFailed, match="inte giltig JSON"):
        parse(b'{"values": [', "trasig.json", ref)


# ----------------------------------------------------------------------------- tables

def test_swedish_headers_with_kpi_and_title_in_one_column(ref):
    rows = [["Nyckeltal", "Kommun", "År", "Kön", "Värde"],
            ["N31807 Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.",
             "Linköping", "2022", "Totalt", "4,1"],
            ["N15507 Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)", "Riket", "2022", "Kvinnor", "239,0"],
            ["N15507 Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)", "Region Östergötland", "2022",
             "Män", ".."]]
    batch = parse(csv_bytes(rows), "kolada_export.csv", ref)
    obs = by_key(batch)
    assert obs.loc[("forsorjningsstod_andel", "0580", 2022, "totalt"), "value"] == 4.1
    assert obs.loc[("kolada_n15507", "00", 2022, "kvinnor"), "value"] == 239.0
    assert obs.loc[("kolada_n15507", "05", 2022, "män"), "flag"] == "prickad"
    new = batch.indicators.set_index("indicator_id").loc["kolada_n15507"]
    assert new["name"] == "Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)"


def test_years_as_columns_with_the_kpi_in_the_title(ref):
    rows = [["Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef. (N31807)"],
            ["Kommun", "2021", "2022", "2023"], ["Linköping", "4,3", "4,1", ""], ["Riket", "4,0", "3,8", "3,7"]]
    obs = by_key(parse(csv_bytes(rows), "n31807.csv", ref, kind="kolada"))
    assert obs.loc[("forsorjningsstod_andel", "0580", 2022, "totalt"), "value"] == 4.1
    assert obs.loc[("forsorjningsstod_andel", "0580", 2023, "totalt"), "flag"] == "saknas"
    assert obs.loc[("forsorjningsstod_andel", "00", 2023, "totalt"), "source_column"] == "D"


@pytest.mark.parametrize(("header", "missing"), [
    (["Nyckeltal", "Kommun", "Kön", "Värde"], "«År»"),
    (["kpi", "municipality_id", "year", "gender"], "«Värde»"),
    (["kpi", "year", "gender", "value"], "«Kommun»"),
    (["Kommun", "År", "Kön", "Värde"], "«Nyckeltal»"),
])
def test_a_missing_column_is_named_never_guessed(ref, store, header, missing):
    before = data_checksums(store)
    data = csv_bytes([header, ["N31807", "0580", "2022", "4.1"][:len(header)]])
    with pytest.raises(ImportFailed, match=f"rad 1: rubrikraden saknar kolumnen {missing}"):
        import_bytes(store, data, "kolada.csv", "kolada")
    assert data_checksums(store) == before


def test_no_kolada_header_at_all(ref):
    with pytest.raises(ImportFailed, match="hittar ingen rubrikrad med Koladas kolumner"):
        parse(csv_bytes([["a", "b"], ["1", "2"]]), "x.csv", ref, kind="kolada")


def test_rkolada_simplify_false_layout_and_deleted_rows(ref):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["kpi", "municipality", "period", "gender", "count", "status", "value", "isdeleted"],
                      ["N31807", "0580", "2022", "T", "1", "", "4.1", "FALSE"],
                      ["N31807", "0580", "2023", "T", "1", "", "3.9", "TRUE"]])
    batch = parse(buffer.getvalue().encode(), "values.csv", ref)
    assert list(by_key(batch).index) == [("forsorjningsstod_andel", "0580", 2022, "totalt")]
    assert any("borttagna" in n for n in batch.notes)


@pytest.mark.parametrize(("title", "unit"), [
    ("Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.", "%"),
    ("Lämnat etableringsuppdraget och börjat arbeta eller studera (status efter 90 dagar), andel (%)", "%"),
    (VAB_TITLE, "%"),
    ("Invånare totalt, antal", "antal"),
    ("Anmälda våldsbrott, antal/100 000 inv", "per 100 000 inv."),
    ("Nettokostnad individ- och familjeomsorg, kr/inv", "kr/inv"),
    ("Nettokostnadsavvikelse grundskola, (%)", "%"),
    ("Nettokostnadsavvikelse grundskola, avvikelse (%)", "avvikelse (%)"),
])
def test_unit_from_title(title, unit):
    assert unit_from_title(title) == unit
