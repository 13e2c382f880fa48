"""Parsing of the cell values Swedish statistics files contain.

Sources write numbers with decimal comma and (non-breaking) space thousands, and use
symbols for values that are absent for a reason. A symbol is never turned into zero unless
the source itself says so (BRÅ writes "-" for zero); the reason is kept as a flag.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import TypeVar

T = TypeVar("T")

# Flags for why a value is absent or special. Stored as-is in observations.flag.
SUPPRESSED = "prickad"  # too few individuals, withheld by the source
MISSING = "saknas"
NOT_APPLICABLE = "ej tillämpligt"
ZERO_BY_SOURCE = "noll enligt källan"
APPROXIMATE = "ungefärligt"
PARTIAL = "delvis prickat"  # aggregate built from partly suppressed parts

FLAG_EXPLANATIONS: dict[str, str] = {
    SUPPRESSED: "prickat – för få personer för att redovisas",
    MISSING: "uppgift saknas",
    NOT_APPLICABLE: "ej tillämpligt",
    ZERO_BY_SOURCE: "noll enligt källan («-» i BRÅ:s filer)",
    APPROXIMATE: "ungefärligt värde («~» i källan)",
    PARTIAL: "beräknat på de skolor som redovisas; någon skola var prickad eller saknade uppgift",
}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MIN_YEAR = 1950
MAX_YEAR = dt.date.today().year + 1


@dataclass(frozen=True)
class Parsed:
    value: float | None
    flag: str | None = None


@dataclass(frozen=True)
class BadCell:
    """A cell whose value Excel could not give: an error value or a formula never calculated."""

    text: str

    def __str__(self) -> str:
        return self.text


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; message is Swedish."""


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "") or (
        isinstance(cell, float) and math.isnan(cell))


def cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_value(cell: object, *, dash_means_zero: bool = False) -> Parsed:
    """Read a statistics cell: a number, or a symbol that says why there is none."""
    if is_blank(cell):
        return Parsed(None, MISSING)
    if isinstance(cell, BadCell):
        if cell.text.startswith("#"):
            raise CellError(f"cellen innehåller Excel-felet {cell.text} i stället för ett värde")
        raise CellError("cellen innehåller en formel som aldrig räknats ut (ingen sparad siffra); "
                        "öppna filen i Excel, spara den och försök igen")
    if isinstance(cell, bool):
        raise CellError(f"«{cell}» är inte ett tal")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise CellError(f"«{cell}» är inte ett giltigt tal")
        return Parsed(float(cell))
    if isinstance(cell, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise CellError(f"cellen innehåller ett datum ({cell}) där ett tal ska stå")
    text = str(cell).strip()
    if text == "..":
        return Parsed(None, SUPPRESSED)
    if text in {".", "…"}:
        return Parsed(None, MISSING)
    if text in {"-", "–", "—"}:
        return Parsed(0.0, ZERO_BY_SOURCE) if dash_means_zero else Parsed(None, MISSING)
    if text.lower() in {"x", "ej tillämpligt", "e.t."}:
        return Parsed(None, NOT_APPLICABLE)
    flag = None
    if text.startswith("~"):
        flag, text = APPROXIMATE, text[1:]
    number = _to_float(text)
    if number is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise CellError(f"«{shown}» är inte ett tal (skriv till exempel 12,5 – eller .. för prickat)")
    return Parsed(number, flag)


def _to_float(text: str) -> float | None:
    t = text.strip().rstrip("%").strip()
    t = t.replace("\u2212", "-")  # typographic minus
    t = _SPACES.sub("", t)
    if "," in t and "." in t:
        # "1.234,5" (dot thousands) or "1,234.5" (comma thousands): the last mark is decimal
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif "," in t:
        if t.count(",") > 1:
            return None
        t = t.replace(",", ".")
    if not _NUMBER.match(t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


def parse_number(cell: object) -> float:
    """A cell that must hold a number (no symbols allowed)."""
    parsed = parse_value(cell)
    if parsed.value is None:
        raise CellError(f"här måste det stå ett tal, men cellen är «{cell_text(cell)}»")
    return parsed.value


def parse_year(cell: object) -> int:
    """A calendar year; anything else (dates, '2021*', decimals) is refused, not guessed."""
    if isinstance(cell, (dt.date, dt.datetime)):
        raise CellError(f"året är skrivet som ett datum ({cell}); skriv bara årtalet, t.ex. 2021")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = cell_text(cell)
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"«{text}» är inte ett årtal (skriv fyra siffror, t.ex. 2021)")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"året {year} ligger utanför det tillåtna intervallet {MIN_YEAR}–{MAX_YEAR}")
    return year


def try_year(cell: object) -> int | None:
    try:
        return parse_year(cell)
    except CellError:
        return None


