"""Advisory file locks beside the store, so no command pulls the store from under the app.

DuckDB itself lets one process hold the file read-write. That keeps two writers apart, but
not a command that *replaces* the file (build, restore, a migration) from a running app,
whose next import would then go into the unlinked old file and be lost. Two lock files beside
the store close that gap:

* ``<store>.lås``: every process that uses the store holds it shared for as long as it has
  the store open; build, restore and migration need it exclusively, so they refuse while
  anything has the store open, and nothing can open the store while they run.
* ``<store>.skrivlås``: every write holds it exclusively from BEGIN to the checkpoint after
  COMMIT; a backup holds it shared while it copies the file, so a copy taken while the app
  runs is never half of a write.

The locks are ``fcntl.flock`` locks: the kernel drops them when the process ends, so a
process killed with ``kill -9`` never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreBusy


def use_path(store: Path) -> Path:
    return store.with_name(store.name + ".lås")


def write_path(store: Path) -> Path:
    return store.with_name(store.name + ".skrivlås")


class FileLock:
    """One flock on a lock file, held until ``release`` (or the process ends)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, exclusive: bool, wait: float = 0.0) -> bool:
        """Take the lock; wait up to ``wait`` seconds. False when it is held elsewhere."""
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None


def hold_for_use(store: Path) -> FileLock:
    """The shared use lock, for as long as the store is open; StoreBusy while it is rebuilt."""
    lock = FileLock(use_path(store))
    if not lock.acquire(exclusive=False, wait=5.0):
        raise StoreBusy(f"Databasen «{store.name}» byggs om, återställs eller uppgraderas just nu. "
                        "Försök igen om en stund.")
    return lock


@contextmanager
def exclusive(store: Path, what: str) -> Iterator[None]:
    """Sole use of the store for ``what`` (build, restore, upgrade); StoreBusy when in use."""
    lock = FileLock(use_path(store))
    if not lock.acquire(exclusive=True):
        lock.release()
        raise StoreBusy(f"Databasen «{store.name}» används av ett annat program (till exempel appen), så "
                        f"{what} kan inte göras nu. Stäng appen (eller vänta tills importen är klar) och "
                        "försök igen. Inget har ändrats.")
    try:
        yield
    finally:
        lock.release()


@contextmanager
def writing(store: Path, *, shared: bool = False, wait: float = 30.0) -> Iterator[None]:
    """The write lock: exclusive for a write, shared for a backup's copy."""
    lock = FileLock(write_path(store))
    if not lock.acquire(exclusive=not shared, wait=wait):
        lock.release()
        raise StoreBusy("En annan import, ångring eller säkerhetskopiering pågår just nu. Försök igen om en "
                        "liten stund; inget har ändrats.")
    try:
        yield
    finally:
        lock.release()
