"""Refresh: every stored fetch asked again, previewed, written on confirm, revisions kept.

Against the recorded Kolada on 127.0.0.1 (tests/kolada_server.py): the first fetch of N31807
answers Linköping 2023 = 4,4; every later one 4,3 and a new year 2024. The refresh previews
the revision and the new year, writes nothing until applied, keeps the old value with the
day it was replaced, can be undone, and a second refresh finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from loaders import refresh
from loaders.errors import PanelError
from loaders.importer import import_bytes
from loaders.kolada_api import fetch
from loaders.store import connect, table_checksums, undo_import
from tests.kolada_server import serving

ROOT = Path(__file__).resolve().parents[2]
QUERY = {"kpi": ["N31807"], "municipality": ["0580", "0000"], "from_year": None, "group": None}


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch) as srv:
        yield srv


def fetched_once(con, server) -> None:
    """What «Hämta från Kolada» does: fetch, then import with the query stored."""
    data, name = fetch(QUERY["kpi"], QUERY["municipality"])
    import_bytes(con, data, name, "kolada", who="test", options={"kolada": {**QUERY, "api": server.url()}})


def linkoping_2023(con) -> tuple:
    return con.execute("SELECT value, source FROM observations WHERE indicator_id = 'forsorjningsstod_andel' "
                       "AND area_code = '0580' AND year = 2023 AND sex = 'totalt'").fetchone()


def test_a_refresh_previews_the_revision_and_writes_nothing_until_applied(db, server):
    con = connect(db)
    fetched_once(con, server)
    assert linkoping_2023(con) == (4.4, "Kolada")
    queries = refresh.stored_queries(con)
    assert [q.describe() for q in queries] == ["Kolada: N31807 för 0580, 0000"]
    before = table_checksums(con)
    steps: list[tuple[int, int]] = []
    plan = refresh.plan(con, progress=lambda done, total, what: steps.append((done, total)))
    assert steps == [(0, 1), (1, 1)]
    assert table_checksums(con) == before  # a preview writes nothing
    assert (plan.new, plan.changed, plan.unchanged) == (2, 1, 5)
    revised = plan.revisions()
    assert revised[["area", "year", "old_value", "new_value"]].values.tolist() == [["Linköpings kommun", 2023, 4.4, 4.3]]
    assert plan.new_years() == {"Invånare i hushåll med ekonomiskt bistånd": [2024]}
    assert plan.summary() == "2 nya värden och 1 reviderade värden; 5 är oförändrade."
    con.close()


def test_applied_the_old_value_stays_with_its_date_and_undo_restores_it(db, server):
    con = connect(db)
    fetched_once(con, server)
    written = refresh.apply(con, refresh.plan(con), who="test")
    assert [(s.added, s.replaced) for s in written] == [(2, 1)]
    assert linkoping_2023(con)[0] == 4.3
    revision = con.execute("SELECT previous_value, previous_flag, revised_at FROM revisions "
                           "WHERE indicator_id = 'forsorjningsstod_andel' AND area_code = '0580' "
                           "AND year = 2023").fetchall()
    assert revision == [(4.4, None, dt.date.today())]
    assert con.execute("SELECT count(*) FROM revisions").fetchone()[0] == 1  # unchanged values are no revision
    again = refresh.plan(con)
    assert not again.anything and again.summary() == "Inget har ändrats hos källorna (8 värden är desamma)."
    assert refresh.apply(con, again, who="test") == []
    undo_import(con, written[0].import_id, who="test")
    assert linkoping_2023(con)[0] == 4.4
    assert con.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    con.close()


def test_without_network_a_swedish_message_and_nothing_changes(db, server, monkeypatch):
    con = connect(db)
    fetched_once(con, server)
    before = table_checksums(con)
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", "http://127.0.0.1:9/v3")  # nothing listens on port 9
    with pytest.raises(PanelError) as err:
        refresh.plan(con)
    assert err.value.message.startswith("Kolada: N31807 för 0580, 0000: ")
    assert table_checksums(con) == before
    con.close()


def test_no_stored_fetch_means_nothing_to_refresh(db):
    con = connect(db)
    plan = refresh.plan(con)
    assert plan.answers == [] and plan.summary() == "Det finns inga sparade hämtningar att uppdatera."
    con.close()


def test_the_command_line_previews_and_writes_only_with_ja(db, server, monkeypatch):
    con = connect(db)
    fetched_once(con, server)
    con.close()
    env = {"INDIKATORPANEL_KOLADA_URL": server.url(), "NO_PROXY": "127.0.0.1", "PATH": "/usr/bin:/bin"}
    run = lambda *extra: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "loaders", "--db", str(db), "refresh", *extra], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    shown = run()
    assert shown.returncode == 0, shown.stderr
    assert "1 reviderade värden" in shown.stdout and "Linköpings kommun, 2023, totalt: 4,4 → 4,3" in shown.stdout
    assert "Inget skrevs" in shown.stdout
    con = connect(db, read_only=True)
    assert linkoping_2023(con)[0] == 4.4
    con.close()
    written = run("--ja")
    assert written.returncode == 0, written.stderr
    assert "Skrev 1 import" in written.stdout
    con = connect(db, read_only=True)
    assert linkoping_2023(con)[0] == 4.3
    con.close()
    args = SimpleNamespace(ja=False)
    assert refresh.run_cli(db.parent / "finns-inte.duckdb", args) == 2
