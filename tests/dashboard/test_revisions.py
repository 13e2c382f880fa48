"""A revised value says so: in the hover text, in the table's own column and in the Excel file.

The store is real: a Kolada fetch imported, then refreshed from the recorded server whose
data changed (Linköping 2023: 4,4 → 4,3), so the revision comes from the same write path a
user's refresh takes.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from dashboard.export.xlsx import ExportInfo, xlsx_bytes
from dashboard.series import trend_series
from dashboard.store import Store
from dashboard.tables import trend_table
from loaders import refresh
from loaders.importer import import_bytes
from loaders.kolada_api import fetch
from loaders.store import connect, load_reference_files
from tests.kolada_server import serving

TODAY = dt.date.today().isoformat()


@pytest.fixture
def revised_store(tmp_path, monkeypatch):
    with serving(monkeypatch) as server:
        con = connect(tmp_path / "store.duckdb")
        load_reference_files(con)
        data, name = fetch(["N31807"], ["0580", "0000"])
        import_bytes(con, data, name, "kolada", who="test",
                     options={"kolada": {"kpi": ["N31807"], "municipality": ["0580", "0000"], "api": server.url()}})
        refresh.apply(con, refresh.plan(con), who="test")
        yield con
        con.close()


def test_the_revised_value_carries_its_date_and_old_value(revised_store):
    obs = Store(revised_store).observations("forsorjningsstod_andel", ["0580", "00"], 2021, 2024)
    row = obs[(obs["area_code"] == "0580") & (obs["year"] == 2023)].iloc[0]
    assert (row["value"], row["revised_at"], row["previous_value"]) == (4.3, TODAY, 4.4)
    assert obs["revised_at"].notna().sum() == 1  # unchanged and new values are not revised

    series = trend_series(obs)
    hover = series[(series["area_code"] == "0580") & (series["year"] == 2023)]["hover"].iloc[0]
    assert hover == f"4,3\u00a0%; reviderad {TODAY} (tidigare 4,4\u00a0%)"
    others = series[~((series["area_code"] == "0580") & (series["year"] == 2023))]["hover"]
    assert not others.str.contains("reviderad").any()

    table = trend_table(series, view="values")
    assert table.frame["Reviderat"].tolist() == [f"2023 reviderad {TODAY} (tidigare 4,4\u00a0%)", ""]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, ExportInfo("Trender"))))
    sheet = book.worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in cells if "Reviderat" in r)
    at = header.index("Reviderat")
    assert f"2023 reviderad {TODAY} (tidigare 4,4\u00a0%)" in [r[at] for r in cells]


def test_without_revisions_the_table_has_no_such_column(store):
    obs = Store(store).observations("forsorjningsstod_andel", ["0580"], 2015, 2024)
    assert "revised_at" in obs and obs["revised_at"].isna().all()
    assert "Reviderat" not in trend_table(trend_series(obs), view="values").frame
