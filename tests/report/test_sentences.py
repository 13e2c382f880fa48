"""Generated sentences say «ökade»/«minskade» only for a certain change; key figures and the
Trender band follow the same rule."""

from __future__ import annotations

import re

import duckdb
import pytest

from dashboard.intervals import interval
from dashboard.sentences import Point, change_sentence, reference_sentence
from dashboard.specs import TrendSpec, decode, encode
from dashboard.store import Store
from dashboard.views import build

JUDGING = re.compile(r"\b(ökade|minskade|ökat|minskat)\b")


def _share(people: int, population: int, year: int) -> Point:
    value = 100 * people / population
    return Point(year, value, interval(value, people, population, "%"))


def _rate(events: int, population: int, year: int) -> Point:
    value = 1000 * events / population
    return Point(year, value, interval(value, events, population, "per 1 000 inv."))


def test_a_change_inside_the_interval_is_never_called_an_increase_or_a_decrease():
    """Every later value that lies inside the earlier year's 95 % interval, for districts of
    2 000, 5 000 and 10 000 inhabitants: the sentence says «ingen säker förändring»."""
    checked = 0
    for population in (2000, 5000, 10000):
        before = _share(round(0.162 * population), population, 2019)
        for people in range(round(0.10 * population), round(0.25 * population)):
            after = _share(people, population, 2023)
            if not before.interval.contains(after.value):
                continue
            sentence = change_sentence("Skäggetorp", before, after, unit="%", decimals=1, direction="lägre")
            assert not JUDGING.search(sentence), sentence
            assert "ingen säker förändring" in sentence
            checked += 1
        rate_before = _rate(round(0.020 * population), population, 2019)
        for events in range(1, round(0.04 * population)):
            after = _rate(events, population, 2023)
            if rate_before.interval.contains(after.value):
                sentence = change_sentence("Skäggetorp", rate_before, after, unit="per 1 000 inv.", decimals=1)
                assert not JUDGING.search(sentence) and "ingen säker förändring" in sentence, sentence
                checked += 1
    assert checked > 300


def test_a_change_well_outside_the_interval_is_called_so():
    before = _share(810, 5000, 2019)                               # 16,2 %
    down = change_sentence("Skäggetorp", before, _share(500, 5000, 2023), unit="%", decimals=1, direction="lägre")
    assert down == ("I Skäggetorp minskade andelen från 16,2\u00a0% 2019 till 10,0\u00a0% 2023 – en säker "
                    "förbättring (de två årens 95-procentiga intervall överlappar inte).")
    up = change_sentence("Skäggetorp", before, _share(1100, 5000, 2023), unit="%", decimals=1, direction="lägre")
    assert up.startswith("I Skäggetorp ökade andelen från 16,2\u00a0% 2019 till 22,0\u00a0% 2023 – en säker försämring")
    rate = change_sentence("Skäggetorp", _rate(259, 9483, 2021), _rate(184, 9572, 2023), unit="per 1 000 inv.",
                           decimals=1, direction="lägre")
    assert rate.startswith("I Skäggetorp minskade antalet från 27,3\u00a0per 1 000 inv. 2021 till 19,2")


def test_without_counts_the_change_is_described_not_judged():
    """The issue's example: 16,2 % in 2023, 2,7 percentage points lower than 2019."""
    sentence = change_sentence("Skäggetorp", Point(2019, 18.9), Point(2023, 16.2), unit="%", decimals=1,
                               direction="lägre")
    assert sentence == "I Skäggetorp var andelen 16,2\u00a0% 2023, 2,7\u00a0procentenheter lägre än 2019."
    assert not JUDGING.search(sentence) and "säker" not in sentence
    assert reference_sentence(2023, [("kommunen", 3.0), ("jämförelsegruppen", None), ("riket", 3.6)], unit="%",
                              decimals=1) == "Kommunen låg på 3,0\u00a0% och riket på 3,6\u00a0% 2023."
    assert change_sentence("Berga", Point(2019, 117), Point(2021, 130), unit="antal brott", decimals=0) == \
        "I Berga var antalet 130\u00a0brott 2021, 13\u00a0brott fler än 2019."
    assert change_sentence("Ryd", None, None, unit="%", decimals=1) == "För Ryd finns inget värde."
    assert change_sentence("Ryd", None, Point(2018, 64.4), unit="%", decimals=1) == "I Ryd var andelen 64,4\u00a0% 2018."


# ----------------------------------------------------------------------------- key figures and the band

@pytest.fixture(scope="module")
def store(built_store_path):
    con = duckdb.connect(str(built_store_path), read_only=True)
    yield Store(con)
    con.close()


def _lines(view, name: str) -> tuple[str, ...]:
    return next(k for k in view.key_figures if k.heading.startswith(name)).lines


def test_key_figure_arrows_follow_the_intervals(store):
    view = build(TrendSpec("valdsbrott_per_1000", years=(2021, 2023)), store)
    assert _lines(view, "Skäggetorp")[0] == "−8,1\u00a0per 1 000 inv. sedan 2021 – bättre"   # 259 -> 184 events
    assert _lines(view, "Berga")[0].endswith("sedan 2021 – ingen säker förändring")
    assert _lines(view, "Ryd")[1] == "3,9\u00a0per 1 000 inv. högre än kommunen – sämre"
    wide = build(TrendSpec("valdsbrott_per_1000"), store)
    assert _lines(wide, "Ryd")[1] == "1,6\u00a0per 1 000 inv. högre än kommunen – ingen säker skillnad"
    # without counts the direction verdict stays what it was
    assert _lines(build(TrendSpec("forsorjningsstod_andel"), store), "Skäggetorp")[0].endswith("sedan 2012 – bättre")


def test_trender_band_is_off_by_default_and_drawn_with_its_method_when_on(store):
    plain = build(TrendSpec("valdsbrott_per_1000"), store)
    assert not any(t.fill for t in plain.figure.data)
    banded = build(TrendSpec("valdsbrott_per_1000", band=True), store)
    fills = [t for t in banded.figure.data if t.fill == "toself"]
    assert len(fills) == 5  # three districts, the kommun and riket; the group's mean has no counts
    assert any(t.name == "95 % osäkerhetsintervall" and t.showlegend is not False for t in banded.figure.data)
    note = banded.charts[0].notes[-1]
    assert "Poissonintervall" in note and "överlappar" in note
    hover = next(t for t in banded.figure.data if t.name == "Skäggetorp").customdata[0][1]
    assert hover == "21,2\u00a0per 1 000 inv. (95 % intervall 18,3–24,4\u00a0per 1 000 inv.)"  # 194 events, 2012
    no_counts = build(TrendSpec("forsorjningsstod_andel", band=True), store)
    assert not any(t.fill for t in no_counts.figure.data)
    assert "databasen har inte antalen" in no_counts.messages[0].text


def test_band_in_links_and_slides_keeps_old_ones_working():
    spec = TrendSpec("valdsbrott_per_1000", band=True)
    assert spec.to_params() == {"indikator": "valdsbrott_per_1000", "intervall": "1"}
    assert TrendSpec.from_params({"indikator": "valdsbrott_per_1000", "intervall": "true"}) == spec
    assert TrendSpec.from_params({"indikator": "valdsbrott_per_1000"}).band is False
    assert decode(encode([spec])) == [spec]
    old = decode(encode([TrendSpec("valdsbrott_per_1000")]))
    assert old[0].band is False and "intervall" not in TrendSpec("x").to_params()
