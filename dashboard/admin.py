"""Data management for editors: the import flow, the import log, follow-up rounds, the catalogue.

Functions here take the store and data and return data; the Data page only lays them out.
Reads go through ``dashboard.store.Store``, writes through ``loaders``. Every function that
writes checks the editor role itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from loaders import refresh
from loaders.atgarder import followup_file
from loaders.errors import ImportFailed, Problem
from loaders.importer import parse_into
from loaders.model import Batch
from loaders.preview import Preview, preview
from loaders.store import ImportSummary, undo_import, write_batch

from . import formatting
from .auth import Role, require_editor
from .store import Store

DECISION_CHOICES = ["Vidmakthålls", "Vidareutvecklas", "Ingår i annan åtgärd", "Utgår"]
STATUS_CHOICES = ["Genomförd", "Pågår", "Ej genomförd"]


@dataclass
class Checked:
    """A file read and validated but not written: what the preview shows."""

    file_name: str
    batch: Batch | None = None
    preview: Preview | None = None
    errors: list[Problem] = field(default_factory=list)
    data: bytes | None = None                  # the original, for the archive
    options: dict = field(default_factory=dict)  # the kind asked for, the recipe

    @property
    def warnings(self) -> list[Problem]:
        return self.batch.warnings if self.batch else []

    @property
    def can_confirm(self) -> bool:
        return self.batch is not None and not self.errors


def check_upload(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str,
                 kind: str | None, options: dict | None = None) -> Checked:
    options = dict(options or {})
    try:
        batch = parse_into(con, data, file_name, kind, options)
    except ImportFailed as exc:
        return Checked(file_name, errors=exc.problems, data=data, options={"kind_given": kind, **options})
    return Checked(batch.file_name, batch, preview(con, batch), data=data, options={"kind_given": kind, **options})


def check_followup(con: duckdb.DuckDBPyConnection, rows: list[dict], round_: int) -> Checked:
    """A follow-up round edited in the app, checked as the file it becomes."""
    data, name = followup_file(rows, round_)
    return check_upload(con, data, name, "atgarder")


def confirm(con: duckdb.DuckDBPyConnection, checked: Checked, role: Role, who: str) -> ImportSummary:
    require_editor(role)
    if not checked.can_confirm or checked.batch is None:
        raise ImportFailed(checked.errors or [Problem("filen har fel och kan inte importeras.")])
    return write_batch(con, checked.batch, who=who, data=checked.data, options=checked.options)


def undo(con: duckdb.DuckDBPyConnection, import_id: int, role: Role, who: str) -> None:
    require_editor(role)
    undo_import(con, import_id, who=who)


PREVIEW_ROWS = 500


def _shown(value: object, decimals: object, flag: object) -> str:
    if pd.isna(value):
        return formatting.flag_label(flag if isinstance(flag, str) else "saknas").capitalize()
    text = formatting.number(float(value), int(decimals) if not pd.isna(decimals) else 1)
    return f"{text} ({formatting.flag_label(flag)})" if isinstance(flag, str) and flag else text


def preview_rows(con: duckdb.DuckDBPyConnection, checked: Checked) -> pd.DataFrame:
    """The first rows as they will be stored, in Swedish, with where each came from."""
    batch = checked.batch
    if batch is None:
        return pd.DataFrame()
    if not len(batch.observations):
        rows = batch.followups.head(PREVIEW_ROWS)
        return pd.DataFrame({
            "Id": rows["measure_id"], "Uppföljningsår": rows["round"],
            "Status": rows["status"].map(formatting.status_label), "Kommentar": rows["comment"],
            "Beslut": rows["decision"].map(formatting.decision_label),
            "Beslut (originaltext)": rows["decision_text"], "Rad": rows["source_row"]}).fillna("")
    frame = Store(con).describe_observations(batch.observations.head(PREVIEW_ROWS))
    # indicators the file itself adds are not in the store yet: their names come from the file
    new_names = dict(zip(batch.indicators["indicator_id"], batch.indicators["name"], strict=True))
    names = frame["indicator_name"].fillna(frame["indicator_id"].map(new_names))
    return pd.DataFrame({
        "Indikator": names, "Område": frame["area_name"], "År": frame["year"],
        "Kön": frame["sex"].map(formatting.sex_label),
        "Värde": [_shown(v, d, f) for v, d, f in zip(frame["value"], frame["decimals"], frame["flag"],
                                                      strict=True)],
        "Kommentar": frame["comment"].fillna(""), "Blad": frame["source_sheet"].fillna(""),
        # a value fetched from an API has no row: an empty cell, not the grid's «None»
        "Rad": frame["source_row"].astype("Int64").astype("string").fillna(""),
        "Kolumn": frame["source_column"].fillna("")})


def register_rows(checked: Checked) -> pd.DataFrame:
    """What the import changes in the measure register, field by field, in Swedish."""
    register = checked.preview.register if checked.preview else pd.DataFrame()
    return pd.DataFrame({"Id": register.get("measure_id", []), "Fält": register.get("field", []),
                         "Före": register.get("old", []), "Efter": register.get("new", [])})


def changes_rows(checked: Checked) -> pd.DataFrame:
    """Values an import would change, old -> new, in Swedish."""
    changes = checked.preview.changes if checked.preview else pd.DataFrame()
    if changes.empty:
        return changes
    if "measure_id" in changes:
        return pd.DataFrame({
            "Id": changes["measure_id"], "Uppföljningsår": changes["round"],
            "Status före": changes["old_status"].map(formatting.status_label),
            "Status efter": changes["new_status"].map(formatting.status_label),
            "Beslut före": changes["old_decision"].fillna(""), "Beslut efter": changes["new_decision"].fillna("")})
    return value_changes_rows(changes)


def value_changes_rows(changes: pd.DataFrame) -> pd.DataFrame:
    """Observation changes (``preview.changes``), old -> new, in Swedish."""
    if changes.empty:
        return pd.DataFrame()
    decimals = changes.get("decimals", pd.Series(1, index=changes.index))
    return pd.DataFrame({
        "Indikator": changes["indicator"], "Område": changes["area"], "År": changes["year"],
        "Kön": changes["sex"].map(formatting.sex_label),
        "Före": [_shown(v, d, f) for v, d, f in zip(changes["old_value"], decimals, changes["old_flag"],
                                                     strict=True)],
        "Efter": [_shown(v, d, f) for v, d, f in zip(changes["new_value"], decimals, changes["new_flag"],
                                                      strict=True)]})


def coverage(con: duckdb.DuckDBPyConnection, indicator_id: str, sex: str = "totalt") -> pd.DataFrame:
    """Areas × years with the value, or the reason it is missing, in every cell."""
    frame = Store(con).coverage_cells(indicator_id, sex)
    if frame.empty:
        return pd.DataFrame()
    frame["cell"] = [formatting.flag_label(f) if pd.isna(v) else
                     formatting.number(v, int(d)) + (" *" if isinstance(f, str) and f else "")
                     for v, f, d in zip(frame["value"], frame["flag"], frame["decimals"], strict=True)]
    order = frame.drop_duplicates("area").sort_values("sort_order")["area"].tolist()
    table = frame.pivot(index="area", columns="year", values="cell").reindex(order).fillna("")
    table.columns = [str(c) for c in table.columns]
    table.index.name = "Område"
    return table.reset_index()


def followup_base(con: duckdb.DuckDBPyConnection) -> tuple[int | None, pd.DataFrame]:
    """The latest round as the starting point for recording the next one."""
    latest, frame = Store(con).latest_round_register()
    if latest is None:
        return None, pd.DataFrame()
    frame = frame.rename(columns={"measure_id": "Id", "title": "Åtgärd", "development_area": "Utvecklingsområde",
                                  "area_text": "Område", "responsible": "Ansvarig", "status": "Status",
                                  "comment": "Kommentar", "decision": "Beslut inför nästa år"})
    frame["Status"] = frame["Status"].map(lambda s: s[:1].upper() + s[1:] if isinstance(s, str) else s)
    frame["Beslut inför nästa år"] = frame["Beslut inför nästa år"].map(
        lambda d: d[:1].upper() + d[1:] if isinstance(d, str) else None)
    return latest, frame


def apply_refresh(con: duckdb.DuckDBPyConnection, plan: refresh.Plan, role: Role, who: str) -> list[ImportSummary]:
    """Write a previewed refresh (one transaction; each fetch an import of its own)."""
    require_editor(role)
    return refresh.apply(con, plan, who=who)
