"""Skolverket's kommun-level exports, read as Skolverket publishes them.

Skolverket's «Sök statistik» gives every report per kommun («… <år> Kommun.xlsx / .csv»),
for one kommun or for all of Sweden. They come in a few layouts, all read here:

* «Jämförelse av betygsresultat över tid»: one sheet per typ av huvudman (Samtliga, Kommunal,
  Enskild; the sheet's title row says which), one row per kommun and Uppgift, the läsår as
  columns (2024/25 … 2015/16). Läsår 2024/25 is the year 2025 (grades are set in spring).
* One row per kommun (and typ av huvudman, kön or ämne), one column per measure, with the läsår
  in the preamble («Valt läsår: 2024/25»); e.g. «Behörighet till gymnasieskolan».
* The same with two header rows, either way round: the measure over kön («Antal elever med
  provbetyg A-F» over «Totalt, Flickor, Pojkar», nationella prov) or kön over the measure
  («Flickor» over «Antal elever», betyg åk 6).

What is kept, and why:

* Typ av huvudman: Samtliga is the plain indicator. Kommunal and Enskild are separate
  indicators with the same id plus ``_kommunal`` / ``_enskild`` (names «… (kommunala
  skolor)» / «… (fristående skolor)»), because a kommun's own schools are what its grant
  application and action plan answer for, and they are not the same measure as all schools.
  Other huvudman types (if Skolverket ever lists one) are skipped and counted in a note.
* A measure is mapped to the catalogue only where it is the same measure: meritvärde 17
  ämnen, behöriga till yrkesprogram and godkänt i alla ämnen of grundskolans årskurs 9
  (not nationella prov, not åk 6, not another school form). The 16-ämnen meritvärde, which
  Skolverket publishes beside the 17-ämnen one for the same years, is ``meritvarde_ak9_16``.
  «Antal elever» of an åk 9 report and the jämförelse's «Totalt antal elever årskurs 9» have
  the same definition (pupils who finished åk 9) and the same numbers, so both are one
  indicator. Every other measure becomes a new indicator named after Skolverket's text (a
  leading «- » dropped), with the report's context (åk 6, nationella prov åk 9) and ämne
  added so that names from different reports never collide; unit from the text, direction
  neutral, source Skolverket, and the definition Skolverket gives in the file when there is one.
* The pupils («Antal elever …», when the table has one such measure) are stored as a measure
  of their own and as the weight (denominator) of the shares and means of the same kommun,
  year, huvudman, kön and ämne, as the per-school loader does. A share of another base
  («Andel (%) elever som deltagit» in nationella prov is a share of all pupils, not of those
  with a provbetyg) gets no weight, nor does anything in a table with several pupil counts
  (pupils per årskurs), where which count is the base cannot be known.
* Symbols stay flags: ``..`` prickad, ``.`` saknas, ``~100`` 100 flagged ungefärligt.
* The definitions Skolverket puts after the data (or on a sheet of their own) are never
  read as rows.

Per-school (Skolenhet) and per-huvudman downloads are refused with a message naming the
download to use instead; the per-school slutbetyg åk 9 has its own loader (meritvarde).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from .domain import KOMMUN, LAN, RIKET
from .errors import ProblemList
from .model import INDICATOR_COLUMNS, KIND_LABELS, Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import Header, column_groups, data_sheets, definitions_start, find_header, is_example, row_is_blank
from .values import CellError, Parsed, cell_text, clean_name, find_school_year, is_blank, name_key, \
    normalise_header, parse_school_year, parse_sex, parse_value

KIND = "skolverket"
SOURCE = "Skolverket"
EDUCATION = 3  # utvecklingsområde «Utbildning för att barn och vuxna ska nå sin fulla potential»

_REQUIRED = {"kommun": ("kommun",)}
_OPTIONAL = {"code": ("kommun-kod", "kommunkod"), "lan": ("län",), "lan_code": ("läns-kod", "länskod"),
             "huvudman": ("typ av huvudman",), "sex": ("kön",), "subject": ("ämne",), "task": ("uppgift",),
             "year": ("läsår", "år")}
_SCHOOL_HEADERS = ("skola", "skol-enhetskod", "skolenhetskod", "skolenhet", "skolenhetens namn")
_HUVUDMAN_HEADERS = ("huvudman", "huvudman orgnr", "huvudmannens namn")

# typ av huvudman -> variant (None: Samtliga, the plain indicator)
_HUVUDMAN = {"samtliga": None, "alla": None, "alla huvudmän": None, "kommunal": "kommunal", "kommunala": "kommunal",
             "kommunala skolor": "kommunal", "enskild": "enskild", "enskilda": "enskild", "fristående": "enskild",
             "fristående skolor": "enskild"}
VARIANT_NAMES = {"kommunal": "kommunala skolor", "enskild": "fristående skolor"}
_VARIANT_SCOPE = {"kommunal": "skolor med kommunal huvudman", "enskild": "fristående skolor (enskild huvudman)"}

# Measures that are the catalogue's own (grundskolans åk 9 only). Texts are matched lower-case,
# leading «- » dropped; older and newer wordings of Skolverket's headers both.
_CATALOGUE = (
    (re.compile(r"genomsnittligt meritvärde \(17( ämnen)?\)"), "meritvarde_ak9"),
    (re.compile(r"andel( elever)? \(%\)( elever)? behörig(a)? (till )?yrkesprog(ram|\.)?"),
     "behorighet_yrkesprogram_andel"),
    (re.compile(r"andel( elever)? \(%\)( elever)? som (fått godkänt betyg|uppfyllt betygskriterierna|uppnått "
                r"kunskapskraven) i alla ämnen"), "godkant_alla_amnen_andel"),
)
_MERIT_16 = re.compile(r"genomsnittligt meritvärde \(16( ämnen)?\)")
MERIT_16 = dict(indicator_id="meritvarde_ak9_16", name="Meritvärde åk 9, 16 ämnen", unit="poäng", decimals=1,
                direction="högre", development_area=EDUCATION, source=SOURCE,
                definition="Genomsnittligt meritvärde för elever i årskurs 9 räknat på de 16 bästa betygen, utan "
                           "moderna språk som 17:e ämne. Skolverket redovisar det sedan 2014/15 vid sidan av "
                           "meritvärdet för 17 ämnen, för jämförelse med tidigare år.")
_PUPILS_AK9 = re.compile(r"(totalt )?antal elever( årskurs 9| åk 9)?")
PUPILS_AK9_NAME = "Totalt antal elever årskurs 9"
_GRADE = re.compile(r"(?<![a-zåäö])(?:årskurs|åk)\s*(\d{1,2})(?!\d|\s*-\s*\d)")  # not «årskurs 1-9»
_NAMES_ITS_PUPILS = re.compile(r"(?<![a-zåäö])(?:(?:årskurs|åk)\s*\d|förskoleklass)")  # «…, årskurs 1-9»
MAX_POINTS = {"meritvärde": 340.0, "betygspoäng": 20.0}
MAX_DEFINITION = 1500

KOMMUN_DOWNLOAD = ("ladda ner rapporten från Skolverkets «Sök statistik» med redovisningsnivån «Kommun» (filen heter "
                   "«… Kommun.xlsx» eller «… Kommun.csv») och importera den som den är")


def slug(name: str) -> str:
    """The id of a new indicator: its name folded to a-z, 0-9 and _ (never cut, so two long
    names cannot end up with one id)."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "indikator"


