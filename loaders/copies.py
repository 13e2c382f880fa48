"""Backup copies of the store file: where they live, writing one whole or not at all, checking one.

A copy is written under a temporary name and renamed only when complete and checked, so a
copy is either whole or absent (also after ``kill -9``). While the app runs it holds the store
open, so a backup then copies the file under the write lock (``loaders.locks``): every write
checkpoints before it lets go, so the file is whole between writes. A checksum file beside
each copy lets ``loaders.backup.restore`` refuse a copy that was damaged or cut short since.

Automatic backups (before build, restore and schema upgrades) keep the last ``KEEP`` of them
all together (whatever made them); backups an admin asked for are never removed.

This sits below ``loaders.store``: opening a store backs it up before an upgrade and points at
the latest copy when the file is damaged, so nothing here may open a store through it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import locks, schema
from .errors import PanelError

KEEP = 5
SUFFIX = ".duckdb"
AUTOMATIC = "auto"


class BackupFailed(PanelError):
    title = "Säkerhetskopian kunde inte göras"


class RestoreRefused(PanelError):
    title = "Säkerhetskopian kan inte återställas"


@dataclass(frozen=True)
class Backup:
    path: Path
    checksum: str
    size: int

    def line(self) -> str:
        return f"Säkerhetskopia: {self.path}\nSHA-256: {self.checksum}\nStorlek: {self.size:,} byte".replace(",", " ")


def backup_dir(store: Path) -> Path:
    return store.parent / "sakerhetskopior"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")).strip("-")[:40]


def file_checksum(path: Path) -> str:
    """The SHA-256 a copy's checksum file records; read in chunks, as a store may not fit in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def list_backups(store: Path, directory: Path | None = None) -> list[Path]:
    """Backups of ``store``, newest first."""
    folder = directory or backup_dir(store)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"{store.stem}-*{SUFFIX}") if p.is_file()), key=lambda p: p.name,
                  reverse=True)


def latest_backup(store: Path) -> Path | None:
    found = list_backups(store)
    return found[0] if found else None


def _target_name(store: Path, folder: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"{store.stem}-{stamp}-{_slug(reason) or 'kopia'}{SUFFIX}"


def _copy_verified(source: Path, target: Path) -> Backup:
    """Copy ``source`` (and a non-empty WAL) to ``target`` through a temporary name, check that
    the copy opens as a store, then rename it into place and write its checksum file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".ofullständig")
    wal = Path(str(source) + ".wal")
    try:
        shutil.copyfile(source, tmp)
        if wal.exists() and wal.stat().st_size:
            shutil.copyfile(wal, Path(str(tmp) + ".wal"))
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        check(tmp)
        checksum = file_checksum(tmp)
        if Path(str(tmp) + ".wal").exists():
            os.replace(Path(str(tmp) + ".wal"), Path(str(target) + ".wal"))
        os.replace(tmp, target)
        Path(str(target) + ".sha256").write_text(f"{checksum}  {target.name}\n", encoding="utf-8")
    except OSError as exc:
        raise BackupFailed(f"Kopian kunde inte skrivas till «{target.parent}» ({exc.strerror or exc}). "
                           "Databasen är oförändrad.") from exc
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return Backup(target, checksum, target.stat().st_size)


def check(path: Path) -> int:
    """Open ``path`` read-only and make sure it is a whole store of a version this code reads;
    returns its schema version. Raises RestoreRefused (Swedish) otherwise."""
    if not path.exists() or path.stat().st_size < 4096:
        raise RestoreRefused(f"«{path.name}» är tom eller avkortad och är ingen databas för Indikatorpanelen.")
    with path.open("rb") as handle:
        head = handle.read(16)
    if head[8:12] != b"DUCK":
        raise RestoreRefused(f"«{path.name}» är ingen DuckDB-databas.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, RuntimeError) as exc:
        raise RestoreRefused(f"«{path.name}» kan inte öppnas; den verkar skadad ({type(exc).__name__}).") from None
    try:
        version = schema.stored_version(con)
        if version == 0:
            raise RestoreRefused(f"«{path.name}» är en tom databas, inte en databas för Indikatorpanelen.")
        if version > schema.SCHEMA_VERSION:
            raise RestoreRefused(f"«{path.name}» har schemaversion {version}, nyare än den här versionen av "
                                 "Indikatorpanelen kan läsa.")
        for table in ("areas", "indicators", "observations", "imports", "measures", "measure_followups"):
            con.execute(f"SELECT count(*) FROM {table}").fetchone()  # every table reads to the end
        con.execute("SELECT sum(hash(o)::HUGEINT) FROM observations o").fetchone()
    except duckdb.Error as exc:
        raise RestoreRefused(f"«{path.name}» är inte en hel databas för Indikatorpanelen "
                             f"({type(exc).__name__}).") from None
    finally:
        con.close()
    return version


def _prune(store: Path, folder: Path) -> None:
    automatic = [p for p in list_backups(store, folder) if f"-{AUTOMATIC}-" in p.name]
    for old in automatic[KEEP:]:
        for extra in (old, Path(str(old) + ".sha256"), Path(str(old) + ".wal")):
            extra.unlink(missing_ok=True)


def backup(store: Path, directory: Path | None = None, *, reason: str = "manuell",
           automatic: bool = False) -> Backup:
    """A consistent copy of the store, also while the app has it open."""
    if not store.exists():
        raise BackupFailed(f"Databasen «{store}» finns inte.")
    folder = directory or backup_dir(store)
    target = _target_name(store, folder, f"{AUTOMATIC}-{reason}" if automatic else reason)
    use = locks.hold_for_use(store)  # not while the store is rebuilt or restored
    try:
        try:
            con = duckdb.connect(str(store))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() and "conflicting" not in str(exc).lower():
                raise BackupFailed(f"Databasen «{store.name}» kan inte läsas ({type(exc).__name__}).") from None
            con = None  # the app has it open: copy under the write lock
    finally:
        use.release()
    if con is not None:
        try:
            with locks.writing(store):
                con.execute("CHECKPOINT")
                made = _copy_verified(store, target)
        finally:
            con.close()
    else:
        with locks.writing(store, shared=True):
            made = _copy_verified(store, target)
    if automatic:
        _prune(store, folder)
    return made


def backup_open(con: duckdb.DuckDBPyConnection, store: Path, *, reason: str) -> Backup:
    """An automatic backup of a store this process has open (before an upgrade)."""
    folder = backup_dir(store)
    with locks.writing(store):
        con.execute("CHECKPOINT")
        made = _copy_verified(store, _target_name(store, folder, f"{AUTOMATIC}-{reason}"))
    _prune(store, folder)
    return made


def backup_before(store: Path, reason: str) -> Backup | None:
    """The automatic backup before a destructive command, of a store nobody else has open
    (the caller holds it exclusively)."""
    if not store.exists() or not store.stat().st_size:
        return None
    folder = backup_dir(store)
    with locks.writing(store):
        made = _copy_verified(store, _target_name(store, folder, f"{AUTOMATIC}-{reason}"))
    _prune(store, folder)
    return made
