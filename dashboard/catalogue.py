"""What the store's catalogue says about indicators and areas, for the views to look up.

Indicator metadata (unit, decimals, direction, source), the year range the slider offers,
the indicators that follow one utvecklingsområde, and area names in display order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from . import formatting as fmt


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


def indicators_for_area(indicators: pd.DataFrame, development_area: int) -> pd.DataFrame:
    """The indicators that follow one utvecklingsområde (indicator metadata says which)."""
    return indicators[indicators["development_area"] == development_area].reset_index(drop=True)


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
