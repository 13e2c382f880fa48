"""The sheet-XML scan in loaders.reading that runs before calamine sees an xlsx.

It must find how far a sheet reaches wherever the r attribute sits in a <c> tag and when
rows or cells carry no number at all (OOXML: the previous row/column + 1), so calamine never
gets a sheet it would allocate densely to death; and it must locate Excel error cells and
formulas without a value in one linear pass, whatever the attribute order. Two paths do the
work (a few whole-part searches for sheets as spreadsheet programs write them, a tag-by-tag
scan otherwise); both are tested, and must agree where both apply.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from loaders import reading
from loaders.errors import ImportFailed
from loaders.reading import _exact_scan, _fast_scan, _letters_above, _number_above, _scan_sheet
from loaders.values import BadCell
from tests.hardening.conftest import load_corpus_module

ROOT = Path(__file__).resolve().parents[2]
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def sheet(body: bytes) -> bytes:
    return HEAD + body + TAIL


def workbook(sheet_xml: bytes, *, sheet_path: str = "xl/worksheets/sheet1.xml",
             target: str = "worksheets/sheet1.xml") -> bytes:
    """A minimal xlsx around hand-written sheet XML (what an attacker can send)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml",
                         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                         '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                         f'.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>'
                         "</Relationships>")
        archive.writestr(sheet_path, sheet_xml)
    return out.getvalue()


def sheet_part(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def both(xml: bytes) -> list[reading._SheetFacts]:
    """The fast path's verdict (when it applies) and the exact scan's."""
    fast = _fast_scan(xml)
    return [f for f in (fast, _exact_scan(xml)) if f is not None]


# ------------------------------------------------------------------ extent


@pytest.mark.parametrize("body", [
    pytest.param(b'<row r="1"><c s="0" r="XFD1"><v>1</v></c></row><row r="300000"><c r="A300000">'
                 b"<v>1</v></c></row>", id="r-not-first"),
    pytest.param(b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD300000"><v>1</v></c></row>',
                 id="cell-row-beyond-its-row-element"),
    pytest.param(b'<row r="1"><c r="A1" r="XFD300000"><v>1</v></c></row>', id="duplicate-r-last-wins"),
    pytest.param(b'<row r="1"><c r="A1" s="1"   r="XFD300000"><v>1</v></c></row>', id="later-r-after-spaces"),
    pytest.param(b'<row r="1"><c r="A1" s="1"\n r\n=\n"XFD300000"><v>1</v></c></row>', id="later-r-newlines"),
    pytest.param(b'<row r="1"><c r="AB1"/><c r="ZZ1"/><c r="A1" r="B999999"><v>1</v></c></row>',
                 id="later-r-in-a-wide-sheet"),
    pytest.param(b'<row r="1"><c r="xfd300000"><v>1</v></c></row>', id="lower-case"),
    pytest.param(b'<row r="1"><c foo="&gt;>" r="XFD300000"><v>1</v></c></row>', id="gt-inside-a-value"),
    pytest.param(b"<row r='1'><c r = 'XFD300000'><v>1</v></c></row>", id="single-quotes-and-spaces"),
    pytest.param(b'<row r="1"><c\tr="XFD300000"><v>1</v></c></row>', id="tab-before-r"),
    pytest.param(b'<row r="1"><c r="AAAA1000"><v>1</v></c></row>', id="four-letter-column"),
    pytest.param(b'<row r="1"><c r="A99999999999999999999"><v>1</v></c></row>', id="absurd-row"),
    pytest.param(b'<row r="1"><c r="XFD1"><v>1</v></c></row>' + b"<row><c><v>1</v></c></row>" * 700,
                 id="unnumbered-rows"),
    pytest.param(b'<row r="2000"><c r="A2000"/></row>' + b"<row/>" * 400_000 + b"<row><c><v>1</v></c></row>",
                 id="empty-unnumbered-rows-then-a-cell"),
    pytest.param(b'<row r="1">' + b"<c/>" * 20_000 + b"</row>", id="unnumbered-cells"),
    pytest.param(b'<row r="1"><c r="XFC1"><v>1</v></c>' + b"<c><v>1</v></c>" * 2 + b"</row>"
                 + b'<row r="1000"><c r="A1000"><v>1</v></c></row>', id="unnumbered-after-numbered"),
])
def test_far_reaching_sheets_are_too_large_in_every_path(body):
    for facts in both(sheet(body)):
        assert facts.too_large() or facts.malformed, facts
    assert _scan_sheet(sheet(body)).too_large()


def test_prefixed_elements_are_counted_like_plain_ones():
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
           + b"<x:row><x:c><x:v>1</x:v></x:c></x:row>" * 3
           + b'<x:row r="400000"><x:c r="XFD400000"/></x:row></x:sheetData></x:worksheet>')
    assert _fast_scan(xml) is None
    facts = _exact_scan(xml)
    assert facts.too_large() and facts.max_row == 400_000  # stops at the first row too far


