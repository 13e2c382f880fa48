"""The store is the kommun's memory: no command, upgrade or fault may lose what users imported.

Checked through the command line (what an admin runs) and the library (what the app calls),
on real DuckDB files: build replays imports and edits, backup and restore give back exactly
the state at the backup, an older store upgrades with every value intact, and each fault
(a corrupt file, a full disk, kill -9 during backup, restore or build, a build while the app
has the store open) leaves a store that opens and holds all or nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from loaders import backup as backups
from loaders import export, locks, schema
from loaders.errors import StoreBusy
from loaders.importer import import_bytes
from loaders.store import (StoreDamaged, connect, data_checksums, remove_example_data, save_group,
                           save_report_text, set_mappings, status, undo_import)
from tests.spreadsheets import csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "store_v1"
VAL = "Valdeltagande i kommunvalet"
REAL_FILE = xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                                  [VAL, "Berga", 2022, "Totalt", 58.25], [VAL, "Ryd", 2022, "Totalt", ".."]]})


def cli(*args: str, db: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})


def tidy(db: Path) -> bytes:
    con = connect(db)
    try:
        return export.to_csv(export.tidy(con, include_schools=True))
    finally:
        con.close()


def status_of(db: Path) -> dict:
    con = connect(db)
    try:
        data = status(con)
    finally:
        con.close()
    data.pop("events")  # backup, build and restore add their own audit lines
    return data


def user_history(con) -> None:
    """What editors do in a year: an import, an undo, a mapping, a comparison group."""
    first, _ = import_bytes(con, REAL_FILE, "valdeltagande_2022.xlsx", who="anna@linkoping.se")
    second, _ = import_bytes(con, csv_bytes([["Indikator", "Område", "År", "Värde"], [VAL, "Ryd", 2018, "64,5"]]),
                             "ryd.csv", who="anna@linkoping.se")
    undo_import(con, second.import_id, who="anna@linkoping.se")
    set_mappings(con, {"skola:90000101": "0580-LAM"}, who="anna@linkoping.se")
    save_group(con, "egen", "Egna jämförelsekommuner", ["0581", "0180"], who="anna@linkoping.se")
    save_report_text(con, 2021, "inledning", "Ett första utkast.", who="anna@linkoping.se")
    save_report_text(con, 2021, "inledning", "Inledningen, andra versionen.", who="anna@linkoping.se")


@pytest.fixture
def db(store_copy: Path) -> Path:
    return store_copy


def test_build_import_build_keeps_the_import_from_the_command_line(db):
    upload = db.parent / "valdeltagande_2022.xlsx"
    upload.write_bytes(REAL_FILE)
    assert cli("import", str(upload), db=db).returncode == 0
    before = tidy(db)
    result = cli("build", db=db)
    assert result.returncode == 0, result.stderr
    assert tidy(db) == before
    rows = [line for line in before.decode().splitlines() if "valdeltagande_2022.xlsx" in line]
    assert len(rows) == 2 and any(",58.25," in r for r in rows)
    assert backups.list_backups(db), "build takes a backup first"


def test_replay_gives_the_same_values_measures_mappings_and_groups(db):
    con = connect(db)
    try:
        user_history(con)
        con.execute("CHECKPOINT")
        groups = con.execute("SELECT * FROM comparison_group_members ORDER BY ALL").fetchall()
        texts = con.execute("SELECT round, section, text, saved_by FROM report_texts ORDER BY event_id").fetchall()
    finally:
        con.close()
    before_values, before_status = tidy(db), status_of(db)
    result = cli("build", db=db)
    assert result.returncode == 0, result.stderr
    assert tidy(db) == before_values
    assert status_of(db) == before_status
    con = connect(db)
    try:
        assert con.execute("SELECT district FROM area_mappings WHERE area_code = 'skola:90000101'").fetchone() == ("0580-LAM",)
        assert con.execute("SELECT * FROM comparison_group_members ORDER BY ALL").fetchall() == groups
        assert con.execute("SELECT round, section, text, saved_by FROM report_texts ORDER BY event_id").fetchall() \
            == texts and len(texts) == 2  # the report's texts, with their history
        who = con.execute("SELECT DISTINCT who FROM events WHERE kind IN ('import', 'undo', 'mapping', 'group') "
                          "AND who <> 'build'").fetchall()
        assert who == [("anna@linkoping.se",)]
    finally:
        con.close()


def test_build_refuses_while_the_app_has_the_store_open(db):
    """The app holds the store open in its own process: a build must refuse, not replace it."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, '.');"
        "from loaders.store import connect; con = connect(sys.argv[1]); print('öppen', flush=True); time.sleep(60)"),
        str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "öppen"
        result = cli("build", db=db)
        assert result.returncode == 2
        assert "används av ett annat program" in result.stderr and "Inget har ändrats" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert cli("status", db=db).returncode == 0


