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
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import python_calamine

from .errors import fail

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 2_000
MAX_CELL_CHARS = 10_000
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")

Cell = str | float | int | bool | None


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


def _check_zip(data: bytes, name: str) -> None:
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
            names = {m.filename for m in members}
            if total <= MAX_UNCOMPRESSED_BYTES and total / packed <= MAX_COMPRESSION_RATIO:
                broken = archive.testzip()  # CRC of every part: catches damage calamine may miss
                if broken is not None:
                    raise fail(f"filen är skadad (delen {broken} stämmer inte med sin kontrollsumma).",
                               file=name)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
        raise fail("filen är trasig eller avkortad och kan inte öppnas som xlsx.", file=name) from None
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise fail(f"filen packas upp till {total / 1e6:.0f} MB, vilket är orimligt mycket för "
                   "sin storlek (möjlig zip-bomb); den läses inte.", file=name)
    if "xl/workbook.xml" not in names:
        raise fail("filen är en zip-fil men ingen Excel-arbetsbok (xl/workbook.xml saknas).", file=name)


def _read_xlsx(data: bytes, name: str) -> list[Sheet]:
    _check_zip(data, name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet") is False:
                continue
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            hidden = not str(meta.visible).endswith("Visible")
            sheets.append(Sheet(meta.name, [_clean_row(r) for r in grid], hidden))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - calamine panics are BaseException
        raise fail(f"filen kunde inte läsas som xlsx; den verkar trasig ({type(exc).__name__}).",
                   file=name) from None
    if not sheets:
        raise fail("arbetsboken innehåller inga kalkylblad.", file=name)
    return sheets


def _clean_row(row: list) -> list[Cell]:
    out: list[Cell] = []
    for value in row:
        if isinstance(value, str):
            value = value.strip()
            out.append(value or None)
        else:
            out.append(value)
    return out


def _decode(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
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
            rows.append([cell.strip() or None for cell in row])
    except csv.Error as exc:
        raise fail(f"csv-filen kunde inte tolkas ({exc}).", file=name, row=reader.line_num) from None
    return Sheet(PurePath(name).stem, rows)


def too_long_cells(sheet: Sheet) -> list[tuple[int, int]]:
    """Cells longer than any real statistics cell; reported rather than stored."""
    return [(r, c) for r, row in enumerate(sheet.rows) for c, v in enumerate(row)
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS]
