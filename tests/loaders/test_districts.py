"""Districts an editor adds by name or by a file (issue 27): Motala's panel made without the
network has none, and gets them here.

On a real DuckDB file made by ``home.init(..., fetch_districts=False)`` for Motala (0583):
names become districts with stable codes, a file's RegSO/DeSO codes are mapped to its
districts, every bad input is refused with a Swedish message that names the file, row and
column, and the store is then exactly as before; a rebuild from the history keeps them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loaders import districts, home
from loaders.errors import ImportFailed
from loaders.replay import read_history, replay
from loaders.store import connect, data_checksums
from tests.spreadsheets import csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def empty_motala(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Motala's store as ``init --utan-natverk`` leaves it: no districts (made once, copied per test)."""
    path = tmp_path_factory.mktemp("motala") / "motala.duckdb"
    home.init(path, "0583", fetch_districts=False)
    return path


@pytest.fixture
def motala(empty_motala: Path, tmp_path: Path) -> Path:
    path = tmp_path / "motala.duckdb"
    shutil.copy(empty_motala, path)
    return path


@pytest.fixture
def con(motala: Path):
    con = connect(motala)
    yield con
    con.close()


def district_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT code, name, parent FROM areas WHERE level = 'omrade' ORDER BY sort_order").fetchall()


def mappings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT area_code, district FROM area_mappings ORDER BY 1").fetchall())


def everything(con: duckdb.DuckDBPyConnection) -> tuple:
    """The data, the settings and the audit trail: equal means the store was not touched."""
    return (data_checksums(con), con.execute("SELECT * FROM settings ORDER BY key").fetchall(),
            con.execute("SELECT count(*) FROM events").fetchone()[0])


def test_names_become_districts_of_the_home_kommun_in_one_event(con):
    assert district_rows(con) == []
    assert con.execute("SELECT count(*) FROM settings WHERE key = 'standardomrade'").fetchone()[0] == 0
    event = districts.add_districts(con, ["Centrum", " Ljunga ", "Västra  Ekebyhov", "Öst-Åby"], who="anna")
    assert district_rows(con) == [("0583-CENTRUM", "Centrum", "0583"), ("0583-LJUNGA", "Ljunga", "0583"),
                                  ("0583-VASTRA-EKEBYHOV", "Västra Ekebyhov", "0583"),
                                  ("0583-OST-ABY", "Öst-Åby", "0583")]
    names = con.execute("SELECT variant, code FROM area_names WHERE code LIKE '0583-%' ORDER BY code").fetchall()
    assert names == [("Centrum", "0583-CENTRUM"), ("Ljunga", "0583-LJUNGA"), ("Öst-Åby", "0583-OST-ABY"),
                     ("Västra Ekebyhov", "0583-VASTRA-EKEBYHOV")]
    assert con.execute("SELECT value FROM settings WHERE key = 'standardomrade'").fetchone() == ("0583-CENTRUM",)
    logged = con.execute("SELECT event_id, who, kind, summary, values_count FROM events").fetchall()
    assert logged == [(event, "anna", "districts",
                       "La till 4 stadsdelar: Centrum, Ljunga, Västra Ekebyhov, Öst-Åby", 4)]
    assert mappings(con) == {}


def test_a_later_name_keeps_the_default_and_gets_a_code_of_its_own(con):
    districts.add_districts(con, ["Centrum"], who="anna")
    # a name whose code an area already has gets the next free one; a name without Latin letters a number
    con.execute("INSERT INTO areas VALUES ('0583-NORRA', 'Gammal', 'skola', '0583', FALSE, 1, NULL)")
    districts.add_districts(con, ["Norra", "Ω"], who="bo")
    assert district_rows(con) == [("0583-CENTRUM", "Centrum", "0583"), ("0583-NORRA-2", "Norra", "0583"),
                                  ("0583-003", "Ω", "0583")]
    assert con.execute("SELECT value FROM settings WHERE key = 'standardomrade'").fetchone() == ("0583-CENTRUM",)


