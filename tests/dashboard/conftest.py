"""Fixtures for the dashboard modules: real stores built from the bundled data/, once.

* ``con``             read-only on tests/conftest.py's ``built_store_path`` (data/, round 2021).
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


@pytest.fixture(scope="session")
def two_round_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_round_store(tmp_path_factory.mktemp("dashboard2") / "panel.duckdb")


@pytest.fixture(scope="session")
def con(built_store_path: Path):
    connection = duckdb.connect(str(built_store_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def con2(two_round_path: Path):
    connection = duckdb.connect(str(two_round_path), read_only=True)
    yield connection
    connection.close()
