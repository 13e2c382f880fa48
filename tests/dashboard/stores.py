"""Test stores: the bundled data plus a second follow-up round with hostile text.

Shared by tests/dashboard and tests/pages. The 2022 round goes in through the loaders'
own import path (a CSV in the documented format), so the tests see what a real import of a
second round gives the app.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from loaders.build import build_store
from loaders.importer import import_bytes
from loaders.store import DATA_DIR, connect

# Text that spreadsheet programs would turn into formulas unless written as text.
HOSTILE = {
    "1.1": '=HYPERLINK("http://example.invalid/","Klicka här")',
    "1.2": "+SUM(1,2)",
    "1.3": "-2+3",
    "1.4": "@SUM(A1)",
    "1.5": "\tTabb först",
    "1.6": "\rVagnretur först",
    "1.7": "{=1+1}",
}
# Measures whose status the 2022 round changes (2021 -> 2022).
CHANGED = {"1.2": "Genomförd", "2.1": "Genomförd", "4.1": "Ej genomförd"}


def round_2022_csv() -> bytes:
    """The 2021 register as a 2022 follow-up: three statuses changed, hostile comments."""
    book = openpyxl.load_workbook(DATA_DIR / "atgarder_2020_uppfoljning_2021.xlsx", read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    header = [str(h) for h in rows[0]]
    col = {name: header.index(name) for name in header}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        if row[col["Id"]] is None:
            continue
        row = ["" if v is None else v for v in row]
        measure = str(row[col["Id"]])
        row[col["Uppföljningsår"]] = 2022
        if measure in CHANGED:
            row[col["Status"]] = CHANGED[measure]
        if measure in HOSTILE:
            row[col["Kommentar"]] = HOSTILE[measure]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def build_two_round_store(path: Path) -> Path:
    build_store(path)
    con = connect(path)
    try:
        import_bytes(con, round_2022_csv(), "atgarder_uppfoljning_2022.csv", "atgarder", "test")
    finally:
        con.close()
    return path