def measure_text(text: object) -> str:
    """Skolverket's measure as a name: the leading «- » of a sub-row dropped, first letter upper."""
    t = re.sub(r"^[-–—]\s*", "", clean_name(text))
    return t[:1].upper() + t[1:]


def unit_of(text: str) -> tuple[str, int]:
    """(unit, decimals) from the measure's wording."""
    t = text.lower()
    if "(%)" in t or t.startswith("andel"):
        return "%", 1
    if "meritvärde" in t or "betygspoäng" in t:
        return "poäng", 1
    if "antal" in t or t.startswith("elever"):
        if "genomsnitt" in t:
            return "medeltal", 1
        return ("antal elever", 0) if "elever" in t else ("antal", 0)
    return "värde", 1


# ------------------------------------------------------------------ what a sheet is


@dataclass(frozen=True)
class Report:
    """What a table reports, from its title: the context new indicators are named with."""

    title: str
    school_form: str       # 'grundskola', … ('' when the title names none)
    grade: int | None      # årskurs
    national_test: bool

    @property
    def catalogue_ok(self) -> bool:
        """Whether the catalogue's åk 9 measures can be the same measure as this table's."""
        return self.school_form in ("", "grundskola") and self.grade == 9 and not self.national_test

    @property
    def context(self) -> str:
        if self.national_test:
            label = f"nationella prov åk {self.grade}" if self.grade else "nationella prov"
        elif self.grade:
            label = f"åk {self.grade}"
        else:
            label = self.title.split(" - ", 1)[-1] if self.title else ""
        if self.school_form and self.school_form != "grundskola":
            label = f"{self.school_form}, {label}" if label else self.school_form
        return label


