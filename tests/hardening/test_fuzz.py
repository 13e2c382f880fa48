"""Property-based fuzzing of the parsers (hypothesis).

Properties:
* parse_value, parse_year and area_key never raise anything but CellError (or nothing);
* a symbol is never turned into a number: a value of 0 comes from a digit in the cell, or
  from '-' in a BRÅ file, flagged 'noll enligt källan' -- nothing else;
* importer.parse on any grid of cells, written as csv or xlsx, returns a Batch or raises
  ImportFailed -- never another exception -- and a failed import_bytes leaves every table's
  checksum as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from loaders.areas import AreaMatcher, area_key
from loaders.errors import ImportFailed
from loaders.importer import import_bytes, parse
from loaders.model import KINDS, Batch
from loaders.reading import column_letter
from loaders.store import table_checksums
from loaders.values import (MAX_YEAR, MIN_YEAR, MISSING, NOT_APPLICABLE, SUPPRESSED, ZERO_BY_SOURCE,
                            CellError, parse_value, parse_year)

from .conftest import ROOT

# derandomize: the same examples on every run and in CI (no flaky reds); database=None and no
# "explain" phase: nothing is written into the repository (.hypothesis/).
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ_FILES = settings(FUZZ, max_examples=120)

DASHES = ("-", "–", "—")
SYMBOLS = ["..", ".", "…", *DASHES, "x", "X", "e.t.", "ej tillämpligt", "~", "~..", "~-", "-..",
           "", " ", "\u00a0", "%", "−", "+", ",", ".,", "-,", "~.", "..."]

# ------------------------------------------------------------------ cell strategies

def _swedish(x: float, style: int) -> str:
    text = f"{x:,.{style % 3}f}"  # 1,234.5
    if style in (0, 1, 2):
        return text.replace(",", " ").replace(".", ",")
    if style in (3, 4):
        return text.replace(",", "\u00a0").replace(".", ",")
    if style == 5:
        return text.replace(",", "#").replace(".", ",").replace("#", ".")  # 1.234,5
    if style == 6:
        return "~" + text.replace(",", "")
    return text.replace(",", "") + " %"


numbers_as_text = st.builds(_swedish, st.floats(-1e7, 1e7, allow_nan=False), st.integers(0, 7))
plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)
dates = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))
cells = st.one_of(
    st.none(), st.sampled_from(SYMBOLS), plain_text, numbers_as_text,
    st.integers(-10**7, 10**7), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), dates, st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["2021", "2021*", "2021/22", "År 2021", "20 21", "२०२१", "２０２１", "1e3"]),
)


def _has_digit(text: str) -> bool:
    return any(ch.isdecimal() for ch in text)


# ------------------------------------------------------------------ values

@FUZZ
@given(cell=cells, dash_means_zero=st.booleans())
def test_parse_value_returns_a_parsed_value_or_a_cell_error(cell, dash_means_zero):
    try:
        parsed = parse_value(cell, dash_means_zero=dash_means_zero)
    except CellError as exc:
        assert str(exc)  # a message for the user
        return
    if parsed.value is None:
        assert parsed.flag in (MISSING, SUPPRESSED, NOT_APPLICABLE)
        return
    assert math.isfinite(parsed.value)
    if parsed.flag == ZERO_BY_SOURCE:
        assert dash_means_zero and str(cell).strip() in DASHES and parsed.value == 0
    elif parsed.value == 0 and isinstance(cell, str):
        assert _has_digit(cell), f"{cell!r} blev 0"


@FUZZ
@given(symbol=st.sampled_from(SYMBOLS), pad=st.sampled_from(["", " ", "\u00a0", "  "]))
def test_a_symbol_is_never_a_number_except_bras_dash(symbol, pad):
    cell = pad + symbol + pad
    for dash_means_zero in (False, True):
        try:
            parsed = parse_value(cell, dash_means_zero=dash_means_zero)
        except CellError:
            continue
        if dash_means_zero and symbol in DASHES:
            assert (parsed.value, parsed.flag) == (0.0, ZERO_BY_SOURCE)
        else:
            assert parsed.value is None, (cell, parsed)


@FUZZ
@given(x=st.floats(0, 1e9, allow_nan=False), style=st.integers(0, 7))
def test_swedish_number_formats_read_back(x, style):
    text = _swedish(x, style)
    expected = float(text.replace("~", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
                     .replace(".", "").replace(",", ".")) if style == 5 else None
    parsed = parse_value(text)
    decimals = style % 3
    assert parsed.value == pytest.approx(expected if expected is not None else round(x, decimals),
                                         rel=1e-9, abs=10 ** -decimals)


@FUZZ
@given(cell=cells)
def test_parse_year_gives_a_year_in_range_or_a_cell_error(cell):
    try:
        year = parse_year(cell)
    except CellError as exc:
        assert str(exc)
        return
    assert isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR
    assert not isinstance(cell, (bool, dt.date))
    if isinstance(cell, str):
        assert re.fullmatch(r"\s*\d{4}\s*", cell), cell


@FUZZ
@given(year=st.integers(MIN_YEAR, MAX_YEAR), as_text=st.booleans())
def test_parse_year_reads_every_year_in_range(year, as_text):
    assert parse_year(str(year) if as_text else float(year)) == year


# ------------------------------------------------------------------ areas

_AREA_LINES = (ROOT / "data" / "omraden.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
AREA_NAMES = [(line.split(";")[1], line.split(";")[0]) for line in _AREA_LINES if line]
AREA_VARIANTS = AREA_NAMES + [
    (v, code) for line in _AREA_LINES if line
    for code, *_rest, variants in [line.split(";")] for v in variants.split("|") if v]
MATCHER = AreaMatcher(AREA_VARIANTS)


@FUZZ
@given(text=st.text(max_size=60))
def test_area_key_never_raises_and_match_gives_a_known_code_or_none(text):
    key = area_key(text)
    assert isinstance(key, str)
    assert MATCHER.match(text) in {code for _, code in AREA_VARIANTS} | {None}


@FUZZ
@given(pair=st.sampled_from(AREA_VARIANTS), case=st.sampled_from(["lower", "upper", "title", "same"]),
       space=st.sampled_from([" ", "\u00a0", "  "]), dash=st.sampled_from(["-", "–", "—", " - "]),
       pad=st.sampled_from(["", " ", "\u00a0"]), suffix=st.sampled_from(["", " kommun", " (stadsdel)"]),
       nfd=st.booleans())
def test_spelling_variants_of_a_known_name_match_the_same_area(pair, case, space, dash, pad, suffix, nfd):
    name, _code = pair
    expected = MATCHER.match(name)
    variant = name if case == "same" else getattr(name, case)()
    variant = variant.replace(" ", space).replace("-", dash).replace("–", dash)
    if name.lower().endswith(("kommun", "stadsdel", "stad", ")")):
        suffix = ""  # "Linköpings kommun kommun" is not a spelling anyone uses
    variant = pad + variant + suffix + pad
    if nfd:
        variant = unicodedata.normalize("NFD", variant)
    assert MATCHER.match(variant) == expected, (name, variant)


# ------------------------------------------------------------------ whole files

CATALOGUE = ["Valdeltagande i kommunvalet", "meritvarde_ak9", "Hushåll med ekonomiskt bistånd",
             "valdsbrott_antal", "Gymnasieexamen inom 4 år"]
AREAS_VOCAB = ["Berga", "Ryd", "Skäggetorp", "Linköpings kommun", "Hela landet", "Lambohov",
               "Ryds stadsdel", "Ekholmen", "Riket", "Vasastaden", "Centrum"]
HEADERS = {
    "mall": ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa", "Kommentar"],
    "long": ["Område", "År", "Kön", "Andel (%)"],
    "households": ["Område", "År", "Kön", "Antal hushåll"],
    "bra": ["Kommun", "Antal", "Per 100 000 inv."],
    "merit": ["Skola", "Skolenhetskod", "Antal elever", "Genomsnittligt meritvärde (17 ämnen)"],
    "measures": ["Id", "Åtgärd", "Utvecklingsområde", "Status", "Uppföljningsår", "Beslut inför nästa år"],
    "none": [],
}
TITLES = {
    "mall": ["", "EXEMPELDATA – påhittade"], "long": ["Ekonomiskt bistånd", "Försörjningsstöd 2012–2024"],
    "households": ["Antal hushåll med försörjningsstöd"], "bra": ["Anmälda våldsbrott 2023", "Anmälda brott 2022"],
    "merit": ["Läsår 2023/24", "Slutbetyg årskurs 9, läsår 2022/23"], "measures": [""], "none": ["", "Hej"],
    "wide": ["Invånare i hushåll med ekonomiskt bistånd, andel (%)", ("Antal hushåll med "
             "ekonomiskt bistånd"), "Ekonomiskt bistånd"],
}
small_values = st.one_of(st.sampled_from(SYMBOLS[:8]), st.sampled_from(["..", "-", "–", "."]),
                         st.floats(0, 100, allow_nan=False),
                         st.integers(0, 100), st.builds(_swedish, st.floats(0, 100), st.integers(0, 7)))
VALID = {
    "Indikator": st.sampled_from(CATALOGUE), "Område": st.sampled_from(AREAS_VOCAB),
    "Kommun": st.sampled_from(AREAS_VOCAB), "År": st.sampled_from([2020, 2021, "2022", 2023]),
    "Kön": st.sampled_from(["Totalt", "Kvinnor", "Män", "K", None]),
    "Skola": st.sampled_from(["Exempelskola Berga 1", "Exempelskola Ryd 1", "Linköping"]),
    "Skolenhetskod": st.sampled_from(["90000011", "90000021", ""]),
    "Id": st.sampled_from(["1.1", "1.2", "1.3", "1.4", "1.10"]),
    "Åtgärd": st.sampled_from(["Bilda områdesteam", "Språkpraktik"]),
    "Status": st.sampled_from(["Pågår", "Genomförd", "Ej genomförd"]),
    "Utvecklingsområde": st.sampled_from([1, 1, "1", 2]), "Uppföljningsår": st.sampled_from([2021, 2022]),
    "Enhet": st.just(""), "Källa": st.sampled_from(["", "SCB"]),
    "Kommentar": st.sampled_from(["", "reviderat", "=1+1"]),
    "Beslut inför nästa år": st.sampled_from(["Vidmakthållen åtgärd 2022", "", "Oklart"]),
    "Genomsnittligt meritvärde (17 ämnen)": st.one_of(small_values, st.sampled_from(["225,4", "~"])),
}
WEIRD = {"År": st.sampled_from(["2021*", 1899, dt.datetime(2021, 1, 1), 2021.5]),
         "Indikator": st.sampled_from(["Okänd indikator", "", "Valdeltagande"]),
         "Enhet": st.sampled_from(["%", "antal"]),
         "Kön": st.sampled_from(["Båda", "?"]), "Område": st.sampled_from(["Bergaa", "", "B" * 300])}


LAYOUT_KIND = {"mall": "mall", "long": "forsorjningsstod", "households": "forsorjningsstod",
               "wide": "forsorjningsstod", "bra": "brottsstatistik", "merit": "meritvarde",
               "measures": "atgarder", "none": None}


@st.composite
def grids(draw, layout: str):
    rows: list[list[object]] = []
    title = draw(st.sampled_from(TITLES[layout]))
    if title:
        rows.append([title])
    if layout == "wide":
        header: list[object] = ["Område"] + draw(st.lists(st.sampled_from(
            [2019, 2020, 2021, "2022", 2023]), min_size=1, max_size=4, unique=True))
    else:
        header = list(HEADERS[layout])
    if header and draw(st.integers(0, 9)) == 0:  # damage the header now and then
        i = draw(st.integers(0, len(header) - 1))
        header[i] = draw(st.sampled_from([None, "Värde", "Område", "2021*", dt.datetime(2021, 1, 1)]))
    if header:
        rows.append(header)
    width = max(len(header), 3)
    chaos = draw(st.sampled_from([0, 0, 0, 0, 2, 5, 20, 60]))  # per cent of cells drawn at random
    for _ in range(draw(st.sampled_from([0, 1, 2, 3, 5, 8]))):
        row = []
        for c in range(width):
            name = header[c] if c < len(header) and isinstance(header[c], str) else None
            if layout == "wide":
                name = "Område" if c == 0 else None
            roll = draw(st.integers(0, 99))
            if roll < chaos:
                row.append(draw(cells))  # anything at all
            elif roll < 2 * chaos and name in WEIRD:
                row.append(draw(WEIRD[name]))
            else:
                row.append(draw(VALID.get(name, small_values)))
        rows.append(row)
    return rows


def _csv_bytes(rows, delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(rows, sheet_name: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    for row in rows:
        clean = []
        for cell in row:
            if isinstance(cell, str):
                cell = ILLEGAL_CHARACTERS_RE.sub("", cell)
            elif isinstance(cell, float) and not math.isfinite(cell):
                cell = str(cell)  # xlsx has no NaN or infinity
            clean.append(cell)
        sheet.append(clean)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def files(draw):
    """(grid, file form, kind given to the importer, sheet name); the kind usually fits."""
    layout = draw(st.sampled_from(list(LAYOUT_KIND)))
    grid = draw(grids(layout))
    form = draw(st.sampled_from(["csv;", "csv,", "csv-cp1252", "xlsx"]))
    roll = draw(st.integers(0, 9))
    kind = LAYOUT_KIND[layout] if roll < 8 else None if roll < 9 else draw(st.sampled_from(KINDS))
    sheet_name = draw(st.sampled_from(["Data", "Blad1", "Uppföljning 2022", "Andel (%)"]))
    return grid, form, kind, sheet_name


def _file(grid, form, sheet_name) -> tuple[bytes, str]:
    if form == "xlsx":
        return _xlsx_bytes(grid, sheet_name), "fuzz.xlsx"
    if form == "csv-cp1252":
        return _csv_bytes(grid, ";", "cp1252"), "fuzz.csv"
    return _csv_bytes(grid, form[-1], "utf-8-sig"), "fuzz.csv"


def _source_cell(grid_by_sheet, row) -> object:
    rows = grid_by_sheet
    r = int(row.source_row) - 1
    letters = str(row.source_column)
    c = next(i for i in range(16_384) if column_letter(i) == letters)
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def _assert_no_symbol_became_zero(batch: Batch, grid) -> None:
    obs = batch.observations
    for row in obs.itertuples(index=False):
        flag = None if pd.isna(row.flag) else row.flag
        if flag == ZERO_BY_SOURCE:
            assert batch.kind == "brottsstatistik", row
        if pd.isna(row.value) or row.value != 0 or flag == ZERO_BY_SOURCE:
            continue
        if pd.isna(row.source_row) or pd.isna(row.source_column):
            continue  # aggregated from several cells (meritvärde per area)
        cell = _source_cell(grid, row)
        if isinstance(cell, str):
            assert _has_digit(cell), f"{cell!r} lagrades som 0 ({row})"
        else:
            assert isinstance(cell, (int, float)) and not isinstance(cell, bool), (cell, row)


class _Quiet:
    """Hypothesis prints every argument of a failing example; keep the reference data short."""

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        return "<referensdata>"


@pytest.fixture(scope="module")
def quiet_ref(hardening_ref):
    return _Quiet(hardening_ref)


@pytest.fixture(scope="module")
def quiet_store(guarded_store):
    return _Quiet(guarded_store)


@FUZZ_FILES
@given(spec=files())
def test_parse_returns_a_batch_or_import_failed(spec, quiet_ref):
    grid, form, kind, sheet_name = spec
    data, name = _file(grid, form, sheet_name)
    try:
        batch = parse(data, name, quiet_ref.value, kind)
    except ImportFailed as exc:
        assert exc.problems and all(str(p).startswith(("Fel i", "Varning i")) for p in exc.problems)
        return
    assert isinstance(batch, Batch)
    if form == "xlsx":  # the reader sees what openpyxl wrote; in a csv every cell is text
        _assert_no_symbol_became_zero(batch, grid)
    else:
        _assert_no_symbol_became_zero(batch, [["" if c is None else str(c) for c in r] for r in grid])


@settings(FUZZ, max_examples=40)
@given(spec=files())
def test_a_failed_import_changes_nothing(spec, quiet_store):
    guarded_store = quiet_store.value
    grid, form, kind, sheet_name = spec
    data, name = _file(grid, form, sheet_name)
    before = table_checksums(guarded_store)
    try:
        summary, _ = import_bytes(guarded_store, data, name, kind)
    except ImportFailed:
        assert table_checksums(guarded_store) == before
        return
    zeros = guarded_store.execute(
        "SELECT count(*) FROM observations WHERE import_id = ? AND flag = ?",
        [summary.import_id, ZERO_BY_SOURCE]).fetchone()[0]
    assert zeros == 0 or summary.kind == "brottsstatistik"
