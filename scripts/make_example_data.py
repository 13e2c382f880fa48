"""Generate the INVENTED example data that Indikatorpanelen ships with.

Why this exists: the dashboard has to be demonstrable and testable before the real
statistics files arrive from socialförvaltningen, Skolverket, BRÅ and SCB. The files
written here mimic the quirks of those sources (preamble lines, decimal comma, space and
non-breaking-space thousands separators, suppressed ".." cells, BRÅ's "-" for zero, a
header-less 2021 BRÅ file, a verbatim duplicated Skolverket row ...) so that the loaders
are exercised against realistic input. See docs/filformat.md for the formats.

Every value is made up. Each value file carries the marker ``EXEMPELDATA (Indikatorpanelen)``
in a cell of its own: that marker, and nothing else, makes the loaders store its values as
example data (a file name is no marker: a real file may well be called «exempelvis…»). Where
the format allows it, a visible line also says ``EXEMPELDATA – påhittade värden, inte verklig
statistik``. skolor_exempel.csv and befolkning_exempel.csv are reference tables, not imports.

The output is deterministic: every data set draws from its own ``random.Random`` seeded
with a fixed string, and the xlsx files get a fixed creation/modification time, so running
the script twice gives byte-identical files and a clean diff in version control.

Run from the repository root (or anywhere):  python scripts/make_example_data.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXAMPLE_DIR = DATA / "exempel"

EXAMPLE_LINE = "EXEMPELDATA – påhittade värden, inte verklig statistik"
# The marker that makes a file example data for the loaders (loaders.reading.EXAMPLE_MARKER):
# a cell holding exactly this. Nothing else does: not a file name, not a title.
MARKER = "EXEMPELDATA (Indikatorpanelen)"
SEED = "indikatorpanelen-exempeldata-v1"
# A fixed timestamp for the xlsx document properties; a changing one would make every run
# produce a different file and pollute diffs.
FIXED_DATETIME = dt.datetime(2025, 1, 1, 12, 0, 0)
YEARS: tuple[int, ...] = tuple(range(2012, 2025))
ANCHOR_YEAR = 2021  # the year the brief's magnitudes refer to

NBSP = "\u00a0"
CRLF = "\r\n"
LF = "\n"

KOMMUN = "0580"
RIKET = "00"


# ---------------------------------------------------------------------------------------
# Catalogues (read, never written)
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Area:
    """One row of data/omraden.csv; only the fields the generator needs."""

    code: str
    name: str
    level: str
    priority: bool


@dataclass(frozen=True)
class Indicator:
    """One row of data/indikatorer.csv; only the fields the generator needs."""

    id: str
    name: str
    unit: str
    decimals: int
    source: str


def read_areas(path: Path = DATA / "omraden.csv") -> list[Area]:
    """Read the area catalogue so names and codes always match what the loaders expect."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [Area(r["kod"], r["namn"], r["niva"], r["prioriterat"] == "ja")
                for r in csv.DictReader(fh, delimiter=";")]