_SEX_WORDS = {
    "totalt": "totalt", "samtliga": "totalt", "alla": "totalt", "t": "totalt", "total": "totalt",
    "båda könen": "totalt", "kvinnor": "kvinnor", "kvinna": "kvinnor", "flickor": "kvinnor",
    "k": "kvinnor", "män": "män", "man": "män", "pojkar": "män", "m": "män",
}
SEXES = ("totalt", "kvinnor", "män")


def sex_word(cell: object) -> str | None:
    return _SEX_WORDS.get(cell_text(cell).lower().rstrip(":"))


def parse_sex(cell: object) -> str:
    if is_blank(cell):
        return "totalt"
    sex = sex_word(cell)
    if sex is None:
        raise CellError(f"«{cell_text(cell)}» är inget kön; skriv Totalt, Kvinnor eller Män")
    return sex


def normalise_header(cell: object) -> str:
    """Lower-case header text with whitespace folded, for matching column names."""
    return " ".join(cell_text(cell).lower().replace("\u00a0", " ").split())


_SCHOOL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*/\s*(\d{2}|\d{4})(?!\d)")


def parse_school_year(cell: object) -> int:
    """'2023/24' or '2023/2024' is the school year ending in spring 2024; grades count then."""
    text = cell_text(cell)
    found = _SCHOOL_YEAR.search(text)
    if found:
        return parse_year(int(found.group(1)) + 1)
    return parse_year(cell)


def find_school_year(text: str) -> int | None:
    found = _SCHOOL_YEAR.search(text)
    return int(found.group(1)) + 1 if found else None


# ------------------------------------------------------------------ column-wise parsing
#
# A statistics file repeats a few distinct cells (years, kön, area names, often values)
# over hundreds of thousands of rows. Parsing each distinct cell once and mapping the result
# back keeps the per-cell rules above as the only definition, at a fraction of the cost.


_PLAIN = frozenset({type(None), str, float, int, bool, BadCell})
_NUMBERS = frozenset({float, int, bool})


def map_cells(fn: Callable[[object], T], cells: Sequence[object], *,
              failed: object = None) -> tuple[list, dict[int, CellError]]:
    """``fn`` of every cell, computed once per distinct cell.

    Returns the results (``failed`` where ``fn`` raised CellError) and the errors by
    position, so the caller can report each at the cell's own row and column. Distinct
    means equal and of the same type, so 1, 1.0 and True stay apart. The lookups run in C
    (dict.fromkeys, map); only the distinct cells reach Python.
    """
    kinds = set(map(type, cells))
    if kinds <= _PLAIN and len(kinds & _NUMBERS) <= 1:
        keys: Sequence[object] = cells  # no two of these types compare equal
        cell_of: Callable[[object], object] = _same
    else:  # e.g. 1 and 1.0 in one column: key on the type too (costs a tuple per cell)
        keys = list(zip(map(type, cells), cells))
        cell_of = itemgetter(1)
    try:
        results: dict = dict.fromkeys(keys)
    except TypeError:  # an unhashable cell (never from reading.py): one call per cell
        keys, results, cell_of = range(len(cells)), dict.fromkeys(range(len(cells))), cells.__getitem__
    bad: dict[object, CellError] = {}
    for key in results:
        try:
            results[key] = fn(cell_of(key))
        except CellError as exc:
            results[key], bad[key] = failed, exc
    out = list(map(results.__getitem__, keys))
    errors = {i: bad[key] for i, key in enumerate(keys) if key in bad} if bad else {}
    if float in kinds and (0.0 in results or (float, 0.0) in results):
        # -0.0 == 0.0 share a key but may not share a result: those are done one by one
        for i in [i for i, cell in enumerate(cells) if cell.__class__ is float and cell == 0]:
            errors.pop(i, None)
            try:
                out[i] = fn(cells[i])
            except CellError as exc:
                out[i], errors[i] = failed, exc
    return out, errors


def _same(cell: object) -> object:
    return cell


@dataclass
class ValueColumn:
    """parse_value over a column: values (None where absent), flags, and the failing cells."""

    values: list[float | None]
    flags: list[str | None]
    errors: dict[int, CellError]  # position in the column -> why the cell is not a value


_NO_VALUE = Parsed(None)


def parse_values(cells: Sequence[object], *, dash_means_zero: bool = False) -> ValueColumn:
    """parse_value for every cell of a column, with the same values, flags and errors.

    Each distinct cell is parsed once; a finite float (what calamine gives for a number)
    is its own value without a call.
    """
    def parse(cell: object) -> Parsed:
        if cell.__class__ is float and cell - cell == 0.0:  # finite: inf - inf and NaN are NaN
            return Parsed(cell)
        return parse_value(cell, dash_means_zero=dash_means_zero)

    parsed, errors = map_cells(parse, cells, failed=_NO_VALUE)
    return ValueColumn(list(map(attrgetter("value"), parsed)), list(map(attrgetter("flag"), parsed)),
                       errors)
