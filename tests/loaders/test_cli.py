"""The command line as an administrator or CI uses it: real processes, real files."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.spreadsheets import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def contents(db: Path) -> dict[str, list]:
    """Every table's rows, sorted, without import times (those differ between builds)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        out = {}
        for table in tables:
            frame = con.execute(f"SELECT * FROM {table}").df().drop(
                columns=["imported_at", "undone_at", "happened_at", "stored_at"], errors="ignore")
            out[table] = sorted(map(repr, frame.astype(str).values.tolist()))
        return out
    finally:
        con.close()


def test_build_and_status_report_the_real_2021_follow_up(tmp_path):
    db = tmp_path / "panel.duckdb"
    assert run("build", db=db).returncode == 0
    result = run("status", "--json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    round_2021 = data["measures"]["2021"]
    assert round_2021["total"] == 60
    assert round_2021["by_status"] == {"genomförd": 12, "pågår": 42, "ej genomförd": 6}
    assert {k: list(v.values()) for k, v in round_2021["by_area"].items()} == {
        "1": [6, 9, 1], "2": [3, 8, 2], "3": [3, 6, 0], "4": [0, 11, 1], "5": [0, 8, 2]}
    merit = next(i for i in data["indicators"] if i["id"] == "meritvarde_ak9")
    assert merit["years"] == list(range(2012, 2025)) and merit["areas"] == 12 + 8  # 8 example jämförbara kommuner
    assert data["imports"] == 31  # every bundled file in data/, incl. the example jämförbara kommuner


def test_building_twice_gives_the_same_store(tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert run("build", db=first).returncode == 0
    assert run("build", db=second).returncode == 0
    assert contents(first) == contents(second)
    assert run("build", db=first).returncode == 0  # rebuilding over an existing store works
    assert contents(first) == contents(second)


def test_import_bad_file_exits_2_with_a_located_message_and_changes_nothing(tmp_path):
    db = tmp_path / "panel.duckdb"
    assert run("build", db=db).returncode == 0
    before = contents(db)
    bad = tmp_path / "fel.xlsx"
    bad.write_bytes(xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                                         ["Valdeltagande i kommunvalet", "Bergga", 2022, "Totalt", 61]]}))
    result = run("import", str(bad), db=db)
    assert result.returncode == 2
    assert "Fel i filen «fel.xlsx», blad «Data», rad 2, kolumn «Område»" in result.stderr
    assert "Menade du «Berga»" in result.stderr and "Inget har ändrats" in result.stderr
    assert contents(db) == before


def test_import_good_file_prints_one_summary_line_and_reimport_replaces(tmp_path):
    db = tmp_path / "panel.duckdb"
    assert run("build", db=db).returncode == 0
    good = tmp_path / "val.xlsx"
    good.write_bytes(xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                                          ["Valdeltagande i kommunvalet", "Berga", 2026, "Totalt", 63.5]]}))
    first = run("import", str(good), "--kind", "mall", db=db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("tillagda 1, ersatta 0, oförändrade 0.")
    second = run("import", str(good), db=db)
    assert "tillagda 0, ersatta 0, oförändrade 1." in second.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM observations WHERE year = 2026").fetchone()[0] == 1
    con.close()


def test_the_old_report_command_points_to_the_dashboards_and_loads_no_dashboard_module(tmp_path):
    db = tmp_path / "panel.duckdb"
    code = ("import sys; from loaders.__main__ import main; rc = main(sys.argv[1:]); "
            "assert not [m for m in sys.modules if m.split('.')[0] == 'dashboard'], 'dashboard imported'; "
            "sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code, "--db", str(db), "report", "--round", "2021", "--pdf"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "python -m dashboard.report --round ÅR" in result.stderr
    assert not db.exists()


def test_an_unknown_option_is_still_refused(tmp_path, capsys):
    from loaders.__main__ import main

    try:
        main(["--db", str(tmp_path / "panel.duckdb"), "status", "--nope"])
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover - the assertion below names the failure
        raise AssertionError("an unknown option was accepted")
    assert "unrecognized arguments: --nope" in capsys.readouterr().err
