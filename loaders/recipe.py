"""Column recipes: files no loader knows, read by a column mapping an editor made once.

A strategist gets a table nobody wrote a loader for (a district's own survey, a RegSO table
saved from somewhere). On the Data page she says once which column is the area, the year
(or that the years are columns), kön and the value, and which indicator it is; that mapping
is a *recipe*, kept in the store under a name and the file's header (``table.header_key``).
The next file with the same header is recognised and imported without questions; the
command line takes ``--recipe NAME``. Cells are read with the same rules as every loader
(``loaders.values``) and every message names file, sheet, row and column.

A recipe is a JSON-able dict (``spec``)::

    {"sheet": null,                     # a sheet's name, or null: the first visible sheet with data
     "header_row": 1,                   # the header's spreadsheet row (searched for if it moved)
     "area": {"column": "Stadsdel", "by": "namn"},        # or "kod": codes (0580, 0580R001, 8-digit schools)
     "year": {"column": "År"},          # or {"columns": ["2022", "2023"]} / {"columns": "alla"}: years are columns
     "sex": {"column": "Kön", "values": {"Flickor": "kvinnor", "Pojkar": "män", "Samtliga": "totalt"}},
     "value": {"column": "Andel"},      # only when the year is a column
     "indicator": {"id": "meritvarde_ak9"}}
                 # or {"name": …, "unit": …, "direction": "högre"|"lägre"|"neutral", "source": …}

``sex`` may be null (every value is «totalt»); a kön value the mapping lacks is read as
Kvinnor/Män/Totalt, K/M/T, Flickor/Pojkar, Samtliga; one mapped to null is a row left out
on purpose (counted in a note). ``year.columns = "alla"`` takes every column whose header
holds one year (``header_year``), so next year's file with one more year column still fits.
A new indicator is added with the first import and found again by its name afterwards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .domain import DESO, KOMMUN, REGSO
from .errors import ProblemList, fail
from .model import AREA_COLUMNS, INDICATOR_COLUMNS, Batch, Reference
from .reading import Sheet, Workbook, column_letter
from .table import ObservationColumns, RowEvents, column_cells, data_sheets, definitions_start, find_header, \
    header_key, is_example, row_is_blank
from .values import MAX_YEAR, MIN_YEAR, CellError, cell_text, clean_name, find_school_year, is_blank, map_cells, \
    free_id, name_key, normalise_header, normalise_unit, parse_name, parse_school_year, parse_values, sex_word, slug

KIND = "recept"
ALL_YEARS = "alla"
DIRECTIONS = ("högre", "lägre", "neutral")
SEX_VALUES = ("totalt", "kvinnor", "män")
AREA_BY = ("namn", "kod")
REGSO_CODE = re.compile(r"^\d{4}R\d{3}$")
DESO_CODE = re.compile(r"^\d{4}[ABC]\d{4}$")
SCHOOL_CODE = re.compile(r"^(?:skola:)?(\d{8})$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def header_year(cell: object) -> int | None:
    """The one year a column header names («2023», «2023/24», «Medelvärde, tkr 2021»), or None.

    A school year is the year it ends in (as everywhere in the store); a header naming two
    different years («2019–2023») names none.
    """
    text = cell_text(cell)
    if not text:
        return None
    try:
        return parse_school_year(cell)
    except CellError:
        pass
    school = find_school_year(text)
    if school is not None:
        return school if MIN_YEAR <= school <= MAX_YEAR else None
    found = {int(y) for y in _YEAR_IN_TEXT.findall(text)}
    if len(found) != 1:
        return None
    year = found.pop()
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def spec_problems(spec: object) -> list[str]:
    """What is missing or wrong in a recipe, in Swedish (empty when it can be used).

    The Data page asks this before it runs a recipe, and the loader refuses a recipe with
    any of these, so a hand-edited or damaged recipe never reads a file halfway.
    """
    if not isinstance(spec, Mapping):
        return ["receptet är inte en beskrivning av kolumner (väntade en JSON-struktur med «area», «year» …)."]
    return [*_area_problems(spec.get("area") or {}), *_year_problems(spec), *_sex_problems(spec.get("sex")),
            *_indicator_problems(spec.get("indicator") or {}), *_header_row_problems(spec.get("header_row", 1))]


def _named(part: object, key: str = "column") -> bool:
    return isinstance(part, Mapping) and bool(str(part.get(key) or "").strip())


def _area_problems(area: object) -> list[str]:
    if not _named(area):
        return ["ange vilken kolumn som är område."]
    if area.get("by", "namn") not in AREA_BY:
        return ["området anges med namn eller kod."]
    return []


def _year_problems(spec: Mapping) -> list[str]:
    year = spec.get("year") or {}
    out: list[str] = []
    if not isinstance(year, Mapping) or not (year.get("column") or year.get("columns")):
        out.append("ange vilken kolumn som är år, eller vilka kolumner som är år.")
    elif year.get("column") and year.get("columns"):
        out.append("ange antingen en årskolumn eller årskolumner, inte båda.")
    elif year.get("columns") and year["columns"] != ALL_YEARS and not (
            isinstance(year["columns"], list) and all(str(c).strip() for c in year["columns"])):
        out.append("årskolumnerna ska vara en lista med kolumnrubriker eller «alla».")
    wide = isinstance(year, Mapping) and bool(year.get("columns"))
    if not wide and not _named(spec.get("value") or {}):
        out.append("ange vilken kolumn som är värde.")
    return out


def _sex_problems(sex: object) -> list[str]:
    if not sex:
        return []
    if not _named(sex):
        return ["ange kolumnen för kön, eller ingen kolumn alls."]
    values = sex.get("values") or {}
    bad = [k for k, v in values.items() if v not in (*SEX_VALUES, None)] if isinstance(values, Mapping) else [""]
    if bad:
        return ["könsvärdena ska översättas till totalt, kvinnor eller män (eller läsas inte alls): "
                + ", ".join(f"«{b}»" for b in bad) + "."]
    return []


def _indicator_problems(indicator: object) -> list[str]:
    if not isinstance(indicator, Mapping) or not (indicator.get("id") or indicator.get("name")
                                                  or indicator.get("column")):
        return ["ange vilken indikator värdena hör till (en befintlig eller en ny med namn och enhet)."]
    if indicator.get("column"):
        names = indicator.get("map") or {}
        if not isinstance(names, Mapping) or not all(isinstance(v, str) and v.strip() for v in names.values()):
            return ["indikatorkolumnens översättning ska para ihop texter i kolumnen med indikatorernas id."]
        if bool(str(indicator.get("unit") or "").strip()) != bool(str(indicator.get("source") or "").strip()):
            return ["nya indikatorer ur indikatorkolumnen behöver både enhet och källa."]
        if indicator.get("direction", "neutral") not in DIRECTIONS:
            return ["riktningen ska vara högre, lägre eller neutral."]
        return []
    if indicator.get("id"):
        return []
    out: list[str] = []
    if not str(indicator.get("unit") or "").strip():
        out.append("en ny indikator behöver en enhet (t.ex. %, antal, poäng).")
    if not str(indicator.get("source") or "").strip():
        out.append("en ny indikator behöver en källa (vem som tagit fram siffrorna).")
    if indicator.get("direction", "neutral") not in DIRECTIONS:
        out.append("riktningen ska vara högre, lägre eller neutral.")
    return out


def _header_row_problems(header_row: object) -> list[str]:
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        return ["rubrikraden ska vara ett radnummer (1 eller större)."]
    return []


def spec_columns(spec: Mapping) -> dict[str, str]:
    """The named columns a recipe needs: role -> header text as the recipe gives it."""
    out = {"area": str(spec["area"]["column"])}
    year = spec["year"]
    if year.get("column"):
        out["year"] = str(year["column"])
        out["value"] = str(spec["value"]["column"])
    elif year["columns"] != ALL_YEARS:
        out.update({f"year:{c}": str(c) for c in year["columns"]})
    if spec.get("sex"):
        out["sex"] = str(spec["sex"]["column"])
    if spec["indicator"].get("column"):
        out["indicator"] = str(spec["indicator"]["column"])
    return out


def find_recipe(workbook: Workbook, ref: Reference, options: Mapping | None) -> tuple[str, dict]:
    """The recipe to read ``workbook`` with: given whole (``recipe_spec``, from the Data page
    before it is saved, and in the import log so a rebuild replays exactly this), by name
    (``recipe``, from ``--recipe``), or the one saved for the file's header."""
    options = options or {}
    name = str(options.get("recipe") or "").strip()
    spec = options.get("recipe_spec")
    if spec is not None:
        if isinstance(spec, str):
            try:
                spec = json.loads(spec)
            except ValueError:
                raise fail("kolumnreceptet kunde inte läsas (ogiltig JSON).", file=workbook.file_name) from None
        return name or "nytt recept", spec
    saved = {n: s for n, s in ref.recipes.values()}
    if name:
        folded = {n.casefold(): (n, s) for n, s in saved.items()}
        if name.casefold() in folded:
            return folded[name.casefold()]
        known = ", ".join(f"«{n}»" for n in sorted(saved)) or "inga recept är sparade ännu"
        raise fail(f"det finns inget kolumnrecept som heter «{name}» ({known}). Recept görs på sidan Administration "
                   "när en fil inte känns igen.", file=workbook.file_name)
    key = header_key(workbook)
    if key is not None and key in ref.recipes:
        return ref.recipes[key]
    raise fail("inget sparat kolumnrecept passar filens rubrikrad. Välj receptet med --recipe NAMN, eller gör "
               "ett recept på sidan Administration.", file=workbook.file_name)


