"""Fetching from SCB's Statistikdatabasen (PxWeb API v2) against a local stand-in that serves
SCB's shapes (tests/scb_server.py): RegSO for the home kommun with real values, the cell limit,
the call limit, 429/503, malformed answers and no network. Nothing here touches the internet."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from loaders import scb_api
from loaders.scb_api import ScbError, fetch, merge, run_cli

BERGA, RYD, SKA_TORNBY = "0580R001", "0580R017", "0580R018"


def args(table: str = "TAB9901", **kw) -> SimpleNamespace:
    return SimpleNamespace(table=table, deso=kw.get("deso", False), kommun=kw.get("kommun", []),
                           ar=kw.get("ar"), val=kw.get("val", []))


def observations(db: Path) -> dict[tuple[str, str, int], tuple[float | None, str | None]]:
    """(indicator name, area, year) -> (value, flag) of what came from SCB."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT i.name, o.area_code, o.year, o.value, o.flag FROM observations o "
            "JOIN indicators i USING (indicator_id) WHERE o.source LIKE 'SCB%' AND o.sex = 'totalt'").fetchall()
    finally:
        con.close()
    return {(name, area, year): (value, flag) for name, area, year, value, flag in rows}


def _by_area_year(obs: dict, word: str) -> dict[tuple[str, int], tuple]:
    names = {name for name, *_ in obs if word in name.lower()}
    assert len(names) == 1, names
    name = names.pop()
    return {(a, y): v for (n, a, y), v in obs.items() if n == name}


def test_the_command_imports_the_home_kommuns_regso_and_a_second_run_changes_nothing(scb, db, capsys):
    assert run_cli(db, args()) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    # 33 areas (32 RegSO + the kommun) x 2 födelseregion x 4 years
    assert "tillagda 264, ersatta 0, oförändrade 0" in out.out
    assert "från 127.0.0.1" in out.err
    obs = observations(db)
    total = _by_area_year(obs, "totalt")
    sweden = _by_area_year(obs, "sverige")
    # the values of SCB's own download (tests/fixtures/real/scb/regso_fodelseregion_2020_2023_excerpt.csv)
    assert total[(BERGA, 2020)] == (7079.0, None) and total[(BERGA, 2023)] == (7230.0, None)
    assert total[(RYD, 2022)] == (9304.0, None)
    assert total[(SKA_TORNBY, 2023)] == (10060.0, None) and sweden[(SKA_TORNBY, 2020)] == (4425.0, None)
    assert total[("0580", 2021)][0] == sum(v for (a, y), (v, _) in total.items() if y == 2021 and a != "0580")
    con = duckdb.connect(str(db), read_only=True)
    try:
        areas = dict(con.execute("SELECT code, name FROM areas WHERE code LIKE '0580R%'").fetchall())
        file_name, data = con.execute("SELECT file_name, data FROM archive").fetchone()
    finally:
        con.close()
    assert areas[BERGA] == "Berga" and areas[SKA_TORNBY] == "Skäggetorp-Tornby" and len(areas) == 32
    assert file_name == "scb_TAB9901_0580_RegSO.json"
    assert json.loads(bytes(data))["indikatorpanelen"]["table"] == "TAB9901"

    assert run_cli(db, args()) == 0
    assert "tillagda 0, ersatta 0, oförändrade 264" in capsys.readouterr().out


def test_a_selection_over_the_cell_limit_is_split_and_gives_the_same_values(scb):
    whole, _, _ = fetch("TAB9901", ["0580"])
    assert len(scb.data_posts()) == 1
    scb.requests.clear()
    scb.config["maxDataCells"] = 20   # 2 födelseregion x 4 years = 8 cells per area: 2 areas a request
    split, _, _ = fetch("TAB9901", ["0580"])
    posts = scb.data_posts()
    assert len(posts) == 17     # 32 RegSO in 16 requests, then the kommun
    for body in posts:
        sizes = [len(s["valueCodes"]) for s in body["selection"]]
        assert sizes[0] * sizes[1] * sizes[2] * sizes[3] <= 20
    a, b = json.loads(whole), json.loads(split)
    assert a["value"] == b["value"] and a["dimension"]["Region"] == b["dimension"]["Region"]