def test_nothing_opens_the_store_while_it_is_rebuilt(db):
    with locks.exclusive(db, "bygget"):
        with pytest.raises(StoreBusy, match="byggs om"):
            locks.hold_for_use(db).release()


def test_backup_while_open_then_restore_gives_back_exactly_that_state(db, tmp_path):
    con = connect(db)  # the app has it open in this process
    try:
        import_bytes(con, REAL_FILE, "före.xlsx", who="anna")
        made = backups.backup(db, tmp_path / "kopior")
        state = (tidy_open(con), status(con)["imports"])
        import_bytes(con, csv_bytes([["Indikator", "Område", "År", "Värde"], [VAL, "Ryd", 2018, "1"]]), "efter.csv")
        remove_example_data(con, who="anna")
    finally:
        con.close()
    assert made.path.exists() and len(made.checksum) == 64
    assert Path(str(made.path) + ".sha256").read_text().startswith(made.checksum)
    assert tidy(db) != state[0]
    backups.restore(made.path, db)
    assert tidy(db) == state[0] and status_of(db)["imports"] == state[1]


def tidy_open(con) -> bytes:
    return export.to_csv(export.tidy(con, include_schools=True))


def test_backup_and_restore_from_the_command_line(db, tmp_path):
    result = cli("backup", str(tmp_path / "kopior"), db=db)
    assert result.returncode == 0, result.stderr
    assert "SHA-256:" in result.stdout
    copy = next((tmp_path / "kopior").glob("*.duckdb"))
    before = tidy(db)
    upload = tmp_path / "v.xlsx"
    upload.write_bytes(REAL_FILE)
    assert cli("import", str(upload), db=db).returncode == 0
    result = cli("restore", str(copy), db=db)
    assert result.returncode == 0, result.stderr
    assert tidy(db) == before


@pytest.mark.parametrize("damage", ["truncated", "foreign", "corrupt", "checksum"])
def test_restore_refuses_a_bad_copy_and_changes_nothing(db, tmp_path, damage):
    made = backups.backup(db, tmp_path / "kopior")
    bad = tmp_path / "dålig.duckdb"
    data = made.path.read_bytes()
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 3])
    elif damage == "foreign":
        bad.write_bytes(b"PK\x03\x04" + b"\x00" * 10000)
    elif damage == "corrupt":
        bad.write_bytes(data[:8192] + bytes(b ^ 0x5A for b in data[8192:65536]) + data[65536:])
    else:
        shutil.copyfile(made.path, bad)
        Path(str(bad) + ".sha256").write_text("0" * 64 + "  dålig.duckdb\n")
        with bad.open("r+b") as handle:
            handle.seek(len(data) - 10)
            handle.write(b"X")
    before = db.read_bytes()
    result = cli("restore", str(bad), db=db)
    assert result.returncode == 2
    assert "Säkerhetskopian kan inte återställas" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before


