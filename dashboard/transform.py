"""Data to data: everything the pages compute, without Streamlit and without SQL.

Inputs are the DataFrames returned by ``dashboard.queries``; outputs are DataFrames or small
dataclasses that figures, tables and pages use directly. All words shown to users are
Swedish and know each indicator's direction ("lägre är bättre" for försörjningsstöd).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import formatting as fmt

VIEWS: dict[str, str] = {
    "values": "Värden",
    "gap": "Skillnad mot kommunen",
    "index": "Index (första året = 100)",
}
GAP_MEASURES = ("difference", "ratio")
NO_DISTRICT = "Inget område angivet"
NO_UNIT = "Inget angivet"
STATUSES = ("genomförd", "pågår", "ej genomförd")


# ----------------------------------------------------------------------------- helpers

def _listify(value: object) -> list[str]:
    """A list column's cell as a list of strings; NULL (None, NaN, pd.NA) is an empty list."""
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in value if not fmt.is_missing(v) and str(v) != ""]
    if fmt.is_missing(value):
        return []
    return [str(value)]


def role_of(level: str) -> str:
    """'omrade' -> 'omrade', 'kommun' -> 'kommun', 'riket' -> 'riket' (others as districts)."""
    return level if level in ("kommun", "riket") else "omrade"


@dataclass(frozen=True)
class AreaIndex:
    """Area names and display positions by code, for pages that name a few chosen areas.

    The store can hold every district in Sweden; scanning the whole area list for the three
    chosen ones cost 20–40 ms a rerun. Built once per data version (``dashboard.db``) and
    shared between sessions, so it holds read-only mappings.
    """

    names: Mapping[str, str]
    position: Mapping[str, int]

    def names_of(self, codes: Iterable[str]) -> list[str]:
        """The names of ``codes`` in display order (priority districts first), each once;
        codes that are not areas are left out."""
        known = {c for c in codes if c in self.position}
        return [self.names[c] for c in sorted(known, key=self.position.__getitem__)]


def area_index(areas: pd.DataFrame) -> AreaIndex:
    """``AreaIndex`` for ``dashboard.queries.areas`` (already in display order)."""
    codes = areas["code"].tolist()
    return AreaIndex(names=MappingProxyType(dict(zip(codes, areas["name"].tolist(), strict=True))),
                     position=MappingProxyType({c: i for i, c in enumerate(codes)}))


def any_example(*frames: pd.DataFrame | None) -> bool:
    """True if any row of any frame with an ``example`` column is example data."""
    for frame in frames:
        if frame is not None and "example" in frame and len(frame):
            if frame["example"].fillna(False).astype(bool).any():
                return True
    return False


# ----------------------------------------------------------------------------- words

@dataclass(frozen=True)
class Comparison:
    """A district's value against a reference, in words that know the direction."""

    difference: float | None
    relation: str          # "högre än", "lägre än", "samma som", "" when not comparable
    verdict: str           # "bättre", "sämre", "" (same, neutral or not comparable)
    text: str              # "14,9 procentenheter högre än kommunen – sämre"
    phrase: str = ""       # the same without the verdict

    @property
    def symbol(self) -> str:
        return {"bättre": "▲", "sämre": "▼"}.get(self.verdict, "●")


def verdict(difference: float | None, direction: str) -> str:
    """Is a positive/negative difference good? '' for no difference or neutral indicators."""
    if difference is None or fmt.is_missing(difference) or difference == 0:
        return ""
    if direction == "lägre":
        return "bättre" if difference < 0 else "sämre"
    if direction == "högre":
        return "bättre" if difference > 0 else "sämre"
    return ""


def compare(value: float | None, reference: float | None, *, direction: str, decimals: int,
            unit: str, reference_name: str) -> Comparison:
    """'Skäggetorp 18,0 % vs kommunen 3,1 %' -> '14,9 procentenheter högre än kommunen – sämre'.

    Differences are judged at the indicator's own precision, so two values shown as equal
    are called equal. Counts (antal) are never compared with larger areas.
    """
    if fmt.is_count(unit):
        text = f"antal – jämförs inte med {reference_name}"
        return Comparison(None, "", "", text, text)
    if fmt.is_missing(value):
        return Comparison(None, "", "", "inget värde att jämföra", "inget värde att jämföra")
    if fmt.is_missing(reference):
        return Comparison(None, "", "", f"uppgift saknas för {reference_name}",
                          f"uppgift saknas för {reference_name}")
    diff = round(float(value), decimals) - round(float(reference), decimals)  # type: ignore[arg-type]
    diff = round(diff, decimals)
    if diff == 0:
        return Comparison(0.0, "samma som", "", f"samma som {reference_name}", f"samma som {reference_name}")
    relation = "högre än" if diff > 0 else "lägre än"
    judged = verdict(diff, direction)
    amount = fmt.with_change_unit(abs(diff), decimals, unit, sign=False)
    text = f"{amount} {relation} {reference_name}"
    return Comparison(diff, relation, judged, f"{text} – {judged}" if judged else text, text)


