"""Column-wise validation and parsing (issue 6): many bad rows, each reported where it is.

validate_batch and the loaders check whole columns at once and only word messages for the
rows that fail; these tests pin that the messages, their locations and their order are
what a row-by-row walk gives, and that the problem list still stops at MAX_PROBLEMS.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.spreadsheets import csv_bytes, xlsx_bytes
from loaders.errors import MAX_PROBLEMS, ImportFailed
from loaders.importer import parse
from loaders.model import INDICATOR_COLUMNS, Batch, observations_frame
from loaders.validate import validate_batch
from loaders.values import BadCell, CellError, map_cells, parse_value, parse_values, parse_year

AREAS = ["0580", "BERGA", "RYD"]  # codes in data/omraden.csv


def _obs(rows: list[tuple[str, float | None]], sheet: str | None = "Data") -> pd.DataFrame:
    """One observation per (indicator, value), each on its own key (area, year, kön)."""
    return observations_frame([
        dict(indicator_id=indicator, area_code=f"X{i // 180}", year=1960 + i % 60, sex=("totalt", "kvinnor",
             "män")[i // 60 % 3], value=value, flag=None if value is not None else "saknas",
             source_sheet=sheet, source_row=i + 2, source_column="E")
        for i, (indicator, value) in enumerate(rows)])


def _problems(batch: Batch, ref) -> list[tuple[str, str | None, int | None, str | None]]:
    with pytest.raises(ImportFailed) as err:
        validate_batch(batch, ref)
    return [(p.message, p.sheet, p.row, p.column) for p in err.value.problems]


def test_many_bad_rows_are_reported_in_row_order_with_their_location(ref):
    # 'valdeltagande' is a share (%), 'meritvarde_ak9' is not; 6 000 rows, every 97th bad
    rows: list[tuple[str, float | None]] = []
    expected = []
    for i in range(6_000):
        kind = i % 97 == 5 and ("unknown", "negative", "share", "negative share")[i // 97 % 4]
        if kind == "unknown":
            rows.append(("ingen_sadan", 12.0))
            expected.append(("okänd indikator «ingen_sadan».", "Data", i + 2, None))
        elif kind == "negative":
            rows.append(("meritvarde_ak9", -3.5))
            expected.append((("värdet -3.5 är negativt; Meritvärde åk 9 kan inte vara negativ (bara nettotal "
                             "och förändringar kan det)."), "Data", i + 2, "E"))
        elif kind == "share":
            rows.append(("valdeltagande", 100.25))
            expected.append(("andelen 100.25 % är större än 100 %.", "Data", i + 2, "E"))
        elif kind == "negative share":  # negative wins: one message per row
            rows.append(("valdeltagande", -1.0))
            expected.append((("värdet -1 är negativt; Valdeltagande i kommunvalet kan inte vara "
                             "negativ (bara nettotal och förändringar kan det)."), "Data", i + 2, "E"))
        else:
            rows.append(("valdeltagande" if i % 2 else "meritvarde_ak9", [None, 100.0, 0.0, 250.0][i % 4]
                         if i % 2 == 0 else [None, 100.0, 0.0, 99.9][i % 4]))
    assert len(expected) == 62
    batch = Batch("mall", "många.xlsx", "x", False, observations=_obs(rows))
    assert _problems(batch, ref) == expected[:MAX_PROBLEMS]


def test_unknown_indicator_is_reported_even_without_a_value_and_new_ones_are_known(ref):
    new = pd.DataFrame([dict(indicator_id="ny_andel", name="Ny andel", unit="% av invånarna")],
                       columns=INDICATOR_COLUMNS)
    obs = _obs([("okand", None), ("ny_andel", 101.0), ("ny_andel", 100.0)], sheet=None)
    batch = Batch("mall", "ny.csv", "x", False, observations=obs, indicators=new)
    assert _problems(batch, ref) == [("okänd indikator «okand».", None, 2, None),
                                     ("andelen 101 % är större än 100 %.", None, 3, "E")]


def test_duplicate_keys_come_after_row_problems_first_ten_groups_in_order(ref):
    obs = _obs([("meritvarde_ak9", 200.0)] * 3)
    obs["year"], obs["area_code"] = 2020, "BERGA"
    extra = [dict(indicator_id="meritvarde_ak9", area_code=AREAS[g % 3], year=2000 + g, sex="totalt",
                  value=210.0, source_sheet="Data", source_row=10 + 2 * g + k, source_column="E")
             for g in range(12) for k in range(2)]
    obs = pd.concat([obs, observations_frame(extra)], ignore_index=True)
    obs.loc[1, "value"] = -1.0
    problems = _problems(Batch("mall", "dubbel.xlsx", "x", False, observations=obs), ref)
    assert problems[0] == (("värdet -1 är negativt; Meritvärde åk 9 kan inte vara negativ (bara nettotal och "
                           "förändringar kan det)."), "Data", 3, "E")
    assert problems[1] == (("samma indikator, område, år och kön förekommer flera gånger (rader 2, 3, 4): "
                           "BERGA 2020 totalt."), "Data", 4, None)
    assert problems[2] == (("samma indikator, område, år och kön förekommer flera gånger (rader 10, 11): "
                           "0580 2000 totalt."), "Data", 11, None)
    assert len(problems) == 1 + 10  # groups after the tenth are not listed


def test_a_clean_batch_of_many_rows_passes(ref):
    obs = _obs([("valdeltagande", float(i % 101)) for i in range(9_000)])
    validate_batch(Batch("mall", "ok.xlsx", "x", False, observations=obs), ref)


# ------------------------------------------------------------------ parsing by distinct cell

def test_map_cells_keeps_equal_cells_of_different_types_apart():
    cells = [1, 1.0, True, "1", None, 2021.0, 2021, "2021", BadCell("#N/A")]
    results, errors = map_cells(str, cells)
    assert results == ["1", "1.0", "True", "1", "None", "2021.0", "2021", "2021", "#N/A"]
    assert errors == {}
    years, errors = map_cells(parse_year, [2021.0, True, 2021, "x", 2021.0, "x"])
    assert years == [2021, None, 2021, None, 2021, None]
    assert sorted(errors) == [1, 3, 5] and all(isinstance(e, CellError) for e in errors.values())
    assert str(errors[3]) == str(errors[5]) == "«x» är inte ett årtal (skriv fyra siffror, t.ex. 2021)"


def test_parse_values_is_parse_value_cell_by_cell():
    cells = [1.5, -0.0, 0.0, 0, False, "..", ".", "…", "-", "x", "~5", "1 234,5", "12,5 %", None, "",
             float("nan"), float("inf"), BadCell("#DIV/0!"), BadCell("formel utan beräknat värde"),
             "abc", 7, "−3", 1.5, "..", -0.0]
    for dash in (False, True):
        column = parse_values(cells, dash_means_zero=dash)
        for i, cell in enumerate(cells):
            try:
                parsed = parse_value(cell, dash_means_zero=dash)
            except CellError as exc:
                assert str(column.errors[i]) == str(exc)
                assert column.values[i] is None and column.flags[i] is None
                continue
            assert i not in column.errors
            assert column.flags[i] == parsed.flag
            if parsed.value is None:
                assert column.values[i] is None
            else:
                assert column.values[i] == parsed.value
                assert math.copysign(1, column.values[i]) == math.copysign(1, parsed.value)


def test_zero_keeps_its_sign_when_cells_are_parsed_once_per_distinct_value():
    column = parse_values([0.0, -0.0, 0.0, -0.0, 2.5])
    assert [math.copysign(1, v) for v in column.values] == [1, -1, 1, -1, 1]
    texts, _ = map_cells(str, [0.0, -0.0])
    assert texts == ["0.0", "-0.0"]


def test_mall_with_many_bad_rows_reports_the_first_fifty_in_row_order(ref):
    header = ["Indikator", "Område", "År", "Kön", "Värde"]
    rows, expected = [header], []
    for i in range(400):
        r = len(rows) + 1
        problem = i % 7
        if problem == 1:
            rows.append(["Valdeltagande i kommunvalet", "Bergaa", 2000 + i % 25, "Totalt", 50])
            expected.append((r, "Område", "området «Bergaa» finns inte i områdeslistan."))
        elif problem == 3:
            rows.append(["Valdeltagande i kommunvalet", "Ryd", "20x1", "Totalt", 50])
            expected.append((r, "År", "«20x1» är inte ett årtal"))
        elif problem == 5:
            rows.append(["Valdeltagande i kommunvalet", "Ryd", 2000 + i % 25, "Båda", "cirka 5"])
            expected.append((r, "Kön", "«Båda» är inget kön"))  # kön is checked before the value
        elif problem == 6:
            rows.append(["Valdeltagande i kommunvalet", "Berga", 2000 + i % 25, "Män", "cirka 5"])
            expected.append((r, "Värde", "«cirka 5» är inte ett tal"))
        else:
            rows.append(["Valdeltagande i kommunvalet", "Berga", 1960 + i % 60, "Totalt", 50])
    with pytest.raises(ImportFailed) as err:
        parse(xlsx_bytes({"Data": rows}), "många_fel.xlsx", ref)
    problems = err.value.problems
    assert len(problems) == MAX_PROBLEMS
    for problem, (row, column, text) in zip(problems, expected):
        assert (problem.sheet, problem.row, problem.column) == ("Data", row, column)
        assert problem.message.startswith(text), problem.message


def test_wide_layout_errors_in_row_then_column_order(ref):
    rows = [["Andel (%)"], ["Område", 2020, "2021*", 2022],
            ["Berga", 5.0, 6.0, "x y"], ["Okänt område", 1, 2, 3], ["Ryd", "?", 4.0, "..."]]
    with pytest.raises(ImportFailed) as err:
        parse(csv_bytes(rows), "bred.csv", ref, "forsorjningsstod")
    expected = [(2, "C", "rubriken ska vara ett år: «2021*» är inte ett årtal"),
                (3, "2022 (D)", "«x y» är inte ett tal"),
                (4, "A", "området «Okänt område» finns inte i områdeslistan."),
                (5, "2020 (B)", "«?» är inte ett tal"),
                (5, "2022 (D)", "«...» är inte ett tal")]
    problems = err.value.problems
    assert [(p.row, p.column) for p in problems] == [(row, column) for row, column, _ in expected]
    for problem, (_, _, text) in zip(problems, expected):
        assert problem.message.startswith(text), problem.message


def test_many_warnings_never_push_a_later_error_out(ref):
    """51 new indicators give 51 warnings first; the bad row after them must still block the
    import (it used to be dropped from a shared 50-item list, and the row silently skipped)."""
    header = ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa"]
    rows = [header] + [[f"Ny indikator {i}", "Berga", 2022, "Totalt", 5, "%", "Kommunen"]
                       for i in range(51)]
    rows.append(["Valdeltagande i kommunvalet", "Okänt ställe", 2022, "Totalt", "mycket"])
    with pytest.raises(ImportFailed) as err:
        parse(xlsx_bytes({"Data": rows}), "manga_nya.xlsx", ref)
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Data", 53, "Område")
    assert "«Okänt ställe» finns inte" in problem.message


def test_the_summary_counts_every_error_beyond_the_kept_fifty(ref):
    header = ["Indikator", "Område", "År", "Kön", "Värde"]
    rows = [header] + [["Valdeltagande i kommunvalet", "Berga", "x", "Totalt", 5] for _ in range(120)]
    with pytest.raises(ImportFailed) as err:
        parse(xlsx_bytes({"Data": rows}), "fel.xlsx", ref)
    assert len(err.value.problems) == MAX_PROBLEMS
    assert err.value.total == 120
    assert str(err.value).endswith("(och 119 fel till)")
