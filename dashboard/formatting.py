"""Numbers, units, statuses and names as Swedish readers expect them.

Decimal comma, a (non-breaking) space between thousands, a real minus sign, units after
the number, years as plain whole numbers. Everything here is a pure function of its input so
that figures, tables, exports and pages all say things the same way.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

# The domain's words, re-exported here because every formatter speaks them.
from loaders.domain import (CAVEAT_FLAGS, CAVEAT_MARK, DECISION_LABELS,  # noqa: F401
                            DEVELOPMENT_AREA_SHORT, DEVELOPMENT_AREAS, FLAG_LABELS, MISSING_FLAGS,
                            MISSING_SYMBOLS, SEX_LABELS, STATUS_NAMES, STATUS_SYMBOLS)

from .home import development_areas

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"


def is_missing(value: object) -> bool:
    """None, NaN, pd.NA and NaT are missing; everything else (text too) is not."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def rounded(value: float, decimals: int = 0) -> float:
    """``value`` to ``decimals`` places, a half away from zero: 12.25 -> 12.3, 2.675 -> 2.68.

    Python's ``round`` rounds a half to even and works on the binary value (12.25 -> 12.2,
    2.675 -> 2.67), but the Excel file the same table is exported to shows 12,3 and 2,68, and
    so do the published tables people compare with. Rounding the shortest decimal that reads
    back as the float (``repr``) half away from zero gives what Excel shows, so the app, its
    exports and its verdicts («samma som kommunen») agree. Infinite values are returned as is.
    """
    number = float(value)
    if not math.isfinite(number):
        return number
    scaled = abs(number) * 10.0 ** decimals
    if scaled >= 1e15 or abs(scaled - math.floor(scaled) - 0.5) > 1e-6 + scaled * 1e-12:
        # not at a half: the same result, four times quicker; and from 10^15 a float has no
        # places left to round (and Decimal's 28 digits would not hold 1e300 to one place)
        return round(number, decimals)
    step = Decimal(1).scaleb(-int(decimals))
    return float(Decimal(repr(number)).quantize(step, rounding=ROUND_HALF_UP))


def number(value: float | int | None, decimals: int = 0, *, sign: bool = False,
           missing: str = EN_DASH) -> str:
    """1234.56 -> '1 234,6' (non-breaking space, decimal comma, U+2212 minus); a half is
    rounded away from zero, as in Excel (``rounded``)."""
    if is_missing(value):
        return missing
    shown = rounded(value, decimals)  # type: ignore[arg-type]
    if shown == 0:
        shown = 0.0  # no "−0,0"
    text = f"{abs(shown):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if shown < 0:
        return MINUS + text
    return ("+" + text) if sign and shown > 0 else text


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
    """'pågår' -> '➜ Pågår': never colour alone."""
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


def development_area_label(number_: int | None, names: dict[int, str] | None = None) -> str:
    """«4. Trivsamma livsmiljöer …»: by default as the home kommun's plan names the area."""
    if number_ is None or is_missing(number_):
        return "Inget utvecklingsområde"
    n = int(number_)
    return f"{n}. {(names if names is not None else development_areas()).get(n, '')}".strip()


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


# ----------------------------------------------------------------------------- imported text

# Control characters, zero-width characters and bidirectional overrides: an RTL override in
# a sheet name reverses what follows it on screen, a zero-width space makes two names that
# look alike differ. None of them carries meaning in a name, unit or comment.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
# Runs of ordinary white space (line breaks, tabs, spaces), but not the non-breaking spaces
# that keep a number and its unit together ('18,0 %', '1 234').
_SPACES = re.compile("[^\\S\u00a0\u2007\u202f]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'%@;/?])")


def clean_text(value: object, *, single_line: bool = True) -> str:
    """Imported text without invisible and direction-changing characters (and, for names,
    without line breaks): what is stored and shown is what a reader can see."""
    text = "" if is_missing(value) else str(value)
    text = _INVISIBLE.sub("", text)
    if single_line:
        text = _SPACES.sub(" ", text).strip()
    return text


def plain(value: object) -> str:
    """Imported text for Plotly titles, hover text and annotations, which render a subset of
    HTML: tags, links and entities become visible characters, never markup."""
    return html.escape(clean_text(value), quote=False)


_AUTOLINK = re.compile(r"(?i)\b([hfw])(?=(ttps?|tp|ww)\b|ttps?:|tp:|ww\.)|(@)")


def md(value: object) -> str:
    """Imported text for Markdown (st.markdown, st.caption, widget labels): every character
    Markdown, HTML, LaTeX or Streamlit's directives could read is escaped, so a link, an image,
    a tag or a formula in a file shows as the characters it is. A URL or an e-mail address in
    the text would still be made a link by the Markdown renderer's autolinking, so an invisible
    word joiner (U+2060) goes after its first letter or its @."""
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(3)) + "\u2060", clean_text(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
