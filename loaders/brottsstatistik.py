"""Reported crime from BRÅ-style files: names instead of codes, one file per year.

BRÅ gives counts and rates per 100 000 inhabitants for municipalities. Districts usually
come as counts only; their rate per 1 000 inhabitants is computed from the population
table, and the count and population are kept as numerator and denominator so the rate can
always be traced back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .domain import DISTRICT, KOMMUN
from .errors import ProblemList
from .model import AREA_COLUMNS, Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import data_sheets, find_header, is_example, preamble_text, row_is_blank
from .values import MISSING, CellError, Parsed, cell_text, name_key, parse_value, slug

_REQUIRED = {"area": ("kommun", "område", "region", "stadsdel"), "count": ("antal",)}
_OPTIONAL = {"rate": ("per 100 000 inv.", "per 100 000 inv", "per 100 000", "per 100 000 invånare")}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

# BRÅ's kommun tables also list the city districts of Stockholm, Göteborg and Malmö (current
# and earlier divisions). They are kept as districts of their kommun, never dropped, so the
# whole published file imports as it is.
CITY_DISTRICTS = {
    "0180": ("Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Bromma", "Kungsholmen", "Norrmalm",
             "Östermalm", "Södermalm", "Enskede-Årsta-Vantör", "Skarpnäck", "Farsta", "Älvsjö",
             "Hägersten-Liljeholmen", "Hägersten-Älvsjö", "Skärholmen", "Kista", "Rinkeby", "Spånga",
             "Hässelby", "Vällingby", "Enskede", "Liljeholmen", "Hägersten", "Katarina-Sofia", "Maria-Gamla stan"),
    "1480": ("Angered", "Östra Göteborg", "Örgryte-Härlanda", "Centrum", "Majorna-Linné", "Askim-Frölunda-Högsbo",
             "Västra Göteborg", "Västra Hisingen", "Lundby", "Norra Hisingen", "Nordost", "Sydväst", "Hisingen"),
    "1280": ("Norr", "Söder", "Öster", "Väster", "Innerstaden", "Centrum", "Södra Innerstaden", "Västra Innerstaden",
             "Limhamn-Bunkeflo", "Hyllie", "Fosie", "Oxie", "Rosengård", "Husie", "Kirseberg"),
}
_CITY_WORDS = re.compile(r"\b(stadsdelsområde|stadsdelsförvaltning|stadsdelsnämnd|stadsområde|stadsdel|sdn|sdf)\b",
                         re.IGNORECASE)
_CITY_PREFIX = {"0180": ("stockholms stad", "stockholm"), "1480": ("göteborgs stad", "göteborg"),
                "1280": ("malmö stad", "malmö")}


def city_district(name: str, current_city: str | None) -> tuple[str, str] | None:
    """(kommun code, district name) when ``name`` is one of the three cities' districts.

    A name shared by two cities (Centrum) belongs to the city whose row came last, or to the
    city the name itself mentions («Malmö Centrum», «Centrum (Malmö)»)."""
    text = _CITY_WORDS.sub(" ", name).replace("(", " ").replace(")", " ")
    words = " ".join(text.split())
    cities = [current_city] if current_city else []
    lowered = words.casefold()
    for code, prefixes in _CITY_PREFIX.items():
        for prefix in prefixes:
            if lowered.startswith(prefix + " ") or lowered.startswith(prefix + ":") or lowered.endswith(" " + prefix):
                words = words[len(prefix):] if lowered.startswith(prefix) else words[: -len(prefix)]
                words = words.strip(" :-–,")
                cities = [code]
                break
        if cities == [code] and code != current_city:
            break
    key = name_key(words)
    candidates = [(code, d) for code, names in CITY_DISTRICTS.items() for d in names if name_key(d) == key]
    for city in cities:
        for code, district in candidates:
            if code == city:
                return code, district
    return candidates[0] if len({c for c, _ in candidates}) == 1 else None


def offence(text: str) -> tuple[str, str]:
    """(count indicator, rate indicator) from a title or file name."""
    lowered = text.lower()
    if "våld" in lowered or "vald" in lowered:
        return "valdsbrott_antal", "valdsbrott_per_1000"
    return "anmalda_brott_antal", "anmalda_brott_per_1000"


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    records: list[dict] = []
    areas: dict[str, dict] = {}
    for sheet, label in data_sheets(workbook, problems):
        _load_sheet(workbook, sheet, label, ref, problems, records, areas)
    problems.raise_if_errors()
    new_areas = [a for a in areas.values() if ref.level_of(a["code"]) is None]
    batch = Batch("brottsstatistik", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(records),
                  areas=pd.DataFrame(new_areas, columns=AREA_COLUMNS))
    if areas:
        batch.notes.append(f"{len(areas)} stadsdelar i Stockholm, Göteborg eller Malmö läses in som egna områden "
                           "under sin kommun (de visas inte bland den egna kommunens stadsdelar).")
    batch.warnings = problems.warnings
    return batch


@dataclass(frozen=True)
class _Columns:
    """Where a sheet's table is: its first data row, the title above it and its columns."""

    first_data: int                # 0-based
    title: str
    area: int
    count: int
    rate: int | None               # «Per 100 000 inv.», when the file gives it
    label: Callable[[int], str]    # how messages name a column


