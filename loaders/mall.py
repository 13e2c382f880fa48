"""The indicator template: one long table for any indicator without a loader of its own.

A row names its indicator by catalogue name or id. An indicator the catalogue lacks is
added when the row says its unit and source, so strategists can follow a new indicator
without a code change; its direction stays 'neutral' until someone sets it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from .errors import ProblemList
from .model import INDICATOR_COLUMNS, Batch, Reference
from .reading import Sheet, Workbook, column_letter
from .table import (Header, ObservationColumns, RowEvents, column_cells, data_rows, data_sheets,
                    duplicate_headers, find_header, hidden_note, is_example)
from .domain import CAVEAT_FLAGS, FLAG_LABELS, MISSING, MISSING_FLAGS, SUPPRESSED
from .values import (CellError, ValueColumn, cell_text, clean_name, clean_text, free_id, look_alike, map_cells,
                     name_key, normalise_unit, parse_name, parse_period, parse_sex, parse_values, slug)

# Swedish template headers, and the panel's own tidy export (loaders.export) read back
_REQUIRED = {"indicator": ("indikator", "indicator_id", "indikator-id"), "area": ("område", "omrade", "area_code"),
             "year": ("år", "ar", "year"), "value": ("värde", "varde", "value")}
_OPTIONAL = {"sex": ("kön", "kon", "sex"), "unit": ("enhet", "unit"), "source": ("källa", "kalla"),
             "comment": ("kommentar", "comment"), "numerator": ("täljare", "numerator"),
             "denominator": ("nämnare", "denominator"), "flag": ("flagga", "flag"),
             "example": ("exempel", "example", "exempeldata"), "derived": ("derived", "beräknad")}
_FLAGS = {f: f for f in FLAG_LABELS} | {"..": SUPPRESSED, ".": MISSING}
TEMPLATE_COLUMNS = ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa", "Kommentar"]


def _indicator_slug(name: str) -> str:
    return slug(name) or "indikator"


@dataclass
class _Catalogue:
    """Indicators known by id or name, and those this file adds, in the order it adds them.

    Shared by all sheets of a file: a new indicator's id is fixed where its name first
    appears, and it is added (with a warning) at the first row that gives Enhet and Källa.
    """

    by_key: dict[str, tuple]
    taken: set[str]
    new: dict[str, dict] = field(default_factory=dict)
    new_ids: dict[str, str] = field(default_factory=dict)  # new indicator name (lower case) -> id


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    by_key = {}
    for row in ref.indicators.itertuples(index=False):
        by_key[name_key(row.indicator_id)] = row
        by_key[name_key(row.name)] = row
    catalogue = _Catalogue(by_key, set(ref.indicators["indicator_id"]))
    out = ObservationColumns()
    carried: set[str] = set()
    examples: list[tuple[bool, str | None, int]] = []  # (example?, sheet, row) per kept row
    derived_rows: list[bool] = []   # per kept row: a value the exporting panel computed
    used = 0
    for sheet, label in data_sheets(workbook, problems):
        header = find_header(sheet, _REQUIRED, _OPTIONAL)
        if header is None:
            if workbook.is_csv or sheet.name.lower() == "data":
                problems.error("rubrikraden ska innehålla kolumnerna " + ", ".join(
                    f"«{c}»" for c in TEMPLATE_COLUMNS[:5]) + " (se mallen data/mall_indikatorer.xlsx).",
                    sheet=label)
            continue  # other sheets (instructions, about) are not data
        used += 1
        for dup in duplicate_headers(sheet, header):
            problems.error(f"kolumnen «{dup}» finns två gånger i rubrikraden.", sheet=label,
                           row=header.row + 1)
        carried |= _load_rows(sheet, label, header, ref, catalogue, problems, out, examples, derived_rows)
    if used == 0 and not problems.counts["fel"]:
        problems.error("hittar inget blad med mallens rubrikrad (" + ", ".join(TEMPLATE_COLUMNS[:5])
                       + ")" + hidden_note(workbook) + ".")
    example = _example_batch(examples, problems)
    problems.raise_if_errors()
    observations = out.frame()
    if any(derived_rows):
        observations["derived"] = derived_rows
    batch = Batch("mall", workbook.file_name, workbook.checksum, is_example(workbook) or example,
                  observations=observations,
                  indicators=pd.DataFrame(list(catalogue.new.values()), columns=INDICATOR_COLUMNS),
                  carried=frozenset(carried))
    batch.warnings = problems.warnings
    return batch


def _example_batch(examples: list[tuple[bool, str | None, int]], problems: ProblemList) -> bool:
    """The panel's own export says per row whether a value is example data. Example values
    must stay example data when read back, and one import is either example or real, so a
    file that mixes them is refused at the first row that differs from the first."""
    if not examples:
        return False
    first = examples[0][0]
    other = next((e for e in examples if e[0] != first), None)
    if other is not None:
        problems.error("filen blandar exempelvärden (example = true) och verkliga värden; importera dem som två "
                       "filer, så att exempeldata aldrig blir verkliga värden.", sheet=other[1], row=other[2])
    return first


def _example_cell(cell: object) -> bool | None:
    text = cell_text(cell).strip().lower()
    if not text:
        return None
    if text in ("true", "ja", "1", "sant", "x"):
        return True
    if text in ("false", "nej", "0", "falskt"):
        return False
    raise CellError(f"«{cell_text(cell)}» ska vara true eller false")


def _load_rows(sheet: Sheet, label: str | None, header: Header, ref: Reference,
               catalogue: _Catalogue, problems: ProblemList, out: ObservationColumns,
               examples: list[tuple[bool, str | None, int]], derived_rows: list[bool]) -> set[str]:
    """Read the rows under the header column by column, each distinct cell parsed once.

    A row yields one observation or is skipped with one error; the checks run in the
    order indicator, area, year, kön, value, täljare, nämnare, and the first failing one
    is reported, exactly as when the rows were walked one by one. Returns the optional
    fields (täljare, nämnare, kommentar) the sheet carries: a column left entirely empty is
    treated as absent, so it never blanks what the store holds.
    """
    cols = header.columns
    rows = data_rows(sheet, header.row + 1)
    grid = [sheet.rows[r] for r in rows]
    cells = column_cells(grid, {key: cols.get(key) for key in (*_REQUIRED, *_OPTIONAL)})
    events = RowEvents(label)
    ids, failed = _indicator_ids(cells, rows, header, catalogue, events)
    parsed = _parse_columns(cells, cols, ref)
    _refuse_rows(parsed, rows, failed, header, ref, events)
    events.flush(problems)
    keep = [i for i in range(len(rows)) if i not in failed]
    take = (lambda column: [column[i] for i in keep]) if failed else list
    comments, _ = map_cells(clean_text, take(cells["comment"]))
    value_flags = [_merged_flag(v, flag, given) for v, flag, given in zip(parsed.values.values, parsed.values.flags,
                                                                          parsed.flags, strict=True)]
    if "example" in cols:
        examples.extend((bool(parsed.example[i]), label, rows[i] + 1) for i in keep if parsed.example[i] is not None)
    # the panel's own export marks the district values it computed from schools or RegSO/DeSO;
    # store.drop_computed leaves them out where the receiving store computes them itself
    derived_rows.extend(bool(parsed.derived[i]) for i in keep)
    extras = parsed.extras
    out.extend(
        len(keep), indicator_id=take(ids), area_code=take(parsed.areas), year=take(parsed.years),
        sex=take(parsed.sexes), value=take(parsed.values.values), flag=take(value_flags),
        numerator=take(extras["numerator"].values) if "numerator" in extras else None,
        denominator=take(extras["denominator"].values) if "denominator" in extras else None,
        comment=[c or None for c in comments], source_sheet=label,
        source_row=[rows[i] + 1 for i in keep], source_column=column_letter(cols["value"]))
    return _carried(extras, comments)


@dataclass
class _Columns:
    """A sheet's columns under the header, each distinct cell parsed once, with the cells each
    column's check refused (by position under the header)."""

    area_names: list
    area_errors: dict[int, CellError]
    areas: list                             # area codes; None where the name matches no area
    years: list
    sexes: list
    values: ValueColumn
    extras: dict[str, ValueColumn]          # täljare and nämnare, when the sheet has those columns
    flags: list
    example: list
    derived: list
    checks: list[tuple[str, dict[int, CellError]]]   # (column, errors) in the order the checks run


