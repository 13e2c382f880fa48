"""Socialstyrelsen's statistikdatabas (sdb.socialstyrelsen.se): xlsx and csv exports.

An export is one sheet «Tabell»: a title line («Ekonomiskt bistånd, Dalarnas län»), a header
(«År», «Region», a measure or one column per year), the data, and footnote lines under it ending
with «Socialstyrelsens statistikdatabas <datum>». Years are text, `--` means no value (not
reported, or not yet published) and `X` a value withheld because it is small. PxWeb-style
stub and heading columns are read by the SCB loader's sheet reader, so both sources agree on
titles, headers and footnotes.

Monthly tables (ekonomiskt bistånd per månad) are refused. The store is yearly, and a year is
not the sum or mean of its months: the yearly statistics count households and people *någon
gång under året*, which no arithmetic on monthly counts gives, and the monthly figures are
preliminary. The message names the yearly table to download instead.

Yearly measures map to the catalogue where the words say so: «andel av befolkningen» with
ekonomiskt bistånd is forsorjningsstod_andel, «antal hushåll» is forsorjningsstod_hushall; any
other measure becomes a new indicator with source Socialstyrelsen.
"""

from __future__ import annotations

from .domain import MISSING, SUPPRESSED
from .errors import ProblemList
from .model import Batch, Reference
from .reading import Workbook
from .scb import Collector, Measure, SheetContext, is_total, read_sheets
from .values import Parsed, ValueColumn, clean_name, map_cells, parse_value

SOURCE = "Socialstyrelsen"
SHARE = "forsorjningsstod_andel"
HOUSEHOLDS = "forsorjningsstod_hushall"
YEARLY_TABLE = ("«Ekonomiskt bistånd, årsstatistik» i Socialstyrelsens statistikdatabas "
                "(sdb.socialstyrelsen.se, databasen «Ekonomiskt bistånd», inte «Ekonomiskt bistånd, månad»)")


def monthly_message(example: str, column: bool = False) -> str:
    what = f"kolumnen «{example}»" if column else f"t.ex. «{example}»"
    return (f"tabellen är månadsstatistik ({what}). Panelen lagrar bara helårsvärden och "
            "summerar eller medelvärdesberäknar aldrig månader: antalet hushåll eller personer med bistånd "
            "under ett år är inte summan av månaderna, och månadssiffrorna är preliminära. Hämta i stället "
            f"årstabellen {YEARLY_TABLE}, med mått som «Antal biståndsmottagare», «Andel av befolkningen» "
            "eller «Antal hushåll» och år som tid.")


_NO_VALUE = Parsed(None)


def _cell(cell: object) -> Parsed:
    if isinstance(cell, str):
        text = cell.strip()
        if text == "--":
            return Parsed(None, MISSING)
        if text in ("X", "x"):
            return Parsed(None, SUPPRESSED)
    return parse_value(cell)


def parse_cells(cells: list) -> ValueColumn:
    """Socialstyrelsen's symbols: `--` no value (saknas), `X` withheld (prickad); the rest as
    everywhere (decimal comma, space thousands)."""
    parsed, errors = map_cells(_cell, cells, failed=_NO_VALUE)
    return ValueColumn([p.value for p in parsed], [p.flag for p in parsed], errors)


def catalogue(measure: Measure, title: str, unit: str) -> str | None:
    """forsorjningsstod_andel / _hushall where the measure's own words say so and no other
    variable narrows it (a part of the population is not the catalogue's measure)."""
    if any(not is_total(v) for _, v in measure.extras):
        return None
    content = clean_name(measure.content).lower()
    context = f"{content} {clean_name(title).lower()}"
    if "ekonomiskt bistånd" not in context and "biståndsmottagare" not in context:
        return None
    if "andel" in content and "befolkning" in content and unit == "%":
        return SHARE
    if "antal hushåll" in content:
        return HOUSEHOLDS
    return None


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    collector = Collector("socialstyrelsen", ref, problems, indicator_source=SOURCE, catalogue=catalogue,
                          source_word="Socialstyrelsens statistikdatabas")
    if workbook.document is not None:
        problems.error("Socialstyrelsens statistikdatabas exporterar xlsx eller csv; JSON-filer läses inte här.")
    else:
        context = SheetContext(parse=parse_cells, period_message=monthly_message)
        for table in read_sheets(workbook, ref, problems, context, collector.areas):
            table.regso = False   # Socialstyrelsen publishes no RegSO; unknown names stay errors
            collector.add(table)
    problems.raise_if_errors()
    batch = collector.batch(workbook, "Socialstyrelsen, statistikdatabasen")
    batch.warnings = problems.warnings
    return batch