def test_the_call_limit_from_config_is_kept(scb):
    scb.config["maxDataCells"], scb.config["maxCallsPerTimeWindow"], scb.config["timeWindow"] = 60, 3, 1
    started = time.monotonic()
    fetch("TAB9901", ["0580"])
    # /config, /metadata and 5 data requests: 7 calls at most 3 a second take at least 2 seconds
    assert len(scb.requests) == 7
    assert time.monotonic() - started >= 2.0


def test_a_429_with_retry_after_is_waited_out(scb):
    scb.forced.append((429, b'{"title": "Too many requests"}', {"Retry-After": "1"}))
    started = time.monotonic()
    data, _, _ = fetch("TAB9901", ["0580"])
    assert time.monotonic() - started >= 1.0
    assert json.loads(data)["value"]


def test_a_503_is_retried_and_a_lasting_one_is_a_swedish_message(scb):
    scb.forced.append((503, b"<html>Service Unavailable</html>", {}))
    assert json.loads(fetch("TAB9901", ["0580"])[0])["value"]
    scb.forced.extend([(503, b"<html>Service Unavailable</html>", {})] * 3)
    with pytest.raises(ScbError, match=r"SCB svarade med ett serverfel \(HTTP 503\) 3 gånger"):
        fetch("TAB9901", ["0580"])


def test_malformed_json_is_refused_and_the_store_is_unchanged(scb, db, capsys):
    before = db.read_bytes()
    scb.forced.extend([(200, b'{"apiVersion": "2.2.0"}', {}), (200, b'{"version": "2.0", "class": "data', {})])
    assert run_cli(db, args()) == 2
    err = capsys.readouterr().err
    assert "SCB svarade med något som inte är giltig JSON" in err and "Inget har ändrats i databasen." in err
    assert db.read_bytes() == before


def test_without_network_exit_2_within_30_seconds_and_nothing_changes(db, offline_scb, capsys):
    """The default address, with every name lookup failing as on a machine without network."""
    before = db.read_bytes()
    started = time.monotonic()
    assert run_cli(db, args()) == 2
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert "«statistikdatabasen.scb.se»" in err and "namnuppslagningen misslyckades" in err
    assert "Inget har ändrats i databasen." in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_a_table_from_2024_on_gets_its_regso_through_the_codelist(scb):
    data, name, notes = fetch("TAB9902", ["0580"])
    doc = json.loads(data)
    regions = list(doc["dimension"]["Region"]["category"]["index"])
    assert regions[0] == f"{BERGA}_RegSO2025" and regions[-1] == "0580" and len(regions) == 33
    posts = scb.data_posts()
    assert posts[0]["selection"][0]["codelist"] == "vs_RegSO2025"
    assert "codelist" not in posts[-1]["selection"][0]
    assert any("vs_RegSO2025" in n for n in notes)


def test_a_suppressed_cell_stays_visible_as_suppressed(scb, db, capsys):
    scb.suppressed.add((BERGA, "SE", "2021"))
    assert run_cli(db, args()) == 0, capsys.readouterr().err
    sweden = _by_area_year(observations(db), "sverige")
    assert sweden[(BERGA, 2021)] == (None, "prickad")
    assert sweden[(BERGA, 2022)] == (4392.0, None)


def test_narrowing_years_and_a_variable(scb):
    data, name, _ = fetch("TAB9901", ["0580"], years=[2022, 2023], narrow={"Fodelseregion": ["TOT"]})
    doc = json.loads(data)
    assert doc["size"] == [33, 1, 1, 2] and name == "scb_TAB9901_0580_RegSO_2022-2023.json"
    with pytest.raises(ScbError, match="har inga värden «XX»"):
        fetch("TAB9901", ["0580"], narrow={"Fodelseregion": ["XX"]})
    with pytest.raises(ScbError, match="ingen variabel «Alder»"):
        fetch("TAB9901", ["0580"], narrow={"Alder": ["20-64"]})


def test_bad_table_ids_and_unknown_tables_are_swedish_messages(scb):
    with pytest.raises(ScbError, match="inget tabell-id"):
        fetch("5956", ["0580"])
    with pytest.raises(ScbError, match=r"SCB känner inte till adressen \(HTTP 404"):
        fetch("TAB1", ["0580"])


def test_search_finds_tables_by_word(scb):
    found = scb_api.search_tables("vatten")
    assert found[0][0] == "TAB4552" and "kommunalt vatten och avlopp" in found[0][1]


