"""Every question the app asks of the DuckDB store, as typed methods.

One ``Store`` wraps the process-wide connection. Each query opens its own cursor: one
DuckDB connection is shared by every Streamlit session, and a connection used from several
threads at once was seen to return wrong results silently. All SQL takes its values as
parameters.

A store may carry a ``Memo``: then every read is kept, bounded, under the store's path, its
data version, the method and its arguments, so an import or an undo (a new version) is seen
on the next rerun and nothing stale is ever returned. Results are shared between sessions:
treat them as read-only (pandas' copy-on-write keeps derived frames from touching them).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import numpy as np
import pandas as pd

from loaders.domain import DISTRICT, KOMMUN, RIKET
from loaders.home import Home, development_area_names, official_name
from loaders.store import DEFAULT_HOME

if TYPE_CHECKING:
    from .views.model import ValuesFilter

T = TypeVar("T")
MEMO_ENTRIES = 512


class Memo:
    """A thread-safe, bounded map from a key to a computed value (least recently used out)."""

    def __init__(self, max_entries: int = MEMO_ENTRIES) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: two sessions may compute the same thing once each
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


def _freeze(value: object) -> Hashable:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value  # type: ignore[return-value]


def cached(method: Callable[..., T]) -> Callable[..., T]:
    """Keep the method's result in the store's memo, keyed by data version and arguments."""
    @functools.wraps(method)
    def wrapper(self: Store, *args: Any) -> T:
        if self.memo is None:
            return method(self, *args)
        key = (self.key, self.version(), method.__name__, _freeze(args))
        return self.memo.get(key, lambda: method(self, *args))
    return wrapper


_LEVEL_ORDER = (f"CASE a.level WHEN '{DISTRICT}' THEN 0 WHEN '{KOMMUN}' THEN 1 "
                f"WHEN 'lan' THEN 2 WHEN '{RIKET}' THEN 3 ELSE 4 END")
_OBS_SELECT = """
    SELECT o.indicator_id, i.name AS indicator_name, i.unit, i.decimals, o.area_code,
           a.name AS area_name, a.level, a.priority, o.year, o.sex, o.value, o.flag,
           o.numerator, o.denominator, o.comment, o.source_file, o.example, o.source
    FROM shown_observations o JOIN areas a ON a.code = o.area_code
    JOIN indicators i USING (indicator_id)