def read_indicators(path: Path = DATA / "indikatorer.csv") -> dict[str, Indicator]:
    """Read the indicator catalogue so the template uses the catalogue's names and units."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: Indicator(r["id"], r["namn"], r["enhet"], int(r["decimaler"]), r["kalla"])
                for r in csv.DictReader(fh, delimiter=";")}


AREAS = read_areas()
AREA_BY_CODE = {a.code: a for a in AREAS}
DISTRICTS = [a for a in AREAS if a.level == "omrade"]
PRIORITY = [a for a in DISTRICTS if a.priority]
KOMMUN_AREA = AREA_BY_CODE[KOMMUN]
RIKET_AREA = AREA_BY_CODE[RIKET]
INDICATORS = read_indicators()


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------

def rng_for(name: str) -> random.Random:
    """A generator per data set, so editing one data set does not reshuffle the others.

    String seeds are hashed with SHA-512 by ``random.seed`` and are therefore stable across
    runs and unaffected by PYTHONHASHSEED.
    """
    return random.Random(f"{SEED}/{name}")


def fmt_int(n: int, sep: str = " ") -> str:
    """Integer with a thousands separator, as Swedish statistics files write them."""
    text = f"{n:,}"
    return text.replace(",", sep)


def fmt_dec(x: float, decimals: int = 1) -> str:
    """Number with decimal comma (Swedish style)."""
    return f"{x:.{decimals}f}".replace(".", ",")


def write_text(path: Path, lines: Iterable[str], *, bom: bool, newline: str) -> None:
    """Write lines with an exact encoding and line ending, independent of the platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = newline.join(lines) + newline
    data = body.encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def new_workbook(path: Path, title: str) -> xlsxwriter.Workbook:
    """An xlsx workbook with fixed document properties, for reproducible bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({
        "title": title,
        "author": "Indikatorpanelen (scripts/make_example_data.py)",
        "comments": EXAMPLE_LINE if "exempel" in path.name else "",
        "created": FIXED_DATETIME,  # xlsxwriter also uses this as the modified time
    })
    return wb


def linear(year: int, start_year: int, start: float, end_year: int, end: float) -> float:
    """Straight-line interpolation; trends in the example data are deliberately smooth."""
    return start + (end - start) * (year - start_year) / (end_year - start_year)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ---------------------------------------------------------------------------------------
# 6. Population (used by several other data sets, so it comes first)
# ---------------------------------------------------------------------------------------

DISTRICT_POP_2021: dict[str, int] = {
    "0580-BER": 6_500, "0580-RYD": 9_000, "0580-SKA": 9_500, "0580-LAM": 7_000,
    "0580-EKH": 8_000, "0580-JOH": 4_500, "0580-GOT": 7_500, "0580-VAS": 8_500,
    "0580-IST": 12_000, "0580-TKT": 1_500,
}
# Yearly growth; Tornby-Kallerstad is the small district with new housing, so it grows fastest.
DISTRICT_GROWTH: dict[str, float] = {
    "0580-BER": 0.005, "0580-RYD": 0.008, "0580-SKA": 0.004, "0580-LAM": 0.006,
    "0580-EKH": 0.003, "0580-JOH": 0.009, "0580-GOT": 0.007, "0580-VAS": 0.009,
    "0580-IST": 0.010, "0580-TKT": 0.040,
}


def make_population() -> dict[tuple[str, int], int]:
    """Population per area and year: smooth growth with a little noise."""
    rng = rng_for("befolkning")
    pop: dict[tuple[str, int], int] = {}
    for area in DISTRICTS:
        base, growth = DISTRICT_POP_2021[area.code], DISTRICT_GROWTH[area.code]
        for year in YEARS:
            value = base * (1 + growth) ** (year - ANCHOR_YEAR) * (1 + rng.gauss(0, 0.002))
            pop[(area.code, year)] = round(value)
    for year in YEARS:
        kommun = linear(year, 2012, 150_000, 2024, 166_000) + rng.gauss(0, 150)
        pop[(KOMMUN, year)] = round(kommun)
        riket = linear(year, 2012, 9_500_000, 2024, 10_550_000) + rng.gauss(0, 4_000)
        pop[(RIKET, year)] = round(riket)
    return pop


def write_population(pop: dict[tuple[str, int], int]) -> Path:
    """data/befolkning_exempel.csv – needed to turn district crime counts into rates."""
    path = DATA / "befolkning_exempel.csv"
    lines = ["omrade;ar;folkmangd"]
    for area in [RIKET_AREA, KOMMUN_AREA, *DISTRICTS]:
        lines += [f"{area.code};{year};{pop[(area.code, year)]}" for year in YEARS]
    write_text(path, lines, bom=False, newline=LF)
    return path


# ---------------------------------------------------------------------------------------
# 1–2. Ekonomiskt bistånd (försörjningsstöd)
# ---------------------------------------------------------------------------------------

SHARE_2021: dict[str, float] = {
    "0580-SKA": 18.9, "0580-BER": 9.4, "0580-RYD": 5.7, "0580-LAM": 3.6, "0580-EKH": 3.1,
    "0580-JOH": 2.4, "0580-GOT": 1.9, "0580-VAS": 1.5, "0580-IST": 1.2, "0580-TKT": 2.8,
    KOMMUN: 3.2, RIKET: 3.8,
}
HOUSEHOLDS_2021: dict[str, int] = {"0580-SKA": 600, "0580-BER": 300, "0580-RYD": 250, KOMMUN: 2_500}
# Cells shown as ".." in the wide file: small districts, gender blocks only (brief: 3–6 cells).
SUPPRESSED_SHARE_CELLS: set[tuple[str, str, int]] = {
    ("0580-TKT", "Kvinnor", 2013), ("0580-TKT", "Kvinnor", 2016),
    ("0580-TKT", "Män", 2019), ("0580-JOH", "Män", 2014), ("0580-JOH", "Kvinnor", 2022),
}


def make_assistance_shares() -> dict[tuple[str, str, int], float]:
    """Share (%) of inhabitants in households with ekonomiskt bistånd, per area/sex/year.

    2012 lies 25–35 % above 2021 and the decline continues slowly after 2021; women are a
    few per cent above the total and men a few per cent below (always within ±15 %).
    """
    rng = rng_for("forsorjningsstod_andel")
    shares: dict[tuple[str, str, int], float] = {}
    for code, anchor in SHARE_2021.items():
        ratio_2012 = rng.uniform(1.25, 1.35)
        gap = rng.uniform(0.03, 0.09)  # relative women/men difference for this area
        for year in YEARS:
            if year <= ANCHOR_YEAR:
                factor = linear(year, 2012, ratio_2012, ANCHOR_YEAR, 1.0)
            else:
                factor = 1.0 - 0.4 * (ratio_2012 - 1) / 9 * (year - ANCHOR_YEAR)
            total = anchor * factor * (1 + rng.gauss(0, 0.015))
            shares[(code, "Totalt", year)] = total
            shares[(code, "Kvinnor", year)] = total * (1 + gap + rng.gauss(0, 0.015))
            shares[(code, "Män", year)] = total * (1 - gap + rng.gauss(0, 0.015))
    return shares


def write_assistance_wide(shares: dict[tuple[str, str, int], float]) -> Path:
    """Wide layout (format section 1): one sheet, three blocks Totalt/Kvinnor/Män."""
    path = EXAMPLE_DIR / "exempel_forsorjningsstod_andel.xlsx"
    wb = new_workbook(path, "Invånare i hushåll med ekonomiskt bistånd, andel (%) – exempeldata")
    ws = wb.add_worksheet("Andel (%)")
    bold = wb.add_format({"bold": True})
    italic_red = wb.add_format({"italic": True, "font_color": "#C00000"})
    title = wb.add_format({"bold": True, "font_size": 12})
    one_dec = wb.add_format({"num_format": "0.0"})
    text_right = wb.add_format({"align": "right"})

    ws.write_string(0, 0, EXAMPLE_LINE, italic_red)
    ws.write_string(1, 0, "Invånare i hushåll med ekonomiskt bistånd, andel (%)", title)
    ws.write_string(2, 0, MARKER, italic_red)
    ws.set_column(0, 0, 20)
    ws.set_column(1, len(YEARS), 7)
    areas = [*DISTRICTS, KOMMUN_AREA, RIKET_AREA]
    row = 3
    for block in ("Totalt", "Kvinnor", "Män"):
        ws.write_string(row, 0, block, bold)
        row += 1
        ws.write_string(row, 0, "Område", bold)
        for col, year in enumerate(YEARS, start=1):
            ws.write_number(row, col, year, bold)
        row += 1
        for area in areas:
            ws.write_string(row, 0, area.name)
            for col, year in enumerate(YEARS, start=1):
                if (area.code, block, year) in SUPPRESSED_SHARE_CELLS:
                    ws.write_string(row, col, "..", text_right)
                else:
                    ws.write_number(row, col, round(shares[(area.code, block, year)], 1), one_dec)
            row += 1
        row += 1  # blank row between blocks
    wb.close()
    return path


def write_assistance_households(shares: dict[tuple[str, str, int], float],
                                pop: dict[tuple[str, int], int]) -> Path:
    """Long layout: households per area and year, moving with the share and population."""
    rng = rng_for("forsorjningsstod_hushall")
    path = EXAMPLE_DIR / "exempel_forsorjningsstod_hushall.csv"
    lines = [EXAMPLE_LINE, MARKER, "Område;År;Kön;Antal hushåll"]
    for area in [*DISTRICTS, KOMMUN_AREA]:
        code = area.code
        if code in HOUSEHOLDS_2021:
            base = HOUSEHOLDS_2021[code]
        else:  # about two persons per household in the other districts
            base = SHARE_2021[code] / 100 * DISTRICT_POP_2021[code] / rng.uniform(1.9, 2.2)
        for year in YEARS:
            trend = (shares[(code, "Totalt", year)] / SHARE_2021[code]
                     * pop[(code, year)] / pop[(code, ANCHOR_YEAR)])
            count = max(1, round(base * trend * (1 + rng.gauss(0, 0.01))))
            lines.append(f"{area.name};{year};Totalt;{fmt_int(count)}")
    write_text(path, lines, bom=True, newline=CRLF)
    return path


# ---------------------------------------------------------------------------------------
# 3–4. Schools and meritvärde åk 9
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class School:
    """An invented school; the name says so, the code is outside the real code range."""

    code: str
    name: str
    area: str
    operator: str  # Huvudman


SCHOOLS_PER_DISTRICT: dict[str, int] = {
    "0580-BER": 2, "0580-RYD": 2, "0580-SKA": 2, "0580-LAM": 2, "0580-EKH": 1,
    "0580-JOH": 1, "0580-GOT": 1, "0580-VAS": 1, "0580-IST": 2, "0580-TKT": 1,
}
# Independent ("Enskild") schools, to make the Huvudman column realistic.
INDEPENDENT = {"Exempelskola Innerstaden 2", "Exempelskola Lambohov 2"}
# Range of the total meritvärde for schools in each district (brief magnitudes).
MERIT_RANGE: dict[str, tuple[float, float]] = {
    "0580-SKA": (180, 195), "0580-BER": (195, 210), "0580-RYD": (205, 215),
}
OTHER_MERIT_RANGE = (225.0, 265.0)


def make_schools() -> list[School]:
    """1–2 invented schools per district, codes 90000DDS (DD = district no., S = school no.)."""
    schools: list[School] = []
    for d_no, area in enumerate(DISTRICTS, start=1):
        for s_no in range(1, SCHOOLS_PER_DISTRICT[area.code] + 1):
            name = f"Exempelskola {area.name} {s_no}"
            code = f"90000{d_no:02d}{s_no}"  # 8 digits, e.g. 90000011 = Berga 1
            schools.append(School(code, name, area.code,
                                  "Enskild" if name in INDEPENDENT else "Kommunal"))
    return schools


def write_schools(schools: Sequence[School]) -> Path:
    """data/skolor_exempel.csv – links school codes to areas for the meritvärde loader."""
    path = DATA / "skolor_exempel.csv"
    lines = ["skolenhetskod;skola;omrade", *(f"{s.code};{s.name};{s.area}" for s in schools)]
    write_text(path, lines, bom=False, newline=LF)
    return path


# Per year: schools with a gender group under 10 pupils (so its meritvärde becomes "..").
# Berga 2 in 2017 and Skäggetorp 1 in 2021 make the district value partly suppressed.
SMALL_GENDER: dict[int, list[tuple[str, str]]] = {
    2012: [("Exempelskola Tornby-Kallerstad 1", "Flickor")],
    2013: [("Exempelskola Johannelund 1", "Pojkar")],
    2014: [("Exempelskola Tornby-Kallerstad 1", "Pojkar"), ("Exempelskola Gottfridsberg 1", "Flickor")],
    2015: [("Exempelskola Tornby-Kallerstad 1", "Flickor")],
    2016: [("Exempelskola Johannelund 1", "Flickor")],
    2017: [("Exempelskola Berga 2", "Flickor"), ("Exempelskola Tornby-Kallerstad 1", "Pojkar")],
    2018: [("Exempelskola Vasastaden 1", "Pojkar")],
    2019: [("Exempelskola Tornby-Kallerstad 1", "Flickor")],
    2020: [("Exempelskola Ekholmen 1", "Pojkar"), ("Exempelskola Johannelund 1", "Flickor")],
    2021: [("Exempelskola Skäggetorp 1", "Pojkar")],
    2022: [("Exempelskola Tornby-Kallerstad 1", "Pojkar")],
    2023: [("Exempelskola Johannelund 1", "Pojkar"), ("Exempelskola Berga 1", "Flickor")],
    2024: [("Exempelskola Tornby-Kallerstad 1", "Flickor")],
}
DUPLICATE_ROW = (2019, "Exempelskola Ryd 1")  # Skolverket quirk: the same row twice
MISSING_BOYS = (2016, "Exempelskola Lambohov 1")  # "." for Pojkar meritvärde
# Schools in Linköping that are not in the example list (e.g. other independent schools);
# they make the kommun row differ a little from the mean of the listed schools.
OTHER_PUPILS = (550, 700)
OTHER_MERIT = 258.0


@dataclass
class MeritRow:
    """One row of a Skolverket-style file, already formatted as text cells."""

    cells: list[str]


def merit_cells(n_tot: int, m_tot: float | None, n_f: int, m_f: float | None, n_p: int,
                m_p: float | None, sep: str = " ", missing_boys: bool = False) -> list[str]:
    """The six count/meritvärde cells; groups under 10 pupils are suppressed with ".."."""
    def merit(n: int, m: float | None) -> str:
        return ".." if n < 10 or m is None else fmt_dec(m)
    boys = "." if missing_boys else merit(n_p, m_p)
    return [fmt_int(n_tot, sep), merit(n_tot, m_tot), fmt_int(n_f, sep), merit(n_f, m_f),
            fmt_int(n_p, sep), boys]


def write_merit_files(schools: Sequence[School]) -> list[Path]:
    """One Skolverket-style CSV per year (format section 2)."""
    rng = rng_for("meritvarde")
    # Fixed per-school characteristics drawn once, so a school stays "the same" over the years.
    base_merit = {s.name: rng.uniform(*MERIT_RANGE.get(s.area, OTHER_MERIT_RANGE)) for s in schools}
    base_pupils = {s.name: rng.randint(45, 105) for s in schools}
    paths: list[Path] = []
    for year in YEARS:
        subjects = 16 if year <= 2014 else 17
        merit_col = f"Genomsnittligt meritvärde ({subjects} ämnen)"
        trend = 0.4 * (year - ANCHOR_YEAR)
        small = dict(SMALL_GENDER.get(year, []))
        rows: list[MeritRow] = []
        kom_n = kom_nf = kom_np = 0
        kom_sum = kom_sum_f = kom_sum_p = 0.0
        for s in sorted(schools, key=lambda s: s.name):
            n = max(40, min(110, base_pupils[s.name] + rng.randint(-8, 8)))
            if s.name in small:
                n_small = rng.randint(5, 9)
                n_f, n_p = (n_small, n - n_small) if small[s.name] == "Flickor" else (n - n_small, n_small)
            else:
                n_f = round(n * rng.uniform(0.42, 0.56))
                n_p = n - n_f
            total = base_merit[s.name] + trend + rng.gauss(0, 3)
            gap = rng.gauss(20, 4)  # flickor above pojkar
            m_f = total + gap * n_p / n
            m_p = total - gap * n_f / n
            missing_boys = (year, s.name) == MISSING_BOYS
            cells = [s.name, s.code, "Linköping", s.operator,
                     *merit_cells(n, total, n_f, m_f, n_p, m_p, missing_boys=missing_boys)]
            rows.append(MeritRow(cells))
            if (year, s.name) == DUPLICATE_ROW:
                rows.append(MeritRow(list(cells)))
            kom_n, kom_nf, kom_np = kom_n + n, kom_nf + n_f, kom_np + n_p
            kom_sum, kom_sum_f, kom_sum_p = kom_sum + n * total, kom_sum_f + n_f * m_f, kom_sum_p + n_p * m_p
        # Kommun row: listed schools plus unlisted ones, so close to but not equal to the mean.
        o_n = rng.randint(*OTHER_PUPILS)
        o_nf = round(o_n * rng.uniform(0.47, 0.51))
        o_np = o_n - o_nf
        o_m = OTHER_MERIT + trend + rng.gauss(0, 1.5)
        o_gap = rng.gauss(20, 2)
        o_mf, o_mp = o_m + o_gap * o_np / o_n, o_m - o_gap * o_nf / o_n
        k_n, k_nf, k_np = kom_n + o_n, kom_nf + o_nf, kom_np + o_np
        kommun = merit_cells(k_n, (kom_sum + o_n * o_m) / k_n, k_nf, (kom_sum_f + o_nf * o_mf) / k_nf,
                             k_np, (kom_sum_p + o_np * o_mp) / k_np)
        # Riket: about 100 000–115 000 pupils, non-breaking space as thousands separator.
        r_n = round(linear(year, 2012, 100_500, 2024, 114_000) + rng.gauss(0, 600))
        r_nf = round(r_n * rng.uniform(0.485, 0.495))
        r_np = r_n - r_nf
        r_m = 220.0 + 0.65 * (year - 2012) + rng.gauss(0, 0.6)
        r_gap = rng.gauss(21, 0.8)
        riket = merit_cells(r_n, r_m, r_nf, r_m + r_gap * r_np / r_n, r_np, r_m - r_gap * r_nf / r_n,
                            sep=NBSP)
        lines = [
            "Slutbetyg årskurs 9, samtliga elever",
            EXAMPLE_LINE,
            MARKER,
            f"Läsår {year - 1}/{year % 100:02d}",
            "",
            ";;;;Totalt;;Flickor;;Pojkar;",
            ";".join(["Skola", "Skolenhetskod", "Kommun", "Huvudman",
                      "Antal elever", merit_col, "Antal elever", merit_col, "Antal elever", merit_col]),
            *(";".join(r.cells) for r in rows),
            ";".join(["Linköping (samtliga skolor)", "", "Linköping", "Samtliga", *kommun]),
            ";".join(["Riket", "", "", "Samtliga", *riket]),
        ]
        path = EXAMPLE_DIR / "meritvarde" / f"exempel_meritvarde_ak9_{year}.csv"
        write_text(path, lines, bom=True, newline=CRLF)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------
# 5. Anmälda våldsbrott, BRÅ style
# ---------------------------------------------------------------------------------------

# Reported violent crimes per 1 000 inhabitants in each district (brief magnitudes).
CRIME_PER_1000: dict[str, float] = {
    "0580-SKA": 25.0, "0580-BER": 18.0, "0580-RYD": 14.0, "0580-LAM": 8.0, "0580-EKH": 7.0,
    "0580-JOH": 6.0, "0580-GOT": 6.5, "0580-VAS": 8.5, "0580-IST": 10.0, "0580-TKT": 5.0,
}
CRIME_ZERO = (2017, "0580-TKT")  # BRÅ writes "-" for zero
CRIME_SUPPRESSED = (2015, "0580-GOT")  # ".."
FIRST_TITLED_YEAR = 2022  # BRÅ files from 2022 have a title line
HEADERLESS_YEAR = 2021  # the 2021 file has neither title nor column header


def write_crime_files(pop: dict[tuple[str, int], int]) -> list[Path]:
    """One BRÅ-style CSV per year (format section 3)."""
    rng = rng_for("valdsbrott")
    header = "Kommun;Antal;Per 100 000 inv."
    paths: list[Path] = []
    for year in YEARS:
        wave = 1 + 0.04 * ((year - 2012) % 5 - 2) / 2  # a gentle up-and-down, not a straight line
        kommun_rate = 1_000 * wave * (1 + rng.gauss(0, 0.02))
        kommun_count = round(kommun_rate * pop[(KOMMUN, year)] / 100_000)
        riket_rate = 950 * (1 + 0.006 * (year - 2018)) * (1 + rng.gauss(0, 0.015))
        riket_count = round(riket_rate * pop[(RIKET, year)] / 100_000)
        kommun_name = "Linköpings" if year == HEADERLESS_YEAR else KOMMUN_AREA.name
        lines: list[str] = [MARKER]
        if year >= FIRST_TITLED_YEAR:
            lines.append(f"Anmälda våldsbrott {year} – EXEMPELDATA, påhittade värden")
        if year != HEADERLESS_YEAR:
            lines.append(header)
        rate = round(kommun_count / pop[(KOMMUN, year)] * 100_000)
        lines.append(f"{kommun_name};{fmt_int(kommun_count)};{rate}")
        for area in DISTRICTS:
            if (year, area.code) == CRIME_ZERO:
                count_text = "-"
            elif (year, area.code) == CRIME_SUPPRESSED:
                count_text = ".."
            else:
                per_1000 = CRIME_PER_1000[area.code] * wave * (1 + rng.gauss(0, 0.08))
                count_text = fmt_int(max(1, round(per_1000 * pop[(area.code, year)] / 1_000)))
            lines.append(f"{area.name};{count_text};")
        rate = round(riket_count / pop[(RIKET, year)] * 100_000)
        lines.append(f"Hela landet;{fmt_int(riket_count)};{rate}")
        path = EXAMPLE_DIR / "brottsstatistik" / f"exempel_valdsbrott_{year}.csv"
        write_text(path, lines, bom=True, newline=CRLF)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------
# 7–8. Indicator template (filled example and blank)
# ---------------------------------------------------------------------------------------

TEMPLATE_COLUMNS = ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa", "Kommentar"]
TEMPLATE_WIDTHS = [38, 22, 8, 10, 10, 16, 40, 50]
SEXES = ("Totalt", "Kvinnor", "Män")

# Level around which each indicator moves (per area code); "other" covers remaining districts.
FORVARV = {"0580-SKA": 50, "0580-BER": 60, "0580-RYD": 58, "0580-LAM": 75, "0580-EKH": 77,
           "0580-JOH": 80, "0580-GOT": 81, "0580-VAS": 82, "0580-IST": 80, "0580-TKT": 72,
           KOMMUN: 78, RIKET: 79}
GYMNASIE = {"0580-SKA": 58, "0580-BER": 61, "0580-RYD": 65, KOMMUN: 73, RIKET: 71}
VALDELTAGANDE = {"0580-SKA": 55, "0580-BER": 62, "0580-RYD": 65, "0580-LAM": 81, "0580-EKH": 84,
                 "0580-JOH": 88, "0580-GOT": 90, "0580-VAS": 89, "0580-IST": 88, "0580-TKT": 79,
                 KOMMUN: 86, RIKET: 84}
OTRYGGHET = {"0580-SKA": 48, "0580-BER": 42, "0580-RYD": 37, KOMMUN: 25}
FRITID = {"0580-SKA": 42, "0580-BER": 46, "0580-RYD": 50, "0580-LAM": 56, "0580-EKH": 59,
          "0580-JOH": 62, "0580-GOT": 64, "0580-VAS": 63, "0580-IST": 60, "0580-TKT": 55, KOMMUN: 58}

# A handful of suppressed cells: (indicator id, area code, year, sex).
TEMPLATE_SUPPRESSED: set[tuple[str, str, int, str]] = {
    ("forvarvsfrekvens", "0580-TKT", 2013, "Kvinnor"),
    ("forvarvsfrekvens", "0580-TKT", 2013, "Män"),
    ("gymnasieexamen_andel", "0580-RYD", 2015, "Kvinnor"),
    ("otrygghet_andel", "0580-BER", 2016, "Män"),
    ("fritidsaktivitet_andel", "0580-TKT", 2020, "Totalt"),
}
TEMPLATE_COMMENTS: dict[tuple[str, str, int, str], str] = {
    ("otrygghet_andel", KOMMUN, 2020, "Totalt"):
        "Påhittad kommentar: enkäten besvarades digitalt detta år.",
    ("sfi_godkanda_andel", KOMMUN, 2020, "Totalt"):
        "Påhittad kommentar: distansundervisning under pandemin.",
    ("delaktighetsindex", KOMMUN, 2016, "Totalt"): "Påhittad kommentar: första mätningen.",
}


@dataclass(frozen=True)
class TemplateRow:
    """One row of the indicator template's Data sheet."""

    indicator: str
    area: str
    year: int
    sex: str
    value: float | str  # a number, or a symbol such as ".."
    comment: str = ""


