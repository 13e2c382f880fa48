"""Write a corpus of malformed spreadsheets for hardening the importer (issue 6).

Every file here is something a strategist, a source agency or an attacker could hand the
importer: broken zips, a zip bomb, wrong extensions, merged headers, years written as
"2021*" or as dates, numbers with odd separators, unknown areas, formulas, very long
cells, other encodings, empty and hidden sheets, XML entity tricks ...

Each file comes with what the importer should do with it (the manifest):

* ``expect="fel"``: refuse it with ``ImportFailed``, a Swedish message naming the file
  and, where the file has them, sheet, row and column (``fragments`` must all appear);
* ``expect="ok"``: files that are odd but legitimate (a formula with a cached value, a
  Windows-1252 csv, numbers with non-breaking-space thousands); ``values`` lists the
  (area code, year, value) the import must give;
* ``expect="ok|fel"``: either outcome is right as long as its own checks hold (used where a
  fix could reasonably go either way, e.g. read a UTF-16 file or ask for UTF-8);
* ``bug``: the importer does not yet do what is expected; the hardening test marks the case
  ``xfail(strict=True)`` with this text, so it flips when the loader is fixed;
* ``isolated``: may abort or exhaust the process; tests run it in a subprocess with a
  memory limit and a timeout.

Usage (writes into a new temporary folder unless one is given; never commit the output):

    python scripts/make_malformed_corpus.py [FOLDER]

tests/hardening/test_corpus.py builds the corpus in ``tmp_path`` and checks every case.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter

MALL = ["Indikator", "Område", "År", "Kön", "Värde"]
VOTE = "Valdeltagande i kommunvalet"  # a catalogue indicator with unit %
GOOD_ROW = [VOTE, "Berga", 2022, "Totalt", 61.2]
NBSP = "\u00a0"


@dataclass(frozen=True)
class Case:
    file_name: str
    kind: str | None  # --kind given to the importer; None means "let it detect"
    fragments: tuple[str, ...]  # must appear in the Swedish message (expect="fel")
    what: str  # what is malformed, for people reading the manifest
    expect: str = "fel"  # "fel": ImportFailed; "ok": imported; "ok|fel": either is right
    values: tuple[tuple[str, int, float | None], ...] = ()  # expect="ok": (area, year, value)
    bug: str | None = None  # the importer misbehaves today: why (xfail reason)
    isolated: bool = False  # run in a subprocess (can abort or exhaust the process)
    sheet_level: bool = False  # True when the message must name a sheet/row/column
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------- builders

def xlsx(sheets: dict[str, Sequence[Sequence[object]]], hidden: Sequence[str] = ()) -> bytes:
    """A real xlsx written by openpyxl (strings starting with '=' become formulas)."""
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


def xlsx_writer(build: Callable[[xlsxwriter.Workbook], None]) -> bytes:
    """An xlsx written by XlsxWriter, for what openpyxl cannot write (cached formula values)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    return buffer.getvalue()


