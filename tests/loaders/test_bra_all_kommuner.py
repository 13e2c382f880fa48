"""BRÅ's «Anmälda brott i kommunerna» for all 290 kommuner, in both layouts BRÅ has used.

No real BRÅ file is stored (see tests/fixtures/README.md), so the files are built here from
SCB's official list of kommuner (tests/fixtures/real/scb/kommunlankod_2025.csv), written the way
BRÅ writes them as reported by those who imported them: 2021 without a header and with
«Linköpings kommun» names, 2023 on with the header «Kommun;Antal;Per 100 000 inv.» and plain
names; «Malung–Sälen» with an en dash, «Hela landet», space as thousands separator, `..` and `-`.
"""

from pathlib import Path

import pytest

from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.store import data_checksums
from loaders.values import SUPPRESSED, ZERO_BY_SOURCE
from tests.spreadsheets import csv_bytes

LIST = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "scb" / "kommunlankod_2025.csv"


def kommuner() -> list[tuple[str, str]]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        code, name = (line.split(";") + ["", ""])[:2]
        if len(code) == 4 and code.isdigit():
            out.append((code, name))
    return out


KOMMUNER = kommuner()


def bra_name(name: str) -> str:
    """«Malung-Sälen» -> «Malung–Sälen» (BRÅ's en dash)."""
    return name.replace("Malung-Sälen", "Malung–Sälen")


def long_name(name: str) -> str:
    """«Linköping» -> «Linköpings kommun»; names ending in a vowel or s/x/z take no genitive s
    («Ale kommun», «Ydre kommun», «Motala kommun», «Alingsås kommun»)."""
    genitive = name if name[-1].lower() in "aeiouyåäösxz" else name + "s"
    return f"{bra_name(genitive)} kommun"