def load(workbook: Workbook, ref: Reference, options: Mapping | None = None) -> Batch:
    name, spec = find_recipe(workbook, ref, options)
    return read_spec(workbook, ref, spec, name=name)


load.takes_options = True  # type: ignore[attr-defined]


def read_spec(workbook: Workbook, ref: Reference, spec: Mapping, *, name: str, kind: str = KIND,
              source: str | None = None, note: str | None = None) -> Batch:
    """Read ``workbook`` by a layout (a recipe's spec, or one an agency's facts proposed).

    This is the one reader of freely laid-out tables: the area, year, kön, indicator and value
    columns are found by their header text and every cell is read by ``loaders.values``.
    """
    wrong = spec_problems(spec)
    if wrong:
        raise fail(f"kolumnreceptet «{name}» går inte att använda: " + " ".join(wrong), file=workbook.file_name)
    problems = ProblemList(workbook.file_name)
    sheet, label = _sheet(workbook, spec, name, problems)
    out = ObservationColumns()
    indicators = _Indicators.of(spec, ref, name, workbook.file_name)
    read = _Read()
    if sheet is not None:
        _read_sheet(_Context(sheet, label, spec, name, ref, indicators, problems, out, read))
    problems.raise_if_errors()
    notes = [note or f"Filen läses med kolumnreceptet «{name}»."]
    if read.skipped_sex:
        notes.append(f"{read.skipped_sex} rader med kön som receptet säger ska läsas inte ({', '.join(sorted(read.skipped_values))}) "
                     "hoppades över.")
    if read.new_areas:
        notes.append(f"{len(read.new_areas)} nya delområden eller skolor läggs till; koppla dem till stadsdelar under "
                     "«Skolor och delområden» så räknas stadsdelarnas värden fram.")
    if source is None and not indicators.rows and str(spec.get("source") or "").strip():
        source = clean_name(spec["source"])
    batch = Batch(kind, workbook.file_name, workbook.checksum, is_example(workbook), observations=out.frame(),
                  indicators=pd.DataFrame(indicators.rows, columns=INDICATOR_COLUMNS),
                  areas=pd.DataFrame(list(read.new_areas.values()), columns=AREA_COLUMNS),
                  carried=frozenset(), notes=notes, source=source)
    batch.warnings = problems.warnings
    return batch


