import pandas as pd
import pytest

from tests.spreadsheets import csv_bytes, xlsx_bytes
from loaders.errors import ImportFailed
from loaders.importer import parse
from loaders.values import PARTIAL, SUPPRESSED

GROUPS = ["", "", "", "Totalt", "", "Flickor", "", "Pojkar", ""]
COLUMNS = ["Skola", "Skolenhetskod", "Kommun", "Antal elever", "Genomsnittligt meritvärde (17)",
           "Antal elever", "Genomsnittligt meritvärde (17)", "Antal elever",
           "Genomsnittligt meritvärde (17)"]


def export(rows, year="2022/23"):
    return [["Slutbetyg årskurs 9"], ["Testfil"], [f"Läsår {year}"], [], GROUPS, COLUMNS, *rows]


# Two schools in Berga (90000011, 90000012) per data/skolor_exempel.csv
BERGA_1 = ["Exempelskola Berga 1", "90000011", "Linköping", "40", "200,0", "20", "210,0", "20", "190,0"]
BERGA_2 = ["Exempelskola Berga 2", "90000012", "Linköping", "60", "220,0", "8", "..", "52", "215,0"]
KOMMUN = ["Linköping (samtliga skolor)", "", "Linköping", "2\u00a0310", "229,4", "1 150", "240,1",
          "1 160", "218,2"]


def test_schools_aggregate_to_district_weighted_by_pupils(ref):
    batch = parse(csv_bytes(export([BERGA_1, BERGA_2, KOMMUN])), "merit.csv", ref)
    obs = batch.observations.set_index(["area_code", "sex"])
    assert obs.loc[("0580-BER", "totalt"), "value"] == pytest.approx((40 * 200 + 60 * 220) / 100)
    assert obs.loc[("0580-BER", "totalt"), "denominator"] == 100
    assert pd.isna(obs.loc[("0580-BER", "totalt"), "flag"])
    # Flickor: school 2 suppressed -> mean of school 1 only, flagged as partial, not zero
    assert obs.loc[("0580-BER", "kvinnor"), "value"] == 210.0
    assert obs.loc[("0580-BER", "kvinnor"), "flag"] == PARTIAL
    assert obs.loc[("0580", "totalt"), "value"] == 229.4
    assert obs.loc[("0580", "totalt"), "denominator"] == 2310
    assert set(batch.observations["year"]) == {2023}




def test_all_schools_suppressed_gives_a_suppressed_district(ref):
    row = ["Exempelskola Berga 1", "90000011", "Linköping", "8", "..", "4", "..", "4", ".."]
    obs = parse(csv_bytes(export([row])), "merit.csv", ref).observations
    assert obs["value"].isna().all() and set(obs["flag"]) == {SUPPRESSED}


def test_verbatim_repeated_row_counts_once_with_a_warning(ref):
    batch = parse(csv_bytes(export([BERGA_1, BERGA_1, BERGA_2])), "merit.csv", ref)
    assert any("upprepar rad 7" in str(w) for w in batch.warnings)
    berga = batch.observations.set_index(["area_code", "sex"]).loc[("0580-BER", "totalt")]
    assert berga["denominator"] == 100


def test_conflicting_repeated_school_is_an_error(ref):
    other = BERGA_1[:4] + ["199,0"] + BERGA_1[5:]
    with pytest.raises(ImportFailed, match="rad 8.*finns redan på rad 7 med andra värden"):
        parse(csv_bytes(export([BERGA_1, other])), "merit.csv", ref)


def test_unknown_school_is_named(ref):
    row = ["Okänd skola", "12345678"] + BERGA_1[2:]
    with pytest.raises(ImportFailed, match=r"rad 7, kolumn «Skola».*«Okänd skola» \(skolenhetskod 12345678\)"):
        parse(csv_bytes(export([row])), "merit.csv", ref)


def test_xlsx_export_reads_the_same(ref):
    from_csv = parse(csv_bytes(export([BERGA_1, BERGA_2])), "m.csv", ref).observations
    from_xlsx = parse(xlsx_bytes({"Meritvärde": export([BERGA_1, BERGA_2])}), "m.xlsx", ref).observations
    assert from_csv["value"].tolist() == from_xlsx["value"].tolist()


def test_merit_out_of_range_is_refused(ref):
    row = BERGA_1[:4] + ["400,0"] + BERGA_1[5:]
    with pytest.raises(ImportFailed, match="rad 7.*meritvärdet 400,0 ligger utanför 0–340"):
        parse(csv_bytes(export([row])), "merit.csv", ref)


def test_missing_school_year_is_refused(ref):
    rows = [["Slutbetyg"], GROUPS, COLUMNS, BERGA_1]
    with pytest.raises(ImportFailed, match="hittar inte läsåret"):
        parse(csv_bytes(rows), "merit.csv", ref)
