"""The indicator template: one long table for any indicator without a loader of its own.

A row names its indicator by catalogue name or id. An indicator the catalogue lacks is
added when the row says its unit and source, so strategists can follow a new indicator
without a code change; its direction stays 'neutral' until someone sets it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from .errors import ProblemList
from .model import INDICATOR_COLUMNS, Batch, Reference
from .reading import Sheet, Workbook, column_letter
from .table import (Header, ObservationColumns, RowEvents, column_cells, data_rows, data_sheets,
                    duplicate_headers, find_header, hidden_note, is_example)
from .values import CellError, cell_text, map_cells, parse_sex, parse_values, parse_year

_REQUIRED = {"indicator": ("indikator",), "area": ("område", "omrade"), "year": ("år", "ar"),
             "value": ("värde", "varde")}
_OPTIONAL = {"sex": ("kön", "kon"), "unit": ("enhet",), "source": ("källa", "kalla"),
             "comment": ("kommentar",), "numerator": ("täljare",), "denominator": ("nämnare",)}
TEMPLATE_COLUMNS = ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa", "Kommentar"]


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:60] or "indikator"


def _free_id(candidate: str, taken: set[str]) -> str:
    """A new indicator never takes over an existing id, even when its name slugs to one."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}_{n}" in taken:
        n += 1
    return f"{candidate}_{n}"


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
        by_key[row.indicator_id.lower()] = row
        by_key[row.name.lower()] = row
    catalogue = _Catalogue(by_key, set(ref.indicators["indicator_id"]))
    out = ObservationColumns()
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
        _load_rows(sheet, label, header, ref, catalogue, problems, out)
    if used == 0 and not problems.counts["fel"]:
        problems.error("hittar inget blad med mallens rubrikrad (" + ", ".join(TEMPLATE_COLUMNS[:5])
                       + ")" + hidden_note(workbook) + ".")
    problems.raise_if_errors()
    batch = Batch("mall", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=out.frame(),
                  indicators=pd.DataFrame(list(catalogue.new.values()), columns=INDICATOR_COLUMNS))
    batch.warnings = problems.warnings
    return batch


def _load_rows(sheet: Sheet, label: str | None, header: Header, ref: Reference,
               catalogue: _Catalogue, problems: ProblemList, out: ObservationColumns) -> None:
    """Read the rows under the header column by column, each distinct cell parsed once.

    A row yields one observation or is skipped with one error; the checks run in the
    order indicator, area, year, kön, value, täljare, nämnare, and the first failing one
    is reported, exactly as when the rows were walked one by one.
    """
    cols = header.columns
    rows = data_rows(sheet, header.row + 1)
    grid = [sheet.rows[r] for r in rows]
    cells = column_cells(grid, {key: cols.get(key) for key in (*_REQUIRED, *_OPTIONAL)})
    events = RowEvents(label)
    ids, failed = _indicator_ids(cells, rows, header, catalogue, events)
    areas, _ = map_cells(ref.matcher.match, cells["area"])
    years, year_errors = map_cells(parse_year, cells["year"])
    sexes, sex_errors = map_cells(parse_sex, cells["sex"])
    values = parse_values(cells["value"])
    extras = {key: parse_values(cells[key]) for key in ("numerator", "denominator") if key in cols}
    checks: list[tuple[str, dict[int, CellError]]] = [
        ("year", year_errors), ("sex", sex_errors), ("value", values.errors),
        *((key, column.errors) for key, column in extras.items())]
    unknown_area = [i for i, a in enumerate(areas) if a is None] if None in areas else []
    for i in sorted({*unknown_area, *(i for _, errors in checks for i in errors)} - failed):
        where, row = (rows[i], 1), rows[i] + 1
        if areas[i] is None:
            name = cell_text(cells["area"][i])
            events.error(where, (lambda n=name: ref.matcher.unknown_message(n)) if name
                         else (lambda: "områdesnamnet saknas."), header.label(cols["area"]), row)
        else:
            key, exc = next((key, errors[i]) for key, errors in checks if i in errors)
            events.error(where, _message(exc), header.label(cols[key]), row)
        failed.add(i)
    events.flush(problems)
    keep = [i for i in range(len(rows)) if i not in failed]
    take = (lambda column: [column[i] for i in keep]) if failed else list
    comments, _ = map_cells(cell_text, take(cells["comment"]))
    out.extend(
        len(keep), indicator_id=take(ids), area_code=take(areas), year=take(years), sex=take(sexes),
        value=take(values.values), flag=take(values.flags),
        numerator=take(extras["numerator"].values) if "numerator" in extras else None,
        denominator=take(extras["denominator"].values) if "denominator" in extras else None,
        comment=[c or None for c in comments], source_sheet=label,
        source_row=[rows[i] + 1 for i in keep], source_column=column_letter(cols["value"]))


def _indicator_ids(cells: dict[str, list], rows: list[int], header: Header, catalogue: _Catalogue,
                   events: RowEvents) -> tuple[list[str | None], set[int]]:
    """Each row's indicator id, in row order because a new indicator's id and its addition
    depend on where its name first appears; returns the ids and the rows that failed."""
    cols = header.columns
    names, _ = map_cells(cell_text, cells["indicator"])
    units, _ = map_cells(cell_text, cells["unit"])
    sources, _ = map_cells(cell_text, cells["source"])
    ids: list[str | None] = []
    failed: set[int] = set()
    settled: dict[tuple[str, str, str], str] = {}  # rows whose outcome no later row can change
    for i, key in enumerate(zip(names, units, sources)):
        indicator_id = settled.get(key)
        if indicator_id is not None:
            ids.append(indicator_id)
            continue
        name, unit, source = key
        where, row = (rows[i], 0), rows[i] + 1
        known = catalogue.by_key.get(name.lower())
        if known is None and name:
            indicator_id = catalogue.new_ids.get(name.lower()) or _free_id(slug(name), catalogue.taken)
            catalogue.new_ids[name.lower()] = indicator_id
            catalogue.taken.add(indicator_id)
            if indicator_id in catalogue.new or (unit and source):
                if indicator_id not in catalogue.new:
                    events.warning(where, lambda n=name: f"indikatorn «{n}» finns inte i katalogen och "
                                   "läggs till (riktning: neutral).", row)
                    catalogue.new[indicator_id] = dict(
                        indicator_id=indicator_id, name=name, unit=unit, decimals=1,
                        direction="neutral", development_area=None, source=source, definition=None)
            else:
                events.error((rows[i], 1), lambda n=name: f"indikatorn «{n}» finns inte i katalogen. "
                             "Fyll i «Enhet» och «Källa» för att lägga till den.",
                             header.label(cols["indicator"]), row)
                failed.add(i)
                ids.append(None)
                continue
        elif known is None:
            events.error((rows[i], 1), lambda: "indikatorns namn saknas.",
                         header.label(cols["indicator"]), row)
            failed.add(i)
            ids.append(None)
            continue
        else:
            indicator_id = known.indicator_id
            if unit and unit.lower() != known.unit.lower():
                events.error((rows[i], 1), lambda u=unit, k=known.unit: f"enheten «{u}» stämmer inte "
                             f"med indikatorns enhet «{k}».", header.label(cols["unit"]), row)
                failed.add(i)
                ids.append(None)
                continue
        settled[key] = indicator_id  # known and matching, or new and already added
        ids.append(indicator_id)
    return ids, failed


def _message(exc: CellError) -> Callable[[], str]:
    return lambda: f"{exc}."
