"""Shared fixtures: real DuckDB files in temporary folders, and small spreadsheets made here."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from loaders.build import build_store
from loaders.store import connect, load_reference_files, reference


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]], hidden: Sequence[str] = ()) -> bytes:
    """A real xlsx written by openpyxl: {sheet name: rows}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, bom: bool = True, encoding: str = "utf-8",
              delimiter: str = ";", crlf: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom and encoding == "utf-8" else data


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