@dataclass(frozen=True)
class Change:
    difference: float | None
    verdict: str
    text: str      # "−6,7 procentenheter sedan 2012"
    words: str     # "minskat sedan 2012 – bättre"


def change_since(first: float | None, last: float | None, *, first_year: int | None,
                 last_year: int | None, direction: str, decimals: int, unit: str) -> Change:
    if fmt.is_missing(first) or fmt.is_missing(last) or first_year is None:
        return Change(None, "", "ingen jämförelse över tid", "")
    if first_year == last_year:
        return Change(None, "", f"bara ett år ({first_year})", "")
    diff = round(round(float(last), decimals) - round(float(first), decimals), decimals)  # type: ignore[arg-type]
    text = f"{fmt.with_change_unit(diff, decimals, unit)} sedan {first_year}"
    if diff == 0:
        return Change(0.0, "", text, f"oförändrat sedan {first_year}")
    judged = verdict(diff, direction)
    moved = "ökat" if diff > 0 else "minskat"
    words = f"{moved} sedan {first_year}" + (f" – {judged}" if judged else "")
    return Change(diff, judged, text, words)


def direction_words(direction: str) -> str:
    return {"lägre": "lägre värde är bättre", "högre": "högre värde är bättre"}.get(
        direction, "varken högre eller lägre är bättre i sig")


# ----------------------------------------------------------------------------- overview

def overview_cards(overview: pd.DataFrame, profile: pd.DataFrame | None = None, *,
                   district_code: str | None = None) -> pd.DataFrame:
    """One row per indicator with the texts the Översikt page shows.

    ``overview`` is ``queries.overview``; ``profile`` (``queries.profile``) gives the
    district's series for a sparkline.
    """
    rows = []
    for r in overview.itertuples(index=False):
        decimals, unit, direction = int(r.decimals), str(r.unit), str(r.direction)
        first_year = None if fmt.is_missing(r.first_year) else int(r.first_year)
        last_year = None if fmt.is_missing(r.last_year) else int(r.last_year)
        ch = change_since(r.first_value, r.last_value, first_year=first_year, last_year=last_year,
                          direction=direction, decimals=decimals, unit=unit)
        vs_kommun = compare(r.last_value, r.kommun_value, direction=direction, decimals=decimals,
                            unit=unit, reference_name="kommunen")
        vs_riket = compare(r.last_value, r.riket_value, direction=direction, decimals=decimals,
                           unit=unit, reference_name="riket")
        spark: list[float] = []
        if profile is not None and district_code is not None and len(profile):
            mine = profile[(profile["indicator_id"] == r.indicator_id)
                           & (profile["area_code"] == district_code)].sort_values("year")
            spark = [float(v) for v in mine["value"].dropna()]
        last_flag = r.last_any_flag if isinstance(r.last_any_flag, str) else None
        note = ""
        if last_flag in fmt.MISSING_FLAGS and r.last_any_year != r.last_year:
            note = (f"{r.last_any_year}: {fmt.flag_label(last_flag)}; visar senaste år med "
                    f"värde ({last_year}).")
        rows.append({
            "indicator_id": r.indicator_id, "name": r.name, "unit": unit, "decimals": decimals,
            "direction": direction, "development_area": r.development_area,
            "source": r.source, "definition": r.definition, "example": bool(r.example),
            "first_year": first_year, "last_year": last_year,
            "last_value": r.last_value, "first_value": r.first_value,
            "kommun_value": r.kommun_value, "riket_value": r.riket_value,
            "value_text": fmt.with_unit(r.last_value, decimals, unit),
            "change": ch.difference, "change_text": ch.text, "change_words": ch.words,
            "change_verdict": ch.verdict,
            # st.metric: the arrow follows the change, the colour (colour-blind safe blue /
            # orange, never red/green) says better or worse, and words say it too.
            "delta_arrow": "off" if not ch.difference else ("up" if ch.difference > 0 else "down"),
            "delta_colour": {"bättre": "blue", "sämre": "orange"}.get(ch.verdict, "gray"),
            "kommun_text": fmt.with_unit(r.kommun_value, decimals, unit),
            "riket_text": fmt.with_unit(r.riket_value, decimals, unit),
            "vs_kommun": vs_kommun.text, "vs_kommun_verdict": vs_kommun.verdict,
            "vs_kommun_phrase": vs_kommun.phrase, "vs_kommun_diff": vs_kommun.difference,
            "vs_riket": vs_riket.text, "vs_riket_verdict": vs_riket.verdict,
            "vs_riket_phrase": vs_riket.phrase, "vs_riket_diff": vs_riket.difference,
            "sparkline": spark, "note": note,
        })
    return pd.DataFrame(rows)