def csv_text(rows: Sequence[Sequence[object]], *, delimiter: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()


def csv_utf8(rows: Sequence[Sequence[object]], **kw) -> bytes:
    return b"\xef\xbb\xbf" + csv_text(rows, **kw).encode("utf-8")


def mall(*rows: Sequence[object], header: Sequence[str] = MALL) -> bytes:
    return xlsx({"Data": [list(header), *rows]})


GOOD_MALL = mall(GOOD_ROW)


def rewrite_member(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same zip with one part's content changed (re-compressed, sizes and CRC correct)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            content = src.read(info.filename)
            archive.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


def corrupt_member(data: bytes, member: str) -> bytes:
    """Flip bytes in the middle of one part's compressed data; the zip directory stays valid."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 3
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 40]) + data[middle + 40:]


def zip_bomb(megabytes: int = 60) -> bytes:
    """Honest headers, absurd compression ratio: caught by the ratio check."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def lying_zip_bomb(megabytes: int = 40, declared: int = 2000) -> bytes:
    """A sheet part that inflates to ``megabytes`` MB but whose headers claim ``declared``
    bytes (CRC of those first bytes), so size and ratio checks on the headers pass."""
    src = zipfile.ZipFile(io.BytesIO(GOOD_MALL))
    sheet = src.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"<sheetData>")
    payload = head + b"<sheetData>" + b" " * (megabytes * 1024 * 1024) + tail
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in src.infolist():
            is_sheet = info.filename == "xl/worksheets/sheet1.xml"
            archive.writestr(info.filename, payload if is_sheet else src.read(info.filename))
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    crc = zlib.crc32(payload[:declared])
    struct.pack_into("<I", data, info.header_offset + 14, crc)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 16, crc)
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def many_members(n: int = 2_500) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(GOOD_MALL))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in src.infolist():
            archive.writestr(info.filename, src.read(info.filename))
        for i in range(n):
            archive.writestr(f"xl/media/bild{i}.bin", b"")
    return out.getvalue()


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def far_cell() -> bytes:
    """A 5 KB workbook with one stray value in the last cell Excel has (XFD1048576)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(MALL)
    sheet.append(GOOD_ROW)
    sheet.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def with_sheet_xml(xml: bytes, *, stored: bool = False) -> bytes:
    """GOOD_MALL with its sheet part replaced by hand-written XML (what no writer makes, but
    what an attacker can); ``stored`` keeps the part uncompressed (passes the ratio check)."""
    src = zipfile.ZipFile(io.BytesIO(GOOD_MALL))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            is_sheet = info.filename == "xl/worksheets/sheet1.xml"
            archive.writestr(info.filename, xml if is_sheet else src.read(info.filename))
    return out.getvalue()


def far_column_attribute_order() -> bytes:
    """Row 300 000 and column XFD, the far cell written <c s="0" r="XFD1">: 300 000 rows x
    16 384 columns for calamine, while a scan that expects r= first sees 26 columns."""
    return with_sheet_xml(
        _SHEET_HEAD + b'<row r="1"><c t="inlineStr" r="A1"><is><t>Indikator</t></is></c>'
        b'<c s="0" r="XFD1"><v>1</v></c></row><row r="300000"><c r="A300000"><v>1</v></c></row>'
        + _SHEET_TAIL)


def far_rows_without_numbers() -> bytes:
    """Column XFD in row 1, then 200 000 <row> elements without r= (rows count on by
    themselves): 200 001 x 16 384 cells for calamine; stored uncompressed, 5 MB."""
    return with_sheet_xml(_SHEET_HEAD + b'<row r="1"><c r="XFD1"><v>1</v></c></row>'
                          + b"<row><c><v>1</v></c></row>" * 200_000 + _SHEET_TAIL, stored=True)


def unclosed_error_formulas(cells: int = 15_000) -> bytes:
    """Error-typed cells whose <f> is never closed: 15 000 of them, 340 KB of XML, 20 KB
    zipped. A scan with a lazy ``.*?</f>`` over the whole part is quadratic on this."""
    return with_sheet_xml(_SHEET_HEAD + b'<row r="1">' + b"".join(
        b'<c r="A%d" t="e"><f>1' % (i + 1) for i in range(cells)) + b"</row>" + _SHEET_TAIL)


_LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
           + "]>")


def with_doctype(doctype: str, replace: tuple[bytes, bytes]) -> bytes:
    def change(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            xml = xml.split(b"?>", 1)[1]
        return doctype.encode() + xml.replace(*replace, 1)
    return rewrite_member(GOOD_MALL, "xl/worksheets/sheet1.xml", change)


def merged_two_level_header() -> bytes:
    """Wide layout with years merged over two columns and Kvinnor/Män in a second header row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Andel (%)"
    sheet.append(["Invånare i hushåll med ekonomiskt bistånd, andel (%)"])
    sheet.append([])
    sheet.append(["Område", 2021, None, 2022, None])
    sheet.append([None, "Kvinnor", "Män", "Kvinnor", "Män"])
    sheet.append(["Berga", 9.1, 8.7, 9.0, 8.5])
    sheet.append(["Ryd", 5.5, 5.9, 5.2, 5.6])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:E3")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def merged_title_over_header() -> bytes:
    """Template header cells merged vertically over two rows (a common hand-made layout)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(MALL)
    sheet.append([None] * 5)
    sheet.append([VOTE, "Ryd", 2022, "Totalt", 58.4])
    for col in "ABCDE":
        sheet.merge_cells(f"{col}1:{col}2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def wide_fsd(rows: Sequence[Sequence[object]], title: str = "Andel (%)") -> bytes:
    return xlsx({title: [["Invånare i hushåll med ekonomiskt bistånd, andel (%)"], [], *rows]})


def formula_with_cache(book: xlsxwriter.Workbook) -> None:
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, MALL)
    sheet.write_row(1, 0, [VOTE, "Berga", 2022, "Totalt"])
    sheet.write_formula(1, 4, "=60+1.5", None, 61.5)


def excel_error(book: xlsxwriter.Workbook) -> None:
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, MALL)
    sheet.write_row(1, 0, [VOTE, "Berga", 2022, "Totalt"])
    sheet.write_formula(1, 4, "=1/0", None, "#DIV/0!")


# ---------------------------------------------------------------------------- the corpus

def cases() -> list[tuple[Case, Callable[[], bytes]]]:
    """Every case and a function that makes its bytes."""
    wide_header = ["Område", 2020, 2021, 2022]
    return [
        # ---- containers and file types -------------------------------------------------
        (Case("avkortad.xlsx", None, ("«avkortad.xlsx»", "trasig eller avkortad"),
              "xlsx cut off after half its bytes"),
         lambda: GOOD_MALL[: len(GOOD_MALL) // 2]),
        (Case("skadad_del.xlsx", None, ("«skadad_del.xlsx»", "trasig"),
              "one zip part's compressed bytes overwritten (CRC mismatch)"),
         lambda: corrupt_member(GOOD_MALL, "xl/worksheets/sheet1.xml")),
        (Case("zipbomb.xlsx", None, ("«zipbomb.xlsx»", "zip-bomb"),
              "60 MB of zeros packed into a few KB"),
         zip_bomb),
        (Case("zipbomb_ljuger.xlsx", None, ("«zipbomb_ljuger.xlsx»", "trasig"),
              "40 MB sheet whose zip headers claim 2 000 bytes (passes the header checks)",
              isolated=True),
         lying_zip_bomb),
        (Case("manga_delar.xlsx", None, ("«manga_delar.xlsx»", "orimligt många delar"),
              "2 500 extra parts in the zip"),
         many_members),
        (Case("word_dokument.xlsx", None, ("«word_dokument.xlsx»", "xl/workbook.xml saknas"),
              "a zip (Word document) renamed to .xlsx"),
         zip_without_workbook),
        (Case("rapport.pdf", None, ("«rapport.pdf»", "filtypen «.pdf» stöds inte"), "a PDF"),
         lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        (Case("kalkyl.ods", None, ("«kalkyl.ods»", "«.ods» stöds inte"), "LibreOffice format"),
         lambda: b"PK\x03\x04" + b"\0" * 60),
        (Case("utan_andelse", None, ("«utan_andelse»", "utan ändelse"), "no file extension"),
         lambda: csv_utf8([MALL, GOOD_ROW])),
        (Case("gammal.xls", None, ("«gammal.xls»", "Spara filen som .xlsx"), "Excel 97-2003"),
         lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
        (Case("krypterad.xlsx", None, ("«krypterad.xlsx»", "lösenordsskyddad"),
              "password-protected xlsx (an OLE container)"),
         lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
        (Case("text.xlsx", None, ("«text.xlsx»", "inte en giltig xlsx"), "a csv renamed to .xlsx"),
         lambda: csv_utf8([MALL, GOOD_ROW])),
        (Case("excel.csv", None, ("«excel.csv»", "byt ändelse till .xlsx"), "an xlsx renamed to .csv"),
         lambda: GOOD_MALL),
        (Case("tom.csv", None, ("«tom.csv»", "filen är tom"), "0 bytes"), lambda: b""),
        (Case("binar.csv", None, ("«binar.csv»", "binärdata"), "csv with NUL bytes"),
         lambda: b"Indikator;Omr\0de\n\0\0\0\x01\x02"),
        (Case("jattestor.csv", None, ("«jattestor.csv»", "största tillåtna storlek"), "51 MB csv"),
         lambda: b"Indikator;Omr\xc3\xa5de\n" + b"x;y\n" * (51 * 1024 * 1024 // 4)),
        (Case("entiteter.xlsx", None, ("«entiteter.xlsx»",),
              "'billion laughs' entity expansion in the sheet XML", isolated=True),
         lambda: with_doctype(_LAUGHS, (b">Berga<", b">&j;<"))),
        (Case("xxe.xlsx", None, ("«xxe.xlsx»",),
              "external entity pointing at /etc/passwd in the sheet XML", isolated=True,
              extra={"forbidden": "root:"}),
         lambda: with_doctype('<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                              (b">Berga<", b">&e;<"))),
        (Case("langt_bort.xlsx", None, ("«langt_bort.xlsx»",),
              "one stray value in cell XFD1048576 (5 KB file)", isolated=True),
         far_cell),
        (Case("formler_utan_slut.xlsx", None, ("«formler_utan_slut.xlsx»",),
              "15 000 error cells with unclosed <f> (20 KB file): must be refused within seconds",
              isolated=True, extra={"timeout": 10}),
         unclosed_error_formulas),
        (Case("langt_bort_attributordning.xlsx", None, ("«langt_bort_attributordning.xlsx»",),
              "far column written <c s=.. r=\"XFD1\"> plus row 300 000 (hand-made XML)",
              isolated=True),
         far_column_attribute_order),
        (Case("langt_bort_utan_radnummer.xlsx", None, ("«langt_bort_utan_radnummer.xlsx»",),
              "column XFD, then 200 000 <row> elements without r= (hand-made XML, stored)",
              isolated=True),
         far_rows_without_numbers),
        # ---- sheets ---------------------------------------------------------------------
        (Case("tomma_blad.xlsx", "mall", ("«tomma_blad.xlsx»", "inga ifyllda blad"),
              "three sheets, all empty"),
         lambda: xlsx({"Data": [], "Blad2": [], "Blad3": []})),
        (Case("bara_rubrik.xlsx", "mall", ("«bara_rubrik.xlsx»", "inga värden att importera"),
              "template header and no rows"),
         lambda: mall()),
        (Case("dolt_blad.xlsx", None, ("«dolt_blad.xlsx»", "«Data»", "dolt"),
              "the data sits on a hidden sheet; the visible sheet is an instruction"),
         lambda: xlsx({"Instruktion": [["Fyll i bladet Data"]], "Data": [MALL, GOOD_ROW]},
                      hidden=["Data"])),
        (Case("sammanslagen_tvaniva.xlsx", None,
              ("«sammanslagen_tvaniva.xlsx»", "blad «Andel (%)», rad 4, kolumn «A»"),
              "two-level header: years merged over Kvinnor/Män columns", sheet_level=True),
         merged_two_level_header),
        (Case("sammanslagen_rubrik.xlsx", None, (), "template header cells merged over two rows",
              expect="ok", values=(("0580-RYD", 2022, 58.4),)),
         merged_title_over_header),
        (Case("dubbla_kolumner.xlsx", None,
              ("«dubbla_kolumner.xlsx»", "blad «Data», rad 1", "«värde» finns två gånger"),
              "template with two Värde columns", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", 61, 62], header=MALL + ["Värde"])),
        (Case("bred_utan_matt.xlsx", None,
              ("«bred_utan_matt.xlsx»", "blad «Blad1», rad 3", "andel invånare (%) eller antal hushåll"),
              "wide försörjningsstöd sheet that never says share or households", sheet_level=True),
         lambda: xlsx({"Blad1": [["Ekonomiskt bistånd"], [], wide_header, ["Berga", 9.8, 9.6, 9.4]]})),
        # ---- years ----------------------------------------------------------------------
        (Case("ar_med_stjarna.xlsx", None,
              ("blad «Data», rad 2, kolumn «År»", "«2021*» är inte ett årtal"),
              "year written 2021* (preliminary)", sheet_level=True),
         lambda: mall([VOTE, "Berga", "2021*", "Totalt", 61])),
        (Case("ar_som_datum.xlsx", None,
              ("blad «Data», rad 2, kolumn «År»", "skrivet som ett datum"),
              "year typed as a date (2021-01-01)", sheet_level=True),
         lambda: mall([VOTE, "Berga", dt.datetime(2021, 1, 1), "Totalt", 61])),
        (Case("ar_decimal.xlsx", None, ("rad 2, kolumn «År»", "«2021.5» är inte ett årtal"),
              "year 2021.5", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2021.5, "Totalt", 61])),
        (Case("ar_utanfor.xlsx", None, ("rad 2, kolumn «År»", "utanför det tillåtna intervallet"),
              "year 2099", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2099, "Totalt", 61])),
        (Case("bred_ar_med_stjarna.xlsx", None,
              ("blad «Andel (%)», rad 3, kolumn «C»", "«2021*» är inte ett årtal"),
              "wide header with 2021*", sheet_level=True),
         lambda: wide_fsd([["Område", 2020, "2021*", 2022], ["Berga", 9.8, 9.6, 9.4]])),
        (Case("bred_ar_som_datum.xlsx", None,
              ("blad «Andel (%)», rad 3, kolumn «D»", "skrivet som ett datum"),
              "wide header with a date for a year", sheet_level=True),
         lambda: wide_fsd([["Område", 2020, 2021, dt.datetime(2022, 1, 1)], ["Berga", 9.8, 9.6, 9.4]])),
        # ---- numbers --------------------------------------------------------------------
        (Case("punkt_tusental.xlsx", None,
              ("rad 2, kolumn «Värde»", "«1.234.567» är inte ett tal"),
              "dots as thousands separators", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", "1.234.567"])),
        (Case("apostrof_tusental.csv", "forsorjningsstod",
              ("«apostrof_tusental.csv», rad 2, kolumn «Antal hushåll»", "«12'345» är inte ett tal"),
              "Swiss apostrophe thousands", sheet_level=True),
         lambda: csv_utf8([["Område", "År", "Kön", "Antal hushåll"], ["Berga", 2021, "Totalt", "12'345"]])),
        (Case("tva_komman.csv", "forsorjningsstod",
              ("rad 2, kolumn «Andel (%)»", "«9,4,1» är inte ett tal"),
              "two decimal commas", sheet_level=True),
         lambda: csv_utf8([["Område", "År", "Kön", "Andel (%)"], ["Berga", 2021, "Totalt", "9,4,1"]])),
        (Case("ok_separatorer.csv", "forsorjningsstod", (),
              "hard-space thousands, dot-thousands with decimal comma, trailing %, typographic minus "
              "in nothing: all legitimate", expect="ok",
              values=(("0580-BER", 2021, 1234.5), ("0580-RYD", 2021, 1234.5),
                      ("0580-SKA", 2021, 12.5), ("0580", 2021, 1234567.0))),
         lambda: csv_utf8([["Område", "År", "Kön", "Antal hushåll"],
                           ["Berga", 2021, "Totalt", f"1{NBSP}234,5"],
                           ["Ryd", 2021, "Totalt", "1.234,5"],
                           ["Skäggetorp", 2021, "Totalt", "12,5 %"],
                           ["Linköping", 2021, "Totalt", "1 234 567"]])),
        (Case("negativt.xlsx", None, ("rad 2, kolumn «E»", "negativt"),
              "negative share (typographic minus)", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", "\u221212,5"])),
        (Case("sant_som_varde.xlsx", None, ("rad 2, kolumn «Värde»", "«True» är inte ett tal"),
              "boolean TRUE as a value", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", True])),
        (Case("datum_som_varde.xlsx", None, ("rad 2, kolumn «Värde»", "datum"),
              "a date where the value belongs", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", dt.datetime(2022, 3, 1)])),
        (Case("oandligt.csv", "forsorjningsstod", ("rad 2, kolumn «Andel (%)»", "är inte ett tal"),
              "a 400-digit number (overflows to infinity)", sheet_level=True),
         lambda: csv_utf8([["Område", "År", "Kön", "Andel (%)"], ["Berga", 2021, "Totalt", "9" * 400]])),
        # ---- areas, kön, keys -------------------------------------------------------------
        (Case("okant_omrade.xlsx", None,
              ("blad «Data», rad 2, kolumn «Område»", "«Skäggetorpp» finns inte", "Menade du «Skäggetorp»"),
              "misspelt area", sheet_level=True),
         lambda: mall([VOTE, "Skäggetorpp", 2022, "Totalt", 61])),
        (Case("okant_omrade_bred.xlsx", None,
              ("blad «Andel (%)», rad 5, kolumn «A»", "«Bergaa» finns inte"),
              "wide layout with an unknown area", sheet_level=True),
         lambda: wide_fsd([wide_header, ["Berga", 9.8, 9.6, 9.4], ["Bergaa", 1, 2, 3]])),
        (Case("formel_i_omrade.csv", "forsorjningsstod",
              ("rad 2, kolumn «Område»", "finns inte i områdeslistan"),
              "a spreadsheet-injection formula as the area name", sheet_level=True),
         lambda: csv_utf8([["Område", "År", "Kön", "Andel (%)"],
                           ["=HYPERLINK(\"http://example.invalid\",\"Berga\")", 2021, "Totalt", "9,4"]])),
        (Case("okant_kon.xlsx", None, ("rad 2, kolumn «Kön»", "«Båda» är inget kön"),
              "kön 'Båda'", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Båda", 61])),
        (Case("dubbla_nycklar.csv", "forsorjningsstod",
              ("rad 3", "förekommer flera gånger (rader 2, 3)"),
              "the same area, year and kön twice", sheet_level=True),
         lambda: csv_utf8([["Område", "År", "Kön", "Andel (%)"], ["Berga", 2021, "Totalt", "9,4"],
                           ["Berga stadsdel", 2021, "T", "9,5"]])),
        (Case("okand_indikator.xlsx", None,
              ("rad 2, kolumn «Indikator»", "finns inte i katalogen", "«Enhet» och «Källa»"),
              "indicator not in the catalogue and no unit/source", sheet_level=True),
         lambda: mall(["Nöjdhet med lekplatser", "Berga", 2022, "Totalt", 61])),
        (Case("indikator_id_krock.xlsx", None, ("«indikator_id_krock.xlsx»",),
              "new indicator 'Forsorjningsstod andel' (unit antal) whose id equals a catalogue id",
              expect="ok|fel",
              extra={"not_indicator": "forsorjningsstod_andel"}),
         lambda: mall(["Forsorjningsstod andel", "Berga", 2022, "Totalt", 50, "antal", "Egen räkning"],
                      header=MALL + ["Enhet", "Källa"])),
        # ---- formulas and cells --------------------------------------------------------------
        (Case("formel_med_varde.xlsx", None, (), "a formula with its cached result (as Excel saves)",
              expect="ok", values=(("0580-BER", 2022, 61.5),)),
         lambda: xlsx_writer(formula_with_cache)),
        (Case("formel_utan_varde.xlsx", None, ("rad 2, kolumn «Värde»", "formel"),
              "a formula without a cached result (written by a script)", sheet_level=True),
         lambda: mall([VOTE, "Berga", 2022, "Totalt", "=60+1"])),
        (Case("excelfel.xlsx", None, ("rad 2, kolumn «Värde»", "#DIV/0!"),
              "an Excel error value (#DIV/0!)", sheet_level=True),
         lambda: xlsx_writer(excel_error)),
        (Case("lang_cell.xlsx", None, ("rad 2, kolumn «B»", "tecken lång"),
              "a 20 000-character area name", sheet_level=True,
              extra={"max_message_chars": 2_000}),
         lambda: mall([VOTE, "B" * 20_000, 2022, "Totalt", 61])),
        (Case("lang_kommentar.xlsx", None, ("rad 2, kolumn «F»", "tecken lång"),
              "a 50 000-character comment", sheet_level=True),
         lambda: mall(GOOD_ROW + ["x" * 50_000], header=MALL + ["Kommentar"])),
        (Case("oparat_citattecken.csv", None, ("«oparat_citattecken.csv», rad 2, kolumn «Område»",),
              "an opening quote that is never closed swallows the rest of the file",
              sheet_level=True),
         lambda: b'\xef\xbb\xbfIndikator;Omr\xc3\xa5de;\xc3\x85r;K\xc3\xb6n;V\xc3\xa4rde\r\n'
                 b'Valdeltagande i kommunvalet;"Berga;2022;Totalt;61\r\n'
                 b'Valdeltagande i kommunvalet;Ryd;2022;Totalt;58\r\n'),
        # ---- encodings ------------------------------------------------------------------------
        (Case("windows1252.csv", None, (), "Windows-1252 csv with å, ä, ö", expect="ok",
              values=(("0580-SKA", 2022, 61.0),)),
         lambda: csv_text([MALL, [VOTE, "Skäggetorp", 2022, "Totalt", "61"]]).encode("cp1252")),
        (Case("utf16.csv", None, (), "UTF-16 with BOM (Excel's 'Unicode text')", expect="ok",
              values=(("0580-BER", 2022, 61.0),)),
         lambda: csv_text([MALL, [VOTE, "Berga", 2022, "Totalt", "61"]]).encode("utf-16")),
        (Case("utf16_utan_bom.csv", None, ("«utf16_utan_bom.csv»", "UTF-16"),
              "UTF-16LE without BOM", expect="ok|fel", values=(("0580-BER", 2022, 61.0),)),
         lambda: csv_text([MALL, [VOTE, "Berga", 2022, "Totalt", "61"]]).encode("utf-16-le")),
        (Case("dubbelkodad.csv", None, ("«dubbelkodad.csv»", "det går inte att avgöra"),
              "UTF-8 decoded as Windows-1252 and saved again (OmrÃ¥de)"),
         lambda: csv_text([MALL, [VOTE, "Berga", 2022, "Totalt", "61"]]).encode("utf-8")
         .decode("cp1252").encode("utf-8")),
        # ---- per-source layouts ---------------------------------------------------------------
        (Case("bra_dubbelrad_2023.csv", "brottsstatistik",
              ("rad 4, kolumn «Kommun»", "finns redan på rad 3"),
              "BRÅ file with Berga twice", sheet_level=True),
         lambda: csv_utf8([["Anmälda våldsbrott 2023"], ["Kommun", "Antal", "Per 100 000 inv."],
                           ["Berga", "143", ""], ["Berga", "150", ""]])),
        (Case("bra_utan_ar.csv", "brottsstatistik", ("«bra_utan_ar.csv»", "hittar inte vilket år"),
              "BRÅ file with no year anywhere"),
         lambda: csv_utf8([["Kommun", "Antal", "Per 100 000 inv."], ["Berga", "143", ""]])),
        (Case("merit_utan_lasar.csv", "meritvarde", ("«merit_utan_lasar.csv»", "hittar inte läsåret"),
              "Skolverket-style file without a school year"),
         lambda: csv_utf8([["Skola", "Skolenhetskod", "Antal elever", "Genomsnittligt meritvärde (17 ämnen)"],
                           ["Exempelskola Berga 1", "90000011", "45", "198,3"]])),
        (Case("merit_okand_skola.csv", "meritvarde", (),
              "a home-kommun school that no district claims yet: kept per school, waits for its mapping",
              expect="ok", values=(("skola:99999999", 2024, 198.3),)),
         lambda: csv_utf8([["Läsår 2023/24"],
                           ["Skola", "Skolenhetskod", "Antal elever", "Genomsnittligt meritvärde (17 ämnen)"],
                           ["Okänd skola", "99999999", "45", "198,3"]])),
        (Case("atgard_fel_id.xlsx", None,
              ("blad «Uppföljning 2022», rad 2, kolumn «Id»", "«2:4» är inget åtgärdsnummer"),
              "measure id written 2:4", sheet_level=True),
         lambda: xlsx({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                            ["2:4", "Språkpraktik", 2, "Pågår"]]})),
        (Case("prosa.txt", None, ("«prosa.txt»", "det går inte att avgöra"),
              "a .txt file of prose"),
         lambda: "Hej!\nHär kommer siffrorna du bad om, de kommer i nästa mejl.\n".encode()),
    ]


def manifest() -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(file name, kind or None, fragments) for every case, as the issue asks."""
    return [(c.file_name, c.kind, c.fragments) for c, _ in cases()]


def build_corpus(folder: Path) -> list[Case]:
    """Write every case's file into ``folder`` (and manifest.json); return the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Case] = []
    for case, make in cases():
        (folder / case.file_name).write_bytes(make())
        written.append(case)
    (folder / "manifest.json").write_text(
        json.dumps([asdict(c) for c in written], ensure_ascii=False, indent=1), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path,
                        help="where to write the files (default: a new temporary folder)")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="trasiga_filer_"))
    written = build_corpus(folder)
    for case in written:
        mark = "BUGG " if case.bug else ""
        print(f"{case.expect:3} {mark:5}{case.file_name:32} {case.what}")
    bugs = sum(1 for c in written if c.bug)
    print(f"{len(written)} filer i {folder} ({bugs} väntar på rättning, se manifest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