def _series(rng: random.Random, ind_id: str, levels: dict[str, float], areas: Sequence[Area],
            years: Sequence[int], sexes: Sequence[str], *, slope: float, sex_gap: float,
            noise: float, low: float = 0.0, high: float = 100.0) -> list[TemplateRow]:
    """Rows for one indicator: a per-area level, a common slope, a women–men gap and noise.

    ``sex_gap`` is women minus men in percentage points; positive means women are higher.
    """
    decimals = INDICATORS[ind_id].decimals
    mid = (years[0] + years[-1]) / 2
    rows: list[TemplateRow] = []
    for area in areas:
        area_gap = sex_gap * rng.uniform(0.7, 1.3)
        for year in years:
            total = levels[area.code] + slope * (year - mid) + rng.gauss(0, noise)
            for sex in sexes:
                offset = {"Totalt": 0.0, "Kvinnor": area_gap / 2, "Män": -area_gap / 2}[sex]
                key = (ind_id, area.code, year, sex)
                value: float | str
                if key in TEMPLATE_SUPPRESSED:
                    value = ".."
                else:
                    x = min(high, max(low, total + offset + (rng.gauss(0, noise / 2) if offset else 0)))
                    value = round(x, decimals) if decimals else int(round(x))
                rows.append(TemplateRow(INDICATORS[ind_id].name, area.name, year, sex, value,
                                        TEMPLATE_COMMENTS.get(key, "")))
    return rows


