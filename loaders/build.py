"""Building the store from everything bundled in data/, then replaying what users did.

``build_store`` is what ``python -m loaders build`` and the app's first start run. The new
store is made aside and put in place only when everything is in it; an existing store's
imports and edits are replayed into it (``loaders.replay``), never thrown away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from .importer import import_path
from .store import DATA_DIR, connect, load_reference_files

# Order matters only for readability of the import log; keys never overlap between files.
BUNDLED_PATTERNS = ("atgarder_*.xlsx", "exempel/*.xlsx", "exempel/*.csv", "exempel/*/*.csv",
                    "exempel/*/*.xlsx")
BUNDLED = "build"


def bundled_files(data_dir: Path = DATA_DIR) -> list[Path]:
    files: list[Path] = []
    for pattern in BUNDLED_PATTERNS:
        files.extend(sorted(data_dir.glob(pattern)))
    return files


def build_fresh(path: Path, data_dir: Path = DATA_DIR,
                progress: Callable[[int, int, str], None] | None = None) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A new store at ``path`` with the reference data and the bundled files; open for more."""
    files = bundled_files(data_dir)
    con = connect(path)
    try:
        load_reference_files(con, data_dir)
        for i, file in enumerate(files, start=1):
            if progress:
                progress(i, len(files), file.name)
            import_path(con, file, who=BUNDLED, archive=False)
    except BaseException:
        con.close()
        raise
    return con, len(files)


def build_store(target: Path, data_dir: Path = DATA_DIR,
                progress: Callable[[int, int, str], None] | None = None) -> int:
    """Create the store at ``target`` from data/, replaying what an existing store at ``target``
    holds; returns the number of bundled files imported."""
    from .replay import build

    bundled, _ = build(Path(target), data_dir, progress)
    return bundled
