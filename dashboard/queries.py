"""Every question the pages ask of the store, as functions from parameters to DataFrames.

Each function opens its own cursor: one DuckDB connection is shared by all Streamlit
sessions, and a connection used from several threads at once was seen to return wrong
results silently. All SQL takes its values as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

DEVELOPMENT_AREAS: dict[int, str] = {
    1: "Ökad trygghet, gemenskap och delaktighet i samhället",
    2: "Fler i arbete eller meningsfull sysselsättning",
    3: "Utbildning för att barn och vuxna ska nå sin fulla potential",
    4: "Trivsamma livsmiljöer för ett sammanhållet Linköping",
    5: "En rikare fritid för alla",
}
STATUSES = ("genomförd", "pågår", "ej genomförd")
SEXES = ("totalt", "kvinnor", "män")


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params or [])).df()
    finally:
        cur.close()


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever an import is written or undone; part of every cache key."""
    row = _df(con, "SELECT coalesce(max(import_id), 0) AS n, count(undone_at) AS u, "
                   "coalesce(max(undone_at)::VARCHAR, '') AS t FROM imports").iloc[0]
    return f"{row.n}-{row.u}-{row.t}"


def areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All areas in display order: priority districts first, then other districts, kommun, riket."""
    return _df(con, """
        SELECT code, name, level, parent, priority, sort_order FROM areas
        ORDER BY CASE level WHEN 'omrade' THEN 0 WHEN 'kommun' THEN 1 ELSE 2 END,
                 NOT priority, sort_order""")


def reference_areas(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{'kommun': code, 'riket': code}: the two comparison lines on every chart."""
    frame = _df(con, "SELECT level, min(code) AS code FROM areas WHERE level IN ('kommun', 'riket') "
                     "GROUP BY level")
    return dict(zip(frame["level"], frame["code"], strict=True))


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Indicators that have data, with their metadata and coverage."""
    return _df(con, """
        SELECT i.indicator_id, i.name, i.unit, i.decimals, i.direction, i.development_area,
               i.source, i.definition, min(o.year) AS first_year, max(o.year) AS last_year,
               count(*) AS observations, bool_or(o.example) AS example,
               bool_or(o.sex <> 'totalt') AS has_sex_split
        FROM indicators i JOIN observations o USING (indicator_id)
        GROUP BY ALL ORDER BY i.development_area NULLS LAST, i.name""")


_OBS_SELECT = """
    SELECT o.indicator_id, i.name AS indicator_name, i.unit, i.decimals, o.area_code,
           a.name AS area_name, a.level, a.priority, o.year, o.sex, o.value, o.flag,
           o.numerator, o.denominator, o.comment, o.source_file, o.example
    FROM observations o JOIN areas a ON a.code = o.area_code
    JOIN indicators i USING (indicator_id)
