"""The facts of the action plan and of Swedish statistics, said once for the whole project.

Loaders, the store, figures, tables, exports and pages all speak of the same statuses,
kön, utvecklingsområden, decisions, value flags and area levels. Keeping their codes and
their Swedish words here means a label can never differ between a chart, a table and an
Excel file. Which districts are priority districts is data (the ``areas`` table), not a
fact of the code.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Stockholm")

# ----------------------------------------------------------------------------- measures

STATUSES: tuple[str, ...] = ("genomförd", "pågår", "ej genomförd")
STATUS_NAMES: dict[str, str] = {"genomförd": "Genomförd", "pågår": "Pågår", "ej genomförd": "Ej genomförd"}
# Status is never shown by colour alone. The symbols are chosen to render in the web font,
# in Excel and in PowerPoint alike (◐ showed as a sliver in the browser's fallback font).
STATUS_SYMBOLS: dict[str, str] = {"genomförd": "✔", "pågår": "➜", "ej genomförd": "✖"}
STATUS_COLOUR_WORDS: dict[str, str] = {"genomförd": "grön", "pågår": "gul", "ej genomförd": "röd"}

DECISIONS: tuple[str, ...] = ("vidmakthålls", "vidareutvecklas", "ingår i annan åtgärd", "utgår")
DECISION_LABELS: dict[str, str] = {
    "vidmakthålls": "Vidmakthålls",
    "vidareutvecklas": "Vidareutvecklas",
    "ingår i annan åtgärd": "Ingår i annan åtgärd",
    "utgår": "Utgår",
}

# The five development areas' names until a kommun's own are set (data/installningar.csv's
# «utvecklingsomrade_N», read into the store's settings): each plan words them its own way.
DEVELOPMENT_AREAS: dict[int, str] = {
    1: "Ökad trygghet, gemenskap och delaktighet i samhället",
    2: "Fler i arbete eller meningsfull sysselsättning",
    3: "Utbildning för att barn och vuxna ska nå sin fulla potential",
    4: "Trivsamma livsmiljöer för en sammanhållen kommun",
    5: "En rikare fritid för alla",
}
DEVELOPMENT_AREA_SHORT: dict[int, str] = {
    1: "Trygghet och delaktighet", 2: "Arbete och sysselsättning", 3: "Utbildning",
    4: "Livsmiljöer", 5: "Fritid",
}

# ----------------------------------------------------------------------------- kön

SEXES: tuple[str, ...] = ("totalt", "kvinnor", "män")
SEX_LABELS: dict[str, str] = {"totalt": "Totalt", "kvinnor": "Kvinnor", "män": "Män"}

# ----------------------------------------------------------------------------- values

SUPPRESSED = "prickad"          # too few individuals, withheld by the source
MISSING = "saknas"
NOT_APPLICABLE = "ej tillämpligt"
ZERO_BY_SOURCE = "noll enligt källan"
APPROXIMATE = "ungefärligt"
PARTIAL = "delvis prickat"      # aggregate built from partly suppressed parts
FLAG_LABELS: dict[str, str] = {
    SUPPRESSED: "prickat – för få personer för att redovisas (sekretess)",
    MISSING: "uppgift saknas",
    NOT_APPLICABLE: "ej tillämpligt",
    ZERO_BY_SOURCE: "noll enligt källan",
    APPROXIMATE: "ungefärligt värde (källan anger till exempel ~100)",
    PARTIAL: "delvis prickat – värdet bygger bara på de delar som redovisas",
}
# Flags that come with no value: drawn as gaps, never as zero.
MISSING_FLAGS = frozenset({SUPPRESSED, MISSING, NOT_APPLICABLE})
# Flags on real values that deserve a mark.
CAVEAT_FLAGS = frozenset({PARTIAL, APPROXIMATE, ZERO_BY_SOURCE})
# What a missing cell shows in tables (SCB practice: '..' suppressed, '.' missing).
MISSING_SYMBOLS: dict[str, str] = {SUPPRESSED: "..", MISSING: ".", NOT_APPLICABLE: "."}
CAVEAT_MARK = "*"

# ----------------------------------------------------------------------------- areas

RIKET = "riket"
LAN = "lan"
KOMMUN = "kommun"
DISTRICT = "omrade"
REGSO = "regso"
DESO = "deso"
LEVELS: tuple[str, ...] = (DISTRICT, KOMMUN, LAN, RIKET, REGSO, DESO)
LEVEL_LABELS: dict[str, str] = {DISTRICT: "stadsdel", KOMMUN: "kommun", LAN: "län/region",
                                RIKET: "riket", REGSO: "RegSO", DESO: "DeSO"}
RIKET_CODE = "00"
