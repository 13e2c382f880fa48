"""Finding header rows and columns in sheets that people and agencies lay out freely."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import ProblemList
from .model import OBSERVATION_COLUMNS, observations_frame
from .reading import Sheet, Workbook, column_letter
from .values import cell_text, is_blank, normalise_header

HEADER_SCAN_ROWS = 40


@dataclass(frozen=True)
class Header:
    row: int  # 0-based index into sheet.rows
    columns: dict[str, int]  # logical name -> 0-based column index
    labels: dict[int, str]  # column index -> header text as written

    def label(self, col: int) -> str:
        return self.labels.get(col) or column_letter(col)


def matches(text: str, aliases: tuple[str, ...]) -> bool:
    return any(text == a or text.startswith(a + " ") or text.startswith(a + "(") for a in aliases)


def find_header(sheet: Sheet, required: dict[str, tuple[str, ...]],
                optional: dict[str, tuple[str, ...]] | None = None,
                start: int = 0) -> Header | None:
    """The first row (from ``start``) holding every required column; aliases are lower case."""
    optional = optional or {}
    for r in range(start, min(len(sheet.rows), start + HEADER_SCAN_ROWS)):
        texts = [normalise_header(c) for c in sheet.rows[r]]
        columns: dict[str, int] = {}
        for key, aliases in {**required, **optional}.items():
            for c, text in enumerate(texts):
                if text and matches(text, aliases):
                    columns[key] = c
                    break
        if all(k in columns for k in required):
            labels = {c: cell_text(v) for c, v in enumerate(sheet.rows[r]) if not is_blank(v)}
            return Header(r, columns, labels)
    return None


def header_key(workbook: Workbook) -> str | None:
    """The first non-empty row with several filled cells, lower-cased: what a recipe is keyed by."""
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        for row in sheet.rows[:HEADER_SCAN_ROWS]:
            cells = [normalise_header(c) for c in row]
            if sum(1 for c in cells if c) >= 2:
                return "|".join(cells).rstrip("|")
    return None


def preamble_text(sheet: Sheet, before_row: int) -> str:
    """All text above the header, lower-cased: titles often say what the numbers are."""
    parts = [cell_text(c) for row in sheet.rows[:before_row] for c in row if not is_blank(c)]
    return " ".join(parts).lower()


def is_example(workbook: Workbook) -> bool:
    """Example data only when the file carries the bundled generator's marker inside it
    (``reading.EXAMPLE_MARKER``), never because of its name or a word in a title."""
    return workbook.example


def row_is_blank(row: list) -> bool:
    """is_blank for every cell, with the common cells (None, text, numbers) tested inline:
    this runs once per row of every sheet."""
    for c in row:
        if c is None:
            continue
        if c.__class__ is str:
            if c.strip():
                return False
        elif c.__class__ is float:
            if c == c:  # NaN is blank
                return False
        elif not is_blank(c):
            return False
    return True


def duplicate_headers(sheet: Sheet, header: Header) -> list[str]:
    seen: dict[str, int] = {}
    dupes = []
    for text in (normalise_header(c) for c in sheet.rows[header.row]):
        if not text:
            continue
        seen[text] = seen.get(text, 0) + 1
        if seen[text] == 2:
            dupes.append(text)
    return dupes


def data_sheets(workbook: Workbook, problems: ProblemList) -> list[tuple[Sheet, str | None]]:
    """The visible sheets that hold anything, with the label messages use for them.

    Hidden sheets are not read (a hidden sheet is usually an old copy or a lookup table),
    but never silently: each gets a warning, and a file whose only data is hidden gets an
    error that says so.
    """
    filled = [s for s in workbook.sheets if not all(row_is_blank(r) for r in s.rows)]
    hidden = [s for s in filled if s.hidden]
    for sheet in hidden:
        problems.warning("bladet är dolt och lästes inte.", sheet=workbook.sheet_label(sheet))
    visible = [s for s in filled if not s.hidden]
    if not filled:
        problems.error("filen innehåller inga ifyllda blad (alla blad är tomma).")
    elif not visible:
        problems.error(f"alla ifyllda blad är dolda ({hidden_names(hidden)}); visa bladet i Excel "
                       "(högerklicka på en bladflik → Ta fram) och försök igen.")
    return [(s, workbook.sheet_label(s)) for s in visible]


def hidden_names(sheets: list[Sheet]) -> str:
    return ", ".join(f"«{s.name}»" for s in sheets)


def hidden_note(workbook: Workbook) -> str:
    """' (bladet «Data» är dolt och lästes inte)' when hidden sheets hold anything."""
    hidden = [s for s in workbook.sheets if s.hidden and not all(row_is_blank(r) for r in s.rows)]
    if not hidden:
        return ""
    if len(hidden) == 1:
        return f" (bladet {hidden_names(hidden)} är dolt och lästes inte)"
    return f" (bladen {hidden_names(hidden)} är dolda och lästes inte)"


def data_rows(sheet: Sheet, start: int) -> list[int]:
    """Indices of the non-blank rows from ``start`` on: the rows a table loader reads."""
    rows = sheet.rows
    return [r for r in range(start, len(rows)) if not row_is_blank(rows[r])]


MAX_COPY_WIDTH = 100


def column_cells(grid: list[list], columns: dict[str, int | None]) -> dict[str, list]:
    """The cells of each named column of ``grid``; None where a row is short or the column
    is absent (None).

    calamine's grids are rectangular, and then one numpy object array (which holds the
    same cell objects) gives every column in C instead of a Python loop per column. A grid
    far wider than a table (cells far to the right) is not copied whole.
    """
    table = np.array(grid, dtype=object) if grid and len(grid[0]) <= MAX_COPY_WIDTH else None
    rectangular = table is not None and table.ndim == 2
    out: dict[str, list] = {}
    for key, col in columns.items():
        if col is None:
            out[key] = [None] * len(grid)
        elif rectangular and col < table.shape[1]:
            out[key] = table[:, col].tolist()
        else:
            out[key] = [row[col] if col < len(row) else None for row in grid]
    return out


@dataclass
class RowEvents:
    """Problems found column by column, reported in the order a row-by-row walk would give.

    Each event is keyed by a tuple, the row first and then its place within the row (the
    column, or warning before error), so that sorting restores the reading order; a message is built only if the problem list still has room, because
    some messages (the closest area names) are costly and the list keeps no more than
    MAX_PROBLEMS of each severity anyway.
    """

    label: str | None
    # (sort key, severity, message builder, column, spreadsheet row)
    items: list[tuple[tuple[int, ...], str, Callable[[], str], str | None, int | None]] = field(
        default_factory=list)

    def error(self, key: tuple[int, ...], message: Callable[[], str], column: str | None,
              row: int | None) -> None:
        self.items.append((key, "fel", message, column, row))

    def warning(self, key: tuple[int, ...], message: Callable[[], str], row: int | None) -> None:
        self.items.append((key, "varning", message, None, row))

    def flush(self, problems: ProblemList) -> None:
        for _, severity, message, column, row in sorted(self.items, key=lambda item: item[0]):
            if not problems.has_room(severity):
                problems.count(severity)  # counted, so an error always blocks, but not worded
                continue
            add = problems.error if severity == "fel" else problems.warning
            add(message(), sheet=self.label, row=row, column=column)
        self.items.clear()


class ObservationColumns:
    """Observations gathered a column at a time, turned into one typed frame at the end.

    Building one dict per value and DataFrame.from_records cost more than reading the
    file; lists per column give the same frame (same dtypes as observations_frame).
    """

    def __init__(self) -> None:
        self.columns: dict[str, list] = {c: [] for c in OBSERVATION_COLUMNS}

    def extend(self, count: int, **columns: object) -> None:
        """Add ``count`` rows; a list gives one value per row, anything else is repeated."""
        for name, values in self.columns.items():
            given = columns.get(name)
            values.extend(given if isinstance(given, list) else [given] * count)

    def frame(self) -> pd.DataFrame:
        dtypes = observations_frame([]).dtypes.to_dict()
        frame = pd.DataFrame({name: _typed(values, dtypes[name]) for name, values in self.columns.items()},
                             columns=OBSERVATION_COLUMNS)
        return frame.astype(dtypes)  # a no-op when _typed did its job; the guarantee otherwise


def _typed(values: list, dtype: object) -> object:
    """``values`` as an array of ``dtype``, built straight from the list where that is safe
    (several times faster than going through an object column), else via astype."""
    try:
        if dtype == "string":
            return pd.array(pa.array(values, type=pa.large_string()), dtype="string")
        if dtype == "float64":
            return np.array(values, dtype=np.float64)  # None becomes NaN
        if dtype == "int64" and None not in values:
            return np.array(values, dtype=np.int64)
        if dtype == "Int64" and None not in values:
            return pd.array(np.array(values, dtype=np.int64), dtype="Int64")
    except (TypeError, ValueError, OverflowError, pa.ArrowException):
        pass  # e.g. a number in a text column: let astype decide, as observations_frame does
    return pd.Series(values, dtype=object).astype(dtype).array


def column_groups(sheet: Sheet, header_row: int) -> dict[int, tuple[str, str]]:
    """(measure text, kön) of every column under a header that may span two rows.

    Agencies write the group row either way round: the measure over kön («Antal elever» over
    «Totalt», «Flickor») or kön over the measure («Flickor» over «Antal elever»). The group row
    is forward-filled, as merged cells are; whichever row holds a kön word gives the kön, the
    other the measure. Without a kön anywhere a column is «totalt».
    """
    from .values import sex_word  # late: values is imported by everything here

    row = sheet.rows[header_row]
    group: list[str] = []
    current = ""
    above = sheet.rows[header_row - 1] if header_row > 0 else []
    for c in range(len(row)):
        cell = above[c] if c < len(above) else None
        if not is_blank(cell):
            current = cell_text(cell)
        group.append(current)
    out: dict[int, tuple[str, str]] = {}
    for c, cell in enumerate(row):
        text = cell_text(cell)
        upper = group[c] if c < len(group) else ""
        if sex_word(text) is not None and upper and sex_word(upper) is None:
            out[c] = (upper, sex_word(text))
        elif upper and sex_word(upper) is not None:
            out[c] = (text, sex_word(upper))
        else:
            out[c] = (text, "totalt")
    return out


def definitions_start(sheet: Sheet, start: int, is_data: Callable[[list], bool]) -> int:
    """Where the data rows under a header end: after the last row that looks like data.
    Agencies put a block of definitions below the table; it is never read as values."""
    rows = sheet.rows
    for r in range(len(rows) - 1, start - 1, -1):
        if is_data(rows[r]):
            return r + 1
    return start
