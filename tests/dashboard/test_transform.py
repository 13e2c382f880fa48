"""Data-to-data functions, on the store built from the bundled data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import comparisons
from dashboard import measures as ms
from dashboard import series as series_
from dashboard.store import Store
from dashboard.views.overview import missing_for_district, overview_cards
from dashboard.views.ranking import ranking_rows, reference_values

SKA, BER, RYD, TKT, KOMMUN, RIKET = "0580-SKA", "0580-BER", "0580-RYD", "0580-TKT", "0580", "00"


# ----------------------------------------------------------------------------- words

@pytest.mark.parametrize(("value", "ref", "direction", "text", "verdict"), [
    (18.0, 3.1, "lägre", "14,9\u00a0procentenheter högre än kommunen – sämre", "sämre"),
    (2.0, 3.1, "lägre", "1,1\u00a0procentenheter lägre än kommunen – bättre", "bättre"),
    (80.0, 70.0, "högre", "10,0\u00a0procentenheter högre än kommunen – bättre", "bättre"),
    (60.0, 70.0, "högre", "10,0\u00a0procentenheter lägre än kommunen – sämre", "sämre"),
    (3.14, 3.06, "lägre", "samma som kommunen", ""),          # equal at the indicator's precision
    (12.25, 12.3, "lägre", "samma som kommunen", ""),         # both shown as 12,3 (a half away from zero)
    (12.35, 12.25, "lägre", "0,1\u00a0procentenheter högre än kommunen – sämre", "sämre"),  # 12,4 against 12,3
    (5.0, 3.0, "neutral", "2,0\u00a0procentenheter högre än kommunen", ""),
])
def test_compare_says_the_distance_in_words_that_know_the_direction(value, ref, direction, text, verdict):
    result = comparisons.compare(value, ref, direction=direction, decimals=1, unit="%", reference_name="kommunen")
    assert result.text == text
    assert result.verdict == verdict


def test_counts_are_not_compared_with_larger_areas():
    result = comparisons.compare(567, 2487, direction="lägre", decimals=0, unit="antal hushåll",
                               reference_name="kommunen")
    assert result.verdict == "" and "jämförs inte" in result.text


def test_missing_reference_is_said_not_guessed():
    result = comparisons.compare(18.0, None, direction="lägre", decimals=1, unit="%", reference_name="riket")
    assert result.text == "uppgift saknas för riket" and result.difference is None


def test_change_since_first_year():
    change = comparisons.change_since(24.7, 18.0, first_year=2012, last_year=2024, direction="lägre",
                                    decimals=1, unit="%")
    assert change.text == "\u22126,7\u00a0procentenheter sedan 2012"
    assert change.verdict == "bättre" and change.words == "minskat sedan 2012 – bättre"


def test_overview_cards_for_skaggetorp(con):
    cards = overview_cards(Store(con).overview(SKA), Store(con).profile(SKA), district_code=SKA)
    bistand = cards.set_index("indicator_id").loc["forsorjningsstod_andel"]
    assert bistand["value_text"] == "18,0\u00a0%"
    assert bistand["vs_kommun"].endswith("högre än kommunen – sämre")
    assert bistand["change_verdict"] == "bättre"             # 24,7 % (2012) -> 18,0 % (2024)
    assert bistand["delta_arrow"] == "down" and bistand["delta_colour"] == "blue"
    merit = cards.set_index("indicator_id").loc["meritvarde_ak9"]
    assert merit["vs_kommun"].endswith("lägre än kommunen – sämre")  # higher is better
    assert len(merit["sparkline"]) == 13
    households = cards.set_index("indicator_id").loc["forsorjningsstod_hushall"]
    assert "jämförs inte" in households["vs_kommun"]


def test_overview_differs_between_districts(con):
    ska = overview_cards(Store(con).overview(SKA)).set_index("indicator_id")
    ryd = overview_cards(Store(con).overview(RYD)).set_index("indicator_id")
    assert ska.loc["forsorjningsstod_andel", "value_text"] != ryd.loc["forsorjningsstod_andel", "value_text"]


def test_indicators_without_district_values_are_named(con):
    missing = missing_for_district(Store(con).indicators(), Store(con).overview(SKA))
    assert set(missing) == {"Delaktighetsindex", "Godkända i SFI"}


# ----------------------------------------------------------------------------- trends

def _obs(con, indicator="forsorjningsstod_andel", areas=(BER, TKT, KOMMUN, RIKET), sexes=("kvinnor",)):
    return Store(con).observations(indicator, list(areas), 2012, 2024, list(sexes))


def test_suppressed_values_are_gaps_never_zero(con):
    series = series_.trend_series(_obs(con), view="values")
    tkt = series[(series["area_code"] == TKT)].set_index("year")
    assert math.isnan(tkt.at[2013, "y"]) and tkt.at[2013, "flag"] == "prickad"
    assert (series["y"].dropna() > 0).all()
    gaps = series_.gap_points(series)
    assert set(zip(gaps["area_code"], gaps["year"], strict=True)) == {(TKT, 2013), (TKT, 2016)}
    notes = series_.flag_notes(series)
    assert notes == [("Lucka i linjen – prickat – för få personer för att redovisas (sekretess): "
                     "Tornby-Kallerstad 2013, 2016.")]


def test_partly_suppressed_values_are_kept_and_marked(con):
    obs = Store(con).observations("meritvarde_ak9", [BER, KOMMUN], 2012, 2024, ["kvinnor"])
    series = series_.trend_series(obs, view="values")
    marked = series_.caveat_points(series)
    assert list(marked["year"]) == [2017, 2023]
    assert (marked["y"] > 200).all()
    assert any("delvis prickat" in n for n in series_.flag_notes(series))


def test_gap_view_difference_and_ratio(con):
    obs = _obs(con, sexes=("totalt",), areas=(BER, KOMMUN, RIKET))
    diff = series_.trend_series(obs, view="gap", measure="difference", kommun_code=KOMMUN)
    ratio = series_.trend_series(obs, view="gap", measure="ratio", kommun_code=KOMMUN)
    raw = obs.set_index(["area_code", "year"])["value"]
    d = diff.set_index(["area_code", "year"])["y"]
    r = ratio.set_index(["area_code", "year"])["y"]
    assert d[(BER, 2024)] == pytest.approx(raw[(BER, 2024)] - raw[(KOMMUN, 2024)])
    assert r[(BER, 2024)] == pytest.approx(raw[(BER, 2024)] / raw[(KOMMUN, 2024)])
    assert (d.xs(KOMMUN) == 0).all() and (r.xs(KOMMUN) == 1).all()
    assert "mot kommunen" in diff.set_index(["area_code", "year"]).at[(BER, 2024), "hover"]


def test_index_view_starts_every_series_at_100(con):
    series = series_.trend_series(_obs(con, sexes=("totalt",)), view="index")
    first = series.dropna(subset=["y"]).groupby("area_code").first()
    assert first["y"].tolist() == pytest.approx([100.0] * 4)
    assert set(first["base_year"]) == {2012}


def test_counts_get_no_gap_view_and_no_reference_lines():
    view, why = series_.effective_view("gap", "antal hushåll")
    assert view == "values" and "antal" in why
    refs = {"kommun": KOMMUN, "riket": RIKET}
    assert series_.trend_areas([BER], refs, unit="antal hushåll", view="values") == [BER]
    assert series_.trend_areas([BER], refs, unit="antal hushåll", view="index") == [BER, KOMMUN, RIKET]
    assert series_.trend_areas([BER], refs, unit="%", view="values") == [BER, KOMMUN, RIKET]


def test_y_range_starts_at_zero_for_shares_but_not_for_meritvarde():
    assert series_.y_range([3.1, 24.7])[0] == 0
    assert series_.y_range([180.0, 240.0])[0] > 150


# ----------------------------------------------------------------------------- ranking

def test_ranking_best_first_by_direction_missing_last(con):
    lower_better = ranking_rows(Store(con).ranking("forsorjningsstod_andel", 2024), "lägre")
    values = lower_better["value"].tolist()
    assert values == sorted(values)
    assert lower_better.iloc[0]["rank"] == 1 and lower_better.iloc[0]["label"].startswith("1. ")
    assert set(lower_better["level"]) == {"omrade"}

    higher_better = ranking_rows(Store(con).ranking("meritvarde_ak9", 2024, "kvinnor"), "högre")
    last = higher_better.iloc[-1]
    assert last["area_code"] == TKT and pd.isna(last["rank"]) and last["flag"] == "prickad"
    assert last["label"] == "– Tornby-Kallerstad"
    ranked = higher_better.dropna(subset=["value"])["value"].tolist()
    assert ranked == sorted(ranked, reverse=True)


def test_reference_values_come_from_kommun_and_riket(con):
    refs = reference_values(Store(con).ranking("forsorjningsstod_andel", 2024))
    assert refs["kommun"][0] == "Linköpings kommun" and refs["riket"][0] == "Riket"
    assert refs["kommun"][1] == pytest.approx(3.1)


# ----------------------------------------------------------------------------- measures

def test_status_counts_per_development_area_match_the_2021_follow_up(con):
    counts = ms.status_counts(Store(con).measures(2021), "development_area")
    table = counts.pivot(index="group", columns="status", values="antal")
    expected = {1: (6, 9, 1), 2: (3, 8, 2), 3: (3, 6, 0), 4: (0, 11, 1), 5: (0, 8, 2)}
    for area, (done, ongoing, not_done) in expected.items():
        assert (table.at[area, "genomförd"], table.at[area, "pågår"], table.at[area, "ej genomförd"]) == (
            done, ongoing, not_done)


def test_filters_combine_and_an_empty_filter_means_all(con):
    measures = ms.prepare_measures(Store(con).measures(2021))
    assert len(ms.filter_measures(measures)) == 60
    berga = ms.filter_measures(measures, districts=["Berga"])
    assert len(berga) == 49 and all("Berga" in d for d in berga["district_groups"])
    both = ms.filter_measures(measures, districts=["Berga"], statuses=["genomförd"])
    assert 0 < len(both) < len(berga) and set(both["status"]) == {"genomförd"}
    sof = ms.filter_measures(measures, units=["SOF"])
    assert all("SOF" in u for u in sof["unit_groups"])
    schools = ms.filter_measures(measures, districts=["Mottagande skolor"])
    assert list(schools["area_text"]) == ["Mottagande skolor"]


def test_counts_per_district_count_a_measure_in_every_district_it_names(con):
    measures = Store(con).measures(2021)
    counts = ms.status_counts(measures, "district_groups")
    totals = counts.drop_duplicates("group").set_index("group")["total"]
    assert list(totals.index[:3]) == ["Berga", "Ryd", "Skäggetorp"]
    assert totals.sum() > 60


def test_changes_between_rounds(con2):
    changes, summary = ms.changes_for(Store(con2).measure_changes(2022),
                                      Store(con2).measures(2022)["measure_id"], only_changed=True)
    assert summary == {"Ny status": 3, "Ny i denna omgång": 0, "Oförändrad status": 57}
    assert sorted(changes["measure_id"]) == ["1.2", "2.1", "4.1"]
    row = changes.set_index("measure_id").loc["4.1"]
    assert (row["previous_status"], row["status"]) == ("pågår", "ej genomförd")


def test_changes_are_empty_for_the_first_round(con2):
    changes, summary = ms.changes_for(Store(con2).measure_changes(2021), ["1.1"], only_changed=False)
    assert changes.empty and summary["Ny status"] == 0