@dataclass
class _Read:
    """What reading found besides values: rows left out on purpose, areas the file brings."""

    skipped_sex: int = 0
    skipped_values: set[str] = field(default_factory=set)
    new_areas: dict[str, dict] = field(default_factory=dict)


def _sheet(workbook: Workbook, spec: Mapping, name: str, problems: ProblemList) -> tuple[Sheet | None, str | None]:
    sheets = data_sheets(workbook, problems)
    wanted = str(spec.get("sheet") or "").strip()
    if not wanted or workbook.is_csv:
        if sheets:
            return sheets[0]
        return None, None
    for sheet, label in sheets:
        if sheet.name.strip().casefold() == wanted.casefold():
            return sheet, label
    problems.error(f"bladet «{wanted}» som kolumnreceptet «{name}» läser finns inte (bladen heter "
                   + ", ".join(f"«{s.name}»" for s, _ in sheets) + ").")
    return None, None


@dataclass
class _Indicators:
    """Which indicator each row's values go to: one for the whole file (``fixed``), or the
    text of an indicator column looked up in the layout's own names and then the catalogue.

    A column may bring titles the catalogue lacks: with a unit and a source in the layout
    (``indicator.unit``/``source``) each becomes a new indicator under its title, else the
    row is refused with a message that says how to map it.
    """

    fixed: str | None
    new: dict | None = None
    by_text: dict[str, str] = field(default_factory=dict)  # name_key of a text -> indicator id
    create: dict | None = None                            # unit, source, direction for new titles
    taken: set[str] = field(default_factory=set)          # ids in use (catalogue and added)
    added: dict[str, dict] = field(default_factory=dict)  # new indicators by name_key of their title

    @classmethod
    def of(cls, spec: Mapping, ref: Reference, name: str, file_name: str) -> _Indicators:
        given = spec["indicator"]
        if not given.get("column"):
            return cls(*_indicator(spec, ref, name, file_name))
        ids = set(ref.indicators["indicator_id"])
        by_text = {name_key(n): str(i) for i, n in zip(ref.indicators["indicator_id"], ref.indicators["name"],
                                                        strict=True)}
        by_text |= {name_key(i): str(i) for i in ids}
        for text, indicator_id in (given.get("map") or {}).items():
            if indicator_id not in ids:
                raise fail(f"kolumnreceptet «{name}» lägger «{text}» på indikatorn «{indicator_id}», som inte finns i "
                           "katalogen. Gör om receptet och välj en indikator.", file=file_name)
            by_text[name_key(text)] = indicator_id
        create = None
        if str(given.get("unit") or "").strip() and str(given.get("source") or "").strip():
            create = {"unit": normalise_unit(given["unit"]), "source": clean_name(given["source"]),
                      "direction": given.get("direction") or "neutral"}
        return cls(None, None, by_text, create, set(ids))

    @property
    def rows(self) -> list[dict]:
        """The catalogue rows the file adds."""
        return [self.new] if self.new else list(self.added.values())

    def per_row(self, cells: list | None, count: int, error: Callable[[int, str], None]) -> list[str | None]:
        if self.fixed is not None:
            return [self.fixed] * count
        out: list[str | None] = []
        for i, cell in enumerate(cells or []):
            text = clean_name(cell_text(cell))
            found = self.by_text.get(name_key(text)) or (self._add(text) if text and self.create else None)
            if found is None:
                error(i, f"«{text}» är ingen indikator i katalogen; lägg till indikatorn eller para ihop texten med "
                         "en indikator i receptet." if text else "indikatorn saknas.")
            out.append(found)
        return out

    def _add(self, title: str) -> str:
        """A new indicator under ``title`` (once per title), with the layout's unit and source."""
        new_id = free_id(slug(title) or "indikator", self.taken)
        self.taken.add(new_id)
        self.by_text[name_key(title)] = new_id
        self.added[name_key(title)] = dict(indicator_id=new_id, name=title, decimals=1, development_area=None,
                                           definition=None, **self.create)
        return new_id