def _preamble_lines(sheet: Sheet, before: int) -> list[str]:
    lines = []
    for row in sheet.rows[:before]:
        text = " ".join(cell_text(c) for c in row if not is_blank(c))
        if text:
            lines.append(clean_name(text))
    return lines


def _report(lines: list[str], measures: list[str], file_name: str) -> Report:
    rest = [line for line in lines if not line.lower().startswith(("statistik från", "valt läsår", "typ av huvudman"))]
    title = next((line for line in rest if " - " in line), rest[0] if rest else "")
    school_form = title.split(" - ", 1)[0].strip().lower() if " - " in title else ""
    low = title.lower()
    # the title's årskurs, else the one the measures name (only if they agree: a table of
    # pupils per årskurs is no åk 1 report), else the file name's
    in_title = _GRADE.search(low)
    in_measures = {int(g) for m in measures for g in _GRADE.findall(m.lower())}
    in_name = _GRADE.search(file_name.lower())
    if in_title:
        grade: int | None = int(in_title.group(1))
    elif len(in_measures) == 1:
        grade = next(iter(in_measures))
    elif in_name and not in_measures:
        grade = int(in_name.group(1))
    else:
        grade = None
    if grade is None and ("behörighet till gymnasieskolan" in low or "slutbetyg" in low
                          or any("meritvärde" in m.lower() or "behörig" in m.lower() for m in measures)):
        grade = 9
    return Report(title, school_form, grade, "nationella prov" in low or "provbetyg" in low)


def _sheet_huvudman(lines: list[str], sheet_name: str) -> tuple[bool, str | None]:
    """(known, variant) from «Typ av huvudman: Kommunal» above the table, else the sheet's name
    (Skolverket names the sheets Samtliga, Kommunal, Enskild); Samtliga when neither says."""
    for line in lines:
        found = re.match(r"typ av huvudman\s*:\s*(.+)$", line, re.IGNORECASE)
        if found:
            word = found.group(1).strip().lower()
            return word in _HUVUDMAN, _HUVUDMAN.get(word)
    word = sheet_name.strip().lower()
    return True, _HUVUDMAN.get(word)


def _is_definitions(sheet: Sheet) -> bool:
    if sheet.name.lower().startswith(("rapportbeskrivning", "definition", "def.")):
        return True
    return any(cell_text(c).lower().startswith("rapportbeskrivning och def") for row in sheet.rows[:30] for c in row)


# ------------------------------------------------------------------ definitions in the file


def read_definitions(rows: list[list]) -> dict[str, str]:
    """Skolverket's definitions block: a measure in column A and its text further right
    (continued on lines with column A empty), or «* Measure» on a line of its own with the
    text on the lines below. A blank line ends a definition. Keys are name_key(measure)."""
    out: dict[str, str] = {}
    head: str | None = None
    parts: list[str] = []
    star = False

    def close() -> None:
        nonlocal head, parts
        if head and parts:
            out.setdefault(name_key(head), " ".join(parts)[:MAX_DEFINITION])
        head, parts = None, []

    for row in rows:
        cells = [(i, clean_name(cell_text(c))) for i, c in enumerate(row) if not is_blank(c)]
        cells = [(i, t) for i, t in cells if t]
        if not cells:
            close()
            continue
        first_col, first = cells[0]
        if first_col == 0 and len(cells) >= 2:
            close()
            head, parts, star = first.lstrip("* ").strip(), [t for _, t in cells[1:]], False
        elif first_col == 0 and first.startswith("*"):
            close()
            head, star = first.lstrip("* ").strip(), True
        elif head is not None and (first_col > 0 or star):
            parts.extend(t for _, t in cells)
    close()
    return out


def _definition_for(name: str, definitions: dict[str, str]) -> str | None:
    key = name_key(name)
    if key in definitions:
        return definitions[key]
    contained = [k for k in definitions if k and k in key]
    return definitions[max(contained, key=len)] if contained else None


# ------------------------------------------------------------------ indicators


@dataclass(frozen=True)
class Target:
    """Where a measure's values go, and how they are weighted."""

    indicator_id: str
    name: str
    unit: str
    is_weight: bool      # the pupils count that weights the other measures
    weighted: bool       # takes the pupils as its denominator
    max_value: float | None


