"""Kolada data as people have it on disk (issue 25): kolada.se's «Exportera» workbook, a long CSV
written from R with the KPI's title in «kpi», and open-numbers' tables named by the KPI id.

The files are built here in the shapes those sources publish (described in the issue and the
field notes); their values are SYNTHETIC. Each imports with exact values, areas matched by name
or code, and titles matched to the catalogue's Kolada KPIs (data/kolada_kpi.csv) or made new
indicators under the title; group rows are left out with one line saying so."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.reading import read_document
from loaders.store import connect, data_checksums, reference
from tests.spreadsheets import xlsx_bytes

BISTAND = "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef."
INVANARE = "Invånare  totalt, antal"   # Kolada's double space


@pytest.fixture
def store(db: Path):
    con = connect(db)
    yield con
    con.close()


def web_export(rows: list[list[object]]) -> bytes:
    """kolada.se's «Exportera»: sheet «Kolada nyckeltal», the title in A1, years as text in row 2."""
    return xlsx_bytes({"Kolada nyckeltal": [["Kolada nyckeltal"], [None, None, "2019", "2020", "2021"], *rows]})


def values(con, indicator: str) -> dict[tuple[str, int, str], tuple[float | None, str | None]]:
    return {(a, y, s): (v, f) for a, y, s, v, f in con.execute(
        "SELECT area_code, year, sex, value, flag FROM observations WHERE indicator_id = ?", [indicator]).fetchall()}


def test_the_kolada_se_export_imports_by_title_with_groups_left_out_and_repeats_read_once(store):
    data = web_export([
        [BISTAND, "Linköping", 4.4, 4.2, 4.1],
        [BISTAND, "Norrköping", 6.1, 6.0, None],
        [BISTAND, "Alla kommuner", 3.9, 3.8, 3.7],
        [BISTAND, "Större städer (ovägt medel)", 4.0, 3.9, 3.9],
        [BISTAND, "Riket", 4.3, 4.2, 4.0],
        [BISTAND, "Linköping", 4.4, 4.2, 4.1],          # the selected kommun, repeated at the block's end
        [INVANARE, "Linköping", 163051, 164616, 165527],
        [INVANARE, "Linköping", 163051, 164616, 165527],
    ])
    assert detect_kind(read_document(data, "Kolada nyckeltal.xlsx")) == "kolada"
    summary, _ = import_bytes(store, data, "Kolada nyckeltal.xlsx")
    assert summary.kind == "kolada"
    assert summary.added == 3 * 3 + 3
    andel = values(store, "forsorjningsstod_andel")     # the title is the catalogue's N31807
    assert andel[("0580", 2020, "totalt")] == (4.2, None) and andel[("00", 2021, "totalt")] == (4.0, None)
    assert andel[("0581", 2021, "totalt")] == (None, "saknas")   # empty in the export: missing, kept as such
    new = store.execute("SELECT indicator_id, name, unit FROM indicators WHERE name = 'Invånare totalt, antal'"
                        ).fetchall()
    assert len(new) == 1 and new[0][2] == "antal"
    assert values(store, new[0][0])[("0580", 2021, "totalt")] == (165527.0, None)
    notes = " ".join(summary.more())
    assert "2 rader för grupper («Alla kommuner», «… (ovägt medel)») lästes inte" in notes
    assert "6 värden fanns två gånger med samma värde och lästes en gång" in notes


def test_a_repeated_kommun_with_another_value_is_one_error_naming_both_rows(store):
    data = web_export([[BISTAND, "Linköping", 4.4, 4.2, 4.1], [BISTAND, "Linköping", 4.4, 4.3, 4.1]])
    before = data_checksums(store)
    with pytest.raises(ImportFailed) as caught:
        import_bytes(store, data, "Kolada nyckeltal.xlsx")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1 and "rad 4" in messages[0] and "rad 3" in messages[0]
    assert data_checksums(store) == before


def test_an_r_long_csv_with_the_kpi_title_in_kpi_imports(store):
    data = ('"kpi","municipality_id","year","value","municipality"\n'
            f'"{BISTAND}","0580",2020,4.2,"Linköping"\n'
            f'"{BISTAND}","0000",2020,4.2,"Riket"\n'
            f'"{BISTAND}","0580",2021,NA,"Linköping"\n').encode("utf-8")
    batch = parse(data, "kolada_bistand.csv", reference(store))
    obs = batch.observations.set_index(["indicator_id", "area_code", "year"])
    assert obs.loc[("forsorjningsstod_andel", "0580", 2020), "value"] == 4.2
    assert obs.loc[("forsorjningsstod_andel", "00", 2020), "value"] == 4.2
    assert obs.loc[("forsorjningsstod_andel", "0580", 2021), "flag"] == "saknas"


def test_open_numbers_tables_named_by_the_kpi_id_import(store):
    total = b"geo,year,n31807\n0,2020,4.2\n0580,2020,4.2\n0580,2021,4.1\n"
    batch = parse(total, "ddf--datapoints--n31807--by--geo--year.csv", reference(store))
    obs = batch.observations.set_index(["indicator_id", "area_code", "year", "sex"])["value"].to_dict()
    assert obs == {("forsorjningsstod_andel", "00", 2020, "totalt"): 4.2,
                   ("forsorjningsstod_andel", "0580", 2020, "totalt"): 4.2,
                   ("forsorjningsstod_andel", "0580", 2021, "totalt"): 4.1}
    by_sex = b"geo,gender,year,n15505\n0580,k,2021,231.5\n0580,m,2021,209.0\n0,k,2021,236.0\n"
    batch = parse(by_sex, "ddf--datapoints--n15505--by--geo--gender--year.csv", reference(store))
    obs = batch.observations.set_index(["indicator_id", "area_code", "year", "sex"])["value"].to_dict()
    assert obs == {("kolada_n15505", "0580", 2021, "kvinnor"): 231.5, ("kolada_n15505", "0580", 2021, "män"): 209.0,
                   ("kolada_n15505", "00", 2021, "kvinnor"): 236.0}
