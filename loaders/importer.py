"""One way in: bytes -> document -> loader -> checked batch -> store, all or nothing."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path

import duckdb

from . import atgarder, brottsstatistik, forsorjningsstod, layout, mall, meritvarde
from .detect import detect_kind
from .errors import ImportFailed, Problem, fail
from .model import KINDS, Batch, Reference
from .reading import Workbook, read_document
from .store import ImportSummary, drop_computed, reference, write_batch
from .table import hidden_note
from .validate import validate_batch

Loader = Callable[[Workbook, Reference], Batch]
# One module per source; each has load(workbook, ref) -> Batch (and may take options).
LOADER_MODULES = {
    "forsorjningsstod": forsorjningsstod, "meritvarde": meritvarde, "brottsstatistik": brottsstatistik,
    "mall": mall, "atgarder": atgarder,
}
# Sources whose modules are imported on first use (they pull in more, or are optional).
LATER = {"kolada": "kolada", "skolverket": "skolverket", "scb": "scb", "scb_distrikt": "scb_districts", "socialstyrelsen": "socialstyrelsen",
         "recept": "recipe", "karta": "shapes"}


def loader_for(kind: str) -> Loader | None:
    registered = layout.loader(kind)  # an agency described by its facts alone
    if registered is not None:
        return registered
    module = LOADER_MODULES.get(kind)
    if module is None and kind in LATER:
        try:
            module = importlib.import_module(f"loaders.{LATER[kind]}")
        except ModuleNotFoundError:
            return None
        LOADER_MODULES[kind] = module
    return getattr(module, "load", None)


def available_kinds() -> list[str]:
    return [k for k in dict.fromkeys((*KINDS, *layout.AGENCIES)) if loader_for(k) is not None]


def parse(data: bytes, file_name: str, ref: Reference, kind: str | None = None,
          options: dict | None = None) -> Batch:
    """Read and validate a file without touching the store (used for previews too)."""
    return parse_workbook(read_document(data, file_name), ref, kind, options)


def parse_into(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind: str | None = None,
               options: dict | None = None) -> Batch:
    """``parse`` for this store: what the import would write, and what its preview shows."""
    return drop_computed(con, parse(data, file_name, reference(con), kind, options))


def parse_workbook(workbook: Workbook, ref: Reference, kind: str | None = None,
                   options: dict | None = None) -> Batch:
    """Validate cells already in memory, e.g. a follow-up round edited in the app."""
    file_name = workbook.file_name
    if kind is None:
        kind = detect_kind(workbook, ref)
        if kind is None:
            raise fail("det går inte att avgöra vad filen innehåller" + hidden_note(workbook)
                       + ". Ange typ med --kind (" + ", ".join(available_kinds())
                       + "), gör ett kolumnrecept på sidan Administration, eller använd mallen data/mall_indikatorer.xlsx.",
                       file=workbook.file_name)
    loader = loader_for(kind)
    if loader is None:
        raise fail(f"okänd filtyp «{kind}»; välj en av {', '.join(available_kinds())}.", file=file_name)
    try:
        batch = _run(loader, workbook, ref, options)
    except ImportFailed:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a loader bug must still not reach the user raw
        raise ImportFailed([Problem(f"filen kunde inte tolkas ({type(exc).__name__}: {exc}).",
                                    workbook.file_name)]) from exc
    batch.warnings = workbook.warnings() + batch.warnings
    validate_batch(batch, ref)
    return batch


def _run(loader: Loader, workbook: Workbook, ref: Reference, options: dict | None) -> Batch:
    if options and getattr(loader, "takes_options", False):
        return loader(workbook, ref, options)  # type: ignore[call-arg]
    return loader(workbook, ref)


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str,
                 kind: str | None = None, who: str | None = None, *, archive: bool = True,
                 now: dt.datetime | None = None, options: dict | None = None) -> tuple[ImportSummary, list[Problem]]:
    """Parse and write a file; the original goes to the archive so ``build`` can replay it."""
    options = dict(options or {})
    batch = parse_into(con, data, file_name, kind, options)
    summary = write_batch(con, batch, who=who, data=data if archive else None, now=now,
                          options={"kind_given": kind, **options})
    return summary, batch.warnings


def import_path(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None = None,
                who: str | None = None, *, archive: bool = True,
                options: dict | None = None) -> tuple[ImportSummary, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"filen kan inte läsas ({exc.strerror}).", file=path.name) from None
    return import_bytes(con, data, path.name, kind, who, archive=archive, options=options)
