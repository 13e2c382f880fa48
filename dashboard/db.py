"""The store as the app sees it: one connection per process, bounded cached queries.

The connection is shared by every session (``st.cache_resource``), so each query takes its
own cursor (see dashboard.queries). Query results are cached by function name, parameters
and the store's data version, so an import or an undo is visible on the next rerun.

What a page derives from them and would otherwise rebuild on every rerun is cached the same
way, bounded: area styles and names per data version, Trender's data and figure and
Områdesprofil's figures per choices. A store with every district in Sweden (10 000 areas)
made these the slow part of a rerun (bench/README.md, section 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from loaders.build import build_store
from loaders.store import connect, default_db_path

from . import figures, queries, tables, transform

CACHE_ENTRIES = 512
LOOKUP_ENTRIES = 4
DERIVED_ENTRIES = 64


@st.cache_resource(show_spinner=False, on_release=lambda con: con.close(), max_entries=4)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """Open the store at ``path``, building it from the bundled data/ if it does not exist."""
    store = Path(path)
    if not store.exists():
        with st.spinner("Bygger databasen från filerna i data/ (första start) …"):
            build_store(store)
    return connect(store)


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the store that INDIKATORPANEL_DB (or the default) names."""
    return _connection(str(default_db_path()))


def version() -> str:
    return _store()[1]


def _store() -> tuple[str, str]:
    """The store's path and data version: the start of every cache key here, so another store
    (tests) or a new import never returns stale results."""
    path = str(default_db_path())
    return path, queries.data_version(_connection(path))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(path: str, data_version: str, name: str, args: tuple, kwargs: tuple) -> Any:  # noqa: ARG001
    return getattr(queries, name)(_connection(path), *args, **dict(kwargs))


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """Run ``dashboard.queries.<name>`` with caching; lists become tuples to be hashable.

    The cache key holds the store's path and data version, so another store (tests) or a
    new import never returns stale rows.
    """
    norm = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    kw = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    return _cached(*_store(), name, norm, kw)


@st.cache_resource(max_entries=LOOKUP_ENTRIES, show_spinner=False)
def _area_lookup(path: str, data_version: str) -> tuple[figures.AreaStyles, transform.AreaIndex]:  # noqa: ARG001
    """Styles and names of every area, made once per store and data version.

    ``st.cache_resource`` (no copy on a hit) because both objects are read-only: styles are
    made as new dicts when asked for, names sit behind ``MappingProxyType``. Copying them
    as ``st.cache_data`` does would cost about what building them costs with 10 000 areas.
    """
    areas = queries.areas(_connection(path))
    return figures.area_styles(areas), transform.area_index(areas)


def area_styles() -> figures.AreaStyles:
    """Colour, marker and line of every area (the same on every page), cached per data version."""
    return _area_lookup(*_store())[0]


def area_index() -> transform.AreaIndex:
    """Names and display order of every area by code, cached per data version."""
    return _area_lookup(*_store())[1]


# ----------------------------------------------------------------------------- derived data

@dataclass(frozen=True)
class TrendData:
    """What Trender shows for one set of choices, apart from the figure."""

    series: pd.DataFrame         # transform.trend_series
    table: tables.Table          # tables.trend_table
    notes: list[str]             # transform.flag_notes
    example: bool                # any row is example data
    found: frozenset[str]        # area codes that have rows at all
    data_version: str = ""       # the store's version these were read at


def build_trend(q: Callable[..., Any], indicator: str, codes: Sequence[str], years: tuple[int, int],
                sexes: Sequence[str], view: str, measure: str, split: bool,
                kommun_code: str | None) -> TrendData:
    """Trender's data for one set of choices; ``q`` runs a ``dashboard.queries`` function.

    Without Streamlit, so the benchmark (bench/bench_pages.py) times exactly this.
    """
    obs = q("observations", indicator, list(codes), int(years[0]), int(years[1]), tuple(sexes))
    series = transform.trend_series(obs, view=view, measure=measure, kommun_code=kommun_code)
    return TrendData(series=series, table=tables.trend_table(series, view=view, measure=measure, split_sex=split),
                     notes=transform.flag_notes(series, with_sex=split), example=transform.any_example(obs),
                     found=frozenset(obs["area_code"].tolist()))


