"""Excel export of a shown table: exactly its rows, in Swedish, safe to open.

Sheet "Data" holds the table as shown (filters applied): Swedish headers in row 1, a frozen
header row, an autofilter, column widths, number formats with each indicator's decimals
(Excel shows the decimal comma itself in a Swedish locale). Missing values are written as
their symbol ('..' prickat, '.' saknas) with a cell comment, never as zero. Sheet
"Om exporten" records what the file holds: filters, sources, definitions, export time and,
for example data, that the values are invented.

Every text cell is written with ``write_string``: text that begins with ``=``, ``+``, ``-``,
``@``, tab, carriage return or ``{=`` stays text and never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xlsxwriter

from loaders.domain import TIMEZONE

from .. import formatting as fmt
from ..home import producer
from ..tables import Table

DATA_SHEET = "Data"
META_SHEET = "Om exporten"
EXAMPLE_NOTE = "Exempeldata – påhittade värden, inte verklig statistik."
MAX_CELL_TEXT = 32_767
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportInfo:
    """What the metadata sheet says about the exported table."""

    title: str
    filters: Sequence[tuple[str, str]] = ()
    sources: Sequence[tuple[str, str]] = ()        # (what, source)
    definitions: Sequence[tuple[str, str]] = ()    # (indicator, definition)
    example: bool = False
    notes: Sequence[str] = field(default_factory=tuple)


def number_format(decimals: int) -> str:
    """'#,##0.0' for one decimal: Excel shows space thousands and decimal comma in sv-SE."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def file_name(page: str, parts: Sequence[str], day: dt.date | None = None) -> str:
    """'trender', ['forsorjningsstod_andel', 'Berga-Ryd'] -> 'trender_forsorjningsstod_andel_Berga-Ryd_2026-11-23.xlsx'."""
    day = day or dt.datetime.now(TIMEZONE).date()
    pieces = [fmt.slug(page)] + [fmt.slug(p) for p in parts if p]
    return "_".join(pieces) + f"_{day.isoformat()}.xlsx"


def _text(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def _width(table: Table, column: str) -> int:
    if column in table.widths:
        minimum = 9 if column in table.numbers else 4
        return max(int(table.widths[column]), minimum, len(str(column)) + 2 if column in table.numbers else 0)
    longest = len(str(column))
    for value in table.frame[column].head(300):
        if not fmt.is_missing(value):
            longest = max(longest, len(str(value)))
    return max(8, min(longest + 2, 60))


class TableFormats:
    """The cell formats a table sheet uses, made once per workbook and shared by its sheets.

    XlsxWriter adds a new style record for every ``add_format``; sharing one set keeps the
    meeting pack's many sheets (``dashboard.meeting``) to the same handful of styles.
    """

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"valign": "top"}
        self.header = book.add_format({"bold": True, "bg_color": "#DCE3EE", "bottom": 2, "text_wrap": True,
                                       "valign": "top"})
        self.header_number = book.add_format({"bold": True, "bg_color": "#DCE3EE", "bottom": 2,
                                              "text_wrap": True, "valign": "top", "align": "right"})
        self.text = book.add_format(base)
        self.wrap = book.add_format({**base, "text_wrap": True})
        self.symbol = book.add_format({**base, "align": "right", "font_color": "#555555"})
        self.int = book.add_format({**base, "num_format": "0"})
        self._book = book
        self._numbers: dict[int, object] = {}

    def number(self, decimals: int):
        """The number format for ``decimals`` decimals, made on first use."""
        if decimals not in self._numbers:
            self._numbers[decimals] = self._book.add_format(
                {"valign": "top", "num_format": number_format(decimals)})
        return self._numbers[decimals]


def _missing_mask(column: pd.Series) -> np.ndarray:
    """Missing cells of one column: None, NaN, pd.NA and NaT (text such as 'nan' is text)."""
    return np.asarray(column.isna(), dtype=bool)