def make_template_rows() -> list[tuple[str, TemplateRow]]:
    """All rows of the filled example template, paired with their indicator id."""
    rng = rng_for("indikatormall")
    everyone = [*DISTRICTS, KOMMUN_AREA, RIKET_AREA]
    batches: list[tuple[str, list[TemplateRow]]] = [
        ("forvarvsfrekvens", _series(rng, "forvarvsfrekvens", FORVARV, everyone, range(2012, 2024),
                                     SEXES, slope=0.4, sex_gap=-4.0, noise=0.6)),
        ("sfi_godkanda_andel", _series(rng, "sfi_godkanda_andel", {KOMMUN: 67.5, RIKET: 65.0},
                                       [KOMMUN_AREA, RIKET_AREA], range(2015, 2025), ["Totalt"],
                                       slope=0.8, sex_gap=0.0, noise=1.0, low=60, high=75)),
        ("gymnasieexamen_andel", _series(rng, "gymnasieexamen_andel", GYMNASIE,
                                         [*PRIORITY, KOMMUN_AREA, RIKET_AREA], range(2014, 2025),
                                         SEXES, slope=0.5, sex_gap=6.0, noise=1.5)),
        ("delaktighetsindex", _series(rng, "delaktighetsindex", {KOMMUN: 75.0}, [KOMMUN_AREA],
                                      range(2016, 2025), ["Totalt"], slope=1.7, sex_gap=0.0,
                                      noise=1.5, low=65, high=85)),
        ("valdeltagande", _series(rng, "valdeltagande", VALDELTAGANDE, everyone, [2014, 2018, 2022],
                                  ["Totalt"], slope=0.0, sex_gap=0.0, noise=1.2)),
        ("otrygghet_andel", _series(rng, "otrygghet_andel", OTRYGGHET, [*PRIORITY, KOMMUN_AREA],
                                    [2016, 2018, 2020, 2022, 2024], SEXES, slope=-0.4,
                                    sex_gap=12.0, noise=1.5)),
        ("fritidsaktivitet_andel", _series(rng, "fritidsaktivitet_andel", FRITID,
                                           [*DISTRICTS, KOMMUN_AREA], range(2018, 2025), ["Totalt"],
                                           slope=0.3, sex_gap=0.0, noise=1.5, low=40, high=65)),
    ]
    return [(ind_id, row) for ind_id, rows in batches for row in rows]


