"""AppTest fixtures: the real app.py on real stores built from the bundled data/.

``app(page, **query_params)`` runs app.py (optionally switched to ``page`` and started from
a URL with ``query_params``) against the store the test chose with ``use_store``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.build import build_store  # noqa: E402
from loaders.importer import import_path  # noqa: E402
from loaders.store import DATA_DIR, connect, load_reference_files  # noqa: E402
from tests.dashboard.stores import build_two_round_store  # noqa: E402

APP = ROOT / "app.py"
TIMEOUT = 60  # seconds; AppTest's default of 3 s is too short for a first run with a cold cache


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "panel.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def two_round_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_round_store(tmp_path_factory.mktemp("pages2") / "panel.duckdb")


@pytest.fixture(scope="session")
def real_only_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only real data: the measure register, no example indicator files."""
    path = tmp_path_factory.mktemp("pages3") / "panel.duckdb"
    con = connect(path)
    try:
        load_reference_files(con)
        import_path(con, DATA_DIR / "atgarder_2020_uppfoljning_2021.xlsx", who="test")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def choose(path: Path) -> None:
        monkeypatch.setenv("INDIKATORPANEL_DB", str(path))
    return choose


@pytest.fixture
def app(bundled_store: Path, use_store) -> Callable[..., AppTest]:
    use_store(bundled_store)

    def run(page: str | None = None, **query_params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if page is not None:
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            at.switch_page(page)
        for key, value in query_params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run