def _write_number_column(sheet, c: int, column: pd.Series, spec: int | Sequence[int],
                         f: TableFormats) -> np.ndarray:
    """A number column with the indicator's decimals; missing cells blank in the same format.

    Values are cleared of binary float noise (−11.20000000000002 -> −11.2) but keep every
    decimal they really have: a stored value is written as imported, never cut to the
    displayed decimals (the cell's format shows those). Computed columns (changes,
    differences) are rounded where they are made."""
    values = np.round(column.to_numpy(dtype=float, na_value=np.nan), 10)
    missing = np.isnan(values)
    n = len(values)
    if isinstance(spec, int):
        formats: Sequence = [f.number(spec)] * n
    else:
        by_decimals = {d: f.number(d) for d in {int(d) for d in spec}}
        formats = [by_decimals[int(d)] for d in spec]
    write_number, write_blank = sheet.write_number, sheet.write_blank
    for r, (value, gone) in enumerate(zip(values.tolist(), missing.tolist(), strict=True)):
        if gone:
            write_blank(r + 1, c, None, formats[r])
        else:
            write_number(r + 1, c, value, formats[r])
    return missing


def _write_value(sheet, row: int, c: int, value: object, text_format, f: TableFormats) -> None:
    """One cell of a column of mixed types: what a single value is written as."""
    if isinstance(value, str):
        sheet.write_string(row, c, _text(value), text_format)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_string(row, c, "Ja" if value else "Nej", f.text)
    elif isinstance(value, (int, np.integer)):
        sheet.write_number(row, c, float(value), f.int)
    elif isinstance(value, (float, np.floating)):
        sheet.write_number(row, c, float(value), f.text)
    else:  # dates and anything else: as text, never a formula
        sheet.write_string(row, c, _text(value), text_format)


def _write_other_column(sheet, c: int, column: pd.Series, text_format, f: TableFormats) -> np.ndarray:
    """A column without decimals: text as text, yes/no in words, whole numbers as numbers.

    The type is decided once for the column from its dtype; only an object column that
    holds something other than text falls back to deciding cell by cell.
    """
    missing = _missing_mask(column)
    write_blank = sheet.write_blank
    present = np.flatnonzero(~missing).tolist()
    for r in np.flatnonzero(missing).tolist():
        write_blank(r + 1, c, None, f.text)
    if not present:
        return missing
    values = column.to_numpy(dtype=object)
    values = (values[present] if missing.any() else values).tolist()
    if pd.api.types.is_bool_dtype(column.dtype):
        write_string = sheet.write_string
        for r, value in zip(present, values, strict=True):
            write_string(r + 1, c, "Ja" if value else "Nej", f.text)
    elif pd.api.types.is_integer_dtype(column.dtype) or pd.api.types.is_float_dtype(column.dtype):
        number_format_ = f.int if pd.api.types.is_integer_dtype(column.dtype) else f.text
        write_number = sheet.write_number
        for r, value in zip(present, values, strict=True):
            write_number(r + 1, c, float(value), number_format_)
    elif all(type(v) is str for v in values):
        # every cell through write_string: '=…', '+…', '@…' stay text (never a formula)
        write_string = sheet.write_string
        for r, value in zip(present, values, strict=True):
            write_string(r + 1, c, value if len(value) <= MAX_CELL_TEXT else _text(value), text_format)
    else:
        for r, value in zip(present, values, strict=True):
            _write_value(sheet, r + 1, c, value, text_format, f)
    return missing


def write_table(book: xlsxwriter.Workbook, name: str, table: Table, f: TableFormats):
    """The table on a new sheet ``name``: the one way every Excel file here writes a table.

    Swedish headers in a frozen first row with an autofilter, widths, each number column in
    its indicator's decimals. Written a column at a time (type, format and missing cells are
    decided once per column), then the flagged cells are written again: a missing value
    becomes its symbol ('..', '.') with the flag's meaning as a cell comment, a value with a
    caveat keeps its number and gets the comment. Returns the worksheet.
    """
    sheet = book.add_worksheet(name)
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    for c, column in enumerate(columns):
        sheet.write_string(0, c, _text(column), f.header_number if column in table.numbers else f.header)
        sheet.set_column(c, c, _width(table, column), f.wrap if column in table.wrap else None)
    missing: list[np.ndarray] = []
    for c, column in enumerate(columns):
        spec = table.numbers.get(column)
        series = frame.iloc[:, c]
        if spec is not None:
            missing.append(_write_number_column(sheet, c, series, spec, f))
        else:
            missing.append(_write_other_column(sheet, c, series, f.wrap if column in table.wrap else f.text, f))
    _write_flags(sheet, table, columns, missing, f)
    sheet.freeze_panes(1, 0)
    if columns:
        sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    sheet.set_row(0, 36 if any(len(n) > 14 for n in columns) else None)
    return sheet


