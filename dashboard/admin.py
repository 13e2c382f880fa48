"""Data management for editors: the import flow, the import log, follow-up rounds, the catalogue.

Functions here take a connection and data and return data, like dashboard.queries; the Data
page only lays them out. Every function that writes checks the editor role itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from loaders.atgarder import followup_workbook
from loaders.errors import ImportFailed, Problem
from loaders.importer import parse, parse_workbook
from loaders.model import Batch
from loaders.preview import Preview, preview
from loaders.store import ImportSummary, reference, undo_import, write_batch

from . import formatting
from .auth import Role, require_editor

DECISION_CHOICES = ["Vidmakthålls", "Vidareutvecklas", "Ingår i annan åtgärd", "Utgår"]
STATUS_CHOICES = ["Genomförd", "Pågår", "Ej genomförd"]


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


@dataclass
class Checked:
    """A file read and validated but not written: what the preview shows."""

    file_name: str
    batch: Batch | None = None
    preview: Preview | None = None
    errors: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.batch.warnings if self.batch else []

    @property
    def can_confirm(self) -> bool:
        return self.batch is not None and not self.errors


def check_upload(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str,
                 kind: str | None) -> Checked:
    try:
        batch = parse(data, file_name, reference(con), kind)
    except ImportFailed as exc:
        return Checked(file_name, errors=exc.problems)
    return Checked(file_name, batch, preview(con, batch))


def check_followup(con: duckdb.DuckDBPyConnection, rows: list[dict], round_: int) -> Checked:
    name = f"uppföljning {round_} (redigerad i appen)"
    try:
        batch = parse_workbook(followup_workbook(rows, round_, name), reference(con), "atgarder")
    except ImportFailed as exc:
        return Checked(name, errors=exc.problems)
    return Checked(name, batch, preview(con, batch))


def confirm(con: duckdb.DuckDBPyConnection, checked: Checked, role: Role, who: str) -> ImportSummary:
    require_editor(role)
    if not checked.can_confirm or checked.batch is None:
        raise ImportFailed(checked.errors or [Problem("filen har fel och kan inte importeras.")])
    return write_batch(con, checked.batch, who=who)


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
    cur = con.cursor()
    try:
        cur.register("preview_rows", batch.observations.head(PREVIEW_ROWS))
        new_names = dict(zip(batch.indicators["indicator_id"], batch.indicators["name"], strict=True))
        frame = cur.execute("""
            SELECT b.*, i.name AS indicator_name, coalesce(i.decimals, 1) AS decimals, a.name AS area_name
            FROM preview_rows b LEFT JOIN indicators i USING (indicator_id)
            LEFT JOIN areas a ON a.code = b.area_code""").df()
        cur.unregister("preview_rows")
    finally:
        cur.close()
    names = frame["indicator_name"].fillna(frame["indicator_id"].map(new_names))
    return pd.DataFrame({
        "Indikator": names, "Område": frame["area_name"], "År": frame["year"],
        "Kön": frame["sex"].map(formatting.sex_label),
        "Värde": [_shown(v, d, f) for v, d, f in zip(frame["value"], frame["decimals"], frame["flag"],
                                                      strict=True)],
        "Kommentar": frame["comment"].fillna(""), "Blad": frame["source_sheet"].fillna(""),
        "Rad": frame["source_row"].astype("Int64"), "Kolumn": frame["source_column"].fillna("")})


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
    decimals = changes.get("decimals", pd.Series(1, index=changes.index))
    return pd.DataFrame({
        "Indikator": changes["indicator"], "Område": changes["area"], "År": changes["year"],
        "Kön": changes["sex"].map(formatting.sex_label),
        "Före": [_shown(v, d, f) for v, d, f in zip(changes["old_value"], decimals, changes["old_flag"],
                                                     strict=True)],
        "Efter": [_shown(v, d, f) for v, d, f in zip(changes["new_value"], decimals, changes["new_flag"],
                                                      strict=True)]})


def import_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, """
        SELECT import_id AS "Import", file_name AS "Fil", kind AS "Typ", rows AS "Rader",
               added AS "Tillagda", replaced AS "Ersatta", unchanged AS "Oförändrade",
               CASE WHEN example THEN 'Exempeldata' ELSE '' END AS "Exempel",
               imported_by AS "Av", imported_at AS "Tid",
               CASE WHEN undone_at IS NULL THEN '' ELSE 'Ångrad ' || strftime(undone_at, '%Y-%m-%d %H:%M')
                    || coalesce(' av ' || undone_by, '') END AS "Ångrad",
               left(checksum, 12) AS "Kontrollsumma (SHA-256)"
        FROM imports ORDER BY import_id DESC""")


def undoable_imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT import_id, file_name, imported_at FROM imports WHERE undone_at IS NULL "
                    "ORDER BY import_id DESC")


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, """
        SELECT i.name AS "Indikator", i.unit AS "Enhet", i.direction AS "Bättre är",
               i.development_area AS "Utvecklingsområde", i.source AS "Källa",
               i.definition AS "Definition", count(o.year) AS "Värden",
               min(o.year) AS "Från år", max(o.year) AS "Till år",
               max(im.imported_at) AS "Senast uppdaterad", i.indicator_id AS "Id"
        FROM indicators i LEFT JOIN observations o USING (indicator_id)
        LEFT JOIN imports im ON im.import_id = o.import_id
        GROUP BY ALL ORDER BY i.development_area NULLS LAST, i.name""")


def coverage(con: duckdb.DuckDBPyConnection, indicator_id: str, sex: str = "totalt") -> pd.DataFrame:
    """Areas × years with the value, or the reason it is missing, in every cell."""
    frame = _df(con, """
        SELECT a.name AS area, (CASE a.level WHEN 'omrade' THEN 0 WHEN 'kommun' THEN 1000 ELSE 2000 END)
               + (CASE WHEN a.priority THEN 0 ELSE 500 END) + a.sort_order AS sort_order,
               o.year, o.value, o.flag, i.decimals
        FROM observations o JOIN areas a ON a.code = o.area_code JOIN indicators i USING (indicator_id)
        WHERE o.indicator_id = ? AND o.sex = ?""", [indicator_id, sex])
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
    latest = _df(con, "SELECT max(round) AS r FROM measure_followups").iloc[0, 0]
    if pd.isna(latest):
        return None, pd.DataFrame()
    frame = _df(con, """
        SELECT m.measure_id AS "Id", m.title AS "Åtgärd", m.development_area AS "Utvecklingsområde",
               m.area_text AS "Område", m.responsible AS "Ansvarig", f.status AS "Status",
               f.comment AS "Kommentar", f.decision AS "Beslut inför nästa år"
        FROM measure_followups f JOIN measures m USING (measure_id) WHERE f.round = ?
        ORDER BY m.development_area, split_part(m.measure_id, '.', 2)::INTEGER""", [int(latest)])
    frame["Status"] = frame["Status"].map(lambda s: s[:1].upper() + s[1:] if isinstance(s, str) else s)
    frame["Beslut inför nästa år"] = frame["Beslut inför nästa år"].map(
        lambda d: d[:1].upper() + d[1:] if isinstance(d, str) else None)
    return int(latest), frame
