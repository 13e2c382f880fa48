"""The measure register for one follow-up round: groups, filters, counts and changes.

A measure names the districts it concerns (or an area text such as «Mottagande skolor»)
and the departments responsible for it; both are lists, and a measure is counted once in
every group it names. Pure functions of DataFrames: no Streamlit, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from loaders.domain import STATUSES

from . import formatting as fmt
from .home import home_name

NO_DISTRICT = "Inget område angivet"
NO_UNIT = "Inget angivet"


def _listify(value: object) -> list[str]:
    """A list column's cell as a list of strings; NULL (None, NaN, pd.NA) is an empty list."""
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in value if not fmt.is_missing(v) and str(v) != ""]
    if fmt.is_missing(value):
        return []
    return [str(value)]


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


def districts_first(groups: Iterable[str], measures: pd.DataFrame, order: Sequence[str] = ()) -> list[str]:
    """Districts (areas of the store) first, in the store's display order ``order``, then
    the other area texts («Mottagande skolor») alphabetically."""
    groups = list(dict.fromkeys(groups))
    known = {d for ds in measures["district_names"] for d in _listify(ds)} if "district_names" in measures else set()
    ranked = [d for d in order if d in groups]
    rest_known = sorted(d for d in groups if d in known and d not in ranked)
    return ranked + rest_known + sorted(d for d in groups if d not in known and d not in ranked)


def measure_filter_options(measures: pd.DataFrame, order: Sequence[str] = ()) -> dict[str, list]:
    """Options for the four filters, in a stable, sensible order."""
    prepared = prepare_measures(measures) if "district_groups" not in measures else measures
    districts = districts_first((d for ds in prepared["district_groups"] for d in ds), prepared, order)
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


def status_counts(measures: pd.DataFrame, by: str, order: Sequence[str] = ()) -> pd.DataFrame:
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
        groups = districts_first(groups, frame, order)
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


def measure_source(measures: pd.DataFrame, round_: int) -> str:
    files = sorted({str(f) for f in measures.get("source_file", pd.Series(dtype=str)).dropna()})
    text = f"{home_name()}, uppföljning {round_} av åtgärdsplanen mot segregation"
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
