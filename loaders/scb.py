"""SCB's Statistikdatabasen (PxWeb): any table, downloaded as CSV or xlsx or saved from the API.

Statistikdatabasen lets the user pivot a table before downloading it, so no layout is fixed.
What PxWeb always does is put the variables it lists down the side (the *stub*: region, kön,
ålder …) in the left columns and the values to the right, under a heading of years
(«2019», «Antal 2020») or of tabellinnehåll («Folkmängd», «Förvärvsfrekvens, procent»).
The loader reads a sheet that way: title lines above, a header of one or more rows, stub
columns, value columns, and footnote lines below the data that are never read as data.

Every combination of tabellinnehåll and extra variables (ålder, födelseregion …) is one
indicator. It is the catalogue's indicator only where the measure is obviously the same
(förvärvsfrekvens 20–64 år, valdeltagande i kommunfullmäktigeval); anything else becomes a
new indicator named after the tabellinnehåll, with the table title as its definition, so a
re-import of the same table finds the same indicator again by its name.

Areas: kommuner, län and riket by code or name; RegSO (``0580R001``) and DeSO
(``0580C1010``) codes the store does not know yet are added as areas under their kommun,
because SCB's lists of them are not available offline. Statistikdatabasen writes RegSO by name
only («Linköping (Skäggetorp-Tornby)»); such a name becomes a RegSO area with a made-up but
stable code (``0580R:skaggetorp-tornby``) only when the file says it is RegSO, and a name that
is one of the home kommun's districts stays that district. Anything else unknown is refused.

Monthly and quarterly tables are refused: the store holds years, and months are never summed or
averaged into one. Module-level helpers (``read_sheets``, ``Collector``) are shared with the
Socialstyrelsen loader, whose exports are laid out the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from .domain import DESO, DISTRICT, KOMMUN, MISSING, REGSO, RIKET_CODE
from .errors import ProblemList
from .model import AREA_COLUMNS, INDICATOR_COLUMNS, Batch, Reference
from .reading import Sheet, Workbook, column_letter
from .table import HEADER_SCAN_ROWS, ObservationColumns, data_sheets, is_example, row_is_blank
from .values import (CellError, Parsed, cell_text, clean_name, is_blank, name_key, normalise_unit,
                     parse_value, parse_values)

SOURCE = "SCB"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")

# ---------------------------------------------------------------- patterns

_SUBAREA_CODE = re.compile(r"^(\d{4}(?:R\d{3}|[ABC]\d{4}))(?:_(?:RegSO|DeSO)\d{4})?(?:\s+(.+))?$", re.I)
_IN_KOMMUN = re.compile(r"^(.+?)\s*\(([^()]+)\)$")          # 'Linköping (Berga)'
_YEAR_AT_END = re.compile(r"^(.*?)[\s,]*((?:19|20)\d\d)$")
_PART_OF_YEAR = re.compile(r"((?:19|20)\d\d)\s*(M\d{1,2}|K\d|Q\d|V\d{1,2}|H\d)$", re.I)
_MONTH_WORD = re.compile(r"(?:^|\s)(" + "|".join(MONTHS) + r")$", re.I)
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]{3})\d$")
_AGE_HEAD = re.compile(r"^(ålder|alder|åldersgrupp|åldersklass)\b")
_REGION_HEAD = re.compile(r"\b(region|kommun\w*|län|länskod|länsnamn|område\w*|regso|deso|stadsdel\w*|kod|namn)\b")
_SEX_HEAD = re.compile(r"^(kön|kon|sex)$")
_YEAR_HEAD = re.compile(r"^(år|ar|tid|period|årtal|year)$")
_PERIOD_HEAD = re.compile(r"^(månad|kvartal|vecka|halvår)\b")
_CONTENT_HEAD = re.compile(r"^(tabellinnehåll|innehåll|mått|contents?)$")
_UNIT_IN_LABEL = re.compile(r"\(([A-Za-zÅÄÖåäö%/ ]{1,12})\)\s*$")   # a unit the label ends with
_TITLE_WORDING = re.compile(r"\S\s+efter\s+\S", re.I)   # SCB's titles: «Folkmängd efter region, kön och år»
_REGSO_WORDS = re.compile(r"regso|regionala? statistikområde")
_BASE = re.compile(r"^(folkmängd|befolkning|antal invånare|invånare|antal personer|samtliga personer|"
                   r"antal boende|medelfolkmängd)\b")
_GENERIC_CONTENT = {"antal", "andel", "procent", "värde", "medelvärde", "median", "summa", "totalt"}
_AGE = re.compile(r"^(totalt\s+)?\d+\s*([-–]\s*\d+|\+)\s*år$")
_TOTAL_WORDS = ("totalt", "samtliga", "alla", "båda könen", "total", "tot")


def slug(text: str, sep: str = "_") -> str:
    """ASCII id from a name: 'Skäggetorp-Tornby' -> 'skaggetorp_tornby'."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", sep, folded).strip(sep)[:60]


def is_total(text: str) -> bool:
    low = clean_name(text).lower()
    return any(low == w or low.startswith(w + " ") or low.startswith(w + ",") for w in _TOTAL_WORDS)


def sex_of(text: object) -> str | None:
    """kön as SCB and Socialstyrelsen write it: labels, or the codes 1, 2, 1+2, TotSa."""
    low = clean_name(cell_text(text)).lower()
    if low in ("1", "män", "man", "m", "pojkar"):
        return "män"
    if low in ("2", "kvinnor", "kvinna", "k", "flickor"):
        return "kvinnor"
    if low in ("1+2", "totsa", "t", "tot") or is_total(low):
        return "totalt"
    return None


# ---------------------------------------------------------------- what a table holds

@dataclass(frozen=True)
class Measure:
    """One indicator-to-be: a tabellinnehåll and the values of the table's other variables."""

    content: str
    extras: tuple[tuple[str, str], ...] = ()   # (variable, value), e.g. ('ålder', '20-64 år')
    unit: str | None = None                    # the unit the source states (JSON-stat), if any
    decimals: int | None = None


@dataclass
class Table:
    """The values of one sheet or API response, before areas and indicators are resolved.

    Lists run in parallel, one entry per value. A region is kept as the tuple of cells that
    name it (a code column and a name column, or code and label from the API) and resolved
    once per distinct tuple.
    """

    title: str
    table_id: str | None
    label: str | None                 # sheet label for messages (None for CSV and JSON)
    regso: bool                       # the file says its areas are RegSO
    measures: list[Measure] = field(default_factory=list)
    measure: list[int] = field(default_factory=list)
    region: list[tuple[str, ...]] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    sex: list[str] = field(default_factory=list)
    value: list[float | None] = field(default_factory=list)
    flag: list[str | None] = field(default_factory=list)
    row: list[int | None] = field(default_factory=list)
    column: list[str | None] = field(default_factory=list)
    region_at: dict[tuple[str, ...], tuple[int | None, str | None]] = field(default_factory=dict)
    _index: dict[Measure, int] = field(default_factory=dict)

    def measure_index(self, measure: Measure) -> int:
        if measure not in self._index:
            self._index[measure] = len(self.measures)
            self.measures.append(measure)
        return self._index[measure]


