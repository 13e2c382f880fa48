"""Parsing of the cell values Swedish statistics files contain.

Sources write numbers with decimal comma and (non-breaking) space thousands, and use
symbols for values that are absent for a reason. A symbol is never turned into zero unless
the source itself says so (BRÅ writes "-" for zero); the reason is kept as a flag.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import TypeVar

T = TypeVar("T")

# Flags for why a value is absent or special (stored as-is in observations.flag).
from .domain import APPROXIMATE, MISSING, NOT_APPLICABLE, PARTIAL, SUPPRESSED, ZERO_BY_SOURCE  # noqa: E402,F401

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


class PercentCell(float):
    """A number Excel shows with a percent format, as shown: a cell showing 9,4 % holds 0.094,
    and is read as 9.4 (a share is stored in percent everywhere in the store)."""


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; message is Swedish."""


# ------------------------------------------------------------------ names

# Invisible and direction-changing characters: they make two names that look alike differ,
# or reverse what follows them on screen. None carries meaning in a name.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# Letters of other scripts that look like Latin ones: «Bеrga» with a Cyrillic е is not Berga.
_CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ӏ": "l", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "α": "a", "ο": "o", "ν": "v",
    "ρ": "p", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X"})


def clean_name(value: object) -> str:
    """A name as it should be stored and shown: NFC, no invisible or direction characters, one
    line, single spaces (non-breaking and double spaces folded)."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return " ".join(text.split())


def clean_text(value: object) -> str:
    """Free text (a comment) without invisible or direction characters; line breaks are kept."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n")
    return _INVISIBLE.sub(lambda m: "\n" if m.group() == "\r" else "", text).strip()


def name_key(value: object) -> str:
    """A name folded for matching: case, dashes, spaces and Unicode form do not count."""
    text = clean_name(value).casefold()
    text = _DASHES.sub("-", text)
    return re.sub(r"\s*-\s*", "-", text)


def look_alike(value: object) -> str | None:
    """The Latin spelling of a name that mixes in look-alike letters of another script, else None."""
    text = clean_name(value)
    folded = text.translate(_CONFUSABLES)
    if folded == text:
        return None
    latin = any("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())
    return folded if latin or folded.isascii() else None


def parse_name(cell: object) -> str:
    """A cell that names something (an indicator, an area): text, never an Excel error value."""
    if isinstance(cell, BadCell):
        if cell.text.startswith("#"):
            raise CellError(f"cellen innehåller Excel-felet {cell.text} i stället för ett namn")
        raise CellError("cellen innehåller en formel som aldrig räknats ut (ingen sparad text); "
                        "öppna filen i Excel, spara den och försök igen")
    text = clean_name(cell_text(cell))
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the guard our own CSV export puts before a formula-like name
    if text.startswith("#") and text.rstrip("!?/0").upper() in {"#N/A", "#REF", "#VALUE", "#NAME", "#DIV", "#NULL",
                                                                 "#NUM", "#SAKNAS", "#REFERENS", "#VÄRDEFEL",
                                                                 "#NAMN", "#DIVISION"}:
        raise CellError(f"cellen innehåller Excel-felet {text} i stället för ett namn")
    return text


# ------------------------------------------------------------------ units

_SHARE_UNIT = re.compile(r"^\(?\s*(andel\s*)?\(?\s*(%|procent|i procent)\s*\)?$|^andel$")
_PER_1000 = re.compile(r"^(antal\s*)?(per|/)\s*1\s*000\s*(inv\.?|invånare)$")
_PER_100000 = re.compile(r"^(antal\s*)?(per|/)\s*100\s*000\s*(inv\.?|invånare)$")


def normalise_unit(unit: object) -> str:
    """A unit in the store's small vocabulary, so that rules (a share is at most 100) hold
    however a file writes it: «procent», «Andel (%)», «%» are all «%»."""
    text = clean_name(unit)
    lowered = " ".join(text.lower().replace("\u00a0", " ").split())
    if _SHARE_UNIT.match(lowered):
        return "%"
    if lowered.startswith("procent av ") or lowered.startswith("andel (%) av "):
        return "% av " + lowered.split(" av ", 1)[1]
    if _PER_1000.match(lowered.replace("1000", "1 000")):
        return "per 1 000 inv."
    if _PER_100000.match(lowered.replace("100000", "100 000")):
        return "per 100 000 inv."
    if lowered in ("st", "st.", "stycken", "antal", "number"):
        return "antal"
    return text


def is_share(unit: object) -> bool:
    return normalise_unit(unit).startswith("%")


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
    if text.lower() in {"x", "×", "ej tillämpligt", "e.t."}:  # × in SOS tables: cannot occur
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
    """'2023/24' or '2023/2024' is the school year ending in spring 2024; grades count then.
    Two years that do not follow each other («2024/26») are refused, as by ``parse_period``."""
    text = cell_text(cell)
    found = _SCHOOL_YEAR.search(text)
    if found:
        first, second = int(found.group(1)), found.group(2)
        end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if end != first + 1 and not (len(second) == 2 and first % 100 == 99 and second == "00"):
            raise CellError(f"«{text}» är inget läsår (skriv t.ex. 2024/25)")
        return parse_year(first + 1)
    return parse_year(cell)


_ONLY_SCHOOL_YEAR = re.compile(r"(?:läsår(?:et)?\s*|lå\s*)?((?:19|20)\d\d)\s*[/–-]\s*(\d{2}|\d{4})", re.IGNORECASE)


def parse_period(cell: object) -> int:
    """A calendar year, or a läsår written on its own («2024/25», «2024/2025», «läsår 2024/25»):
    the läsår counts as the year its spring term ends in (2024/25 -> 2025), as Skolverket's
    grades do, in every loader. Two years that do not follow each other are refused."""
    text = cell_text(cell)
    found = _ONLY_SCHOOL_YEAR.fullmatch(text.strip()) if isinstance(cell, str) else None
    if found is None:
        return parse_year(cell)
    first, second = int(found.group(1)), found.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if end != first + 1 and not (len(second) == 2 and first % 100 == 99 and second == "00"):
        raise CellError(f"«{text}» är inget läsår (skriv t.ex. 2024/25 eller bara årtalet 2025)")
    return parse_year(first + 1)


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


def slug(text: str, sep: str = "_", limit: int | None = 60) -> str:
    """ASCII id from a name ('Skäggetorp-Tornby' -> 'skaggetorp_tornby'); empty when the name
    has no letters or digits, so each caller picks its own fallback. ``limit=None`` for ids
    that must never collide (two long names cut to the same prefix)."""
    folded = unicodedata.normalize("NFKD", str(text).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    out = re.sub(r"[^a-z0-9]+", sep, folded).strip(sep)
    return out[:limit] if limit is not None else out


def free_id(candidate: str, taken: set[str]) -> str:
    """A new indicator never takes over an existing id, even when its name slugs to one."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}_{n}" in taken:
        n += 1
    return f"{candidate}_{n}"