@dataclass
class _Catalogue:
    ref: Reference
    definitions: dict[str, str]
    known: dict[str, dict] = field(default_factory=dict)   # indicator_id -> catalogue row
    by_name: dict[str, str] = field(default_factory=dict)
    new: dict[str, dict] = field(default_factory=dict)     # indicators this file adds
    cache: dict[tuple, Target] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.ref.indicators.to_dict("records"):
            self.known[row["indicator_id"]] = row
            self.by_name.setdefault(name_key(row["name"]), row["indicator_id"])

    def target(self, text: str, subject: str, report: Report, variant: str | None) -> Target:
        key = (text, subject, report, variant)
        if key not in self.cache:
            self.cache[key] = self._resolve(text, subject, report, variant)
        return self.cache[key]

    def _row(self, indicator_id: str, fallback: dict) -> dict:
        """The catalogue's row for an id, else the one this file adds (added once)."""
        if indicator_id in self.known:
            return self.known[indicator_id]
        self.new.setdefault(indicator_id, fallback)
        return self.new[indicator_id]

    def _resolve(self, text: str, subject: str, report: Report, variant: str | None) -> Target:
        display = measure_text(text)
        low = " ".join(display.lower().split())
        unit, decimals = unit_of(display)
        base: dict | None = None
        if report.catalogue_ok and not subject:
            catalogue_id = next((cid for pattern, cid in _CATALOGUE if pattern.fullmatch(low)), None)
            if catalogue_id is not None and catalogue_id in self.known:
                base = self.known[catalogue_id]
            elif _MERIT_16.fullmatch(low):
                base = self._row(MERIT_16["indicator_id"], dict(MERIT_16))
            elif _PUPILS_AK9.fullmatch(low):
                display = PUPILS_AK9_NAME
        if base is None:
            name = display
            if report.context and (report.national_test or not _NAMES_ITS_PUPILS.search(display.lower())):
                name += f", {report.context}"
            if subject:
                name += f", {subject}"
            indicator_id = slug(name)
            if indicator_id not in self.known and name_key(name) in self.by_name:
                indicator_id = self.by_name[name_key(name)]  # an editor catalogued it under another id
            definition = _definition_for(display, self.definitions) or (
                f"Skolverkets uppgift «{display}»" + (f" i rapporten «{report.title}»" if report.title else "")
                + ", redovisad per kommun.")
            if subject:
                definition += f" Ämne: {subject}."
            base = self._row(indicator_id, dict(
                indicator_id=indicator_id, name=name, unit=unit, decimals=decimals, direction="neutral",
                development_area=EDUCATION, source=SOURCE, definition=definition))
        row = base
        if variant is not None:
            variant_id = f"{base['indicator_id']}_{variant}"
            row = self._row(variant_id, dict(
                indicator_id=variant_id, name=f"{base['name']} ({VARIANT_NAMES[variant]})", unit=base["unit"],
                decimals=base["decimals"], direction=base["direction"], development_area=base["development_area"],
                source=SOURCE, definition=f"Som «{base['name']}», men bara elever i {_VARIANT_SCOPE[variant]}. "
                "Skolverkets uppgift per kommun och typ av huvudman."))
        ceiling = next((limit for word, limit in MAX_POINTS.items() if word in low), None)
        return Target(row["indicator_id"], row["name"], unit, is_weight=unit == "antal elever",
                      weighted=not unit.startswith("antal") and "deltagit" not in low, max_value=ceiling)


# ------------------------------------------------------------------ reading


@dataclass
class _Value:
    target: Target
    area: str
    year: int
    sex: str
    parsed: Parsed
    weight_key: tuple
    measure: str            # the table's weight measure is recognised by its text
    sheet: str | None
    row: int                # 1-based
    letter: str             # the column's letter
    label: str              # the column as messages name it


