import pandas as pd
import pytest

from tests.spreadsheets import csv_bytes
from loaders.errors import ImportFailed
from loaders.importer import parse
from loaders.values import SUPPRESSED, ZERO_BY_SOURCE


def test_current_layout_with_title_and_header(ref):
    rows = [["Anmälda våldsbrott 2023"], ["Kommun", "Antal", "Per 100 000 inv."],
            ["Linköpings kommun", "1 646", "991"], ["Skäggetorp", "250", ""], ["Berga", "-", ""],
            ["Ryd", "..", ""], ["Hela landet", "104 018", "986"]]
    obs = parse(csv_bytes(rows), "brott.csv", ref).observations.set_index(["indicator_id", "area_code"])
    assert obs.loc[("valdsbrott_antal", "0580"), "value"] == 1646
    assert obs.loc[("valdsbrott_per_1000", "0580"), "value"] == pytest.approx(9.91)
    pop = ref.population.set_index(["area_code", "year"])["population"][("0580-SKA", 2023)]
    rate = obs.loc[("valdsbrott_per_1000", "0580-SKA")]
    assert rate["value"] == pytest.approx(250 / pop * 1000)
    assert rate["numerator"] == 250 and rate["denominator"] == pop
    assert obs.loc[("valdsbrott_antal", "0580-BER"), "value"] == 0
    assert obs.loc[("valdsbrott_antal", "0580-BER"), "flag"] == ZERO_BY_SOURCE
    assert pd.isna(obs.loc[("valdsbrott_per_1000", "0580-RYD"), "value"])
    assert obs.loc[("valdsbrott_per_1000", "0580-RYD"), "flag"] == SUPPRESSED
    assert set(obs["year"]) == {2023}


def test_old_headerless_layout_with_genitive_names(ref):
    rows = [["Linköpings", "1 512", "961"], ["Hela landet", "98 000", "951"]]
    obs = parse(csv_bytes(rows), "exempel_valdsbrott_2021.csv", ref, kind="brottsstatistik").observations
    assert set(obs["area_code"]) == {"0580", "00"}
    assert set(obs["year"]) == {2021}
    assert set(obs["indicator_id"]) == {"valdsbrott_antal", "valdsbrott_per_1000"}


def test_all_offences_when_the_title_does_not_say_violence(ref):
    rows = [["Anmälda brott 2022"], ["Kommun", "Antal", "Per 100 000 inv."], ["Linköping", "20 000", "12 100"]]
    obs = parse(csv_bytes(rows), "brott.csv", ref).observations
    assert set(obs["indicator_id"]) == {"anmalda_brott_antal", "anmalda_brott_per_1000"}


def test_negative_count_is_refused(ref):
    rows = [["Anmälda våldsbrott 2023"], ["Kommun", "Antal", "Per 100 000 inv."], ["Berga", "-5", ""]]
    with pytest.raises(ImportFailed, match="rad 3, kolumn «Antal».*negativt"):
        parse(csv_bytes(rows), "brott.csv", ref)


def test_year_must_be_findable(ref):
    rows = [["Kommun", "Antal", "Per 100 000 inv."], ["Berga", "5", ""]]
    with pytest.raises(ImportFailed, match="hittar inte vilket år"):
        parse(csv_bytes(rows), "brott.csv", ref)
