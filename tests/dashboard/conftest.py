"""Fixtures for the dashboard modules: real stores built from the bundled data/, once.

* ``store_path``      the store built from data/ (one follow-up round, 2021).
* ``two_round_path``  the same plus a 2022 follow-up imported through the loaders, with
                      changed statuses and hostile comments ("=HYPERLINK(...)" and friends).
* ``con`` / ``con2``  read-only connections to them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # pytest.ini sets pythonpath = . ; this keeps a bare `pytest` working
    sys.path.insert(0, str(ROOT))

from tests.dashboard.stores import build_two_round_store  # noqa: E402
from loaders.build import build_store  # noqa: E402


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dashboard") / "panel.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def two_round_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_round_store(tmp_path_factory.mktemp("dashboard2") / "panel.duckdb")


@pytest.fixture(scope="session")
def con(store_path: Path):
    connection = duckdb.connect(str(store_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def con2(two_round_path: Path):
    connection = duckdb.connect(str(two_round_path), read_only=True)
    yield connection
    connection.close()