"""
_OBS_ORDER = (" ORDER BY CASE a.level WHEN 'omrade' THEN 0 WHEN 'kommun' THEN 1 ELSE 2 END, "
              "NOT a.priority, a.sort_order, o.sex, o.year")


def observations(con: duckdb.DuckDBPyConnection, indicator_id: str, area_codes: Sequence[str],
                 year_from: int, year_to: int, sexes: Sequence[str] = ("totalt",)) -> pd.DataFrame:
    """Values of one indicator for the given areas, years and kön; missing values included."""
    return _df(con, _OBS_SELECT + """
        WHERE o.indicator_id = ? AND list_contains(?, o.area_code)
          AND o.year BETWEEN ? AND ? AND list_contains(?, o.sex)""" + _OBS_ORDER,
               [indicator_id, list(area_codes), int(year_from), int(year_to), list(sexes)])


def profile(con: duckdb.DuckDBPyConnection, area_code: str, sex: str = "totalt") -> pd.DataFrame:
    """All indicators for one district and the reference areas, every year."""
    refs = list(reference_areas(con).values())
    return _df(con, _OBS_SELECT + " WHERE list_contains(?, o.area_code) AND o.sex = ?" + _OBS_ORDER,
               [[area_code, *refs], sex])


def ranking(con: duckdb.DuckDBPyConnection, indicator_id: str, year: int,
            sex: str = "totalt") -> pd.DataFrame:
    """The kommun's districts, the kommun and riket for one indicator and year, best first
    by the indicator's direction.

    Only districts whose parent is the reference kommun (or that have no parent): a store
    with every district in Sweden would otherwise rank 10 000 bars, and the first kommun row
    would be any kommun rather than ours.
    """
    refs = reference_areas(con)
    frame = _df(con, _OBS_SELECT + """
        WHERE o.indicator_id = ? AND o.year = ? AND o.sex = ?
          AND ((a.level NOT IN ('kommun', 'riket') AND (a.parent IS NULL OR a.parent = ?))
               OR o.area_code IN (?, ?))""" + _OBS_ORDER,
                [indicator_id, int(year), sex, refs.get("kommun"), refs.get("kommun"), refs.get("riket")])
    direction = _df(con, "SELECT direction FROM indicators WHERE indicator_id = ?", [indicator_id])
    lower_is_better = not direction.empty and direction.iloc[0, 0] == "lägre"
    return frame.sort_values("value", ascending=lower_is_better, na_position="last",
                             kind="stable").reset_index(drop=True)


def years(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[int]:
    frame = _df(con, "SELECT DISTINCT year FROM observations WHERE indicator_id = ? ORDER BY year",
                [indicator_id])
    return [int(y) for y in frame["year"]]


def overview(con: duckdb.DuckDBPyConnection, area_code: str, sex: str = "totalt") -> pd.DataFrame:
    """For one district: each indicator's latest value, first value, and kommun/riket that year.

    The latest year is the last year in which the district has a value, so a suppressed
    final year does not hide the indicator; the flag of that last year is returned too.
    """
    refs = reference_areas(con)
    return _df(con, """
        WITH mine AS (
            SELECT indicator_id, year, value, flag FROM observations
            WHERE area_code = ? AND sex = ?),
        span AS (
            SELECT indicator_id,
                   max(year) FILTER (WHERE value IS NOT NULL) AS last_year,
                   min(year) FILTER (WHERE value IS NOT NULL) AS first_year,
                   max(year) AS last_any_year
            FROM mine GROUP BY indicator_id)
        SELECT i.indicator_id, i.name, i.unit, i.decimals, i.direction, i.development_area,
               i.source, i.definition, s.first_year, s.last_year, s.last_any_year,
               l.value AS last_value, f.value AS first_value, la.flag AS last_any_flag,
               k.value AS kommun_value, r.value AS riket_value,
               (SELECT bool_or(example) FROM observations e WHERE e.indicator_id = i.indicator_id)
                   AS example
        FROM span s JOIN indicators i USING (indicator_id)
        LEFT JOIN mine l ON l.indicator_id = s.indicator_id AND l.year = s.last_year
        LEFT JOIN mine f ON f.indicator_id = s.indicator_id AND f.year = s.first_year
        LEFT JOIN mine la ON la.indicator_id = s.indicator_id AND la.year = s.last_any_year
        LEFT JOIN observations k ON k.indicator_id = s.indicator_id AND k.year = s.last_year
             AND k.area_code = ? AND k.sex = ?
        LEFT JOIN observations r ON r.indicator_id = s.indicator_id AND r.year = s.last_year
             AND r.area_code = ? AND r.sex = ?
        ORDER BY i.development_area NULLS LAST, i.name""",
               [area_code, sex, refs.get("kommun"), sex, refs.get("riket"), sex])


def followup_rounds(con: duckdb.DuckDBPyConnection) -> list[int]:
    frame = _df(con, "SELECT DISTINCT round FROM measure_followups ORDER BY round")
    return [int(r) for r in frame["round"]]


def measures(con: duckdb.DuckDBPyConnection, round_: int) -> pd.DataFrame:
    """The measure table for one follow-up round, in plan order (1.2 before 1.10)."""
    return _df(con, """
        SELECT m.measure_id, m.title, m.development_area, m.area_text,
               (SELECT list(a.name ORDER BY a.sort_order) FROM unnest(m.districts) AS u(c)
                JOIN areas a ON a.code = u.c) AS district_names,
               m.responsible, m.responsible_units, f.status, f.comment, f.decision,
               f.decision_text, m.description, m.funding, m.plan, f.round, f.source_file
        FROM measure_followups f JOIN measures m USING (measure_id)
        WHERE f.round = ?
        ORDER BY m.development_area, split_part(m.measure_id, '.', 2)::INTEGER""", [int(round_)])


def measure_changes(con: duckdb.DuckDBPyConnection, round_: int) -> pd.DataFrame:
    """What changed for each measure since the previous round (empty if there is none)."""
    return _df(con, """
        WITH prev AS (SELECT max(round) AS r FROM measure_followups WHERE round < ?)
        SELECT m.measure_id, m.title, m.development_area, p.status AS previous_status,
               c.status, p.decision AS previous_decision, c.decision,
               p.status IS DISTINCT FROM c.status AS status_changed
        FROM measure_followups c JOIN measures m USING (measure_id)
        CROSS JOIN prev
        LEFT JOIN measure_followups p ON p.measure_id = c.measure_id AND p.round = prev.r
        WHERE c.round = ? AND prev.r IS NOT NULL
        ORDER BY m.development_area, split_part(m.measure_id, '.', 2)::INTEGER""",
               [int(round_), int(round_)])