def test_merge_refuses_two_different_values_for_one_cell():
    part = {"id": ["Region", "Tid"], "size": [1, 1], "value": [1],
            "dimension": {"Region": {"category": {"index": {"0580": 0}}}, "Tid": {"category": {"index": {"2020": 0}}}}}
    other = {**part, "value": [2]}
    assert merge([part, part], "TAB1")["value"] == [1]
    with pytest.raises(ScbError, match="två olika värden"):
        merge([part, other], "TAB1")


def test_the_command_line_fetches_in_a_process_of_its_own(scb, db):
    """``python -m loaders --db FIL scb TAB9901`` as a user types it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("INDIKATORPANEL_")}
    env.update({"INDIKATORPANEL_SCB_URL": scb.url, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "scb", "TAB9901", "--ar", "2023",
                             "--val", "Fodelseregion=TOT"], cwd=root, capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert "tillagda 33, ersatta 0, oförändrade 0" in result.stdout
    assert "RegSO-områden" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "scb", "TAB9901", "--val", "Kon"],
                         cwd=root, capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2 and "ska skrivas VARIABEL=KOD" in bad.stderr and "Traceback" not in bad.stderr


def test_the_bundled_mapping_turns_regso_values_into_district_values(scb, built_store_path, tmp_path, capsys):
    """data/stadsdelar_regso.csv: Berga = 0580R001, Ryd = 0580R017, Skäggetorp = 0580R018 (for now
    all of Skäggetorp-Tornby); the fetched RegSO values show on the districts, saying where from."""
    db = tmp_path / "panel.duckdb"
    shutil.copy(built_store_path, db)
    assert run_cli(db, args(ar="2022-2023", val=["Fodelseregion=TOT"])) == 0, capsys.readouterr().err
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT area_code, year, value, comment, derived FROM v_observations WHERE source LIKE 'SCB%' "
            "AND area_code IN ('0580-BER', '0580-RYD', '0580-SKA') AND sex = 'totalt' ORDER BY 1, 2").fetchall()
        mappings = dict(con.execute("SELECT area_code, district FROM area_mappings WHERE area_code LIKE '0580R%'"
                                    ).fetchall())
    finally:
        con.close()
    assert mappings == {BERGA: "0580-BER", RYD: "0580-RYD", SKA_TORNBY: "0580-SKA"}
    assert [(a, y, v, d) for a, y, v, _, d in rows] == [
        ("0580-BER", 2022, 7192.0, True), ("0580-BER", 2023, 7230.0, True),
        ("0580-RYD", 2022, 9304.0, True), ("0580-RYD", 2023, 9057.0, True),
        ("0580-SKA", 2022, 10116.0, True), ("0580-SKA", 2023, 10060.0, True)]
    assert rows[-1][3] == "Här RegSO «Skäggetorp-Tornby» (0580R018), oförändrat."


def test_an_area_in_two_divisions_becomes_one_area_with_each_year_from_the_division_in_force():
    """TAB6680 and others give 0580R018 (RegSO 2020, up to 2023) and 0580R018_RegSO2025 (from 2024);
    SCB does not recompute past years, so each year has its value under one code."""
    regions = ["0580R018", "0580R018_RegSO2025"]
    doc = {"id": ["Region", "Tid"], "size": [2, 3],
           "dimension": {"Region": {"category": {"index": {c: n for n, c in enumerate(regions)},
                                                 "label": {c: "Linköping (Skäggetorp-Tornby)" for c in regions}}},
                         "Tid": {"category": {"index": {"2022": 0, "2023": 1, "2024": 2}}}},
           # plain: 2022, 2023 and (hypothetically) 2024 too; 2025-division: only 2024
           "value": [61.0, 62.0, 99.0, None, None, 63.0], "status": {"3": "..", "4": ".."}}
    notes: list[str] = []
    folded = merge([doc], "TAB6680", fold=("Region", "Tid"), notes=notes)
    assert list(folded["dimension"]["Region"]["category"]["index"]) == ["0580R018"]
    assert folded["value"] == [61.0, 62.0, 63.0] and "status" not in folded
    assert notes == [("Områdena följer SCB:s indelning som gällde varje år: den tidigare indelningen (RegSO 2020, DeSO 2018) för 2022, "
                     "2023; RegSO 2025 för 2024.")]