def _v1_store(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute(f"IMPORT DATABASE '{V1}'")
    con.close()
    return path


def _v1_content(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "observations": con.execute("SELECT indicator_id, area_code, year, sex, value, flag, numerator, "
                                        "denominator, comment, import_id, example FROM observations ORDER BY ALL").fetchall(),
            "followups": con.execute("SELECT * FROM measure_followups ORDER BY ALL").fetchall(),
            "measures": con.execute("SELECT * FROM measures ORDER BY ALL").fetchall(),
            "superseded": con.execute("SELECT * EXCLUDE (replaced_by) FROM superseded_measures ORDER BY ALL").fetchall(),
            "imports": con.execute("SELECT import_id, file_name, undone_at IS NOT NULL FROM imports ORDER BY 1").fetchall()}
    finally:
        con.close()


def test_a_store_of_todays_schema_upgrades_with_every_value_intact(tmp_path):
    old = _v1_store(tmp_path / "gammal.duckdb")
    before = _v1_content(old)
    assert len(before["observations"]) == 1470 and len(before["followups"]) == 120
    con = connect(old)  # opening it upgrades it, after a backup
    try:
        assert status(con)["schema_version"] == schema.SCHEMA_VERSION == 3
        kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY event_id").fetchall()]
        assert kinds.count("import") == 8 and "undo" in kinds and kinds[-1] == "migration"
        schools = con.execute("SELECT count(*) FROM area_mappings WHERE area_code LIKE 'skola:%'").fetchone()[0]
        assert schools == 15
    finally:
        con.close()
    assert _v1_content(old) == before
    copies = backups.list_backups(old)
    assert len(copies) == 1 and "fore-uppgradering" in copies[0].name
    assert _v1_content(copies[0]) == before  # the backup is the old store as it was
    result = cli("build", db=old)  # the upgraded store replays its users' follow-up round
    assert result.returncode == 0, result.stderr
    con = connect(old)
    try:
        rounds = con.execute("SELECT round, count(*) FROM measure_followups GROUP BY 1 ORDER BY 1").fetchall()
        assert rounds == [(2021, 60), (2022, 60)]
        assert con.execute("SELECT status FROM measure_followups WHERE measure_id = '1.1' AND round = 2022").fetchone() \
            == before_status(before, "1.1", 2022)
    finally:
        con.close()


def before_status(content: dict, measure: str, round_: int) -> tuple[str]:
    return next((r[2],) for r in content["followups"] if r[0] == measure and r[1] == round_)


def test_a_store_newer_than_the_code_is_refused_unread(db):
    con = duckdb.connect(str(db))
    con.execute("UPDATE settings SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreDamaged, match="schemaversion 99"):
        connect(db)
    result = cli("status", db=db)
    assert result.returncode == 2 and "Uppdatera programmet" in result.stderr
    assert db.read_bytes() == before


def test_a_corrupt_store_gives_a_swedish_message_that_offers_the_latest_backup(db, tmp_path):
    made = backups.backup(db)
    with db.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(200_000))
    result = cli("status", db=db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "kan inte läsas" in result.stderr or "skadad" in result.stderr
    assert made.path.name in result.stderr


def test_running_out_of_disk_during_an_import_leaves_the_store_as_it_was(db, tmp_path):
    """RLIMIT_FSIZE makes every write past the limit fail, as a full disk does."""
    big = tmp_path / "stor.csv"
    rows = [["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa"]]
    rows += [[f"Ny indikator {i % 40}", "Berga", 1990 + i % 30, "Totalt", i, "%", "Test"] for i in range(60_000)]
    big.write_bytes(csv_bytes(rows))
    before = data_checksums_of(db)
    limit = db.stat().st_size + 64 * 1024
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}));"
            "from loaders.__main__ import main; sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "--db", str(db), "import", str(big)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Inget har ändrats" in result.stderr and "Traceback" not in result.stderr
    assert data_checksums_of(db) == before
    assert cli("import", str(_small(tmp_path)), db=db).returncode == 0  # and the store still takes imports


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "liten.xlsx"
    path.write_bytes(REAL_FILE)
    return path


def data_checksums_of(db: Path) -> dict:
    con = connect(db)
    try:
        return data_checksums(con)
    finally:
        con.close()


def _kill_when(proc: subprocess.Popen, seen: callable, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not seen():
        assert proc.poll() is None, "processen slutade innan den dödades"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("command", ["backup", "restore", "build"])
def test_kill_9_during_backup_restore_or_build_leaves_all_or_nothing(db, tmp_path, command):
    con = connect(db)
    try:
        import_bytes(con, REAL_FILE, "användarens.xlsx", who="anna")
    finally:
        con.close()
    copy = backups.backup(db, tmp_path / "kopior")
    before = tidy(db)
    folder = tmp_path / "kopior2"
    args = {"backup": ["backup", str(folder)], "restore": ["restore", str(copy.path)], "build": ["build"]}[command]
    proc = subprocess.Popen([sys.executable, "-m", "loaders", "--db", str(db), *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temporary = {"backup": lambda: any(folder.glob("*.ofullständig")),
                 "restore": lambda: db.with_name(db.name + ".återställs").exists(),
                 "build": lambda: db.with_name(db.name + ".bygger").exists()}[command]
    _kill_when(proc, temporary)
    assert tidy(db) == before  # the store opens and holds everything, untouched
    assert not [p for p in folder.glob("*.duckdb")] if folder.exists() else True  # no half copy under a real name
    assert cli(*args, db=db).returncode == 0  # and the command works when run again
    assert tidy(db) == before


def test_the_audit_trail_names_who_did_what_and_how_many_values(db):
    con = connect(db)
    try:
        user_history(con)
        rows = con.execute("SELECT who, kind, summary, values_count FROM events WHERE who <> 'build' "
                           "ORDER BY event_id").fetchall()
    finally:
        con.close()
    kinds = [r[1] for r in rows]
    assert kinds == ["import", "import", "undo", "mapping", "group", "text", "text"]
    assert rows[0][0] == "anna@linkoping.se" and rows[0][3] == 2 and "valdeltagande_2022.xlsx" in rows[0][2]
    assert "Ångrade import" in rows[2][2]
    assert rows[-1][2] == "Rapporttext «inledning» för 2021 sparad" and rows[-1][0] == "anna@linkoping.se"
    assert json.loads(con_payload(db, "mapping"))["changes"] == {"skola:90000101": "0580-LAM"}


def con_payload(db: Path, kind: str) -> str:
    con = connect(db)
    try:
        return con.execute("SELECT payload FROM events WHERE kind = ? ORDER BY event_id DESC", [kind]).fetchone()[0]
    finally:
        con.close()