class Refused(Exception):
    """A table the store must not take at all (months, quarters); the message is Swedish."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


def period_message(example: str, column: bool = False) -> str:
    """Why a table of months or quarters is refused, and what to download instead."""
    low = example.lower()
    kind = "kvartal" if re.search(r"kvartal|K\d$|Q\d$", example, re.I) else \
        "månader" if re.search(r"månad|M\d{1,2}$|" + "|".join(MONTHS), low, re.I) else "delar av år"
    what = f"kolumnen «{example}»" if column else f"t.ex. «{example}»"
    return (f"tabellen redovisar {kind} ({what}), men panelen lagrar bara helårsvärden och summerar eller "
            "medelvärdesberäknar aldrig delar av år till ett år. Välj «år» som tid i Statistikdatabasen "
            "(eller en tabell med årsvärden för samma statistik) och hämta tabellen igen.")


# ---------------------------------------------------------------- areas

class Areas:
    """Region cells to area codes, each distinct tuple once; new RegSO and DeSO areas collected."""

    def __init__(self, ref: Reference, *, regso_hint: str = "") -> None:
        self.ref = ref
        self.new: dict[str, tuple[str, str, str]] = {}   # code -> (name, level, parent)
        self.regso_hint = regso_hint
        self._cache: dict[tuple[tuple[str, ...], bool], tuple[str | None, str | None]] = {}

    def resolve(self, cells: tuple[str, ...], regso: bool) -> tuple[str | None, str | None]:
        """(code, None) or (None, Swedish message). Cells are tried in order (code before name)."""
        key = (cells, regso)
        if key not in self._cache:
            self._cache[key] = self._resolve(cells, regso)
        return self._cache[key]

    def _resolve(self, cells: tuple[str, ...], regso: bool) -> tuple[str | None, str | None]:
        texts = [clean_name(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            return None, "områdesnamnet saknas."
        first_error: str | None = None
        for i, text in enumerate(texts):
            if not text:
                continue
            others = [t for j, t in enumerate(texts) if j != i and t]
            code, error = self._one(text, others[0] if others else None, regso)
            if code is not None:
                return code, None
            first_error = first_error or error
        return None, first_error or self.ref.matcher.unknown_message(filled[0])

    def _one(self, text: str, name_hint: str | None, regso: bool) -> tuple[str | None, str | None]:
        ref = self.ref
        found = _SUBAREA_CODE.match(text)
        if found:
            code = found.group(1).upper()
            if ref.level_of(code) is not None:
                return code, None
            kommun = code[:4]
            if ref.level_of(kommun) != KOMMUN:
                return None, f"«{text}» ser ut som en RegSO- eller DeSO-kod men kommunkoden {kommun} finns inte."
            name = found.group(2) or name_hint or code
            inner = _IN_KOMMUN.match(name)
            name = clean_name(inner.group(2)) if inner else clean_name(name)
            return self._add(code, name, REGSO if code[4] == "R" else DESO, kommun)
        inside = _IN_KOMMUN.match(text)
        if inside:
            kommun = ref.matcher.match(inside.group(1))
            if kommun is not None and ref.level_of(kommun) == KOMMUN:
                inner = clean_name(inside.group(2))
                if kommun == ref.home:
                    district = ref.matcher.match(inner)
                    if district is not None and ref.level_of(district) == DISTRICT:
                        return district, None
                if regso:
                    return self._add(f"{kommun}R:{slug(inner, '-') or 'omrade'}", inner, REGSO, kommun)
                return None, ref.matcher.unknown_message(inner) + self.regso_hint
        code = ref.matcher.match(text)
        if code is not None:
            return code, None
        return None, None

    def _add(self, code: str, name: str, level: str, parent: str) -> tuple[str | None, str | None]:
        known = self.new.get(code)
        if known is not None and name_key(known[0]) != name_key(name):
            return None, (f"«{name}» och «{known[0]}» får samma områdeskod {code}; byt namn på det ena "
                          "i filen.")
        self.new.setdefault(code, (name, level, parent))
        return code, None

    def frame(self) -> pd.DataFrame:
        rows = [{"code": c, "name": n, "level": lv, "parent": p} for c, (n, lv, p) in self.new.items()
                if self.ref.level_of(c) is None]
        return pd.DataFrame(rows, columns=AREA_COLUMNS)


# ---------------------------------------------------------------- indicators

def unit_of(content: str, stated: str | None = None) -> str:
    """The unit from what the source states or the label says: procent/andel -> %, antal,
    kronor, tkr. An empty string when nothing says (the indicator is then shown without one)."""
    if stated:
        unit = normalise_unit(stated)
        low = unit.lower()
        if low in ("procent", "andel", "percent"):
            return "%"
        if low in ("kr", "kronor", "sek"):
            return "kronor"
        if low in ("tkr", "tusental kronor", "1000-tal kr", "tusen kronor"):
            return "tkr"
        return unit
    low = clean_name(content).lower()
    stated_in_label = _UNIT_IN_LABEL.search(clean_name(content))   # «Elförbrukning (MWh)»
    if stated_in_label and not re.search(r"\d{4}|regso|deso|kommun|län", stated_in_label.group(1), re.I):
        return unit_of(content, stated_in_label.group(1))
    if re.search(r"\b(procent|andel|%|frekvens)", low):
        return "%"
    if re.search(r"\btkr\b|tusental kronor|tusen kronor", low):
        return "tkr"
    if re.search(r"\b(kronor|kr)\b", low):
        return "kronor"
    if re.search(r"per 1\s?000 inv", low):
        return "per 1 000 inv."
    if re.search(r"per 100\s?000 inv", low):
        return "per 100 000 inv."
    if low.startswith("antal") or _BASE.match(low):
        return "antal"
    return ""


def _default_decimals(unit: str) -> int:
    return 0 if unit.lower().startswith("antal") else 1


def title_subject(title: str) -> str:
    """'Folkmängd efter region, kön och år. År 2019-2020' -> 'Folkmängd'."""
    first = clean_name(title.split("\n")[0])
    first = re.split(r"\s+efter\s+", first, maxsplit=1)[0]
    first = re.sub(r"[.,]?\s*(år\s*)?(19|20)\d\d(\s*[-–]\s*(19|20)\d\d)?\.?$", "", first, flags=re.I)
    return first.strip(" .,")


def indicator_name(measure: Measure, title: str) -> str:
    content = clean_name(measure.content)
    if content.lower() in _GENERIC_CONTENT and title_subject(title):
        content = f"{title_subject(title)}, {content.lower()}"
    if measure.extras:
        content += " (" + "; ".join(f"{clean_name(d)}: {clean_name(v)}" for d, v in measure.extras) + ")"
    return content


CatalogueRule = Callable[[Measure, str, str], "str | None"]


def scb_catalogue(measure: Measure, title: str, unit: str) -> str | None:
    """The catalogue indicator a SCB measure obviously is, else None."""
    extras = [(d.lower(), v) for d, v in measure.extras]
    is_age = [d.startswith(("ålder", "alder")) or bool(_AGE.match(clean_name(v).lower())) for d, v in extras]
    ages = [v for (_, v), age in zip(extras, is_age) if age]
    others = [v for (_, v), age in zip(extras, is_age) if not age]
    if any(not is_total(v) for v in others):
        return None
    text = f"{measure.content} {title}".lower()
    age_text = " ".join(ages) if ages else text
    if ("förvärvsfrekvens" in measure.content.lower() or ("förvärvsfrekvens" in text and unit == "%")) \
            and re.search(r"20\s*[-–]\s*64", age_text) and unit in ("%", ""):
        return "forvarvsfrekvens"
    if "valdeltagande" in measure.content.lower() and "kommunfullmäktige" in text and not ages and unit in ("%", ""):
        return "valdeltagande"
    return None


class Collector:
    """Tables in, one batch out: areas and indicators resolved, bases kept as denominators."""

    def __init__(self, kind: str, ref: Reference, problems: ProblemList, *, indicator_source: str,
                 catalogue: CatalogueRule, source_word: str, regso_hint: str = "") -> None:
        self.kind, self.ref, self.problems = kind, ref, problems
        self.indicator_source, self.catalogue, self.source_word = indicator_source, catalogue, source_word
        self.areas = Areas(ref, regso_hint=regso_hint)
        self.out = ObservationColumns()
        self.new_indicators: dict[str, dict] = {}
        self.by_name = {name_key(n): i for i, n in zip(ref.indicators["indicator_id"], ref.indicators["name"])}
        self.taken = set(ref.indicators["indicator_id"])
        self.tables: list[str] = []
        self.denominators = False
        self.notes: list[str] = []

    # -- indicators
    def indicator(self, measure: Measure, title: str, table_id: str | None, unit: str) -> str:
        mapped = self.catalogue(measure, title, unit)
        if mapped is not None:
            return mapped
        name = indicator_name(measure, title)
        known = self.by_name.get(name_key(name))
        if known is not None:
            return known
        candidate = slug(name) or "indikator"
        indicator_id, n = candidate, 2
        while indicator_id in self.taken:
            indicator_id, n = f"{candidate}_{n}", n + 1
        self.taken.add(indicator_id)
        self.by_name[name_key(name)] = indicator_id
        table = f"tabellen «{clean_name(title)}»" if clean_name(title) else "en tabell utan rubrik"
        definition = f"Från {self.source_word}, {table}" + (f" ({table_id})" if table_id else "") + \
            f"; tabellinnehåll «{clean_name(measure.content)}»."
        if measure.extras:
            definition += " " + "; ".join(f"{clean_name(d)}: {clean_name(v)}" for d, v in measure.extras) + "."
        self.new_indicators[indicator_id] = dict(
            indicator_id=indicator_id, name=name, unit=unit,
            decimals=measure.decimals if measure.decimals is not None else _default_decimals(unit),
            direction="neutral", development_area=None, source=self.indicator_source, definition=definition)
        return indicator_id

    # -- one table
    def add(self, table: Table) -> None:
        if not table.value:
            return
        if table.table_id:
            self.tables.append(table.table_id)
        codes: list[str | None] = []
        bad_regions: set[tuple[str, ...]] = set()
        for cells in table.region:
            code, error = self.areas.resolve(cells, table.regso)
            if code is None and cells not in bad_regions:
                bad_regions.add(cells)
                row, column = table.region_at.get(cells, (None, None))
                self.problems.error(error or "okänt område.", sheet=table.label, row=row, column=column)
            codes.append(code)
        if bad_regions:
            return
        units = self._units(table)
        ids = [self.indicator(m, table.title, table.table_id, u) for m, u in zip(table.measures, units)]
        denominators = self._bases(table, codes, units)
        self.out.extend(
            len(table.value), indicator_id=[ids[m] for m in table.measure], area_code=codes,
            year=table.year, sex=table.sex, value=table.value, flag=table.flag,
            denominator=denominators, source_sheet=table.label, source_row=table.row,
            source_column=table.column)

    @staticmethod
    def _units(table: Table) -> list[str]:
        """Each measure's unit from its label; a label that names none, over whole numbers only,
        is a count («Folkökning», «Döda»)."""
        whole = [True] * len(table.measures)
        for m, v in zip(table.measure, table.value):
            if v is not None and whole[m] and not float(v).is_integer():
                whole[m] = False
        units = [unit_of(m.content, m.unit) for m in table.measures]
        return [u or ("antal" if whole[i] else "") for i, u in enumerate(units)]

    def _bases(self, table: Table, codes: list[str | None], units: list[str]) -> list[float | None] | None:
        """Where the table gives a population base next to a share or mean, the base is the
        value's denominator: it weights the RegSO and DeSO values when the store computes a
        district from them."""
        bases = [i for i, m in enumerate(table.measures)
                 if _BASE.match(clean_name(m.content).lower()) and units[i] in ("antal", "")]
        users = [i for i, u in enumerate(units) if i not in bases and not u.lower().startswith("antal")]
        if not bases or not users:
            return None
        base = bases[0]
        extras = [m.extras for m in table.measures]
        by_key = {(codes[i], table.year[i], table.sex[i], extras[base]): table.value[i]
                  for i in range(len(table.value)) if table.measure[i] == base}
        users_set = set(users)
        out = [by_key.get((codes[i], table.year[i], table.sex[i], extras[table.measure[i]]))
               if table.measure[i] in users_set else None for i in range(len(table.value))]
        if any(v is not None for v in out):
            self.denominators = True
            name = clean_name(table.measures[base].content)
            self.notes.append(f"«{name}» i filen har sparats som nämnare (vikt) till andelar och medelvärden.")
        return out

    def batch(self, workbook: Workbook, source: str) -> Batch:
        new_areas = self.areas.frame()
        if len(new_areas):
            for level, word in ((REGSO, "RegSO-områden"), (DESO, "DeSO-områden")):
                part = new_areas[new_areas["level"] == level]
                if len(part):
                    kommuner = part["parent"].nunique()
                    self.notes.append(f"{len(part)} nya {word} lades till ({kommuner} "
                                      f"{'kommun' if kommuner == 1 else 'kommuner'}).")
        # only a base from the file is carried: numerator and comment keep what the store holds
        carried = frozenset({"denominator"}) if self.denominators else frozenset()
        batch = Batch(self.kind, workbook.file_name, workbook.checksum, is_example(workbook),
                      observations=self.out.frame(),
                      indicators=pd.DataFrame(list(self.new_indicators.values()), columns=INDICATOR_COLUMNS),
                      areas=new_areas, carried=carried, notes=list(dict.fromkeys(self.notes)), source=source)
        return batch


# ---------------------------------------------------------------- sheets (CSV and xlsx)

@dataclass
class SheetContext:
    """What differs between sources reading the same kind of sheet."""

    parse: Callable[[list], object] = parse_values      # cells -> ValueColumn
    period_message: Callable[[str, bool], str] = period_message


def _nonblank(row: list) -> list[int]:
    return [c for c, v in enumerate(row) if not is_blank(v)]


def _year_like(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return float(cell).is_integer() and 1900 <= cell <= 2100
    return bool(re.fullmatch(r"(19|20)\d\d", cell_text(cell)))


def _number_like(cell: object) -> bool:
    """A value a data row holds: a number that is not a year, or a statistics symbol."""
    if isinstance(cell, bool) or is_blank(cell):
        return False
    if isinstance(cell, (int, float)):
        return not _year_like(cell)
    text = cell_text(cell)
    if text in ("..", ".", "-", "–", "--", "x", "X"):
        return True
    if _year_like(text):
        return False
    try:
        return parse_value(text).value is not None
    except CellError:
        return False


def _filled(cells: list) -> list:
    """The cells of a column that hold anything: blanks say nothing about what a column is."""
    return [v for v in cells if not is_blank(v)]


def _known_dimension(head: str) -> bool:
    """Whether a (lower-case) heading names a stub variable, so its column is never values."""
    return bool(_REGION_HEAD.search(head) or _SEX_HEAD.match(head) or _YEAR_HEAD.match(head)
                or _CONTENT_HEAD.match(head) or _AGE_HEAD.match(head))


def _year_head_meaning(found: re.Match) -> tuple[str | None, int, str | None]:
    """(content, year, kön) from a heading that ends in a year: «Folkmängd kvinnor 2023» is
    Folkmängd for kvinnor, «män 2022» is män with the content left to the stub or title."""
    prefix, year = found.group(1).strip(" ,"), int(found.group(2))
    sex = sex_of(prefix) if prefix else None
    if sex is not None:
        prefix = ""
    else:
        words = prefix.rsplit(" ", 1)
        if len(words) == 2 and sex_of(words[1]) and words[1].lower() in ("män", "kvinnor", "totalt"):
            prefix, sex = words[0], sex_of(words[1])
    return prefix or None, year, sex


@dataclass
class _Heading:
    """A sheet's header as every step of reading its table needs it: one text per column, and
    the row that messages about the header point at."""

    heads: list[str]
    row: int                                       # 0-based index of the header's last row
    lower: list[str] = field(init=False)
    wide: list[int] = field(init=False)            # value columns headed by a year («2023», «Antal 2023»)

    def __post_init__(self) -> None:
        self.lower = [h.lower() for h in self.heads]
        self.wide = [c for c in range(1, len(self.heads)) if _YEAR_AT_END.match(self.heads[c])]

    @property
    def width(self) -> int:
        return len(self.heads)

    def name(self, c: int) -> str:
        """A column as messages name it: its heading, else its letter."""
        return self.heads[c] or column_letter(c)


@dataclass
class _Stub:
    """What the stub columns left of the values hold: the region, kön, år and tabellinnehåll, and
    any other variable (ålder, födelseregion …) with the name its values are kept under."""

    region: list[int] = field(default_factory=list)
    sex: int | None = None
    year: int | None = None
    content: int | None = None
    extras: list[tuple[int, str]] = field(default_factory=list)

    def columns(self) -> list[int]:
        """Every stub column a data row is read from."""
        return [*self.region, *(c for c in (self.sex, self.year, self.content) if c is not None),
                *(c for c, _ in self.extras)]


@dataclass
class _Layout:
    """What a sheet's cells mean, settled from its header, stub and title before any row is read."""

    stub: _Stub
    values_at: list[int]
    meaning: dict[int, tuple[str | None, int | None, str | None]]   # value column -> (content, year, kön)
    subject: str                     # the title's subject: the content where neither column nor stub says it
    default_sex: str                 # kön where no column or heading says it (sheet name, title, else totalt)
    table_year: int | None           # the year where no column or heading says it