def _indicator(spec: Mapping, ref: Reference, name: str, file_name: str) -> tuple[str, dict | None]:
    """The indicator id the values go to, and the catalogue row to add when it is new."""
    given = spec["indicator"]
    ids = set(ref.indicators["indicator_id"])
    if given.get("id"):
        if given["id"] not in ids:
            raise fail(f"kolumnreceptet «{name}» lägger värdena på indikatorn «{given['id']}», som inte finns i "
                       "katalogen. Gör om receptet och välj en indikator.", file=file_name)
        return str(given["id"]), None
    title = clean_name(given["name"])
    unit = normalise_unit(given.get("unit"))
    by_name = {name_key(n): (i, u) for i, n, u in zip(ref.indicators["indicator_id"], ref.indicators["name"],
                                                      ref.indicators["unit"], strict=True)}
    if name_key(title) in by_name:  # added by an earlier file of this recipe, or in the catalogue already
        known_id, known_unit = by_name[name_key(title)]
        if normalise_unit(known_unit) != unit:
            raise fail(f"indikatorn «{title}» finns redan med enheten «{known_unit}», men receptet «{name}» säger "
                       f"«{unit}». Välj den befintliga indikatorn eller ge den nya ett annat namn.", file=file_name)
        return str(known_id), None
    new_id = free_id(slug(title) or "indikator", ids)
    decimals = given.get("decimals", 1)
    return new_id, dict(indicator_id=new_id, name=title, unit=unit,
                        decimals=int(decimals) if isinstance(decimals, int) and 0 <= decimals <= 3 else 1,
                        direction=given.get("direction") or "neutral", development_area=None,
                        source=clean_name(given["source"]), definition=clean_name(given.get("definition")) or None)