@dataclass
class _Out:
    values: list[_Value] = field(default_factory=list)
    weight_measures: dict[str | None, str] = field(default_factory=dict)  # sheet -> measure text
    skipped_huvudman: dict[str, int] = field(default_factory=dict)
    definition_sheets: list[str] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    sheets = data_sheets(workbook, problems)
    plans = []
    definitions: dict[str, str] = {}
    out = _Out()
    for sheet, label in sheets:
        header = find_header(sheet, _REQUIRED, _OPTIONAL)
        if header is None:
            if label is not None and _is_definitions(sheet):  # a csv is the table itself
                out.definition_sheets.append(sheet.name)
                definitions.update(read_definitions(sheet.rows))
                continue
            school = find_header(sheet, {"school": _SCHOOL_HEADERS})
            if school is not None:
                _right_level(sheet, school, label, problems)
                continue
            problems.error(f"hittar ingen rubrikrad med kolumnen «Kommun» (och «Kommun-kod»). Panelen läser Skolverkets "
                           f"filer per kommun: {KOMMUN_DOWNLOAD}.", sheet=label)
            continue
        if not _right_level(sheet, header, label, problems):
            continue
        end = definitions_start(sheet, header.row + 1, lambda row, h=header: _is_data(row, h))
        for key, text in read_definitions(sheet.rows[end:]).items():
            definitions.setdefault(key, text)
        plans.append((sheet, label, header, end))
    if not plans and not problems.counts["fel"]:
        problems.error(f"filen innehåller ingen tabell per kommun. {KOMMUN_DOWNLOAD[:1].upper()}{KOMMUN_DOWNLOAD[1:]}.")
    problems.raise_if_errors()
    catalogue = _Catalogue(ref, definitions)
    areas = _Areas(ref)
    for sheet, label, header, end in plans:
        _read_table(sheet, label, header, end, workbook.file_name, catalogue, areas, problems, out)
    problems.raise_if_errors()
    records = _records(out, problems, areas)
    problems.raise_if_errors()
    batch = Batch(KIND, workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(records),
                  indicators=pd.DataFrame(list(catalogue.new.values()), columns=INDICATOR_COLUMNS),
                  notes=_notes(out, catalogue), carried=frozenset({"denominator"}))
    batch.warnings = problems.warnings
    return batch


def _right_level(sheet: Sheet, header: Header, label: str | None, problems: ProblemList) -> bool:
    """A per-school or per-huvudman download has a «Kommun» column too; say which file to take."""
    texts = {normalise_header(c) for c in sheet.rows[header.row]}
    if texts & set(_SCHOOL_HEADERS):
        problems.error("filen redovisar enskilda skolenheter (kolumnen «Skola»/«Skol-enhetskod»), inte kommuner. "
                       f"Slutbetyg årskurs 9 per skolenhet importeras som typen «{KIND_LABELS['meritvarde']}»; "
                       f"för kommunens värden: {KOMMUN_DOWNLOAD}.", sheet=label, row=header.row + 1)
        return False
    if texts & set(_HUVUDMAN_HEADERS):
        problems.error("filen redovisar enskilda huvudmän (kolumnen «Huvudman»), inte kommuner. "
                       f"För kommunens värden: {KOMMUN_DOWNLOAD}.", sheet=label, row=header.row + 1)
        return False
    return True


def _is_data(row: list, header: Header) -> bool:
    """A kommun row: a kommun code, or a name followed by values. A definitions line (text in
    one or two cells) is neither."""
    code_col = header.columns.get("code")
    if code_col is not None and code_col < len(row) and re.fullmatch(r"\d{1,4}", cell_text(row[code_col])):
        return True
    return sum(1 for c in row[1:] if _looks_like_value(c)) >= 2


def _looks_like_value(cell: object) -> bool:
    if is_blank(cell):
        return False
    try:
        parsed = parse_value(cell)
    except CellError:
        return False
    return parsed.value is not None or cell_text(cell) in ("..", ".")


class _Areas:
    """Kommun (or län, riket) of a row from «Kommun-kod» and «Kommun»; looked up once per pair."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def find(self, name: str, code: str) -> tuple[str | None, str | None]:
        """(area code, None) or (None, Swedish message)."""
        key = (name, code)
        if key not in self.cache:
            self.cache[key] = self._find(name, code)
        return self.cache[key]

    def _find(self, name: str, code: str) -> tuple[str | None, str | None]:
        ref = self.ref
        by_name = ref.matcher.match(name) if name else None
        if code:
            if not code.isdigit():
                return None, f"«{code}» är ingen kommunkod (fyra siffror, t.ex. 0580)."
            candidate = code.zfill(4) if len(code) > 2 else code.zfill(2)
            if ref.level_of(candidate) not in (KOMMUN, LAN, RIKET):
                hint = ref.matcher.suggest(name) if name else []
                return None, (f"kommunkoden «{code}»" + (f" («{name}»)" if name else "") + " finns inte bland "
                              "Sveriges kommuner." + (f" Menade du {', '.join(f'«{h}»' for h in hint)}?" if hint else "")
                              + " Importera Skolverkets fil som den laddades ner.")
            if by_name is not None and by_name != candidate:
                return None, (f"kommunkoden «{code}» hör till {self.name(candidate)}, men raden säger «{name}». "
                              "Rätta koden eller namnet.")
            return candidate, None
        if not name:
            return None, "kommunens namn och kod saknas."
        if by_name is None or ref.level_of(by_name) not in (KOMMUN, LAN, RIKET):
            hint = ref.matcher.suggest(name)
            return None, (f"kommunen «{name}» finns inte bland Sveriges kommuner."
                          + (f" Menade du {', '.join(f'«{h}»' for h in hint)}?" if hint else ""))
        return by_name, None

    def name(self, code: str) -> str:
        names = self.ref.areas.loc[self.ref.areas["code"] == code, "name"]
        return str(names.iloc[0]) if len(names) else code


@dataclass
class _Layout:
    """Where a table's values are: in «Uppgift» rows with the läsår as columns (``years``:
    column -> year), or one column per measure (``columns``: column -> measure text and kön).
    ``tasks`` are the measures the table names, which say what it reports and what weighs."""

    years: dict[int, int] | None
    columns: dict[int, tuple[str, str]] | None
    tasks: list[str]


@dataclass
class _Table:
    """What every row of one table shares, settled once before its rows are read."""

    label: str | None
    header: Header
    layout: _Layout
    sheet_variant: str | None     # the huvudman the sheet's preamble or name gives
    report: Report
    file_year: int | None         # the läsår the preamble gives
    labels: dict[int, str]        # column -> how messages name it
    letters: dict[int, str] = field(default_factory=dict)  # column -> letter, filled as cells are read


class _RowKeys(NamedTuple):
    """What one kommun row's own columns say, before its values are read."""

    area: str
    variant: str | None   # huvudman variant (None: Samtliga)
    sex: str | None       # the row's «Kön»; None when the table has no such column
    subject: str          # «Ämne», '' when the table has none
    year: int | None      # the row's «Läsår», else the preamble's


