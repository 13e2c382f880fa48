"""Socialstyrelsen's statistikdatabas: the real monthly exports in tests/fixtures/real/socialstyrelsen/
are refused; yearly exports, constructed here in the same layout (sheet «Tabell», title row,
header, years as text, `--`, `X`, footnote lines ending «Socialstyrelsens statistikdatabas
<datum>»), are imported. See tests/fixtures/README.md."""

from pathlib import Path

import pytest

from loaders.detect import detect_kind
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.reading import read_document
from loaders.store import data_checksums, reference
from loaders.values import MISSING, SUPPRESSED
from tests.spreadsheets import csv_bytes, xlsx_bytes

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "socialstyrelsen"
MONTHLY = [REAL / "ekb_manad_dalarnas_lan_2024-08-21.xlsx", REAL / "ekb_manad_dalarnas_lan_2025-01-31.xlsx"]
FOOTER = "Socialstyrelsens statistikdatabas 2025-06-12"
OSTERGOTLAND = ["Ödeshög", "Ydre", "Kinda", "Boxholm", "Åtvidaberg", "Finspång", "Valdemarsvik", "Linköping",
                "Norrköping", "Söderköping", "Motala", "Vadstena", "Mjölby"]


def _refused(con, data: bytes, name: str, match: str) -> ImportFailed:
    before = data_checksums(con)
    with pytest.raises(ImportFailed, match=match) as err:
        import_bytes(con, data, name)
    assert data_checksums(con) == before
    return err.value


def _value(con, indicator, area, year, sex="totalt"):
    return con.execute("SELECT value, flag FROM observations WHERE indicator_id = ? AND area_code = ? "
                       "AND year = ? AND sex = ?", [indicator, area, year, sex]).fetchone()


# ------------------------------------------------------------------ monthly: refused

@pytest.mark.parametrize("path", MONTHLY, ids=["2024-08-21", "2025-01-31"])
def test_real_monthly_export_is_refused_and_names_the_yearly_table(store, path):
    data = path.read_bytes()
    assert detect_kind(read_document(data, path.name), reference(store)) == "socialstyrelsen"
    err = _refused(store, data, path.name, "månadsstatistik")
    message = str(err)
    assert message.startswith(f"Fel i filen «{path.name}», blad «Tabell», rad 2, kolumn «Månad»:")
    assert "«Ekonomiskt bistånd, årsstatistik»" in message and "sdb.socialstyrelsen.se" in message
    assert "Antal biståndsmottagare" in message and "Andel av befolkningen" in message
    assert "summerar eller medelvärdesberäknar aldrig månader" in message
    assert err.total == 1
    assert store.execute("SELECT count(*) FROM observations").fetchone()[0] == 0


def test_monthly_export_with_one_column_per_month_is_refused(store):
    """The all-kommuner layout (År and Region down the side, Januari … December across)."""
    rows = [["Ekonomiskt bistånd, Antal hushåll"], ["År", "Region", "Januari", "Februari", "Mars"],
            ["2017", "Riket", "--", "--", "44 164"], ["2017", "Linköping", "783", "767", "785"], [],
            ["Mars 2017: Värden har använts från föregående månad för Göteborg kommun för att skatta riket och länet"],
            [FOOTER]]
    err = _refused(store, xlsx_bytes({"Tabell": rows}), "Statistikdatabasen_2017-09-01 10_00_00.xlsx",
                   "månadsstatistik")
    assert "rad 2, kolumn «Januari»" in str(err) and "årsstatistik" in str(err)


# ------------------------------------------------------------------ yearly: imported

def _yearly_long() -> list[list]:
    """Statistikdatabasen's yearly export, as the monthly one is laid out: title in A1, header in
    row 2, years as text, then footnotes. Riket, the län and all 13 kommuner for three years, so
    the footer lies beyond the 40 rows read for headers."""
    rows = [["Ekonomiskt bistånd"], ["År", "Region", "Antal biståndsmottagare", "Andel av befolkningen",
                                     "Antal hushåll"]]
    for year in ("2021", "2022", "2023"):
        rows.append([year, "Riket", "369 934", "3,5", "188 102"])
        rows.append([year, "Östergötlands län", "16 410", "3,5", "8 405"])
        for n, kommun in enumerate(OSTERGOTLAND):
            if kommun == "Ydre":
                rows.append([year, kommun, "X", "X", "X"])
            elif kommun == "Linköping":
                rows.append([year, kommun, "5 520" if year != "2023" else "--", "3,3", "2 851"])
            else:
                rows.append([year, kommun, str(100 + n), "2,1", str(50 + n)])
    rows += [[], ["Uppgifter för kommuner med färre än 5 biståndshushåll redovisas inte (X)."],
             ["-- = uppgift saknas"], [FOOTER]]
    return rows