def _template_header(wb: xlsxwriter.Workbook, ws: xlsxwriter.worksheet.Worksheet) -> None:
    """Bold, frozen header row with sensible widths – shared by the blank and filled template."""
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    for col, (name, width) in enumerate(zip(TEMPLATE_COLUMNS, TEMPLATE_WIDTHS)):
        ws.write_string(0, col, name, bold)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)


def write_filled_template() -> Path:
    """data/exempel/exempel_indikatorer_mall.xlsx – the template filled with example rows."""
    path = EXAMPLE_DIR / "exempel_indikatorer_mall.xlsx"
    wb = new_workbook(path, "Indikatormall – exempeldata")
    ws = wb.add_worksheet("Data")
    _template_header(wb, ws)
    right = wb.add_format({"align": "right"})
    for r, (ind_id, row) in enumerate(make_template_rows(), start=1):
        ind = INDICATORS[ind_id]
        ws.write_string(r, 0, row.indicator)
        ws.write_string(r, 1, row.area)
        ws.write_number(r, 2, row.year)
        ws.write_string(r, 3, row.sex)
        if isinstance(row.value, str):
            ws.write_string(r, 4, row.value, right)
        else:
            ws.write_number(r, 4, row.value)
        ws.write_string(r, 5, ind.unit)
        ws.write_string(r, 6, ind.source)
        if row.comment:
            ws.write_string(r, 7, row.comment)
    about = wb.add_worksheet("Om filen")
    about.set_column(0, 0, 100)
    red = wb.add_format({"bold": True, "font_color": "#C00000"})
    about.write_string(0, 0, EXAMPLE_LINE, red)
    about.write_string(5, 0, MARKER, red)
    notes = [
        "Filen visar hur indikatormallen (data/mall_indikatorer.xlsx) fylls i.",
        "Alla värden är påhittade och skapade av scripts/make_example_data.py.",
        "Bladet «Data» läses av Indikatorpanelen; se docs/filformat.md, avsnitt 4.",
    ]
    for i, note in enumerate(notes, start=1):
        about.write_string(i, 0, note)
    wb.close()
    return path