def test_unnumbered_rows_and_cells_follow_the_previous_ones():
    # row 3 is numbered, the next row has no r (so it is row 4); its cells have no r either
    # after one at C4, so the formula sits at E4 (row index 3, column index 4)
    xml = sheet(b'<row r="3"><c r="B3"><v>1</v></c></row>'
                b'<row><c r="C4"><v>1</v></c><c><v>2</v></c><c><f>1+1</f></c></row><row/>'
                b"<row><c><v>1</v></c></row>")
    assert _fast_scan(xml) is None  # cells without r need counting
    facts = _exact_scan(xml)
    assert facts.bad_cells == {(3, 4): BadCell("formel utan beräknat värde")}
    assert (facts.max_row, facts.max_col) == (6, 5)
    assert not facts.too_large() and not facts.malformed


def test_a_normal_sheet_stays_in_the_fast_path_and_within_the_limits():
    book = openpyxl.Workbook()
    for r in range(300):
        book.active.append([f"v{r}", r, r / 3] + [None] * 25 + ["sista"])  # column AC
    buffer = io.BytesIO()
    book.save(buffer)
    xml = sheet_part(buffer.getvalue())
    facts = _fast_scan(xml)
    assert facts is not None and not facts.too_large() and facts.bad_cells == {}
    exact = _exact_scan(xml)
    assert (exact.max_row, exact.max_col) == (300, 29) and not exact.malformed


def test_a_wide_but_short_sheet_is_still_accepted_by_both_paths():
    xml = sheet(b'<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>1</v></c></row>'
                b'<row r="14000"><c r="B14000"><v>1</v></c></row>')  # 14 000 x 702 < 10 M
    for facts in both(xml):
        assert not facts.too_large() and not facts.malformed
    assert _fast_scan(xml) is not None


def test_the_fast_path_finds_the_widest_column_whatever_the_order():
    cells = b"".join(b'<c r="%s%d"><v>1</v></c>' % (col, row)
                     for row, col in [(1, b"AB"), (2, b"ZA"), (3, b"AC"), (4, b"BZ")])
    # ZA is column 677: 10 000 000 // 677 = 14 771 rows allowed, so row 14 772 is too far
    ok = sheet(b'<row r="1">' + cells + b'</row><row r="14771"><c r="A14771"/></row>')
    far = sheet(b'<row r="1">' + cells + b'</row><row r="14772"><c r="A14772"/></row>')
    assert _fast_scan(ok) is not None
    assert _fast_scan(far) is None and _exact_scan(far).too_large()


def test_a_lying_dimension_alone_is_not_refused():
    """calamine 0.9 only reserves room from <dimension> when it is under 100 000 cells, so
    a dimension claiming A1:XFD1048576 cannot hurt; the cells are what count."""
    xml = (HEAD.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
           + b'<row r="1"><c r="A1"><v>1</v></c></row>' + TAIL)
    for facts in both(xml):
        assert not facts.too_large()


def test_far_cells_are_refused_before_calamine_with_a_swedish_message(monkeypatch):
    def calamine_must_not_run(*args, **kwargs):
        raise AssertionError("calamine anropades")

    monkeypatch.setattr(reading.python_calamine.CalamineWorkbook, "from_filelike", calamine_must_not_run)
    data = workbook(sheet(b'<row r="1"><c s="0" r="XFD1"><v>1</v></c></row>'
                          b'<row r="300000"><c r="A300000"><v>1</v></c></row>'))
    with pytest.raises(ImportFailed) as caught:
        reading.read_workbook(data, "langt.xlsx")
    message = str(caught.value.problems[0])
    assert message.startswith("Fel i filen «langt.xlsx», blad «Data»: bladet sträcker sig till rad 300000")
    assert "kolumn XFD" in message


@pytest.mark.parametrize(("sheet_path", "target"), [
    ("xl/worksheets/Sheet1.xml", "worksheets/sheet1.xml"),  # calamine ignores case
    ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),  # no sheet resolves to it
])
def test_every_part_with_sheet_data_is_checked_however_it_is_named(sheet_path, target):
    data = workbook(sheet(b'<row r="1"><c r="XFD400000"><v>1</v></c></row>'),
                    sheet_path=sheet_path, target=target)
    with pytest.raises(ImportFailed, match="sträcker sig till rad 400000"):
        reading.read_workbook(data, "namn.xlsx")


