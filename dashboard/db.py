"""The store as the app sees it: one connection per process, bounded cached queries.

The connection is shared by every session (``st.cache_resource``), so each query takes its
own cursor (see dashboard.queries). Query results are cached by function name, parameters
and the store's data version, so an import or an undo is visible on the next rerun.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from loaders.build import build_store
from loaders.store import connect, default_db_path

from . import queries

CACHE_ENTRIES = 512


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
    return queries.data_version(connection())


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(path: str, name: str, data_version: str, args: tuple, kwargs: tuple) -> Any:  # noqa: ARG001
    return getattr(queries, name)(_connection(path), *args, **dict(kwargs))


def query(name: str, *args: Any, **kwargs: Any) -> Any:
    """Run ``dashboard.queries.<name>`` with caching; lists become tuples to be hashable.

    The cache key holds the store's path and data version, so another store (tests) or a
    new import never returns stale rows.
    """
    norm = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    kw = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
    path = str(default_db_path())
    return _cached(path, name, queries.data_version(_connection(path)), norm, kw)
