"""What an import would do, computed before anything is written.

Editors see how many values are new, changed (old -> new) and unchanged, and which areas,
indicators and years a file touches, so a wrong file is caught before it lands.
"""

from __future__ import annotations

from dataclasses import dataclass

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
                           sorted(int(y) for y in joined["year"].unique()))
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
                       ["Åtgärder"], sorted(int(r) for r in joined["round"].unique()))
    finally:
        cur.close()