def write_blank_template() -> Path:
    """data/mall_indikatorer.xlsx – the empty template a strategist fills in by hand."""
    path = DATA / "mall_indikatorer.xlsx"
    wb = new_workbook(path, "Indikatormall för Indikatorpanelen")
    ws = wb.add_worksheet("Data")
    _template_header(wb, ws)
    ws.data_validation(1, 3, 5000, 3, {
        "validate": "list", "source": ["Totalt", "Kvinnor", "Män"], "error_type": "warning",
        "input_title": "Kön", "input_message": "Totalt, Kvinnor eller Män",
        "error_message": "Skriv Totalt, Kvinnor eller Män (även Samtliga, Flickor, Pojkar, T, K, M går).",
    })
    ws.data_validation(1, 2, 5000, 2, {
        "validate": "integer", "criteria": "between", "minimum": 1950, "maximum": 2100,
        "error_type": "warning", "error_message": "Skriv året med fyra siffror, t.ex. 2021.",
    })

    info = wb.add_worksheet("Instruktioner")
    info.set_column(0, 0, 24)
    info.set_column(1, 1, 100)
    h1 = wb.add_format({"bold": True, "font_size": 13})
    h2 = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    key = wb.add_format({"bold": True, "valign": "top"})
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        ("Så fyller du i mallen", [
            ("", "Skriv en rad per värde på bladet «Data». Ändra inte rubrikraden (rad 1)."),
            ("", "Filen kan sparas som .xlsx eller .csv och läses in med Indikatorpanelen."),
            ("", "Mer om filformaten finns i docs/filformat.md, avsnitt 4."),
        ]),
        ("Kolumner", [
            ("Indikator", ("Indikatorns namn eller id från data/indikatorer.csv (se listan nedan). "
                          "En ny indikator läggs till om Enhet och Källa är ifyllda.")),
            ("Område", ("Områdets namn, t.ex. Skäggetorp, Linköpings kommun eller Riket "
                       "(namnvarianter i data/omraden.csv fungerar också).")),
            ("År", "Året med fyra siffror, t.ex. 2021. Skriv inte ett datum."),
            ("Kön", "Totalt, Kvinnor eller Män. Lämnas cellen tom gäller Totalt."),
            ("Värde", ("Talet, med decimalkomma eller decimalpunkt, utan enhet. "
                      "Mellanslag som tusentalsavgränsare går bra. Specialtecken, se nedan.")),
            ("Enhet", "Enheten, t.ex. %, antal eller poäng. Behövs för nya indikatorer."),
            ("Källa", "Var värdet kommer ifrån, t.ex. SCB eller Skolverket. Behövs för nya indikatorer."),
            ("Kommentar", "Valfritt. Fri text som visas tillsammans med värdet."),
        ]),
        ("Specialtecken i Värde", [
            ("..", "Prickat: för få personer för att redovisas (sekretess). Inget värde lagras."),
            (".", "Uppgift saknas. Inget värde lagras."),
            ("-", "Uppgift saknas (bara i BRÅ:s filer betyder - noll)."),
            ("~100", "Ungefärligt värde, t.ex. «nästan alla». Lagras som 100 med flaggan ungefärligt."),
            ("(tom cell)", "Uppgift saknas."),
        ]),
        ("Ord för kön", [
            ("Totalt", "Även Samtliga, Alla eller T."),
            ("Kvinnor", "Även Flickor eller K."),
            ("Män", "Även Pojkar eller M."),
        ]),
        ("Indikatorer i katalogen (id – namn – enhet)", [
            (ind.id, f"{ind.name} ({ind.unit}); källa: {ind.source}") for ind in INDICATORS.values()
        ]),
        ("Områden (kod – namn)", [(a.code, a.name) for a in AREAS]),
    ]
    info.write_string(0, 0, "Instruktioner för indikatormallen", h1)
    row = 2
    for heading, items in sections:
        info.write_string(row, 0, heading, h2)
        row += 1
        for left, right_text in items:
            if left:
                info.write_string(row, 0, left, key)
            info.write_string(row, 1, right_text, wrap)
            row += 1
        row += 1
    wb.close()
    return path


