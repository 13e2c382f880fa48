"""Shown tables and their Excel files: exactly the rows shown, Swedish, safe to open."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pandas as pd
import pytest

from dashboard import tables, textwidth
from dashboard.export import xlsx as export
from dashboard.export.xlsx import ExportInfo
from dashboard.measures import filter_measures
from dashboard.series import trend_series
from dashboard.store import Store
from dashboard.views.overview import overview_cards
from dashboard.tables import Table
from tests.dashboard.stores import HOSTILE

BER, RYD, SKA, TKT, KOMMUN, RIKET = "0580-BER", "0580-RYD", "0580-SKA", "0580-TKT", "0580", "00"
NOW = dt.datetime(2026, 11, 23, 14, 5)


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _ooxml_text(value: str) -> str:
    """Excel stores control characters as _xHHHH_ (openpyxl does not decode them; Excel does)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def _meta_text(book: openpyxl.Workbook) -> str:
    sheet = book["Om exporten"]
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


@pytest.fixture(scope="module")
def trend_table(con):
    obs = Store(con).observations("forsorjningsstod_andel", [BER, TKT, KOMMUN, RIKET], 2012, 2024, ["kvinnor"])
    return tables.trend_table(trend_series(obs), view="values")


# ----------------------------------------------------------------------------- tables

def test_trend_table_is_the_chart_as_numbers(trend_table):
    frame = trend_table.frame
    assert list(frame.columns[:2]) == ["Område", "Kön"]
    assert list(frame.columns[2:]) == [str(y) for y in range(2012, 2025)]
    assert list(frame["Område"]) == ["Berga", "Tornby-Kallerstad", "Linköpings kommun", "Riket"]
    assert pd.isna(frame.at[1, "2013"])                     # prickat: no number, not 0
    assert trend_table.flags[(1, "2013")] == "prickad"
    assert tables.display_text(trend_table, 1, "2013") == ".."
    assert tables.display_text(trend_table, 0, "2024") == "9,2"
    assert trend_table.notes and "Tornby-Kallerstad 2013, 2016" in trend_table.notes[0]


def test_gap_table_leaves_out_the_kommun_zero_row(con):
    obs = Store(con).observations("forsorjningsstod_andel", [BER, KOMMUN, RIKET], 2012, 2024)
    table = tables.trend_table(trend_series(obs, view="gap", kommun_code=KOMMUN), view="gap")
    assert list(table.frame["Område"]) == ["Berga", "Riket"]


def test_measures_table_shows_status_in_words_and_the_decision_both_ways(con):
    table = tables.measures_table(Store(con).measures(2021))
    assert len(table) == 60
    first = table.frame.iloc[0]
    assert first["Id"] == "1.1" and first["Status"] == "✔ Genomförd"
    assert first["Beslut inför nästa år"] == "Vidareutvecklas"
    assert first["Beslut (originaltext)"] == "Vidareutvecklad åtgärd 2022."
    assert set(table.frame["Status"]) == {"✔ Genomförd", "➜ Pågår", "✖ Ej genomförd"}


def test_overview_table_keeps_each_indicators_decimals(con):
    cards = overview_cards(Store(con).overview(SKA))
    table = tables.overview_table(cards, "Skäggetorp")
    row = {name: i for i, name in enumerate(table.frame["Indikator"])}
    assert table.decimals("Skäggetorp", row["Meritvärde åk 9"]) == 1
    assert table.decimals("Skäggetorp", row["Anmälda våldsbrott, antal"]) == 0


