"""The store's values as one tidy table: one row per indicator, area, year and kön.

``python -m loaders export --format csv`` and the app's CSV download write this table, and
the template loader reads it back (an export imported into another store gives the same
values). District values computed from schools or RegSO are included as the store shows
them, marked ``derived = true``: the template loader skips them when it reads the file into a
store that computes them itself (so an export read back changes nothing), and reads them as
values into one that does not. Values keep full precision; missing and suppressed values stay
as rows with an empty value and their flag.

CSV: UTF-8 without BOM, comma-separated, decimal point, a header row: what R, pandas and
PxWeb users expect of a machine-readable file. Text cells are written as they are stored,
except that one beginning with =, +, -, @, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet that opens the file shows text and never runs a formula (the
template loader drops that apostrophe again when the file is read back).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import duckdb
import pandas as pd

COLUMNS = ["indicator_id", "indicator", "area_code", "area", "level", "year", "sex", "value", "flag",
           "example", "derived", "source_file", "source_sheet", "source_row", "import_id"]


def tidy(con: duckdb.DuckDBPyConnection, indicators: Sequence[str] = (), areas: Sequence[str] = (), *,
         include_schools: bool = False) -> pd.DataFrame:
    """Every shown value (filtered by indicator ids and area codes when given), sorted."""
    cur = con.cursor()
    try:
        return cur.execute("""
            SELECT o.indicator_id, i.name AS indicator, o.area_code, a.name AS area, a.level, o.year, o.sex,
                   o.value, o.flag, o.example, o.derived, o.source_file, o.source_sheet, o.source_row, o.import_id
            FROM v_observations o JOIN indicators i USING (indicator_id) JOIN areas a ON a.code = o.area_code
            WHERE (len(?) = 0 OR list_contains(?, o.indicator_id))
              AND (len(?) = 0 OR list_contains(?, o.area_code))
              AND (? OR a.level <> 'skola')
            ORDER BY o.indicator_id, a.level, o.area_code, o.year, o.sex""",
                           [list(indicators), list(indicators), list(areas), list(areas), include_schools]).df()
    finally:
        cur.close()


def _number(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in frame.reindex(columns=COLUMNS).itertuples(index=False):
        writer.writerow([
            _text(row.indicator_id), _text(row.indicator), _text(row.area_code), _text(row.area), row.level,
            int(row.year), row.sex, _number(row.value), _text(row.flag), "true" if row.example else "false",
            "false" if pd.isna(row.derived) or not bool(row.derived) else "true",
            _text(row.source_file), _text(row.source_sheet),
            "" if pd.isna(row.source_row) else int(row.source_row),
            "" if pd.isna(row.import_id) else int(row.import_id)])
    return out.getvalue().encode("utf-8")