def _parse_columns(cells: dict[str, list], cols: dict[str, int], ref: Reference) -> _Columns:
    """Every column but the indicator parsed a column at a time (a Python call per distinct cell,
    not per row), the errors kept for ``_refuse_rows`` to report in row order."""
    area_names, area_errors = map_cells(parse_name, cells["area"])
    areas, _ = map_cells(ref.matcher.match, area_names)
    years, year_errors = map_cells(parse_period, cells["year"])
    sexes, sex_errors = map_cells(parse_sex, cells["sex"])
    values = parse_values(cells["value"])
    extras = {key: parse_values(cells[key]) for key in ("numerator", "denominator") if key in cols}
    flags, flag_errors = map_cells(_flag, cells["flag"])
    example, example_errors = map_cells(_example_cell, cells["example"])
    derived, derived_errors = map_cells(_example_cell, cells["derived"])
    checks: list[tuple[str, dict[int, CellError]]] = [
        ("area", area_errors), ("year", year_errors), ("sex", sex_errors), ("value", values.errors),
        ("flag", flag_errors), ("example", example_errors), ("derived", derived_errors),
        *((key, column.errors) for key, column in extras.items())]
    return _Columns(area_names, area_errors, areas, years, sexes, values, extras, flags, example, derived, checks)


def _refuse_rows(parsed: _Columns, rows: list[int], failed: set[int], header: Header, ref: Reference,
                 events: RowEvents) -> None:
    """One error for each row the indicator check let through but another check refuses: the
    first failing check's, in the order of ``_Columns.checks`` (an unknown area name counts as
    the area check's), so the user sees what a row-by-row walk would have said. Adds the rows
    to ``failed``."""
    cols = header.columns
    areas, area_names, checks = parsed.areas, parsed.area_names, parsed.checks
    unknown_area = ({i for i, a in enumerate(areas) if a is None and i not in parsed.area_errors}
                    if None in areas else set())  # a set: a sheet of unknown names is checked once a row
    for i in sorted({*unknown_area, *(i for _, errors in checks for i in errors)} - failed):
        where, row = (rows[i], 1), rows[i] + 1
        if i in unknown_area:
            name = area_names[i]
            events.error(where, (lambda n=name: ref.matcher.unknown_message(n)) if name
                         else (lambda: "områdesnamnet saknas."), header.label(cols["area"]), row)
        else:
            key, exc = next((key, errors[i]) for key, errors in checks if i in errors)
            events.error(where, _message(exc), header.label(cols[key]), row)
        failed.add(i)