def _write_flags(sheet, table: Table, columns: Sequence[str], missing: Sequence[np.ndarray],
                 f: TableFormats) -> None:
    """Overwrite only the flagged cells: symbol and comment where missing, comment on numbers."""
    positions: dict[str, list[int]] = {}
    for c, column in enumerate(columns):
        positions.setdefault(column, []).append(c)
    labels: dict[str, str] = {}
    n = len(table.frame)
    for (r, column), flag in table.flags.items():
        if not flag or not 0 <= r < n or column not in positions:
            continue
        if flag not in labels:
            labels[flag] = fmt.flag_label(flag)
        for c in positions[column]:
            if missing[c][r]:
                sheet.write_string(r + 1, c, fmt.missing_symbol(flag), f.symbol)
                sheet.write_comment(r + 1, c, labels[flag])
            elif column in table.numbers:
                sheet.write_comment(r + 1, c, labels[flag])


def new_workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """An in-memory workbook that never turns text into formulas, links or numbers."""
    return xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
    })


def xlsx_bytes(table: Table, info: ExportInfo, *, now: dt.datetime | None = None) -> bytes:
    """The xlsx file (bytes) for a shown table and what is known about it."""
    now = now or dt.datetime.now(TIMEZONE)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": info.title, "subject": producer(),
                         "comments": EXAMPLE_NOTE if info.example else "",
                         "keywords": "exempeldata" if info.example else ""})
    sheet = write_table(book, DATA_SHEET, table, TableFormats(book))
    sheet.activate()
    _write_meta(book, info, table, now)
    book.close()
    return buffer.getvalue()


def _write_meta(book, info: ExportInfo, table: Table, now: dt.datetime) -> None:
    meta = book.add_worksheet(META_SHEET)
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    key_fmt = book.add_format({"bold": True, "valign": "top"})
    value_fmt = book.add_format({"text_wrap": True, "valign": "top"})
    section_fmt = book.add_format({"bold": True, "font_size": 12, "bottom": 1})
    warn_fmt = book.add_format({"bold": True, "bg_color": "#FFE8A3", "font_color": "#5C3D00",
                                "border": 1, "text_wrap": True})
    meta.set_column(0, 0, 30)
    meta.set_column(1, 1, 100)
    row = 0
    meta.write_string(row, 0, _text(info.title), title_fmt)
    row += 2
    if info.example:
        meta.merge_range(row, 0, row, 1, EXAMPLE_NOTE, warn_fmt)
        row += 2

    def pair(key: str, value: str) -> None:
        nonlocal row
        meta.write_string(row, 0, _text(key), key_fmt)
        meta.write_string(row, 1, _text(value), value_fmt)
        row += 1

    def section(name: str) -> None:
        nonlocal row
        row += 1
        meta.write_string(row, 0, name, section_fmt)
        meta.write_string(row, 1, "", section_fmt)
        row += 1

    pair("Innehåll", info.title)
    pair("Exporterad", now.strftime("%Y-%m-%d %H:%M") + (" (svensk tid)" if now.tzinfo else ""))
    pair("Antal rader", str(len(table)))
    pair("Exempeldata", "Ja – påhittade värden, inte verklig statistik" if info.example else "Nej")
    pair("Källa till filen", producer())
    if info.filters:
        section("Urval och filter")
        for key, value in info.filters:
            pair(key, value)
    if info.sources:
        section("Källor")
        for key, value in info.sources:
            pair(key, value)
    if info.definitions:
        section("Definitioner")
        for key, value in info.definitions:
            pair(key, value)
    notes = [*info.notes, *table.notes]
    used_flags = sorted(set(table.flags.values()))
    if notes or used_flags:
        section("Anmärkningar")
        for note in notes:
            pair("Anmärkning", note)
        for flag in used_flags:
            symbol = fmt.missing_symbol(flag) if flag in fmt.MISSING_FLAGS else "(kommentar i cellen)"
            pair(f"{symbol}", f"{flag}: {fmt.flag_label(flag)}")
