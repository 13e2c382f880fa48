"""Numbers and words as Swedish readers expect them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.56, 1, f"1{NBSP}234,6"),
    (104018, 0, f"104{NBSP}018"),
    (18.94, 1, "18,9"),
    (-6.7, 1, "\u22126,7"),
    (-0.04, 1, "0,0"),          # no "−0,0"
    (0, 0, "0"),
    (2.5, 2, "2,50"),
])
def test_number_uses_decimal_comma_space_thousands_and_a_real_minus(value, decimals, expected):
    assert fmt.number(value, decimals) == expected



@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (12.25, 1, "12,3"),        # Python's round gives 12.2 (a half to even)
    (2.675, 2, "2,68"),        # the float is 2.67499999…; Excel shows 2,68
    (0.5, 0, "1"),
    (2.5, 0, "3"),
    (-12.25, 1, "\u221212,3"),  # away from zero on both sides
    (-0.05, 1, "\u22120,1"),
    (104017.5, 0, f"104{NBSP}018"),
])
def test_a_half_is_rounded_away_from_zero_as_excel_shows_it(value, decimals, expected):
    assert fmt.number(value, decimals) == expected
    assert fmt.rounded(value, decimals) == float(expected.replace(NBSP, "").replace(",", ".").replace("\u2212", "-"))


def test_rounded_leaves_infinite_values_and_plain_values_alone():
    assert fmt.rounded(float("inf"), 1) == float("inf")
    assert math.isnan(fmt.rounded(float("nan"), 1))
    assert fmt.rounded(18.94, 1) == 18.9
    assert fmt.rounded(0.1 + 0.2, 1) == 0.3
    # a hostile file's 1e300 is shown, not a crash (Decimal's 28 digits cannot hold it to one place)
    assert fmt.rounded(1e300, 1) == 1e300 and fmt.number(-1e30, 1).startswith("\u22121" + NBSP + "000")


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, float("nan")])
def test_missing_numbers_are_a_dash_never_zero(missing):
    assert fmt.number(missing, 1) == "\u2013"
    assert fmt.with_unit(missing, 1, "%") == "\u2013"


def test_signed_numbers_show_plus():
    assert fmt.number(2.1, 1, sign=True) == "+2,1"
    assert fmt.number(-2.1, 1, sign=True) == "\u22122,1"


@pytest.mark.parametrize(("unit", "expected"), [
    ("%", f"18,9{NBSP}%"),
    ("poäng", f"18,9{NBSP}poäng"),
    ("antal hushåll", f"18,9{NBSP}hushåll"),
    ("per 1 000 inv.", f"18,9{NBSP}per 1 000 inv."),
])
def test_units_follow_the_number(unit, expected):
    assert fmt.with_unit(18.94, 1, unit) == expected


def test_changes_of_shares_are_in_percentage_points():
    assert fmt.with_change_unit(-6.7, 1, "%") == f"\u22126,7{NBSP}procentenheter"
    assert fmt.with_change_unit(10.7, 1, "poäng") == f"+10,7{NBSP}poäng"


def test_counts_are_recognised_by_their_unit():
    assert fmt.is_count("antal hushåll") and fmt.is_count("Antal brott")
    assert not fmt.is_count("%") and not fmt.is_count("per 1 000 inv.")


def test_status_is_never_only_a_colour_it_has_a_symbol_and_a_word():
    assert fmt.status_label("genomförd") == "✔ Genomförd"
    assert fmt.status_label("pågår") == "➜ Pågår"
    assert fmt.status_label("ej genomförd") == "✖ Ej genomförd"


def test_axis_titles_carry_the_unit():
    assert fmt.axis_title("%") == "Andel (%)"
    assert fmt.axis_title("per 1 000 inv.") == "Antal per 1 000 inv."
    assert fmt.axis_title("poäng") == "Poäng"


def test_words_and_file_name_pieces():
    assert fmt.join_words(["Berga", "Ryd", "Skäggetorp"]) == "Berga, Ryd och Skäggetorp"
    assert fmt.join_words(["Berga"]) == "Berga"
    assert fmt.slug("Skäggetorp") == "Skaggetorp"
    assert fmt.slug("Anmälda brott / 1 000 inv.") == "Anmalda-brott-1-000-inv"
    assert fmt.year_span(2012, 2024) == "2012\u20132024"
    assert fmt.year_span(2024, 2024) == "2024"


def test_wrap_breaks_long_labels_on_spaces():
    wrapped = fmt.wrap("Utbildning för att barn och vuxna ska nå sin fulla potential", 20)
    assert all(len(line) <= 20 for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ") == "Utbildning för att barn och vuxna ska nå sin fulla potential"


def test_rounded_agrees_with_decimal_half_up_of_the_shortest_decimal():
    """The quick path (``round`` away from a half) must give what the exact way gives."""
    import random
    from decimal import ROUND_HALF_UP, Decimal

    rng = random.Random(26)
    values = ([rng.uniform(-1e6, 1e6) for _ in range(3000)] + [k / 1000 for k in range(-3000, 3000)]
              + [k * 0.05 for k in range(-2000, 2000)] + [k + 0.5 for k in range(-500, 500)]
              + [1e12 + 0.25, 123456789.125, 1.005, 0.125, -2.675])
    for value in values:
        for places in (0, 1, 2):
            exact = float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
            assert fmt.rounded(value, places) == exact, (value, places)
