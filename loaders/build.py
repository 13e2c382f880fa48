"""``python -m loaders build``: the bundled data, then everything users did, replayed in order.

``build_store`` is what ``python -m loaders build`` and the app's first start run. The store
is the kommun's memory, so building it anew must never throw away what users imported: the
old store's history (every archived import and every event) is read, a new store is built
aside from data/, the history is replayed into it in its original order (``loaders.replay``),
and only then is the new file put in place. If any step of the history cannot be replayed,
the build stops with a Swedish message that names it, and the old store stays as it was. The
old store is backed up first, and nobody can open the store while it is rebuilt
(``loaders.locks``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from . import locks
from .copies import backup_before
from .importer import import_path
from .replay import History, ReplayFailed, missing_originals, read_history, replay
from .store import BUNDLED, DATA_DIR, bundled_settings, connect, load_reference_files, setting

__all__ = ["BUNDLED", "BUNDLED_PATTERNS", "build_fresh", "build_store", "bundled_files", "rebuild"]

# Order matters only for readability of the import log; keys never overlap between files.
BUNDLED_PATTERNS = ("atgarder_*.xlsx", "exempel/*.xlsx", "exempel/*.csv", "exempel/*/*.csv",
                    "exempel/*/*.xlsx")
Progress = Callable[[int, int, str], None]


def bundled_files(data_dir: Path = DATA_DIR) -> list[Path]:
    files: list[Path] = []
    for pattern in BUNDLED_PATTERNS:
        files.extend(sorted(data_dir.glob(pattern)))
    return files


def build_fresh(path: Path, data_dir: Path = DATA_DIR, progress: Progress | None = None, *,
                home: tuple[str, str] | None = None) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A new store at ``path`` with the reference data and the bundled files; open for more.

    ``home`` = (code, name) of another kommun than data/'s: a store ``init`` made. It gets the
    reference data set up for that kommun and none of the bundled files, which are data/'s
    kommun's; its own history (districts, imports) is replayed after this."""
    files = [] if home is not None else bundled_files(data_dir)
    con = connect(path)
    try:
        if home is not None:
            load_reference_files(con, data_dir, home=home[0], home_name=home[1])
        else:
            load_reference_files(con, data_dir)
        for i, file in enumerate(files, start=1):
            if progress:
                progress(i, len(files), file.name)
            import_path(con, file, who=BUNDLED, archive=False)
    except BaseException:
        con.close()
        raise
    return con, len(files)


def rebuild(target: Path, data_dir: Path, progress: Progress | None = None) -> tuple[int, int]:
    """Build the store at ``target`` from data/ and replay its history; returns (bundled files,
    replayed events)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with locks.exclusive(target, "bygget"):
        history = History([], {})
        home: tuple[str, str] | None = None
        if target.exists() and target.stat().st_size:
            con = connect(target, lock=False)  # upgrades an old store (with a backup) first
            try:
                history = read_history(con)
                home = _own_home(con, data_dir)
            finally:
                con.close()
            lost = missing_originals(history)
            if lost:
                names = "; ".join(f"«{e.summary}» ({e.happened_at:%Y-%m-%d})" for e in lost[:5])
                raise ReplayFailed(f"Databasen innehåller importer vars originalfiler inte finns kvar i arkivet, så "
                                   f"ett nytt bygge skulle tappa dem: {names}. Inget har ändrats.")
            backup_before(target, "fore-bygge")
        tmp = target.with_name(target.name + ".bygger")
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        try:
            con, bundled = build_fresh(tmp, data_dir, progress, home=home)
            try:
                replayed = replay(con, history, progress)
                con.execute("CHECKPOINT")
            finally:
                con.close()
        except BaseException:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                leftover.unlink(missing_ok=True)
            raise
        Path(str(target) + ".wal").unlink(missing_ok=True)
        os.replace(tmp, target)
    return bundled, replayed


def _own_home(con: duckdb.DuckDBPyConnection, data_dir: Path) -> tuple[str, str] | None:
    """(code, name) of the store's home kommun when it is not data/'s (a store ``init`` made for
    another kommun), else None: rebuilding it must give that kommun's store back, not data/'s."""
    code = setting(con, "hemkommun")
    if not code or code == bundled_settings(data_dir).get("hemkommun"):
        return None
    cur = con.cursor()
    try:
        found = cur.execute("SELECT name FROM areas WHERE code = ?", [code]).fetchone()
    finally:
        cur.close()
    return code, (found[0] if found else code)


def build_store(target: Path, data_dir: Path = DATA_DIR, progress: Progress | None = None) -> int:
    """Create the store at ``target`` from data/, replaying what an existing store at ``target``
    holds; returns the number of bundled files imported."""
    bundled, _ = rebuild(Path(target), data_dir, progress)
    return bundled