def missing_for_district(indicators: pd.DataFrame, overview: pd.DataFrame) -> list[str]:
    """Names of indicators with data, but none for this district (e.g. kommun-only ones)."""
    have = set(overview["indicator_id"]) if len(overview) else set()
    return [n for i, n in zip(indicators["indicator_id"], indicators["name"], strict=True)
            if i not in have]


# ----------------------------------------------------------------------------- trends

def _hover_value(value: float | None, flag: str | None, decimals: int, unit: str) -> str:
    if fmt.is_missing(value):
        return fmt.flag_label(flag) or "uppgift saknas"
    text = fmt.with_unit(value, decimals, unit)
    if flag in fmt.CAVEAT_FLAGS:
        text += f" ({fmt.flag_label(flag)})"
    return text


def trend_series(obs: pd.DataFrame, *, view: str = "values", measure: str = "difference",
                 kommun_code: str | None = None) -> pd.DataFrame:
    """Observations -> the series a trend chart draws, for one of the three views.

    Returns one row per area, kön and year with ``y`` (what is plotted; NaN = gap),
    ``value``/``flag`` (the observation), ``role`` (omrade/kommun/riket), ``hover`` (Swedish
    hover text) and, for the index view, ``base_year``.

    * ``values``: y = value.
    * ``gap``: y = value − kommun (``measure="difference"``) or value / kommun ("ratio"),
      same year and kön; the kommun itself becomes the 0 (or 1) line.
    * ``index``: y = 100 × value / the series' first value in the range.
    """
    cols = ["area_code", "area_name", "role", "priority", "sex", "year", "value", "flag",
            "y", "hover", "base_year", "decimals", "unit"]
    if obs.empty:
        return pd.DataFrame(columns=cols)
    # queries.observations is ordered: districts (priority first), kommun, riket; kön; year
    frame = obs.reset_index(drop=True)
    level = frame["level"].to_numpy()
    frame["role"] = np.where(level == "kommun", "kommun", np.where(level == "riket", "riket", "omrade"))
    frame["flag"] = frame["flag"].astype(object).where(frame["flag"].notna(), None)
    decimals = int(frame["decimals"].iloc[0])
    unit = str(frame["unit"].iloc[0])
    values = frame["value"].to_numpy(dtype=float)
    flags = frame["flag"].tolist()
    frame["base_year"] = pd.NA
    if view == "values":
        frame["y"] = values
        frame["hover"] = [_hover_value(v, f, decimals, unit) for v, f in zip(values, flags, strict=True)]
    elif view == "gap":
        if kommun_code is None:
            raise ValueError("gap view needs the kommun's code")
        ref = frame[frame["area_code"] == kommun_code].set_index(["sex", "year"])["value"]
        keys = pd.MultiIndex.from_arrays([frame["sex"], frame["year"]])
        ref_values = ref.reindex(keys).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if measure == "ratio":
                y = np.where(ref_values != 0, values / ref_values, np.nan)
            else:
                y = values - ref_values
        frame["y"] = y
        hovers = []
        for v, f, refv, yy in zip(values, flags, ref_values, y, strict=True):
            if fmt.is_missing(v):
                hovers.append(fmt.flag_label(f) or "uppgift saknas")
            elif fmt.is_missing(refv):
                hovers.append("kommunens värde saknas detta år")
            elif measure == "ratio":
                hovers.append(f"{fmt.number(yy, 2)} gånger kommunens värde "
                              f"({fmt.with_unit(v, decimals, unit)} mot {fmt.with_unit(refv, decimals, unit)})")
            else:
                hovers.append(f"{fmt.with_change_unit(yy, decimals, unit)} mot kommunen "
                              f"({fmt.with_unit(v, decimals, unit)} mot {fmt.with_unit(refv, decimals, unit)})")
        frame["hover"] = hovers
    elif view == "index":
        valued = frame.dropna(subset=["value"]).sort_values("year", kind="stable")
        base = valued.groupby(["area_code", "sex"], sort=False)[["year", "value"]].first()
        keys = pd.MultiIndex.from_arrays([frame["area_code"], frame["sex"]])
        base_values = base["value"].reindex(keys).to_numpy(dtype=float)
        base_years = base["year"].reindex(keys).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.where(base_values != 0, 100 * values / base_values, np.nan)
        frame["y"] = y
        frame["base_year"] = [None if np.isnan(b) else int(b) for b in base_years]
        frame["hover"] = [
            (fmt.flag_label(f) or "uppgift saknas") if fmt.is_missing(v) else
            f"index {fmt.number(yy, 1)} ({int(b)} = 100); värde {_hover_value(v, f, decimals, unit)}"
            for v, f, yy, b in zip(values, flags, y, base_years, strict=True)]
    else:
        raise ValueError(f"unknown view {view!r}")
    frame["decimals"] = decimals
    frame["unit"] = unit
    return frame[cols]


