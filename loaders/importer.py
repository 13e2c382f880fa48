"""One way in: bytes -> workbook -> loader -> checked batch -> store, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from . import atgarder, brottsstatistik, forsorjningsstod, mall, meritvarde
from .detect import detect_kind
from .errors import ImportFailed, Problem, fail
from .model import KINDS, Batch, Reference
from .reading import Workbook, read_workbook
from .table import hidden_note
from .store import ImportSummary, reference, write_batch
from .validate import validate_batch

LOADERS: dict[str, Callable[[Workbook, Reference], Batch]] = {
    "forsorjningsstod": forsorjningsstod.load,
    "meritvarde": meritvarde.load,
    "brottsstatistik": brottsstatistik.load,
    "mall": mall.load,
    "atgarder": atgarder.load,
}


def parse(data: bytes, file_name: str, ref: Reference, kind: str | None = None) -> Batch:
    """Read and validate a file without touching the store (used for previews too)."""
    return parse_workbook(read_workbook(data, file_name), ref, kind)


def parse_workbook(workbook: Workbook, ref: Reference, kind: str | None = None) -> Batch:
    """Validate cells already in memory, e.g. a follow-up round edited in the app."""
    file_name = workbook.file_name
    if kind is None:
        kind = detect_kind(workbook)
        if kind is None:
            raise fail("det går inte att avgöra vad filen innehåller" + hidden_note(workbook)
                       + ". Ange typ med --kind (" + ", ".join(KINDS)
                       + ") eller använd mallen data/mall_indikatorer.xlsx.", file=workbook.file_name)
    elif kind not in LOADERS:
        raise fail(f"okänd filtyp «{kind}»; välj en av {', '.join(KINDS)}.", file=file_name)
    try:
        batch = LOADERS[kind](workbook, ref)
    except ImportFailed:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a loader bug must still not reach the user raw
        raise ImportFailed([Problem(f"filen kunde inte tolkas ({type(exc).__name__}: {exc}).",
                                    workbook.file_name)]) from exc
    validate_batch(batch, ref)
    return batch


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str,
                 kind: str | None = None, who: str | None = None) -> tuple[ImportSummary, list[Problem]]:
    batch = parse(data, file_name, reference(con), kind)
    return write_batch(con, batch, who=who), batch.warnings


def import_path(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None = None,
                who: str | None = None) -> tuple[ImportSummary, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"filen kan inte läsas ({exc.strerror}).", file=path.name) from None
    return import_bytes(con, data, path.name, kind, who)