# What one data row's stub says about every value in that row: (region, kön, year, content, extras).
# A plain tuple, not a NamedTuple: one is made per data row of files of many thousand rows.
_RowStub = tuple[tuple[str, ...], str, int | None, str | None, tuple[tuple[str, str], ...]]
# One value cell and what it is: (row, column, measure, year, kön, region).
_Position = tuple[int, int, int, int | None, str, tuple[str, ...]]


class SheetReader:
    """One sheet read the way PxWeb lays out a table (see the module docstring).

    ``read`` finds the header and the data rows; ``_table`` then settles what every column
    means (``_layout``) before the rows are read, so a sheet that cannot be understood is
    refused with one message instead of one per row.
    """

    def __init__(self, workbook: Workbook, sheet: Sheet, label: str | None, ref: Reference,
                 problems: ProblemList, context: SheetContext, areas: Areas) -> None:
        self.workbook, self.sheet, self.label, self.ref = workbook, sheet, label, ref
        self.problems, self.context, self.areas = problems, context, areas
        self.rows = sheet.rows

    def looks_like_area(self, cell: object, *, codes: bool = True) -> bool:
        """Whether a cell names an area; with ``codes=False`` a bare number never does (a value
        column of «12» is not a column of län codes)."""
        text = clean_name(cell_text(cell))
        if not text or _year_like(cell):
            return False  # a year in the first column is no kommun code («2021» is also Vansbro)
        if not codes and (isinstance(cell, (int, float)) or text.replace(" ", "").isdigit()):
            return False
        if _SUBAREA_CODE.match(text):
            return True
        inside = _IN_KOMMUN.match(text)
        if inside and self.ref.matcher.match(inside.group(1)) is not None:
            return True
        return self.ref.matcher.match(text) is not None

    def _mostly_areas(self, column: list, *, codes: bool = True) -> bool:
        """More than half of a column's filled cells name areas: it is (or may be) a region column."""
        return sum(self.looks_like_area(v, codes=codes) for v in column) * 2 > len(column)

    def is_data_row(self, row: list) -> bool:
        filled = _nonblank(row)
        if not filled:
            return False
        # an area in the stub («År» may come first); not further right, where a header may hold
        # words such as «Sverige» («därav från övriga Sverige»)
        if any(self.looks_like_area(row[c]) for c in filled[:2] if c < 3):
            return True
        return any(_number_like(row[c]) for c in filled[1:])

    # -- where the table is: header, title and data rows

    def read(self) -> Table | None:
        start = self._header_start()
        if start is None:
            return None
        found = self._header_rows(start)
        if found is None:
            return None
        header, first_data = found
        title_lines = self._title_lines(header[0])
        title = "\n".join(title_lines)
        data = self._data_rows(first_data)
        width = max(len(self.rows[r]) for r in header + data)
        heads = self._header_texts(header, width)
        try:
            return self._table(title, title_lines, header, heads, data)
        except Refused as refused:
            self.problems.error(refused.message, sheet=self.label, row=refused.row, column=refused.column)
            return None

    def _header_start(self) -> int | None:
        """The header's first row: the first of the top rows with two filled cells, as long as it
        is no data row (a file saved without headings cannot be read by what its columns mean)."""
        rows, label = self.rows, self.label
        limit = min(len(rows), HEADER_SCAN_ROWS)
        start = next((r for r in range(limit) if len(_nonblank(rows[r])) >= 2 and not self._split_title(r, limit)),
                     None)
        if start is None:
            self.problems.error("hittar ingen tabell: ingen av de första 40 raderna har mer än en ifylld cell.",
                                sheet=label)
            return None
        if self.is_data_row(rows[start]):
            self.problems.error("tabellen saknar rubrikrad (rad med variabelnamn och år). Hämta tabellen igen "
                                "med rubriker, t.ex. «Kommaavgränsad med rubrik» eller som xlsx.",
                                sheet=label, row=start + 1)
            return None
        return start

    def _split_title(self, r: int, limit: int) -> bool:
        """A CSV download's unquoted title line («Elförbrukning (MWh) efter region, förbrukarkategori
        och år») split at its commas: SCB's «… efter …» wording, and fewer cells than the next row."""
        cells = _nonblank(self.rows[r])
        if not _TITLE_WORDING.search(cell_text(self.rows[r][cells[0]])):
            return False
        below = next((n for n in range(r + 1, limit) if not row_is_blank(self.rows[n])), None)
        return below is not None and len(_nonblank(self.rows[below])) > len(cells)

    def _header_rows(self, start: int) -> tuple[list[int], int] | None:
        """The header's rows (PxWeb may write several) and the first data row under them."""
        rows = self.rows
        header = [start]
        first_data = None
        for r in range(start + 1, min(len(rows), start + 12)):
            if row_is_blank(rows[r]):
                continue
            if self.is_data_row(rows[r]):
                first_data = r
                break
            header.append(r)
        if first_data is None:
            self.problems.error("hittar inga värden under rubrikraden.", sheet=self.label, row=start + 1)
            return None
        above = self._content_row_above(start)
        if above is not None:
            header.insert(0, above)           # a tabellinnehåll over the year columns
        return header, first_data

    def _content_row_above(self, start: int) -> int | None:
        """The nearest filled row above the header when it holds one cell, right of the stub: a
        tabellinnehåll written over the year columns, which belongs to the header, not the title."""
        rows = self.rows
        above = start - 1
        while above >= 0 and row_is_blank(rows[above]):
            above -= 1
        if above >= 0 and _nonblank(rows[above]) and _nonblank(rows[above])[0] >= 1 \
                and len(_nonblank(rows[above])) == 1:
            return above
        return None

    def _title_lines(self, first_header_row: int) -> list[str]:
        """The filled rows above the header, one line of text each."""
        rows = self.rows
        titles = [r for r in range(0, first_header_row) if not row_is_blank(rows[r])]
        return [", ".join(cell_text(rows[r][c]).strip() for c in _nonblank(rows[r])) for r in titles]

    def _data_rows(self, first_data: int) -> list[int]:
        """The non-blank rows from the first data row to the last row with anything right of the
        first column: footnote lines under the table sit in the first column only."""
        rows = self.rows
        last = max((r for r in range(first_data, len(rows)) if any(c >= 1 for c in _nonblank(rows[r]))),
                   default=first_data)
        return [r for r in range(first_data, last + 1) if not row_is_blank(rows[r])]

    def _header_texts(self, header: list[int], width: int) -> list[str]:
        """One text per column from a header of one or more rows. A blank cell right of a merged
        cell continues it (as Excel shows a merge), words split with a hyphen over two rows are
        joined again («Folk-» over «ökning»), and footnote digits glued to a word are dropped."""
        grid = [[cell_text(self.rows[r][c]) if c < len(self.rows[r]) else "" for c in range(width)]
                for r in header]
        spans = [[False] * width for _ in grid]
        for k in range(len(grid) - 1):
            for c in range(1, width):
                if grid[k][c] == "" and grid[k][c - 1] != "" and (k == 0 or spans[k - 1][c]):
                    if any(grid[j][c] for j in range(k + 1, len(grid))):
                        grid[k][c], spans[k][c] = grid[k][c - 1], True
        out = []
        for c in range(width):
            text = ""
            for k in range(len(grid)):
                part = _FOOTNOTE_MARK.sub("", grid[k][c]).strip() if len(grid) > 1 else grid[k][c].strip()
                if not part:
                    continue
                if text.endswith("-") and part[:1].islower():
                    text = text[:-1] + part
                else:
                    text = f"{text} {part}".strip()
            out.append(clean_name(text))
        return out

    def _period_check(self, heads: list[str], header_row: int) -> None:
        for c, head in enumerate(heads):
            if _PERIOD_HEAD.match(head.lower()):
                raise Refused(self.context.period_message(head, True), header_row + 1, head)
            if _PART_OF_YEAR.search(head) or _MONTH_WORD.search(head):
                raise Refused(self.context.period_message(head, False), header_row + 1, head or column_letter(c))

    # -- what the columns mean

    def _table(self, title: str, title_lines: list[str], header: list[int], heads: list[str],
               data: list[int]) -> Table | None:
        """The sheet's values; None once a problem that makes the whole sheet unreadable is reported.
        Raises Refused for months and quarters."""
        heading = _Heading(heads, header[-1])
        self._period_check(heads, heading.row)
        layout = self._layout(title_lines, heading, data)
        if layout is None:
            return None
        table = Table(title=title, table_id=_table_id(title), label=self.label, regso=self._says_regso(title, heads))
        positions, value_cells = self._read_rows(table, heading, layout, data)
        self._add_values(table, heading, positions, value_cells)
        return table

    def _cells(self, c: int, rows_: list[int]) -> list:
        """Column c of the given rows; None where a row is shorter."""
        rows = self.rows
        return [rows[r][c] if c < len(rows[r]) else None for r in rows_]

    def _layout(self, title_lines: list[str], heading: _Heading, data: list[int]) -> _Layout | None:
        """Stub roles and the meaning of every value column, judged from the header and the first
        200 data rows; None once the reason the sheet cannot be read is reported."""
        sample = data[:200]
        first_value = self._first_value_column(heading, sample)
        if first_value is None:
            return None
        stub = self._stub(heading, first_value, sample)
        if not stub.region:
            self.problems.error("hittar ingen kolumn med regioner (t.ex. «region» med «0180 Stockholm»).",
                                sheet=self.label, row=heading.row + 1)
            return None
        values_at = [c for c in range(first_value, heading.width)
                     if heading.heads[c] or any(not is_blank(v) for v in self._cells(c, data))]
        subject = title_subject(title_lines[0]) if title_lines else ""
        default_sex = self._default_sex(title_lines)
        meaning = self._column_meanings(heading, values_at, stub.year)
        if meaning is None:
            return None
        if any(content is None for content, _, _ in meaning.values()) and stub.content is None and not subject:
            self.problems.error("det går inte att se vad värdena mäter: kolumnrubrikerna anger bara år och filen "
                                "har ingen rubrikrad med tabellens namn. Hämta tabellen med rubrik (tabellinnehåll "
                                "i kolumnrubrikerna eller tabellens titel överst).", sheet=self.label,
                                row=heading.row + 1)
            return None
        table_year = None
        if stub.year is None and any(y is None for _, y, _ in meaning.values()):
            table_year = self._table_year(title_lines)
            if table_year is None:
                return None
        return _Layout(stub, values_at, meaning, subject, default_sex, table_year)

    def _first_value_column(self, heading: _Heading, sample: list[int]) -> int | None:
        """Where the values begin: the first year-headed column, else the first column that reads
        as numbers; everything left of it is the stub."""
        if heading.wide:
            return heading.wide[0]
        first_value = self._first_clean_value_column(heading, sample)
        if first_value is None:
            # no column reads cleanly: the first one of digits is meant as values, and its bad
            # cells are reported where they are
            first_value = self._first_digit_column(heading, sample)
        if first_value is None:
            self.problems.error("hittar inga kolumner med värden (tal) till höger om variablerna.",
                                sheet=self.label, row=heading.row + 1)
        return first_value

    def _first_clean_value_column(self, heading: _Heading, sample: list[int]) -> int | None:
        """The first column, not headed as a variable, whose cells all read as values and are not
        mostly area codes."""
        for c in range(1, heading.width):
            if _known_dimension(heading.lower[c]):
                continue
            column = _filled(self._cells(c, sample))
            if not column:
                continue
            parsed = self.context.parse(column)
            if parsed.errors or not any(v is not None for v in parsed.values):
                continue
            if self._mostly_areas(column, codes=False):
                continue
            return c
        return None

    def _first_digit_column(self, heading: _Heading, sample: list[int]) -> int | None:
        """The first column, not headed as a variable, whose every cell is number-like or has a digit
        and none names an area."""
        return next(
            (c for c in range(1, heading.width) if not _known_dimension(heading.lower[c])
             and (column := _filled(self._cells(c, sample)))
             and all(_number_like(v) or re.search(r"\d", cell_text(v)) for v in column)
             and not any(self.looks_like_area(v, codes=False) for v in column)), None)

    def _stub(self, heading: _Heading, first_value: int, sample: list[int]) -> _Stub:
        """The role of each column left of the values, by its heading, else by its cells."""
        stub = _Stub()
        for c in range(first_value):
            h = heading.lower[c]
            column = _filled(self._cells(c, sample))
            if _SEX_HEAD.match(h):
                stub.sex = c
            elif _YEAR_HEAD.match(h):
                stub.year = c
            elif _CONTENT_HEAD.match(h):
                stub.content = c
            elif _REGION_HEAD.search(h):
                stub.region.append(c)
            elif not h:
                self._unnamed_stub_column(stub, c, column)
            elif self._mostly_areas(column) and not stub.region:
                stub.region.append(c)
            else:
                stub.extras.append((c, heading.heads[c]))
        return stub

    def _unnamed_stub_column(self, stub: _Stub, c: int, column: list) -> None:
        """A stub column without a heading takes its role from its cells: areas, kön or years;
        anything else is a variable named by its column letter. An empty one is ignored."""
        if not column:
            return
        if self._mostly_areas(column):
            stub.region.append(c)
        elif all(sex_of(v) for v in column):
            stub.sex = c
        elif all(_year_like(v) for v in column):
            stub.year = c
        else:
            stub.extras.append((c, f"kolumn {column_letter(c)}"))

    def _says_regso(self, title: str, heads: list[str]) -> bool:
        """Whether title, headings, file or sheet name say the areas are RegSO."""
        workbook = self.workbook
        return bool(_REGSO_WORDS.search(" ".join([title, *heads, workbook.file_name,
                                                  "" if workbook.is_csv else self.sheet.name]).lower()))

    def _default_sex(self, title_lines: list[str]) -> str:
        """kön for values nothing else assigns one: a sheet named «Kvinnor», a title ending in
        «, män», else totalt."""
        default_sex = sex_of(self.sheet.name) if not self.workbook.is_csv else None
        if default_sex is None and title_lines:
            last_word = re.split(r"[.,]\s*", title_lines[0].strip(" ."))[-1]
            default_sex = sex_of(last_word) if len(last_word) < 12 else None
        return default_sex or "totalt"

    def _column_meanings(self, heading: _Heading, values_at: list[int],
                         year_col: int | None) -> dict[int, tuple[str | None, int | None, str | None]] | None:
        """(content, year, kön) of each value column, None where the stub says it; None once a
        heading that contradicts the stub or the other headings is reported."""
        meaning: dict[int, tuple[str | None, int | None, str | None]] = {}
        for c in values_at:
            head = heading.heads[c]
            found = _YEAR_AT_END.match(head)
            if found:
                if year_col is not None:
                    self.problems.error("både kolumnen «" + heading.heads[year_col] + "» och kolumnrubrikerna "
                                        "anger år.", sheet=self.label, row=heading.row + 1)
                    return None
                meaning[c] = _year_head_meaning(found)
            elif heading.wide:
                self.problems.error(f"kolumnrubriken «{head or column_letter(c)}» är inget år; värdekolumnerna "
                                    "ska heta som år (t.ex. «2023» eller «Antal 2023»).", sheet=self.label,
                                    row=heading.row + 1, column=head or column_letter(c))
                return None
            else:
                meaning[c] = (head or None, None, None)
        return meaning

    def _table_year(self, title_lines: list[str]) -> int | None:
        """The one year a table without a year column is about, from its first title line, else its
        file name."""
        for text, where in ((title_lines[0] if title_lines else "", "rubriken"),
                            (self.workbook.file_name, "filnamnet")):
            years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text))
            if len(years) == 1:
                return int(years.pop())
            if len(years) > 1:
                self.problems.error(f"{where} nämner flera år ({', '.join(sorted(years))}) och tabellen har "
                                    "ingen årskolumn; hämta tabellen med år som kolumn.", sheet=self.label)
                return None
        self.problems.error("hittar inte vilket år värdena gäller: ingen kolumn med år och inget år i rubriken "
                            "eller filnamnet.", sheet=self.label)
        return None

    # -- the rows

    def _read_rows(self, table: Table, heading: _Heading, layout: _Layout,
                   data: list[int]) -> tuple[list[_Position], list]:
        """Every value cell with what it is (row, column, measure, year, kön, region), in row order.
        The cells are parsed afterwards in one call, which is what keeps large files fast."""
        rows, subject = self.rows, layout.subject
        values_at, meaning = layout.values_at, layout.meaning
        positions: list[_Position] = []
        value_cells: list = []
        for r, at in self._stub_rows(data, layout.stub):
            row_stub = self._row_stub(table, r, at, heading, layout)
            if row_stub is None:
                continue
            region, row_sex, row_year, row_content, row_extras = row_stub
            row = rows[r]
            for c in values_at:
                content, year, col_sex = meaning[c]
                content = content or row_content or subject
                measure = table.measure_index(Measure(content, row_extras))
                positions.append((r, c, measure, year or row_year, col_sex or row_sex, region))
                value_cells.append(row[c] if c < len(row) else None)
        return positions, value_cells

    def _stub_rows(self, data: list[int], stub: _Stub) -> Iterator[tuple[int, dict[int, object]]]:
        """Each data row's stub cells. xlsx exports write a stub value once for a block of rows, so
        there a blank region (all its columns) or other stub cell repeats the row above; CSV does not."""
        rows, region_cols = self.rows, stub.region
        stubs = stub.columns()
        fill = not self.workbook.is_csv
        previous: dict[int, object] = {}
        for r in data:
            row = rows[r]
            at = {c: (row[c] if c < len(row) else None) for c in stubs}
            if fill:
                if all(is_blank(at[c]) for c in region_cols):
                    for c in region_cols:
                        at[c] = previous.get(c)
                for c in stubs:
                    if c not in region_cols and is_blank(at[c]):
                        at[c] = previous.get(c)
                previous = dict(at)
            yield r, at

    def _row_stub(self, table: Table, r: int, at: dict[int, object], heading: _Heading,
                  layout: _Layout) -> _RowStub | None:
        """What row r's stub cells say; None once a kön or year that cannot be read is reported
        (the row is then skipped). Raises Refused for a month or quarter in the year column."""
        stub = layout.stub
        region = tuple(cell_text(at[c]) for c in stub.region)
        table.region_at.setdefault(region, (r + 1, heading.name(stub.region[0])))
        row_sex = layout.default_sex
        if stub.sex is not None:
            cell = at[stub.sex]
            row_sex = sex_of(cell) if not is_blank(cell) else "totalt"
            if row_sex is None:
                self.problems.error(f"«{cell_text(cell)}» är inget kön; skriv totalt, kvinnor "
                                    "eller män.",
                                    sheet=self.label, row=r + 1, column=heading.name(stub.sex))
                return None
        row_year = layout.table_year
        if stub.year is not None:
            row_year = self._row_year(at[stub.year], r, heading, stub.year)
            if row_year is None:
                return None
        row_content = cell_text(at[stub.content]) if stub.content is not None else None
        row_extras = tuple((name, cell_text(at[c])) for c, name in stub.extras)
        return region, row_sex, row_year, row_content, row_extras

    def _row_year(self, cell: object, r: int, heading: _Heading, year_col: int) -> int | None:
        """The year in a row's year column; None once a cell that is no year is reported. Raises
        Refused for a month or quarter («2022M01»): the table is not yearly at all."""
        text = cell_text(cell)
        if _PART_OF_YEAR.search(text):
            raise Refused(self.context.period_message(text, False), r + 1, heading.heads[year_col])
        if not re.fullmatch(r"(19|20)\d\d", text):
            self.problems.error(f"«{text}» är inget årtal.", sheet=self.label, row=r + 1,
                                column=heading.name(year_col))
            return None
        return int(text)

    def _add_values(self, table: Table, heading: _Heading,
                    positions: list[_Position],
                    value_cells: list) -> None:
        """Parse all value cells at once; report each bad cell where it is and keep the rest."""
        parsed = self.context.parse(value_cells)
        for i, exc in parsed.errors.items():
            r, c = positions[i][0], positions[i][1]
            self.problems.error(f"{exc}.", sheet=self.label, row=r + 1, column=heading.name(c))
        for i, (r, c, measure, year, sex, region) in enumerate(positions):
            if i in parsed.errors:
                continue
            table.measure.append(measure)
            table.region.append(region)
            table.year.append(year)
            table.sex.append(sex)
            table.value.append(parsed.values[i])
            table.flag.append(parsed.flags[i])
            table.row.append(r + 1)
            table.column.append(column_letter(c))


