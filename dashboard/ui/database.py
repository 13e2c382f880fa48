"""The store as the app opens it: the process-wide connection, the shared memo and the
store of the current run.

Below the frame and every panel: a panel or ``render`` that reads data asks here, not the
frame, so the frame can import them without importing itself back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import streamlit as st

from loaders.build import build_store
from loaders.store import connect, default_db_path

from ..home import producing
from ..store import Memo, Store

_run = threading.local()


@st.cache_resource(show_spinner=False, on_release=lambda con: con.close(), max_entries=4)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """Open the store at ``path``, building it from the bundled data/ if it does not exist."""
    store = Path(path)
    if not store.exists():
        with st.spinner("Bygger databasen från filerna i data/ (första start) …"):
            build_store(store)
    return connect(store)


@st.cache_resource(show_spinner=False, max_entries=4)
def _memo(path: str) -> Memo:  # noqa: ARG001 - one memo per store file
    return Memo()


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the store that INDIKATORPANEL_DB (or the default) names."""
    return _connection(str(default_db_path()))


def open_store() -> Store:
    """A new view of the store (it reads the data version once), sharing the process's memo."""
    path = str(default_db_path())
    return Store(_connection(path), key=path, memo=_memo(path))


def store() -> Store:
    """The store as this run sees it: one data version for the whole run, shared memo."""
    current = getattr(_run, "store", None)
    return current if current is not None else open_store()


@contextmanager
def this_run(current: Store) -> Iterator[None]:
    """While a page runs, every ``store()`` in this thread is ``current``: a rerun reads one
    data version even if an editor imports halfway through it."""
    _run.store = current
    try:
        with producing(current.home()):  # every chart this run draws is signed by the store's kommun
            yield
    finally:
        _run.store = None
