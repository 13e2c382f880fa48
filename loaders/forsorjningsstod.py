"""Ekonomiskt bistånd / försörjningsstöd: the layouts people keep by hand.

Wide: one row per area and one column per year, optionally in blocks headed Totalt /
Kvinnor / Män. Long: one row per area, year and kön. The measure (share of inhabitants or
number of households) is read from the titles, because the same layout is used for both.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import ProblemList
from .model import Batch, Reference
from .reading import Sheet, Workbook, column_letter
from .table import (ObservationColumns, RowEvents, column_cells, data_rows, data_sheets, find_header,
                    is_example, preamble_text, row_is_blank)
from .values import CellError, ValueColumn, cell_text, is_blank, map_cells, normalise_header, parse_sex, \
    parse_values, parse_year, sex_word, try_year

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
    out = ObservationColumns()
    for sheet, label in data_sheets(workbook, problems):
        wide_rows = _wide_header_rows(sheet)
        if wide_rows:
            _load_wide(sheet, label, wide_rows, ref, problems, out)
        else:
            _load_long(sheet, label, ref, problems, out)
    problems.raise_if_errors()
    batch = Batch("forsorjningsstod", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=out.frame())
    batch.warnings = problems.warnings
    return batch


def _wide_header_rows(sheet: Sheet) -> list[int]:
    """The rows that are a wide header, testing the first cell of each row once per
    distinct text (a long-layout sheet has as many rows as values)."""
    heads, _ = map_cells(normalise_header, [row[0] if row else None for row in sheet.rows])
    return [i for i, (row, head) in enumerate(zip(sheet.rows, heads))
            if head in AREA_HEADERS and _is_wide_header(row)]


# one data row kept from a wide sheet: (row index, area code, kön, year columns, years, column letters)
_WideRow = tuple[int, str, str, list[int], list[int], list[str]]


def _load_wide(sheet: Sheet, label: str | None, header_rows: list[int], ref: Reference,
               problems: ProblemList, out: ObservationColumns) -> None:
    """Walk the rows for their roles (kön line, header, data), then parse all value cells
    of the sheet in one go; problems are reported in row and column order as before."""
    first = header_rows[0]
    indicator = measure_from_text(f"{sheet.name} {preamble_text(sheet, first)}")
    if indicator is None:
        problems.error("det går inte att se om bladet visar andel invånare (%) eller antal hushåll. "
                       "Skriv till exempel «Andel (%)» eller «Antal hushåll» i en rubrikrad ovanför "
                       "tabellen eller i bladets namn.", sheet=label, row=first + 1)
        return
    events = RowEvents(label)
    kept, cells = _wide_rows(sheet, first, set(header_rows), ref, events)
    values = parse_values(cells)
    if values.errors:
        _wide_cell_errors(values.errors, kept, events)
    events.flush(problems)
    columns = _wide_columns(kept, values, len(cells))
    out.extend(len(columns["year"]), indicator_id=indicator, source_sheet=label, **columns)


def _wide_rows(sheet: Sheet, first: int, header_set: set[int], ref: Reference,
               events: RowEvents) -> tuple[list[_WideRow], list]:
    """The data rows from ``first`` on, each with the kön and year columns in force where it
    stands (a kön line or a header row changes them for the rows below), and their value
    cells in one flat list, row by row, for parsing in one go."""
    sex = "totalt"
    years: dict[int, int] = {}
    year_cols: list[int] = []
    year_values: list[int] = []
    letters: list[str] = []
    kept: list[_WideRow] = []  # its cells follow in `cells`
    cells: list = []
    matched, _ = map_cells(ref.matcher.match, [row[0] if row else None for row in sheet.rows])
    for r in range(first, len(sheet.rows)):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        word = sex_word(row[0])
        if word is not None and sum(1 for c in row if not is_blank(c)) == 1:
            sex = word
            continue
        if r in header_set:
            years = _header_years(row, r, events)
            year_cols, year_values = list(years), list(years.values())
            letters = [column_letter(c) for c in year_cols]
            continue
        if not years:
            continue
        code = matched[r]
        if code is None:
            name = row[0]
            events.error((r, 0), (lambda n=name: ref.matcher.unknown_message(cell_text(n)))
                         if not is_blank(name) else (lambda: "områdesnamnet saknas."), "A", r + 1)
            continue
        kept.append((r, code, sex, year_cols, year_values, letters))
        if len(row) > year_cols[-1]:
            cells.extend([row[c] for c in year_cols])
        else:
            cells.extend([row[c] if c < len(row) else None for c in year_cols])
    return kept, cells


def _header_years(row: list, r: int, events: RowEvents) -> dict[int, int]:
    """Column -> year of a wide header row; a heading that is no year is an error."""
    years: dict[int, int] = {}
    for c, cell in enumerate(row[1:], start=1):
        if is_blank(cell):
            continue
        try:
            years[c] = parse_year(cell)
        except CellError as exc:
            events.error((r, c), _message("rubriken ska vara ett år: ", exc), column_letter(c), r + 1)
    return years


def _wide_cell_errors(errors: dict[int, CellError], kept: list[_WideRow], events: RowEvents) -> None:
    """Word each failing value cell's message with where it sits (row, year and column)."""
    position = [(r, c, year) for r, _, _, cols, yrs, _ in kept for c, year in zip(cols, yrs)]
    for i, exc in errors.items():
        r, c, year = position[i]
        events.error((r, c), _message("", exc), f"{year} ({column_letter(c)})", r + 1)