def test_overview_table_fits_a_laptop_and_keeps_every_column_a_choice_away(con):
    """Översikt at 1280 px: 13 columns scrolled sideways and cut the development area's name.
    On screen the table starts with six columns, a text column is as wide as its widest cell,
    and the rest are groups to add; the Excel file keeps every column."""
    cards = overview_cards(Store(con).overview(SKA))
    table = tables.overview_table(cards, "Skäggetorp")
    assert tables.shown_columns(table) == ["Indikator", "Enhet", "År", "Skäggetorp", "Kommunen", "Riket"]
    everything = tables.shown_columns(table, list(table.optional))
    assert everything == list(table.frame.columns) and len(everything) == 13
    assert tables.shown_columns(table, ["Förändring sedan första året"])[-2:] == [
        "Förändring sedan första året", "Första år"]
    config = tables.column_config(table)
    areas = table.frame["Utvecklingsområde"]
    assert config["Utvecklingsområde"]["width"] >= max(textwidth.text_px(a) for a in areas) + 18
    assert config["Indikator"]["width"] >= max(textwidth.text_px(n) for n in table.frame["Indikator"]) + 18
    assert config["Förändring sedan första året"]["label"] == "Förändring"
    assert "första årets värde" in config["Förändring sedan första året"]["help"]


def test_screen_shows_swedish_numbers_per_row_decimals_flags_and_keeps_the_frame():
    """On screen every number column is Swedish text: the row's own decimals, U+2212 minus,
    a non-breaking space between thousands, '*' for a caveat, the flag's symbol for a
    suppressed value and an empty cell (the grid's «–») for a value missing without a flag.
    The table itself (and so the Excel file) keeps the numbers."""
    frame = pd.DataFrame({"Indikator": ["Meritvärde", "Brott", "Andel", "Andel"],
                          "2024": [221.456, 12345.0, -0.04, None], "2025": [None, 3.0, 12.26, 7.0]})
    table = Table(frame, numbers={"2024": [1, 0, 1, 1], "2025": 1},
                  flags={(0, "2025"): "prickad", (1, "2024"): "ungefärligt"})
    shown = tables.screen_frame(table)
    assert shown["2024"].tolist() == ["221,5", "12\u00a0345" + "*", "0,0", None]
    assert shown["2025"].tolist() == ["..", "3,0", "12,3", "7,0"]
    assert shown["Indikator"].tolist() == frame["Indikator"].tolist()
    assert table.frame["2024"].iloc[1] == 12345.0 and pd.isna(table.frame["2025"].iloc[0])
    assert tables.screen_frame(Table(frame.assign(x=[-1.5, 2, 3, 4]), numbers={"x": 1}))["x"].iloc[0] == "\u22121,5"
    config = tables.column_config(table)
    assert config["2024"]["alignment"] == config["2025"]["alignment"] == "right"
    assert "alignment" not in config.get("Indikator", {})


def test_long_free_text_keeps_its_width_and_short_text_is_shown_whole(con):
    table = tables.measures_table(Store(con).measures(2021))
    config = tables.column_config(table)
    assert config["Kommentar"]["width"] == 60 * 8 + 16  # cut on screen, whole in the row's details
    for column in ("Utvecklingsområde", "Ansvarig", "Områden"):
        texts = [t for t in table.frame[column] if t]
        assert config[column]["width"] >= min(max(textwidth.text_px(t) for t in texts) + 18,
                                              tables.SCREEN_MAX_PX), column


# ----------------------------------------------------------------------------- export

