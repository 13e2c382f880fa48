"""What an import would do, computed before anything is written.

Editors see how many values are new, changed (old -> new) and unchanged, and which areas,
indicators and years a file touches, so a wrong file is caught before it lands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from .model import Batch


@dataclass(frozen=True)
class Preview:
    new: int
    changed: int
    unchanged: int
    changes: pd.DataFrame  # one row per changed value: keys, old and new value/flag
    areas: list[str]
    indicators: list[str]
    years: list[int]
    # one row per measure field the import would change: measure_id, field, old, new
    register: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGISTER_COLUMNS))
    removed_example: int = 0   # example values of the same indicators that real values push out


REGISTER_COLUMNS = ["measure_id", "field", "old", "new"]
FIELD_NAMES = {"title": "Åtgärd", "description": "Beskrivning", "area_text": "Område", "responsible": "Ansvarig",
               "funding": "Finansiering och tid", "plan": "Plan", "development_area": "Utvecklingsområde"}


def register_changes(cur: duckdb.DuckDBPyConnection, batch: Batch) -> pd.DataFrame:
    """Field by field, what an import would change in the measure register: the same rule as
    the write (a field the file does not carry, or leaves empty, keeps what is stored)."""
    if not len(batch.measures):
        return pd.DataFrame(columns=REGISTER_COLUMNS)
    stored = {r[0]: r for r in cur.execute(
        "SELECT measure_id, title, description, area_text, responsible, funding, plan, development_area "
        "FROM measures").fetchall()}
    index = {"title": 1, "description": 2, "area_text": 3, "responsible": 4, "funding": 5, "plan": 6,
             "development_area": 7}
    rows = []
    for m in batch.measures.to_dict("records"):
        old = stored.get(m["measure_id"])
        if old is None:
            rows.append([m["measure_id"], "Ny åtgärd", "", str(m.get("title") or "")])
            continue
        for name, i in index.items():
            new = m.get(name)
            if name != "development_area" and (name not in batch.measure_fields or not str(new or "").strip()):
                continue
            if new is not None and str(new).strip() != str(old[i] if old[i] is not None else "").strip():
                rows.append([m["measure_id"], FIELD_NAMES[name], "" if old[i] is None else str(old[i]), str(new)])
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def preview(con: duckdb.DuckDBPyConnection, batch: Batch) -> Preview:
    cur = con.cursor()
    try:
        if len(batch.observations):
            cur.register("preview_obs", batch.observations)
            joined = cur.execute("""
                SELECT b.indicator_id, i.name AS indicator, coalesce(i.decimals, 1) AS decimals, b.area_code, a.name AS area, b.year, b.sex,
                       o.value AS old_value, o.flag AS old_flag, b.value AS new_value, b.flag AS new_flag,
                       o.indicator_id IS NOT NULL AS existed,
                       o.value IS NOT DISTINCT FROM b.value AND o.flag IS NOT DISTINCT FROM b.flag AS same
                FROM preview_obs b
                LEFT JOIN observations o USING (indicator_id, area_code, year, sex)
                LEFT JOIN areas a ON a.code = b.area_code
                LEFT JOIN indicators i ON i.indicator_id = b.indicator_id
                ORDER BY i.name, a.name, b.year, b.sex""").df()
            removed = 0
            if not batch.example:
                removed = cur.execute(
                    "SELECT count(*) FROM observations o WHERE o.example AND o.indicator_id IN "
                    "(SELECT DISTINCT indicator_id FROM preview_obs) AND NOT EXISTS (SELECT 1 FROM preview_obs b "
                    "WHERE (b.indicator_id, b.area_code, b.year, b.sex) = (o.indicator_id, o.area_code, o.year, o.sex))"
                ).fetchall()[0][0]
            cur.unregister("preview_obs")
            if len(batch.indicators):
                names = dict(zip(batch.indicators["indicator_id"], batch.indicators["name"], strict=True))
                joined["indicator"] = joined["indicator"].fillna(joined["indicator_id"].map(names))
            new = int((~joined["existed"]).sum())
            unchanged = int((joined["existed"] & joined["same"]).sum())
            changes = joined[joined["existed"] & ~joined["same"]].drop(columns=["existed", "same"])
            return Preview(new, len(changes), unchanged, changes.reset_index(drop=True),
                           sorted(joined["area"].dropna().unique()),
                           sorted(joined["indicator"].dropna().unique()),
                           sorted(int(y) for y in joined["year"].unique()), removed_example=int(removed))
        cur.register("preview_followups", batch.followups)
        joined = cur.execute("""
            SELECT b.measure_id, b.round, o.status AS old_status, b.status AS new_status,
                   o.decision_text AS old_decision, b.decision_text AS new_decision,
                   o.measure_id IS NOT NULL AS existed,
                   o.status IS NOT DISTINCT FROM b.status
                   AND o.comment IS NOT DISTINCT FROM b.comment
                   AND o.decision_text IS NOT DISTINCT FROM b.decision_text AS same
            FROM preview_followups b LEFT JOIN measure_followups o USING (measure_id, round)
            ORDER BY b.round, b.measure_id""").df()
        cur.unregister("preview_followups")
        new = int((~joined["existed"]).sum())
        unchanged = int((joined["existed"] & joined["same"]).sum())
        changes = joined[joined["existed"] & ~joined["same"]].drop(columns=["existed", "same"])
        return Preview(new, len(changes), unchanged, changes.reset_index(drop=True), [],
                       ["Åtgärder"], sorted(int(r) for r in joined["round"].unique()),
                       register_changes(cur, batch))
    finally:
        cur.close()
