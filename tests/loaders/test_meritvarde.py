from pathlib import Path

import pandas as pd
import pytest

from tests.spreadsheets import csv_bytes, xlsx_bytes
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.store import set_mappings
from loaders.values import PARTIAL, SUPPRESSED

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "skolverket"

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


def shown(store, indicator="meritvarde_ak9", year=None):
    """What the app shows for an indicator: district values follow from the schools."""
    frame = store.execute("SELECT * FROM v_observations WHERE indicator_id = ?", [indicator]).df()
    return frame if year is None else frame[frame["year"] == year]


def test_schools_aggregate_to_district_weighted_by_pupils(store):
    import_bytes(store, csv_bytes(export([BERGA_1, BERGA_2, KOMMUN])), "merit.csv")
    obs = shown(store).set_index(["area_code", "sex"])
    assert obs.loc[("0580-BER", "totalt"), "value"] == pytest.approx((40 * 200 + 60 * 220) / 100)
    assert obs.loc[("0580-BER", "totalt"), "denominator"] == 100
    assert pd.isna(obs.loc[("0580-BER", "totalt"), "flag"])
    # Flickor: school 2 suppressed -> mean of school 1 only, flagged as partial, not zero
    assert obs.loc[("0580-BER", "kvinnor"), "value"] == 210.0
    assert obs.loc[("0580-BER", "kvinnor"), "flag"] == PARTIAL
    assert obs.loc[("0580", "totalt"), "value"] == 229.4
    assert obs.loc[("0580", "totalt"), "denominator"] == 2310
    assert set(shown(store)["year"]) == {2023}
    # each school is kept as it was published, with its pupils as the weight
    assert obs.loc[("skola:90000012", "kvinnor"), "flag"] == SUPPRESSED
    assert obs.loc[("skola:90000012", "totalt"), "denominator"] == 60




def test_all_schools_suppressed_gives_a_suppressed_district(store):
    row = ["Exempelskola Berga 1", "90000011", "Linköping", "8", "..", "4", "..", "4", ".."]
    import_bytes(store, csv_bytes(export([row])), "merit.csv")
    obs = shown(store)
    assert obs["value"].isna().all() and set(obs["flag"]) == {SUPPRESSED}


def test_verbatim_repeated_row_counts_once_with_a_warning(store):
    _, warnings = import_bytes(store, csv_bytes(export([BERGA_1, BERGA_1, BERGA_2])), "merit.csv")
    assert any("upprepar rad 7" in str(w) for w in warnings)
    berga = shown(store).set_index(["area_code", "sex"]).loc[("0580-BER", "totalt")]
    assert berga["denominator"] == 100


def test_conflicting_repeated_school_is_an_error(ref):
    other = BERGA_1[:4] + ["199,0"] + BERGA_1[5:]
    with pytest.raises(ImportFailed, match="rad 8.*finns redan på rad 7 med andra värden"):
        parse(csv_bytes(export([BERGA_1, other])), "merit.csv", ref)


def test_a_school_no_district_claims_is_kept_and_counts_once_mapped(store):
    row = ["Ny skola", "12345678"] + BERGA_1[2:]
    summary, _ = import_bytes(store, csv_bytes(export([row])), "merit.csv")
    assert any("hör ännu inte till någon stadsdel" in n and "Ny skola" in n for n in summary.notes)
    obs = shown(store).set_index(["area_code", "sex"])
    assert obs.loc[("skola:12345678", "totalt"), "value"] == 200.0
    assert "0580-LAM" not in set(obs.index.get_level_values(0))
    set_mappings(store, {"skola:12345678": "0580-LAM"}, who="test")  # an editor assigns it
    obs = shown(store).set_index(["area_code", "sex"])
    assert obs.loc[("0580-LAM", "totalt"), "value"] == 200.0


def test_school_without_code_or_known_name_is_named(ref):
    row = ["Okänd skola", ""] + BERGA_1[2:]
    with pytest.raises(ImportFailed, match=r"rad 7, kolumn «Skola».*«Okänd skola» har ingen skolenhetskod"):
        parse(csv_bytes(export([row])), "merit.csv", ref)


def test_xlsx_export_reads_the_same(ref):
    from_csv = parse(csv_bytes(export([BERGA_1, BERGA_2])), "m.csv", ref).observations
    from_xlsx = parse(xlsx_bytes({"Meritvärde": export([BERGA_1, BERGA_2])}), "m.xlsx", ref).observations
    assert from_csv["value"].equals(from_xlsx["value"])  # NaN (a suppressed school) equals NaN here
    assert from_csv["flag"].fillna("").tolist() == from_xlsx["flag"].fillna("").tolist()


def test_merit_out_of_range_is_refused(ref):
    row = BERGA_1[:4] + ["400,0"] + BERGA_1[5:]
    with pytest.raises(ImportFailed, match="rad 7.*meritvärdet 400,0 ligger utanför 0–340"):
        parse(csv_bytes(export([row])), "merit.csv", ref)


def test_missing_school_year_is_refused(ref):
    rows = [["Slutbetyg"], GROUPS, COLUMNS, BERGA_1]
    with pytest.raises(ImportFailed, match="hittar inte läsåret"):
        parse(csv_bytes(rows), "merit.csv", ref)


def test_skolverkets_national_per_school_export_as_published(store):
    """Skolverket's «Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet» (excerpt, see
    tests/fixtures/README.md): preamble, Skol-enhetskod and Kommun-kod, other kommuner, and a
    block of definitions after the data."""
    data = (REAL / "slutbetyg_ak9_samtliga_2025_skolenhet.csv").read_bytes()
    summary, _ = import_bytes(store, data, "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet.csv")
    assert any("30 skolor i" in n and "andra kommuner hoppades över" in n for n in summary.notes)
    obs = shown(store, year=2025).set_index("area_code")
    schools = obs[obs.index.str.startswith("skola:")]
    assert len(schools) == 25  # Linköping's 25 schools, nothing from the definitions block
    assert obs.loc["skola:40898556", "value"] == 271.6 and obs.loc["skola:40898556", "denominator"] == 32
    assert obs.loc["skola:26255239", "value"] == 232.0  # written «232» after an Excel round trip
    assert obs.loc["skola:16928929", "flag"] == SUPPRESSED and pd.isna(obs.loc["skola:16928929", "value"])
    yrke = shown(store, "behorighet_yrkesprogram_andel", 2025).set_index("area_code")
    assert yrke.loc["skola:40898556", "value"] == 100.0 and yrke.loc["skola:40898556", "flag"] == "ungefärligt"
    assert yrke.loc["skola:65857121", "value"] == 88.0


def test_two_row_header_with_the_measure_over_kon(store):
    rows = [["Slutbetyg årskurs 9"], ["Läsår 2023/24"], [],
            ["", "", "", "Antal elever", "Antal elever", "Genomsnittligt meritvärde (17)",
             "Genomsnittligt meritvärde (17)"],
            ["Skola", "Skolenhetskod", "Kommun", "Totalt", "Flickor", "Totalt", "Flickor"],
            ["Exempelskola Berga 1", "90000011", "Linköping", "40", "20", "200,0", "210,0"]]
    import_bytes(store, csv_bytes(rows), "merit.csv")
    obs = shown(store).set_index(["area_code", "sex"])
    assert obs.loc[("skola:90000011", "kvinnor"), "value"] == 210.0
    assert obs.loc[("skola:90000011", "kvinnor"), "denominator"] == 20
    assert obs.loc[("0580-BER", "totalt"), "value"] == 200.0