def test_export_holds_exactly_the_rows_shown_with_swedish_headers_and_formats(trend_table):
    info = ExportInfo(title="Trender – Invånare i hushåll med ekonomiskt bistånd",
                      filters=[("Områden", "Berga och Tornby-Kallerstad"), ("Kön", "Kvinnor")],
                      sources=[("Invånare i hushåll med ekonomiskt bistånd", "Linköpings kommun")],
                      definitions=[("Invånare i hushåll med ekonomiskt bistånd", "Andel av invånarna …")],
                      example=True)
    book = _open(export.xlsx_bytes(trend_table, info, now=NOW))
    assert book.sheetnames == ["Data", "Om exporten"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header == ["Område", "Kön", *[str(y) for y in range(2012, 2025)]]
    assert data.max_row == len(trend_table) + 1
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:O{len(trend_table) + 1}"
    berga_2024 = data.cell(row=2, column=header.index("2024") + 1)
    assert berga_2024.value == pytest.approx(9.2) and berga_2024.number_format == "#,##0.0"
    suppressed = data.cell(row=3, column=header.index("2013") + 1)
    assert suppressed.value == ".." and suppressed.data_type == "s"
    assert "prickat" in suppressed.comment.text
    assert data.column_dimensions["A"].width >= 16
    meta = _meta_text(book)
    assert "Exempeldata – påhittade värden" in meta
    assert "2026-11-23 14:05" in meta
    assert "Berga och Tornby-Kallerstad" in meta and "Andel av invånarna" in meta
    assert "Linköpings kommun" in meta


def test_real_data_export_does_not_say_example(con):
    table = tables.measures_table(Store(con).measures(2021))
    book = _open(export.xlsx_bytes(table, ExportInfo(title="Åtgärder", example=False), now=NOW))
    assert "påhittade" not in _meta_text(book)
    assert book["Data"].max_row == 61


def test_filtered_rows_are_what_is_exported(con):
    measures = filter_measures(Store(con).measures(2021), districts=["Ryd"], statuses=["genomförd"])
    table = tables.measures_table(measures)
    book = _open(export.xlsx_bytes(table, ExportInfo(title="Åtgärder"), now=NOW))
    ids = [row[0] for row in book["Data"].iter_rows(min_row=2, values_only=True)]
    assert ids == list(measures["measure_id"]) and 0 < len(ids) < 60


def test_per_row_decimals_reach_excel(con):
    cards = overview_cards(Store(con).overview(SKA))
    table = tables.overview_table(cards, "Skäggetorp")
    data = _open(export.xlsx_bytes(table, ExportInfo(title="Översikt", example=True), now=NOW))["Data"]
    header = [c.value for c in data[1]]
    col = header.index("Skäggetorp") + 1
    formats = {data.cell(row=r, column=2).value: data.cell(row=r, column=col).number_format
               for r in range(2, data.max_row + 1)}
    assert formats["Meritvärde åk 9"] == "#,##0.0"
    assert formats["Anmälda våldsbrott, antal"] == "#,##0"
    assert data.cell(row=2, column=header.index("År") + 1).number_format == "0"


def test_hostile_text_from_an_imported_follow_up_stays_text(con2):
    table = tables.measures_table(Store(con2).measures(2022))
    data = _open(export.xlsx_bytes(table, ExportInfo(title="Åtgärder 2022"), now=NOW))["Data"]
    comments = {row[0].value: row[[c.value for c in data[1]].index("Kommentar")]
                for row in data.iter_rows(min_row=2)}
    hyperlink = comments["1.1"]
    assert hyperlink.value == HOSTILE["1.1"] and hyperlink.data_type == "s"
    for measure in ("1.2", "1.3", "1.4", "1.7"):
        assert comments[measure].value == HOSTILE[measure]
        assert comments[measure].data_type == "s"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-1+1", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1", "{=1+1}", "=1/0"])
def test_every_formula_prefix_is_written_as_text(text):
    table = Table(pd.DataFrame({"Åtgärd": [text], "Kommentar": [text]}))
    book = _open(export.xlsx_bytes(table, ExportInfo(title=text, filters=[("Filter", text)]), now=NOW))
    cell = book["Data"]["B2"]
    assert cell.data_type == "s" and _ooxml_text(cell.value) == text
    meta_values = [c for row in book["Om exporten"].iter_rows() for c in row
                   if isinstance(c.value, str) and _ooxml_text(c.value) == text]
    assert meta_values and all(c.data_type == "s" for c in meta_values)


def test_file_name_says_what_and_when():
    name = export.file_name("trender", ["forsorjningsstod_andel", "Berga-Ryd-Skäggetorp"],
                            dt.date(2026, 11, 23))
    assert name == "trender_forsorjningsstod_andel_Berga-Ryd-Skaggetorp_2026-11-23.xlsx"
