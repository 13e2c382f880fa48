import pandas as pd
import pytest

from tests.spreadsheets import csv_bytes, xlsx_bytes
from loaders.errors import ImportFailed
from loaders.importer import parse
from loaders.values import SUPPRESSED

WIDE = {
    "Andel (%)": [
        ["EXEMPELDATA (Indikatorpanelen)"],
        ["Invånare i hushåll med ekonomiskt bistånd, andel (%)"],
        [],
        ["Totalt"],
        ["Område", 2019, 2020, 2021],
        ["Berga", 10.1, 9.8, 9.4],
        ["Linköpings kommun", 3.5, 3.3, 3.2],
        [],
        ["Kvinnor"],
        ["Område", 2019, 2020, 2021],
        ["Berga", 10.5, "..", "9,9"],
    ]
}


def test_wide_layout_with_blocks(ref):
    batch = parse(xlsx_bytes(WIDE), "bistand.xlsx", ref)
    obs = batch.observations
    assert len(obs) == 9
    assert set(obs["indicator_id"]) == {"forsorjningsstod_andel"}
    berga_2021 = obs[(obs.area_code == "0580-BER") & (obs.year == 2021)].set_index("sex")["value"]
    assert berga_2021.to_dict() == {"totalt": 9.4, "kvinnor": 9.9}
    suppressed = obs[obs.flag == SUPPRESSED]
    assert len(suppressed) == 1 and suppressed.iloc[0].year == 2020 and pd.isna(suppressed.iloc[0].value)
    assert suppressed.iloc[0].source_row == 11 and suppressed.iloc[0].source_column == "C"
    assert batch.example  # the generator's marker in a cell of its own




def test_households_are_told_apart_from_shares(ref):
    sheets = {"Blad1": [["Hushåll med ekonomiskt bistånd, antal hushåll"], ["Område", 2020],
                        ["Skäggetorp", 612]]}
    batch = parse(xlsx_bytes(sheets), "hushall.xlsx", ref)
    assert batch.observations.iloc[0].indicator_id == "forsorjningsstod_hushall"
    assert not batch.example


def test_long_layout_csv(ref):
    data = csv_bytes([["Område", "År", "Kön", "Antal hushåll"], ["Ryd", 2021, "Totalt", "1 204"],
                      ["Ryd", 2022, "Totalt", ".."]])
    obs = parse(data, "lang.csv", ref, kind="forsorjningsstod").observations
    assert list(obs["value"].fillna(-1)) == [1204.0, -1]
    assert list(obs["flag"].fillna("")) == ["", "prickad"]


def test_unknown_area_names_place_and_suggestion(ref):
    sheets = {"Andel (%)": [["Andel (%)"], ["Område", 2021], ["Bergaa", 9.4]]}
    with pytest.raises(ImportFailed) as err:
        parse(xlsx_bytes(sheets), "fel.xlsx", ref, kind="forsorjningsstod")
    message = str(err.value)
    assert "filen «fel.xlsx»" in message and "blad «Andel (%)»" in message
    assert "rad 3" in message and "kolumn «A»" in message and "Menade du «Berga»" in message


def test_year_header_with_footnote_mark_is_refused(ref):
    sheets = {"Andel (%)": [["Andel (%)"], ["Område", 2020, "2021*"], ["Berga", 9.4, 9.1]]}
    with pytest.raises(ImportFailed, match=r"rad 2, kolumn «C».*«2021\*» är inte ett årtal"):
        parse(xlsx_bytes(sheets), "fel.xlsx", ref, kind="forsorjningsstod")


def test_unrecognisable_file_asks_for_the_kind(ref):
    sheets = {"Blad1": [["Område", 2021], ["Berga", 9.4]]}
    with pytest.raises(ImportFailed, match="går inte att avgöra vad filen innehåller. Ange typ"):
        parse(xlsx_bytes(sheets), "okand.xlsx", ref)


def test_undetectable_measure_is_refused(ref):
    sheets = {"Blad1": [["Ekonomiskt bistånd"], ["Område", 2021], ["Berga", 9.4]]}
    with pytest.raises(ImportFailed, match="andel invånare .* eller antal hushåll"):
        parse(xlsx_bytes(sheets), "fel.xlsx", ref, kind="forsorjningsstod")