BAD_NAMES = [
    (["Centrum", ""], "Ett namn är tomt."),
    (["Centrum", "centrum"], "«centrum» står två gånger (som «Centrum»"),
    (["Centrum", "Centrum (norra)"], "«Centrum (norra)» står två gånger (som «Centrum»"),
    (["Norr\nSöder"], "«Norr Söder» innehåller styrtecken eller osynliga tecken"),
    (["Bo\u200bda"], "«Boda» innehåller styrtecken eller osynliga tecken"),
    (["x" * 81], "är 81 tecken långt; högst 80 tecken tillåts i ett namn."),
    (["Vadstena"], "«Vadstena» kan förväxlas med kommunen «Vadstena»"),
    (["Motala"], "«Motala» kan förväxlas med kommunen «Motala kommun»"),
    (["Motalas"], "«Motalas» kan förväxlas med kommunen «Motala kommun»"),
    (["Hela landet"], "«Hela landet» kan förväxlas med riket «Riket»"),
    (["Östergötlands län"], "«Östergötlands län» kan förväxlas med länet «Östergötlands län»"),
    (["123"], "«123» är inget namn: det behöver minst en bokstav"),
    (["0583R001"], "«0583R001» är en RegSO- eller DeSO-kod, inget namn"),
    (["Bоda"], "blandar in bokstäver från ett annat alfabet"),   # a Cyrillic о
    ([], "Inga stadsdelar att lägga till"),
]


@pytest.mark.parametrize(("names", "message"), BAD_NAMES, ids=[m[:24] for _, m in BAD_NAMES])
def test_bad_names_are_refused_and_nothing_changes(con, names, message):
    districts.add_districts(con, ["Ljunga"], who="anna")
    before = everything(con)
    with pytest.raises(districts.DistrictsRefused, match="^") as caught:
        districts.add_districts(con, names, who="anna")
    assert caught.value.title == "Stadsdelarna kan inte läggas till"
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert everything(con) == before
    assert district_rows(con) == [("0583-LJUNGA", "Ljunga", "0583")]


def test_a_name_that_already_is_a_district_is_refused_with_every_problem_listed(con):
    districts.add_districts(con, ["Ljunga"], who="anna")
    before = everything(con)
    with pytest.raises(districts.DistrictsRefused) as caught:
        districts.add_districts(con, ["Nytt", "LJUNGA", "Linköping"], who="anna")
    assert caught.value.problems == [
        "«LJUNGA» finns redan som stadsdel («Ljunga»).",
        ("«Linköping» kan förväxlas med kommunen «Linköping»: filer med värden skulle inte kunna skilja dem åt. "
        "Välj ett annat namn.")]
    assert everything(con) == before


FILE_ROWS = [["Stadsdel", "RegSO", "DeSO"],
             ["Borensberg", "0583R001, 0583R002", ""],
             ["Centrum", "0583R003_RegSO2025", "0583C1010;0583C1020"],
             [None, None, None],
             ["Ljunga", None, None]]
EXPECTED_MAPPINGS = {"0583R001": "0583-BORENSBERG", "0583R002": "0583-BORENSBERG", "0583R003": "0583-CENTRUM",
                     "0583C1010": "0583-CENTRUM", "0583C1020": "0583-CENTRUM"}


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8-semikolon", "csv-latin1-komma"])
def test_a_file_adds_districts_and_maps_their_regso_and_deso(con, kind):
    if kind == "xlsx":
        data, name = xlsx_bytes({"Instruktion": [["Fyll i bladet Stadsdelar"]], "Stadsdelar": FILE_ROWS}), "sd.xlsx"
    elif kind == "csv-utf8-semikolon":
        data, name = csv_bytes(FILE_ROWS), "sd.csv"
    else:
        data, name = csv_bytes(FILE_ROWS, bom=False, encoding="latin-1", delimiter=","), "sd.csv"
    preview = districts.plan_file(con, data, name)
    assert preview.rows() == [
        {"Stadsdel": "Borensberg", "Kod": "0583-BORENSBERG", "RegSO/DeSO": "0583R001, 0583R002"},
        {"Stadsdel": "Centrum", "Kod": "0583-CENTRUM", "RegSO/DeSO": "0583R003, 0583C1010, 0583C1020"},
        {"Stadsdel": "Ljunga", "Kod": "0583-LJUNGA", "RegSO/DeSO": ""}]
    assert district_rows(con) == []  # a preview writes nothing
    event = districts.add_file(con, data, name, who="anna")
    assert [r[1] for r in district_rows(con)] == ["Borensberg", "Centrum", "Ljunga"]
    assert mappings(con) == EXPECTED_MAPPINGS
    added = con.execute("SELECT code, name, level, parent FROM areas WHERE level IN ('regso', 'deso') "
                        "ORDER BY code").fetchall()
    assert added == [("0583C1010", "0583C1010", "deso", "0583"), ("0583C1020", "0583C1020", "deso", "0583"),
                     ("0583R001", "0583R001", "regso", "0583"), ("0583R002", "0583R002", "regso", "0583"),
                     ("0583R003", "0583R003", "regso", "0583")]
    kinds = con.execute("SELECT event_id, kind, values_count FROM events ORDER BY event_id").fetchall()
    assert kinds == [(event, "districts", 3), (event + 1, "mapping", 5)]
    history = con.execute("SELECT area_code, district, previous_district FROM mapping_history ORDER BY 1").fetchall()
    assert history == [(a, d, None) for a, d in sorted(EXPECTED_MAPPINGS.items())]


