"""Fixtures for the follow-up report: real stores built from data/, texts saved through the
loaders, and the 2021 report written once per session (with chart images where Chromium is
installed; without it the charts are left out and the picture tests are skipped locally and
fail in CI, like the meeting pack's)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.export import images  # noqa: E402
from dashboard.report import Report, TitleBlock, make_report  # noqa: E402
from dashboard.store import Memo, Store  # noqa: E402
from loaders.store import connect, save_report_text  # noqa: E402

ROUND = 2021
TODAY = dt.date(2022, 1, 5)
TITLE = TitleBlock("KS 2020-754", "Filippa Blomberg", dt.date(2022, 1, 5), "Kommunledningsförvaltningen")
INTRODUCTION = ("Åtgärdsplan mot segregation (KS 2020-754) beslutades av kommundirektören i december 2020.\n\n"
                "En uppföljning av åtgärdsplanen har därför gjorts nu.")
SUMMARY_1 = "Under året har områdesteam skapats och etablerats <b>inte fetstil</b> [länk](http://example.invalid)."
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def texts_store_path(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built store with an introduction (saved twice: the report uses the latest) and the
    summary of utvecklingsområde 1; areas 2–5 have none."""
    path = tmp_path_factory.mktemp("report") / "panel.duckdb"
    shutil.copy(built_store_path, path)
    con = connect(path)
    try:
        save_report_text(con, ROUND, "inledning", "Ett första utkast.", who="test")
        save_report_text(con, ROUND, "inledning", INTRODUCTION, who="test")
        save_report_text(con, ROUND, "uo1", SUMMARY_1, who="test")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def texts_store(texts_store_path: Path):
    con = connect(texts_store_path, read_only=True)
    yield Store(con, key=str(texts_store_path), memo=Memo())
    con.close()


@pytest.fixture(scope="session")
def report_2021(texts_store) -> Report:
    """The 2021 report, charts included when Chromium can draw them."""
    return make_report(texts_store, ROUND, TITLE, charts=images.chromium_available(), today=TODAY)


@pytest.fixture(scope="session")
def document(report_2021: Report):
    return docx.Document(io.BytesIO(report_2021.docx))
