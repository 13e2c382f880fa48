"""What is tracked in git: no build artefact, package, database or large binary, and no
implicitly joined string literal used as the separator of ``.join`` (issue 28's bug)."""

from __future__ import annotations

import io
import subprocess
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 2 * 1024 * 1024
ARTEFACTS = (".whl", ".egg", ".duckdb", ".wal", ".pyc", ".so", ".tar.gz", ".zip")


def _tracked() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.CalledProcessError):  # pragma: no cover - a copy without git
        pytest.skip("not a git checkout")
    return [p for p in out.stdout.decode("utf-8").split("\0") if p]


def test_no_build_artefact_package_or_database_is_tracked() -> None:
    tracked = _tracked()
    assert tracked
    assert [p for p in tracked if p.lower().endswith(ARTEFACTS)] == []


def test_no_tracked_file_over_2_mb_outside_data_and_tests() -> None:
    big = [p for p in _tracked() if not p.startswith(("data/", "tests/"))
           and (ROOT / p).is_file() and (ROOT / p).stat().st_size > LIMIT]
    assert big == []


def joined_literal_separators(source: str) -> list[int]:
    """Lines where two or more string literals stand side by side and then ``.join`` follows:
    Python makes them one string, and that string becomes the separator."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT,
                                tokenize.DEDENT)]
    found, run = [], 0
    for i, tok in enumerate(tokens):
        run = run + 1 if tok.type == tokenize.STRING else 0
        if (run >= 2 and i + 2 < len(tokens) and tokens[i + 1].string == "."
                and tokens[i + 2].string == "join"):
            found.append(tok.start[0])
    return found


def test_the_join_check_finds_the_status_slide_bug() -> None:
    old = ('_title(slide, heading, f"Uppföljning {r} · {n} åtgärder · "\n'
           '                       " · ".join(s for s in STATUSES))\n')
    assert joined_literal_separators(old) == [2]
    assert joined_literal_separators('x = " · ".join(parts)\ny = ("a "\n     "b")\n') == []


def test_no_code_joins_with_an_implicitly_concatenated_separator() -> None:
    found = {}
    for path in _tracked():
        if path.endswith(".py"):
            lines = joined_literal_separators((ROOT / path).read_text(encoding="utf-8"))
            if lines:
                found[path] = lines
    assert found == {}
