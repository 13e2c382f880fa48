"""Store behaviour on a real temporary DuckDB file: all-or-nothing, replace-not-duplicate."""

import pytest

from tests.spreadsheets import xlsx_bytes
from loaders import store as store_module
from loaders.importer import import_bytes
from loaders.store import connect, status, table_checksums

HEADER = ["Indikator", "Område", "År", "Kön", "Värde"]
FILE = xlsx_bytes({"Data": [HEADER, ["Valdeltagande i kommunvalet", "Berga", 2018, "Totalt", 60.1],
                            ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 61.2]]})
REGISTER = xlsx_bytes({"Uppföljning 2022": [
    ["Id", "Åtgärd", "Utvecklingsområde", "Status"], ["1.1", "Bilda områdesteam", 1, "Genomförd"]]})


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_reimporting_the_same_file_replaces_instead_of_duplicating(store):
    first, _ = import_bytes(store, FILE, "val.xlsx")
    assert (first.added, first.replaced, first.unchanged) == (2, 0, 0)
    again, _ = import_bytes(store, FILE, "val.xlsx")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert count(store, "observations") == 2
    assert count(store, "imports") == 2


def test_a_changed_value_is_replaced_and_the_old_one_kept(store):
    import_bytes(store, FILE, "val.xlsx")
    changed = xlsx_bytes({"Data": [HEADER, ["Valdeltagande i kommunvalet", "Berga", 2022, "Totalt", 62.0]]})
    summary, _ = import_bytes(store, changed, "val_rattad.xlsx")
    assert (summary.added, summary.replaced) == (0, 1)
    assert store.execute("SELECT value FROM observations WHERE year = 2022").fetchone()[0] == 62.0
    old = store.execute("SELECT value, replaced_by FROM superseded_observations").fetchall()
    assert old == [(61.2, summary.import_id)]


def test_failure_half_way_through_a_write_leaves_the_store_as_it_was(store, monkeypatch):
    import_bytes(store, FILE, "val.xlsx")
    before = table_checksums(store)
    # The observations are written first; make the follow-up step (later in the same
    # transaction) fail, as a crash or a bug would.
    original = store_module.transaction

    def failing_transaction(con):
        manager = original(con)

        class Wrapper:
            def __enter__(self):
                cur = manager.__enter__()
                real_execute = cur.execute

                def execute(sql, *args):
                    if sql.lstrip().startswith("INSERT INTO measure_followups"):
                        raise RuntimeError("simulerat avbrott")
                    return real_execute(sql, *args)
                self.proxy = type("Cursor", (), {"__getattr__": lambda s, n: getattr(cur, n),
                                                 "execute": staticmethod(execute)})()
                return self.proxy

            def __exit__(self, *exc):
                return manager.__exit__(*exc)
        return Wrapper()

    monkeypatch.setattr(store_module, "transaction", failing_transaction)
    both = xlsx_bytes({"Data": [HEADER, ["Valdeltagande i kommunvalet", "Ryd", 2022, "Totalt", 66.0]]})
    with pytest.raises(RuntimeError, match="simulerat avbrott"):
        import_bytes(store, REGISTER, "register.xlsx")
    assert table_checksums(store) == before
    monkeypatch.setattr(store_module, "transaction", original)
    import_bytes(store, both, "ryd.xlsx")  # the store still works afterwards
    assert count(store, "observations") == 3


def test_store_survives_reopening(tmp_path):
    path = tmp_path / "s.duckdb"
    con = connect(path)
    store_module.load_reference_files(con)
    import_bytes(con, FILE, "val.xlsx")
    con.close()
    con = connect(path, read_only=True)
    assert count(con, "observations") == 2
    con.close()


def test_status_counts_follow_up_rounds(store):
    import_bytes(store, REGISTER, "register.xlsx")
    data = status(store)
    assert data["measures"]["2022"]["total"] == 1
    assert data["measures"]["2022"]["by_status"] == {"genomförd": 1, "pågår": 0, "ej genomförd": 0}
    assert data["measures"]["2022"]["by_area"] == {"1": {"genomförd": 1, "pågår": 0, "ej genomförd": 0}}
    assert data["imports"] == 1