def _read_table(sheet: Sheet, label: str | None, header: Header, end: int, file_name: str, catalogue: _Catalogue,
                areas: _Areas, problems: ProblemList, out: _Out) -> None:
    """One kommun table (header row to ``end``). What the whole table holds is settled first
    (huvudman, value columns, report, läsår), so that a table that cannot be read is said once
    rather than on every row; then each row is read against it."""
    cols = header.columns
    lines = _preamble_lines(sheet, header.row)
    known_huvudman, sheet_variant = _sheet_huvudman(lines, label or "")  # a csv's name is the file's
    if not known_huvudman and "huvudman" not in cols:
        problems.error("tabellens typ av huvudman känns inte igen (raden «Typ av huvudman: …» ska säga Samtliga, "
                       "Kommunal eller Enskild).", sheet=label)
        return
    layout = _layout(sheet, label, header, end, problems)
    if layout is None:
        return
    report = _report(lines, layout.tasks, file_name)
    counts = {t for t in layout.tasks if unit_of(t)[0] == "antal elever"}
    if len(counts) == 1:  # with several pupil counts (per årskurs) which one weighs a share is unknown
        out.weight_measures[label] = counts.pop()
    file_year = _preamble_year(lines)
    if "task" not in cols and "year" not in cols and file_year is None:
        problems.error("hittar inte läsåret: raden «Valt läsår: 2024/25» ovanför tabellen saknas och det finns ingen "
                       f"kolumn «Läsår». {KOMMUN_DOWNLOAD[:1].upper()}{KOMMUN_DOWNLOAD[1:]}.", sheet=label)
        return
    table = _Table(label, header, layout, sheet_variant, report, file_year, _column_labels(sheet, header))
    for r in range(header.row + 1, end):
        row = sheet.rows[r]
        if row_is_blank(row):
            continue
        keys = _row_keys(table, row, r, areas, problems, out)
        if keys is not None:
            _read_values(table, row, r, keys, catalogue, problems, out)


def _layout(sheet: Sheet, label: str | None, header: Header, end: int, problems: ProblemList) -> _Layout | None:
    """The table's value columns: everything right of the kommun's own columns (kod, namn, län
    and the keys). None, with an error, when there are none to read."""
    cols = header.columns
    ids = set(cols.values()) | {c for c, v in enumerate(sheet.rows[header.row])
                                if normalise_header(v) in ("län", "läns-kod", "länskod")}
    if "task" in cols:
        return _task_layout(sheet, label, header, end, ids, problems)
    return _measure_layout(sheet, label, header, ids, problems)


