"""SIGKILL in the middle of a large import: the store must hold all of it or none of it.

Two kinds of victim:
* the real command line, ``python -m loaders --db DB import FILE`` on a 200 000-row template
  csv, killed the moment the database file starts to grow (the write has begun; parsing the
  file before that takes most of the time);
* a child that builds the same batch without parsing and calls ``write_batch`` directly, so
  the kill can be placed at chosen moments: as the write starts, once the file grows, and
  after the commit (which must then hold everything).

After each kill the store must open, report its size, scan every table in full, satisfy its
keys and references, keep the old data unchanged, and take a new import.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders.importer import import_bytes
from loaders.store import TABLES, connect, table_checksums

from .conftest import ROOT, load_corpus_module, seeded_store
from .synthetic import indicator_count, mall_csv

ROWS = 200_000
CLI_TIMEOUT = 240  # parsing 200 000 rows takes 15-20 s here; CI machines are slower
GROWTH = 512 * 1024  # bytes the database file must grow by before the CLI victim is killed


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """One seeded store file (reference data + one import) and its checksums, made once."""
    db = tmp_path_factory.mktemp("crash") / "seeded.duckdb"
    con = seeded_store(db)
    con.execute("CHECKPOINT")
    before = table_checksums(con)
    con.close()
    assert not Path(f"{db}.wal").exists()
    return db, before


def _fresh_copy(seeded: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    source, before = seeded
    db = tmp_path / "store.duckdb"
    shutil.copyfile(source, db)
    return db, before


def _wait_for_growth(proc: subprocess.Popen, db: Path, timeout: float) -> None:
    """Return once the database file (or its WAL) has grown: the write is under way."""
    baseline = _size(db) + _size(Path(f"{db}.wal"))
    deadline = time.monotonic() + timeout
    while _size(db) + _size(Path(f"{db}.wal")) < baseline + GROWTH:
        assert proc.poll() is None, "processen slutade innan den dödades"
        assert time.monotonic() < deadline, "importen började aldrig skriva"
        time.sleep(0.002)


def _check_store(db: Path, before: dict, file_name: str) -> str:
    """Open the store after the kill and check it; returns 'allt' or 'inget'."""
    con = connect(db)  # read-write: replays the WAL if there is one
    try:
        assert con.execute("PRAGMA database_size").fetchall()
        after = table_checksums(con)  # reads every column of every row of every table
        for table in TABLES:
            con.execute(f"SELECT * FROM {table}").fetchall()
        duplicates = con.execute(
            "SELECT count(*) - count(DISTINCT (indicator_id, area_code, year, sex)) FROM observations"
        ).fetchone()[0]
        assert duplicates == 0
        orphans = con.execute(
            "SELECT count(*) FROM observations o ANTI JOIN imports i USING (import_id)").fetchone()[0]
        assert orphans == 0
        imports = con.execute("SELECT import_id, rows, added FROM imports WHERE file_name = ?",
                              [file_name]).fetchall()
        if imports:
            assert len(imports) == 1
            import_id, rows, added = imports[0]
            held = con.execute("SELECT count(*) FROM observations WHERE import_id = ?",
                               [import_id]).fetchone()[0]
            new_indicators = con.execute("SELECT count(*) FROM indicators WHERE added_by_import = ?",
                                         [import_id]).fetchone()[0]
            assert (rows, added, held) == (ROWS, ROWS, ROWS)
            assert new_indicators == indicator_count(ROWS)
            for table in TABLES:
                if table not in ("imports", "observations", "indicators", "events", "archive"):
                    assert after[table] == before[table], table
            outcome = "allt"
        else:
            assert after == before  # nothing of the import, and nothing else changed
            outcome = "inget"
        con.execute("CHECKPOINT")
        summary, _ = import_bytes(con, load_corpus_module().GOOD_MALL, "efter_kraschen.xlsx")
        assert summary.added + summary.replaced + summary.unchanged == 1
        return outcome
    finally:
        con.close()


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_of_the_cli_during_the_write_leaves_all_or_nothing(seeded, tmp_path):
    db, before = _fresh_copy(seeded, tmp_path)
    source = tmp_path / "stor_mall.csv"
    source.write_bytes(mall_csv(ROWS))
    proc = subprocess.Popen([sys.executable, "-m", "loaders", "--db", str(db), "import", str(source),
                             "--kind", "mall"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_for_growth(proc, db, CLI_TIMEOUT)
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    outcome = _check_store(db, before, source.name)
    print(f"CLI dödad när databasfilen växt {GROWTH} byte: {outcome}")


@pytest.mark.parametrize("moment", ["när skrivningen börjar", "när filen växer", "efter commit"],
                         ids=["start", "filen-vaxer", "efter-commit"])
def test_sigkill_during_write_batch_leaves_all_or_nothing(seeded, tmp_path, moment):
    db, before = _fresh_copy(seeded, tmp_path)
    file_name = "direkt.csv"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.hardening.crash_child", str(db),
                             str(ROWS), file_name], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout.readline().strip() == "SKRIVER"
        if moment == "efter commit":
            assert proc.stdout.readline().strip() == "KLAR"
        elif moment == "när filen växer":
            _wait_for_growth(proc, db, 60)
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    outcome = _check_store(db, before, file_name)
    if moment == "efter commit":
        assert outcome == "allt"
    print(f"write_batch dödad {moment}: {outcome}")
