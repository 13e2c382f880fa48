"""Generated sentences about an indicator: where a district stands and how it has moved.

«I Skäggetorp var andelen 16,2 % 2023, 2,7 procentenheter lägre än 2019. Kommunen låg på
3,0 % samma år.» The report's nulägesbilder and anything else that words an indicator in
prose use these, so a change is worded the same way everywhere.

A sentence says «ökade» or «minskade» only when the change is certain: the store holds the
counts behind both values and their 95 % intervals do not overlap
(``dashboard.intervals.certain_change``). When the intervals overlap it says «ingen säker
förändring». When the counts are missing it describes the change («2,7 procentenheter
lägre än 2019») without judging it: a difference in the figures is a fact, whether it is
more than chance is not known.

Sentences are plain text (names cleaned of invisible characters); whoever shows them
escapes them for the medium (``fmt.md`` for Streamlit; Word needs nothing more).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from . import formatting as fmt
from .comparisons import shown_difference, verdict
from .intervals import Interval, certain_change, row_interval

REFERENCE_WORDS = {"kommun": "kommunen", "grupp": "jämförelsegruppen", "riket": "riket"}
CERTAIN_WORDS = {"bättre": "förbättring", "sämre": "försämring", "": "förändring"}
NO_CERTAIN_CHANGE = "ingen säker förändring"


@dataclass(frozen=True)
class Point:
    """One area's value in one year, with its 95 % interval when the store has the counts."""

    year: int
    value: float
    interval: Interval | None = None


def subject(unit: str | None) -> str:
    """What the number is called in a sentence: «andelen» for a percentage, «antalet» for a
    count or a rate per inhabitants, «värdet» for anything else (points, an index)."""
    u = (unit or "").strip().lower()
    if u == "%":
        return "andelen"
    if fmt.is_count(u) or u.startswith("per "):
        return "antalet"
    return "värdet"


def _value(point: Point, decimals: int, unit: str) -> str:
    return fmt.with_unit(point.value, decimals, unit)


def change_sentence(area: str, before: Point | None, after: Point | None, *, unit: str, decimals: int,
                    direction: str = "") -> str:
    """One sentence on one area: its latest value and its change since ``before``.

    * certain (both intervals known and apart): «I Skäggetorp minskade antalet från 27,3 per
      1 000 inv. 2021 till 19,2 per 1 000 inv. 2023 – en säker förbättring (…)»;
    * not certain (both known, overlapping): «I Berga var antalet 20,0 per 1 000 inv. 2021 och
      18,2 per 1 000 inv. 2019 – ingen säker förändring.»;
    * counts missing: «I Skäggetorp var andelen 16,2 % 2023, 2,7 procentenheter lägre än 2019.»
    """
    name = fmt.clean_text(area)
    what = subject(unit)
    if after is None:
        return f"För {name} finns inget värde."
    latest = f"{_value(after, decimals, unit)} {after.year}"
    if before is None or before.year >= after.year:
        return f"I {name} var {what} {latest}."
    earlier = f"{_value(before, decimals, unit)} {before.year}"
    certain = certain_change(before.interval, after.interval)
    diff = shown_difference(after.value, before.value, decimals)
    if certain:
        moved = "ökade" if after.value > before.value else "minskade"
        kind = CERTAIN_WORDS[verdict(after.value - before.value, direction)]
        return (f"I {name} {moved} {what} från {earlier} till {latest} – en säker {kind} (de två årens "
                "95-procentiga intervall överlappar inte).")
    if certain is False:  # the intervals overlap: the difference may be chance
        return f"I {name} var {what} {latest} och {earlier} – {NO_CERTAIN_CHANGE}."
    if diff == 0:
        return f"I {name} var {what} {latest}, samma som {before.year}."
    amount = fmt.with_change_unit(abs(diff), decimals, unit, sign=False)
    if fmt.is_count(unit):  # «58 brott fler», not «58 brott högre»
        return f"I {name} var {what} {latest}, {amount} {'fler' if diff > 0 else 'färre'} än {before.year}."
    return f"I {name} var {what} {latest}, {amount} {'högre' if diff > 0 else 'lägre'} än {before.year}."


def reference_sentence(year: int, values: Sequence[tuple[str, float | None]], *, unit: str, decimals: int) -> str:
    """«Kommunen låg på 3,0 %, jämförelsegruppen (Jämförbara kommuner) på 3,4 % och riket på
    2,9 % 2023.» References without a value that year are left out; '' when none has one."""
    shown = [(name, value) for name, value in values if not fmt.is_missing(value)]
    if not shown:
        return ""
    parts = [f"{name}{' låg' if i == 0 else ''} på {fmt.with_unit(value, decimals, unit)}"
             for i, (name, value) in enumerate(shown)]
    text = fmt.join_words(parts)
    return f"{text[:1].upper()}{text[1:]} {year}."


# ----------------------------------------------------------------------------- from observations

def point(row: Mapping | pd.Series | None) -> Point | None:
    """A row of ``intervals.with_intervals(Store.observations(...))`` as a Point (None: no value)."""
    if row is None or fmt.is_missing(row.get("value")):
        return None
    return Point(int(row["year"]), float(row["value"]), row_interval(row) if "ci_low" in row else None)


def endpoints(rows: pd.DataFrame, *, base_year: int | None, last_year: int | None) -> tuple[Point | None, Point | None]:
    """(before, after) of one area: the latest value up to ``last_year``, and the value of
    ``base_year`` (else the nearest earlier year with a value, else the first value)."""
    valued = rows[rows["value"].notna()]
    if last_year is not None:
        valued = valued[valued["year"] <= last_year]
    if valued.empty:
        return None, None
    valued = valued.sort_values("year")
    after = point(valued.iloc[-1])
    if base_year is None:
        return point(valued.iloc[0]), after
    earlier = valued[valued["year"] <= base_year]
    before = point(earlier.iloc[-1]) if len(earlier) else point(valued.iloc[0])
    return before, after


def indicator_sentences(obs: pd.DataFrame, meta: Mapping, *, districts: Sequence[str],
                        references: Mapping[str, str], base_year: int | None, last_year: int | None,
                        group_name: str = "") -> list[str]:
    """One sentence per district, then one on the references in the districts' latest year.

    ``obs`` holds the districts' and references' rows for one kön, with intervals
    (``intervals.with_intervals``); ``references`` maps 'kommun', 'grupp', 'riket' to their
    codes. Counts (antal) are not compared with the larger areas.
    """
    unit, decimals = str(meta["unit"]), int(meta["decimals"])
    direction = str(meta.get("direction") or "")
    out: list[str] = []
    years: list[int] = []
    for code in districts:
        rows = obs[obs["area_code"] == code]
        if rows.empty:
            continue
        before, after = endpoints(rows, base_year=base_year, last_year=last_year)
        out.append(change_sentence(str(rows["area_name"].iloc[0]), before, after, unit=unit, decimals=decimals,
                                   direction=direction))
        if after is not None:
            years.append(after.year)
    if fmt.is_count(unit) or not years:
        return out
    year = max(years)
    values = []
    for level in ("kommun", "grupp", "riket"):
        code = references.get(level)
        if not code:
            continue
        same = obs[(obs["area_code"] == code) & (obs["year"] == year)]
        name = REFERENCE_WORDS[level] + (f" ({fmt.clean_text(group_name)})" if level == "grupp" and group_name else "")
        values.append((name, None if same.empty else same["value"].iloc[0]))
    sentence = reference_sentence(year, values, unit=unit, decimals=decimals)
    return out + ([sentence] if sentence else [])