def gap_points(series: pd.DataFrame) -> pd.DataFrame:
    """Rows that are drawn as gaps: no value (suppressed or missing) in the source."""
    if series.empty:
        return series
    return series[series["y"].isna()]


def caveat_points(series: pd.DataFrame) -> pd.DataFrame:
    """Rows with a real value that carries a caveat (delvis prickat, ungefärligt, noll)."""
    if series.empty:
        return series
    return series[series["y"].notna() & series["flag"].isin(list(fmt.CAVEAT_FLAGS))]


def flag_notes(series: pd.DataFrame, *, with_sex: bool = False) -> list[str]:
    """Swedish sentences explaining every gap and marked value, grouped by reason.

    One pass over plain lists: the series are small (tens of rows) and pandas groupby per
    reason cost ~5 ms each, which Områdesprofil paid 60 times a rerun.
    """
    notes: list[str] = []
    if series.empty:
        return notes
    gaps: dict[str, dict[tuple, list[int]]] = {}
    marked: dict[str, dict[tuple, list[int]]] = {}
    columns = ("area_name", "sex", "year", "y", "flag")
    for name, sex, year, y, flag in zip(*(series[c].tolist() for c in columns), strict=True):
        if fmt.is_missing(y):  # a gap: as gap_points
            groups = gaps.setdefault("saknas" if fmt.is_missing(flag) else flag, {})
        elif not fmt.is_missing(flag) and flag in fmt.CAVEAT_FLAGS:  # as caveat_points
            groups = marked.setdefault(flag, {})
        else:
            continue
        if fmt.is_missing(name) or fmt.is_missing(sex):
            continue  # as groupby: rows without a key are not a group
        groups.setdefault((name, sex), []).append(int(year))

    def where(groups: dict[tuple, list[int]]) -> str:
        parts = []
        for (name, sex), years in groups.items():
            label = f"{name} ({fmt.sex_label(sex).lower()})" if with_sex else name
            parts.append(f"{label} " + ", ".join(str(y) for y in sorted(years)))
        return "; ".join(parts)

    for flag in sorted(gaps):
        if flag in fmt.MISSING_FLAGS:
            reason = fmt.flag_label(flag)
        else:  # value present but the comparison value is missing (gap view)
            reason = "kommunens värde saknas samma år"
        if gaps[flag]:
            notes.append(f"Lucka i linjen – {reason}: {where(gaps[flag])}.")
    for flag in sorted(marked):
        if marked[flag]:
            notes.append(f"Markerat värde ◇ – {fmt.flag_label(flag)}: {where(marked[flag])}.")
    return notes