def test_a_semicolon_file_with_many_codes_per_cell_is_still_read_by_its_header(con):
    data = "Stadsdel;RegSO\nBorensberg;0583R001,0583R002,0583R004\n".encode()
    districts.add_file(con, data, "tre.csv", who="anna")
    assert mappings(con) == {"0583R001": "0583-BORENSBERG", "0583R002": "0583-BORENSBERG",
                             "0583R004": "0583-BORENSBERG"}


BAD_FILES = [
    ("fel.csv", csv_bytes([["Stadsdel", "RegSO"], ["Borensberg", "0580R001"]]),
     "Fel i filen «fel.csv», rad 2, kolumn «RegSO»: «0580R001» hör till kommunen 0580, inte till hemkommunen 0583."),
    ("fel.csv", csv_bytes([["Namn", "RegSO"], ["Borensberg", "0583R1"]]),
     ("Fel i filen «fel.csv», rad 2, kolumn «RegSO»: «0583R1» är ingen RegSO-kod (t.ex. 0583R001) eller DeSO-kod "
     "(t.ex. 0583C1010).")),
    ("fel.xlsx", xlsx_bytes({"Blad1": [["Område", "DeSO"], ["Borensberg", "0583C1010"], ["Aspa", "0583C1010"]]}),
     ("Fel i filen «fel.xlsx», blad «Blad1», rad 3, kolumn «DeSO»: «0583C1010» står redan vid stadsdelen "
     "«Borensberg»; ett område hör till en stadsdel.")),
    ("fel.xlsx", xlsx_bytes({"Blad1": [["Stadsdel"], ["Borensberg"], ["Aspa"], ["borensberg"]]}),
     ("Fel i filen «fel.xlsx», blad «Blad1», rad 4, kolumn «Stadsdel»: «borensberg» står två gånger (som "
     "«Borensberg»; stora och små bokstäver, bindestreck och parenteser räknas inte).")),
    ("fel.csv", csv_bytes([["Stadsdel"], ["Ljunga"]]),
     "Fel i filen «fel.csv», rad 2, kolumn «Stadsdel»: «Ljunga» finns redan som stadsdel («Ljunga»)."),
    ("fel.csv", csv_bytes([["Kommun", "Kod"], ["Borensberg", "0583R001"]]),
     ("Fel i filen «fel.csv»: rubrikraden ska ha en kolumn «Stadsdel» (eller «Namn» eller «Område») och kan ha "
     "kolumnerna «RegSO» och «DeSO» med koder.")),
    ("fel.csv", csv_bytes([["Stadsdel"]]), "Fel i filen «fel.csv»: filen innehåller inga stadsdelar under rubrikraden."),
    ("fel.csv", b"", "Fel i filen «fel.csv»: filen är tom (0 byte)."),
    ("fel.pdf", b"%PDF-1.4", "Fel i filen «fel.pdf»: filtypen «.pdf» stöds inte"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD_FILES)])
def test_a_bad_file_is_refused_with_file_row_and_column_and_nothing_changes(con, name, data, message):
    districts.add_districts(con, ["Ljunga"], who="anna")
    before = everything(con)
    with pytest.raises(ImportFailed) as caught:
        districts.add_file(con, data, name, who="anna")
    assert str(caught.value.problems[0]).startswith(message), str(caught.value.problems[0])
    assert everything(con) == before


