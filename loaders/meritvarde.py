"""Meritvärde åk 9 from Skolverket-style exports, aggregated from schools to districts.

Skolverket publishes per school. A district's value is the pupil-weighted mean of its
schools' values. Suppressed schools ('..', fewer than 10 pupils) are left out of the mean
rather than counted as zero, and the district value is then flagged as partly suppressed,
so nobody reads a number built on part of the pupils as the whole picture.
"""

from __future__ import annotations

from collections import defaultdict

from .errors import ProblemList
from .model import Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import data_sheets, find_header, is_example, preamble_text, row_is_blank
from .values import MISSING, PARTIAL, SUPPRESSED, CellError, Parsed, cell_text, find_school_year, \
    is_blank, normalise_header, parse_school_year, parse_value, sex_word

INDICATOR = "meritvarde_ak9"
MAX_MERIT = 340.0
_REQUIRED = {"school": ("skola", "skolenhet", "skolenhetens namn", "skolnamn"),
             "merit": ("genomsnittligt meritvärde", "meritvärde")}
_OPTIONAL = {"code": ("skolenhetskod", "skolkod"), "year": ("läsår", "år")}


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    records: list[dict] = []
    for sheet, label in data_sheets(workbook, problems):
        _load_sheet(sheet, label, ref, problems, records)
    problems.raise_if_errors()
    batch = Batch("meritvarde", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(records))
    batch.warnings = problems.warnings
    return batch


def _groups(sheet: Sheet, header_row: int) -> dict[int, str]:
    """Kön for every column, from the group row over the column row (forward-filled)."""
    if header_row == 0:
        return {}
    current = None
    groups: dict[int, str] = {}
    for c in range(len(sheet.rows[header_row])):
        cell = sheet.cell(header_row - 1, c)
        if not is_blank(cell):
            current = sex_word(cell)
        if current:
            groups[c] = current
    return groups


