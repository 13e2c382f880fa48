"""The store as the app sees it: one connection per process, bounded cached queries.

The connection is shared by every session (``st.cache_resource``), so each query takes its
own cursor (see dashboard.queries). Query results are cached by function name, parameters
and the store's data version, so an import or an undo is visible on the next rerun.
"""

from __future__ import annotations

from typing import Any

import duckdb
import streamlit as st

from loaders.build import build_store
from loaders.store import connect, default_db_path

from . import queries

CACHE_ENTRIES = 512


@st.cache_resource(show_spinner=False, on_release=lambda con: con.close())
def connection() -> duckdb.DuckDBPyConnection:
    """Open the store, building it from the bundled data/ on the very first start."""
    path = default_db_path()
    if not path.exists():
        with st.spinner("Bygger databasen från filerna i data/ (första start) …"):
            build_store(path)
    return connect(path)


def version() -> str:
    return queries.data_version(connection())


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(name: str, data_version: str, args: tuple, kwargs: tuple) -> Any:  # noqa: ARG001
    return getattr(queries, name)(connection(), *args, **dict(kwargs))


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """Run ``dashboard.queries.<name>`` with caching; lists become tuples to be hashable."""
    norm = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    kw = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    return _cached(name, version(), norm, kw)