def test_a_regso_already_in_a_district_is_not_moved_silently(con):
    districts.add_file(con, csv_bytes([["Stadsdel", "RegSO"], ["Borensberg", "0583R001"]]), "a.csv", who="anna")
    before = everything(con)
    with pytest.raises(ImportFailed) as caught:
        districts.add_file(con, csv_bytes([["Stadsdel", "RegSO"], ["Aspa", "0583R001"]]), "b.csv", who="anna")
    assert str(caught.value.problems[0]) == (
        "Fel i filen «b.csv», rad 2, kolumn «RegSO»: «0583R001» hör redan till stadsdelen «Borensberg»; ändra den "
        "kopplingen under Skolor och delområden.")
    assert everything(con) == before


def test_a_rebuild_from_the_history_keeps_the_districts_and_their_mappings(motala, empty_motala, tmp_path):
    con = connect(motala)
    districts.add_districts(con, ["Centrum", "Ljunga"], who="anna")
    rows = [FILE_ROWS[0], FILE_ROWS[1], ["Centrum Väst", "0583R003", "0583C1010"]]
    districts.add_file(con, xlsx_bytes({"Stadsdelar": rows}), "sd.xlsx", who="bo")
    before = (district_rows(con), mappings(con),
              con.execute("SELECT variant, code FROM area_names WHERE code LIKE '0583-%' ORDER BY ALL").fetchall(),
              con.execute("SELECT value FROM settings WHERE key = 'standardomrade'").fetchone(),
              con.execute("SELECT code, level FROM areas WHERE level IN ('regso', 'deso') ORDER BY 1").fetchall(),
              con.execute("SELECT happened_at, who, kind, summary FROM events ORDER BY event_id").fetchall())
    history = read_history(con)
    con.close()
    assert [e.kind for e in history.events] == ["districts", "districts", "mapping"]
    fresh = tmp_path / "igen.duckdb"
    shutil.copy(empty_motala, fresh)
    con = connect(fresh)
    try:
        assert replay(con, history) == 3
        after = (district_rows(con), mappings(con),
                 con.execute("SELECT variant, code FROM area_names WHERE code LIKE '0583-%' ORDER BY ALL").fetchall(),
                 con.execute("SELECT value FROM settings WHERE key = 'standardomrade'").fetchone(),
                 con.execute("SELECT code, level FROM areas WHERE level IN ('regso', 'deso') ORDER BY 1").fetchall(),
                 con.execute("SELECT happened_at, who, kind, summary FROM events ORDER BY event_id").fetchall())
    finally:
        con.close()
    assert after == before
    assert [r[0] for r in after[0]] == ["0583-CENTRUM", "0583-LJUNGA", "0583-BORENSBERG", "0583-CENTRUM-VAST"]
    assert after[1] == {"0583R001": "0583-BORENSBERG", "0583R002": "0583-BORENSBERG", "0583R003": "0583-CENTRUM-VAST",
                        "0583C1010": "0583-CENTRUM-VAST"}


def test_the_command_line_adds_by_name_and_by_file_and_refuses_with_exit_2(motala, tmp_path):
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "loaders", "--db", str(motala), "stadsdelar", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    done = cli("--lagg-till", "Centrum", "Ljunga")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["2 stadsdelar tillagda (händelse 1):", "  0583-CENTRUM  Centrum",
                                        "  0583-LJUNGA  Ljunga"]
    file = tmp_path / "stadsdelar.csv"
    file.write_bytes(csv_bytes([["Stadsdel", "RegSO"], ["Borensberg", "0583R001,0583R002"]]))
    done = cli("--fil", str(file))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["1 stadsdelar tillagda (händelse 2):",
                                        "  0583-BORENSBERG  Borensberg  (0583R001, 0583R002)"]
    refused = cli("--lagg-till", "Aspa", "centrum")
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == ["Stadsdelarna kan inte läggas till:",
                                           "- «centrum» finns redan som stadsdel («Centrum»).",
                                           "Inget har ändrats i databasen."]
    file.write_bytes(csv_bytes([["Stadsdel", "RegSO"], ["Aspa", "0580R001"]]))
    refused = cli("--fil", str(file))
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        ("Fel i filen «stadsdelar.csv», rad 2, kolumn «RegSO»: «0580R001» hör till kommunen 0580, inte till "
        "hemkommunen 0583."), "Inget har ändrats i databasen."]
    con = connect(motala, read_only=True)
    assert [r[0] for r in district_rows(con)] == ["0583-CENTRUM", "0583-LJUNGA", "0583-BORENSBERG"]
    con.close()