def _wide_columns(kept: list[_WideRow], values: ValueColumn, n_cells: int) -> dict[str, list]:
    """The observations as columns, one entry per value cell; a failing cell gives no value,
    the rest of its row stands."""
    rows: list[int] = []
    areas: list[str] = []
    sexes: list[str] = []
    all_years: list[int] = []
    all_letters: list[str] = []
    for r, code, row_sex, cols, yrs, row_letters in kept:
        n = len(cols)
        rows.extend([r + 1] * n)
        areas.extend([code] * n)
        sexes.extend([row_sex] * n)
        all_years.extend(yrs)
        all_letters.extend(row_letters)
    columns = dict(area_code=areas, year=all_years, sex=sexes, value=values.values, flag=values.flags,
                   source_row=rows, source_column=all_letters)
    if values.errors:
        keep = [i for i in range(n_cells) if i not in values.errors]
        columns = {name: [column[i] for i in keep] for name, column in columns.items()}
    return columns


def _value_columns(sheet: Sheet, header, label: str | None, problems: ProblemList) -> list[tuple[str, int]]:
    """(indicator, column) for every measure column of a long sheet: a file may give both the
    share and the number of households. A column with no value in any row is treated as
    absent: an empty «Antal hushåll» must never overwrite stored counts with «saknas»."""
    cols = header.columns
    found: list[tuple[str, int]] = []
    if "households" in cols:
        found.append((HOUSEHOLDS, cols["households"]))
    if "share" in cols:
        found.append((SHARE, cols["share"]))
    if not found and "value" in cols:
        indicator = measure_from_text(f"{sheet.name} {preamble_text(sheet, header.row)}")
        if indicator is not None:
            found.append((indicator, cols["value"]))
    rows = data_rows(sheet, header.row + 1)
    filled = [(ind, c) for ind, c in found if any(c < len(sheet.rows[r]) and not is_blank(sheet.rows[r][c])
                                                  for r in rows)]
    return filled or found[:1]


def _load_long(sheet: Sheet, label: str | None, ref: Reference, problems: ProblemList,
               out: ObservationColumns) -> None:
    header = find_header(sheet, _LONG_REQUIRED, _LONG_OPTIONAL)
    if header is None:
        problems.error("hittar ingen tabell. Förväntade antingen en rubrikrad «Område | 2012 | 2013 …» "
                       "(bred layout) eller kolumnerna «Område», «År», «Kön» och «Andel (%)» eller "
                       "«Antal hushåll» (lång layout).", sheet=label)
        return
    measures = _value_columns(sheet, header, label, problems)
    if not measures:
        problems.error("kolumnen med värden saknas eller säger inte vad den mäter; döp den till "
                       "«Andel (%)» eller «Antal hushåll».", sheet=label, row=header.row + 1)
        return
    for indicator, value_col in measures:
        _load_long_column(sheet, label, header, indicator, value_col, ref, problems, out)


def _load_long_column(sheet: Sheet, label: str | None, header, indicator: str, value_col: int, ref: Reference,
                      problems: ProblemList, out: ObservationColumns) -> None:
    """One measure column of a long sheet, column by column, each distinct cell once; per row
    the first failing check (area, year, kön, value) is reported, as a row-by-row walk would."""
    cols = header.columns
    rows = data_rows(sheet, header.row + 1)
    cells = column_cells([sheet.rows[r] for r in rows],
                         dict(area=cols["area"], year=cols["year"], sex=cols.get("sex"), value=value_col))
    areas, _ = map_cells(ref.matcher.match, cells["area"])
    years, year_errors = map_cells(parse_year, cells["year"])
    sexes, sex_errors = map_cells(parse_sex, cells["sex"])
    values = parse_values(cells["value"])
    unknown_area = [i for i, a in enumerate(areas) if a is None] if None in areas else []
    failed = sorted({*unknown_area, *year_errors, *sex_errors, *values.errors})
    events = RowEvents(label)
    for i in failed:
        r = rows[i]
        if areas[i] is None:
            name = cell_text(cells["area"][i])
            events.error((r,), (lambda n=name: ref.matcher.unknown_message(n)) if name
                         else (lambda: "områdesnamnet saknas."), header.label(cols["area"]), r + 1)
        elif i in year_errors:
            events.error((r,), _message("", year_errors[i]), header.label(cols["year"]), r + 1)
        elif i in sex_errors:
            events.error((r,), _message("", sex_errors[i]), header.label(cols["sex"]), r + 1)
        else:
            events.error((r,), _message("", values.errors[i]), header.label(value_col), r + 1)
    events.flush(problems)
    columns = dict(area_code=areas, year=years, sex=sexes, value=values.values, flag=values.flags,
                   source_row=[r + 1 for r in rows])
    if failed:
        bad = set(failed)
        keep = [i for i in range(len(rows)) if i not in bad]
        columns = {name: [column[i] for i in keep] for name, column in columns.items()}
    out.extend(len(columns["year"]), indicator_id=indicator, source_sheet=label,
               source_column=column_letter(value_col), **columns)


def _message(prefix: str, exc: CellError) -> Callable[[], str]:
    return lambda: f"{prefix}{exc}."