def test_yearly_export_long_layout(store):
    rows = _yearly_long()
    data = xlsx_bytes({"Tabell": rows})
    assert len(rows) > 40
    assert detect_kind(read_document(data, "export.xlsx"), reference(store)) == "socialstyrelsen"
    summary, _ = import_bytes(store, data, "export.xlsx")
    assert summary.kind == "socialstyrelsen" and summary.added == 3 * 15 * 3
    assert _value(store, "forsorjningsstod_andel", "0580", 2022) == (3.3, None)
    assert _value(store, "forsorjningsstod_hushall", "0580", 2023) == (2851, None)
    assert _value(store, "forsorjningsstod_hushall", "05", 2021) == (8405, None)
    assert _value(store, "forsorjningsstod_andel", "00", 2023) == (3.5, None)
    assert _value(store, "antal_bistandsmottagare", "0580", 2021) == (5520, None)
    assert _value(store, "antal_bistandsmottagare", "0580", 2023) == (None, MISSING)      # '--'
    assert _value(store, "forsorjningsstod_andel", "0512", 2022) == (None, SUPPRESSED)    # 'X'
    assert _value(store, "forsorjningsstod_hushall", "0583", 2023) == (60, None)          # Motala
    new = store.execute("SELECT name, unit, direction, source FROM indicators WHERE indicator_id = ?",
                        ["antal_bistandsmottagare"]).fetchone()
    assert new == ("Antal biståndsmottagare", "antal", "neutral", "Socialstyrelsen")
    assert store.execute("SELECT DISTINCT source FROM observations").fetchall() == [
        ("Socialstyrelsen, statistikdatabasen",)]
    last = store.execute("SELECT max(source_row) FROM observations").fetchone()[0]
    assert last == 2 + 3 * 15    # footnotes are never data


def test_yearly_export_wide_layout_with_kon(ref):
    rows = [["Ekonomiskt bistånd, Andel av befolkningen"], ["Region", "Kön", "2020", "2021", "2022"],
            ["Riket", "Totalt", "3,6", "3,5", "3,5"], ["Linköping", "Kvinnor", "3,1", "3,0", "--"],
            ["Linköping", "Män", "3,4", "X", "3,3"], ["Östergötlands län", "Totalt", "3,5", "3,4", "3,4"], [],
            [FOOTER]]
    batch = parse(xlsx_bytes({"Tabell": rows}), "export.xlsx", ref)
    obs = batch.observations.set_index(["area_code", "year", "sex"])
    assert set(batch.observations["indicator_id"]) == {"forsorjningsstod_andel"}
    assert obs.loc[("00", 2020, "totalt"), "value"] == 3.6
    assert obs.loc[("0580", 2021, "kvinnor"), "value"] == 3.0
    assert obs.loc[("0580", 2022, "kvinnor"), "flag"] == MISSING
    assert obs.loc[("0580", 2021, "män"), "flag"] == SUPPRESSED
    assert obs.loc[("05", 2022, "totalt"), "value"] == 3.4
    assert obs.loc[("0580", 2020, "män"), "source_row"] == 5
    assert obs.loc[("0580", 2020, "män"), "source_column"] == "C"
    assert len(batch.observations) == 12 and len(batch.indicators) == 0


def test_yearly_csv_export_with_empty_cells_and_a_narrowing_variable(ref):
    """A CSV export (file name as statistikdatabasen gives it); a measure for part of the
    households (utrikesfödda) is not the catalogue's measure and becomes an indicator of its own."""
    rows = [["Ekonomiskt bistånd, Antal hushåll"],
            ["Region", "Inrikes- eller utrikesfödda hushåll", "2022", "2023"],
            ["Linköping", "Samtliga hushåll", "2 851", "2 790"], ["Linköping", "Utrikesfödda", "1 640", ""],
            [FOOTER]]
    batch = parse(csv_bytes(rows), "Statistikdatabasen_2025-06-12 09_30_00.csv", ref)
    assert batch.kind == "socialstyrelsen"
    obs = batch.observations.set_index(["indicator_id", "year"])
    assert obs.loc[("forsorjningsstod_hushall", 2023), "value"] == 2790
    assert len(batch.indicators) == 1
    own = batch.indicators.iloc[0]
    assert own["name"] == "Ekonomiskt bistånd, Antal hushåll (Inrikes- eller utrikesfödda hushåll: Utrikesfödda)"
    assert (own["unit"], own["source"]) == ("antal", "Socialstyrelsen")
    assert obs.loc[(own["indicator_id"], 2022), "value"] == 1640
    assert obs.loc[(own["indicator_id"], 2023), "flag"] == MISSING


@pytest.mark.parametrize("cells,match", [
    (["2022", "Linköpingg", "3,3"], r"blad «Tabell», rad 3, kolumn «Region»: området «Linköpingg» finns inte"),
    (["2022", "Linköping", "3,3 %x"], r"blad «Tabell», rad 3, kolumn «Andel av befolkningen»: «3,3 %x» är inte ett tal"),
    (["22", "Linköping", "3,3"], r"blad «Tabell», rad 3, kolumn «År»: «22» är inget årtal"),
])
def test_bad_yearly_exports_are_refused_with_a_located_message(store, cells, match):
    rows = [["Ekonomiskt bistånd"], ["År", "Region", "Andel av befolkningen"], cells, [FOOTER]]
    _refused(store, xlsx_bytes({"Tabell": rows}), "export.xlsx", match)


def test_share_over_100_is_refused(store):
    rows = [["Ekonomiskt bistånd"], ["År", "Region", "Andel av befolkningen"], ["2022", "Linköping", "133"], [FOOTER]]
    _refused(store, xlsx_bytes({"Tabell": rows}), "export.xlsx", r"rad 3, kolumn «C»: andelen 133 % är större än 100 %")


def test_no_value_ever_comes_from_a_month(ref):
    """Guard: whatever the layout, a file with months yields no batch at all."""
    rows = [["Ekonomiskt bistånd, Linköping"], ["År", "Månad", "Antal hushåll"], ["2023", "Januari", "3000"],
            ["2023", "Februari", "3100"]]
    with pytest.raises(ImportFailed, match="månadsstatistik"):
        parse(xlsx_bytes({"Tabell": rows}), "manad.xlsx", ref)
