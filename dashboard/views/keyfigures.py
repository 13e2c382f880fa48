"""Key figures beside a chart: latest value, change over the period, distance to the references.

The same blocks go beside the chart in the slideshow and on the PowerPoint slide, so they
are worded here once, in plain text (the slideshow escapes them when it shows them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .. import formatting as fmt
from ..comparisons import change_since, compare
from .model import KeyFigure

REFERENCE_NAMES = {"kommun": "kommunen", "riket": "riket", "grupp": "jämförelsegruppen"}


def _values_by_area(obs: pd.DataFrame, sex: str) -> dict[str, pd.DataFrame]:
    rows = obs[(obs["sex"] == sex) & obs["value"].notna()]
    return {code: grp.sort_values("year") for code, grp in rows.groupby("area_code", sort=False)}


def _reference_line(by_area: Mapping[str, pd.DataFrame], ref_code: str, ref_name: str, year: int,
                    value: float, meta: Mapping) -> str:
    unit = str(meta["unit"])
    ref = by_area.get(ref_code)
    ref_value = None
    if ref is not None:
        same = ref[ref["year"] == year]
        ref_value = None if same.empty else same["value"].iloc[0]
    if ref_value is None and fmt.is_count(unit):
        return f"antal – jämförs inte med {ref_name}"
    return compare(value, ref_value, direction=str(meta["direction"]), decimals=int(meta["decimals"]),
                   unit=unit, reference_name=ref_name).text


def area_key_figures(obs: pd.DataFrame, meta: Mapping, *, codes: Sequence[str], refs: Mapping[str, str],
                     sex: str, extra: Mapping[str, str] | None = None) -> list[KeyFigure]:
    """Latest value, change since the first year shown, distance to each reference.

    ``obs`` holds the values of the areas and of the references (``Store.observations``),
    ``refs`` maps a reference ('kommun', 'riket', 'grupp') to its code. The latest year is
    the area's last year with a value; the references are compared in that same year.
    """
    decimals, unit, direction = int(meta["decimals"]), str(meta["unit"]), str(meta["direction"])
    by_area = _values_by_area(obs, sex)
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
        lines = [change.text + (f" – {change.verdict}" if change.verdict else "")]
        for level, ref_code in refs.items():
            if ref_code and ref_code != code:
                lines.append(_reference_line(by_area, ref_code, REFERENCE_NAMES.get(level, level), year,
                                             last["value"], meta))
        if extra and code in extra:
            lines.insert(0, extra[code])
        out.append(KeyFigure(f"{fmt.clean_text(last['area_name'])} {year}",
                             fmt.clean_text(fmt.with_unit(last["value"], decimals, unit)), tuple(lines)))
    return out
