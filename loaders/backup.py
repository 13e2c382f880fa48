"""Backups of the store, and putting one back.

Making, listing and checking copies lives in ``loaders.copies``, below the store, because
opening a store needs it (a backup before an upgrade, the latest copy named when the file is
damaged). Putting a copy back is here, above the store: it opens the store first, to refuse
while another program has it. The names of ``loaders.copies`` stay importable from here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import locks
from .copies import (AUTOMATIC, KEEP, SUFFIX, Backup, BackupFailed, RestoreRefused, backup, backup_before,
                     backup_dir, backup_open, check, file_checksum, latest_backup, list_backups)
from .errors import PanelError, StoreBusy
from .store import connect

__all__ = ["AUTOMATIC", "KEEP", "SUFFIX", "Backup", "BackupFailed", "RestoreRefused", "backup", "backup_before",
           "backup_dir", "backup_open", "check", "latest_backup", "list_backups", "restore"]


def restore(copy: Path, store: Path) -> Backup:
    """Check the copy, back up the current store, then put the copy in its place (atomically)."""
    copy = Path(copy)
    sidecar = Path(str(copy) + ".sha256")
    if sidecar.exists():
        expected = sidecar.read_text(encoding="utf-8").split()[0]
        if file_checksum(copy) != expected:
            raise RestoreRefused(f"«{copy.name}» stämmer inte med sin kontrollsumma; filen har ändrats eller "
                                 "skadats sedan kopian gjordes. Inget har ändrats.")
    check(copy)
    with locks.exclusive(store, "återställningen"):
        if store.exists():
            try:
                connect(store, lock=False, migrate=False).close()  # refuses while another program has it
            except PanelError as exc:
                if isinstance(exc, StoreBusy):
                    raise
            backup_before(store, "fore-aterstallning")
        tmp = store.with_name(store.name + ".återställs")
        try:
            shutil.copyfile(copy, tmp)
            with tmp.open("rb+") as handle:
                os.fsync(handle.fileno())
            Path(str(store) + ".wal").unlink(missing_ok=True)
            if Path(str(copy) + ".wal").exists():
                shutil.copyfile(Path(str(copy) + ".wal"), Path(str(store) + ".wal"))
            os.replace(tmp, store)
        except OSError as exc:
            raise RestoreRefused(f"Kopian kunde inte läggas på plats ({exc.strerror or exc}); databasen är "
                                 "oförändrad.") from exc
        finally:
            tmp.unlink(missing_ok=True)
    return Backup(store, file_checksum(store), store.stat().st_size)