def _carried(extras: dict[str, ValueColumn], comments: list[str]) -> set[str]:
    """The optional fields the sheet gives a value for somewhere: a column left entirely empty is
    treated as absent, so that importing the sheet never blanks what the store holds."""
    carried = {key for key in ("numerator", "denominator") if key in extras
               and any(v is not None for v in extras[key].values)}
    if any(comments):
        carried.add("comment")
    return carried


def _merged_flag(value: float | None, parsed: str | None, given: str | None) -> str | None:
    """The flag of a value cell, or the export's flag column where it says more (why a value
    is missing, or a caveat on one)."""
    if given is None:
        return parsed
    if value is None:
        return given if given in MISSING_FLAGS else parsed
    return given if given in CAVEAT_FLAGS else parsed


def _flag(cell: object) -> str | None:
    """The flag column of the panel's own export: a flag's name, or empty."""
    text = cell_text(cell).strip().lower()
    if not text:
        return None
    if text not in _FLAGS:
        raise CellError(f"«{cell_text(cell)}» är ingen känd flagga (till exempel prickad, saknas, ungefärligt)")
    return _FLAGS[text]


def _indicator_ids(cells: dict[str, list], rows: list[int], header: Header, catalogue: _Catalogue,
                   events: RowEvents) -> tuple[list[str | None], set[int]]:
    """Each row's indicator id, in row order because a new indicator's id and its addition
    depend on where its name first appears; returns the ids and the rows that failed.

    Names are matched folded (case, dashes, spaces, invisible characters, Unicode form), so a
    name typed with an en dash or a double space is the same indicator, not a look-alike new
    one; a name mixing in letters of another script is refused with the name it looks like.
    """
    cols = header.columns
    names, name_errors = map_cells(parse_name, cells["indicator"])
    units, _ = map_cells(clean_name, cells["unit"])
    sources, _ = map_cells(clean_name, cells["source"])
    ids: list[str | None] = []
    failed: set[int] = set()
    settled: dict[tuple[str, str, str], str] = {}  # rows whose outcome no later row can change

    def refuse(i: int, column: str, message) -> None:
        events.error((rows[i], 0), message, header.label(cols[column]), rows[i] + 1)
        failed.add(i)
        ids.append(None)

    for i, key in enumerate(zip(names, units, sources)):
        if i in name_errors:
            refuse(i, "indicator", lambda e=name_errors[i]: f"{e}.")
            continue
        indicator_id = settled.get(key)
        if indicator_id is not None:
            ids.append(indicator_id)
            continue
        name, unit, source = key
        where, row = (rows[i], 0), rows[i] + 1
        known = catalogue.by_key.get(name_key(name))
        if known is None and name and (latin := look_alike(name)) is not None:
            match = catalogue.by_key.get(name_key(latin))
            refuse(i, "indicator", lambda n=name, m=match, l=latin: (
                f"indikatorn «{n}» innehåller bokstäver från ett annat alfabet som ser ut som latinska. "
                + (f"Menade du «{m.name}»?" if m is not None else f"Menade du «{l}»?")
                + " Skriv namnet med vanliga bokstäver."))
            continue
        if known is None and name:
            folded = name_key(name)
            indicator_id = catalogue.new_ids.get(folded) or free_id(_indicator_slug(name), catalogue.taken)
            catalogue.new_ids[folded] = indicator_id
            catalogue.taken.add(indicator_id)
            if indicator_id in catalogue.new or (unit and source):
                if indicator_id not in catalogue.new:
                    events.warning(where, lambda n=name: f"indikatorn «{n}» finns inte i katalogen och "
                                   "läggs till (riktning: neutral).", row)
                    catalogue.new[indicator_id] = dict(
                        indicator_id=indicator_id, name=name, unit=normalise_unit(unit), decimals=1,
                        direction="neutral", development_area=None, source=source, definition=None)
            else:
                refuse(i, "indicator", lambda n=name: f"indikatorn «{n}» finns inte i katalogen. "
                       "Fyll i «Enhet» och «Källa» för att lägga till den.")
                continue
        elif known is None:
            refuse(i, "indicator", lambda: "indikatorns namn saknas.")
            continue
        else:
            indicator_id = known.indicator_id
            if unit and normalise_unit(unit) != normalise_unit(known.unit):
                refuse(i, "unit", lambda u=unit, k=known.unit: f"enheten «{u}» stämmer inte med indikatorns "
                       f"enhet «{k}».")
                continue
        settled[key] = indicator_id  # known and matching, or new and already added
        ids.append(indicator_id)
    return ids, failed


def _message(exc: CellError) -> Callable[[], str]:
    return lambda: f"{exc}."