"""
_OBS_ORDER = f" ORDER BY {_LEVEL_ORDER}, NOT a.priority, a.sort_order, o.sex, o.year"
_MEASURE_ORDER = "m.development_area, split_part(m.measure_id, '.', 2)::INTEGER"


class Store:
    """Typed, read-only questions to the store (writes go through ``loaders``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, key: str = "",
                 memo: Memo | None = None, version: str | None = None) -> None:
        self.con = con
        self.key = key
        self.memo = memo
        self._version = version

    def _df(self, sql: str, params: Sequence | None = None) -> pd.DataFrame:
        cur = self.con.cursor()
        try:
            return cur.execute(sql, list(params or [])).df()
        finally:
            cur.close()

    # ------------------------------------------------------------------ version

    def version(self) -> str:
        """Changes whenever anything is written (import, undo, mapping, group, recipe, text):
        part of every cache key, so no page shows results from before a change.

        Every write logs an event in the same transaction, so the newest event id is the
        version; a store from before the events table falls back to the imports.
        Read once per store object; the app makes a new ``Store`` for every rerun.
        """
        if self._version is None:
            row = self._df("SELECT coalesce(max(import_id), 0) AS n, count(undone_at) AS u, "
                           "coalesce(max(undone_at)::VARCHAR, '') AS t FROM imports").iloc[0]
            events = self._df("SELECT coalesce(max(event_id), 0) AS e FROM events").iloc[0].e \
                if self._has_table("events") else 0
            self._version = f"{row.n}-{row.u}-{row.t}-{events}"
        return self._version

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """Something made from this store's data (styles, a built view), kept per data version
        like the query results."""
        if self.memo is None:
            return compute()
        return self.memo.get((self.key, self.version(), "derived", name), compute)

    @cached
    def setting(self, name: str) -> str | None:
        """A setting of this installation (``settings`` table), or None."""
        frame = self._df("SELECT value FROM settings WHERE key = ?", [name]) if self._has_table("settings") \
            else pd.DataFrame()
        return None if frame.empty else str(frame.iloc[0, 0])

    def _has_table(self, name: str) -> bool:
        return bool(len(self._df("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name])))

    # ------------------------------------------------------------------ areas

    @cached
    def areas(self) -> pd.DataFrame:
        """All areas in display order: priority districts first, then other districts, kommun, riket."""
        return self._df(f"""
            SELECT code, name, level, parent, priority, sort_order FROM areas a
            ORDER BY {_LEVEL_ORDER}, NOT priority, sort_order""")

    @cached
    def home(self) -> Home:
        """The home kommun: its code and name («Linköpings kommun»), for every text that names it."""
        code = self.setting("hemkommun") or DEFAULT_HOME
        frame = self._df("SELECT name FROM areas WHERE code = ?", [code])
        named = {f"utvecklingsomrade_{n}": self.setting(f"utvecklingsomrade_{n}") for n in range(1, 6)}
        return Home(code, str(frame.iloc[0, 0]) if len(frame) else official_name(code),
                    development_area_names({k: v for k, v in named.items() if v}))

    @cached
    def reference_areas(self) -> dict[str, str]:
        """{'kommun': code, 'riket': code}: the two comparison lines on every chart.

        The kommun is the store's home kommun (setting ``hemkommun``), or in a store without
        that setting the one the priority districts lie in.
        """
        frame = self._df(f"""
            SELECT level, coalesce(min(code) FILTER (WHERE code = ?),
                                   min(code) FILTER (WHERE code IN (SELECT parent FROM areas WHERE priority)),
                                   min(code)) AS code
            FROM areas WHERE level IN ('{KOMMUN}', '{RIKET}') GROUP BY level""", [self.setting("hemkommun")])
        return dict(zip(frame["level"], frame["code"], strict=True))

    @cached
    def districts(self) -> pd.DataFrame:
        """The districts a strategist chooses among: the home kommun's (and any without a
        parent). A store with every district in Sweden would otherwise offer ~10 000 options,
        which makes the browser slow to react to every change. The home kommun is the setting,
        or where the priority districts lie; without either, every district is offered."""
        return self._df(f"""
            WITH homes AS (SELECT DISTINCT parent FROM areas
                           WHERE level = '{DISTRICT}' AND parent IS NOT NULL AND (priority OR parent = ?))
            SELECT code, name, priority FROM areas a
            WHERE level = '{DISTRICT}'
              AND (parent IS NULL OR parent IN (SELECT parent FROM homes)
                   OR NOT EXISTS (SELECT 1 FROM homes))
            ORDER BY NOT priority, sort_order""", [self.setting("hemkommun")])

    @cached
    def deso_in_districts(self) -> bool:
        """Whether an editor built a district from DeSO areas (then SCB's set is fetched for DeSO too)."""
        return bool(len(self._df("SELECT 1 FROM area_mappings m JOIN areas a ON a.code = m.area_code "
                                 "WHERE a.level = 'deso' LIMIT 1")))

    # ------------------------------------------------------------------ indicators

    @cached
    def example_indicators(self) -> pd.DataFrame:
        """The indicators that still show example values, and how many."""
        return self._df("""
            SELECT i.indicator_id, i.name, count(*) AS n FROM shown_observations o JOIN indicators i USING (indicator_id)
            WHERE o.example GROUP BY ALL ORDER BY i.name""")

    @cached
    def has_example_data(self) -> bool:
        row = self._df("SELECT coalesce(bool_or(example), false) AS e FROM shown_observations")
        return bool(row.iloc[0, 0])

    @cached
    def indicators(self) -> pd.DataFrame:
        """Indicators that have data, with their metadata and coverage."""
        return self._df("""
            SELECT i.indicator_id, i.name, i.unit, i.decimals, i.direction, i.development_area,
                   i.source, i.definition, min(o.year) AS first_year, max(o.year) AS last_year,
                   count(*) AS observations, bool_or(o.example) AS example,
                   bool_or(o.sex <> 'totalt') AS has_sex_split
            FROM indicators i JOIN shown_observations o USING (indicator_id)
            GROUP BY ALL ORDER BY i.development_area NULLS LAST, i.name""")

    def indicator(self, indicator_id: str) -> dict:
        """One indicator's metadata and coverage (``indicators()``'s row); KeyError if it has none."""
        rows = self.indicators()
        rows = rows[rows["indicator_id"] == indicator_id]
        if rows.empty:
            raise KeyError(indicator_id)
        return rows.iloc[0].to_dict()

    @cached
    def years(self, indicator_id: str) -> list[int]:
        frame = self._df("SELECT DISTINCT year FROM shown_observations WHERE indicator_id = ? ORDER BY year",
                         [indicator_id])
        return [int(y) for y in frame["year"]]

    # ------------------------------------------------------------------ observations

    @cached
    def observations(self, indicator_id: str, area_codes: Sequence[str], year_from: int, year_to: int,
                     sexes: Sequence[str] = ("totalt",)) -> pd.DataFrame:
        """Values of one indicator for the given areas, years and kön; missing values included.

        A value a later import revised carries ``revised_at`` and ``previous_value``/``previous_flag``
        (what it was before), so the chart and the table can say so: a revision is never silent.
        """
        params = [indicator_id, list(area_codes), int(year_from), int(year_to), list(sexes)]
        frame = self._df(_OBS_SELECT + """
            WHERE o.indicator_id = ? AND list_contains(?, o.area_code)
              AND o.year BETWEEN ? AND ? AND list_contains(?, o.sex)""" + _OBS_ORDER, params)
        revised = self._df("""
            SELECT area_code, year, sex, revised_at, previous_value, previous_flag FROM revisions
            WHERE indicator_id = ? AND list_contains(?, area_code) AND year BETWEEN ? AND ?
              AND list_contains(?, sex)""", params)
        if revised.empty:
            frame["revised_at"] = pd.Series([None] * len(frame), dtype=object)
            frame["previous_value"] = np.nan
            frame["previous_flag"] = pd.Series([None] * len(frame), dtype=object)
            return frame
        revised["revised_at"] = [d.isoformat() for d in pd.to_datetime(revised["revised_at"]).dt.date]
        return frame.merge(revised, how="left", on=["area_code", "year", "sex"])

    @cached
    def profile(self, area_code: str, sex: str = "totalt") -> pd.DataFrame:
        """All indicators for one district and the reference areas, every year."""
        refs = list(self.reference_areas().values())
        return self._df(_OBS_SELECT + " WHERE list_contains(?, o.area_code) AND o.sex = ?" + _OBS_ORDER,
                        [[area_code, *refs], sex])

    @cached
    def ranking(self, indicator_id: str, year: int, sex: str = "totalt") -> pd.DataFrame:
        """The home kommun's districts, the kommun and riket for one indicator and year, best
        first by the indicator's direction."""
        refs = self.reference_areas()
        frame = self._df(_OBS_SELECT + f"""
            WHERE o.indicator_id = ? AND o.year = ? AND o.sex = ?
              AND ((a.level = '{DISTRICT}' AND (a.parent IS NULL OR a.parent = ?))
                   OR o.area_code IN (?, ?))""" + _OBS_ORDER,
                         [indicator_id, int(year), sex, refs.get(KOMMUN), refs.get(KOMMUN), refs.get(RIKET)])
        direction = self._df("SELECT direction FROM indicators WHERE indicator_id = ?", [indicator_id])
        lower_is_better = not direction.empty and direction.iloc[0, 0] == "lägre"
        return frame.sort_values("value", ascending=lower_is_better, na_position="last",
                                 kind="stable").reset_index(drop=True)

    @cached
    def overview(self, area_code: str, sex: str = "totalt") -> pd.DataFrame:
        """For one district: each indicator's latest value, first value, and kommun/riket that year.

        The latest year is the last year in which the district has a value, so a suppressed
        final year does not hide the indicator; the flag of that last year is returned too.
        """
        refs = self.reference_areas()
        return self._df("""
            WITH mine AS (
                SELECT indicator_id, year, value, flag FROM shown_observations
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
                   (SELECT bool_or(example) FROM shown_observations e WHERE e.indicator_id = i.indicator_id)
                       AS example
            FROM span s JOIN indicators i USING (indicator_id)
            LEFT JOIN mine l ON l.indicator_id = s.indicator_id AND l.year = s.last_year
            LEFT JOIN mine f ON f.indicator_id = s.indicator_id AND f.year = s.first_year
            LEFT JOIN mine la ON la.indicator_id = s.indicator_id AND la.year = s.last_any_year
            LEFT JOIN shown_observations k ON k.indicator_id = s.indicator_id AND k.year = s.last_year
                 AND k.area_code = ? AND k.sex = ?
            LEFT JOIN shown_observations r ON r.indicator_id = s.indicator_id AND r.year = s.last_year
                 AND r.area_code = ? AND r.sex = ?
            ORDER BY i.development_area NULLS LAST, i.name""",
                        [area_code, sex, refs.get(KOMMUN), sex, refs.get(RIKET), sex])

    @cached
    def level_values(self, indicator_id: str, year: int, sex: str, level: str) -> pd.DataFrame:
        """Every area of one level (the 290 kommuner, or the home kommun's districts) with its
        value for one year and kön, areas without a value included (value NULL)."""
        home = self.reference_areas().get(KOMMUN)
        return self._df("""
            SELECT a.code AS area_code, a.name AS area_name, o.value, coalesce(o.flag, CASE WHEN o.value IS NULL
                   THEN 'saknas' END) AS flag, coalesce(o.example, FALSE) AS example, o.source
            FROM areas a LEFT JOIN shown_observations o ON o.area_code = a.code AND o.indicator_id = ?
                 AND o.year = ? AND o.sex = ?
            WHERE a.level = ? AND (a.level <> 'omrade' OR a.parent = ?)
            ORDER BY a.code""", [indicator_id, int(year), sex, level, home])

    @cached
    def level_years(self, indicator_id: str, level: str) -> list[int]:
        frame = self._df("""
            SELECT DISTINCT o.year FROM shown_observations o JOIN areas a ON a.code = o.area_code
            WHERE o.indicator_id = ? AND a.level = ? AND o.value IS NOT NULL ORDER BY 1""", [indicator_id, level])
        return [int(y) for y in frame["year"]]

    @cached
    def district_shapes(self) -> dict:
        """The home kommun's district borders an editor uploaded, as a GeoJSON FeatureCollection."""
        import json

        rows = self._df("SELECT s.area_code, a.name, s.geometry FROM area_shapes s JOIN areas a ON a.code = s.area_code")
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": c, "properties": {"code": c, "name": n}, "geometry": json.loads(g)}
            for c, n, g in zip(rows["area_code"], rows["name"], rows["geometry"], strict=True)]}

    # ------------------------------------------------------------------ comparison groups

    @cached
    def groups(self) -> pd.DataFrame:
        """Comparison groups: id, name, description, source, members (kommun codes)."""
        return self._df("""
            SELECT g.group_id, g.name, g.description, g.source, g.sort_order,
                   list(m.kommun_code ORDER BY m.kommun_code) AS members
            FROM comparison_groups g LEFT JOIN comparison_group_members m USING (group_id)
            GROUP BY ALL ORDER BY g.sort_order, g.name""")

    def values_csv(self, shown: ValuesFilter) -> bytes:
        """The stored values behind a view as tidy CSV, exactly what ``python -m loaders export
        --format csv --indicator … --area …`` writes, cut to the view's years and kön.

        Not memoised: it runs only when someone downloads."""
        from loaders import export

        frame = export.tidy(self.con, shown.indicators, shown.areas)
        keep = frame["year"].between(*shown.years) & (frame["sex"].isin(shown.sexes) if shown.sexes else True)
        return export.to_csv(frame[keep])

    @cached
    def kolada_kpis(self) -> pd.DataFrame:
        """Kolada KPIs the catalogue already follows (data/kolada_kpi.csv): kpi, indicator name."""
        if not self._has_table("kolada_kpis"):
            return pd.DataFrame(columns=["kpi", "indicator_id", "name"])
        return self._df("""
            SELECT k.kpi, k.indicator_id, coalesce(i.name, k.indicator_id) AS name
            FROM kolada_kpis k LEFT JOIN indicators i USING (indicator_id) ORDER BY k.kpi""")

    @cached
    def group_observations(self, group_id: str, indicator_id: str, year_from: int, year_to: int,
                           sexes: Sequence[str] = ("totalt",)) -> pd.DataFrame:
        """A comparison group's line: per year and kön the plain (unweighted) mean of its member
        kommuner's values, the home kommun left out; ``denominator`` is how many kommuner had a
        value and ``numerator`` how many are in the group. Same columns as ``observations`` (a mean
        is never a revised value)."""
        home = self.reference_areas().get(KOMMUN)
        return self._df("""
            WITH members AS (SELECT kommun_code FROM comparison_group_members WHERE group_id = ? AND kommun_code <> ?)
            SELECT o.indicator_id, i.name AS indicator_name, i.unit, i.decimals, 'grupp:' || g.group_id AS area_code,
                   g.name AS area_name, 'grupp' AS level, FALSE AS priority, o.year, o.sex, avg(o.value) AS value,
                   CASE WHEN count(o.value) = 0 THEN 'saknas' END AS flag,
                   (SELECT count(*) FROM members)::DOUBLE AS numerator, count(o.value)::DOUBLE AS denominator,
                   'Ovägt medelvärde av ' || count(o.value) || ' av ' || (SELECT count(*) FROM members)
                       || ' kommuner' AS comment,
                   NULL AS source_file, bool_or(o.example) AS example, max(o.source) AS source,
                   NULL::VARCHAR AS revised_at, NULL::DOUBLE AS previous_value, NULL::VARCHAR AS previous_flag
            FROM shown_observations o JOIN members m ON m.kommun_code = o.area_code
            JOIN indicators i USING (indicator_id) CROSS JOIN comparison_groups g
            WHERE g.group_id = ? AND o.indicator_id = ? AND o.year BETWEEN ? AND ? AND list_contains(?, o.sex)
            GROUP BY ALL ORDER BY o.sex, o.year""",
                        [group_id, home, group_id, indicator_id, int(year_from), int(year_to), list(sexes)])

    # ------------------------------------------------------------------ measures

    @cached
    def followup_rounds(self) -> list[int]:
        frame = self._df("SELECT DISTINCT round FROM measure_followups ORDER BY round")
        return [int(r) for r in frame["round"]]

    @cached
    def measures(self, round_: int) -> pd.DataFrame:
        """The measure table for one follow-up round, in plan order (1.2 before 1.10)."""
        return self._df(f"""
            SELECT m.measure_id, m.title, m.development_area, m.area_text,
                   (SELECT list(a.name ORDER BY a.sort_order) FROM unnest(m.districts) AS u(c)
                    JOIN areas a ON a.code = u.c) AS district_names,
                   m.responsible, m.responsible_units, f.status, f.comment, f.decision,
                   f.decision_text, m.description, m.funding, m.plan, f.round, f.source_file
            FROM measure_followups f JOIN measures m USING (measure_id)
            WHERE f.round = ? ORDER BY {_MEASURE_ORDER}""", [int(round_)])

    @cached
    def measure_changes(self, round_: int) -> pd.DataFrame:
        """What changed for each measure since the previous round (empty if there is none)."""
        return self._df(f"""
            WITH prev AS (SELECT max(round) AS r FROM measure_followups WHERE round < ?)
            SELECT m.measure_id, m.title, m.development_area, p.status AS previous_status,
                   c.status, p.decision AS previous_decision, c.decision,
                   p.status IS DISTINCT FROM c.status AS status_changed
            FROM measure_followups c JOIN measures m USING (measure_id)
            CROSS JOIN prev
            LEFT JOIN measure_followups p ON p.measure_id = c.measure_id AND p.round = prev.r
            WHERE c.round = ? AND prev.r IS NOT NULL ORDER BY {_MEASURE_ORDER}""",
                        [int(round_), int(round_)])

    # ------------------------------------------------------------------ report texts

    @cached
    def report_texts(self, round_: int) -> dict[str, str]:
        """{section: text} of one follow-up round's written parts (``inledning``, ``uo1`` … ``uo5``):
        the latest saved text of each section. A section saved empty is left out, so a draft
        shows its placeholder again."""
        if not self._has_table("report_texts"):
            return {}
        frame = self._df("""
            SELECT section, arg_max(text, event_id) AS text FROM report_texts WHERE round = ?
            GROUP BY section""", [int(round_)])
        return {str(s): str(t) for s, t in zip(frame["section"], frame["text"], strict=True) if str(t).strip()}

    @cached
    def report_text_history(self, round_: int) -> pd.DataFrame:
        """Every saved version of one round's report texts, newest first: section, text,
        saved_at, saved_by, event_id (the event in the audit trail)."""
        if not self._has_table("report_texts"):
            return pd.DataFrame(columns=["section", "text", "saved_at", "saved_by", "event_id"])
        return self._df("""
            SELECT section, text, saved_at, coalesce(saved_by, '') AS saved_by, event_id FROM report_texts
            WHERE round = ? ORDER BY event_id DESC""", [int(round_)])

    @cached
    def indicator_updated(self) -> dict[str, str]:
        """{indicator id: 'YYYY-MM-DD'}: when each indicator's shown values were last imported."""
        frame = self._df("""
            SELECT o.indicator_id, strftime(max(im.imported_at), '%Y-%m-%d') AS updated
            FROM shown_observations o JOIN imports im ON im.import_id = o.import_id GROUP BY 1""")
        return {str(i): str(u) for i, u in zip(frame["indicator_id"], frame["updated"], strict=True) if u}

    # ------------------------------------------------------------------ data management

    def import_log(self) -> pd.DataFrame:
        return self._df("""
            SELECT import_id AS "Import", file_name AS "Fil", kind AS "Typ", rows AS "Rader",
                   added AS "Tillagda", replaced AS "Ersatta", unchanged AS "Oförändrade",
                   CASE WHEN example THEN 'Exempeldata' ELSE '' END AS "Exempel",
                   imported_by AS "Av", imported_at AS "Tid",
                   CASE WHEN undone_at IS NULL THEN '' ELSE 'Ångrad ' || strftime(undone_at, '%Y-%m-%d %H:%M')
                        || coalesce(' av ' || undone_by, '') END AS "Ångrad",
                   left(checksum, 12) AS "Kontrollsumma (SHA-256)"
            FROM imports ORDER BY import_id DESC""")

    def events(self) -> pd.DataFrame:
        """The audit trail: every event, newest first."""
        return self._df("""
            SELECT event_id, happened_at, coalesce(who, '') AS who, kind, summary, values_count, import_id
            FROM events ORDER BY event_id DESC""")

    def undoable_imports(self) -> pd.DataFrame:
        return self._df("SELECT import_id, file_name, imported_at FROM imports WHERE undone_at IS NULL "
                        "ORDER BY import_id DESC")

    def catalogue(self) -> pd.DataFrame:
        return self._df("""
            SELECT i.name AS "Indikator", i.unit AS "Enhet", i.direction AS "Bättre är",
                   i.development_area AS "Utvecklingsområde", i.source AS "Källa",
                   i.definition AS "Definition", count(o.year) AS "Värden",
                   min(o.year) AS "Från år", max(o.year) AS "Till år",
                   max(im.imported_at) AS "Senast uppdaterad", i.indicator_id AS "Id"
            FROM indicators i LEFT JOIN shown_observations o USING (indicator_id)
            LEFT JOIN imports im ON im.import_id = o.import_id
            GROUP BY ALL ORDER BY i.development_area NULLS LAST, i.name""")

    def coverage_cells(self, indicator_id: str, sex: str = "totalt") -> pd.DataFrame:
        """Every stored value of one indicator and kön, with its area's display position."""
        return self._df(f"""
            SELECT a.name AS area, (CASE a.level WHEN '{DISTRICT}' THEN 0 WHEN '{KOMMUN}' THEN 1000
                                    ELSE 2000 END)
                   + (CASE WHEN a.priority THEN 0 ELSE 500 END) + a.sort_order AS sort_order,
                   o.year, o.value, o.flag, i.decimals
            FROM shown_observations o JOIN areas a ON a.code = o.area_code JOIN indicators i USING (indicator_id)
            WHERE o.indicator_id = ? AND o.sex = ?""", [indicator_id, sex])

    def latest_round_register(self) -> tuple[int | None, pd.DataFrame]:
        """The latest follow-up round with each measure's register fields and its status."""
        latest = self._df("SELECT max(round) AS r FROM measure_followups").iloc[0, 0]
        if pd.isna(latest):
            return None, pd.DataFrame()
        frame = self._df(f"""
            SELECT m.measure_id, m.title, m.development_area, m.area_text, m.responsible,
                   f.status, f.comment, f.decision
            FROM measure_followups f JOIN measures m USING (measure_id) WHERE f.round = ?
            ORDER BY {_MEASURE_ORDER}""", [int(latest)])
        return int(latest), frame

    def describe_observations(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows about to be imported, with the names of their indicator and area."""
        cur = self.con.cursor()
        try:
            cur.register("rows_to_describe", frame)
            out = cur.execute("""
                SELECT b.*, i.name AS indicator_name, coalesce(i.decimals, 1) AS decimals,
                       a.name AS area_name
                FROM rows_to_describe b LEFT JOIN indicators i USING (indicator_id)
                LEFT JOIN areas a ON a.code = b.area_code""").df()
            cur.unregister("rows_to_describe")
            return out
        finally:
            cur.close()
