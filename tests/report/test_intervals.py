"""95 % intervals against published values, and the rule for a certain change."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import binomtest, norm

from dashboard.intervals import (POISSON, WILSON, Interval, certain_change, interval, interval_text, method_note,
                                 poisson, poisson_byar, poisson_exact, scale_of, wilson, with_intervals)


@pytest.mark.parametrize(("successes", "trials", "low", "high"), [
    (81, 263, 0.2553, 0.3662),     # the worked example in Newcombe (1998) and statsmodels' docs
    (0, 10, 0.0, 0.2775),          # no events: the lower limit is 0, never negative
    (10, 10, 0.7225, 1.0),         # all: the upper limit is 1, never above
    (1, 10, 0.0179, 0.4042),
    (5, 10, 0.2366, 0.7634),       # symmetric around a half
])
def test_wilson_matches_published_values(successes, trials, low, high):
    got = wilson(successes, trials)
    assert got == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(("count", "low", "high"), [
    # Garwood's exact limits (the tables in Breslow & Day 1987; chi-square quantiles / 2)
    (0, 0.0, 3.6889),
    (1, 0.0253, 5.5716),
    (2, 0.2422, 7.2247),
    (5, 1.6235, 11.6683),
    (10, 4.7954, 18.3904),
    (20, 12.2165, 30.8884),
])
def test_exact_poisson_matches_garwood(count, low, high):
    assert poisson_exact(count) == pytest.approx((low, high), abs=5e-4)
    assert poisson(count) == poisson_exact(count)  # below 50 events the exact limits are used


@pytest.mark.parametrize(("alpha", "low", "high"), [(0.05, 2.6861, 3.3848), (0.01, 2.5874, 3.5027)])
def test_exact_poisson_matches_nags_published_example(alpha, low, high):
    """NAG Library g07abc (nag_poisson_ci), its example program: noxious weed seeds in 98
    subsamples of meadow grass (Snedecor & Cochran 1967, p. 224), frequencies 3, 17, 26, 16,
    18, 9, 3, 5, 0, 1 of 0-9 seeds, so 296 seeds; the published results are the 95 % and 99 %
    limits of the mean per subsample (support.nag.com, g07abce.r / g07abce.d)."""
    seeds = sum(k * f for k, f in enumerate((3, 17, 26, 16, 18, 9, 3, 5, 0, 1, 0)))
    assert seeds == 296
    got = tuple(x / 98 for x in poisson_exact(seeds, alpha))
    assert got == pytest.approx((low, high), abs=5e-5)


def test_no_events_give_the_published_upper_limit():
    # epitools (R) documents pois.exact: «When x = 0 … pois.exact returns 3.689»
    assert poisson_exact(0) == (0.0, pytest.approx(3.689, abs=5e-4))


def test_wilson_matches_a_published_worked_example():
    # Statulator, «Confidence Interval for a Single Proportion», worked example: 12 complications
    # in 150 procedures, Wilson score 95 % interval 0.046-0.135
    assert wilson(12, 150) == pytest.approx((0.046, 0.135), abs=5e-4)


def test_wilson_with_decimals_or_another_level_takes_the_closed_form():
    """Whole counts go to scipy; a denominator with decimals, or another z, takes the same
    formula written out, so the two agree where they meet."""
    assert wilson(81, 263.000001) == pytest.approx(wilson(81, 263), abs=1e-8)
    z99 = float(norm.ppf(0.995))
    made = binomtest(81, 263).proportion_ci(confidence_level=0.99, method="wilson")
    assert wilson(81, 263, z=z99) == pytest.approx((made.low, made.high), abs=1e-12)


@pytest.mark.parametrize("count", [50, 100, 500, 2000])
def test_byar_is_within_a_hundredth_of_a_percent_of_exact_from_50_events(count):
    exact, approx = poisson_exact(count), poisson_byar(count)
    assert approx[0] == pytest.approx(exact[0], rel=1e-4)
    assert approx[1] == pytest.approx(exact[1], rel=1e-4)
    assert poisson(count) == approx


def test_units_choose_the_method():
    assert scale_of("%") == (WILSON, 100.0)
    assert scale_of("per 1 000 inv.") == (POISSON, 1000.0)
    assert scale_of("per 100 000 invånare") == (POISSON, 100000.0)
    assert scale_of("poäng") is None and scale_of("antal hushåll") is None and scale_of("% av maxpoäng") is None


def test_interval_of_a_stored_value():
    share = interval(16.2, 810, 5000, "%")
    assert share.method == WILSON and share.contains(16.2)
    assert (share.low, share.high) == pytest.approx(tuple(100 * x for x in wilson(810, 5000)))
    rate = interval(16.066838, 100, 6224, "per 1 000 inv.")  # Berga 2012 in the bundled BRÅ example
    assert rate.method == POISSON
    assert (rate.low, rate.high) == pytest.approx(tuple(1000 * x / 6224 for x in poisson(100)))
    assert interval_text(rate, 1, "per 1 000 inv.") == "13,1–19,5\u00a0per 1 000 inv."


@pytest.mark.parametrize(("value", "numerator", "denominator", "unit"), [
    (16.2, None, 5000, "%"),          # a count missing
    (16.2, 810, float("nan"), "%"),
    (212.5, 40, 120, "poäng"),        # a mean: no interval from these counts
    (25.0, 810, 5000, "%"),           # the counts do not give the value: they mean something else
    (16.2, 810.5, 5000, "%"),         # not a whole number of people
    (3.5, 8.0, 8.0, "%"),             # a comparison group's «8 of 8 kommuner»
])
def test_no_interval_without_counts_that_give_the_value(value, numerator, denominator, unit):
    assert interval(value, numerator, denominator, unit) is None


def test_with_intervals_leaves_the_comparison_group_out():
    obs = pd.DataFrame({"area_code": ["0580-SKA", "grupp:x"], "level": ["omrade", "grupp"], "value": [50.0, 50.0],
                        "numerator": [50.0, 50.0], "denominator": [100.0, 100.0]})
    out = with_intervals(obs, "%")
    assert out["ci_method"].iloc[0] == WILSON and pd.isna(out["ci_method"].iloc[1])
    assert not math.isnan(out["ci_low"].iloc[0]) and math.isnan(out["ci_low"].iloc[1])
    plain = with_intervals(obs.drop(columns=["numerator", "denominator"]), "%")
    assert plain["ci_method"].isna().all()


def test_a_change_is_certain_only_when_the_intervals_do_not_overlap():
    a, b = Interval(10.0, 12.0, WILSON), Interval(11.5, 13.0, WILSON)
    assert certain_change(a, b) is False
    assert certain_change(a, Interval(12.5, 14.0, WILSON)) is True
    assert certain_change(Interval(12.5, 14.0, WILSON), a) is True
    assert certain_change(a, None) is None and certain_change(None, None) is None
    assert "Wilsons intervall" in method_note({WILSON}) and "överlappar" in method_note({WILSON})
    assert method_note(set()) == ""
