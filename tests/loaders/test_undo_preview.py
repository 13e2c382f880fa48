"""Preview before writing, and undo that restores exactly what an import replaced."""

import threading

import pytest

from tests.spreadsheets import xlsx_bytes
from loaders import store as store_module
from loaders.atgarder import followup_file
from loaders.errors import ImportFailed, StoreBusy, UndoRefused
from loaders.importer import import_bytes, parse
from loaders.preview import preview
from loaders.store import reference, table_checksums, undo_import, write_batch

HEADER = ["Indikator", "Område", "År", "Kön", "Värde"]
VAL = "Valdeltagande i kommunvalet"
FIRST = xlsx_bytes({"Data": [HEADER, [VAL, "Berga", 2018, "Totalt", 60.1], [VAL, "Berga", 2022, "Totalt", 61.2]]})
SECOND = xlsx_bytes({"Data": [HEADER, [VAL, "Berga", 2022, "Totalt", 63.0], [VAL, "Ryd", 2022, "Totalt", ".."]]})

CONTENT_TABLES = ("observations", "superseded_observations", "measures", "superseded_measures",
                  "measure_followups", "superseded_followups", "indicators")


def content(con):
    sums = table_checksums(con)
    return {t: sums[t] for t in CONTENT_TABLES}


def test_preview_counts_new_changed_unchanged_without_writing(store):
    import_bytes(store, FIRST, "forsta.xlsx")
    before = table_checksums(store)
    batch = parse(SECOND, "andra.xlsx", reference(store))
    result = preview(store, batch)
    assert (result.new, result.changed, result.unchanged) == (1, 1, 0)
    change = result.changes.iloc[0]
    assert (change.area, change.year, change.old_value, change.new_value) == ("Berga", 2022, 61.2, 63.0)
    assert result.areas == ["Berga", "Ryd"] and result.years == [2022]
    assert result.indicators == [VAL]
    assert table_checksums(store) == before


def test_undo_restores_value_for_value(store):
    import_bytes(store, FIRST, "forsta.xlsx")
    before = content(store)
    summary, _ = import_bytes(store, SECOND, "andra.xlsx")
    assert content(store) != before
    undo_import(store, summary.import_id, who="test")
    assert content(store) == before
    undone = store.execute("SELECT undone_at IS NOT NULL, undone_by FROM imports WHERE import_id = ?",
                           [summary.import_id]).fetchone()
    assert undone == (True, "test")


def test_undo_of_an_older_import_overwritten_later_is_refused(store):
    first, _ = import_bytes(store, FIRST, "forsta.xlsx")
    second, _ = import_bytes(store, SECOND, "andra.xlsx")
    before = table_checksums(store)
    with pytest.raises(UndoRefused, match=f"import {second.import_id} senare ändrade samma värden"):
        undo_import(store, first.import_id)
    assert table_checksums(store) == before
    undo_import(store, second.import_id)
    undo_import(store, first.import_id)
    assert store.execute("SELECT count(*) FROM observations").fetchone()[0] == 0


def test_undo_twice_is_refused(store):
    summary, _ = import_bytes(store, FIRST, "forsta.xlsx")
    undo_import(store, summary.import_id)
    with pytest.raises(UndoRefused, match="redan ångrad"):
        undo_import(store, summary.import_id)


def test_undo_removes_an_indicator_the_import_added(store):
    new = xlsx_bytes({"Data": [HEADER + ["Enhet", "Källa"], ["Ny indikator", "Berga", 2022, "Totalt", 5, "%", "X"]]})
    summary, _ = import_bytes(store, new, "ny.xlsx")
    assert store.execute("SELECT count(*) FROM indicators WHERE indicator_id = 'ny_indikator'").fetchone()[0] == 1
    undo_import(store, summary.import_id)
    assert store.execute("SELECT count(*) FROM indicators WHERE indicator_id = 'ny_indikator'").fetchone()[0] == 0


def test_follow_up_edited_in_the_app_is_saved_as_a_new_round(store):
    register = xlsx_bytes({"Uppföljning 2021": [["Id", "Åtgärd", "Utvecklingsområde", "Status"],
                                               ["1.1", "Bilda områdesteam", 1, "Pågår"]]})
    import_bytes(store, register, "register.xlsx")
    rows = [{"Id": "1.1", "Åtgärd": "Bilda områdesteam", "Utvecklingsområde": 1, "Status": "Genomförd",
             "Kommentar": "Klart", "Beslut inför nästa år": "Vidmakthållen åtgärd 2023."}]
    data, name = followup_file(rows, 2022)
    write_batch(store, parse(data, name, reference(store)))
    rounds = store.execute("SELECT round, status, decision FROM measure_followups ORDER BY round").fetchall()
    assert rounds == [(2021, "pågår", None), (2022, "genomförd", "vidmakthålls")]


def test_edited_follow_up_with_a_bad_status_is_refused(store):
    rows = [{"Id": "1.1", "Åtgärd": "Bilda områdesteam", "Utvecklingsområde": 1, "Status": "Klar"}]
    with pytest.raises(ImportFailed, match="rad 2, kolumn «Status».*«Klar» är ingen status"):
        parse(*followup_file(rows, 2022), reference(store))


def test_concurrent_imports_queue_and_both_land(store):
    files = [xlsx_bytes({"Data": [HEADER, [VAL, area, 2022, "Totalt", 60 + i]]})
             for i, area in enumerate(["Berga", "Ryd", "Skäggetorp", "Lambohov"])]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            import_bytes(store, files[i], f"fil{i}.xlsx")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert store.execute("SELECT count(*), count(DISTINCT import_id) FROM observations").fetchone() == (4, 4)


def test_a_writer_that_cannot_get_the_lock_gets_a_clear_message(store, monkeypatch):
    monkeypatch.setattr(store_module, "WRITE_WAIT_SECONDS", 0.1)
    store_module.WRITE_LOCK.acquire()
    try:
        with pytest.raises(StoreBusy, match="En annan import eller ångring pågår"):
            import_bytes(store, FIRST, "forsta.xlsx")
    finally:
        store_module.WRITE_LOCK.release()
