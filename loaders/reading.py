"""Defensive reading of uploaded spreadsheets into plain cell grids.

Every file is treated as hostile until proven otherwise: size limits before anything is
parsed, an xlsx is checked as a zip (declared sizes, compression ratio) before a parser sees
it, and any parser failure -- including Rust panics from calamine, which are not
``Exception`` subclasses -- becomes a Swedish message naming the file.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

import python_calamine
from defusedxml import ElementTree as DefusedET

from .errors import ImportFailed, Problem, fail
from .values import BadCell, PercentCell, clean_name

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 2_000
MAX_CELL_CHARS = 10_000
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv")

Cell = object  # str, float, int, bool, datetime, BadCell or None


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid of cells; row i of ``rows`` is spreadsheet row i + 1."""

    name: str
    rows: list[list[Cell]]
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()      # 1-based rows hidden in Excel (they are read)
    hidden_columns: tuple[str, ...] = ()   # column letters hidden in Excel (they are read)

    def cell(self, row: int, col: int) -> Cell:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass(frozen=True)
class Workbook:
    file_name: str
    checksum: str
    sheets: list[Sheet]
    is_csv: bool
    document: object = None     # a JSON upload, parsed (its sheets are then empty)
    example: bool = False       # carries the bundled generator's example-data marker

    def sheet_label(self, sheet: Sheet) -> str | None:
        """CSV files have no sheets worth naming in a message."""
        return None if self.is_csv else sheet.name

    def warnings(self) -> list[Problem]:
        """What the preview should say about the file itself: hidden rows and columns that
        were read although Excel hides them."""
        out = []
        for sheet in self.sheets:
            if sheet.hidden or not sheet.rows:
                continue
            label = self.sheet_label(sheet)
            if sheet.hidden_rows:
                out.append(Problem(f"{_spans(sheet.hidden_rows, 'rad', 'raderna')} är dolda i Excel men har "
                                   "lästs in som vanliga rader.", self.file_name, label, severity="varning"))
            if sheet.hidden_columns:
                out.append(Problem(f"kolumn {', '.join(sheet.hidden_columns[:10])} är dold i Excel men har "
                                   "lästs in.", self.file_name, label, severity="varning"))
        return out


def _spans(rows: Sequence[int], one: str, many: str) -> str:
    """(3, 4, 5, 9) -> 'raderna 3–5, 9'."""
    parts: list[str] = []
    start = prev = rows[0]
    for r in list(rows[1:]) + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    text = ", ".join(parts[:12]) + (" …" if len(parts) > 12 else "")
    return f"{one if len(rows) == 1 else many} {text}"