def y_range(values: Iterable[float], *, include_zero: bool | None = None,
            pad: float = 0.08) -> tuple[float, float] | None:
    """A padded axis range; it starts at zero when the data lie near zero anyway.

    ``include_zero=None`` decides from the data: non-negative values whose minimum is under
    a third of the maximum (shares, rates) get a zero baseline; others (meritvärde around
    200) do not, so differences stay visible.
    """
    vals = [float(v) for v in values if not fmt.is_missing(v)]
    if not vals:
        return None
    lo, hi = min(vals), max(vals)
    if include_zero is None:
        include_zero = 0 <= lo <= hi / 3
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = (hi - lo) or abs(hi) or 1.0
    low = lo if (include_zero and lo == 0) else lo - pad * span
    return (low, hi + pad * span)


# ----------------------------------------------------------------------------- ranking

def ranking_rows(ranked: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Districts only, best first, with a rank and a label ('1. Innerstaden').

    Best is the lowest value when lower is better, else the highest. Areas without a value
    come last without a rank. Values equal at the indicator's precision share a rank.
    """
    frame = ranked[ranked["level"] == "omrade"].copy()
    frame["flag"] = frame["flag"].astype(object).where(frame["flag"].notna(), None)
    has = frame["value"].notna()
    frame["rank"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if has.any():
        decimals = int(frame["decimals"].iloc[0])
        rounded = frame.loc[has, "value"].round(decimals)
        ascending = direction == "lägre"
        frame.loc[has, "rank"] = rounded.rank(method="min", ascending=ascending).astype("Int64")
    frame["_missing"] = ~has
    frame["_sort"] = frame["value"] if direction == "lägre" else -frame["value"]
    frame = frame.sort_values(["_missing", "_sort"], kind="stable").drop(columns=["_missing", "_sort"])
    frame["label"] = [
        f"{int(r)}. {n}" if not pd.isna(r) else f"– {n}" for r, n in zip(frame["rank"], frame["area_name"], strict=True)]
    return frame.reset_index(drop=True)


def reference_values(ranked: pd.DataFrame) -> dict[str, tuple[str, float | None]]:
    """{'kommun': (name, value), 'riket': (name, value)} from a ranking frame."""
    out: dict[str, tuple[str, float | None]] = {}
    for level in ("kommun", "riket"):
        rows = ranked[ranked["level"] == level]
        if len(rows):
            v = rows["value"].iloc[0]
            out[level] = (str(rows["area_name"].iloc[0]), None if fmt.is_missing(v) else float(v))
    return out


# ----------------------------------------------------------------------------- indicators

def indicator_meta(indicators: pd.DataFrame, indicator_id: str) -> dict:
    rows = indicators[indicators["indicator_id"] == indicator_id]
    if rows.empty:
        raise KeyError(indicator_id)
    return rows.iloc[0].to_dict()


def indicators_for_area(indicators: pd.DataFrame, development_area: int) -> pd.DataFrame:
    """The indicators that follow one utvecklingsområde (indicator metadata says which)."""
    return indicators[indicators["development_area"] == development_area].reset_index(drop=True)


def year_bounds(indicators: pd.DataFrame) -> tuple[int, int]:
    """First and last year of any indicator: the year slider's fixed range."""
    if indicators.empty:
        return (2000, 2000)
    return int(indicators["first_year"].min()), int(indicators["last_year"].max())


def profile_panels(profile: pd.DataFrame, indicators: pd.DataFrame, district_code: str,
                   years: tuple[int, int], *, fallback: pd.DataFrame | None = None,
                   include_without_district: bool = False) -> list[tuple[dict, pd.DataFrame]]:
    """[(indicator metadata, its observations in the year range)] in catalogue order.

    ``profile`` is ``queries.profile`` for the chosen kön. An indicator that has no values
    for that kön but has totals in ``fallback`` (the profile for 'totalt') is shown with
    totals and ``meta['sex_fallback'] = True``. Indicators without values for the district
    are left out unless ``include_without_district`` (then kommun and riket are drawn).
    """
    panels = []

    def in_range(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["year"] >= years[0]) & (frame["year"] <= years[1])]

    main = dict(tuple(in_range(profile).groupby("indicator_id", sort=False)))
    spare = dict(tuple(in_range(fallback).groupby("indicator_id", sort=False))) if fallback is not None else {}
    empty = profile.iloc[0:0]
    for meta in indicators.to_dict("records"):
        rows = main.get(meta["indicator_id"], empty)
        meta = {**meta, "sex_fallback": False, "district_missing": False}
        if rows.empty and meta["indicator_id"] in spare:
            rows = spare[meta["indicator_id"]]
            meta["sex_fallback"] = True
        if rows.empty:
            continue
        if not (rows["area_code"] == district_code).any():
            if not include_without_district:
                continue
            meta["district_missing"] = True
        if fmt.is_count(meta["unit"]):  # counts are not drawn against larger areas
            rows = rows[rows["area_code"] == district_code]
            if rows.empty:
                continue
        panels.append((meta, rows.reset_index(drop=True)))
    return panels


