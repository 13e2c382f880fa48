"""Fixtures the loader tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders.store import connect, load_reference_files


@pytest.fixture(scope="module")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store with the reference data only, made once per module (the slow part)."""
    path = tmp_path_factory.mktemp("mall") / "template.duckdb"
    con = connect(path)
    load_reference_files(con)
    con.close()
    return path


@pytest.fixture
def db(template_store: Path, tmp_path: Path) -> Path:
    """A private copy of the template store, closed (a command line opens it itself)."""
    path = tmp_path / "store.duckdb"
    shutil.copy(template_store, path)
    return path