def _task_layout(sheet: Sheet, label: str | None, header: Header, end: int, ids: set[int],
                 problems: ProblemList) -> _Layout | None:
    """A jämförelse över tid: one row per «Uppgift», one column per läsår. A column that is no
    läsår is said (a warning) and left out."""
    task_col = header.columns["task"]
    years: dict[int, int] = {}
    for c, cell in enumerate(sheet.rows[header.row]):
        if c in ids or is_blank(cell):
            continue
        try:
            years[c] = parse_school_year(cell)
        except CellError:
            problems.warning(f"kolumnen «{cell_text(cell)}» är inget läsår och lästes inte.", sheet=label,
                             row=header.row + 1, column=column_letter(c))
    if not years:
        problems.error("tabellen har kolumnen «Uppgift» men inga läsår som kolumner (t.ex. «2024/25»). "
                       f"{KOMMUN_DOWNLOAD[:1].upper()}{KOMMUN_DOWNLOAD[1:]}.", sheet=label, row=header.row + 1)
        return None
    tasks = [measure_text(sheet.rows[r][task_col]) for r in range(header.row + 1, end)
             if task_col < len(sheet.rows[r]) and not is_blank(sheet.rows[r][task_col])]
    return _Layout(years, None, tasks)


def _measure_layout(sheet: Sheet, label: str | None, header: Header, ids: set[int],
                    problems: ProblemList) -> _Layout | None:
    """One column per measure, under a group header when there are two header rows (the
    measure over kön, or kön over the measure)."""
    header_row = sheet.rows[header.row]
    groups = column_groups(sheet, header.row)
    columns = {c: (measure_text(text), sex) for c, (text, sex) in groups.items()
               if c not in ids and c < len(header_row) and not is_blank(header_row[c]) and clean_name(text)}
    if not columns:
        problems.error("hittar inga kolumner med värden efter kommunens kolumner. "
                       f"{KOMMUN_DOWNLOAD[:1].upper()}{KOMMUN_DOWNLOAD[1:]}.", sheet=label, row=header.row + 1)
        return None
    return _Layout(None, columns, [m for m, _ in columns.values()])


def _preamble_year(lines: list[str]) -> int | None:
    """The läsår above the table: the «Valt läsår» line's, else any the preamble names."""
    chosen = [line for line in lines if line.lower().startswith("valt läsår")]
    return find_school_year(" ".join(chosen)) or find_school_year(" ".join(lines))


def _row_keys(table: _Table, row: list, r: int, areas: _Areas, problems: ProblemList, out: _Out) -> _RowKeys | None:
    """The row's kommun, huvudman, kön, ämne and läsår, checked in that order. None when one
    is missing or wrong (an error for the first such) or when the row's huvudman is one that
    is not read (counted for the note instead)."""
    header = table.header
    cols = header.columns
    at = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
    where = {"sheet": table.label, "row": r + 1}
    area, message = areas.find(clean_name(cell_text(at(cols["kommun"]))), cell_text(at(cols.get("code"))))
    if area is None:
        blamed = cols["code"] if "code" in cols and not is_blank(at(cols["code"])) else cols["kommun"]
        problems.error(message, column=header.label(blamed), **where)
        return None
    variant = table.sheet_variant
    if "huvudman" in cols:
        word = clean_name(cell_text(at(cols["huvudman"])))
        if not word:
            problems.error("typ av huvudman saknas.", column=header.label(cols["huvudman"]), **where)
            return None
        if word.lower() not in _HUVUDMAN:
            out.skipped_huvudman[word] = out.skipped_huvudman.get(word, 0) + 1
            return None
        variant = _HUVUDMAN[word.lower()]
    row_sex = None
    if "sex" in cols:
        try:
            row_sex = parse_sex(at(cols["sex"]))
        except CellError as exc:
            problems.error(f"{exc}.", column=header.label(cols["sex"]), **where)
            return None
    subject = ""
    if "subject" in cols:
        subject = clean_name(cell_text(at(cols["subject"])))
        if not subject:
            problems.error("ämnet saknas.", column=header.label(cols["subject"]), **where)
            return None
    year = table.file_year
    if "year" in cols:
        try:
            year = parse_school_year(at(cols["year"]))
        except CellError as exc:
            problems.error(f"{exc}.", column=header.label(cols["year"]), **where)
            return None
    if variant is not None:
        out.variants.add(variant)
    return _RowKeys(area, variant, row_sex, subject, year)


