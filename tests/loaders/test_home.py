"""Any kommun: ``python -m loaders init --kommun 0583`` sets up Motala's own store.

Against the SCB stand-in (tests/scb_server.py, whose codelist has Motala's nine RegSO codes
with synthetic labels): the store names Motala, holds its nine districts (each RegSO mapped to
its district) with example values labelled as such, and nothing of Linköping's. Without the
network it still works and says how to add the districts. Linköping's own build is unchanged.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from loaders import home
from loaders.errors import PanelError
from loaders.importer import import_bytes
from loaders.register_template import COLUMNS, template_bytes
from loaders.store import connect, undo_import
from tests.scb_server import serving

ROOT = Path(__file__).resolve().parents[2]
LINKOPING_WORDS = ("Linköping", "Berga", "Skäggetorp", "Ryd")


@pytest.fixture
def motala(tmp_path, monkeypatch) -> Path:
    with serving(monkeypatch):
        made = home.init(tmp_path / "motala.duckdb", "0583")
    assert made.home == home.Home("0583", "Motala kommun")
    return tmp_path / "motala.duckdb"


def texts(con) -> list[str]:
    """Every name and text a page could show from the store."""
    rows = con.execute("""
        SELECT name FROM areas WHERE level NOT IN ('kommun', 'lan') UNION ALL SELECT name FROM indicators
        UNION ALL SELECT coalesce(source, '') FROM indicators UNION ALL SELECT value FROM settings
        UNION ALL SELECT name FROM comparison_groups""").fetchall()
    return [r[0] for r in rows]


def test_init_makes_motalas_store_with_its_districts_and_example_values(motala):
    con = connect(motala, read_only=True)
    assert home.home_of(con).name == "Motala kommun"
    districts = con.execute("SELECT code, name, parent FROM areas WHERE level = 'omrade' ORDER BY code").fetchall()
    assert districts == [(f"0583-{n:03d}", f"Område {n}", "0583") for n in range(1, 10)]
    mapped = dict(con.execute("SELECT area_code, district FROM area_mappings").fetchall())
    assert mapped == {f"0583R{n:03d}": f"0583-{n:03d}" for n in range(1, 10)}
    source = con.execute("SELECT source FROM indicators WHERE indicator_id = 'forsorjningsstod_andel'").fetchone()[0]
    assert source == "Motala kommun, socialförvaltningen"
    shown = con.execute("SELECT count(*), bool_and(example) FROM observations").fetchone()
    assert shown[0] == len(home.EXAMPLE_SET) * 11 * len(home.EXAMPLE_YEARS) and shown[1] is True
    found = [t for t in texts(con) if any(w in t for w in LINKOPING_WORDS)]
    assert found == []
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'skola'").fetchone()[0] == 0
    con.close()


def test_build_gives_motalas_store_back_from_its_history(motala):
    """``python -m loaders build`` on a store init made rebuilds that kommun's store (its districts,
    their RegSO with SCB's labels, its example values, an editor's later additions), never data/'s."""
    from loaders import districts
    from loaders.build import rebuild
    from loaders.store import DATA_DIR, table_checksums

    con = connect(motala)
    districts.add_districts(con, ["Ny stadsdel"], who="redaktör")
    before = table_checksums(con)
    con.close()
    bundled, replayed = rebuild(motala, DATA_DIR)
    assert (bundled, replayed) == (0, 4)          # no file of data/; init's 3 events and the addition
    con = connect(motala, read_only=True)
    try:
        after = table_checksums(con)
        names = dict(con.execute("SELECT code, name FROM areas WHERE level IN ('regso', 'omrade')").fetchall())
        found = [t for t in texts(con) if any(w in t for w in LINKOPING_WORDS)]
    finally:
        con.close()
    for table in ("areas", "area_mappings", "observations", "settings", "indicators"):
        assert after[table] == before[table], table
    assert names["0583R004"] == "Motala (Område 4)" and names["0583-NY-STADSDEL"] == "Ny stadsdel"
    assert found == []


def test_init_refuses_an_existing_file_and_an_unknown_kommun(motala):
    before = motala.read_bytes()
    with pytest.raises(PanelError, match="finns redan"):
        home.init(motala, "0583", fetch_districts=False)
    assert motala.read_bytes() == before
    with pytest.raises(PanelError, match="är ingen kommunkod"):
        home.init(motala.parent / "ny.duckdb", "9999", fetch_districts=False)
    assert not (motala.parent / "ny.duckdb").exists()


def test_without_network_init_works_and_says_how_to_add_districts(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "INDIKATORPANEL_SCB_URL": "http://127.0.0.1:9/api/v2",
           "INDIKATORPANEL_SCB_TIMEOUT": "5"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "loaders", "--db", str(tmp_path / "m.duckdb"), "init",
                           "--kommun", "0583"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 60
    assert done.returncode == 0, done.stderr
    assert "Databasen" in done.stdout and "Motala kommun (0583)" in done.stdout
    assert "Panelen har inga stadsdelar ännu" in done.stdout and "init --kommun 0583" in done.stdout
    assert "Administration › Områden och grupper › Lägg till stadsdelar" in done.stdout
    assert "python -m loaders stadsdelar --lagg-till" in done.stdout
    con = connect(tmp_path / "m.duckdb", read_only=True)
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'omrade'").fetchone()[0] == 0
    con.close()
    bad = subprocess.run([sys.executable, "-m", "loaders", "--db", str(tmp_path / "x.duckdb"), "init",
                          "--kommun", "12"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "«12» är ingen kommunkod" in bad.stderr


def test_linkopings_build_keeps_its_own_names(built_store_path):
    con = connect(built_store_path, read_only=True)
    made = home.home_of(con)
    assert made == home.Home("0580", "Linköpings kommun", made.areas)
    assert made.development_areas[4] == "Trivsamma livsmiljöer för ett sammanhållet Linköping"
    source = con.execute("SELECT source FROM indicators WHERE indicator_id = 'forsorjningsstod_andel'").fetchone()[0]
    assert source == "Linköpings kommun, socialförvaltningen"
    con.close()


def test_the_register_template_imports_for_another_kommun(motala):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == COLUMNS
    sheet.append(["4.1", "Trygga stråk", "Belysning längs gång- och cykelvägar",
                  "4. Trygga och trivsamma bostadsområden i hela Motala", "Område 2", "Tekniska",
                  "Inom ram", "Åtgärdsplan mot segregation", 2025, "Pågår", "Etapp 1 klar", "Vidmakthålls"])
    sheet.append(["1.1", "Mötesplats", "", "1", "Område 1", "Kultur", "", "", 2025, "Genomförd", "", ""])
    out = io.BytesIO()
    book.save(out)
    con = connect(motala)
    default = home.home_of(con).development_areas
    summary, _ = import_bytes(con, out.getvalue(), "motala_atgarder.xlsx", who="test")
    assert summary.kind == "atgarder"
    assert con.execute("SELECT measure_id, round, status FROM measure_followups ORDER BY 1").fetchall() == [
        ("1.1", 2025, "genomförd"), ("4.1", 2025, "pågår")]
    # the plan's own name for area 4 replaces the default; area 1, written as a number, keeps its name
    named = home.home_of(con).development_areas
    assert named[4] == "Trygga och trivsamma bostadsområden i hela Motala" and named[1] == default[1]
    undo_import(con, summary.import_id, who="test")
    assert home.home_of(con).development_areas == default
    con.close()