def _table_id(title: str) -> str | None:
    found = re.search(r"\b(TAB\d{3,6}|[A-Z]{2}\d{4}[A-Z0-9]*)\b", title)
    return found.group(1) if found else None


def read_sheets(workbook: Workbook, ref: Reference, problems: ProblemList, context: SheetContext,
                areas: Areas) -> list[Table]:
    tables = []
    for sheet, label in data_sheets(workbook, problems):
        table = SheetReader(workbook, sheet, label, ref, problems, context, areas).read()
        if table is not None:
            tables.append(table)
    return tables


# ---------------------------------------------------------------- JSON (PxWeb API v1 and v2)

@dataclass
class _Dimension:
    id: str
    label: str
    codes: list[str]
    labels: dict[str, str]
    units: dict[str, dict]


def _json_text(value: object) -> str:
    return clean_name(value) if isinstance(value, str) else ""


def _jsonstat_header(doc: dict) -> tuple[dict, list, list, object] | str:
    """(dimension, id, size, role) where the version puts them: JSON-stat 2.0 at the top, 1.x
    inside ``dimension``; a Swedish message when they are missing or do not match."""
    dims_doc = doc.get("dimension")
    ids, sizes, role = doc.get("id"), doc.get("size"), doc.get("role")
    if ids is None and isinstance(dims_doc, dict):
        ids, sizes, role = dims_doc.get("id"), dims_doc.get("size"), dims_doc.get("role") or role
    if not isinstance(dims_doc, dict) or not isinstance(ids, list) or not isinstance(sizes, list) \
            or len(ids) != len(sizes) or not all(isinstance(i, str) for i in ids):
        return "JSON-stat-svaret saknar «id», «size» eller «dimension»; spara hela svaret från API:et."
    return dims_doc, ids, sizes, role