def _read_values(table: _Table, row: list, r: int, keys: _RowKeys, catalogue: _Catalogue, problems: ProblemList,
                 out: _Out) -> None:
    """The row's values, each to its indicator. A cell that is no value, or points beyond the
    scale's maximum, is an error for that cell; the rest of the row stands."""
    at = lambda c: row[c] if c is not None and c < len(row) else None  # noqa: E731
    label, report, labels, letters = table.label, table.report, table.labels, table.letters
    area, variant, row_sex, subject = keys.area, keys.variant, keys.sex, keys.subject  # locals: read per cell
    where = {"sheet": label, "row": r + 1}
    columns = table.layout.columns
    if columns is None:
        task_col = table.header.columns["task"]
        task = measure_text(at(task_col))
        if not task:
            problems.error("uppgiften saknas.", column=table.header.label(task_col), **where)
            return
        target = catalogue.target(task, subject, report, variant)
        cells = [(c, task, y, row_sex or "totalt") for c, y in table.layout.years.items()]
    else:
        cells = [(c, measure, keys.year, col_sex if col_sex != "totalt" or row_sex is None else row_sex)
                 for c, (measure, col_sex) in columns.items()]
    for c, measure, y, sex in cells:
        if columns is not None:
            target = catalogue.target(measure, subject, report, variant)
        if c not in letters:
            letters[c] = column_letter(c)
        cell = at(c)
        try:  # a finite float (what an xlsx number is) is its own value
            parsed = Parsed(cell) if cell.__class__ is float and cell - cell == 0.0 else parse_value(cell)
        except CellError as exc:
            problems.error(f"{exc}.", column=labels.get(c, letters[c]), **where)
            continue
        if parsed.value is not None and target.max_value is not None and not 0 <= parsed.value <= target.max_value:
            problems.error(f"{cell_text(cell)} ligger utanför 0–{target.max_value:g} poäng.",
                           column=labels.get(c, letters[c]), **where)
            continue
        out.values.append(_Value(target, area, int(y), sex, parsed, (label, area, variant, subject, int(y), sex),
                                 measure, label, r + 1, letters[c], labels.get(c, letters[c])))


def _column_labels(sheet: Sheet, header: Header) -> dict[int, str]:
    """How messages name a column: its header, with the group above when the header repeats
    («Flickor, Antal elever», «Genomsnittlig betygspoäng, Totalt»)."""
    row = sheet.rows[header.row]
    above = sheet.rows[header.row - 1] if header.row > 0 else []
    texts = [cell_text(c) for c in row]
    counts: dict[str, int] = {}
    for t in texts:
        counts[normalise_header(t)] = counts.get(normalise_header(t), 0) + 1
    labels: dict[int, str] = {}
    group = ""
    for c, text in enumerate(texts):
        cell = above[c] if c < len(above) else None
        if not is_blank(cell):
            group = cell_text(cell)
        if not text:
            continue
        labels[c] = f"{group}, {text}" if counts[normalise_header(text)] > 1 and group else text
    return labels


def _records(out: _Out, problems: ProblemList, areas: _Areas) -> list[dict]:
    weights: dict[tuple, float | None] = {}
    for v in out.values:
        if v.target.is_weight and v.measure == out.weight_measures.get(v.sheet):
            weights.setdefault(v.weight_key, v.parsed.value)
    seen: dict[tuple, int] = {}
    records = []
    for v in out.values:
        key = (v.target.indicator_id, v.area, v.year, v.sex)
        if key in seen:
            problems.error(f"«{v.target.name}» för {areas.name(v.area)} {v.year} ({v.sex}) finns redan på rad "
                           f"{seen[key]}; varje kommun ska finnas en gång per uppgift och läsår.", sheet=v.sheet,
                           row=v.row, column=v.label)
            continue
        seen[key] = v.row
        records.append(dict(indicator_id=v.target.indicator_id, area_code=v.area, year=v.year, sex=v.sex,
                            value=v.parsed.value, flag=v.parsed.flag,
                            denominator=weights.get(v.weight_key) if v.target.weighted else None,
                            source_sheet=v.sheet, source_row=v.row, source_column=v.letter))
    return records


def _notes(out: _Out, catalogue: _Catalogue) -> list[str]:
    notes = []
    if out.definition_sheets:
        notes.append(f"Bladet {', '.join(f'«{s}»' for s in out.definition_sheets)} innehåller Skolverkets definitioner "
                     "och lästes inte som värden.")
    if out.variants:
        words = " och ".join(f"{VARIANT_NAMES[v]}" for v in sorted(out.variants, reverse=True))
        notes.append(f"Värden för {words} sparas som egna indikatorer (id som slutar på "
                     f"{' / '.join('_' + v for v in sorted(out.variants, reverse=True))}).")
    for word, n in out.skipped_huvudman.items():
        notes.append(f"{n} rader med typ av huvudman «{word}» hoppades över; bara Samtliga, Kommunal och Enskild läses.")
    if catalogue.new:
        names = [row["name"] for row in catalogue.new.values()]
        notes.append(f"{len(names)} nya indikatorer läggs till i katalogen (källa Skolverket): "
                     + ", ".join(f"«{n}»" for n in names[:6]) + (" …" if len(names) > 6 else "") + ".")
    return notes
