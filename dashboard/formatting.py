"""Numbers, units, statuses and names as Swedish readers expect them.

Decimal comma, a (non-breaking) space between thousands, a real minus sign, units after
the number, years as plain whole numbers. Everything here is a pure function of its input so
that figures, tables, exports and pages all say things the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"

SEX_LABELS: dict[str, str] = {"totalt": "Totalt", "kvinnor": "Kvinnor", "män": "Män"}

STATUS_SYMBOLS: dict[str, str] = {"genomförd": "✔", "pågår": "◐", "ej genomförd": "✖"}
STATUS_NAMES: dict[str, str] = {"genomförd": "Genomförd", "pågår": "Pågår",
                                "ej genomförd": "Ej genomförd"}

DEVELOPMENT_AREA_SHORT: dict[int, str] = {
    1: "Trygghet och delaktighet", 2: "Arbete och sysselsättning", 3: "Utbildning",
    4: "Livsmiljöer", 5: "Fritid",
}

DECISION_LABELS: dict[str, str] = {
    "vidmakthålls": "Vidmakthålls",
    "vidareutvecklas": "Vidareutvecklas",
    "ingår i annan åtgärd": "Ingår i annan åtgärd",
    "utgår": "Utgår",
}

# What each observation flag means, said once, the same way everywhere.
FLAG_LABELS: dict[str, str] = {
    "prickad": "prickat – för få personer för att redovisas (sekretess)",
    "saknas": "uppgift saknas",
    "ej tillämpligt": "ej tillämpligt",
    "noll enligt källan": "noll enligt källan",
    "ungefärligt": "ungefärligt värde (källan anger till exempel ~100)",
    "delvis prickat": "delvis prickat – värdet bygger bara på de skolor som redovisas",
}
# Flags that come with no value: drawn as gaps, never as zero.
MISSING_FLAGS = frozenset({"prickad", "saknas", "ej tillämpligt"})
# Flags on real values that deserve a mark.
CAVEAT_FLAGS = frozenset({"delvis prickat", "ungefärligt", "noll enligt källan"})
# What a missing cell shows in tables (SCB practice: '..' suppressed, '.' missing).
MISSING_SYMBOLS: dict[str, str] = {"prickad": "..", "saknas": ".", "ej tillämpligt": "."}
CAVEAT_MARK = "*"


def is_missing(value: object) -> bool:
    """None, NaN, pd.NA and NaT are missing; everything else (text too) is not."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number(value: float | int | None, decimals: int = 0, *, sign: bool = False,
           missing: str = EN_DASH) -> str:
    """1234.56 -> '1 234,6' (non-breaking space, decimal comma, U+2212 minus)."""
    if is_missing(value):
        return missing
    rounded = round(float(value), decimals)  # type: ignore[arg-type]
    if rounded == 0:
        rounded = 0.0  # no "−0,0"
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if rounded < 0:
        return MINUS + text
    return ("+" + text) if sign and rounded > 0 else text


def value_unit(unit: str | None) -> str:
    """The unit as written after a number: 'antal hushåll' -> 'hushåll' ('567 hushåll')."""
    u = (unit or "").strip()
    if u.lower().startswith("antal "):
        return u[6:].strip()
    return u


def with_unit(value: float | int | None, decimals: int, unit: str | None, *,
              sign: bool = False, missing: str = EN_DASH) -> str:
    """18.94, 1, '%' -> '18,9 %'; 212.6, 1, 'poäng' -> '212,6 poäng'; 567, 0, 'antal hushåll'
    -> '567 hushåll'."""
    text = number(value, decimals, sign=sign, missing=missing)
    u = value_unit(unit)
    if is_missing(value) or not u:
        return text
    return f"{text}{NBSP}{u}"


def change_unit(unit: str) -> str:
    """The unit of a difference: percentage points for shares, the unit itself otherwise."""
    return "procentenheter" if unit.strip() == "%" else unit


def with_change_unit(value: float | None, decimals: int, unit: str, *, sign: bool = True) -> str:
    return with_unit(value, decimals, change_unit(unit), sign=sign)


def is_count(unit: str | None) -> bool:
    """'antal hushåll', 'antal brott': counts depend on the area's size."""
    return bool(unit) and unit.strip().lower().startswith("antal")


def axis_title(unit: str) -> str:
    """The y-axis title for an indicator's unit, with the unit in it."""
    u = unit.strip()
    if u == "%":
        return "Andel (%)"
    if u.startswith("%"):
        return f"Andel ({u})"
    if u.lower().startswith("per "):
        return f"Antal {u}"
    return u[:1].upper() + u[1:]


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}{EN_DASH}{last}"


def sex_label(sex: str) -> str:
    return SEX_LABELS.get(sex, sex.capitalize())


def status_label(status: str | None) -> str:
    """'pågår' -> '◐ Pågår': never colour alone."""
    if not status:
        return EN_DASH
    return f"{STATUS_SYMBOLS.get(status, '')} {STATUS_NAMES.get(status, status.capitalize())}".strip()


def decision_label(decision: str | None) -> str:
    if not decision:
        return ""
    return DECISION_LABELS.get(decision, decision[:1].upper() + decision[1:])


def flag_label(flag: str | None) -> str:
    return FLAG_LABELS.get(flag or "", flag or "")


def missing_symbol(flag: str | None) -> str:
    return MISSING_SYMBOLS.get(flag or "saknas", ".")


def join_words(items: Iterable[str], conjunction: str = "och") -> str:
    """['Berga', 'Ryd', 'Skäggetorp'] -> 'Berga, Ryd och Skäggetorp'."""
    words = [w for w in items if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def development_area_label(number_: int | None, names: dict[int, str]) -> str:
    if number_ is None or is_missing(number_):
        return "Inget utvecklingsområde"
    n = int(number_)
    return f"{n}. {names.get(n, '')}".strip()


def slug(text: str, max_length: int = 60) -> str:
    """ASCII-safe piece of a file name: 'Skäggetorp' -> 'Skaggetorp'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-_")
    return re.sub(r"-{2,}", "-", cleaned)[:max_length].strip("-") or "x"


def wrap(text: str, width: int = 32, separator: str = "<br>") -> str:
    """Break a long label on spaces for Plotly (which does not wrap by itself)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return separator.join(lines)


def names_list(names: Sequence[str], limit: int = 4) -> str:
    """Short list for file names and subtitles: 'Berga, Ryd, Skäggetorp och 3 till'."""
    if len(names) <= limit:
        return join_words(names)
    return f"{', '.join(names[:limit])} och {len(names) - limit} till"


def comparison_markdown(phrase: str, verdict: str, reference: str, reference_text: str) -> str:
    """'14,9 procentenheter högre än kommunen (3,1 %) – **sämre**' for Markdown."""
    if reference_text == EN_DASH or not reference_text:
        return f"{reference}: uppgift saknas"
    return f"{phrase} ({reference_text})" + (f" – **{verdict}**" if verdict else "")
