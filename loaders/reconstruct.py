"""Files that give back what a version-1 store's user imports wrote, for the store to archive.

A store from before schema versions kept no originals, and ``loaders.build`` can only replay
an import whose file is in the archive. So each user import's rows are written back into a
file of a format the loaders read (the panel's own tidy export for values, a register file
for measures). Reading only: ``loaders.store.reconstruct_archive`` writes them, during the upgrade.
"""

from __future__ import annotations

import csv
import io

import duckdb
import pandas as pd

EXAMPLE_MARKER_LINE = "EXEMPELDATA (Indikatorpanelen)"
_MEASURE_HEADER = ["Id", "Åtgärd", "Utvecklingsområde", "Område", "Ansvarig", "Beskrivning", "Finansiering och tid",
                   "Plan", "Uppföljningsår", "Status", "Kommentar", "Beslut inför nästa år"]


def _csv(rows: list[list[object]], example: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if example:
        writer.writerow([EXAMPLE_MARKER_LINE])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def reconstructed_file(con: duckdb.DuckDBPyConnection, import_id: int, kind: str,
                       example: bool) -> tuple[bytes | None, str]:
    """The file (and the kind to read it as) that gives back an import's rows, current and
    later replaced; None when none are left. Values come back as the panel's own tidy export
    (which the template loader, ``mall``, reads), whatever file they came from, because that
    one format holds every value; measures come back as a register file."""
    cur = con.cursor()
    try:
        if kind == "atgarder":
            rows = cur.execute("""
                WITH f AS (SELECT * FROM measure_followups WHERE import_id = ?
                           UNION ALL SELECT * EXCLUDE (replaced_by) FROM superseded_followups WHERE import_id = ?)
                SELECT f.measure_id, m.title, m.development_area, m.area_text, m.responsible, m.description,
                       m.funding, m.plan, f.round, f.status, f.comment, f.decision_text
                FROM f JOIN measures m USING (measure_id) ORDER BY f.round, f.measure_id""",
                               [import_id, import_id]).fetchall()
            if not rows:
                return None, kind
            body = [[r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7] or "", r[8],
                     str(r[9]).capitalize(), r[10] or "", r[11] or ""] for r in rows]
            return _csv([_MEASURE_HEADER, *body], example), "atgarder"
        rows = cur.execute("""
            SELECT indicator_id, area_code, year, sex, value, flag, numerator, denominator, comment
            FROM (SELECT * EXCLUDE (source) FROM observations WHERE import_id = ?
                  UNION ALL SELECT * EXCLUDE (replaced_by, source) FROM superseded_observations WHERE import_id = ?)
            ORDER BY ALL""", [import_id, import_id]).fetchall()
    finally:
        cur.close()
    if not rows:
        return None, kind
    header = ["indicator_id", "area_code", "year", "sex", "value", "flag", "numerator", "denominator", "comment"]
    body = [[r[0], r[1], r[2], r[3], _number(r[4]), r[5] or "", _number(r[6]), _number(r[7]), r[8] or ""] for r in rows]
    return _csv([header, *body], example), "mall"
