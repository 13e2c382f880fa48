"""Every kind of bad input named in the data-foundation issue: a Swedish message that says
where the problem is, and a store that is exactly as it was before the attempt."""

import io
import zipfile

import pytest

from tests.spreadsheets import csv_bytes, xlsx_bytes
from loaders.errors import ImportFailed
from loaders.importer import import_bytes
from loaders.store import table_checksums

GOOD_MALL = xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                                 ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 61.2]]})
MALL_HEADER = ["Indikator", "Område", "År", "Kön", "Värde"]


def mall(*rows):
    return xlsx_bytes({"Data": [MALL_HEADER, *rows]})


def corrupt_member(data: bytes, member: str) -> bytes:
    """Overwrite the middle of one part's compressed bytes, leaving the zip structure intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 3
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 40]) + data[middle + 40:]


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


CASES = {
    "wrong extension": (b"%PDF-1.4 ...", "rapport.pdf", None, ["«rapport.pdf»", "filtypen «.pdf» stöds inte"]),
    "old xls": (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "gammal.xls", None, ["«gammal.xls»", "Spara filen som .xlsx"]),
    "xlsx that is text": ("Område;2021\nBerga;9,4\n".encode(), "lurad.xlsx", None, ["«lurad.xlsx»", "inte en giltig xlsx"]),
    "csv that is an xlsx": (GOOD_MALL, "fel.csv", None, ["«fel.csv»", "byt ändelse till .xlsx"]),
    "truncated xlsx": (GOOD_MALL[: len(GOOD_MALL) // 2], "avkortad.xlsx", None,
                       ["«avkortad.xlsx»", "trasig eller avkortad"]),
    "corrupt xlsx": (corrupt_member(GOOD_MALL, "xl/worksheets/sheet1.xml"), "trasig.xlsx", None,
                     ["«trasig.xlsx»", "trasig"]),
    "zip bomb": (zip_bomb(), "bomb.xlsx", None, ["«bomb.xlsx»", "zip-bomb"]),
    "empty file": (b"", "tom.csv", None, ["«tom.csv»", "filen är tom"]),
    "empty sheet": (xlsx_bytes({"Data": []}), "tomt.xlsx", "mall", ["«tomt.xlsx»", "inga ifyllda blad"]),
    "misspelled column": (xlsx_bytes({"Data": [["Indikator", "Omrde", "År", "Kön", "Värde"],
                                               ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 61]]}),
                          "stavfel.xlsx", "mall", ["blad «Data»", "rubrikraden ska innehålla", "«Område»"]),
    "unknown area": (mall(["Valdeltagande i kommunvalet", "Skäggetorpp", 2022, "Totalt", 61]),
                     "omrade.xlsx", None, ["blad «Data», rad 2, kolumn «Område»", "Menade du «Skäggetorp»"]),
    "text where a number belongs": (mall(["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", "cirka 60"]),
                                    "text.xlsx", None, ["rad 2, kolumn «Värde»", "«cirka 60» är inte ett tal"]),
    "year out of range": (mall(["Valdeltagande i kommunvalet", "Berga", 1899, "Totalt", 61]),
                          "ar.xlsx", None, ["rad 2, kolumn «År»", "utanför det tillåtna intervallet"]),
    "duplicate rows": (mall(["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 61],
                            ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 62]),
                       "dubbel.xlsx", None, ["rad 3", "förekommer flera gånger (rader 2, 3)"]),
    "negative count": (csv_bytes([["Område", "År", "Kön", "Antal hushåll"], ["Berga", 2021, "Totalt", "-12"]]),
                       "negativ.csv", "forsorjningsstod", ["rad 2, kolumn «D»", "negativt"]),
    "share above 100": (mall(["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", "104,5"]),
                        "andel.xlsx", None, ["rad 2, kolumn «E»", "104.5 % är större än 100 %"]),
    "status that is not a status": (
        xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                         ["1.1", "Bilda områdesteam", 1, "Nästan klar"]]}),
        "status.xlsx", None, ["blad «Uppföljning 2022», rad 2, kolumn «Status»", "«Nästan klar» är ingen status"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_a_located_swedish_message_and_changes_nothing(store, case):
    data, name, kind, fragments = CASES[case]
    import_bytes(store, GOOD_MALL, "tidigare.xlsx")  # the store holds something to protect
    before = table_checksums(store)
    with pytest.raises(ImportFailed) as err:
        import_bytes(store, data, name, kind)
    message = "\n".join(str(p) for p in err.value.problems)
    for fragment in fragments:
        assert fragment in message, message
    assert message.startswith("Fel i ")
    assert table_checksums(store) == before