def _load_sheet(workbook: Workbook, sheet: Sheet, label: str | None, ref: Reference,
                problems: ProblemList, records: list[dict], areas: dict[str, dict]) -> None:
    """One sheet: the table's columns and year first (a sheet without them is one error),
    then a count and a rate per area row."""
    columns = _columns(sheet, label, ref, problems)
    if columns is None:
        return
    title = columns.title
    context = f"{title} {sheet.name if not workbook.is_csv else ''} {workbook.file_name}"
    year = _year(workbook, sheet, title)
    if year is None:
        problems.error("hittar inte vilket år filen gäller. Skriv året i en rubrikrad (t.ex. «Anmälda "
                       "våldsbrott 2023») eller i filnamnet.", sheet=label)
        return
    count_id, rate_id = offence(context)
    population = ref.population.set_index(["area_code", "year"])["population"]
    area_col, count_col, rate_col, col_label = columns.area, columns.count, columns.rate, columns.label
    seen: dict[str, int] = {}
    city: str | None = None
    for r in range(columns.first_data, len(sheet.rows)):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        at = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
        name = cell_text(at(area_col))
        code, city = _area(name, city, ref, areas)
        if code is None:
            problems.error(ref.matcher.unknown_message(name) if name else "områdesnamnet saknas.",
                           sheet=label, row=r + 1, column=col_label(area_col))
            continue
        if code in seen:
            problems.error(f"området «{name}» finns redan på rad {seen[code]}.", sheet=label,
                           row=r + 1, column=col_label(area_col))
            continue
        seen[code] = r + 1
        try:
            count = parse_value(at(count_col), dash_means_zero=True)
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=col_label(count_col))
            continue
        try:
            rate = parse_value(at(rate_col), dash_means_zero=True) if rate_col is not None \
                else Parsed(None, MISSING)
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=col_label(rate_col))
            continue
        if count.value is not None and count.value < 0:
            problems.error("antalet brott kan inte vara negativt.", sheet=label, row=r + 1,
                           column=col_label(count_col))
            continue
        base = dict(area_code=code, year=year, sex="totalt", source_sheet=label, source_row=r + 1)
        records.append(base | dict(indicator_id=count_id, value=count.value, flag=count.flag,
                                   source_column=column_letter(count_col)))
        records.append(_rate_record(base, rate_id, count, rate, population.get((code, year)), columns, name,
                                    problems))


def _columns(sheet: Sheet, label: str | None, ref: Reference, problems: ProblemList) -> _Columns | None:
    """The header's columns; older BRÅ files have no header (Kommun;Antal;Per 100 000 inv.)
    and are taken as such when their first row is a known area. None, with an error, otherwise."""
    header = find_header(sheet, _REQUIRED, _OPTIONAL)
    if header is not None:
        return _Columns(header.row + 1, preamble_text(sheet, header.row), header.columns["area"],
                        header.columns["count"], header.columns.get("rate"), header.label)
    names = {0: "Kommun", 1: "Antal", 2: "Per 100 000 inv."}
    first = next((r for r in sheet.rows if not row_is_blank(r)), [])
    if ref.matcher.match(first[0] if first else None) is None:
        problems.error("hittar ingen rubrikrad «Kommun;Antal;Per 100 000 inv.» och första raden "
                       "är inget känt område.", sheet=label, row=1)
        return None
    return _Columns(0, "", 0, 1, 2, lambda c: names.get(c, column_letter(c)))


def _year(workbook: Workbook, sheet: Sheet, title: str) -> int | None:
    """The year the file is about (one file per year): from the title or the sheet's name,
    else from the file name."""
    found = _YEAR.findall(f"{title} {'' if workbook.is_csv else sheet.name}") or \
        _YEAR.findall(workbook.file_name)
    return int(found[0]) if found else None


def _area(name: str, city: str | None, ref: Reference, areas: dict[str, dict]) -> tuple[str | None, str | None]:
    """(area code, city) for a row: a known area, or a district of Stockholm, Göteborg or Malmö
    (added to ``areas`` the first time). ``city`` is the last city row seen, since a district
    name shared by two cities belongs to the one whose row came last."""
    code = ref.matcher.match(name)
    if code is not None and ref.level_of(code) == KOMMUN:
        city = code if code in CITY_DISTRICTS else None
    # right under a city, «Centrum» is that city's, not the home kommun's district
    district = city_district(name, city) if name and (code is None or (
        city is not None and ref.level_of(code) == DISTRICT)) else None
    if district is not None and (code is None or district[0] == city):
        code = f"{district[0]}D:{slug(district[1], '-')}"
        if code not in areas:
            areas[code] = {"code": code, "name": f"{district[1]} ({ref.name_of(district[0])})",
                           "level": DISTRICT, "parent": district[0]}
    return code, city


def _rate_record(base: dict, rate_id: str, count: Parsed, rate: Parsed, pop: float | None, columns: _Columns,
                 name: str, problems: ProblemList) -> dict:
    """The rate per 1 000 inhabitants: BRÅ's own (per 100 000) rescaled, else computed from
    the count and the population, so that it can always be traced back; stored as missing,
    with a warning, when a count has no population to divide by."""
    if rate.value is not None:
        return base | dict(
            indicator_id=rate_id, value=rate.value / 100, flag=rate.flag,
            numerator=count.value, denominator=pop, source_column=column_letter(columns.rate),
            comment="Omräknat från per 100 000 invånare i källan.")
    if count.value is not None and pop is not None and pop > 0:
        return base | dict(
            indicator_id=rate_id, value=count.value / pop * 1000, flag=count.flag,
            numerator=count.value, denominator=pop, source_column=column_letter(columns.count),
            comment="Beräknat: antal anmälda brott / folkmängd × 1 000.")
    if count.value is not None:
        problems.warning(f"folkmängd saknas för «{name}» {base['year']}; antal per 1 000 invånare "
                         "kan inte beräknas och lagras som saknat.", sheet=base["source_sheet"],
                         row=base["source_row"])
        return base | dict(indicator_id=rate_id, value=None, flag=MISSING,
                           numerator=count.value, source_column=column_letter(columns.count))
    return base | dict(indicator_id=rate_id, value=None, flag=count.flag,
                       source_column=column_letter(columns.count))