def spaced(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def expected(i: int) -> tuple[object, object]:
    """(Antal, Per 100 000 inv.) for the i-th kommun: big enough to need a thousands space, with
    a suppressed and a zero row among them."""
    count, rate = 1000 + 37 * i, 5000 + 113 * i
    return count, rate


SPECIAL = {"0512": ("..", ".."), "0509": ("-", "-")}     # Ydre suppressed, Ödeshög none


def rows(layout: str) -> list[list[str]]:
    out = [["Kommun", "Antal", "Per 100 000 inv."]] if layout == "2023" else []
    for i, (code, name) in enumerate(KOMMUNER):
        count, rate = expected(i)
        cells = SPECIAL.get(code, (spaced(count), spaced(rate)))
        out.append([long_name(name) if layout == "2021" else bra_name(name), *cells])
    out.append(["Hela landet", "1 454 312", "13 833"])
    return out


FILES = {"2021": "anmalda_brott_kommuner_2021.csv", "2023": "Anmälda brott i kommunerna 2023.csv"}


@pytest.mark.parametrize("layout", ["2021", "2023"])
def test_all_290_kommuner_and_riket_import_at_exact_values(store, layout):
    assert len(KOMMUNER) == 290
    data = csv_bytes(rows(layout))
    summary, _ = import_bytes(store, data, FILES[layout])
    year = int(layout)
    assert summary.kind == "brottsstatistik"
    got = store.execute("SELECT indicator_id, area_code, value, flag, numerator FROM observations "
                        "WHERE year = ?", [year]).fetchall()
    by_key = {(i, a): (v, f, n) for i, a, v, f, n in got}
    assert {a for _, a in by_key} == {c for c, _ in KOMMUNER} | {"00"}
    assert len(got) == 2 * 291
    for i, (code, _) in enumerate(KOMMUNER):
        if code in SPECIAL:
            continue
        count, rate = expected(i)
        assert by_key[("anmalda_brott_antal", code)][0] == count
        assert by_key[("anmalda_brott_per_1000", code)][0] == pytest.approx(rate / 100)
        assert by_key[("anmalda_brott_per_1000", code)][2] == count
    assert by_key[("anmalda_brott_antal", "00")][0] == 1454312
    assert by_key[("anmalda_brott_per_1000", "00")][0] == pytest.approx(138.33)
    assert by_key[("anmalda_brott_antal", "0512")][:2] == (None, SUPPRESSED)           # Ydre ..
    assert by_key[("anmalda_brott_per_1000", "0512")][:2] == (None, SUPPRESSED)
    assert by_key[("anmalda_brott_antal", "0509")][:2] == (0, ZERO_BY_SOURCE)          # Ödeshög -


@pytest.mark.parametrize("layout", ["2021", "2023"])
def test_motala_norrkoping_ydre_and_malung_salen(ref, layout):
    names = {"0583": "Motala", "0581": "Norrköping", "0512": "Ydre", "2023": "Malung-Sälen", "0580": "Linköping"}
    written = {long_name(n) if layout == "2021" else bra_name(n): c for c, n in names.items()}
    assert "Malung–Sälens kommun" in written or "Malung–Sälen" in written
    body = [[name, "1 234", "5 678"] for name in written]
    header = [["Kommun", "Antal", "Per 100 000 inv."]] if layout == "2023" else []
    batch = parse(csv_bytes(header + body), FILES[layout], ref)
    obs = batch.observations.set_index(["indicator_id", "area_code"])
    for code in names:
        assert obs.loc[("anmalda_brott_antal", code), "value"] == 1234
        assert obs.loc[("anmalda_brott_per_1000", code), "value"] == pytest.approx(56.78)


def test_a_misspelt_kommun_is_refused_where_it_stands(store):
    bad = rows("2023")
    bad[101][0] = bad[101][0] + "x"
    before = data_checksums(store)
    with pytest.raises(ImportFailed, match=r"rad 102, kolumn «Kommun»: området «.+x» finns inte"):
        import_bytes(store, csv_bytes(bad), FILES["2023"])
    assert data_checksums(store) == before


def test_city_districts_and_official_names_import_as_published(store):
    """BRÅ's 2021 table lists Stockholm's, Göteborg's and Malmö's districts under their city,
    and some kommuner by their official name (Falu kommun, Region Gotland): every row is kept."""
    body = rows("2021")
    at = {name: i for i, name in enumerate(r[0] for r in body)}
    body[at["Faluns kommun"]][0] = "Falu kommun"
    body[at["Gotlands kommun"]][0] = "Region Gotland"
    # insert the later rows first, so the positions in `at` stay right
    body.insert(at["Göteborgs kommun"] + 1, ["Centrum", "9 000", "20 000"])   # Göteborg's, not Linköping's
    body.insert(at["Malmö kommun"] + 1, ["Innerstaden", "5", "6"])            # Malmö's, not Linköping's
    body[at["Stockholms kommun"] + 1:at["Stockholms kommun"] + 1] = [["Spånga-Tensta", "4 100", "10 500"],
                                                                       ["Södermalm", "1", "2"]]
    body.append(["Malmö stadsområde Norr", "3 000", "7 000"])
    summary, _ = import_bytes(store, csv_bytes(body), FILES["2021"])
    areas = dict(store.execute("SELECT code, name FROM areas WHERE parent IN ('0180', '1480', '1280') "
                               "AND level = 'omrade'").fetchall())
    assert areas == {"0180D:spanga-tensta": "Spånga-Tensta (Stockholm)", "0180D:sodermalm": "Södermalm (Stockholm)",
                     "1480D:centrum": "Centrum (Göteborg)", "1280D:norr": "Norr (Malmö)",
                     "1280D:innerstaden": "Innerstaden (Malmö)"}
    value = dict(store.execute("SELECT area_code, value FROM observations WHERE indicator_id = 'anmalda_brott_antal' "
                               "AND year = 2021").fetchall())
    assert value["0180D:spanga-tensta"] == 4100 and value["1480D:centrum"] == 9000 and value["0180D:sodermalm"] == 1
    assert value["2080"] == expected(next(i for i, (c, _) in enumerate(KOMMUNER) if c == "2080"))[0]
    assert "0980" in value and "09" not in value
    assert len(value) == 291 + 5 and "0580-IST" not in value
    assert any("stadsdelar i Stockholm, Göteborg eller Malmö" in note for note in summary.more())


def test_an_unknown_name_after_a_city_is_still_refused(store):
    body = rows("2021")
    at = {name: i for i, name in enumerate(r[0] for r in body)}
    body.insert(at["Stockholms kommun"] + 1, ["Spånga-Tenstax", "1", "2"])
    before = data_checksums(store)
    with pytest.raises(ImportFailed, match=r"området «Spånga-Tenstax» finns inte"):
        import_bytes(store, csv_bytes(body), FILES["2021"])
    assert data_checksums(store) == before
