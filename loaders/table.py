"""Finding header rows and columns in sheets that people and agencies lay out freely."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ProblemList
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


def preamble_text(sheet: Sheet, before_row: int) -> str:
    """All text above the header, lower-cased: titles often say what the numbers are."""
    parts = [cell_text(c) for row in sheet.rows[:before_row] for c in row if not is_blank(c)]
    return " ".join(parts).lower()


def is_example(workbook: Workbook) -> bool:
    """Example data is marked in the file name or in a visible cell near the top."""
    if "exempel" in workbook.file_name.lower():
        return True
    return any("exempeldata" in cell_text(c).lower()
               for sheet in workbook.sheets for row in sheet.rows[:12] for c in row[:12])


def row_is_blank(row: list) -> bool:
    return all(is_blank(c) for c in row)


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