# ---------------------------------------------------------------------------------------
# 9. data/README.md
# ---------------------------------------------------------------------------------------

README = """\
# data/ – filer som Indikatorpanelen läser

Formaten beskrivs i [docs/filformat.md](../docs/filformat.md). Den här filen skrivs av
`scripts/make_example_data.py`; ändra texten där, inte här.

## Verkliga uppgifter

| fil | innehåll |
| --- | --- |
| `atgarder_2020_uppfoljning_2021.xlsx` | Handlingsplanens 60 åtgärder och uppföljningen 2021, överförda från kommunens uppföljningsrapport (KS 2020-754). Skapas av `scripts/make_measure_register.py`. |
| `omraden.csv` | Områden (riket, kommunen och stadsdelar) med koder och namnvarianter. Verkliga namn. |
| `stadsdelar_regso.csv` | Vilka av SCB:s RegSO- och DeSO-områden en stadsdel består av, så att värden från SCB räknas om till stadsdelarna: Berga = RegSO 0580R001, Ryd = 0580R017. Skäggetorp har inget eget RegSO; tills en redaktör väljer Skäggetorps DeSO-områden står det för RegSO 0580R018 Skäggetorp-Tornby. Verkliga koder (SCB). Ändras i appen under Administration → Skolor och delområden. |
| `indikatorer.csv` | Indikatorkatalogen: namn, enhet, riktning, utvecklingsområde, källa och definition. Verkliga namn och definitioner (inga värden). En källa som hemkommunen själv står för skrivs «{hemkommun}, …» och får hemkommunens namn när databasen byggs. |
| `installningar.csv` | Hemkommunen (SCB:s kommunkod), standardområdet, standardgruppen och utvecklingsområdenas namn i Linköpings åtgärdsplan (`utvecklingsomrade_1` … `_5`). |
| `mall_indikatorer.xlsx` | Tom indikatormall att fylla i för hand, med instruktioner på bladet «Instruktioner». Innehåller inga värden. |

## PÅHITTAD EXEMPELDATA – inte verklig statistik

Allt nedan är påhittade värden som bara finns för att visa och testa panelen. Varje fil bär
markören `EXEMPELDATA (Indikatorpanelen)` i en egen cell; det är den, och bara den, som gör
att panelen läser värdena som exempeldata (inte filnamnet). Appen och
alla exporter märker värdena som exempeldata.

| fil | innehåll |
| --- | --- |
| `exempel/exempel_forsorjningsstod_andel.xlsx` | Invånare i hushåll med ekonomiskt bistånd, andel (%), 2012–2024, bred layout med blocken Totalt, Kvinnor och Män. |
| `exempel/exempel_forsorjningsstod_hushall.csv` | Hushåll med ekonomiskt bistånd (antal), 2012–2024, lång layout. |
| `exempel/meritvarde/exempel_meritvarde_ak9_<år>.csv` | Meritvärde åk 9 per skola i Skolverkets stil, en fil per år 2012–2024. |
| `exempel/brottsstatistik/exempel_valdsbrott_<år>.csv` | Anmälda våldsbrott i BRÅ:s stil, en fil per år 2012–2024. Från 2022 med rubrikrad («Anmälda våldsbrott <år> – EXEMPELDATA …»), 2012–2020 bara kolumnrubriker, 2021 helt utan rubriker och med kommunen skriven «Linköpings». |
| `exempel/exempel_indikatorer_mall.xlsx` | Indikatormallen ifylld med påhittade värden för förvärvsfrekvens, SFI, gymnasieexamen, delaktighetsindex, valdeltagande, otrygghet och fritidsaktiviteter. |
| `exempel/exempel_jamforbara_kommuner.csv` | Påhittade värden för kommunerna i «Jämförbara kommuner» (ekonomiskt bistånd, meritvärde, våldsbrott), så att jämförelsegruppens linje syns i exemplen. |
| `skolor_exempel.csv` | Påhittade skolor («Exempelskola …») med påhittade skolenhetskoder (90000011 …) och det område de hör till. Är skolkopplingen (`skolor.csv` i docs/filformat.md) för exempelskolorna. |
| `befolkning_exempel.csv` | Påhittad folkmängd per område och år; används för att räkna brott per 1 000 invånare i stadsdelarna. |

## Skapa filerna på nytt

```
python scripts/make_example_data.py      # all exempeldata, mall_indikatorer.xlsx och denna README
python scripts/make_measure_register.py  # atgarder_2020_uppfoljning_2021.xlsx
```

Skripten ger samma filer varje gång de körs.

## Databasen

Panelens databas `data/indikatorpanel.duckdb` byggs från filerna ovan med

```
python -m loaders build
```
"""


