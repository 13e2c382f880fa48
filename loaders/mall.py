"""The indicator template: one long table for any indicator without a loader of its own.

A row names its indicator by catalogue name or id. An indicator the catalogue lacks is
added when the row says its unit and source, so strategists can follow a new indicator
without a code change; its direction stays 'neutral' until someone sets it.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .errors import ProblemList
from .model import INDICATOR_COLUMNS, Batch, Reference, observations_frame
from .reading import Workbook, column_letter
from .table import data_sheets, hidden_note, duplicate_headers, find_header, is_example, row_is_blank
from .values import CellError, cell_text, parse_sex, parse_value, parse_year

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


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    records: list[dict] = []
    by_key = {}
    for row in ref.indicators.itertuples(index=False):
        by_key[row.indicator_id.lower()] = row
        by_key[row.name.lower()] = row
    new: dict[str, dict] = {}
    new_ids: dict[str, str] = {}  # new indicator name (lower case) -> its id
    taken = set(ref.indicators["indicator_id"])
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
        cols = header.columns
        for r in range(header.row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            if row_is_blank(row):
                continue
            at = lambda key: row[cols[key]] if key in cols and cols[key] < len(row) else None  # noqa: E731
            where = dict(sheet=label, row=r + 1)
            name = cell_text(at("indicator"))
            unit, source = cell_text(at("unit")), cell_text(at("source"))
            known = by_key.get(name.lower())
            if known is None and name:
                indicator_id = new_ids.get(name.lower()) or _free_id(slug(name), taken)
                new_ids[name.lower()] = indicator_id
                taken.add(indicator_id)
                if indicator_id in new or (unit and source):
                    if indicator_id not in new:
                        problems.warning(f"indikatorn «{name}» finns inte i katalogen och läggs till "
                                         "(riktning: neutral).", **where)
                        new[indicator_id] = dict(
                            indicator_id=indicator_id, name=name, unit=unit, decimals=1,
                            direction="neutral", development_area=None, source=source, definition=None)
                else:
                    problems.error(f"indikatorn «{name}» finns inte i katalogen. Fyll i «Enhet» och "
                                   "«Källa» för att lägga till den.",
                                   column=header.label(cols["indicator"]), **where)
                    continue
            elif known is None:
                problems.error("indikatorns namn saknas.", column=header.label(cols["indicator"]), **where)
                continue
            else:
                indicator_id = known.indicator_id
                if unit and unit.lower() != known.unit.lower():
                    problems.error(f"enheten «{unit}» stämmer inte med indikatorns enhet «{known.unit}».",
                                   column=header.label(cols["unit"]), **where)
                    continue
            area = ref.matcher.match(at("area"))
            if area is None:
                area_name = cell_text(at("area"))
                problems.error(ref.matcher.unknown_message(area_name) if area_name
                               else "områdesnamnet saknas.", column=header.label(cols["area"]), **where)
                continue
            record = dict(indicator_id=indicator_id, area_code=area, source_sheet=label,
                          source_row=r + 1, source_column=column_letter(cols["value"]),
                          comment=cell_text(at("comment")) or None)
            try:
                record["year"] = parse_year(at("year"))
                field = "sex"
                record["sex"] = parse_sex(at("sex"))
                field = "value"
                parsed = parse_value(at("value"))
                for extra in ("numerator", "denominator"):
                    field = extra
                    record[extra] = parse_value(at(extra)).value if extra in cols else None
            except CellError as exc:
                column = header.label(cols["year"]) if "year" not in record else header.label(cols[field])
                problems.error(f"{exc}.", column=column, **where)
                continue
            records.append(record | dict(value=parsed.value, flag=parsed.flag))
    if used == 0 and not problems.errors:
        problems.error("hittar inget blad med mallens rubrikrad (" + ", ".join(TEMPLATE_COLUMNS[:5])
                       + ")" + hidden_note(workbook) + ".")
    problems.raise_if_errors()
    batch = Batch("mall", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations_frame(records),
                  indicators=pd.DataFrame(list(new.values()), columns=INDICATOR_COLUMNS))
    batch.warnings = problems.warnings
    return batch
