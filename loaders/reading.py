"""Defensive reading of uploaded spreadsheets into plain cell grids.

Every file is treated as hostile until proven otherwise: size limits before anything is
parsed, an xlsx is checked as a zip (declared sizes, compression ratio) before a parser sees
it, and any parser failure -- including Rust panics from calamine, which are not
``Exception`` subclasses -- becomes a Swedish message naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import python_calamine
from defusedxml import ElementTree as DefusedET

from .errors import ImportFailed, fail
from .values import BadCell

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 2_000
MAX_CELL_CHARS = 10_000
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")

Cell = object  # str, float, int, bool, datetime, BadCell or None


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid of cells; row i of ``rows`` is spreadsheet row i + 1."""

    name: str
    rows: list[list[Cell]]
    hidden: bool = False

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

    def sheet_label(self, sheet: Sheet) -> str | None:
        """CSV files have no sheets worth naming in a message."""
        return None if self.is_csv else sheet.name


def column_letter(index: int) -> str:
    """0-based column index to the spreadsheet letter users see (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_workbook(data: bytes, file_name: str) -> Workbook:
    """Read xlsx or csv bytes into cell grids, refusing anything suspicious."""
    name = PurePath(file_name).name
    suffix = PurePath(name).suffix.lower()
    if len(data) == 0:
        raise fail("filen är tom (0 byte).", file=name)
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"filen är {len(data) / 1e6:.0f} MB; största tillåtna storlek är "
                   f"{MAX_FILE_BYTES // (1024 * 1024)} MB.", file=name)
    checksum = hashlib.sha256(data).hexdigest()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = " Spara filen som .xlsx (Excel-arbetsbok) och försök igen." if suffix == ".xls" else ""
        raise fail(f"filtypen «{suffix or 'utan ändelse'}» stöds inte; använd .xlsx eller .csv.{hint}",
                   file=name)
    if suffix in (".xlsx", ".xlsm"):
        return Workbook(name, checksum, _read_xlsx(data, name), is_csv=False)
    if data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise fail("filen heter .csv men är en Excel-fil; byt ändelse till .xlsx.", file=name)
    return Workbook(name, checksum, [_read_csv(data, name)], is_csv=True)


@dataclass
class _ZipScan:
    """What the sheet XML says before calamine reads it: bad cells, and how far sheets reach."""

    bad_cells: dict[str, dict[tuple[int, int], BadCell]]  # sheet name -> (row, col) -> cell


MAX_SHEET_CELLS = 10_000_000  # rows x columns calamine would allocate for one sheet
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?'
                         rb'<v>([^<]*)</v>', re.S)
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>\s*<f[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')
_LAST_ROW = re.compile(rb'<row [^>]*?r="(\d+)"')
_COLUMN_3 = re.compile(rb'<c r="([A-Z]{3})\d+"')
_COLUMN_2 = re.compile(rb'<c r="([A-Z]{2})\d+"')


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from the workbook and its relationships."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    workbook = DefusedET.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{rel_ns}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{{{ns['m']}}}sheet"):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def _scan_zip(data: bytes, name: str) -> _ZipScan:
    """Check an xlsx as a zip before any parser sees it, reading every part once.

    Reading each part verifies its checksum; sheet XML is scanned for sheets that reach so
    far that calamine would allocate them densely (and abort the process), and for cells
    whose value calamine would hand over as an empty string (error values, formulas saved
    without a calculated value), so those are refused instead of read as missing.
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
            sheet_of = {path: sheet for sheet, path in _sheet_paths(archive).items()}
            bad_cells: dict[str, dict[tuple[int, int], BadCell]] = {}
            for member in members:
                part = archive.read(member)  # raises BadZipFile when the checksum is wrong
                sheet = sheet_of.get(member.filename)
                if sheet is not None:
                    _check_extent(part, sheet, name)
                    bad_cells[sheet] = _bad_cells(part)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, DefusedET.ParseError,
            ValueError):
        raise fail("filen är trasig eller avkortad och kan inte öppnas som xlsx.", file=name) from None
    return _ZipScan(bad_cells)


def _check_extent(xml: bytes, sheet: str, name: str) -> None:
    last = xml.rfind(b"<row ")
    found = _LAST_ROW.match(xml, last) if last >= 0 else None
    max_row = int(found.group(1)) if found else 0
    columns = 26
    for pattern in (_COLUMN_3, _COLUMN_2):
        if pattern.search(xml):
            columns = max(_column_index(c) + 1 for c in set(pattern.findall(xml)))
            break
    if max_row > 1_048_576 or max_row * columns > MAX_SHEET_CELLS:
        raise fail(f"bladet sträcker sig till rad {max_row} och kolumn {column_letter(columns - 1)}, "
                   "vilket är orimligt stort för en tabell; ta bort celler långt utanför tabellen "
                   "och spara igen.", file=name, sheet=sheet)


def _bad_cells(xml: bytes) -> dict[tuple[int, int], BadCell]:
    if b't="e"' not in xml and b"<f" not in xml:
        return {}
    cells: dict[tuple[int, int], BadCell] = {}
    for col, row, value in _ERROR_CELL.findall(xml):
        cells[(int(row) - 1, _column_index(col))] = BadCell(value.decode(errors="replace"))
    for col, row in _FORMULA_NO_VALUE.findall(xml):
        cells.setdefault((int(row) - 1, _column_index(col)), BadCell("formel utan beräknat värde"))
    return cells


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
            rows = [_clean_row(r, name, meta.name, i) for i, r in enumerate(grid)]
            for (r, c), cell in scan.bad_cells.get(meta.name, {}).items():
                while len(rows) <= r:
                    rows.append([])
                rows[r].extend([None] * (c + 1 - len(rows[r])))
                rows[r][c] = cell
            sheets.append(Sheet(meta.name, rows, hidden))
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


def _read_csv(data: bytes, name: str) -> Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise fail("filen innehåller binärdata och är ingen textfil (csv).", file=name)
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


