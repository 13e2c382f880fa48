"""«Distriktsindikatorer från SCB» against the local stand-in (tests/scb_server.py with the tables of
tests/scb_cubes.py): shares computed from SCB's counts and kept with them, district values from the
RegSO areas mapped to each district, example values replaced, a second run unchanged, suppressed
cells visible, all or nothing on failure, and undo."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from loaders import scb_districts
from loaders.scb_districts import run_cli
from loaders.store import connect, set_mappings, undo_import

BERGA, RYD, SKA_TORNBY = "0580R001", "0580R017", "0580R018"
SET_IDS = ("forvarvsfrekvens", "lag_ekonomisk_standard", "eftergymnasial_utbildning", "folkmangd")


@pytest.fixture
def panel(built_store_path: Path, tmp_path: Path) -> Path:
    """The bundled Linköping store (example values for förvärvsfrekvens, the RegSO mapping)."""
    db = tmp_path / "panel.duckdb"
    shutil.copy(built_store_path, db)
    return db


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def value(db: Path, indicator: str, area: str, year: int, sex: str = "totalt") -> tuple:
    found = rows(db, "SELECT value, flag, numerator, denominator, comment, example FROM v_observations "
                     "WHERE indicator_id = ? AND area_code = ? AND year = ? AND sex = ?", [indicator, area, year, sex])
    assert len(found) == 1, (indicator, area, year, found)
    return found[0]


def cell(scb, table: str, *key: str) -> float:
    return scb.cubes[table].values[key]


def test_the_command_computes_each_share_from_scbs_counts_and_keeps_the_counts(scb, panel, capsys):
    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert "importerad (import" in out.out and "Traceback" not in out.err
    # förvärvsfrekvens: employed / everyone 20–64, both from TAB6680, for women too
    employed, everyone = (cell(scb, "TAB6680", BERGA, "2", "20-64", c, "2023") for c in ("0000089X", "0000089Y"))
    v, flag, num, den, _, example = value(panel, "forvarvsfrekvens", BERGA, 2023, "kvinnor")
    assert (v, flag, num, den, example) == (pytest.approx(100 * employed / everyone), None, employed, everyone, False)
    # 2024 comes from the 2025 division's code, read as the same area
    employed = cell(scb, "TAB6680", f"{RYD}_RegSO2025", "1+2", "20-64", "0000089X", "2024")
    assert value(panel, "forvarvsfrekvens", RYD, 2024)[2] == employed
    # low economic standard: SCB's own share, the number of persons as its base
    share = cell(scb, "TAB6685", "0580", "tot", "000008AC", "2022")
    persons = cell(scb, "TAB6685", "0580", "tot", "000008AE", "2022")
    assert value(panel, "lag_ekonomisk_standard", "0580", 2022)[:4] == (share, None, None, persons)
    # post-secondary education: levels 5 + 6 of all levels, TAB5956 to 2023 and TAB6534 from 2024
    for table, code, year, content in (("TAB5956", BERGA, 2021, "000005MO"),
                                       ("TAB6534", f"{BERGA}_RegSO2025", 2025, "000007Z6")):
        levels = {lvl: cell(scb, table, code, lvl, content, str(year)) for lvl in ("21", "3+4", "5", "6", "US")}
        v, _, num, den, _, _ = value(panel, "eftergymnasial_utbildning", BERGA, year)
        assert (num, den) == (levels["5"] + levels["6"], sum(levels.values()))
        assert v == pytest.approx(100 * num / den)
    # population, riket included
    assert value(panel, "folkmangd", "00", 2021)[0] == cell(scb, "TAB6574", "00", "totalt", "1+2", "000007Y7", "2021")
    names = dict(rows(panel, "SELECT indicator_id, name FROM indicators WHERE list_contains(?, indicator_id)",
                      [list(SET_IDS)]))
    assert names == {"forvarvsfrekvens": "Förvärvsfrekvens 20–64 år", "lag_ekonomisk_standard": "Låg ekonomisk standard",
                     "eftergymnasial_utbildning": "Eftergymnasial utbildning 25–64 år", "folkmangd": "Folkmängd"}


def test_the_kommun_is_the_sum_of_its_regso_where_scb_gives_no_kommun_value(scb, panel, capsys):
    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    assert "«Förvärvsfrekvens 20–64 år»: kommunens värde 2020–2024 är summan av dess RegSO-områden" \
        in capsys.readouterr().err
    regso = [c for c in scb.labels if "R" in c]
    employed = sum(cell(scb, "TAB6680", r, "1+2", "20-64", "0000089X", "2022") for r in regso)
    everyone = sum(cell(scb, "TAB6680", r, "1+2", "20-64", "0000089Y", "2022") for r in regso)
    v, flag, num, den, comment, _ = value(panel, "forvarvsfrekvens", "0580", 2022)
    assert (num, den, flag) == (employed, everyone, None) and v == pytest.approx(100 * employed / everyone)
    assert comment == "Summa av kommunens 32 RegSO-områden (SCB redovisar inte kommunen i tabellen)."
    # riket is not in TAB6680 and is not invented; its example values went with the others
    assert rows(panel, "SELECT count(*) FROM v_observations WHERE indicator_id = 'forvarvsfrekvens' "
                       "AND area_code = '00'") == [(0,)]


def test_districts_show_their_regso_values_and_replace_the_example_values(scb, panel, capsys):
    before = rows(panel, "SELECT count(*) FROM observations WHERE indicator_id = 'forvarvsfrekvens' AND example")
    assert before[0][0] > 0
    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    assert rows(panel, "SELECT count(*) FROM observations WHERE indicator_id = 'forvarvsfrekvens' AND example") == [(0,)]
    for district, regso in (("0580-BER", BERGA), ("0580-RYD", RYD), ("0580-SKA", SKA_TORNBY)):
        v, _, _, den, comment, example = value(panel, "forvarvsfrekvens", district, 2023)
        assert (v, den, example) == (value(panel, "forvarvsfrekvens", regso, 2023)[0],
                                     value(panel, "forvarvsfrekvens", regso, 2023)[3], False)
        assert comment.startswith("Här RegSO «") and f"({regso})" in comment
    assert value(panel, "forvarvsfrekvens", "0580-SKA", 2023)[4] == "Här RegSO «Skäggetorp-Tornby» (0580R018), oförändrat."


def test_a_district_of_two_areas_is_weighted_by_their_population(scb, panel, capsys):
    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    con = connect(panel)
    try:
        set_mappings(con, {"0580R019": "0580-SKA"}, who="test")   # an editor adds a second area to Skäggetorp
    finally:
        con.close()
    parts = [value(panel, "eftergymnasial_utbildning", code, 2020) for code in (SKA_TORNBY, "0580R019")]
    v, _, _, den, comment, _ = value(panel, "eftergymnasial_utbildning", "0580-SKA", 2020)
    assert den == parts[0][3] + parts[1][3]
    assert v == pytest.approx((parts[0][0] * parts[0][3] + parts[1][0] * parts[1][3]) / den)
    assert comment == ("Viktat medel av 2 delområden. Delområden: RegSO «Skäggetorp-Tornby» (0580R018), "
                       "RegSO «Sturefors» (0580R019).")
    people = [value(panel, "folkmangd", code, 2020)[0] for code in (SKA_TORNBY, "0580R019")]
    assert value(panel, "folkmangd", "0580-SKA", 2020)[0] == sum(people)


def test_a_second_run_changes_nothing_and_undo_takes_the_import_back(scb, panel, capsys):
    assert run_cli(panel, SimpleNamespace()) == 0
    first = capsys.readouterr().out
    assert run_cli(panel, SimpleNamespace()) == 0
    second = capsys.readouterr().out
    added, replaced = (int(first.split(word)[1].split(",")[0]) for word in ("tillagda ", "ersatta "))
    assert added > 1000 and f"tillagda 0, ersatta 0, oförändrade {added + replaced}" in second
    imports = [i for (i,) in rows(panel, "SELECT import_id FROM imports WHERE kind = ? ORDER BY 1", [scb_districts.KIND])]
    con = connect(panel)
    try:
        for import_id in reversed(imports):
            undo_import(con, import_id, who="test")
    finally:
        con.close()
    assert rows(panel, "SELECT count(*) FROM observations WHERE indicator_id = 'forvarvsfrekvens' AND NOT example"
                ) == [(0,)]
    assert rows(panel, "SELECT count(*) > 0 FROM observations WHERE indicator_id = 'forvarvsfrekvens' AND example"
                ) == [(True,)]


def test_a_suppressed_cell_stays_suppressed_and_the_kommun_sum_is_not_shown_too_small(scb, panel, capsys):
    scb.cubes["TAB6680"].suppressed.add((BERGA, "1+2", "20-64", "0000089X", "2021"))
    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    v, flag, _, den, _, _ = value(panel, "forvarvsfrekvens", BERGA, 2021)
    assert (v, flag) == (None, "prickad") and den == cell(scb, "TAB6680", BERGA, "1+2", "20-64", "0000089Y", "2021")
    v, flag, _, _, comment, _ = value(panel, "forvarvsfrekvens", "0580", 2021)
    assert (v, flag) == (None, "prickad")
    assert comment == "Kan inte summeras: 1 av kommunens 32 RegSO-områden saknar värde."
    assert value(panel, "forvarvsfrekvens", "0580-BER", 2021)[:2] == (None, "prickad")


def test_a_table_that_fails_leaves_the_store_as_it_was(scb, panel, capsys):
    before = panel.read_bytes()
    del scb.cubes["TAB6534"]             # the fourth table is not there: 404 from the stand-in
    assert run_cli(panel, SimpleNamespace()) == 2
    err = capsys.readouterr().err
    assert "TAB6534" in err and "Inget har ändrats i databasen." in err and "Traceback" not in err
    assert panel.read_bytes() == before


def test_a_changed_table_is_refused_with_the_table_named(scb, panel, capsys):
    cube = scb.cubes["TAB6685"]
    cube.variables = [v for v in cube.variables if v[0] != "Alder"]
    cube.values = {(k[0], *k[2:]): val for k, val in cube.values.items() if k[1] == "tot"}
    before = panel.read_bytes()
    assert run_cli(panel, SimpleNamespace()) == 2
    err = capsys.readouterr().err
    assert "«Alder»" in err and "TAB6685" in err and "Inget har ändrats i databasen." in err
    assert panel.read_bytes() == before


def test_without_network_exit_2_within_30_seconds_and_nothing_changes(panel, offline_scb, capsys):
    before = panel.read_bytes()
    started = time.monotonic()
    assert run_cli(panel, SimpleNamespace()) == 2
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert "«statistikdatabasen.scb.se»" in err and "Inget har ändrats i databasen." in err and "Traceback" not in err
    assert panel.read_bytes() == before


def test_the_saved_document_is_recognised_and_reads_the_same_without_the_network(scb, store):
    """What the import archives is what a rebuild reads: the same document, its kind found by itself."""
    from loaders.importer import parse_into
    from loaders.reading import read_document
    from loaders.detect import detect_kind

    data, name, _ = scb_districts.fetch("0580")
    assert detect_kind(read_document(data, name)) == scb_districts.KIND
    first = parse_into(store, data, name)
    scb.close()
    again = parse_into(store, data, name, scb_districts.KIND)
    assert first.observations.equals(again.observations) and len(first.observations) > 1000


def test_a_refresh_asks_for_the_set_again_and_shows_a_revised_value(scb, panel, capsys):
    from loaders import refresh

    assert run_cli(panel, SimpleNamespace()) == 0, capsys.readouterr().err
    key = (f"{BERGA}_RegSO2025", "1+2", "20-64", "0000089X", "2024")
    scb.cubes["TAB6680"].values[key] += 30          # SCB revises Berga's employed in 2024
    con = connect(panel)
    try:
        queries = refresh.stored_queries(con)
        assert [q.describe() for q in queries] == ["SCB: distriktsindikatorerna för 0580:s RegSO-områden"]
        planned = refresh.plan(con, queries)
        # Berga's share and the kommun's sum both change; nothing else
        assert (planned.new, planned.changed) == (0, 2)
        refresh.apply(con, planned, who="test")
    finally:
        con.close()
    assert value(panel, "forvarvsfrekvens", BERGA, 2024)[2] == scb.cubes["TAB6680"].values[key]


def test_with_deso_an_editor_builds_skaggetorp_from_its_deso_areas(scb, panel, capsys):
    """Fetched with DeSO, the editor maps Skäggetorp to three DeSO areas instead of RegSO
    Skäggetorp-Tornby: its values are then those areas' population-weighted values, the kommun
    stays the sum of the RegSO (DeSO would count it twice), and a later fetch takes DeSO by itself."""
    assert run_cli(panel, SimpleNamespace(deso=True)) == 0, capsys.readouterr().err
    assert "3 nya DeSO" not in capsys.readouterr().err      # all five stand-in DeSO are new
    kommun_before = value(panel, "forvarvsfrekvens", "0580", 2022)
    parts = ("0580C1181", "0580C1182", "0580C1183")
    con = connect(panel)
    try:
        set_mappings(con, {SKA_TORNBY: None, **{d: "0580-SKA" for d in parts}}, who="test")
    finally:
        con.close()
    for year in (2022, 2024):
        found = [value(panel, "forvarvsfrekvens", d, year) for d in parts]
        v, _, _, den, comment, example = value(panel, "forvarvsfrekvens", "0580-SKA", year)
        assert den == sum(f[3] for f in found) and not example
        assert v == pytest.approx(sum(f[0] * f[3] for f in found) / den)
        assert comment == ("Viktat medel av 3 delområden. Delområden: DeSO 0580C1181, DeSO 0580C1182, "
                           "DeSO 0580C1183.")
    assert value(panel, "forvarvsfrekvens", "0580", 2022) == kommun_before
    assert run_cli(panel, SimpleNamespace()) == 0            # no flag: the DeSO mapping asks for DeSO
    err = capsys.readouterr().err
    assert "RegSO-och DeSO-områden" in err and "TAB6680 (DeSO)" in err