def _header_row(sheet: Sheet, spec: Mapping, wanted: dict[str, str]) -> int | None:
    """The header's row: the recipe's, or (when a new file has one more preamble line) the
    first row within 40 that holds every column the recipe names."""
    keys = {role: normalise_header(text) for role, text in wanted.items()}
    row = int(spec.get("header_row", 1)) - 1
    if row < len(sheet.rows):
        texts = {normalise_header(c) for c in sheet.rows[row]}
        if all(k in texts for k in keys.values()):
            return row
    found = find_header(sheet, {role: (k,) for role, k in keys.items()})
    return found.row if found is not None else None


@dataclass
class _Context:
    """One sheet being read by a layout, and where its results go."""

    sheet: Sheet
    label: str | None
    spec: Mapping
    name: str
    ref: Reference
    indicators: _Indicators
    problems: ProblemList
    out: ObservationColumns
    read: _Read


@dataclass
class _Located:
    """The layout found on the sheet: header row, each role's column, the year columns."""

    header: int
    labels: dict[int, str]
    where: dict[str, int]
    year_columns: list[tuple[int, int]]

    def value_columns(self) -> list[tuple[int, int | None]]:
        return [(self.where["value"], None)] if "value" in self.where else list(self.year_columns)


def _locate(ctx: _Context) -> _Located | None:
    """The header and the recipe's columns in it, or None with the problem said."""
    wanted = spec_columns(ctx.spec)
    header = _header_row(ctx.sheet, ctx.spec, wanted)
    if header is None:
        row = int(ctx.spec.get("header_row", 1))
        texts = {normalise_header(c) for c in ctx.sheet.rows[row - 1]} if row - 1 < len(ctx.sheet.rows) else set()
        missing = [t for t in wanted.values() if normalise_header(t) not in texts]
        ctx.problems.error(f"kolumnreceptet «{ctx.name}» behöver kolumnerna " + ", ".join(f"«{t}»" for t in missing)
                           + f", men rubrikraden (rad {row}) har dem inte. Är det rätt fil, eller har kolumnerna "
                           "bytt namn?", sheet=ctx.label, row=row)
        return None
    cells = ctx.sheet.rows[header]
    labels = {c: cell_text(v) for c, v in enumerate(cells) if not is_blank(v)}
    where: dict[str, int] = {}
    for role, text in wanted.items():
        at = [c for c, v in enumerate(cells) if normalise_header(v) == normalise_header(text)]
        if len(at) > 1:
            ctx.problems.error(f"kolumnen «{text}» finns {len(at)} gånger i rubrikraden; receptet kan inte veta "
                               "vilken som menas.", sheet=ctx.label, row=header + 1)
        where[role] = at[0]
    year_columns = _year_columns(ctx.spec, where, labels, ctx.label, header, ctx.problems)
    if ctx.problems.counts["fel"]:
        return None
    return _Located(header, labels, where, year_columns)


