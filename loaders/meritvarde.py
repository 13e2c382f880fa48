"""Skolverket's per-school exports: meritvärde åk 9 and the shares beside it, kept per school.

Skolverket publishes per school («Slutbetyg årskurs 9, samtliga elever … Skolenhet»), for a
kommun or for all of Sweden. Each school is kept at school level in the store (an area
``skola:<skolenhetskod>`` in the home kommun, its pupils as the weight). A district's value
follows from its schools (the store's view ``v_observations``): the pupil-weighted mean of the
schools that report a value, flagged «delvis prickat» when some school is suppressed. Which
district a school lies in is data the editors keep on the Data page, so a school that no
district claims yet is stored and waits for its mapping; nothing is lost and no file needs
editing.

Schools of other kommuner are skipped and counted in one line. The block of definitions
Skolverket puts after the data is never read as rows. Both Skolverket's header (``Skol-
enhetskod``, ``Kommun-kod``, preamble «Valt läsår: 2024/25») and the older two-row layout with
kön over the measure are read; läsår 2024/25 is the year 2025.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .domain import KOMMUN, LAN, RIKET
from .errors import ProblemList
from .model import AREA_COLUMNS, Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import column_groups, data_sheets, definitions_start, find_header, is_example, preamble_text, \
    row_is_blank
from .values import MISSING, CellError, Parsed, cell_text, clean_name, find_school_year, is_blank, \
    normalise_header, parse_school_year, parse_value

INDICATOR = "meritvarde_ak9"
MAX_MERIT = 340.0
# measure headers (lower case, beginning) -> indicator
MEASURES = (("genomsnittligt meritvärde", INDICATOR), ("meritvärde", INDICATOR),
            ("andel (%) elever behöriga till yrkesprog", "behorighet_yrkesprogram_andel"),
            ("andel (%) elever som uppfyllt betygskriterierna i alla ämnen", "godkant_alla_amnen_andel"),
            ("andel (%) elever som fått godkänt betyg i alla ämnen", "godkant_alla_amnen_andel"))
_REQUIRED = {"school": ("skola", "skolenhet", "skolenhetens namn", "skolnamn")}
_OPTIONAL = {"code": ("skol-enhetskod", "skolenhetskod", "skolkod"), "year": ("läsår", "år"),
             "kommun_code": ("kommun-kod", "kommunkod"), "kommun": ("skolkommun", "kommun")}
PREFIX = "skola:"


def _indicator(text: str) -> str | None:
    lowered = normalise_header(text)
    return next((ind for start, ind in MEASURES if lowered.startswith(start)), None)


@dataclass
class _Layout:
    """Where a sheet keeps what: the pupil and measure columns per kön."""

    pupils: dict[str, int] = field(default_factory=dict)                 # kön -> column
    measures: dict[tuple[str, str], int] = field(default_factory=dict)   # (indicator, kön) -> column


def _layout(sheet: Sheet, header_row: int, label: str | None, problems: ProblemList) -> _Layout:
    layout = _Layout()
    for c, (text, sex) in column_groups(sheet, header_row).items():
        lowered = normalise_header(text)
        if lowered.startswith("antal elever"):
            layout.pupils.setdefault(sex, c)
        elif (indicator := _indicator(text)) is not None:
            if (indicator, sex) in layout.measures:
                if indicator == INDICATOR:
                    problems.error(f"kolumnen «{cell_text(sheet.rows[header_row][c])}» finns två gånger för {sex}.",
                                   sheet=label, row=header_row + 1, column=column_letter(c))
                continue
            layout.measures[(indicator, sex)] = c
    return layout


@dataclass
class _Out:
    records: list[dict] = field(default_factory=list)
    areas: dict[str, dict] = field(default_factory=dict)
    other_kommuner: set[str] = field(default_factory=set)
    skipped_rows: int = 0
    unmapped: dict[str, str] = field(default_factory=dict)


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    out = _Out()
    for sheet, label in data_sheets(workbook, problems):
        _load_sheet(sheet, label, ref, problems, out)
    problems.raise_if_errors()
    notes = []
    if out.skipped_rows:
        notes.append(f"{out.skipped_rows} skolor i {len(out.other_kommuner)} andra kommuner hoppades över; bara "
                     f"hemkommunens skolor läses.")
    if out.unmapped:
        notes.append(f"{len(out.unmapped)} av hemkommunens skolor hör ännu inte till någon stadsdel "
                     f"({', '.join(list(out.unmapped.values())[:5])}{' …' if len(out.unmapped) > 5 else ''}). "
                     "Deras värden sparas per skola; koppla dem till stadsdelar på sidan Administration så räknas "
                     "stadsdelarnas värden fram direkt.")
    batch = Batch("meritvarde", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(out.records),
                  areas=pd.DataFrame(list(out.areas.values()), columns=AREA_COLUMNS), notes=notes,
                  carried=frozenset({"denominator"}))
    batch.warnings = problems.warnings
    return batch


def _is_value(cell: object) -> bool:
    if is_blank(cell):
        return False
    try:
        parsed = parse_value(cell)
    except CellError:
        return False
    return parsed.value is not None or cell_text(cell) in ("..", ".")


def _is_data(row: list) -> bool:
    """A school row: a skolenhetskod-like cell (8 digits), or a name followed by values (a
    kommun or riket row). A definitions line (text in one or two cells) is neither."""
    texts = [cell_text(c) for c in row[:12]]
    return any(t.isdigit() and len(t) == 8 for t in texts) or (
        bool(texts) and bool(texts[0]) and sum(1 for c in row[1:] if _is_value(c)) >= 2)


def _load_sheet(sheet: Sheet, label: str | None, ref: Reference, problems: ProblemList, out: _Out) -> None:
    header = find_header(sheet, _REQUIRED, _OPTIONAL)
    if header is None:
        problems.error("hittar ingen rubrikrad med kolumnen «Skola» (och «Skol-enhetskod»).", sheet=label)
        return
    layout = _layout(sheet, header.row, label, problems)
    if not layout.measures:
        problems.error("hittar ingen kolumn med «Genomsnittligt meritvärde» eller andel behöriga.", sheet=label,
                       row=header.row + 1)
        return
    file_year = find_school_year(preamble_text(sheet, header.row))
    if "year" not in header.columns and file_year is None:
        problems.error("hittar inte läsåret. Skriv det i inledningen (t.ex. «Valt läsår: 2024/25») eller lägg "
                       "till en kolumn «Läsår».", sheet=label)
        return
    known_schools = set(ref.areas.loc[ref.areas["level"] == "skola", "code"])
    mapped = set(ref.mappings["area_code"])
    school_names = {clean_name(n).casefold(): c for c, n in
                    zip(ref.areas.loc[ref.areas["level"] == "skola", "code"],
                        ref.areas.loc[ref.areas["level"] == "skola", "name"], strict=True)}
    seen: dict[tuple, tuple[int, tuple]] = {}
    end = definitions_start(sheet, header.row + 1, _is_data)
    for r in range(header.row + 1, end):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        at = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
        where = {"sheet": label, "row": r + 1}
        name = clean_name(cell_text(at(header.columns["school"])))
        code = cell_text(at(header.columns.get("code")))
        year = file_year
        if "year" in header.columns:
            try:
                year = parse_school_year(at(header.columns["year"]))
            except CellError as exc:
                problems.error(f"{exc}.", column=header.label(header.columns["year"]), **where)
                continue
        key = (code or name, year)
        content = tuple(cell_text(c) for c in row)
        if key in seen:
            first_row, first_content = seen[key]
            if first_content == content:
                problems.warning(f"raden upprepar rad {first_row} ordagrant och räknas en gång.", **where)
            else:
                problems.error(f"skolan «{name}» finns redan på rad {first_row} med andra värden.",
                               column=header.label(header.columns["school"]), **where)
            continue
        seen[key] = (r + 1, content)
        area = _area_of(row, at, header, name, code, ref, known_schools, school_names, problems, where, out)
        if area is None:
            continue
        if area.startswith(PREFIX) and area not in mapped:
            out.unmapped[area] = name
        _values(row, at, layout, area, int(year), header, problems, where, out)


def _area_of(row, at, header, name: str, code: str, ref: Reference, known: set[str], names: dict[str, str],
             problems: ProblemList, where: dict, out: _Out) -> str | None:
    """The school's area code (adding the school when new), a kommun or riket row's area, or
    None for a row of another kommun (counted) or one that cannot be placed (an error)."""
    kommun = _kommun(at, header, ref)
    if not code:
        direct = ref.matcher.match(name)
        level = ref.level_of(direct) if direct else None
        if direct and level in (KOMMUN, RIKET, LAN):  # 'Linköping (samtliga skolor)', 'Riket'
            return direct
        by_name = names.get(name.casefold())
        if by_name:
            return by_name
        problems.error(f"skolan «{name}» har ingen skolenhetskod och finns inte bland de kända skolorna; lägg "
                       "till kolumnen «Skol-enhetskod».", column=header.label(header.columns["school"]), **where)
        return None
    if not (code.isdigit() and 6 <= len(code) <= 10):
        problems.error(f"«{code}» är ingen skolenhetskod (8 siffror).", column=header.label(header.columns["code"]),
                       **where)
        return None
    if kommun is not None and kommun != ref.home:
        out.skipped_rows += 1
        out.other_kommuner.add(kommun)
        return None
    area = PREFIX + code
    if area not in known and area not in out.areas:
        out.areas[area] = {"code": area, "name": name or f"Skolenhet {code}", "level": "skola", "parent": ref.home}
    return area


def _kommun(at, header, ref: Reference) -> str | None:
    """The row's kommun code, from «Kommun-kod» or the kommun's name; None when the file says none."""
    if "kommun_code" in header.columns:
        text = cell_text(at(header.columns["kommun_code"]))
        if text.isdigit():
            return text.zfill(4)
    if "kommun" in header.columns:
        name = cell_text(at(header.columns["kommun"]))
        if name:
            code = ref.matcher.match(name)
            return code if code is not None else f"okänd:{name}"
    return None


def _values(row, at, layout: _Layout, area: str, year: int, header, problems: ProblemList, where: dict,
            out: _Out) -> None:
    for (indicator, sex), col in layout.measures.items():
        pupil_col = layout.pupils.get(sex)
        try:
            pupils = parse_value(at(pupil_col)) if pupil_col is not None else Parsed(None, MISSING)
        except CellError as exc:
            problems.error(f"antal elever: {exc}.", column=header.label(pupil_col), **where)
            return
        try:
            value = parse_value(at(col))
        except CellError as exc:
            problems.error(f"{exc}.", column=header.label(col), **where)
            continue
        limit = MAX_MERIT if indicator == INDICATOR else 100.0
        if value.value is not None and not 0 <= value.value <= limit:
            what = "meritvärdet" if indicator == INDICATOR else "andelen"
            problems.error(f"{what} {cell_text(at(col))} ligger utanför 0–{limit:g}.", column=header.label(col), **where)
            continue
        if pupils.value is not None and pupils.value < 0:
            problems.error("antal elever kan inte vara negativt.", column=header.label(pupil_col), **where)
            return
        out.records.append(dict(indicator_id=indicator, area_code=area, year=year, sex=sex, value=value.value,
                                flag=value.flag, denominator=pupils.value, source_sheet=where["sheet"],
                                source_row=where["row"], source_column=column_letter(col),
                                comment=None if is_blank(at(pupil_col)) or pupils.value is not None
                                else f"Antal elever: {cell_text(at(pupil_col))}"))