@st.cache_data(max_entries=DERIVED_ENTRIES, show_spinner=False)
def _trend(path: str, data_version: str, *args: Any) -> TrendData:  # noqa: ARG001
    con = _connection(path)
    data = build_trend(lambda name, *a: getattr(queries, name)(con, *a), *args)
    return replace(data, data_version=data_version)


def trend(indicator: str, codes: Sequence[str], years: tuple[int, int], sexes: Sequence[str], view: str,
          measure: str, split: bool, kommun_code: str | None) -> TrendData:
    """``build_trend`` cached on its parameters and the data version (``st.cache_data``,
    bounded): a rerun with the same choices (a click elsewhere on the page, a page change
    and back) skips the query, the series and the table. The observations are not cached
    separately, so they are held once."""
    return _trend(*_store(), indicator, tuple(codes),
                  (int(years[0]), int(years[1])), tuple(sexes), view, measure, bool(split), kommun_code)


@st.cache_resource(max_entries=DERIVED_ENTRIES, show_spinner=False)
def _trend_figure(path: str, data_version: str, key: tuple, _series: pd.DataFrame, _meta: Mapping,  # noqa: ARG001
                  _styles: Mapping[str, dict], _options: Mapping[str, Any]) -> go.Figure:
    return figures.trend_figure(_series, _meta, styles=_styles, **_options)


def trend_figure(data: TrendData, meta: Mapping, styles: Mapping[str, dict], *, indicator: str,
                 codes: Sequence[str], view: str, measure: str, years: tuple[int, int], sex: str,
                 split: bool, district_names: Sequence[str]) -> go.Figure:
    """``figures.trend_figure`` for ``trend(...)``, kept per choices and data version.

    ``st.cache_resource``: the figure is shared, not copied (a pickle round trip of a
    Plotly figure costs as much as building it). Treat it as read-only; ``st.plotly_chart``
    only reads it. The key holds every choice the figure depends on; series, meta and
    styles follow from those and the data version, so they are left out of the key.
    """
    path = str(default_db_path())
    years = (int(years[0]), int(years[1]))
    options = {"view": view, "measure": measure, "years": years, "sex": sex, "facet_sex": bool(split),
               "district_names": tuple(district_names), "example": bool(data.example)}
    key = (indicator, tuple(codes), view, measure, years, sex, bool(split), tuple(district_names),
           bool(data.example))
    return _trend_figure(path, data.data_version, key, data.series, meta, styles, options)


def build_profile_charts(panels: Sequence[tuple[Mapping, pd.DataFrame]], styles: Mapping[str, dict],
                         district_name: str) -> list[tuple[go.Figure, list[str]]]:
    """Områdesprofil's small multiples: (figure, notes under it) for each panel."""
    charts = []
    for meta, obs in panels:
        series = transform.trend_series(obs, view="values")
        charts.append((figures.small_multiple(series, meta, styles=styles, district_name=district_name,
                                              example=transform.any_example(obs)),
                       transform.flag_notes(series)))
    return charts


@st.cache_resource(max_entries=DERIVED_ENTRIES // 4, show_spinner=False)
def _profile_charts(path: str, data_version: str, key: tuple,  # noqa: ARG001
                    _panels: Sequence[tuple[Mapping, pd.DataFrame]], _styles: Mapping[str, dict],
                    _district_name: str) -> tuple[tuple[go.Figure, tuple[str, ...]], ...]:
    return tuple((fig, tuple(notes)) for fig, notes in build_profile_charts(_panels, _styles, _district_name))


def profile_charts(panels: Sequence[tuple[Mapping, pd.DataFrame]], styles: Mapping[str, dict], *,
                   district: str, district_name: str, years: tuple[int, int],
                   sex: str) -> tuple[tuple[go.Figure, tuple[str, ...]], ...]:
    """``build_profile_charts`` kept per district, years, kön and data version.

    One profile is some 60 figures (1–2 s to build); with this a rerun that keeps the
    choices (a click in the table, the Excel download, a page change and back) reuses them.
    ``st.cache_resource``, so the figures are shared and must be treated as read-only;
    fewer entries than for Trender because each holds many figures.
    """
    key = (district, (int(years[0]), int(years[1])), sex)
    return _profile_charts(*_store(), key, panels, styles, district_name)