def column_letter(index: int) -> str:
    """0-based column index to the spreadsheet letter users see (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


EXAMPLE_MARKER = "EXEMPELDATA (Indikatorpanelen)"
MAX_JSON_DEPTH = 64
MAX_JSON_TOKENS = 5_000_000
JSON_SUFFIXES = (".json", ".geojson")


def read_document(data: bytes, file_name: str, *, delimiter: str | None = None) -> Workbook:
    """Read xlsx, xls, csv or json bytes, refusing anything suspicious.

    A CSV's delimiter is the one its first lines use most, unless ``delimiter`` says it (a
    reader that knows its header can tell when cells full of commas misled the guess).

    The file and sheet names are cleaned of control, invisible and direction-changing
    characters before they are shown or stored. A cell holding exactly the bundled
    generator's marker (``EXAMPLE_MARKER``) marks the file as example data and is then
    emptied, so no loader reads it as data.
    """
    name = clean_name(PurePath(str(file_name).replace("\\", "/")).name) or "fil utan namn"
    suffix = PurePath(name).suffix.lower()
    if len(data) == 0:
        raise fail("filen är tom (0 byte).", file=name)
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"filen är {len(data) / 1e6:.0f} MB; största tillåtna storlek är "
                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB.", file=name)
    checksum = hashlib.sha256(data).hexdigest()
    if suffix in JSON_SUFFIXES:
        return Workbook(name, checksum, [], is_csv=False, document=_read_json(data, name))
    if suffix not in SUPPORTED_SUFFIXES:
        raise fail(f"filtypen «{suffix or 'utan ändelse'}» stöds inte; använd .xlsx, .xls, .csv eller .json.",
                   file=name)
    if suffix in (".xlsx", ".xlsm"):
        sheets, is_csv = _read_xlsx(data, name), False
    elif suffix == ".xls":
        sheets, is_csv = _read_xls(data, name), False
    elif data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise fail("filen heter .csv men är en Excel-fil; byt ändelse till .xlsx.", file=name)
    else:
        sheets, is_csv = [_read_csv(data, name, delimiter)], True
    example = _take_marker(sheets)
    return Workbook(name, checksum, sheets, is_csv=is_csv, example=example)


read_workbook = read_document


def _take_marker(sheets: list[Sheet]) -> bool:
    found = False
    for sheet in sheets:
        for row in sheet.rows[:40] + sheet.rows[-5:]:
            for c, cell in enumerate(row):
                if isinstance(cell, str) and EXAMPLE_MARKER in cell:
                    found = True
                    if cell.strip() == EXAMPLE_MARKER:
                        row[c] = None
    return found


def _json_shape(data: bytes, name: str) -> None:
    """Refuse JSON nested deeper or holding more values than any statistics response does,
    in one linear pass and before the (recursive) parser sees it."""
    depth = tokens = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
            continue
        if byte == 0x22:
            in_string = True
            tokens += 1
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise fail(f"JSON-filen är nästlad djupare än {MAX_JSON_DEPTH} nivåer, vilket ingen "
                           "statistikfil är; den läses inte.", file=name)
        elif byte in (0x5D, 0x7D):
            depth -= 1
        elif byte == 0x2C:
            tokens += 1
            if tokens > MAX_JSON_TOKENS:
                raise fail(f"JSON-filen innehåller fler än {MAX_JSON_TOKENS:,} värden; dela upp den eller hämta "
                           "färre år eller områden.".replace(",", " "), file=name)


def _read_json(data: bytes, name: str) -> object:
    if data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise fail("filen heter .json men är en Excel-fil; byt ändelse till .xlsx.", file=name)
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise fail("JSON-filen är inte text i UTF-8.", file=name) from None
    _json_shape(text.encode("utf-8"), name)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f" (rad {exc.lineno}, kolumn {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise fail(f"filen är inte giltig JSON{where}; spara svaret från API:et som det är och försök igen.",
                   file=name) from None


@dataclass
class _ZipScan:
    """What the sheet XML says before calamine reads it: bad cells, how far sheets reach, and
    what calamine does not tell: cells formatted as percent, and hidden rows and columns."""

    bad_cells: dict[str, dict[tuple[int, int], BadCell]]  # sheet name -> (row, col) -> cell
    percent_cells: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    hidden_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    hidden_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)


# Cell formats: Excel's built-in percent formats, and any custom format with a % outside quotes.
_PERCENT_BUILTIN = {9, 10}
_CELL_TAG = re.compile(rb"<c\s([^>]*)>")
_ROW_TAG = re.compile(rb"<row\s([^>]*)>")
_COL_TAG = re.compile(rb"<col\s([^>]*)/?>")
_ATTR = re.compile(rb"""([A-Za-z:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: bytes) -> dict[bytes, bytes]:
    return {m.group(1).rpartition(b":")[2]: (m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(text)}


def _is_percent_format(code: str) -> bool:
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in plain


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indices of the cell styles (cellXfs) whose number format shows a percent."""
    try:
        styles = DefusedET.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    percent_ids = set(_PERCENT_BUILTIN)
    for fmt in styles.iter(f"{ns}numFmt"):
        if _is_percent_format(fmt.get("formatCode", "")):
            percent_ids.add(int(fmt.get("numFmtId", "-1")))
    out: set[int] = set()
    xfs = next(iter(styles.iter(f"{ns}cellXfs")), None)
    for index, xf in enumerate(xfs if xfs is not None else []):
        if int(xf.get("numFmtId", "0")) in percent_ids:
            out.add(index)
    return out


def _layout_facts(xml: bytes, percent: set[int]) -> tuple[set[tuple[int, int]], tuple[int, ...], tuple[str, ...]]:
    """Percent-formatted number cells, hidden rows (1-based) and hidden columns of one sheet."""
    cells: set[tuple[int, int]] = set()
    if percent and b" s=" in xml:
        for m in _CELL_TAG.finditer(xml):
            attrs = _attrs(m.group(1))
            style, kind, ref = attrs.get(b"s"), attrs.get(b"t", b"n"), attrs.get(b"r")
            if style and ref and kind == b"n" and style.isdigit() and int(style) in percent:
                place = _ref(ref, need_column=True)
                if place is not None:
                    cells.add(place)
    rows: list[int] = []
    if b"hidden" in xml:
        for m in _ROW_TAG.finditer(xml):
            attrs = _attrs(m.group(1))
            if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"r", b"").isdigit():
                rows.append(int(attrs[b"r"]))
    columns: list[str] = []
    if b"<col " in xml:
        for m in _COL_TAG.finditer(xml):
            attrs = _attrs(m.group(1))
            if attrs.get(b"hidden") in (b"1", b"true"):
                lo, hi = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
                columns += [column_letter(c - 1) for c in range(lo, min(hi, lo + 50) + 1)]
    return cells, tuple(sorted(rows)), tuple(columns)


MAX_SHEET_CELLS = 10_000_000  # rows x columns calamine would allocate for one sheet
MAX_SHEET_ROWS = 1_048_576  # Excel's own limits; a reference beyond them is never a real table
MAX_SHEET_COLUMNS = 16_384
# The exact (tag-by-tag) scan is linear but Python-speed, about 1 s per 2 MB under load; only
# sheets no spreadsheet program writes take it, so a large one is refused rather than letting
# one upload hold the server for half a minute.
MAX_EXACT_SCAN_BYTES = 8 * 1024 * 1024
_MIN_COLUMNS = 26  # a sheet counts as at least A-Z wide when its rows are weighed
_FORMULA_WITHOUT_VALUE = "formel utan beräknat värde"


@dataclass
class _SheetFacts:
    """How far one sheet part reaches and which cells calamine would hand over empty.

    ``max_row`` and ``max_col`` are 1-based (0 when the part has no rows or cells) and are
    at least as large as what calamine's dense grid would get; ``malformed`` is set when the
    sheet XML is built so that calamine could place cells where this scan cannot follow.
    """

    max_row: int = 0
    max_col: int = 0
    bad_cells: dict[tuple[int, int], BadCell] = field(default_factory=dict)
    malformed: bool = False
    unusual: bool = False  # not in any spreadsheet program's form, and too big to scan exactly

    def too_large(self) -> bool:
        return (self.max_row > MAX_SHEET_ROWS or self.max_col > MAX_SHEET_COLUMNS
                or self.max_row * max(_MIN_COLUMNS, self.max_col) > MAX_SHEET_CELLS)


# Every pattern below is linear: no lazy ``.*?`` over the document, every repeat is a class
# that stops at the next '<' or at a closing quote, so a malformed part costs one pass.
_ATTRS = rb"""(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*"""
_ATTRS_NOT_T = rb"""(?:\s+(?!t\s*=)[^\s=<>/]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*"""
# Fast path (sheets as Excel, LibreOffice, openpyxl and XlsxWriter write them: every <c>
# starts with r="..."); the attribute order after r does not matter.
_FAST_ERROR_CELL = re.compile(
    rb'<c r="([A-Za-z]+)(\d+)"' + _ATTRS_NOT_T + rb"""\s+t\s*=\s*(?:"e"|'e')""" + _ATTRS
    + rb">(?:\s*<f" + _ATTRS + rb"(?:/>|>[^<]*</f\s*>))?\s*<v\s*>([^<]+)</v\s*>")
_FAST_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Za-z]+)(\d+)"' + _ATTRS + rb">\s*<f" + _ATTRS + rb"(?:/>|>[^<]*</f\s*>)"
    rb"\s*(?:<v\s*/>|<v\s*>\s*</v\s*>)?\s*</c\s*>")
# Fast path screens. The first decides, in one pass over the cells, whether any <c> does
# not start with r="..", has a column of two letters or more, or a row above the limit for
# a sheet up to 26 columns wide (``_first_r_screen``); the others look for an r attribute
# that is not a cell's first (a later r wins in calamine) and for prefixed sheet elements.
_NOT_CANONICAL_CELL = re.compile(rb'<c(?:[\t\n\r\f\v/>]| (?!r="))')
_PREFIXED_ELEMENT = re.compile(rb":(?:c|row|f|v|is|sheetData)[\s/>]")
_R_AFTER_QUOTE = re.compile(rb'" r[ =]')
_LATER_R = re.compile(rb"""["'][ \t\n\r\f\v]+r[ \t\n\r\f\v]*=""")
_REF_THREE_LETTERS = re.compile(rb'<c r="[A-Za-z]{3}')
# Exact scan: one token per tag, quote-aware (a '>' or '<' inside a value does not end it).
_TOKEN = re.compile(
    rb"""<(?:c((?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*>(?:<v>([^<]*)</v>)?</c>"""  # whole cell
    rb"""|(/?)([^\s/>!?<"'=]+)((?:[^<>"']+|"[^"]*"|'[^']*')*)(>?)"""  # any tag
    rb"""|(!--|!\[CDATA\[|\?|!))""")  # comment, CDATA, processing instruction, DOCTYPE
_SKIP_UNTIL = {b"!--": b"-->", b"![CDATA[": b"]]>", b"?": b"?>"}
_ATTRIBUTE = re.compile(rb"""([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)(\d+)")
_HUGE = 10**12  # stands for a reference too long to be anything but far beyond the limits


def _column_index(letters: bytes) -> int:
    if len(letters) > 7:
        return _HUGE
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ch - 64)
    return index - 1


def _ref(value: bytes, *, need_column: bool) -> tuple[int, int | None] | None:
    """A cell or row reference as calamine reads it: 0-based (row, column or None); None
    when calamine would refuse it (it then fails the whole sheet, which is safe)."""
    found = _REF.fullmatch(value)
    if found is None or (need_column and not found.group(1)):
        return None
    letters, digits = found.groups()
    digits = digits.lstrip(b"0")
    if not digits:
        return None  # row 0
    row = int(digits) - 1 if len(digits) <= 10 else _HUGE
    return row, (_column_index(letters) if letters else None)


def _number_above(limit: int) -> bytes:
    """Regex for a decimal number (no leading zeros) greater than ``limit``."""
    text = str(limit)
    options = [rb"[1-9]\d{%d,}" % len(text)]
    for i, digit in enumerate(text):
        if digit != "9":
            options.append(text[:i].encode() + b"[%d-9]" % (int(digit) + 1)
                           + rb"\d{%d}" % (len(text) - i - 1))
    return b"(?:" + b"|".join(options) + b")"


def _letters_above(word: bytes) -> bytes:
    """Regex for column letters (either case) of the same length as ``word``, after it."""
    options = []
    for i, ch in enumerate(word.upper()):
        if ch < ord("Z"):
            prefix = b"".join(b"[%c%c]" % (c, c + 32) for c in word.upper()[:i])
            above = b"[%c-Z%c-z]" % (ch + 1, ch + 33)
            options.append(prefix + above + b"[A-Za-z]" * (len(word) - i - 1))
    return b"(?:" + b"|".join(options) + b")" if options else b"(?!)"


def _scan_sheet(xml: bytes) -> _SheetFacts:
    """Extent and bad cells of one sheet part: a few whole-part searches for sheets in the
    form every spreadsheet program writes, and a full (still linear) tag scan otherwise."""
    facts = _fast_scan(xml)
    if facts is not None:
        return facts
    if len(xml) > MAX_EXACT_SCAN_BYTES:
        return _SheetFacts(unusual=True)
    return _exact_scan(xml)


def _fast_scan(xml: bytes) -> _SheetFacts | None:
    """Prove cheaply that the sheet stays within the limits, or return None.

    Valid only when every <c> starts with ``r="..."`` and carries no later r attribute:
    then every cell's place is its first r value (calamine uses the last r of a tag, and
    places a cell without r by counting), so bounding those values bounds the grid whatever
    the other attributes, the row numbering, comments or nesting. Rows do not matter here:
    calamine only uses a row's number for cells without r.
    """
    found = _first_r_screen(min(MAX_SHEET_ROWS, MAX_SHEET_CELLS // _MIN_COLUMNS)).search(xml)
    if found is not None and found.group(1) is None:
        return None  # a <c> without a leading r, or a row beyond the limit
    if _has_later_r(xml) or _PREFIXED_ELEMENT.search(xml):
        return None
    if found is not None:  # a column of two letters or more: measure the widest
        if _NOT_CANONICAL_CELL.search(xml, found.start()) or _REF_THREE_LETTERS.search(xml):
            return None  # wider than ZZ: rare enough to count exactly
        widest = xml[found.start(1) - 1:found.end(1)].upper()
        at = found.end()
        while True:  # raise the bar: each hit is a wider column, at most 676 of them
            wider = _wider_than(widest).search(xml, at)
            if wider is None:
                break
            widest, at = wider.group(1).upper(), wider.end()
        limit = min(MAX_SHEET_ROWS, MAX_SHEET_CELLS // (_column_index(widest) + 1))
        if _cell_row_above(limit).search(xml):
            return None  # possibly too far: let the exact scan measure it and name the place
    return _SheetFacts(0, 0, _fast_bad_cells(xml))


def _has_later_r(xml: bytes) -> bool:
    """Whether some tag may carry an r attribute after another attribute (cheap screens
    first: the precise pattern starts at every quote, so it runs only when they hint)."""
    begin = 0  # the line break Excel writes after the XML declaration is no hint
    if xml.startswith(b"<?xml"):
        begin = xml.find(b"?>") + 2
        while xml[begin:begin + 1] in (b"\r", b"\n"):
            begin += 1
    hint = (_R_AFTER_QUOTE.search(xml) is not None or b"'" in xml or b"  r" in xml
            or any(xml.find(space, begin) >= 0 for space in (b"\t", b"\n", b"\r", b"\x0b", b"\x0c")))
    return hint and _LATER_R.search(xml) is not None


@functools.lru_cache(maxsize=1024)
def _wider_than(letters: bytes) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="(' + _letters_above(letters) + rb")\d")


def _row_digits_above(limit: int) -> bytes:
    digits = len(str(limit))
    return rb"0*(?=[1-9]\d{%d})" % (digits - 1) + _number_above(limit) + b'"'


@functools.lru_cache(maxsize=64)
def _first_r_screen(limit: int) -> re.Pattern[bytes]:
    """A <c> whose first attribute is not r="..", or whose r has two or more letters
    (group 1 then holds the second) or a row above ``limit``; ordered so that the common
    case (one letter, a row within the limit) fails after a few bytes."""
    return re.compile(rb'<c(?: r="[A-Za-z](?:([A-Za-z])|' + _row_digits_above(limit)
                      + rb')|[\t\n\r\f\v/>]| (?!r="))')


@functools.lru_cache(maxsize=64)
def _cell_row_above(limit: int) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="[A-Za-z]+' + _row_digits_above(limit))


def _fast_bad_cells(xml: bytes) -> dict[tuple[int, int], BadCell]:
    cells: dict[tuple[int, int], BadCell] = {}
    if b'"e"' in xml or (b"'" in xml and b"'e'" in xml):
        for col, row, value in _FAST_ERROR_CELL.findall(xml):
            place = _ref(col + row, need_column=True)
            if place is not None:
                cells[place] = BadCell(value.decode(errors="replace"))
    if b"<f" in xml:
        for col, row in _FAST_FORMULA_NO_VALUE.findall(xml):
            place = _ref(col + row, need_column=True)
            if place is not None:
                cells.setdefault(place, BadCell(_FORMULA_WITHOUT_VALUE))
    return cells


def _exact_scan(xml: bytes) -> _SheetFacts:
    """Walk the sheet's tags the way calamine does, counting unnumbered rows and cells.

    Mirrors calamine 0.9: a <row> with r sets the row, </row> moves to the next row and
    column A, a <c> with r (the last r in the tag) sets the column, a <c> without r takes
    the next column; inside a cell only <v>, <f> and <is> may start. Whatever calamine
    could read differently (a <c> or <row> inside a cell value, an unclosed tag, a DOCTYPE
    in the sheet) sets ``malformed`` and stops. Stops as soon as the sheet is too large.

    One token stream is shared by three walkers, each for one level of the sheet: up to
    <sheetData> (_enter_sheet_data), the rows and cells here, and the inside of a cell that
    is not one token (_read_cell); the common cell, a single token, never leaves this loop.
    """
    facts = _SheetFacts()
    tokens = _TOKEN.finditer(xml)
    skip_to = _enter_sheet_data(xml, tokens, facts)
    if skip_to is None:
        return facts
    row = col = 0
    for token in tokens:
        start = token.start()
        if start < skip_to:
            continue
        simple = token.group(1)
        if simple is not None:  # <c ..>(<v>..</v>)?</c> in one token: most cells of a sheet
            placed = _place_cell(simple, row, facts, col)
            if placed is None:
                facts.malformed = True
                return facts
            cell_row, col, kind = placed
            _judge_cell([cell_row, col, kind, False, token.group(2), False], facts.bad_cells)
            col += 1
            if facts.too_large():
                return facts
            continue
        special = token.group(7)
        if special is not None:
            skip_to = _skip_past(xml, special, token.end())
            if skip_to < 0:
                facts.malformed = True
                return facts
            continue
        slash, name, attrs, closed = token.group(3, 4, 5, 6)
        if not closed:
            facts.malformed = True
            return facts
        local = name.rpartition(b":")[2]
        empty = attrs.rstrip().endswith(b"/")
        if slash:
            if local == b"row":
                row, col = row + 1, 0
            elif local == b"sheetData":
                return facts
            continue
        if local == b"row":
            row = _row_start(attrs, row, facts)
            if row < 0:
                facts.malformed = True
                return facts
            if empty:
                row, col = row + 1, 0
        elif local == b"c":
            placed = _place_cell(attrs, row, facts, col)
            if placed is None:
                facts.malformed = True
                return facts
            cell_row, col, kind = placed
            if not empty:  # the cell's content, up to its </c>, is read in one go
                if facts.too_large():
                    return facts
                skip_to = _read_cell(xml, tokens, [cell_row, col, kind, False, None, False], skip_to, facts)
                if skip_to is None:
                    return facts
                col += 1
                continue
            col += 1
        else:
            continue
        if facts.too_large():
            return facts
    facts.malformed = True  # the part ends inside sheetData; calamine refuses it too
    return facts


def _skip_past(xml: bytes, special: bytes, after: int) -> int:
    """Where the tokens resume after a comment, CDATA section or processing instruction that
    opens at ``after``; -1 for a DOCTYPE (entities) or one never closed: not a plain sheet."""
    until = _SKIP_UNTIL.get(special)
    end = xml.find(until, after) if until else -1
    return end + len(until) if end >= 0 else -1


def _enter_sheet_data(xml: bytes, tokens: Iterator[re.Match[bytes]], facts: _SheetFacts) -> int | None:
    """Consume the tokens up to the opening <sheetData>; calamine reads nothing before it but
    still fails on a malformed tag. The position before which tokens are skipped (inside a
    comment), or None when the scan is over: no sheetData or an empty one (nothing to count),
    or a malformed prologue (``malformed`` set)."""
    skip_to = 0
    for token in tokens:
        if token.start() < skip_to or token.group(1) is not None:
            continue
        special = token.group(7)
        if special is not None:
            skip_to = _skip_past(xml, special, token.end())
            if skip_to < 0:
                facts.malformed = True
                return None
            continue
        slash, name, attrs, closed = token.group(3, 4, 5, 6)
        if not closed:
            facts.malformed = True
            return None
        if name.rpartition(b":")[2] == b"sheetData" and not slash:
            return None if attrs.rstrip().endswith(b"/") else skip_to
    return None


def _row_start(attrs: bytes, row: int, facts: _SheetFacts) -> int:
    """The row a <row> tag moves to: calamine takes its first r (none: the row stays), and
    every r counts towards the extent. -1 when an r is one calamine rejects."""
    for i, text in enumerate(_attribute_values(attrs, b"r")):
        place = _ref(text, need_column=False)
        if place is None:
            return -1
        facts.max_row = max(facts.max_row, place[0] + 1)
        if i == 0:
            row = place[0]  # calamine takes the first r of a row
    return row


def _read_cell(xml: bytes, tokens: Iterator[re.Match[bytes]], cell: list, skip_to: int,
               facts: _SheetFacts) -> int | None:
    """Consume the tokens inside one open <c> up to its </c>, then judge the cell.

    ``cell`` is [row, col, t, has_formula, value_text, has_other]. Returns the position
    before which tokens are skipped (a comment inside the cell moves it), or None with
    ``malformed`` set when the cell holds anything calamine could read differently (a <c>,
    <row> or another value inside a value, a child other than <v>, <f> or <is>, an unclosed
    tag) or the part ends inside it.
    """
    value: bytes | None = None  # local name of the open <v>, <f> or <is> of the cell
    value_start = 0
    for token in tokens:
        start = token.start()
        if start < skip_to:
            continue
        if token.group(1) is not None:  # a whole <c> inside this one
            facts.malformed = True
            return None
        special = token.group(7)
        if special is not None:
            skip_to = _skip_past(xml, special, token.end())
            if skip_to < 0:
                facts.malformed = True
                return None
            continue
        slash, name, attrs, closed = token.group(3, 4, 5, 6)
        if not closed:
            facts.malformed = True
            return None
        local = name.rpartition(b":")[2]
        if value is not None:
            if slash and local == value:
                if value == b"v" and cell[4] is None:
                    cell[4] = xml[value_start:start]
                value = None
            elif local in (b"c", b"row", b"sheetData", b"v", b"f", b"is"):
                facts.malformed = True
                return None
            continue
        if slash:
            if local == b"c":
                _judge_cell(cell, facts.bad_cells)
                return skip_to
            continue  # calamine skips other end tags inside a cell
        if local not in (b"v", b"f", b"is"):
            facts.malformed = True  # calamine: "Expecting 'v, f, or is' node"
            return None
        empty = attrs.rstrip().endswith(b"/")
        if local == b"f":
            cell[3] = True
        elif local == b"is":
            cell[5] = True
        elif empty and cell[4] is None:
            cell[4] = b""
        if not empty:
            value, value_start = local, token.end()
    facts.malformed = True  # the part ends inside the cell
    return None


def _place_cell(attrs: bytes, row: int, facts: _SheetFacts,
                col: int) -> tuple[int, int, bytes | None] | None:
    """Where calamine puts a cell (its last r, else the current row and next column) and
    its t attribute; every r value counts towards the extent. None: an r calamine rejects."""
    cell_row, kind = row, None
    if b"r" in attrs or b"t" in attrs:
        for m in _ATTRIBUTE.finditer(attrs):
            key = m.group(1)
            if key == b"r":
                text = m.group(2) if m.group(2) is not None else m.group(3)
                place = _ref(text, need_column=True)
                if place is None:
                    return None
                cell_row, col = place
                facts.max_row = max(facts.max_row, cell_row + 1)
                facts.max_col = max(facts.max_col, col + 1)
            elif key == b"t":
                kind = m.group(2) if m.group(2) is not None else m.group(3)
    facts.max_row = max(facts.max_row, cell_row + 1)
    facts.max_col = max(facts.max_col, col + 1)
    return cell_row, col, kind


def _attribute_values(attrs: bytes, key: bytes) -> list[bytes]:
    """Values of every attribute named exactly ``key`` (no prefix), in tag order."""
    if key not in attrs:
        return []
    return [m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTRIBUTE.finditer(attrs) if m.group(1) == key]


def _judge_cell(cell: list, bad: dict[tuple[int, int], BadCell]) -> None:
    """The same verdict as the fast path: an error value, or a formula with no value."""
    row, col, kind, has_formula, text, has_other = cell
    if kind == b"e" and text:
        bad[(row, col)] = BadCell(text.decode(errors="replace"))
    elif has_formula and not text and not has_other:
        bad.setdefault((row, col), BadCell(_FORMULA_WITHOUT_VALUE))


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Lower-cased path of a sheet's XML part -> the sheets that read it.

    calamine looks parts up ignoring case and resolves a target as ``/xl/..`` -> ``xl/..``,
    anything else -> ``xl/`` + target; the older rule here (strip any leading slash) is kept
    as well, so a sheet is checked under every name it could be read by.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    workbook = DefusedET.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{rel_ns}Relationship")}
    paths: dict[str, list[str]] = {}
    for sheet in workbook.iter(f"{{{ns['m']}}}sheet"):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        candidates = {target.lstrip("/") if target.startswith("/") else f"xl/{target}",
                      target[1:] if target.startswith("/xl/") else f"xl/{target}"}
        for path in candidates:
            paths.setdefault(path.lower(), []).append(sheet.get("name"))
    return paths


def _scan_zip(data: bytes, name: str) -> _ZipScan:
    """Check an xlsx as a zip before any parser sees it, reading every part once.

    Reading each part verifies its checksum; sheet XML is scanned for sheets that reach so
    far that calamine would allocate them densely (and abort the process), and for cells
    whose value calamine would hand over as an empty string (error values, formulas saved
    without a calculated value), so those are refused instead of read as missing. Any part
    with sheet data is checked for its extent, even one no sheet seems to point at, since
    calamine may resolve a sheet's path differently from us.
    """
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise fail("filen är i det gamla Excel-formatet (.xls) eller lösenordsskyddad; "
                   "spara den som .xlsx.", file=name)
    if data[:2] != b"PK":
        raise fail("filen är inte en giltig xlsx-fil (den är inte en Excel-arbetsbok).", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise fail("filen innehåller orimligt många delar för en Excel-fil.", file=name)
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
                raise fail(f"filen packas upp till {total / 1e6:.0f} MB, vilket är orimligt mycket för "
                           "sin storlek (möjlig zip-bomb); den läses inte.", file=name)
            if "xl/workbook.xml" not in {m.filename for m in members}:
                raise fail("filen är en zip-fil men ingen Excel-arbetsbok (xl/workbook.xml saknas).",
                           file=name)
            sheets_of = _sheet_paths(archive)
            percent = _percent_styles(archive)
            scan = _ZipScan({})
            for member in members:
                part = archive.read(member)  # raises BadZipFile when the checksum is wrong
                sheets = sheets_of.get(member.filename.lower(), [])
                if sheets or b"sheetData" in part:
                    facts = _scan_sheet(part)
                    _check_extent(facts, sheets[0] if sheets else None, name)
                    layout = _layout_facts(part, percent) if sheets else (set(), (), ())
                    for sheet in sheets:
                        scan.bad_cells[sheet] = facts.bad_cells
                        scan.percent_cells[sheet], scan.hidden_rows[sheet], scan.hidden_columns[sheet] = layout
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, DefusedET.ParseError,
            ValueError):
        raise fail("filen är trasig eller avkortad och kan inte öppnas som xlsx.", file=name) from None
    return scan


def _check_extent(facts: _SheetFacts, sheet: str | None, name: str) -> None:
    """Refuse a sheet calamine would allocate densely to the size of a city (and abort)."""
    if facts.malformed:
        raise fail("bladets XML är felaktigt uppbyggt, så filen kan inte läsas säkert; öppna den "
                   "i Excel och spara den igen.", file=name, sheet=sheet)
    if facts.unusual:
        raise fail("bladet är inte sparat så som Excel eller LibreOffice sparar blad och är för stort "
                   f"(över {MAX_EXACT_SCAN_BYTES // (1024 * 1024)} MB uppackat) för att kontrolleras "
                   "cell för cell; öppna filen i Excel och spara den igen.", file=name, sheet=sheet)
    if facts.too_large():
        row = min(facts.max_row, _HUGE)
        column = column_letter(min(max(facts.max_col, 1), _HUGE) - 1)
        raise fail(f"bladet sträcker sig till rad {row} och kolumn {column}, "
                   "vilket är orimligt stort för en tabell; ta bort celler långt utanför tabellen "
                   "och spara igen.", file=name, sheet=sheet)


def _read_xlsx(data: bytes, name: str) -> list[Sheet]:
    scan = _scan_zip(data, name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet") is False:
                continue
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            hidden = not str(meta.visible).endswith("Visible")
            label = clean_name(meta.name) or "blad utan namn"
            rows = [_clean_row(r, name, label, i) for i, r in enumerate(grid)]
            for (r, c), cell in scan.bad_cells.get(meta.name, {}).items():
                while len(rows) <= r:
                    rows.append([])
                rows[r].extend([None] * (c + 1 - len(rows[r])))
                rows[r][c] = cell
            for r, c in scan.percent_cells.get(meta.name, ()):
                if r < len(rows) and c < len(rows[r]) and rows[r][c].__class__ in (float, int):
                    rows[r][c] = PercentCell(float(Decimal(repr(float(rows[r][c]))) * 100))
            sheets.append(Sheet(label, rows, hidden, scan.hidden_rows.get(meta.name, ()),
                                scan.hidden_columns.get(meta.name, ())))
    except ImportFailed:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine panics are BaseException
        raise fail(f"filen kunde inte läsas som xlsx; den verkar trasig ({type(exc).__name__}).",
                   file=name) from None
    if not sheets:
        raise fail("arbetsboken innehåller inga kalkylblad.", file=name)
    return sheets


def _read_xls(data: bytes, name: str) -> list[Sheet]:
    """The old Excel format (BRÅ's and SCB's databases still export it), read by calamine with
    the sheet's size checked before its cells are laid out."""
    if data[:4] != b"\xd0\xcf\x11\xe0":
        raise fail("filen heter .xls men är ingen Excel-fil i det gamla formatet; kontrollera filtypen.", file=name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet") is False:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            label = clean_name(meta.name) or "blad utan namn"
            if sheet.total_height * max(sheet.total_width, _MIN_COLUMNS) > MAX_SHEET_CELLS:
                raise fail(f"bladet sträcker sig till rad {sheet.total_height} och kolumn "
                           f"{column_letter(max(sheet.total_width, 1) - 1)}, vilket är orimligt stort för en tabell.",
                           file=name, sheet=label)
            grid = sheet.to_python(skip_empty_area=False)
            rows = [_clean_row(r, name, label, i) for i, r in enumerate(grid)]
            sheets.append(Sheet(label, rows, not str(meta.visible).endswith("Visible")))
    except ImportFailed:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine panics are BaseException
        raise fail(f"filen kunde inte läsas som xls; den verkar trasig ({type(exc).__name__}). Spara filen som "
                   ".xlsx och försök igen.", file=name) from None
    if not sheets:
        raise fail("arbetsboken innehåller inga kalkylblad.", file=name)
    return sheets


def _clean_row(row: list, file: str, sheet: str | None, index: int) -> list[Cell]:
    out: list[Cell] = []
    for c, value in enumerate(row):
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                raise fail(f"cellen är {len(value):,} tecken lång; högst {MAX_CELL_CHARS:,} tecken "
                           "tillåts i en cell.".replace(",", " "), file=file, sheet=sheet,
                           row=index + 1, column=column_letter(c))
            value = value.strip()
            out.append(value or None)
        else:
            out.append(value)
    return out


def _decode(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    sample = data[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return data.decode("utf-16-le", errors="replace")  # UTF-16 saved without a BOM
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, name: str, delimiter: str | None = None) -> Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise fail("filen innehåller binärdata och är ingen textfil (csv).", file=name)
    if delimiter is None:
        sample = text[:20_000].splitlines()
        delimiter = max((";", "\t", ","), key=lambda d: sum(line.count(d) for line in sample))
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(_clean_row(row, name, None, len(rows)))
    except csv.Error as exc:
        raise fail(f"csv-filen kunde inte tolkas ({exc}).", file=name, row=reader.line_num) from None
    return Sheet(PurePath(name).stem, rows)


def clean_file_name(file_name: str) -> str:
    return clean_name(PurePath(str(file_name)).name)