def _read_sheet(ctx: _Context) -> None:
    found = _locate(ctx)
    if found is None:
        return
    sheet = ctx.sheet
    value_columns = [c for c, _ in found.value_columns()]
    start = found.header + 1
    end = definitions_start(sheet, start, lambda row: any(c < len(row) and not is_blank(row[c]) for c in value_columns))
    rows = [r for r in range(start, end) if not row_is_blank(sheet.rows[r])]
    grid = [sheet.rows[r] for r in rows]
    events = RowEvents(ctx.label)  # reported in reading order, row by row, whatever column found them
    failed: set[int] = set()

    def error_in(column: int) -> Callable[[int, str], None]:
        def error(i: int, message: str) -> None:
            if i not in failed:  # one message per row: the first check it fails
                events.error((rows[i], column), lambda: message, found.labels.get(column) or column_letter(column),
                             rows[i] + 1)
                failed.add(i)
        return error

    fields = _row_fields(ctx, found, grid, error_in)
    dash = bool(ctx.spec.get("dash_means_zero"))
    parsed = {c: parse_values(column_cells(grid, {"v": c})["v"], dash_means_zero=dash) for c in value_columns}
    for c in value_columns:
        for i, exc in sorted(parsed[c].errors.items()):
            error_in(c)(i, f"{exc}.")
    events.flush(ctx.problems)
    keep = [i for i in range(len(rows)) if i not in failed and i not in fields.skipped]
    for c, year in found.value_columns():
        values = parsed[c]
        ctx.out.extend(len(keep), indicator_id=[fields.indicators[i] for i in keep],
                       area_code=[fields.areas[i] for i in keep],
                       year=[fields.years[i] if year is None else year for i in keep],
                       sex=[fields.sexes[i] for i in keep], value=[values.values[i] for i in keep],
                       flag=[values.flags[i] for i in keep], source_sheet=ctx.label,
                       source_row=[rows[i] + 1 for i in keep], source_column=column_letter(c))


@dataclass
class _Fields:
    """Each row's area, year, kön and indicator (None where the row failed), and the rows
    left out on purpose (a kön the recipe says not to read)."""

    areas: list[str | None]
    years: list[int | None]
    sexes: list[str | None]
    indicators: list[str | None]
    skipped: set[int]


def _row_fields(ctx: _Context, found: _Located, grid: list[list],
                error_in: Callable[[int], Callable[[int, str], None]]) -> _Fields:
    where = found.where
    col = column_cells(grid, {role: where.get(role) for role in ("area", "year", "sex", "indicator")})
    areas = _areas(col["area"], ctx.spec["area"].get("by", "namn"), ctx.ref, ctx.read, error_in(where["area"]))
    years = _years(col["year"], error_in(where["year"])) if "year" in where else [None] * len(grid)
    sexes = _sexes(col["sex"], ctx.spec.get("sex"), error_in(where["sex"])) if "sex" in where \
        else ["totalt"] * len(grid)
    indicators = ctx.indicators.per_row(col["indicator"], len(grid), error_in(where.get("indicator", 0)))
    skipped = {i for i, s in enumerate(sexes) if s is None}
    ctx.read.skipped_sex += len(skipped)
    ctx.read.skipped_values |= {cell_text(col["sex"][i]) for i in skipped}
    return _Fields(areas, years, sexes, indicators, skipped)


def _years(cells: list, error: Callable[[int, str], None]) -> list[int | None]:
    years, year_errors = map_cells(parse_school_year, cells)
    for i, exc in year_errors.items():
        error(i, f"{exc}.")
    return years


