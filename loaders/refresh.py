"""Every fetch kept current: the stored queries run again, previewed, written only on confirm.

Kolada says revisions «kan ske och aviseras inte särskilt», and SCB revises too. Each fetch
is stored with its import (``imports.options``: what was asked, when, from where). A refresh
asks every stored query again, reads each answer as an import would and shows what would
change: new values and years, revised values (old -> new) and KPIs Kolada no longer has.
Nothing is written until the editor confirms; then every answer is written in one
transaction, each an import of its own that can be undone, and a replaced value stays in
the store (``superseded_observations``, view ``revisions``) with the day it was replaced.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from .errors import PanelError
from .importer import parse_into
from .model import Batch
from .preview import Preview, preview
from .store import ImportSummary, write_batches

SOURCES = ("kolada", "scb", "scb_distrikt")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Query:
    """One stored fetch: which source, and its parameters as the fetch recorded them."""

    source: str
    params: dict

    def key(self) -> str:
        """The same question asked twice is one query, whichever address it went to."""
        return self.source + json.dumps({k: v for k, v in self.params.items() if k != "api"}, sort_keys=True)

    def describe(self) -> str:
        p = self.params
        if self.source == "kolada":
            start = f" från {p['from_year']}" if p.get("from_year") else ""
            return f"Kolada: {', '.join(p.get('kpi') or [])} för {', '.join(p.get('municipality') or [])}{start}"
        if self.source == "scb_distrikt":
            return f"SCB: distriktsindikatorerna för {p.get('kommun')}:s RegSO-områden"
        level = "DeSO" if p.get("deso") else "RegSO"
        return f"SCB: tabell {p.get('table')}, {level} i {', '.join(p.get('kommuner') or [])}"


def stored_queries(con: duckdb.DuckDBPyConnection) -> list[Query]:
    """The distinct fetches behind the imports in force, oldest first."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT options FROM imports WHERE undone_at IS NULL AND options IS NOT NULL "
                           "ORDER BY import_id").fetchall()
    finally:
        cur.close()
    found: dict[str, Query] = {}
    for (text,) in rows:
        try:
            options = json.loads(text)
        except ValueError:
            continue
        for source in SOURCES:
            params = options.get(source) if isinstance(options, dict) else None
            if isinstance(params, dict):
                query = Query(source, params)
                found.pop(query.key(), None)  # the latest import of a query decides its place
                found[query.key()] = query
    return list(found.values())


def fetch(query: Query) -> tuple[bytes, str]:
    """Ask the source again, exactly as the stored query did (from today's configured address)."""
    p = query.params
    if query.source == "kolada":
        from . import kolada_api

        return kolada_api.fetch(p.get("kpi") or [], p.get("municipality") or [], years=p.get("year"),
                                from_year=p.get("from_year"), missing_ok=True)
    if query.source == "scb_distrikt":
        from . import scb_districts

        data, name, _ = scb_districts.fetch(str(p.get("kommun")), deso=bool(p.get("deso")))
        return data, name
    from . import scb_api

    data, name, _ = scb_api.fetch(str(p.get("table")), p.get("kommuner") or [], deso=bool(p.get("deso")),
                                  years=p.get("years"), narrow=p.get("narrow") or None)
    return data, name


@dataclass
class Answer:
    """One query asked again: what the import would write and what it would change."""

    query: Query
    file_name: str
    data: bytes
    batch: Batch
    preview: Preview
    missing_kpis: list[str] = field(default_factory=list)
    new_years: dict[str, list[int]] = field(default_factory=dict)  # indicator name -> years new to the store


