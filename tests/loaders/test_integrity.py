"""Nothing a user imports is silently altered or lost (issue 12), each case at its own depth.

Every test names the way data went wrong before and checks the store (or the refusal) now.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard import admin
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.model import Batch, observations_frame
from loaders.store import DATA_DIR, data_checksums, reference, table_checksums, write_batch
from tests.spreadsheets import csv_bytes, xlsx_bytes

REGISTER = (DATA_DIR / "atgarder_2020_uppfoljning_2021.xlsx").read_bytes()
HEADER = ["Indikator", "Område", "År", "Kön", "Värde"]
VAL = "Valdeltagande i kommunvalet"


def register_texts(con) -> list[tuple]:
    return con.execute("SELECT measure_id, title, description, area_text, responsible, funding, plan "
                       "FROM measures ORDER BY measure_id").fetchall()


# ------------------------------------------------------------------ 1. follow-up rounds

def test_a_follow_up_round_from_the_app_changes_nothing_in_the_register(store):
    import_bytes(store, REGISTER, "register.xlsx")
    before = register_texts(store)
    assert sum(1 for r in before if r[2]) == 60  # every measure has its description
    latest, base = admin.followup_base(store)
    rows = base.astype(object).where(pd.notna(base), None).to_dict("records")
    checked = admin.check_followup(store, rows, latest + 1)
    assert not len(checked.preview.register)  # the preview says, field by field: nothing
    admin.confirm(store, checked, "editor", "test")
    assert register_texts(store) == before
    assert store.execute("SELECT count(*) FROM measure_followups WHERE round = 2022").fetchone()[0] == 60


def test_a_thin_follow_up_file_never_blanks_omrade_or_ansvarig(store):
    import_bytes(store, REGISTER, "register.xlsx")
    before = register_texts(store)
    thin = xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                             ["1.1", before[0][1], 1, "Genomförd"]]})
    import_bytes(store, thin, "tunn.xlsx")
    assert register_texts(store) == before
    assert store.execute("SELECT status FROM measure_followups WHERE measure_id = '1.1' AND round = 2022"
                         ).fetchone() == ("genomförd",)


def test_the_preview_shows_per_field_what_a_register_file_changes(store):
    import_bytes(store, REGISTER, "register.xlsx")
    edited = xlsx_bytes({"Uppföljning 2021": [["Id", "Åtgärd", "Utvecklingsområde", "Status", "Ansvarig"],
                                               ["1.2", "Ny titel", 1, "Pågår", "SOF"]]})
    checked = admin.check_upload(store, edited, "ändrad.xlsx", None)
    rows = admin.register_rows(checked)
    assert set(rows["Fält"]) >= {"Åtgärd", "Ansvarig"}
    assert rows.set_index("Fält").loc["Åtgärd", "Efter"] == "Ny titel"


# ------------------------------------------------------------------ 2. measure ids typed as numbers

def _register_rows(con) -> dict[str, str]:
    return dict(con.execute("SELECT measure_id, title FROM measures").fetchall())


def test_a_numeric_id_whose_title_is_another_measures_is_refused_with_the_probable_id(store):
    import_bytes(store, REGISTER, "register.xlsx")
    titles = _register_rows(store)
    book = xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                             [1.1, titles["1.10"], 1, "Pågår"]]})
    before = table_checksums(store)
    with pytest.raises(ImportFailed, match=r"rad 2, kolumn «Id».*talet 1\.1.*troligen 1\.10"):
        import_bytes(store, book, "uppfoljning.xlsx")
    assert table_checksums(store) == before


def test_a_numeric_id_with_its_own_title_is_accepted(store):
    import_bytes(store, REGISTER, "register.xlsx")
    titles = _register_rows(store)
    book = xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                             [2.4, titles["2.4"], 2, "Genomförd"]]})
    import_bytes(store, book, "uppfoljning.xlsx")
    assert store.execute("SELECT status FROM measure_followups WHERE measure_id = '2.4' AND round = 2022"
                         ).fetchone() == ("genomförd",)


def test_a_numeric_id_that_could_be_two_measures_without_a_title_is_refused(store):
    import_bytes(store, REGISTER, "register.xlsx")
    book = xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"], [1.1, None, 1, "Pågår"]]})
    with pytest.raises(ImportFailed, match=r"kan vara åtgärd 1\.1 eller 1\.10"):
        import_bytes(store, book, "uppfoljning.xlsx")


def test_a_text_id_with_another_measures_title_is_refused(store):
    import_bytes(store, REGISTER, "register.xlsx")
    titles = _register_rows(store)
    book = xlsx_bytes({"Uppföljning 2022": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                             ["1.1", titles["1.10"], 1, "Pågår"]]})
    with pytest.raises(ImportFailed, match=r"hör till åtgärd 1\.10, inte 1\.1"):
        import_bytes(store, book, "uppfoljning.xlsx")


# ------------------------------------------------------------------ 3. percent format

def _percent_book(value: float) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(HEADER)
    sheet.append([VAL, "Berga", 2022, "Totalt", value])
    sheet["E2"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_share_typed_as_percent_is_read_as_shown(store):
    import_bytes(store, _percent_book(0.094), "procent.xlsx")
    assert store.execute("SELECT value FROM observations WHERE indicator_id = 'valdeltagande'").fetchone() == (9.4,)
    before = data_checksums(store)
    import_bytes(store, _percent_book(0.094), "procent_igen.xlsx")  # the same value, unchanged
    assert store.execute("SELECT value FROM observations WHERE indicator_id = 'valdeltagande'").fetchone() == (9.4,)
    assert data_checksums(store)["observations"][0] == before["observations"][0]


# ------------------------------------------------------------------ 4. shares above 100

@pytest.mark.parametrize("unit", ["procent", "Procent", "andel (%)", "Andel (%)", "%", "andel %"])
def test_a_share_above_100_is_refused_however_the_unit_is_written(store, unit):
    book = xlsx_bytes({"Data": [HEADER + ["Enhet", "Källa"], ["Ny andel", "Berga", 2022, "Totalt", 140, unit, "X"]]})
    with pytest.raises(ImportFailed, match="andelen 140 % är större än 100 %"):
        import_bytes(store, book, "andel.xlsx")


def test_a_known_share_given_with_another_spelling_of_its_unit_is_accepted(store):
    book = xlsx_bytes({"Data": [HEADER + ["Enhet"], [VAL, "Berga", 2022, "Totalt", 61, "Andel (%)"]]})
    import_bytes(store, book, "val.xlsx")
    assert store.execute("SELECT value FROM observations").fetchone() == (61.0,)


# ------------------------------------------------------------------ 5. broken cells in name columns

@pytest.mark.parametrize("cell, label", [("#N/A", "#N/A"), ("#REF!", "#REF!"), ("=NA()", "formel")])
def test_an_error_cell_in_a_name_column_is_refused_not_made_an_indicator(store, cell, label):
    book = xlsx_bytes({"Data": [HEADER + ["Enhet", "Källa"], [cell, "Berga", 2022, "Totalt", 5, "%", "X"]]})
    before = table_checksums(store)
    with pytest.raises(ImportFailed) as err:
        import_bytes(store, book, "trasig.xlsx")
    message = str(err.value)
    assert "rad 2, kolumn «Indikator»" in message and label in message
    assert table_checksums(store) == before


def test_an_error_cell_in_the_area_column_is_refused(store):
    book = xlsx_bytes({"Data": [HEADER, [VAL, "#N/A", 2022, "Totalt", 5]]})
    with pytest.raises(ImportFailed, match="rad 2, kolumn «Område».*#N/A"):
        import_bytes(store, book, "trasig.xlsx")


# ------------------------------------------------------------------ 6. look-alike names

@pytest.mark.parametrize("name", [
    "Valdeltagande i kommunvalet".replace("ä", "a\u0308"),    # NFD
    "Valdeltagande  i kommunvalet",                           # double space
    "Valdeltagande\u00a0i kommunvalet",                       # non-breaking space
    "Valdel\u200btagande i kommunvalet",                      # zero-width space
])
def test_a_name_that_only_looks_different_is_the_same_indicator(store, name):
    book = xlsx_bytes({"Data": [HEADER, [name, "Berga", 2022, "Totalt", 61]]})
    import_bytes(store, book, "val.xlsx")
    assert store.execute("SELECT DISTINCT indicator_id FROM observations").fetchall() == [("valdeltagande",)]
    assert store.execute("SELECT count(*) FROM indicators WHERE added_by_import IS NOT NULL").fetchone() == (0,)


def test_a_dash_variant_in_an_area_name_is_the_same_area(store):
    book = xlsx_bytes({"Data": [HEADER, [VAL, "Tornby\u2013Kallerstad", 2022, "Totalt", 61],
                                [VAL, "Tornby - Kallerstad", 2018, "Totalt", 60]]})
    import_bytes(store, book, "val.xlsx")
    assert {r[0] for r in store.execute("SELECT area_code FROM observations").fetchall()} == {"0580-TKT"}


def test_a_homoglyph_is_refused_with_menade_du(store):
    book = xlsx_bytes({"Data": [HEADER, [VAL, "B\u0435rga", 2022, "Totalt", 61]]})  # Cyrillic е
    with pytest.raises(ImportFailed, match="annat alfabet.*Menade du «Berga»"):
        import_bytes(store, book, "val.xlsx")
    book = xlsx_bytes({"Data": [HEADER + ["Enhet", "Källa"], ["Vald\u0435ltagande i kommunvalet", "Berga", 2022,
                                                              "Totalt", 61, "%", "X"]]})
    with pytest.raises(ImportFailed, match="annat alfabet.*Menade du «Valdeltagande i kommunvalet»"):
        import_bytes(store, book, "val.xlsx")


# ------------------------------------------------------------------ 7. «exempel» in a file name

def test_a_file_named_exempel_is_real_data_unless_it_carries_the_marker(store):
    book = xlsx_bytes({"Data": [HEADER, [VAL, "Berga", 2022, "Totalt", 61]]})
    import_bytes(store, book, "exempelvis_valdeltagande.xlsx")
    assert store.execute("SELECT example FROM observations").fetchone() == (False,)
    marked = xlsx_bytes({"Data": [HEADER, [VAL, "Ryd", 2022, "Totalt", 62]], "Om": [["EXEMPELDATA (Indikatorpanelen)"]]})
    import_bytes(store, marked, "val.xlsx")
    assert store.execute("SELECT example FROM observations WHERE area_code = '0580-RYD'").fetchone() == (True,)


# ------------------------------------------------------------------ 9. hidden rows and sheets

def test_hidden_rows_and_sheets_are_named_in_the_preview(store):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(HEADER)
    for year in (2018, 2019, 2020, 2022):
        sheet.append([VAL, "Berga", year, "Totalt", 60])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet.column_dimensions["D"].hidden = True
    old = book.create_sheet("Gammalt")
    old.append(["något"])
    old.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    warnings = [str(w) for w in parse(buffer.getvalue(), "dolt.xlsx", reference(store)).warnings]
    assert any("raderna 3–4 är dolda i Excel men har lästs in" in w for w in warnings), warnings
    assert any("kolumn D är dold" in w for w in warnings), warnings
    assert any("blad «Gammalt»" in w and "dolt" in w for w in warnings), warnings


# ------------------------------------------------------------------ 10. empty optional columns

def test_an_empty_taljare_column_keeps_the_stored_counts(store):
    first = xlsx_bytes({"Data": [HEADER + ["Täljare", "Nämnare"], [VAL, "Berga", 2022, "Totalt", 60, 600, 1000]]})
    import_bytes(store, first, "med_antal.xlsx")
    again = xlsx_bytes({"Data": [HEADER + ["Täljare", "Nämnare"], [VAL, "Berga", 2022, "Totalt", 60, None, None]]})
    import_bytes(store, again, "utan_antal.xlsx")
    assert store.execute("SELECT value, numerator, denominator FROM observations").fetchone() == (60.0, 600.0, 1000.0)


def test_an_empty_antal_hushall_column_never_overwrites_stored_households(store):
    both = csv_bytes([["Område", "År", "Kön", "Andel (%)", "Antal hushåll"], ["Berga", 2022, "Totalt", "9,4", "612"]])
    import_bytes(store, both, "bistand.csv")
    share_only = csv_bytes([["Område", "År", "Kön", "Andel (%)", "Antal hushåll"], ["Berga", 2022, "Totalt", "9,5", ""]])
    import_bytes(store, share_only, "bistand2.csv")
    rows = dict(store.execute("SELECT indicator_id, value FROM observations").fetchall())
    assert rows == {"forsorjningsstod_andel": 9.5, "forsorjningsstod_hushall": 612.0}


# ------------------------------------------------------------------ all or nothing, with a write under way

def test_a_write_that_fails_half_way_leaves_every_table_as_it_was(store):
    """The batch passes no validation (duplicate keys): the insert fails after the import's own
    rows, its event and its archived file were written. Only the rollback keeps them out, so
    committing instead of rolling back turns this red."""
    import_bytes(store, xlsx_bytes({"Data": [HEADER, [VAL, "Berga", 2018, "Totalt", 60]]}), "tidigare.xlsx")
    before = table_checksums(store)
    rows = [dict(indicator_id="valdeltagande", area_code="0580-RYD", year=2022, sex="totalt", value=v)
            for v in (61.0, 62.0)]
    bad = Batch("mall", "dubbel.xlsx", "abc123", False, observations=observations_frame(rows))
    with pytest.raises(Exception):
        write_batch(store, bad, who="test", data=b"original bytes")
    assert table_checksums(store) == before