# ----------------------------------------------------------------------------- measures

def district_groups(district_names: object, area_text: object) -> list[str]:
    """The districts a measure names, or its area text when it names none."""
    names = _listify(district_names)
    if names:
        return names
    text = area_text if isinstance(area_text, str) and area_text.strip() else NO_DISTRICT
    return [text.strip()]


def unit_groups(units: object) -> list[str]:
    return _listify(units) or [NO_UNIT]


def prepare_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """Adds list columns ``district_groups`` and ``unit_groups`` used by filters and counts."""
    frame = measures.copy()
    frame["district_groups"] = [district_groups(d, a) for d, a in
                                zip(frame["district_names"], frame["area_text"], strict=True)]
    frame["unit_groups"] = [unit_groups(u) for u in frame["responsible_units"]]
    return frame


def measure_filter_options(measures: pd.DataFrame) -> dict[str, list]:
    """Options for the four filters, in a stable, sensible order."""
    prepared = prepare_measures(measures) if "district_groups" not in measures else measures
    districts = list(dict.fromkeys(d for ds in prepared["district_groups"] for d in ds))
    priority = ["Berga", "Ryd", "Skäggetorp"]
    districts = [d for d in priority if d in districts] + sorted(d for d in districts if d not in priority)
    units = sorted({u for us in prepared["unit_groups"] for u in us}, key=str.lower)
    return {
        "development_area": sorted(int(a) for a in prepared["development_area"].dropna().unique()),
        "unit": units,
        "district": districts,
        "status": [s for s in STATUSES if s in set(prepared["status"])],
    }


def filter_measures(measures: pd.DataFrame, *, development_areas: Sequence[int] | None = None,
                    units: Sequence[str] | None = None, districts: Sequence[str] | None = None,
                    statuses: Sequence[str] | None = None) -> pd.DataFrame:
    """Measures matching every non-empty filter (an empty filter means 'all').

    A measure matches a department or district filter if it names any of the chosen ones.
    """
    frame = prepare_measures(measures) if "district_groups" not in measures else measures.copy()
    keep = pd.Series(True, index=frame.index)
    if development_areas:
        keep &= frame["development_area"].isin([int(a) for a in development_areas])
    if units:
        wanted = set(units)
        keep &= frame["unit_groups"].map(lambda us: bool(wanted & set(us)))
    if districts:
        wanted_d = set(districts)
        keep &= frame["district_groups"].map(lambda ds: bool(wanted_d & set(ds)))
    if statuses:
        keep &= frame["status"].isin(list(statuses))
    return frame[keep].reset_index(drop=True)


def status_counts(measures: pd.DataFrame, by: str) -> pd.DataFrame:
    """Measures per group and status, every status present (zeros included).

    ``by`` is ``development_area``, ``unit_groups`` or ``district_groups`` (list columns
    count a measure once in every group it names). Returns columns ``group``, ``status``,
    ``antal`` and ``total`` (the group's total), groups in display order.
    """
    frame = prepare_measures(measures) if by in ("unit_groups", "district_groups") and by not in measures else measures
    if frame.empty:
        return pd.DataFrame(columns=["group", "status", "antal", "total"])
    data = frame[[by, "status"]].explode(by) if by in ("unit_groups", "district_groups") else frame[[by, "status"]]
    data = data.rename(columns={by: "group"})
    counts = data.groupby(["group", "status"]).size().rename("antal")
    groups = list(dict.fromkeys(data["group"]))
    if by == "development_area":
        groups = sorted(groups)
    elif by == "district_groups":
        priority = ["Berga", "Ryd", "Skäggetorp"]
        groups = [g for g in priority if g in groups] + sorted(g for g in groups if g not in priority)
    else:
        totals = data.groupby("group").size()
        groups = sorted(groups, key=lambda g: (-int(totals[g]), str(g).lower()))
    full = pd.MultiIndex.from_product([groups, list(STATUSES)], names=["group", "status"])
    out = counts.reindex(full, fill_value=0).reset_index()
    out["total"] = out.groupby("group")["antal"].transform("sum")
    return out