# ------------------------------------------------------------------ bad cells


@pytest.mark.parametrize("tag", [
    b'<c r="E2" t="e">', b'<c t="e" r="E2">', b'<c s="3" t="e" r="E2">', b'<c r="E2" s="3" t="e">',
    b"<c r='E2' t = 'e'>", b'<c r="E2" t="e" cm="1">',
])
def test_error_cells_are_located_whatever_the_attribute_order(tag):
    xml = sheet(b'<row r="2"><c r="D2"><v>1</v></c>' + tag + b"<f>1/0</f><v>#DIV/0!</v></c></row>")
    results = both(xml)
    for facts in results:
        assert facts.bad_cells == {(1, 4): BadCell("#DIV/0!")}, facts


def test_error_cell_read_through_read_workbook_sits_where_excel_shows_it():
    data = load_corpus_module().with_sheet_xml(sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                          b'<row r="7"><c s="1" t="e" r="C7"><v>#N/A</v></c>'
                          b'<c r="D7" s="1" t="e"><f>X1</f><v>#REF!</v></c></row>'))
    data_sheet = reading.read_workbook(data, "fel.xlsx").sheets[0]
    assert data_sheet.cell(6, 2) == BadCell("#N/A")
    assert data_sheet.cell(6, 3) == BadCell("#REF!")


@pytest.mark.parametrize("cell", [
    b'<c r="B2"><f>1+1</f></c>', b'<c s="1" r="B2"><f>1+1</f><v/></c>', (b'<c r="B2" s="1"><f t="shared" '
    b'ref="B2:B3" si="0">1+1</f><v></v></c>'), b'<c r="B2"><f t="shared" si="0"/></c>',
])
def test_formulas_without_a_value_are_found_in_both_paths(cell):
    xml = sheet(b'<row r="2"><c r="A2"><v>1</v></c>' + cell + b"</row>")
    for facts in both(xml):
        assert facts.bad_cells == {(1, 1): BadCell("formel utan beräknat värde")}, facts


def test_formulas_with_values_and_plain_cells_are_not_bad():
    xml = sheet(b'<row r="2"><c r="A2" t="e"><v></v></c><c r="B2"><f>1+1</f><v>2</v></c>'
                b'<c r="C2" t="str"><f>"a"</f><v>a</v></c><c r="D2" t="s"><v>0</v></c></row>')
    for facts in both(xml):
        assert facts.bad_cells == {}


def test_fast_and_exact_paths_agree_on_files_written_by_spreadsheet_libraries():
    def build(book: xlsxwriter.Workbook) -> None:
        data = book.add_worksheet("Data")
        data.write_row(0, 0, ["Indikator", "Värde", "Kvot", "Fel"])
        for r in range(1, 40):
            data.write_row(r, 0, [f"rad {r}", r])
            data.write_formula(r, 2, f"=B{r + 1}/2", None, r / 2)
            if r % 7 == 0:
                data.write_formula(r, 3, f"=B{r + 1}/0", None, "#DIV/0!")
        data.write_formula(40, 2, "=1+1")  # no cached value: XlsxWriter writes <v>0</v>

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book)
    book.close()
    xml = sheet_part(buffer.getvalue())
    fast, exact = _fast_scan(xml), _exact_scan(xml)
    assert fast is not None
    assert fast.bad_cells == exact.bad_cells
    assert set(fast.bad_cells) == {(r, 3) for r in range(7, 40, 7)}


