"""Building the store from everything bundled in data/, atomically.

The store is built in a temporary file next to the target and moved into place only when
every file imported, so a failed build never leaves a half-filled store behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .importer import import_path
from .store import DATA_DIR, connect, load_reference_files

# Order matters only for readability of the import log; keys never overlap between files.
BUNDLED_PATTERNS = ("atgarder_*.xlsx", "exempel/*.xlsx", "exempel/*.csv", "exempel/*/*.csv",
                    "exempel/*/*.xlsx")


def bundled_files(data_dir: Path = DATA_DIR) -> list[Path]:
    files: list[Path] = []
    for pattern in BUNDLED_PATTERNS:
        files.extend(sorted(data_dir.glob(pattern)))
    return files


def build_store(target: Path, data_dir: Path = DATA_DIR,
                progress: Callable[[int, int, str], None] | None = None) -> int:
    """Create the store at ``target`` from data/; returns the number of files imported."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".bygger")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    files = bundled_files(data_dir)
    con = connect(tmp)
    try:
        load_reference_files(con, data_dir)
        for i, path in enumerate(files, start=1):
            if progress:
                progress(i, len(files), path.name)
            import_path(con, path, who="build")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    Path(str(target) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, target)
    return len(files)
