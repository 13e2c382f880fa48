"""Ekonomiskt bistånd / försörjningsstöd: the layouts people keep by hand.

Wide: one row per area and one column per year, optionally in blocks headed Totalt /
Kvinnor / Män. Long: one row per area, year and kön. The measure (share of inhabitants or
number of households) is read from the titles, because the same layout is used for both.
"""

from __future__ import annotations

from .errors import ProblemList
from .model import Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import data_sheets, find_header, is_example, preamble_text, row_is_blank
from .values import CellError, cell_text, is_blank, normalise_header, parse_sex, parse_value, \
    parse_year, sex_word, try_year

SHARE = "forsorjningsstod_andel"
HOUSEHOLDS = "forsorjningsstod_hushall"
AREA_HEADERS = ("område", "områdesnamn", "stadsdel", "område/år", "kommun", "region")
_LONG_REQUIRED = {"area": AREA_HEADERS, "year": ("år", "ar", "period")}
_LONG_OPTIONAL = {"sex": ("kön",), "share": ("andel", "andel (%)", "%"),
                  "households": ("antal hushåll", "hushåll"), "value": ("värde",)}


def measure_from_text(text: str) -> str | None:
    text = text.lower()
    if "hushåll" in text and "antal" in text:
        return HOUSEHOLDS
    if "andel" in text or "%" in text or "procent" in text:
        return SHARE
    return None


def _is_wide_header(row: list) -> bool:
    if not row or normalise_header(row[0]) not in AREA_HEADERS:
        return False
    return any(try_year(c) is not None for c in row[1:])


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    records: list[dict] = []
    for sheet, label in data_sheets(workbook, problems):
        wide_rows = [i for i, row in enumerate(sheet.rows) if _is_wide_header(row)]
        if wide_rows:
            _load_wide(sheet, label, wide_rows, ref, problems, records)
        else:
            _load_long(sheet, label, ref, problems, records)
    problems.raise_if_errors()
    batch = Batch("forsorjningsstod", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(records))
    batch.warnings = problems.warnings
    return batch


def _load_wide(sheet: Sheet, label: str | None, header_rows: list[int], ref: Reference,
               problems: ProblemList, records: list[dict]) -> None:
    first = header_rows[0]
    indicator = measure_from_text(f"{sheet.name} {preamble_text(sheet, first)}")
    if indicator is None:
        problems.error("det går inte att se om bladet visar andel invånare (%) eller antal hushåll. "
                       "Skriv till exempel «Andel (%)» eller «Antal hushåll» i en rubrikrad ovanför "
                       "tabellen eller i bladets namn.", sheet=label, row=first + 1)
        return
    sex = "totalt"
    years: dict[int, int] = {}
    for r in range(first, len(sheet.rows)):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        filled = [c for c in row if not is_blank(c)]
        if len(filled) == 1 and sex_word(row[0]) is not None:
            sex = sex_word(row[0])
            continue
        if r in header_rows:
            years = {}
            for c, cell in enumerate(row[1:], start=1):
                if is_blank(cell):
                    continue
                try:
                    years[c] = parse_year(cell)
                except CellError as exc:
                    problems.error(f"rubriken ska vara ett år: {exc}.", sheet=label, row=r + 1,
                                   column=column_letter(c))
            continue
        if r < first or not years:
            continue
        name = row[0]
        code = ref.matcher.match(name)
        if code is None:
            problems.error(ref.matcher.unknown_message(cell_text(name)) if not is_blank(name)
                           else "områdesnamnet saknas.", sheet=label, row=r + 1, column="A")
            continue
        for c, year in years.items():
            cell = row[c] if c < len(row) else None
            try:
                parsed = parse_value(cell)
            except CellError as exc:
                problems.error(f"{exc}.", sheet=label, row=r + 1, column=f"{year} ({column_letter(c)})")
                continue
            records.append(dict(indicator_id=indicator, area_code=code, year=year, sex=sex,
                                value=parsed.value, flag=parsed.flag, source_sheet=label,
                                source_row=r + 1, source_column=column_letter(c)))


def _load_long(sheet: Sheet, label: str | None, ref: Reference, problems: ProblemList,
               records: list[dict]) -> None:
    header = find_header(sheet, _LONG_REQUIRED, _LONG_OPTIONAL)
    if header is None:
        problems.error("hittar ingen tabell. Förväntade antingen en rubrikrad «Område | 2012 | 2013 …» "
                       "(bred layout) eller kolumnerna «Område», «År», «Kön» och «Andel (%)» eller "
                       "«Antal hushåll» (lång layout).", sheet=label)
        return
    cols = header.columns
    if "households" in cols:
        indicator, value_col = HOUSEHOLDS, cols["households"]
    elif "share" in cols:
        indicator, value_col = SHARE, cols["share"]
    elif "value" in cols:
        indicator = measure_from_text(f"{sheet.name} {preamble_text(sheet, header.row)}")
        value_col = cols["value"]
    else:
        indicator, value_col = None, None
    if indicator is None or value_col is None:
        problems.error("kolumnen med värden saknas eller säger inte vad den mäter; döp den till "
                       "«Andel (%)» eller «Antal hushåll».", sheet=label, row=header.row + 1)
        return
    for r in range(header.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        get = lambda key: row[cols[key]] if key in cols and cols[key] < len(row) else None  # noqa: E731
        code = ref.matcher.match(get("area"))
        if code is None:
            name = cell_text(get("area"))
            problems.error(ref.matcher.unknown_message(name) if name else "områdesnamnet saknas.",
                           sheet=label, row=r + 1, column=header.label(cols["area"]))
            continue
        try:
            year = parse_year(get("year"))
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=header.label(cols["year"]))
            continue
        try:
            sex = parse_sex(get("sex"))
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=header.label(cols["sex"]))
            continue
        cell = row[value_col] if value_col < len(row) else None
        try:
            parsed = parse_value(cell)
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=header.label(value_col))
            continue
        records.append(dict(indicator_id=indicator, area_code=code, year=year, sex=sex,
                            value=parsed.value, flag=parsed.flag, source_sheet=label,
                            source_row=r + 1, source_column=column_letter(value_col)))