def _year_columns(spec: Mapping, where: dict[str, int], labels: dict[int, str], label: str | None, header: int,
                  problems: ProblemList) -> list[tuple[int, int]]:
    """(column, year) of a wide table's year columns; empty for a long one."""
    given = spec["year"].get("columns")
    if not given:
        return []
    if given == ALL_YEARS:
        taken = {where["area"], where.get("sex"), where.get("indicator")}
        chosen = [c for c in labels if c not in taken and header_year(labels[c]) is not None]
        if not chosen:
            problems.error("rubrikraden har inga kolumner med årtal (receptet läser alla årskolumner).", sheet=label,
                           row=header + 1)
    else:
        chosen = [where[f"year:{c}"] for c in given]
    out: list[tuple[int, int]] = []
    seen: dict[int, int] = {}
    for c in chosen:
        year = header_year(labels.get(c))
        if year is None:
            problems.error(f"kolumnen «{labels.get(c)}» är vald som årskolumn men rubriken har inget årtal.",
                           sheet=label, row=header + 1, column=labels.get(c) or column_letter(c))
            continue
        if year in seen:
            problems.error(f"kolumnerna «{labels[seen[year]]}» och «{labels[c]}» gäller båda år {year}.",
                           sheet=label, row=header + 1, column=labels[c])
            continue
        seen[year] = c
        out.append((c, year))
    return out


def _areas(cells: list, by: str, ref: Reference, read: _Read, error) -> list[str | None]:
    """Each row's area code. Names (and codes) are matched by the store's matcher; with
    ``by == "kod"`` a RegSO or DeSO code the store lacks is added as a new area of its kommun,
    and an 8-digit code is a school the store knows."""
    names, errors = map_cells(parse_name, cells)
    for i, exc in errors.items():
        error(i, f"{exc}.")
    codes, _ = map_cells(ref.matcher.match, names)
    kommuner = set(ref.areas.loc[ref.areas["level"] == KOMMUN, "code"])
    known = set(ref.areas["code"])
    out: list[str | None] = []
    for i, (text, code) in enumerate(zip(names, codes, strict=True)):
        if i in errors:
            out.append(None)
            continue
        if code is None and by == "kod" and text:
            code = _by_code(text.strip(), known, kommuner, read, lambda m, i=i: error(i, m))
            if code is None:
                out.append(None)
                continue
        if code is None:
            error(i, ref.matcher.unknown_message(text) if text else "området saknas.")
        out.append(code)
    return out


def _by_code(text: str, known: set[str], kommuner: set[str], read: _Read, error) -> str | None:
    upper = text.upper()
    for pattern, level in ((REGSO_CODE, REGSO), (DESO_CODE, DESO)):
        if pattern.match(upper):
            if upper in known or upper in read.new_areas:
                return upper
            if upper[:4] not in kommuner:
                error(f"koden «{text}» ser ut som ett {'RegSO' if level == REGSO else 'DeSO'} men kommunkoden "
                      f"{upper[:4]} finns inte.")
                return None
            read.new_areas[upper] = {"code": upper, "name": upper, "level": level, "parent": upper[:4]}
            return upper
    school = SCHOOL_CODE.match(text)
    if school:
        code = "skola:" + school.group(1)
        if code in known:
            return code
        error(f"skolenheten {school.group(1)} finns inte i databasen. Importera först Skolverkets fil med skolan "
              "(den lägger till skolan), eller skriv områdets namn.")
        return None
    error(f"«{text}» är ingen känd områdeskod (t.ex. 0580, 0580R001, en DeSO-kod eller en skolenhetskod).")
    return None


def _sexes(cells: list, given: Mapping, error) -> list[str | None]:
    """Each row's kön by the recipe's value mapping, then the usual words; None: left out."""
    mapping = {clean_name(k).casefold(): v for k, v in (given.get("values") or {}).items()}

    def one(cell: object) -> str | None:
        text = clean_name(cell_text(cell))
        if text.casefold() in mapping:
            return mapping[text.casefold()]
        if not text:
            return "totalt"
        word = sex_word(text)
        if word is None:
            raise CellError(f"«{text}» är inget kön som receptet känner; lägg till det i receptets könsmappning "
                            "eller skriv Totalt, Kvinnor eller Män")
        return word

    sexes, errors = map_cells(one, cells, failed="totalt")
    for i, exc in errors.items():
        error(i, f"{exc}.")
    return sexes