def test_openpyxl_formulas_without_values_are_found_by_the_fast_path():
    book = openpyxl.Workbook()
    book.active.append(["Värde"])
    book.active.append(["=60+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    xml = sheet_part(buffer.getvalue())
    assert _fast_scan(xml).bad_cells == _exact_scan(xml).bad_cells == {
        (1, 0): BadCell("formel utan beräknat värde")}


# ------------------------------------------------------------------ malformed and linear


@pytest.mark.parametrize("body", [
    b'<row r="1"><c r="A1"><v>1<c r="XFD9"/></v></c></row>',  # a cell hidden in a value
    b'<row><c><is><t>x</t></c></row><c/></is></c></row>',  # </c> inside an inline string
    b'<row><c><row/><v>1</v></c></row>',  # calamine: "Expecting 'v, f, or is' node"
    b'<row r="1"><c r="A1" t="e"><f>1',  # unclosed at the end of the part
    b'<!DOCTYPE x [<!ENTITY a "b">]><row r="1"/>',
    b'<row r="1"><c r="A1" s="1><v>1</v></c></row>',  # unclosed quote
])
def test_malformed_sheet_xml_is_flagged_by_the_exact_scan(body):
    assert _exact_scan(sheet(body)).malformed


def test_malformed_sheets_get_a_swedish_message():
    data = workbook(sheet(b'<row><c><v>1<c r="XFD900000"/></v></c></row>'))
    with pytest.raises(ImportFailed, match="bladets XML är felaktigt uppbyggt"):
        reading.read_workbook(data, "trasig.xlsx")


def test_comments_and_cdata_neither_hide_nor_add_structure():
    xml = sheet(b'<row r="1"><c r="A1"><v>1</v></c><!-- </row><row r="9999999"> -->'
                b'<c><is><t><![CDATA[</c></row><c r="XFD1">]]></t></is></c></row>')
    facts = _exact_scan(xml)
    assert not facts.malformed
    assert (facts.max_row, facts.max_col) == (1, 2)


_LINEAR_CHILD = textwrap.dedent("""
    import sys, time
    from loaders.reading import _exact_scan, _fast_scan, _scan_sheet
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    n = int(sys.argv[1])
    unclosed = head + b'<row r="1">' + b"".join(b'<c r="A%d" t="e"><f>1' % (i + 1) for i in range(n))
    attrs_last = head + b'<row r="1">' + b"".join(b'<c s="1" t="e" r="A%d"><f>1' % (i + 1) for i in range(n))
    quotes = head + b'<row r="1">' + b'<c r="A1" t="e"><f a="' * n
    for xml in (unclosed, attrs_last, quotes):
        _scan_sheet(xml); _exact_scan(xml); _fast_scan(xml)
    print("klar")
""")


def test_unclosed_error_formulas_are_scanned_in_one_pass():
    """60 000 error cells with unclosed <f> (4x the corpus case): the old lazy-regex scan
    needed minutes for this (quadratic); a linear scan is done in about a second. Run in a
    subprocess so a regression fails on the generous timeout instead of hanging the suite."""
    try:
        result = subprocess.run([sys.executable, "-c", _LINEAR_CHILD, "60000"], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("skanningen av 60 000 trasiga felceller blev inte klar på 60 s")
    assert result.returncode == 0 and "klar" in result.stdout, result.stderr[-2000:]


# ------------------------------------------------------------------ the regex builders


@pytest.mark.parametrize("limit", [1, 9, 10, 99, 100, 14_245, 38_461, 384_615, 999_999, 1_048_576])
def test_number_above_matches_exactly_the_larger_numbers(limit):
    import re

    pattern = re.compile(_number_above(limit))
    for n in {*range(max(1, limit - 120), limit + 120), limit * 10, limit * 10 - 1, 10**7}:
        assert bool(pattern.fullmatch(str(n).encode())) == (n > limit), n


@pytest.mark.parametrize("word", [b"AA", b"AZ", b"BA", b"MZ", b"ZA", b"ZY", b"ZZ"])
def test_letters_above_matches_exactly_the_later_columns(word):
    import itertools
    import re

    pattern = re.compile(_letters_above(word))
    for a, b in itertools.product(range(26), repeat=2):
        other = bytes([65 + a, 65 + b])
        expected = other > word
        assert bool(pattern.fullmatch(other)) == expected, other
        assert bool(pattern.fullmatch(other.lower())) == expected, other


def test_a_large_sheet_in_no_program_s_form_is_refused_without_the_slow_scan(monkeypatch):
    """Hand-written XML takes the Python-speed exact scan; a big one is refused before it, so one
    upload cannot hold the server, and the message says how to make the file acceptable."""
    def exact_scan_must_not_run(xml):
        raise AssertionError("den exakta genomgången kördes")

    monkeypatch.setattr(reading, "_exact_scan", exact_scan_must_not_run)
    monkeypatch.setattr(reading, "MAX_EXACT_SCAN_BYTES", 50_000)
    rows = b"".join(b'<row><c t="n"><v>%d</v></c></row>' % i for i in range(3_000))  # no r=: not fast
    with pytest.raises(ImportFailed) as caught:
        reading.read_workbook(workbook(sheet(rows)), "handgjord.xlsx")
    message = str(caught.value.problems[0])
    assert message.startswith("Fel i filen «handgjord.xlsx», blad «Data»: bladet är inte sparat så som Excel")
    assert "spara den igen" in message


def test_a_small_sheet_in_no_program_s_form_is_still_scanned_exactly():
    rows = b"".join(b'<row><c t="n"><v>%d</v></c></row>' % i for i in range(3))
    facts = _scan_sheet(sheet(rows))
    assert not facts.unusual and not facts.malformed
    assert (facts.max_row, facts.max_col) == (3, 1)
