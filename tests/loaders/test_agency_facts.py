"""A new agency added with a facts module alone (tests/loaders/trygghet_facts.py).

Its files, wide (years as columns) and long (a year and a value column), are recognised,
read to exact values with its own kön words and its rule for «-», put each question on its
indicator, and refused with file, sheet, row and column when a cell is wrong, leaving the
store as it was. The facts module holds no code: one value, no functions, no classes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loaders import layout
from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes
from loaders.model import KIND_LABELS
from loaders.reading import read_document
from loaders.store import reference, table_checksums
from tests.loaders import trygghet_facts
from tests.spreadsheets import csv_bytes, xlsx_bytes

OTRYGG = "Känner sig otrygg utomhus kvällstid"
FRITID = "Deltar i organiserad fritidsaktivitet"
WIDE = xlsx_bytes({"Resultat": [
    ["Trygghetsenkäten i Östergötland 2021–2023"],
    ["Andel av de svarande, procent"],
    [],
    ["Bostadsområde", "Kön", "Fråga", "2021", "2022", "2023"],
    ["Berga", "Båda könen", OTRYGG, "31,5", 29, ".."],
    ["Berga", "Flickor", OTRYGG, 38, "36,25", 35],
    ["Skäggetorp", "Pojkar", FRITID, "-", 12, 14],
    ["Linköpings kommun", "Båda könen", FRITID, 40, 41, 42],
    [],
    ["Anm: .. = färre än 30 svar; - = ingen svarande."],
]})
LONG = csv_bytes([["Område", "År", "Kön", "Fråga", "Värde"],
                  ["Ryd", "2023", "Båda könen", OTRYGG, "27"],
                  ["Riket", "2023", "Båda könen", OTRYGG, "~19"]])


@pytest.fixture
def agency(monkeypatch: pytest.MonkeyPatch) -> layout.Facts:
    facts = trygghet_facts.FACTS
    monkeypatch.setitem(layout.AGENCIES, facts.kind, facts)
    monkeypatch.setitem(KIND_LABELS, facts.kind, facts.label)
    return facts


def values(con, indicator_id: str) -> dict[tuple, tuple]:
    rows = con.execute("SELECT area_code, year, sex, value, flag, source_sheet, source_row, source_column "
                       "FROM observations WHERE indicator_id = ?", [indicator_id]).fetchall()
    return {(a, y, s): (v, f, sh, r, c) for a, y, s, v, f, sh, r, c in rows}


def test_the_facts_module_is_facts_only():
    tree = ast.parse(Path(trygghet_facts.__file__).read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in ast.walk(tree)}
    assert not kinds & {"FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda"}
    assert [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets] == ["FACTS"]


def test_without_its_facts_the_file_is_not_this_agency(ref):
    assert detect_kind(read_document(WIDE, "trygghetsenkat_2023.xlsx"), ref) != trygghet_facts.FACTS.kind


def test_a_wide_file_is_recognised_and_read_to_exact_values(store, agency):
    assert detect_kind(read_document(WIDE, "resultat.xlsx"), reference(store)) == agency.kind
    summary, warnings = import_bytes(store, WIDE, "resultat.xlsx", who="test")  # no kind given
    assert summary.kind == agency.kind and summary.added == 12 and not warnings
    otrygg = values(store, "otrygghet_andel")
    assert otrygg[("0580-BER", 2021, "totalt")] == (31.5, None, "Resultat", 5, "D")
    assert otrygg[("0580-BER", 2023, "totalt")] == (None, "prickad", "Resultat", 5, "F")  # '..' kept as a flag
    assert otrygg[("0580-BER", 2022, "kvinnor")] == (36.25, None, "Resultat", 6, "E")
    fritid = values(store, "fritidsaktivitet_andel")
    assert fritid[("0580-SKA", 2021, "män")] == (0.0, "noll enligt källan", "Resultat", 7, "D")  # the agency's «-»
    assert fritid[("0580", 2023, "totalt")] == (42.0, None, "Resultat", 8, "F")
    assert len(otrygg) + len(fritid) == 12  # the note under the table is not read
    sources = {s for (s,) in store.execute("SELECT DISTINCT source FROM observations WHERE indicator_id IN "
                                           "('otrygghet_andel', 'fritidsaktivitet_andel')").fetchall()}
    assert sources == {agency.source}


def test_a_long_file_of_the_same_agency_needs_no_more_facts(store, agency):
    summary, _ = import_bytes(store, LONG, "trygghetsenkat_lang.csv", who="test")
    assert summary.kind == agency.kind and summary.added == 2
    otrygg = values(store, "otrygghet_andel")
    assert otrygg[("0580-RYD", 2023, "totalt")][:2] == (27.0, None)
    assert otrygg[("00", 2023, "totalt")][:2] == (19.0, "ungefärligt")


@pytest.mark.parametrize(("row", "fragments"), [
    (["Ryd", "Båda könen", OTRYGG, "12,5 %x", 1, 2],
     ["«resultat.xlsx»", "blad «Resultat», rad 5, kolumn «2021»", "«12,5 %x» är inte ett tal"]),
    (["Ryd", "Båda könen", "Trivs i skolan", 1, 2, 3],
     ["blad «Resultat», rad 5, kolumn «Fråga»", "«Trivs i skolan» är ingen indikator i katalogen"]),
    (["Ryd", "Okänt", OTRYGG, 1, 2, 3], ["blad «Resultat», rad 5, kolumn «Kön»", "«Okänt»"]),
    (["Atlantis", "Båda könen", OTRYGG, 1, 2, 3], ["blad «Resultat», rad 5, kolumn «Bostadsområde»", "«Atlantis»"]),
])
def test_a_bad_cell_is_refused_where_it_is_and_the_store_is_unchanged(store, agency, row, fragments):
    bad = xlsx_bytes({"Resultat": [["Trygghetsenkäten 2023"], [], [],
                                   ["Bostadsområde", "Kön", "Fråga", "2021", "2022", "2023"], row]})
    import_bytes(store, WIDE, "tidigare.xlsx", who="test")
    before = table_checksums(store)
    with pytest.raises(ImportFailed) as err:
        import_bytes(store, bad, "resultat.xlsx", who="test")
    message = "\n".join(str(p) for p in err.value.problems)
    for fragment in fragments:
        assert fragment in message, message
    assert table_checksums(store) == before


def test_a_file_with_the_agencys_words_but_no_table_is_refused_plainly(store, agency):
    bad = xlsx_bytes({"Resultat": [["Trygghetsenkäten 2023"], ["Inga resultat i år."]]})
    with pytest.raises(ImportFailed) as err:
        import_bytes(store, bad, "resultat.xlsx", agency.kind, who="test")
    message = "\n".join(str(p) for p in err.value.problems)
    assert "ingen rubrikrad har en kolumn för område" in message, message
