"""Every file of the malformed corpus (scripts/make_malformed_corpus.py) against the importer.

For each file refused: ``ImportFailed``, a Swedish message that starts with the file's name
and contains the expected fragments (sheet, row and column where the file has them), and a
store whose every table has the same checksum as before. For each file accepted: the values
the manifest says. Cases the importer gets wrong today are xfail(strict) with the reason, so
they turn into failures ("XPASS strict") the day the loader is fixed and the mark can go.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.errors import ImportFailed
from loaders.importer import import_bytes
from loaders.store import connect, table_checksums

from .conftest import ROOT, load_corpus_module, seeded_store

corpus = load_corpus_module()
CASES = [case for case, _ in corpus.cases()]
ENGLISH = re.compile(r"\b(error|invalid|failed|traceback|exception|cannot|not found)\b", re.IGNORECASE)
ISOLATED_MEMORY = 2 * 1024**3  # bytes of address space for a subprocess that may blow up
ISOLATED_TIMEOUT = 60


def test_the_corpus_is_big_enough_and_named_uniquely():
    names = [c.file_name for c in CASES]
    assert len(names) == len(set(names))
    assert sum(c.expect != "ok" for c in CASES) >= 30


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.build_corpus(folder)
    return folder


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.file_name, marks=marks)


def _check_message(case, message: str) -> None:
    assert message.startswith(f"Fel i filen «{case.file_name}»"), message[:500]
    for fragment in case.fragments:
        assert fragment in message, f"saknar «{fragment}» i: {message[:1000]}"
    own_words = re.sub(r"«[^»]*»", "«…»", message)  # the file's own text may be in any language
    assert not ENGLISH.search(own_words), message[:500]
    if "max_message_chars" in case.extra:
        assert len(message) <= case.extra["max_message_chars"], f"{len(message)} tecken"
    if "forbidden" in case.extra:
        assert case.extra["forbidden"] not in message


def _check_values(case, con, import_id: int) -> None:
    rows = con.execute("SELECT area_code, year, value, indicator_id FROM observations "
                       "WHERE import_id = ?", [import_id]).fetchall()
    got = {(area, year): value for area, year, value, _ in rows}
    for area, year, value in case.values:
        assert got.get((area, year)) == pytest.approx(value), (area, year, got)
    if "not_indicator" in case.extra:
        assert case.extra["not_indicator"] not in {r[3] for r in rows}, rows


@pytest.mark.parametrize("case", [_param(c) for c in CASES if not c.isolated])
def test_corpus_file(case, corpus_dir, guarded_store):
    data = (corpus_dir / case.file_name).read_bytes()
    before = table_checksums(guarded_store)
    try:
        summary, _warnings = import_bytes(guarded_store, data, case.file_name, case.kind)
    except ImportFailed as exc:
        message = "\n".join(str(p) for p in exc.problems)
        assert case.expect in ("fel", "ok|fel"), f"vägrades oväntat: {message[:1000]}"
        _check_message(case, message)
        assert table_checksums(guarded_store) == before
    else:
        assert case.expect in ("ok", "ok|fel"), f"importerades men skulle vägras: {summary}"
        _check_values(case, guarded_store, summary.import_id)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ISOLATED_MEMORY, ISOLATED_MEMORY))


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.isolated])
def test_corpus_file_in_its_own_process(case, corpus_dir, tmp_path):
    """Files that could abort or exhaust a process go through the CLI in a subprocess with
    2 GB of address space; the app would import them in its server process, so a crash here
    is a crash of the app for every user."""
    db = tmp_path / "store.duckdb"
    con = seeded_store(db)
    before = table_checksums(con)
    con.close()
    command = [sys.executable, "-m", "loaders", "--db", str(db), "import",
               str(corpus_dir / case.file_name)] + (["--kind", case.kind] if case.kind else [])
    timeout = case.extra.get("timeout", ISOLATED_TIMEOUT)
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                timeout=timeout, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"importen var inte klar efter {timeout} s (processen avbröts)")
    assert result.returncode == 2, (
        f"slutkod {result.returncode} (negativ = dödad av signal): {result.stderr[-1500:]}")
    assert "Inget har ändrats i databasen." in result.stderr
    _check_message(case, result.stderr)
    con = connect(db)
    try:
        assert table_checksums(con) == before
    finally:
        con.close()