@dataclass
class Plan:
    """What a refresh would do, before anything is written."""

    answers: list[Answer]

    @property
    def new(self) -> int:
        return sum(a.preview.new for a in self.answers)

    @property
    def changed(self) -> int:
        return sum(a.preview.changed for a in self.answers)

    @property
    def unchanged(self) -> int:
        return sum(a.preview.unchanged for a in self.answers)

    @property
    def missing_kpis(self) -> list[str]:
        return [k for a in self.answers for k in a.missing_kpis]

    @property
    def anything(self) -> bool:
        return bool(self.new or self.changed)

    def revisions(self) -> pd.DataFrame:
        """One row per revised value: indicator, area, year, kön, old and new value and flag."""
        frames = [a.preview.changes for a in self.answers if len(a.preview.changes)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def new_years(self) -> dict[str, list[int]]:
        """Per indicator (name), the years the refresh brings that the store has no value for."""
        out: dict[str, set[int]] = {}
        for a in self.answers:
            for name, years in a.new_years.items():
                out.setdefault(name, set()).update(years)
        return {name: sorted(years) for name, years in sorted(out.items())}

    def summary(self) -> str:
        """One Swedish sentence for the page, the command line and the tests."""
        if not self.answers:
            return "Det finns inga sparade hämtningar att uppdatera."
        if not self.anything:
            text = f"Inget har ändrats hos källorna ({self.unchanged} värden är desamma)."
        else:
            text = (f"{self.new} nya värden och {self.changed} reviderade värden; {self.unchanged} är oförändrade.")
        if self.missing_kpis:
            text += f" Kolada har inte längre {', '.join(self.missing_kpis)}."
        return text


def plan(con: duckdb.DuckDBPyConnection, queries: list[Query] | None = None,
         progress: Progress | None = None) -> Plan:
    """Ask every stored query again and read the answers against the store; writes nothing.

    The first failure stops the refresh (a network that is down fails every query alike, and
    the user should hear so at once, not after every query's wait); the error says which query.
    """
    queries = stored_queries(con) if queries is None else queries
    answers: list[Answer] = []
    for n, query in enumerate(queries, start=1):
        if progress is not None:
            progress(n - 1, len(queries), query.describe())
        try:
            data, name = fetch(query)
        except PanelError as exc:
            exc.message = f"{query.describe()}: {exc.message}"
            raise
        options = {query.source: query.params, "refresh": True}
        batch = parse_into(con, data, name, query.source, options)
        missing = json.loads(data).get("missing_kpis", []) if query.source == "kolada" else []
        answers.append(Answer(query, name, data, batch, preview(con, batch), list(missing), _new_years(con, batch)))
    if progress is not None:
        progress(len(queries), len(queries), "")
    return Plan(answers)


def _new_years(con: duckdb.DuckDBPyConnection, batch: Batch) -> dict[str, list[int]]:
    obs = batch.observations
    if not len(obs):
        return {}
    cur = con.cursor()
    try:
        known = set(cur.execute("SELECT DISTINCT indicator_id, year FROM observations WHERE list_contains(?, indicator_id)",
                                [sorted(set(obs["indicator_id"]))]).fetchall())
        names = dict(cur.execute("SELECT indicator_id, name FROM indicators").fetchall())
    finally:
        cur.close()
    names |= dict(zip(batch.indicators["indicator_id"], batch.indicators["name"], strict=True))
    out: dict[str, list[int]] = {}
    for indicator_id, year in sorted({(str(i), int(y)) for i, y in zip(obs["indicator_id"], obs["year"], strict=True)}):
        if (indicator_id, year) not in known:
            out.setdefault(names.get(indicator_id, indicator_id), []).append(year)
    return out


def apply(con: duckdb.DuckDBPyConnection, refresh: Plan, *, who: str | None) -> list[ImportSummary]:
    """Write every answer that changes anything, in one transaction."""
    items = [(a.batch, a.data, {"kind_given": a.query.source, a.query.source: a.query.params, "refresh": True})
             for a in refresh.answers if a.preview.new or a.preview.changed]
    return write_batches(con, items, who=who) if items else []


def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders refresh [--ja]``: the preview, then (with --ja, or a «j» at the
    prompt) the write. Exit 2 with a Swedish line on stderr and the store unchanged on failure."""
    from . import outcome
    from .store import connect

    db = Path(db)
    if not db.exists():
        print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
        return 2
    try:
        con = connect(db)
        try:
            result = plan(con, progress=lambda done, total, what: what and print(
                f"Hämtar {done + 1} av {total}: {what} …", file=sys.stderr))
            print(result.summary())
            for _, row in result.revisions().head(50).iterrows():
                print(f"  reviderat: {row['indicator']}, {row['area']}, {row['year']}, {row['sex']}: "
                      f"{_shown(row['old_value'], row['old_flag'])} → {_shown(row['new_value'], row['new_flag'])}")
            if not result.anything:
                return 0
            if not (args.ja or (sys.stdin.isatty() and input("Skriv ändringarna? [j/N] ").strip().lower() == "j")):
                print("Inget skrevs. Kör `python -m loaders refresh --ja` för att skriva ändringarna.")
                return 0
            written = apply(con, result, who="kommandorad")
        finally:
            con.close()
    except PanelError as exc:
        return outcome.failed(exc)
    print(f"Skrev {len(written)} {'import' if len(written) == 1 else 'importer'} "
          f"({', '.join(str(s.import_id) for s in written)}); var och en kan ångras på sidan Administration.")
    return 0


def _shown(value: object, flag: object) -> str:
    if isinstance(flag, str) and flag:
        return flag
    if value is None or (isinstance(value, float) and value != value):
        return "saknas"
    return f"{value:g}".replace(".", ",")