def _category_codes(dim_id: str, cat: dict, labels: dict[str, str]) -> list[str] | str:
    """A variable's codes in the order of the values: ``index`` as a list or as {code: position},
    else the order of the labels; a Swedish message for an index that is not numbered."""
    index = cat.get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in index.values()):
            return f"variabeln «{dim_id}» har en «index» som inte är numrerad."
        return [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    return list(labels)


def _jsonstat_dimension(dim_id: str, size: object, dims_doc: dict) -> _Dimension | str:
    """One variable from ``dimension``, checked against its ``size``: the values are addressed by
    position, so a variable whose codes do not match its size would misplace every value."""
    d = dims_doc.get(dim_id)
    if not isinstance(d, dict) or not isinstance(d.get("category"), dict) or not isinstance(size, int) \
            or isinstance(size, bool) or size < 0:
        return f"variabeln «{dim_id}» beskrivs inte i svaret («dimension»)."
    cat = d["category"]
    labels = {str(k): _json_text(v) for k, v in cat["label"].items()} if isinstance(cat.get("label"), dict) else {}
    codes = _category_codes(dim_id, cat, labels)
    if isinstance(codes, str):
        return codes
    if len(codes) != size:
        return f"variabeln «{dim_id}» har {len(codes)} värden men «size» säger {size}."
    units = cat.get("unit") if isinstance(cat.get("unit"), dict) else {}
    return _Dimension(str(dim_id), _json_text(d.get("label")) or str(dim_id), codes, labels, units)


def _jsonstat_dimensions(doc: dict) -> tuple[list[_Dimension], list[int], dict] | str:
    """JSON-stat 2.0 (``id``/``size`` at the top) or 1.x (inside ``dimension``)."""
    header = _jsonstat_header(doc)
    if isinstance(header, str):
        return header
    dims_doc, ids, sizes, role = header
    role = role if isinstance(role, dict) else {}
    dims = []
    for dim_id, size in zip(ids, sizes):
        dim = _jsonstat_dimension(dim_id, size, dims_doc)
        if isinstance(dim, str):
            return dim
        dims.append(dim)
    return dims, sizes, role


def _roles(dims: list[_Dimension], role: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    ids = [d.id for d in dims]

    def first(names: object) -> int | None:
        for n in names if isinstance(names, list) else []:
            if isinstance(n, str) and n in ids:
                return ids.index(n)
        return None

    for key, given, names in (("time", role.get("time"), ("tid", "år", "ar", "year", "time")),
                              ("metric", role.get("metric"), ("contentscode", "tabellinnehåll")),
                              ("geo", role.get("geo"), ("region", "kommun", "lan", "län", "regso", "deso"))):
        index = first(given)
        if index is None:
            index = next((i for i, d in enumerate(dims)
                          if d.id.lower() in names or d.label.lower() in names), None)
        if index is not None:
            out[key] = index
    sex = next((i for i, d in enumerate(dims) if d.id.lower() in ("kon", "kön", "sex") or d.label.lower() == "kön"),
               None)
    if sex is not None:
        out["sex"] = sex
    return out


def _years(codes: list[str], labels: dict[str, str]) -> list[int] | Refused | str:
    years = []
    for code in codes:
        text = code.strip()
        if _PART_OF_YEAR.search(text) or _MONTH_WORD.search(labels.get(code, "")):
            return Refused(period_message(text))
        if not re.fullmatch(r"(19|20)\d\d", text):
            return f"tidsvärdet «{text}» är inget årtal."
        years.append(int(text))
    return years


def _symbol(status: object, position: int) -> str | None:
    if isinstance(status, str):
        return status
    if isinstance(status, list) and position < len(status):
        return status[position] if isinstance(status[position], str) else None
    if isinstance(status, dict):
        found = status.get(str(position))
        return found if isinstance(found, str) else None
    return None


def _json_value(value: object, symbol: str | None) -> Parsed:
    if value is None:
        if symbol:
            try:
                return parse_value(symbol.strip())
            except CellError:
                return Parsed(None, MISSING)
        return Parsed(None, MISSING)
    return parse_value(value)


@dataclass
class _JsonStat:
    """A JSON-stat response's variables and the role of each, checked before any value is read."""

    dims: list[_Dimension]
    sizes: list[int]
    title: str
    time: int                     # index in dims of the time variable
    years: list[int]              # the year of each of its codes
    sex: int | None
    sexes: list[str]              # kön of each code of the sex variable (empty without one)
    geo: int | None               # None: the region is eliminated in the query, values are for riket
    metric: int | None            # tabellinnehåll; None: the title says what is measured
    extra: list[int]              # other variables (ålder …): each value combination is one measure


def _jsonstat_sexes(dims: list[_Dimension], sex: int | None) -> list[str] | str:
    """kön of each code of the sex variable; a Swedish message for one that is not kön."""
    sexes: list[str] = []
    if sex is None:
        return sexes
    d = dims[sex]
    for code in d.codes:
        found = sex_of(code) or sex_of(d.labels.get(code, ""))
        if found is None:
            return f"kön «{d.labels.get(code, code)}» ({code}) känns inte igen."
        sexes.append(found)
    return sexes


def _jsonstat_spec(doc: dict) -> _JsonStat | str:
    """The variables of a JSON-stat response and their roles; a Swedish message for a response
    the store cannot take (no time variable, months or quarters, a kön that is not one)."""
    shape = _jsonstat_dimensions(doc)
    if isinstance(shape, str):
        return shape
    dims, sizes, role = shape
    roles = _roles(dims, role)
    if "time" not in roles:
        return "svaret har ingen tidsvariabel (år); välj år i frågan och hämta svaret igen."
    time = dims[roles["time"]]
    years = _years(time.codes, time.labels)
    if isinstance(years, Refused):
        return years.message
    if isinstance(years, str):
        return years
    sex = roles.get("sex")
    sexes = _jsonstat_sexes(dims, sex)
    if isinstance(sexes, str):
        return sexes
    geo, metric = roles.get("geo"), roles.get("metric")
    extra = [i for i in range(len(dims)) if i not in (roles["time"], sex, geo, metric)]
    return _JsonStat(dims, sizes, _json_text(doc.get("label")), roles["time"], years, sex, sexes, geo, metric, extra)


def _jsonstat_table_id(doc: dict) -> str | None:
    """The table's id (TAB…, or the matrix of API v1) from PxWeb's ``extension``, if given."""
    extension = doc.get("extension") if isinstance(doc.get("extension"), dict) else {}
    px = extension.get("px") if isinstance(extension.get("px"), dict) else {}
    return _json_text(px.get("tableid") or px.get("matrix")) or None


def _jsonstat_positions(values: object, total: int) -> tuple[Iterable[int], Callable[[int], object]] | str:
    """The positions that hold a value and how to get the value at one: ``value`` is a full list,
    or a {position: value} dict that leaves out the empty ones; a Swedish message otherwise."""
    if isinstance(values, list):
        if len(values) != total:
            return f"svaret har {len(values)} värden men variablerna ger {total}; spara hela svaret."
        return range(total), values.__getitem__
    if isinstance(values, dict):
        try:
            positions = sorted(int(k) for k in values)
        except ValueError:
            return "«value» har nycklar som inte är tal."
        return positions, lambda p: values.get(str(p))
    return "svaret saknar «value»."


def _unit_decimals(unit_doc: dict) -> int | None:
    """The decimals a unit states, kept within 0–6; None where it states none (or no number)."""
    decimals = unit_doc.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool):
        return None
    return min(max(decimals, 0), 6)


def _jsonstat_measure(spec: _JsonStat, idx: list[int]) -> Measure:
    """The measure of the value at idx: its tabellinnehåll (with the unit and decimals the
    response states for it) and the values of the other variables."""
    dims = spec.dims
    if spec.metric is not None:
        d = dims[spec.metric]
        code = d.codes[idx[spec.metric]]
        content = d.labels.get(code) or code
        unit_doc = d.units.get(code) if isinstance(d.units.get(code), dict) else {}
    else:
        content, unit_doc = title_subject(spec.title) or spec.title, {}
    extras = tuple((dims[i].label, dims[i].labels.get(dims[i].codes[idx[i]]) or dims[i].codes[idx[i]])
                   for i in spec.extra)
    base = unit_doc.get("base") if isinstance(unit_doc.get("base"), str) else None
    return Measure(content, extras, base, _unit_decimals(unit_doc))


def _jsonstat_values(table: Table, spec: _JsonStat, positions: Iterable[int], get: Callable[[int], object],
                     status: object, problems: ProblemList) -> Table | None:
    """Each value with its region, year, kön and measure from its position (row-major over the
    variables); a value that cannot be read is reported and skipped, a position outside the
    table refuses the response."""
    dims, sizes = spec.dims, spec.sizes
    total = math.prod(sizes)
    strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
    metric, extra, geo, sex, time = spec.metric, spec.extra, spec.geo, spec.sex, spec.time
    measures: dict[tuple, int] = {}
    for p in positions:
        if not 0 <= p < total:
            problems.error(f"värdet på plats {p} ligger utanför tabellen.")
            return None
        idx = [(p // strides[i]) % sizes[i] for i in range(len(sizes))]
        try:
            parsed = _json_value(get(p), _symbol(status, p))
        except CellError as exc:
            problems.error(f"{exc} (värde nummer {p + 1} i «value»).")
            continue
        key = (idx[metric] if metric is not None else None, tuple(idx[i] for i in extra))
        if key not in measures:
            measures[key] = table.measure_index(_jsonstat_measure(spec, idx))
        if geo is not None:
            d = dims[geo]
            code = d.codes[idx[geo]]
            region = (code, d.labels.get(code, ""))
        else:
            region = (RIKET_CODE,)
        table.region_at.setdefault(region, (None, None))
        table.measure.append(measures[key])
        table.region.append(region)
        table.year.append(spec.years[idx[time]])
        table.sex.append(spec.sexes[idx[sex]] if sex is not None else "totalt")
        table.value.append(parsed.value)
        table.flag.append(parsed.flag)
        table.row.append(None)
        table.column.append(None)
    return table


def _from_jsonstat(doc: dict, problems: ProblemList, collector: Collector) -> Table | None:
    if isinstance(doc.get("dataset"), dict) and "dimension" not in doc:
        doc = doc["dataset"]          # JSON-stat 1.x from PxWeb API v1
    spec = _jsonstat_spec(doc)
    if isinstance(spec, str):
        problems.error(spec)
        return None
    if spec.geo is None:
        collector.notes.append("Tabellen har ingen regionvariabel (den är eliminerad i frågan); värdena gäller "
                               "riket och har lagrats för riket.")
    regso = bool(_REGSO_WORDS.search(" ".join([spec.title] + [d.label for d in spec.dims]).lower()))
    table = Table(title=spec.title, table_id=_jsonstat_table_id(doc), label=None, regso=regso)
    found = _jsonstat_positions(doc.get("value"), math.prod(spec.sizes))
    if isinstance(found, str):
        problems.error(found)
        return None
    positions, get = found
    return _jsonstat_values(table, spec, positions, get, doc.get("status"), problems)


@dataclass
class _PxwebColumns:
    """PxWeb json's columns: the variables (types d and t) in the order of each data row's key,
    which of them is time, region and kön, and the tabellinnehåll (type c) in the order of its values."""

    keys: list[dict]
    names: list[str]
    title: str
    regso: bool
    time: int
    geo: int | None
    sex: int | None
    extra: list[int]


def _pxweb_columns(doc: dict) -> _PxwebColumns | str:
    """The columns of a PxWeb json response; a Swedish message when it has no such shape, no
    tabellinnehåll or no time column."""
    columns, data = doc.get("columns"), doc.get("data")
    if not isinstance(columns, list) or not isinstance(data, list) or \
            not all(isinstance(c, dict) for c in columns):
        return "svaret har inte formen «columns»/«data» från PxWeb."
    keys = [c for c in columns if c.get("type") in ("d", "t")]
    contents = [c for c in columns if c.get("type") == "c"]
    meta = doc.get("metadata")
    title = _json_text(meta[0].get("label")) if isinstance(meta, list) and meta and isinstance(meta[0], dict) else ""
    if not contents:
        return "svaret har ingen kolumn med tabellinnehåll (typ «c»)."
    time, geo, sex = _pxweb_roles(keys)
    if time is None:
        return "svaret har ingen tidskolumn (typ «t»); välj år i frågan och hämta svaret igen."
    extra = [i for i in range(len(keys)) if i not in (time, geo, sex)]
    regso = bool(_REGSO_WORDS.search(" ".join([title] + [_json_text(c.get("text")) for c in columns]).lower()))
    names = [_json_text(c.get("text")) or str(c.get("code")) for c in contents]
    return _PxwebColumns(keys, names, title, regso, time, geo, sex, extra)


def _pxweb_roles(keys: list[dict]) -> tuple[int | None, int | None, int | None]:
    """Which key column is time (type t), region and kön, by code or text."""

    def find(test: Callable[[dict], bool]) -> int | None:
        return next((i for i, c in enumerate(keys) if test(c)), None)

    time = find(lambda c: c.get("type") == "t")
    geo = find(lambda c: str(c.get("code", "")).lower() in ("region", "kommun", "lan", "län")
               or _json_text(c.get("text")).lower() == "region")
    sex = find(lambda c: str(c.get("code", "")).lower() in ("kon", "kön")
               or _json_text(c.get("text")).lower() == "kön")
    return time, geo, sex


def _pxweb_row(item: object, n: int,
               spec: _PxwebColumns) -> tuple[list, int, str, tuple[str, ...], tuple[tuple[str, str], ...]] | str:
    """(values, year, kön, region, extras) of data row n; a Swedish message when its key does not
    fit the columns or names a period or kön the store cannot take."""
    key, values = (item.get("key"), item.get("values")) if isinstance(item, dict) else (None, None)
    if not isinstance(key, list) or not isinstance(values, list) or len(key) != len(spec.keys) \
            or len(values) != len(spec.names):
        return f"datapost {n} har inte en nyckel per variabel och ett värde per tabellinnehåll."
    period = str(key[spec.time]).strip()
    if _PART_OF_YEAR.search(period):
        return period_message(period)
    if not re.fullmatch(r"(19|20)\d\d", period):
        return f"tidsvärdet «{period}» i datapost {n} är inget årtal."
    row_sex = "totalt"
    if spec.sex is not None:
        row_sex = sex_of(key[spec.sex])
        if row_sex is None:
            return f"kön «{key[spec.sex]}» i datapost {n} känns inte igen (1 = män, 2 = kvinnor)."
    region = (str(key[spec.geo]).strip(),) if spec.geo is not None else (RIKET_CODE,)
    extras = tuple((_json_text(spec.keys[i].get("text")) or str(spec.keys[i].get("code")), str(key[i]))
                   for i in spec.extra)
    return values, int(period), row_sex, region, extras


def _from_pxweb_json(doc: dict, problems: ProblemList) -> Table | None:
    """PxWeb API v1's plain «json»: columns (d, t, c), data rows of codes and string values."""
    spec = _pxweb_columns(doc)
    if isinstance(spec, str):
        problems.error(spec)
        return None
    table = Table(title=spec.title, table_id=_table_id(spec.title), label=None, regso=spec.regso)
    for n, item in enumerate(doc["data"], start=1):
        row = _pxweb_row(item, n, spec)
        if isinstance(row, str):
            problems.error(row)
            return None
        values, year, row_sex, region, extras = row
        table.region_at.setdefault(region, (None, None))
        for name, raw in zip(spec.names, values):
            try:
                parsed = parse_value(raw if not isinstance(raw, str) else raw.strip())
            except CellError as exc:
                problems.error(f"{exc} (datapost {n}, «{name}»).")
                continue
            table.measure.append(table.measure_index(Measure(name, extras)))
            table.region.append(region)
            table.year.append(year)
            table.sex.append(row_sex)
            table.value.append(parsed.value)
            table.flag.append(parsed.flag)
            table.row.append(None)
            table.column.append(None)
    return table


# ---------------------------------------------------------------- the loader

REGSO_HINT = (" Gäller filen RegSO (regionala statistikområden)? Hämta den med tabellens rubrik, som nämner "
              "RegSO, eller låt filnamnet innehålla «RegSO»; då läggs nya områden till.")


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    collector = Collector("scb", ref, problems, indicator_source=SOURCE, catalogue=scb_catalogue,
                          source_word="SCB:s Statistikdatabasen", regso_hint=REGSO_HINT)
    if workbook.document is not None:
        doc = workbook.document
        table = None
        if isinstance(doc, dict) and ("columns" in doc and "data" in doc):
            table = _from_pxweb_json(doc, problems)
        elif isinstance(doc, dict) and ("dimension" in doc or isinstance(doc.get("dataset"), dict)):
            table = _from_jsonstat(doc, problems, collector)
        else:
            problems.error("JSON-filen är inget svar från SCB:s API (varken JSON-stat eller PxWeb-json).")
        if table is not None and not problems.counts["fel"]:
            if not table.value:
                problems.error("svaret innehåller inga värden (bara metadata?); hämta data, inte bara "
                               "tabellens beskrivning.")
            collector.add(table)
    else:
        for table in read_sheets(workbook, ref, problems, SheetContext(), collector.areas):
            collector.add(table)
    problems.raise_if_errors()
    tables = sorted(set(collector.tables))
    source = "SCB, Statistikdatabasen" + (f" ({', '.join(tables)})" if tables else "")
    batch = collector.batch(workbook, source)
    batch.warnings = problems.warnings
    return batch