def write_readme() -> Path:
    """data/README.md – says which files are real and which are invented."""
    path = DATA / "README.md"
    write_text(path, README.rstrip("\n").split("\n"), bom=False, newline=LF)
    return path


# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# 9. The comparison group's kommuner (data/jamforelsegrupper.csv, «Jämförbara kommuner»)
# ---------------------------------------------------------------------------------------

# Levels around which each kommun moves: made up, in plausible ranges for cities of this size.
GROUP_KOMMUNER = {"0581": "Norrköping", "0380": "Uppsala", "1980": "Västerås", "1880": "Örebro",
                  "0680": "Jönköping", "2480": "Umeå", "1281": "Lund", "1283": "Helsingborg"}
GROUP_LEVELS = {  # (ekonomiskt bistånd %, meritvärde, våldsbrott per 1 000)
    "0581": (5.0, 224.0, 10.5), "0380": (3.0, 236.0, 8.0), "1980": (4.2, 226.0, 9.5),
    "1880": (4.6, 227.0, 10.0), "0680": (3.1, 231.0, 8.0), "2480": (2.6, 240.0, 7.0),
    "1281": (2.2, 246.0, 7.5), "1283": (4.8, 225.0, 10.0)}


def write_group_kommuner() -> Path:
    """data/exempel/exempel_jamforbara_kommuner.csv: kommun values for the comparison group's
    line, in the template's long layout. Invented, and marked as example data."""
    rng = rng_for("jamforbara_kommuner")
    path = EXAMPLE_DIR / "exempel_jamforbara_kommuner.csv"
    lines = [EXAMPLE_LINE, MARKER, "Indikator;Område;År;Kön;Värde"]
    names = {"forsorjningsstod_andel": 0, "meritvarde_ak9": 1, "valdsbrott_per_1000": 2}
    for code, name in GROUP_KOMMUNER.items():
        for indicator, i in names.items():
            level = GROUP_LEVELS[code][i]
            drift = (-0.06, 0.5, 0.05)[i]
            for year in YEARS:
                value = level + drift * (year - ANCHOR_YEAR) + rng.gauss(0, (0.15, 2.0, 0.5)[i])
                lines.append(f"{INDICATORS[indicator].name};{code} {name};{year};Totalt;{fmt_dec(value, 1)}")
    write_text(path, lines, bom=True, newline=CRLF)
    return path


def main() -> list[Path]:
    """Write every file and print the list, so a run is easy to check."""
    pop = make_population()
    shares = make_assistance_shares()
    schools = make_schools()
    written = [
        write_assistance_wide(shares),
        write_assistance_households(shares, pop),
        *write_merit_files(schools),
        write_schools(schools),
        *write_crime_files(pop),
        write_population(pop),
        write_filled_template(),
        write_group_kommuner(),
        write_blank_template(),
        write_readme(),
    ]
    for path in written:
        print(rel(path))
    return written


if __name__ == "__main__":
    main()
