"""Shared fixtures: real DuckDB files in temporary folders, and small spreadsheets made here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders.build import build_store
from loaders.store import connect, load_reference_files, reference


@pytest.fixture
def store(tmp_path: Path):
    """A fresh store file with the reference data from data/ and no imports."""
    con = connect(tmp_path / "store.duckdb")
    load_reference_files(con)
    yield con
    con.close()


@pytest.fixture
def ref(store):
    return reference(store)


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from everything bundled in data/, once per test session."""
    path = tmp_path_factory.mktemp("built") / "panel.duckdb"
    build_store(path)
    return path


@pytest.fixture
def store_copy(built_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built store, selected for the app via INDIKATORPANEL_DB."""
    path = tmp_path / "panel.duckdb"
    shutil.copy(built_store_path, path)
    monkeypatch.setenv("INDIKATORPANEL_DB", str(path))
    return path


@pytest.fixture
def scb(monkeypatch: pytest.MonkeyPatch):
    """The SCB stand-in (tests/scb_server.py) on 127.0.0.1, set as INDIKATORPANEL_SCB_URL; started
    before an app server that reads the address from the environment."""
    from tests.scb_server import serving

    with serving(monkeypatch) as srv:
        yield srv


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (``-n 2 --dist loadgroup`` in pytest.ini) the browser tests run one
    after the other on one worker, so two Streamlit servers with their Chromiums never compete
    for a 2-core machine; the other tests are shared between the workers."""
    browser = Path(__file__).parent / "e2e"
    for item in items:
        if browser in Path(item.path).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))