def status_totals(measures: pd.DataFrame) -> dict[str, int]:
    counts = measures["status"].value_counts() if len(measures) else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def change_kind(previous_status: object, status: object) -> str:
    if not isinstance(previous_status, str) or not previous_status:
        return "Ny i denna omgång"
    if previous_status == status:
        return "Oförändrad status"
    return "Ny status"


def measure_changes(changes: pd.DataFrame, *, only_changed: bool = False) -> pd.DataFrame:
    """``queries.measure_changes`` with a readable kind of change per measure."""
    frame = changes.copy()
    if frame.empty:
        frame["change"] = pd.Series(dtype=str)
        return frame
    frame["change"] = [change_kind(p, s) for p, s in zip(frame["previous_status"], frame["status"], strict=True)]
    frame["decision_changed"] = [
        (p if isinstance(p, str) else None) != (d if isinstance(d, str) else None)
        for p, d in zip(frame["previous_decision"], frame["decision"], strict=True)]
    if only_changed:
        frame = frame[frame["change"] != "Oförändrad status"]
    return frame.reset_index(drop=True)


def measures_for_district(measures: pd.DataFrame, district_name: str) -> pd.Series:
    """Boolean mask: measures that name the district."""
    prepared = prepare_measures(measures) if "district_groups" not in measures else measures
    return prepared["district_groups"].map(lambda ds: district_name in ds)


# ----------------------------------------------------------------------------- trend requests

def effective_view(view: str, unit: str) -> tuple[str, str | None]:
    """The view to draw, and why it differs from the one asked for (counts have no gap)."""
    if view == "gap" and fmt.is_count(unit):
        return "values", ("Skillnad mot kommunen visas inte för antal: kommunen är ett mycket större "
                          "område. Välj en indikator per invånare eller index i stället.")
    return view, None


def trend_areas(chosen: Sequence[str], references: dict[str, str], *, unit: str, view: str) -> list[str]:
    """Areas to fetch: the chosen districts and, where the comparison means something,
    kommun and riket (counts are compared only as an index)."""
    codes = list(dict.fromkeys(chosen))
    if not fmt.is_count(unit) or view == "index":
        codes += [references[k] for k in ("kommun", "riket") if k in references]
    return codes


def trend_sexes(sex: str, split: bool) -> tuple[str, ...]:
    return ("kvinnor", "män") if split else (sex,)


def ranking_notes(rows: pd.DataFrame) -> list[str]:
    """Explain every district without a value or with a marked value in a ranking."""
    notes = []
    flagged = rows[rows["flag"].notna()]
    for flag, grp in flagged.groupby("flag", sort=True):
        marker = "saknar värde" if flag in fmt.MISSING_FLAGS else "är markerade med *"
        notes.append(f"{fmt.join_words(list(grp['area_name']))} {marker}: {fmt.flag_label(flag)}.")
    return notes


def measure_source(measures: pd.DataFrame, round_: int) -> str:
    files = sorted({str(f) for f in measures.get("source_file", pd.Series(dtype=str)).dropna()})
    text = f"Linköpings kommun, uppföljning {round_} av åtgärdsplanen mot segregation"
    return text + (f" (fil: {', '.join(files)})" if files else "")


def changes_for(changes: pd.DataFrame, measure_ids: Iterable[str], *,
                only_changed: bool) -> tuple[pd.DataFrame, dict[str, int]]:
    """The changes of the measures shown (filters applied) and a count of each kind."""
    wanted = set(measure_ids)
    every = measure_changes(changes)
    every = every[every["measure_id"].isin(wanted)] if len(every) else every
    kinds = every["change"].value_counts() if len(every) else pd.Series(dtype=int)
    summary = {k: int(kinds.get(k, 0)) for k in ("Ny status", "Ny i denna omgång", "Oförändrad status")}
    shown = every[every["change"] != "Oförändrad status"] if only_changed and len(every) else every
    return shown.reset_index(drop=True), summary
