"""An editor in a real browser makes a column recipe for a file no loader knows, imports it,
then uploads a second file of that shape, which imports with no questions; the command line
reads the same files with ``--recipe``."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (eventually, REPO_ROOT, STEP_TIMEOUT_MS, choose, goto, open_administration, open_page, points,
                               save_screenshot, sidebar, unlock, wait_for_app)
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.e2e

HEADER = ["Stadsdel", "Elevgrupp", "2022", "2023", "2024"]
FIRST = csv_bytes([HEADER,
                   ["Berga", "Flickor", "61,5", "..", "64"], ["Berga", "Pojkar", "55", "56,5", "57"],
                   ["Ryd", "Samtliga", "70", "71", "72"], ["Skäggetorp", "Samtliga", "52", "53", "-"]])
SECOND = csv_bytes([HEADER,
                    ["Berga", "Flickor", "61,5", "63", "64"], ["Berga", "Pojkar", "55", "56,5", "57"],
                    ["Ryd", "Samtliga", "70", "71", "74,5"], ["Skäggetorp", "Samtliga", "52", "53", "54"]])
# a year later the table has one more year column: another header, so only --recipe finds it
THIRD = csv_bytes([[*HEADER, "2025"], ["Ryd", "Samtliga", "70", "71", "74,5", "76"]])


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label)


def fill(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300)


def test_editor_makes_a_recipe_and_the_next_file_imports_without_questions(browser, editor_server, tmp_path):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    first, second, third = (tmp_path / f"fritidsenkat_{y}.csv" for y in (2024, 2025, 2026))
    first.write_bytes(FIRST)
    second.write_bytes(SECOND)
    third.write_bytes(THIRD)
    try:
        goto(page, editor_server.url, "/trender")
        open_page(page, "Data")
        unlock(page)
        open_administration(page)

        page.locator("input[type=file]").set_input_files(str(first))
        wait_for_app(page)
        expect(page.get_by_text("Ingen av panelens inläsare känner igen filen.", exact=False)).to_be_visible()
        expect(page.get_by_role("button", name="Granska")).to_be_disabled()   # no indicator yet
        choose(page, "Kolumn med kön (valfritt)", "Elevgrupp")
        expect(page.get_by_test_id("stSelectbox").filter(has_text="«Flickor» betyder").get_by_role("combobox")
               ).to_have_value("Kvinnor")
        page.get_by_text("En ny indikator", exact=True).click()
        wait_for_app(page)
        fill(page, "Namn på den nya indikatorn", "Nöjda med fritiden")
        fill(page, "Enhet", "%")
        choose(page, "Bättre är", "Högre")
        fill(page, "Källa", "Fritidsenkäten")
        fill(page, "Receptets namn", "Fritidsenkäten")
        page.get_by_role("button", name="Granska").click()
        wait_for_app(page)
        expect(metric(page, "Nya värden")).to_contain_text("12")
        save_screenshot(page, "60_recept_granska")
        page.get_by_role("button", name="Bekräfta import").click()
        wait_for_app(page)
        expect(page.get_by_text("Receptet «Fritidsenkäten» är sparat", exact=False)).to_be_visible(
            timeout=STEP_TIMEOUT_MS)
        save_screenshot(page, "61_recept_sparat")

        # the next file of that shape: recognised, previewed, imported with no questions
        page.locator("input[type=file]").set_input_files(str(second))
        wait_for_app(page)
        # the new preview first (until the rerun is over, the last import's metrics may still show)
        expect(page.get_by_text("Filen läses med kolumnreceptet «Fritidsenkäten».", exact=True).first).to_be_visible()
        wait_for_app(page)
        expect(metric(page, "Ändrade värden").last).to_contain_text("3")
        expect(page.get_by_text("Ingen av panelens inläsare känner igen filen.", exact=False)).to_have_count(0)
        save_screenshot(page, "62_recept_nasta_fil")
        page.get_by_role("button", name="Bekräfta import").click()
        wait_for_app(page)
        expect(page.get_by_text("«fritidsenkat_2025.csv» importerad", exact=False)).to_be_visible(
            timeout=STEP_TIMEOUT_MS)

        page.get_by_role("tab", name="Kolumnrecept").click()
        expect(page.get_by_text("Kolumnrecept läser filer som ingen", exact=False)).to_be_visible()
        open_page(page, "Trender")
        choose(page, "Indikator", "Nöjda med fritiden", scope=sidebar(page))
        eventually(lambda: points(page, "Ryd"), {2022: 70.0, 2023: 71.0, 2024: 74.5}, "linjen för Ryd")
        eventually(lambda: points(page, "Skäggetorp").get(2024), lambda v: v == pytest.approx(54.0), "värdet för Skäggetorp 2024")
        save_screenshot(page, "63_recept_trender")
    finally:
        context.close()

    # The command line, on the same store (the app must let go of it first).
    editor_server.stop()
    db = str(editor_server.db_path)
    same = cli("--db", db, "import", str(second), "--recipe", "Fritidsenkäten")
    assert same.returncode == 0, same.stderr
    assert "«fritidsenkat_2025.csv» importerad" in same.stdout and "oförändrade 12" in same.stdout
    unknown = cli("--db", db, "import", str(third))
    assert unknown.returncode == 2 and "det går inte att avgöra vad filen innehåller" in unknown.stderr
    later = cli("--db", db, "import", str(third), "--recipe", "fritidsenkäten")
    assert later.returncode == 0, later.stderr
    assert "tillagda 1" in later.stdout and "oförändrade 3" in later.stdout
    con = duckdb.connect(db, read_only=True)
    try:
        assert con.execute("SELECT value FROM observations WHERE indicator_id = 'nojda_med_fritiden' "
                           "AND area_code = '0580-RYD' AND year = 2025").fetchone()[0] == 76.0
        assert con.execute("SELECT count(*) FROM events WHERE kind = 'recipe'").fetchone()[0] == 1
    finally:
        con.close()
