"""Key figures beside a chart: latest value, change over the period, distance to the references.

The same blocks go beside the chart in the slideshow and on the PowerPoint slide, so they
are worded here once, in plain text (the slideshow escapes them when it shows them).

The verdicts («bättre», «sämre») follow the rule of the generated sentences
(``dashboard.sentences``): where the store holds the counts behind both values, a change or
a difference is judged only when the two 95 % intervals do not overlap; otherwise the line
says «ingen säker förändring» («ingen säker skillnad» against a reference). Where the counts
are missing, the direction verdict is kept as before: it says which way the figures moved,
and the intervals cannot say more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .. import formatting as fmt
from ..comparisons import Change, change_since, compare
from ..intervals import certain_change, row_interval, with_intervals
from ..sentences import NO_CERTAIN_CHANGE
from .model import KeyFigure

REFERENCE_NAMES = {"kommun": "kommunen", "riket": "riket", "grupp": "jämförelsegruppen"}
NO_CERTAIN_DIFFERENCE = "ingen säker skillnad"


def _values_by_area(obs: pd.DataFrame, sex: str) -> dict[str, pd.DataFrame]:
    rows = obs[(obs["sex"] == sex) & obs["value"].notna()]
    return {code: grp.sort_values("year") for code, grp in rows.groupby("area_code", sort=False)}


def _reference_line(by_area: Mapping[str, pd.DataFrame], ref_code: str, ref_name: str, year: int,
                    last: pd.Series, meta: Mapping) -> str:
    unit = str(meta["unit"])
    ref = by_area.get(ref_code)
    ref_row = None
    if ref is not None:
        same = ref[ref["year"] == year]
        ref_row = None if same.empty else same.iloc[0]
    if ref_row is None and fmt.is_count(unit):
        return f"antal – jämförs inte med {ref_name}"
    result = compare(last["value"], None if ref_row is None else ref_row["value"], direction=str(meta["direction"]),
                     decimals=int(meta["decimals"]), unit=unit, reference_name=ref_name)
    if result.verdict and ref_row is not None and certain_change(row_interval(ref_row), row_interval(last)) is False:
        return f"{result.phrase} – {NO_CERTAIN_DIFFERENCE}"
    return result.text


def _change_verdict(change: Change, first: pd.Series, last: pd.Series) -> str:
    """«bättre»/«sämre» when the change is certain or cannot be tested; «ingen säker
    förändring» when both years' intervals are known and overlap."""
    if not change.difference:
        return change.verdict
    if certain_change(row_interval(first), row_interval(last)) is False:
        return NO_CERTAIN_CHANGE
    return change.verdict


def area_key_figures(obs: pd.DataFrame, meta: Mapping, *, codes: Sequence[str], refs: Mapping[str, str],
                     sex: str, extra: Mapping[str, str] | None = None) -> list[KeyFigure]:
    """Latest value, change since the first year shown, distance to each reference.

    ``obs`` holds the values of the areas and of the references (``Store.observations``),
    ``refs`` maps a reference ('kommun', 'riket', 'grupp') to its code. The latest year is
    the area's last year with a value; the references are compared in that same year.
    """
    decimals, unit, direction = int(meta["decimals"]), str(meta["unit"]), str(meta["direction"])
    by_area = _values_by_area(with_intervals(obs, unit, decimals), sex)
    names = dict(zip(obs["area_code"], obs["area_name"], strict=False))
    out: list[KeyFigure] = []
    for code in codes:
        series = by_area.get(code)
        if series is None or series.empty:
            if code in names:
                out.append(KeyFigure(fmt.clean_text(names[code]), "inget värde i perioden"))
            continue
        last, first = series.iloc[-1], series.iloc[0]
        year = int(last["year"])
        change = change_since(first["value"], last["value"], first_year=int(first["year"]),
                              last_year=year, direction=direction, decimals=decimals, unit=unit)
        judged = _change_verdict(change, first, last)
        lines = [change.text + (f" – {judged}" if judged else "")]
        for level, ref_code in refs.items():
            if ref_code and ref_code != code:
                lines.append(_reference_line(by_area, ref_code, REFERENCE_NAMES.get(level, level), year, last, meta))
        if extra and code in extra:
            lines.insert(0, extra[code])
        out.append(KeyFigure(f"{fmt.clean_text(last['area_name'])} {year}",
                             fmt.clean_text(fmt.with_unit(last["value"], decimals, unit)), tuple(lines)))
    return out
