"""Fixtures for the meeting mode: a store built from the bundled data/, and one meeting pack.

Rendering chart images needs Chromium (kaleido drives Debian's /usr/bin/chromium) and takes
seconds, so the pack with images is built once per session (``pack``). Without Chromium the
tests that need images are skipped locally and FAIL in CI (``CI=true``).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.export import images, pack as meeting  # noqa: E402
from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec  # noqa: E402
from dashboard.store import Store  # noqa: E402
from loaders.build import build_store  # noqa: E402
from tests.e2e.helpers import skip_or_fail  # noqa: E402

MEETING_DATE = dt.date(2026, 11, 23)
SPECS = [
    TrendSpec("forsorjningsstod_andel", ("0580-BER", "0580-SKA"), (2015, 2024)),
    RankingSpec("meritvarde_ak9", 2024),
    MeasuresSpec(2021),
    TrendSpec("meritvarde_ak9", ("0580-RYD",), (2012, 2024), view="gap", split=True),
]


@pytest.fixture(scope="session")
def app_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of its own for AppTest: the app opens its file read-write, and DuckDB refuses a
    second connection with another configuration to the same file in one process."""
    path = tmp_path_factory.mktemp("presentation_app") / "panel.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def panel(built_store_path: Path) -> Store:
    """The built store, read-only (the meeting pack only reads)."""
    con = duckdb.connect(str(built_store_path), read_only=True)
    yield Store(con)
    con.close()


@pytest.fixture(scope="session")
def pack(panel) -> meeting.Pack:
    """The meeting pack of SPECS with chart images (renders once for the whole session)."""
    if not images.chromium_available():
        skip_or_fail("Chromium is missing (apt-get install -y chromium); chart images cannot be rendered")
    result = meeting.build_pack(SPECS, panel, meeting_date=MEETING_DATE)
    if result.pptx is None:
        skip_or_fail(f"kaleido could not render with Chromium: {result.warning}")
    return result
