import datetime as dt

import pytest

from loaders.values import APPROXIMATE, MISSING, SUPPRESSED, ZERO_BY_SOURCE, CellError, \
    parse_school_year, parse_sex, parse_value, parse_year


@pytest.mark.parametrize("cell, value, flag", [
    ("18,9", 18.9, None),
    ("1\u00a0234,5", 1234.5, None),
    ("104 532", 104532.0, None),
    ("1.234,5", 1234.5, None),
    ("12,5 %", 12.5, None),
    (7, 7.0, None),
    (3.25, 3.25, None),
    ("..", None, SUPPRESSED),
    (".", None, MISSING),
    ("", None, MISSING),
    (None, None, MISSING),
    ("-", None, MISSING),
    ("~100", 100.0, APPROXIMATE),
    ("\u22123,5", -3.5, None),
])
def test_parse_value_reads_swedish_cells(cell, value, flag):
    parsed = parse_value(cell)
    assert parsed.value == value
    assert parsed.flag == flag


def test_dash_is_zero_only_where_the_source_says_so():
    assert parse_value("-", dash_means_zero=True).value == 0.0
    assert parse_value("-", dash_means_zero=True).flag == ZERO_BY_SOURCE
    assert parse_value("-").value is None


@pytest.mark.parametrize("cell", ["abc", "12,3,4", "1O", dt.datetime(2021, 1, 1), True])
def test_parse_value_refuses_text_in_swedish(cell):
    with pytest.raises(CellError, match="tal|datum"):
        parse_value(cell)


@pytest.mark.parametrize("cell, year", [(2021, 2021), (2021.0, 2021), ("2021", 2021)])
def test_parse_year_accepts_years(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell, message", [
    ("2021*", "inte ett årtal"), (dt.datetime(2021, 1, 1), "datum"), ("1850", "utanför"),
    ("3021", "utanför"), ("21", "inte ett årtal")])
def test_parse_year_refuses_non_years(cell, message):
    with pytest.raises(CellError, match=message):
        parse_year(cell)


def test_school_year_is_the_spring_year():
    assert parse_school_year("2023/24") == 2024
    assert parse_school_year("Läsår 2011/2012") == 2012


@pytest.mark.parametrize("cell, sex", [("Totalt", "totalt"), ("Flickor", "kvinnor"), ("M", "män"),
                                       (None, "totalt"), ("Pojkar", "män")])
def test_parse_sex(cell, sex):
    assert parse_sex(cell) == sex


def test_parse_sex_refuses_other_words():
    with pytest.raises(CellError, match="inget kön"):
        parse_sex("Barn")


def test_times_sign_is_a_value_that_cannot_occur_never_a_number():
    from loaders.values import NOT_APPLICABLE, parse_value

    assert parse_value("×") == parse_value("x") and parse_value("×").flag == NOT_APPLICABLE
    assert parse_value("×").value is None


@pytest.mark.parametrize("text", ["2024/26", "läsår 2023/25"])
def test_two_years_that_do_not_follow_each_other_are_no_lasar_in_any_loader(text):
    from loaders.values import CellError, parse_period, parse_school_year

    for parse in (parse_period, parse_school_year):
        with pytest.raises(CellError, match="är inget läsår"):
            parse(text)
