"""Observations to the series a chart draws: values, the gap to the kommun, or an index.

Missing and suppressed values stay in the series as gaps (NaN ``y``) with their flag, so a
chart can show them as such and never as zero; the notes under a chart say why each gap is
there. Pure functions of DataFrames: no Streamlit, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from . import formatting as fmt

VIEWS: dict[str, str] = {
    "values": "Värden",
    "gap": "Skillnad mot kommunen",
    "index": "Index (första året = 100)",
}
GAP_MEASURES = ("difference", "ratio")


def role_of(level: str) -> str:
    """'omrade' -> 'omrade', 'kommun' -> 'kommun', 'riket' -> 'riket' (others as districts)."""
    return level if level in ("kommun", "riket") else "omrade"


def any_example(*frames: pd.DataFrame | None) -> bool:
    """True if any row of any frame with an ``example`` column is example data."""
    for frame in frames:
        if frame is not None and "example" in frame and len(frame):
            if frame["example"].fillna(False).astype(bool).any():
                return True
    return False


def _hover_value(value: float | None, flag: str | None, decimals: int, unit: str) -> str:
    if fmt.is_missing(value):
        return fmt.flag_label(flag) or "uppgift saknas"
    text = fmt.with_unit(value, decimals, unit)
    if flag in fmt.CAVEAT_FLAGS:
        text += f" ({fmt.flag_label(flag)})"
    return text


def trend_series(obs: pd.DataFrame, *, view: str = "values", measure: str = "difference",
                 kommun_code: str | None = None, reference_name: str = "kommunen") -> pd.DataFrame:
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
    frame["role"] = np.where(np.isin(level, ("kommun", "riket", "grupp")), level, "omrade")
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
            raise ValueError("gap view needs the reference's code")
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
                hovers.append(f"värdet för {reference_name} saknas detta år")
            elif measure == "ratio":
                hovers.append(f"{fmt.number(yy, 2)} gånger värdet för {reference_name} "
                              f"({fmt.with_unit(v, decimals, unit)} mot {fmt.with_unit(refv, decimals, unit)})")
            else:
                hovers.append(f"{fmt.with_change_unit(yy, decimals, unit)} mot {reference_name} "
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
    if "revised_at" in frame:
        cols += ["revised_at", "previous_value", "previous_flag"]
        frame["hover"] = [h if not isinstance(at, str) else f"{h}; {revision_text(at, pv, pf, decimals, unit)}"
                          for h, at, pv, pf in zip(frame["hover"], frame["revised_at"], frame["previous_value"],
                                                   frame["previous_flag"], strict=True)]
    return frame[cols]


def revision_text(revised_at: str, previous_value: float | None, previous_flag: str | None, decimals: int,
                  unit: str) -> str:
    """«reviderad 2026-03-01 (tidigare 4,4)»: a value a later import changed says so, and what it was."""
    return f"reviderad {revised_at} (tidigare {_hover_value(previous_value, previous_flag, decimals, unit)})"


def revision_cells(series: pd.DataFrame) -> dict[tuple, str]:
    """Per (area code, area name, kön): its revised values, «2023 reviderad 2026-03-01 (tidigare 4,4)»."""
    if series.empty or "revised_at" not in series:
        return {}
    out: dict[tuple, list[str]] = {}
    for code, name, sex, year, at, pv, pf, decimals, unit in zip(
            *(series[c].tolist() for c in ("area_code", "area_name", "sex", "year", "revised_at", "previous_value",
                                            "previous_flag", "decimals", "unit")), strict=True):
        if isinstance(at, str):
            out.setdefault((code, name, sex), []).append(
                f"{int(year)} {revision_text(at, pv, pf, int(decimals), str(unit))}")
    return {key: "; ".join(texts) for key, texts in out.items()}


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


def flag_notes(series: pd.DataFrame, *, with_sex: bool = False, reference_name: str = "kommunen") -> list[str]:
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
            reason = f"värdet för {reference_name} saknas samma år"
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


def effective_view(view: str, unit: str) -> tuple[str, str | None]:
    """The view to draw, and why it differs from the one asked for (counts have no gap)."""
    if view == "gap" and fmt.is_count(unit):
        return "values", ("Skillnad mot kommunen visas inte för antal: kommunen är ett mycket större "
                          "område. Välj en indikator per invånare eller index i stället.")
    return view, None


def trend_areas(chosen: Sequence[str], references: dict[str, str], *, unit: str, view: str) -> list[str]:
    """Areas to fetch: the chosen districts and, where the comparison means something,
    kommun and riket (counts are compared only as an index). A comparison group is not an
    area; its line is added by the builder."""
    codes = list(dict.fromkeys(chosen))
    if not fmt.is_count(unit) or view == "index":
        codes += [references[k] for k in ("kommun", "riket") if k in references]
    return codes


def trend_sexes(sex: str, split: bool) -> tuple[str, ...]:
    return ("kvinnor", "män") if split else (sex,)
