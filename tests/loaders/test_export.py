"""The tidy CSV export (``python -m loaders export --format csv``): its columns, a round trip
through the template loader, example data staying example data, and formula-like text."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loaders import export
from loaders.build import build_store
from loaders.errors import ImportFailed
from loaders.importer import import_bytes
from loaders.store import connect, data_checksums, load_reference_files

ROOT = Path(__file__).resolve().parents[2]
KEY = ["indicator_id", "area_code", "year", "sex"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("export") / "panel.duckdb"
    build_store(db)
    return db


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_cli_writes_the_documented_columns_for_the_chosen_indicator_and_areas(built, tmp_path):
    out = tmp_path / "ut.csv"
    result = subprocess.run([sys.executable, "-m", "loaders", "--db", str(built), "export", "--format", "csv",
                             "--indicator", "meritvarde_ak9", "--area", "0580-BER", "0580", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    read = rows(out.read_bytes())
    assert list(read[0]) == export.COLUMNS
    assert {r["indicator_id"] for r in read} == {"meritvarde_ak9"}
    assert {r["area_code"] for r in read} == {"0580-BER", "0580"}
    con = duckdb.connect(str(built), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM v_observations WHERE indicator_id = 'meritvarde_ak9' "
                        "AND area_code IN ('0580-BER', '0580')").fetchone()[0]
        value = con.execute("SELECT value FROM v_observations WHERE indicator_id = 'meritvarde_ak9' AND "
                            "area_code = '0580-BER' AND year = 2020 AND sex = 'totalt'").fetchone()[0]
    finally:
        con.close()
    assert len(read) == n
    berga = next(r for r in read if r["area_code"] == "0580-BER" and r["year"] == "2020" and r["sex"] == "totalt")
    assert float(berga["value"]) == pytest.approx(value) and berga["example"] == "true"
    assert berga["source_file"] and berga["import_id"]   # (computed from schools: no single source row)


def test_export_imported_into_an_empty_store_gives_the_same_observations_and_stays_example(built, tmp_path):
    con = duckdb.connect(str(built), read_only=True)
    try:
        frame = export.tidy(con, ["forsorjningsstod_andel", "meritvarde_ak9"])
    finally:
        con.close()
    data = export.to_csv(frame)
    fresh = connect(tmp_path / "tom.duckdb")
    try:
        load_reference_files(fresh)
        summary, _ = import_bytes(fresh, data, "export.csv")
        assert summary.kind == "mall"
        again = export.tidy(fresh, ["forsorjningsstod_andel", "meritvarde_ak9"])
    finally:
        fresh.close()
    cols = [*KEY, "value", "flag", "example"]
    before = frame[cols].sort_values(KEY).reset_index(drop=True)
    after = again[cols].sort_values(KEY).reset_index(drop=True)
    assert len(after) == len(before) > 0
    assert after.equals(before)          # values, flags (suppressed, missing) and example data alike
    assert after["example"].all()        # example data never comes back as real statistics


def test_a_file_mixing_example_and_real_rows_is_refused(tmp_path):
    data = ("indicator_id,area_code,year,sex,value,flag,example\n"
            "valdeltagande,0580-BER,2022,totalt,70.5,,true\n"
            "valdeltagande,0580-RYD,2022,totalt,71.5,,false\n").encode()
    con = connect(tmp_path / "p.duckdb")
    try:
        load_reference_files(con)
        before = data_checksums(con)
        with pytest.raises(ImportFailed, match=r"rad 3.*blandar exempelvärden"):
            import_bytes(con, data, "blandat.csv")
        assert data_checksums(con) == before
    finally:
        con.close()


def test_formula_like_text_is_written_as_text_and_read_back_unchanged():
    import pandas as pd

    frame = pd.DataFrame([{"indicator_id": "x", "indicator": "=HYPERLINK(\"http://a\")", "area_code": "0580",
                           "area": "-Berga", "level": "kommun", "year": 2024, "sex": "totalt", "value": -2.5,
                           "flag": None, "example": False, "source_file": "@fil.csv", "source_sheet": "\tBlad",
                           "source_row": 3, "import_id": 1}])
    read = rows(export.to_csv(frame))[0]
    assert read["indicator"] == "'=HYPERLINK(\"http://a\")" and read["area"] == "'-Berga"
    assert read["source_file"] == "'@fil.csv" and read["source_sheet"] == "'\tBlad"
    assert read["value"] == "-2.5"       # a number stays a number
    from loaders.values import parse_name
    assert parse_name(read["indicator"]) == "=HYPERLINK(\"http://a\")"


def test_an_export_read_back_into_the_same_store_changes_nothing(built, tmp_path):
    """District values the store computes from schools and RegSO are marked derived in the
    export and left out when the file comes back, with one line saying so (issue 26)."""
    import shutil

    db = tmp_path / "samma.duckdb"
    shutil.copy(built, db)
    con = connect(db)
    try:
        frame = export.tidy(con)
        assert frame["derived"].any() and not frame.loc[frame["level"] == "skola"].size
        summary, _ = import_bytes(con, export.to_csv(frame), "export.csv")
        assert (summary.added, summary.replaced) == (0, 0)
        assert summary.unchanged == int((~frame["derived"]).sum())
        n = int(frame["derived"].sum())
        assert summary.more() == [(f"{n} stadsdelsvärden som exporten räknat fram (derived = true) lästes inte in: "
                                  "databasen räknar fram dem själv ur skolornas och delområdenas värden.")]
        again = export.tidy(con)
        stored = con.execute("SELECT count(*) FROM observations o JOIN area_mappings m ON m.district = o.area_code "
                             "WHERE o.indicator_id = 'meritvarde_ak9'").fetchone()[0]
    finally:
        con.close()
    cols = [*KEY, "value", "flag", "example", "derived"]
    assert again[cols].equals(frame[cols])   # every value as before, the computed ones still computed
    assert stored == 0                       # no district value of meritvärde became a stored value


def test_the_command_line_exports_the_schools_on_request(built, tmp_path):
    out = tmp_path / "skolor.csv"
    result = subprocess.run([sys.executable, "-m", "loaders", "--db", str(built), "export", "--format", "csv",
                             "--indicator", "meritvarde_ak9", "--include-schools", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    read = rows(out.read_bytes())
    schools = [r for r in read if r["level"] == "skola"]
    assert schools and all(r["area_code"].startswith("skola:") and r["derived"] == "false" for r in schools)
    assert {r["derived"] for r in read if r["area_code"] == "0580-BER"} == {"true"}
