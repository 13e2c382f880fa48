"""Which districts the sidebar offers: our kommun's, even in a store holding all of Sweden."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.store import Store


def _areas() -> pd.DataFrame:
    rows = [
        ("0580-BER", "Berga", "omrade", "0580", True),
        ("0580-RYD", "Ryd", "omrade", "0580", True),
        ("0580-LAM", "Lambohov", "omrade", "0580", False),
        ("0180-X1", "Annan stadsdel", "omrade", "0180", False),
        ("EGEN", "Område utan kommun", "omrade", None, False),
        ("0580", "Linköpings kommun", "kommun", "SE", False),
        ("0180", "Stockholms kommun", "kommun", "SE", False),
        ("SE", "Riket", "riket", None, False),
    ]
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent", "priority"])


def _districts(areas: pd.DataFrame) -> pd.DataFrame:
    """``Store.districts()`` on a store whose area list is ``areas`` (in catalogue order)."""
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE areas (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL, "
                    "parent VARCHAR, priority BOOLEAN NOT NULL DEFAULT FALSE, sort_order INTEGER NOT NULL)")
        frame = areas.assign(sort_order=range(len(areas)))  # noqa: F841 - read by DuckDB below
        con.execute("INSERT INTO areas SELECT code, name, level, parent, priority, sort_order FROM frame")
        return Store(con).districts()
    finally:
        con.close()


def test_only_districts_of_the_priority_districts_kommun_and_those_without_a_parent():
    assert list(_districts(_areas())["code"]) == ["0580-BER", "0580-RYD", "0580-LAM", "EGEN"]


def test_without_priority_districts_every_district_is_offered():
    areas = _areas().assign(priority=False)
    assert list(_districts(areas)["code"]) == ["0580-BER", "0580-RYD", "0580-LAM", "0180-X1", "EGEN"]
