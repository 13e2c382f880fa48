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
from zoneinfo import ZoneInfo

import numpy as np
import xlsxwriter

from . import formatting as fmt
from .tables import Table

DATA_SHEET = "Data"
META_SHEET = "Om exporten"
EXAMPLE_NOTE = "Exempeldata – påhittade värden, inte verklig statistik."
MAX_CELL_TEXT = 32_767
TIMEZONE = ZoneInfo("Europe/Stockholm")
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


def xlsx_bytes(table: Table, info: ExportInfo, *, now: dt.datetime | None = None) -> bytes:
    """The xlsx file (bytes) for a shown table and what is known about it."""
    now = now or dt.datetime.now(TIMEZONE)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "nan_inf_to_errors": False,
    })
    book.set_properties({"title": info.title, "subject": "Indikatorpanelen, Linköpings kommun",
                         "comments": EXAMPLE_NOTE if info.example else "",
                         "keywords": "exempeldata" if info.example else ""})
    header = book.add_format({"bold": True, "bg_color": "#DCE3EE", "bottom": 2, "text_wrap": True,
                              "valign": "top"})
    header_number = book.add_format({"bold": True, "bg_color": "#DCE3EE", "bottom": 2, "text_wrap": True,
                                     "valign": "top", "align": "right"})
    text_fmt = book.add_format({"valign": "top"})
    wrap_fmt = book.add_format({"valign": "top", "text_wrap": True})
    symbol_fmt = book.add_format({"valign": "top", "align": "right", "font_color": "#555555"})
    int_fmt = book.add_format({"valign": "top", "num_format": "0"})
    number_formats: dict[int, object] = {}

    def num(decimals: int):
        if decimals not in number_formats:
            number_formats[decimals] = book.add_format({"valign": "top", "num_format": number_format(decimals)})
        return number_formats[decimals]

    sheet = book.add_worksheet(DATA_SHEET)
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    for c, name in enumerate(columns):
        is_number = name in table.numbers
        sheet.write_string(0, c, _text(name), header_number if is_number else header)
        sheet.set_column(c, c, _width(table, name), wrap_fmt if name in table.wrap else None)
    values = frame.to_numpy(dtype=object)
    for r in range(len(frame)):
        for c, name in enumerate(columns):
            value = values[r, c]
            flag = table.flags.get((r, name))
            decimals = table.decimals(name, r)
            row = r + 1
            if fmt.is_missing(value):
                if flag:
                    sheet.write_string(row, c, fmt.missing_symbol(flag), symbol_fmt)
                    sheet.write_comment(row, c, fmt.flag_label(flag))
                else:
                    sheet.write_blank(row, c, None, num(decimals) if decimals is not None else text_fmt)
                continue
            if decimals is not None:
                sheet.write_number(row, c, float(value), num(decimals))
                if flag:
                    sheet.write_comment(row, c, fmt.flag_label(flag))
            elif isinstance(value, str):
                sheet.write_string(row, c, _text(value), wrap_fmt if name in table.wrap else text_fmt)
            elif isinstance(value, (bool, np.bool_)):
                sheet.write_string(row, c, "Ja" if value else "Nej", text_fmt)
            elif isinstance(value, (int, np.integer)):
                sheet.write_number(row, c, float(value), int_fmt)
            elif isinstance(value, (float, np.floating)):
                sheet.write_number(row, c, float(value), text_fmt)
            else:
                sheet.write_string(row, c, _text(value), wrap_fmt if name in table.wrap else text_fmt)
    sheet.freeze_panes(1, 0)
    if columns:
        sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
    sheet.set_row(0, 36 if any(len(n) > 14 for n in columns) else None)
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
    pair("Källa till filen", "Indikatorpanelen, Linköpings kommun")
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