def _load_sheet(sheet: Sheet, label: str | None, ref: Reference, problems: ProblemList,
                records: list[dict]) -> None:
    header = find_header(sheet, _REQUIRED, _OPTIONAL)
    if header is None:
        problems.error("hittar ingen rubrikrad med kolumnerna «Skola» och «Genomsnittligt "
                       "meritvärde».", sheet=label)
        return
    groups = _groups(sheet, header.row)
    columns: dict[str, dict[str, int]] = defaultdict(dict)  # sex -> {"pupils": c, "merit": c}
    for c, cell in enumerate(sheet.rows[header.row]):
        text = normalise_header(cell)
        sex = groups.get(c, "totalt")
        if text.startswith("antal elever"):
            columns[sex].setdefault("pupils", c)
        elif "meritvärde" in text:
            if "merit" in columns[sex]:
                problems.error(f"kolumnen «{cell_text(cell)}» finns två gånger för {sex}.",
                               sheet=label, row=header.row + 1, column=column_letter(c))
            columns[sex].setdefault("merit", c)
    file_year = find_school_year(preamble_text(sheet, header.row))
    if "year" not in header.columns and file_year is None:
        problems.error("hittar inte läsåret. Skriv det i inledningen (t.ex. «Läsår 2023/24») eller "
                       "lägg till en kolumn «Läsår».", sheet=label)
        return
    schools = ref.schools.set_index("school_code")
    seen: dict[tuple, tuple[int, tuple]] = {}
    # (area, year, sex) -> list of (pupils, merit) per school
    parts: dict[tuple[str, int, str], list[tuple[Parsed, Parsed]]] = defaultdict(list)
    merit_col_of: dict[str, int] = {sex: cols["merit"] for sex, cols in columns.items() if "merit" in cols}
    for r in range(header.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        at = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
        name = cell_text(at(header.columns["school"]))
        code = cell_text(at(header.columns.get("code")))
        year = file_year
        if "year" in header.columns:
            try:
                year = parse_school_year(at(header.columns["year"]))
            except CellError as exc:
                problems.error(f"{exc}.", sheet=label, row=r + 1,
                               column=header.label(header.columns["year"]))
                continue
        key = (code or name, year)
        content = tuple(cell_text(c) for c in row)
        if key in seen:
            first_row, first_content = seen[key]
            if first_content == content:
                problems.warning(f"raden upprepar rad {first_row} ordagrant och räknas en gång.",
                                 sheet=label, row=r + 1)
            else:
                problems.error(f"skolan «{name}» finns redan på rad {first_row} med andra värden.",
                               sheet=label, row=r + 1, column=header.label(header.columns["school"]))
            continue
        seen[key] = (r + 1, content)
        if code and code in schools.index:
            area, direct = schools.loc[code, "area_code"], False
        elif (area := ref.matcher.match(name)) is not None and not code:
            direct = True
        else:
            what = f"skolan «{name}»" + (f" (skolenhetskod {code})" if code else "")
            problems.error(f"{what} finns inte i skoltabellen som kopplar skolor till områden "
                           "(data/skolor_exempel.csv). Lägg till skolan där med sitt område.",
                           sheet=label, row=r + 1, column=header.label(header.columns["school"]))
            continue
        for sex, cols in columns.items():
            if "merit" not in cols:
                continue
            try:
                pupils = parse_value(at(cols.get("pupils"))) if "pupils" in cols else Parsed(None, MISSING)
            except CellError as exc:
                problems.error(f"antal elever: {exc}.", sheet=label, row=r + 1,
                               column=header.label(cols["pupils"]))
                continue
            try:
                merit = parse_value(at(cols["merit"]))
            except CellError as exc:
                problems.error(f"{exc}.", sheet=label, row=r + 1, column=header.label(cols["merit"]))
                continue
            if merit.value is not None and not 0 <= merit.value <= MAX_MERIT:
                problems.error(f"meritvärdet {cell_text(at(cols['merit']))} ligger utanför 0–340.",
                               sheet=label, row=r + 1, column=header.label(cols["merit"]))
                continue
            if pupils.value is not None and pupils.value < 0:
                problems.error("antal elever kan inte vara negativt.", sheet=label, row=r + 1,
                               column=header.label(cols["pupils"]))
                continue
            if direct:
                records.append(dict(indicator_id=INDICATOR, area_code=area, year=year, sex=sex,
                                    value=merit.value, flag=merit.flag, denominator=pupils.value,
                                    source_sheet=label, source_row=r + 1,
                                    source_column=column_letter(cols["merit"])))
            else:
                parts[(area, year, sex)].append((pupils, merit))
    for (area, year, sex), values in parts.items():
        records.append(_aggregate(area, year, sex, values, label, merit_col_of.get(sex)))


def _aggregate(area: str, year: int, sex: str, values: list[tuple[Parsed, Parsed]],
               label: str | None, merit_col: int | None) -> dict:
    usable = [(p.value, m.value) for p, m in values
              if m.value is not None and p.value is not None and p.value > 0]
    left_out = len(values) - len(usable)
    record = dict(indicator_id=INDICATOR, area_code=area, year=year, sex=sex, source_sheet=label,
                  source_row=None, source_column=column_letter(merit_col) if merit_col is not None else None)
    if not usable:
        suppressed = any(m.flag == SUPPRESSED for _, m in values)
        return record | dict(value=None, flag=SUPPRESSED if suppressed else MISSING,
                             comment=f"Ingen av områdets {len(values)} skolor redovisar ett värde.")
    pupils = sum(p for p, _ in usable)
    value = sum(p * m for p, m in usable) / pupils
    comment = f"Elevviktat medel av {len(usable)} skolor."
    flag = None
    if left_out:
        flag = PARTIAL
        comment = (f"Elevviktat medel av {len(usable)} av {len(values)} skolor; {left_out} skol"
                   f"{'a' if left_out == 1 else 'or'} prickad eller utan uppgift.")
    return record | dict(value=round(value, 4), flag=flag, denominator=pupils, comment=comment)
