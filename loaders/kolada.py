"""Kolada (RKA): saved API responses (v2 and v3) and the long tables Kolada's clients write.

Kolada's terms ask for «Källa: Kolada» on Kolada's own values, and that Kolada is NOT named as
the source of data someone processed: every value read here as Kolada gives it carries the
source «Kolada» (``Batch.source``), and a value the panel converted (a KPI per 100 000 made per
1 000 by the factor in data/kolada_kpi.csv) carries ``CONVERTED_SOURCE`` instead.

What is read, and why in this way:

* JSON as the API gives it: ``{"values": [...], "count": n, "next_page"/"next_url": ...}`` or a
  bare list of items ``{"kpi", "municipality", "period", "values": [{"gender", "value",
  "status", "count"}]}``. v3 may add ``isdeleted`` (v2 ``is_deleted`` with ``from_date``);
  values Kolada marks as deleted are left out with a note, as Kolada's own clients do. KPI
  metadata (``/kpi`` items: ``id``, ``title``, ``description``) may be embedded
  (``kpi_metadata``, as ``loaders.kolada_api`` writes it), so new indicators get Kolada's
  title and description.
* Long CSV/xlsx: rKolada writes ``kpi, municipality_id, year, gender, status, value,
  municipality, municipality_type`` in any order (v2 and v3 orders differ); Swedish headers
  (``Nyckeltal``, ``Kommun``, ``År``, ``Kön``, ``Värde``) are accepted too, and a table with
  years as columns. A missing column is refused by name, never guessed.
* Areas are Kolada ids: ``0000`` riket, ``0001``–``0025`` regions (län ``01``–``25``), four
  digits a kommun. A group id (``G…``) is refused: Kolada's value for a group is an unweighted
  mean of its members, not a value of any area; the members are fetched instead.
* A missing value is a flag, never zero. Kolada's status text is kept in the comment.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from .domain import KOMMUN, LAN, MISSING, NOT_APPLICABLE, RIKET, RIKET_CODE, SUPPRESSED
from .errors import ProblemList
from .model import INDICATOR_COLUMNS, Batch, Reference, observations_frame
from .reading import Sheet, Workbook, column_letter
from .table import HEADER_SCAN_ROWS, data_sheets, is_example, row_is_blank
from .values import (CellError, Parsed, cell_text, clean_name, clean_text, is_blank, name_key, normalise_header,
                     normalise_unit, parse_sex, parse_value, parse_year, slug, try_year)

SOURCE = "Kolada"
CONVERTED_SOURCE = "Indikatorpanelens omräkning av data från Kolada"
KPI_ID = re.compile(r"^[A-Z]\d{5}$")
_KPI_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{5})(?![0-9])")
_GROUP_ID = re.compile(r"^G\d+$", re.IGNORECASE)
_GENDER_CODES = {"T": "totalt", "K": "kvinnor", "M": "män"}
METADATA_KEYS = ("kpi_metadata", "kpi", "kpis", "metadata")

GROUP_MESSAGE = ("«{id}» är en grupp i Kolada. Koladas värde för en grupp är ett ovägt medelvärde av "
                 "kommunernas värden och gäller inget område, så det lagras inte. Hämta i stället "
                 "gruppens kommuner (t.ex. python -m loaders kolada <nyckeltal> --grupp <jämförelsegrupp>).")

# Header aliases (lower case), in priority order per field. A column serves one field only,
# so «municipality» is the area when there is no «municipality_id», and otherwise rKolada's
# name column (not read); «Nyckeltal» is the KPI when no id column exists, else its title.
_FIELDS: dict[str, tuple[str, ...]] = {
    "kpi": ("kpi", "kpi_id", "kpi-id", "nyckeltals-id", "nyckeltalsid", "nyckeltal_id", "nyckeltal-id",
            "id nyckeltal", "nyckeltal"),
    "title": ("kpi_title", "title", "titel", "nyckeltalsnamn", "namn på nyckeltal", "nyckeltal"),
    "area": ("municipality_id", "kommun_id", "kommun-id", "kommunid", "kommunkod", "kommun-kod",
             "municipality_code", "region_id", "municipality", "kommun", "kommun/region", "region", "område",
             "geo"),
    "year": ("year", "period", "år", "ar", "årtal"),
    "sex": ("gender", "kön", "kon", "sex"),
    "value": ("value", "värde", "varde"),
    "status": ("status",),
    "deleted": ("isdeleted", "is_deleted"),
    "type": ("municipality_type", "kommuntyp"),
}
_LABELS = {"kpi": "Nyckeltal", "area": "Kommun", "year": "År", "value": "Värde"}
_KOLADA_NAMES = {"kpi": "«kpi»", "area": "«municipality_id» eller «municipality»", "year": "«year» eller «period»",
                 "value": "«value»"}


@dataclass
class _Entry:
    """One value as the file gives it, before it is checked against the store."""

    kpi: object
    area: object
    year: object
    sex: object
    value: object
    status: object
    where: str                        # for messages about JSON items: «post 3 i values»
    sheet: str | None = None
    row: int | None = None            # 1-based spreadsheet row
    columns: dict[str, str] = field(default_factory=dict)  # field -> header label, for messages
    value_column: str | None = None   # the value's column letter
    group_type: bool = False          # municipality_type says G


@dataclass
class _Meta:
    title: str | None = None
    description: str | None = None


# ----------------------------------------------------------------------------- entry point

def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    notes: list[str] = []
    meta: dict[str, _Meta] = {}
    if workbook.document is not None:
        entries = _json_entries(workbook.document, meta, problems, notes)
    else:
        entries = _table_entries(workbook, meta, problems, notes)
    problems.raise_if_errors()
    records, new_indicators = _observations(entries, meta, ref, problems, notes)
    if not records and not problems.counts["fel"]:
        problems.error("filen innehåller inga värden från Kolada att importera.")
    problems.raise_if_errors()
    observations = observations_frame(records)
    observations["source"] = pd.Series([r["source"] for r in records], dtype="string")
    carried = frozenset({"comment"}) if observations["comment"].notna().any() else frozenset()
    batch = Batch("kolada", workbook.file_name, workbook.checksum, is_example(workbook),
                  observations=observations,
                  indicators=pd.DataFrame(new_indicators, columns=INDICATOR_COLUMNS),
                  carried=carried, notes=notes, source=SOURCE)
    batch.warnings = problems.warnings
    return batch


# ----------------------------------------------------------------------------- JSON

def _json_entries(document: object, meta: dict[str, _Meta], problems: ProblemList,
                  notes: list[str]) -> list[_Entry]:
    """Entries of a saved response: a document with «values», or a bare list of items."""
    items = _json_items(document, meta, problems)
    if items is None:
        return []
    read = _JsonRead()
    for i, item in enumerate(items):
        _read_item(item, f"post {i + 1} i «values»", meta, problems, read)
    if not read.data_items and meta and not problems.counts["fel"]:
        problems.error("filen innehåller bara beskrivningar av nyckeltal (Koladas /kpi), inga värden. Spara "
                       "svaret från …/data/kpi/<nyckeltal>/municipality/<kommun> i stället.")
    if read.deleted:
        notes.append(f"{_count(read.deleted)} värden som Kolada markerat som borttagna hoppades över.")
    return read.entries


@dataclass
class _JsonRead:
    """What the items of a response gave: the entries, the values Kolada marks as deleted (left
    out, with a note) and how many items were values at all (a file of KPI descriptions only is
    refused, since it would import nothing)."""

    entries: list[_Entry] = field(default_factory=list)
    deleted: int = 0
    data_items: int = 0


def _json_items(document: object, meta: dict[str, _Meta], problems: ProblemList) -> list | None:
    """The items of a response, reading the KPI metadata a document embeds; None (with the
    error) when the file is no Kolada response. A document that names a next page is one page
    of several: said, since the values on the other pages are not in the file."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        problems.error("JSON-filen är varken ett svar från Koladas API (med «values») eller en lista av värden.")
        return None
    items = document.get("values")
    if not isinstance(items, list):
        problems.error("JSON-filen har ingen lista «values»; spara svaret från Koladas API som det är "
                       "(…/data/kpi/<nyckeltal>/municipality/<kommun>).")
        return None
    for key in METADATA_KEYS:
        if key in document:
            _read_metadata(document[key], key, meta, problems)
    following = document.get("next_url") or document.get("next_page")
    if following:
        problems.warning(f"filen är en sida av flera: Kolada anger en nästa sida («{clean_name(following)[:200]}») "
                         "som inte finns i filen; värdena där importeras inte. Hämta med python -m loaders "
                         "kolada för att få alla sidor.")
    return items


def _read_item(item: object, where: str, meta: dict[str, _Meta], problems: ProblemList, read: _JsonRead) -> None:
    """One item of «values»: a value item (v2/v3 with «values» per gender, or flattened as
    koladapy writes it), or a /kpi item saved with the values; anything else is an error."""
    if not isinstance(item, dict):
        problems.error(f"{where} är inget objekt utan {type(item).__name__}.")
        return
    if "kpi" not in item and "id" in item and "title" in item:
        _add_meta(item, meta)  # a /kpi item saved with the values
        return
    if "ou" in item and "municipality" not in item:
        problems.error(f"{where} gäller en organisatorisk enhet (Koladas «ou», t.ex. en skola); sådana "
                       "värden kan inte importeras här, bara kommuner, regioner och riket.")
        return
    missing = [k for k, aliases in (("kpi", ("kpi", "kpi_id")),
                                    ("municipality", ("municipality", "municipality_id")),
                                    ("period", ("period", "year"))) if not any(a in item for a in aliases)]
    if missing:
        problems.error(f"{where} saknar {', '.join(f'«{m}»' for m in missing)}; det är inget värde från "
                       "Koladas data-API.")
        return
    read.data_items += 1
    if "values" in item and not isinstance(item["values"], list):
        problems.error(f"{where}: «values» ska vara en lista av värden per kön.")
        return
    _read_values(item, where, problems, read)


def _read_values(item: dict, where: str, problems: ProblemList, read: _JsonRead) -> None:
    """The item's values, one entry per gender; a value Kolada marks as deleted (or whose item
    it marks so) is counted and left out, as Kolada's own clients do."""
    kpi = item.get("kpi", item.get("kpi_id"))
    area = item.get("municipality", item.get("municipality_id"))
    year = item.get("period", item.get("year"))
    nested = "values" in item
    inner = item["values"] if nested else [item]  # flattened (koladapy): gender and value on the item itself
    for j, value in enumerate(inner):
        at = where if not nested else f"{where}, värde {j + 1}"
        if not isinstance(value, dict):
            problems.error(f"{at} är inget objekt.")
            continue
        if _is_deleted(value) or (nested and _is_deleted(item)):
            read.deleted += 1
            continue
        if "value" not in value:
            problems.error(f"{at} saknar «value».")
            continue
        read.entries.append(_Entry(kpi, area, year, value.get("gender"), value.get("value"), value.get("status"), at))


def _is_deleted(item: dict) -> bool:
    flag = item.get("isdeleted", item.get("is_deleted"))
    return flag is True or flag == 1 or (isinstance(flag, str) and flag.strip().lower() in ("true", "1"))


def _read_metadata(block: object, key: str, meta: dict[str, _Meta], problems: ProblemList) -> None:
    if isinstance(block, dict) and isinstance(block.get("values"), list):
        block = block["values"]  # a whole /kpi response
    if not isinstance(block, list):
        problems.error(f"«{key}» ska vara en lista av nyckeltal (Koladas /kpi-svar).")
        return
    for item in block:
        if isinstance(item, dict) and "id" in item:
            _add_meta(item, meta)


def _add_meta(item: dict, meta: dict[str, _Meta]) -> None:
    kpi = clean_name(item.get("id")).upper()
    title = clean_name(item.get("title")) or None
    description = clean_text(item.get("description")) or None
    meta.setdefault(kpi, _Meta(title, description))


# ----------------------------------------------------------------------------- tables

@dataclass
class _Layout:
    row: int                          # 0-based header row
    columns: dict[str, int]
    labels: dict[int, str]
    years: dict[int, int]             # wide layout: column -> year
    kpi_from_title: str | None = None

    def label(self, key: str) -> str:
        col = self.columns[key]
        return self.labels.get(col) or column_letter(col)


def _resolve(row: list) -> tuple[dict[str, int], dict[int, str], dict[int, int]]:
    texts = [normalise_header(c) for c in row]
    used: set[int] = set()
    columns: dict[str, int] = {}
    for key, aliases in _FIELDS.items():
        for alias in aliases:
            col = next((c for c, t in enumerate(texts) if c not in used and t and _matches(t, alias)), None)
            if col is not None:
                columns[key] = col
                used.add(col)
                break
    years = {}
    if "year" not in columns and "value" not in columns:
        years = {c: y for c, cell in enumerate(row) if c not in used and (y := _header_year(cell)) is not None}
    labels = {c: cell_text(v) for c, v in enumerate(row) if not is_blank(v)}
    return columns, labels, years


def _value_named_by_kpi(row: list, columns: dict[str, int]) -> str | None:
    """open-numbers' Kolada tables name the value column by the KPI id («geo,year,n31807»): the
    column becomes the value, and the id the KPI of every row."""
    if "value" in columns or "kpi" in columns:
        return None
    named = [(c, cell_text(v).strip().upper()) for c, v in enumerate(row) if c not in columns.values()
             and KPI_ID.match(cell_text(v).strip().upper())]
    if len(named) != 1:
        return None
    columns["value"] = named[0][0]
    return named[0][1]


WEB_EXPORT_TITLE = "kolada nyckeltal"


def _web_export_layout(sheet: Sheet) -> _Layout | None:
    """kolada.se's «Exportera»: «Kolada nyckeltal» in A1, the years as text in row 2 from column C,
    then one row per KPI and area: the KPI's title in A, the area's name in B (no codes)."""
    if len(sheet.rows) < 3 or normalise_header(sheet.rows[0][0] if sheet.rows[0] else None) != WEB_EXPORT_TITLE:
        return None
    header = sheet.rows[1]
    years = {c: y for c, cell in enumerate(header) if c >= 2
             and (y := _header_year(cell.strip().lstrip("'") if isinstance(cell, str) else cell)) is not None}
    if not years:
        return None
    labels = {0: "Nyckeltal", 1: "Område", **{c: cell_text(v) for c, v in enumerate(header) if c >= 2 and not is_blank(v)}}
    return _Layout(1, {"title": 0, "area": 1}, labels, years)


def _matches(text: str, alias: str) -> bool:
    return text == alias or text.startswith(alias + " ") or text.startswith(alias + "(")


def _header_year(cell: object) -> int | None:
    if isinstance(cell, bool) or is_blank(cell):
        return None
    if isinstance(cell, float) and not cell.is_integer():
        return None
    return try_year(cell)


def _find_layout(sheet: Sheet, label: str | None, problems: ProblemList) -> _Layout | None:
    """The header row: the first row naming an area column and values (or years as columns).

    Without one, the row that names most Kolada columns is taken as the intended header and
    every missing column is named, so the user knows what to add; nothing is guessed.
    """
    web = _web_export_layout(sheet)
    if web is not None:
        return web
    best: tuple[int, int, dict[str, int]] | None = None
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        if row_is_blank(row):
            continue
        columns, labels, years = _resolve(row)
        kpi_in_header = _value_named_by_kpi(row, columns) if "area" in columns and "year" in columns else None
        if "area" in columns and ("value" in columns or years) and ("kpi" in columns or "year" in columns or years):
            layout = _Layout(r, columns, labels, years, kpi_from_title=kpi_in_header)
            missing = _missing(layout)
            if "kpi" in missing and layout.kpi_from_title is not None:
                missing.remove("kpi")
            if "kpi" in missing:
                layout.kpi_from_title = _kpi_in_preamble(sheet, r)
                if layout.kpi_from_title is not None:
                    missing.remove("kpi")
            if missing:
                _report_missing(missing, r, label, problems)
                return None
            return layout
        score = len(columns)
        if score >= 2 and (best is None or score > best[1]):
            best = (r, score, columns)
    if best is None:
        problems.error("hittar ingen rubrikrad med Koladas kolumner (kpi, municipality_id, year, gender, value – "
                       "eller Nyckeltal, Kommun, År, Kön, Värde). Spara filen från Kolada eller rKolada som den är.",
                       sheet=label)
        return None
    r, _, columns = best
    _report_missing([k for k in ("kpi", "area", "year", "value") if k not in columns], r, label, problems)
    return None


def _missing(layout: _Layout) -> list[str]:
    needed = ["kpi", "area"] + ([] if layout.years else ["year", "value"])
    return [k for k in needed if k not in layout.columns]


def _report_missing(missing: list[str], row: int, label: str | None, problems: ProblemList) -> None:
    for key in missing:
        why = {"kpi": "vilket nyckeltal värdena gäller", "area": "vilken kommun eller region värdena gäller",
               "year": "vilket år värdena gäller", "value": "var värdena står"}[key]
        problems.error(f"rubrikraden saknar kolumnen «{_LABELS[key]}» (Kolada skriver {_KOLADA_NAMES[key]}); "
                       f"utan den går det inte att veta {why}. Lägg till kolumnen och försök igen.",
                       sheet=label, row=row + 1)


def _kpi_in_preamble(sheet: Sheet, header_row: int) -> str | None:
    """One KPI id written in the title rows above the header (e.g. «… (N31807)»), else None."""
    found = {m for row in sheet.rows[:header_row] for c in row if isinstance(c, str)
             for m in _KPI_IN_TEXT.findall(c)}
    return found.pop() if len(found) == 1 else None


def _table_entries(workbook: Workbook, meta: dict[str, _Meta], problems: ProblemList,
                   notes: list[str]) -> list[_Entry]:
    entries: list[_Entry] = []
    deleted = groups = 0
    for sheet, label in data_sheets(workbook, problems):
        layout = _find_layout(sheet, label, problems)
        if layout is None:
            continue
        cols = layout.columns
        labels = {key: layout.label(key) for key in cols}

        def at(row: list, key: str) -> object:
            col = cols.get(key)
            return row[col] if col is not None and col < len(row) else None

        for r in range(layout.row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            if row_is_blank(row):
                continue
            if _is_deleted({"isdeleted": cell_text(at(row, "deleted")).lower()}):
                deleted += 1
                continue
            if _is_group_name(at(row, "area")):
                groups += 1
                continue
            kpi_cell = at(row, "kpi") if "kpi" in cols else (layout.kpi_from_title or at(row, "title"))
            title = at(row, "title") if "kpi" in cols else None
            kpi_cell = _kpi_and_title(kpi_cell, title, meta)
            group = cell_text(at(row, "type")).upper() == "G"
            base = dict(kpi=kpi_cell, area=at(row, "area"), sex=at(row, "sex"), status=at(row, "status"),
                        where="", sheet=label, row=r + 1, columns=labels, group_type=group)
            if layout.years:
                for col, year in layout.years.items():
                    cell = row[col] if col < len(row) else None
                    entries.append(_Entry(year=year, value=cell, value_column=column_letter(col), **base))
            else:
                entries.append(_Entry(year=at(row, "year"), value=at(row, "value"),
                                      value_column=column_letter(cols["value"]), **base))
    if deleted:
        notes.append(f"{_count(deleted)} rader som Kolada markerat som borttagna hoppades över.")
    if groups:
        notes.append(f"{_count(groups)} rader för grupper («Alla kommuner», «… (ovägt medel)») lästes inte: Koladas "
                     "värde för en grupp är ett ovägt medelvärde av kommunernas och gäller inget område.")
    return entries


def _is_group_name(cell: object) -> bool:
    """kolada.se's group rows: «Alla kommuner», «Kommungrupp …», «… (ovägt medel)»."""
    text = clean_name(cell_text(cell)).lower()
    return text == "alla kommuner" or text.endswith("(ovägt medel)") or text.startswith("kommungrupp")


def _kpi_and_title(kpi_cell: object, title: object, meta: dict[str, _Meta]) -> object:
    """The KPI id of a row: an id cell, or an id inside «Nyckeltal» text («N31807 Invånare …»);
    a title found beside it names the new indicator unless embedded metadata already does."""
    text = cell_text(kpi_cell)
    if text and not KPI_ID.match(text.upper()):
        found = set(_KPI_IN_TEXT.findall(text))
        if len(found) == 1:
            kpi = found.pop()
            rest = clean_name(re.sub(r"\(\s*\)", "", _KPI_IN_TEXT.sub("", text))).strip(" -–:")
            if rest and title is None:
                title = rest
            text = kpi
    if text and title is not None and not is_blank(title):
        meta.setdefault(text.upper(), _Meta(clean_name(cell_text(title)) or None))
    return text or kpi_cell


# ----------------------------------------------------------------------------- checks

def _observations(entries: list[_Entry], meta: dict[str, _Meta], ref: Reference, problems: ProblemList,
                  notes: list[str]) -> tuple[list[dict], list[dict]]:
    """Check each entry against the store and build the observation records and new indicators.

    The checks run in a fixed order (KPI, area, year, kön, value) and only the first failing one
    is reported. The loop keeps its state in local variables: it runs once per value.
    """
    known_ids = set(ref.indicators["indicator_id"])
    new: dict[str, dict] = {}
    records: list[dict] = []
    seen: dict[tuple, tuple[int, str]] = {}  # (indicator, area, year, sex) -> (record index, where)
    areas: dict[str, tuple[str | None, str | None]] = {}
    titled: dict[str, str] = {}   # a KPI title -> its KPI id or TITLED + indicator id
    same = 0
    for e in entries:
        kpi = _entry_kpi(e, ref, meta, titled, problems)
        if kpi is None:
            continue
        area_text = cell_text(e.area)
        if area_text not in areas:
            areas[area_text] = area_code(e.area, ref, e.group_type)
        code, area_error = areas[area_text]
        if area_error is not None:
            _entry_error(problems, e, area_error, "area")
            continue
        fields = _entry_fields(e, problems)
        if fields is None:
            continue
        year, sex, status, parsed = fields
        indicator_id, factor = _indicator_of(kpi, ref, meta, known_ids, new)
        value = parsed.value
        comments = []
        if status:
            comments.append(f"Koladas status: «{status}».")
        if factor != 1 and value is not None:
            value = round(value * factor, 10)
            comments.append(f"Omräknat från Koladas nyckeltal {kpi} (värdet × {_number(factor)}).")
        key = (indicator_id, code, year, sex)
        if key in seen:
            if _repeats(records[seen[key][0]], value, parsed.flag):
                same += 1  # the same value twice (e.g. overlapping saves): read once
            else:
                _entry_error(problems, e, _conflict_message(kpi, area_text, year, sex, seen[key][1]), "value")
            continue
        seen[key] = (len(records), e.where or (f"rad {e.row}" if e.sheet is None else f"blad «{e.sheet}», rad {e.row}"))
        records.append(dict(indicator_id=indicator_id, area_code=code, year=year, sex=sex, value=value,
                            flag=parsed.flag, comment=" ".join(comments) or None, source_sheet=e.sheet,
                            source_row=e.row, source_column=e.value_column,
                            source=CONVERTED_SOURCE if factor != 1 else None))
    if same:
        notes.append(f"{_count(same)} värden fanns två gånger med samma värde och lästes en gång.")
    return records, list(new.values())


def _entry_error(problems: ProblemList, e: _Entry, message: str, key: str | None = None) -> None:
    """An error about an entry: at its item of a JSON file («post 3 i values: …»), or at its
    sheet, row and (for ``key``'s field) column of a table."""
    if e.row is None:
        problems.error(f"{e.where}: {message}")
    else:
        problems.error(message, sheet=e.sheet, row=e.row, column=e.columns.get(key) if key else None)


def _entry_kpi(e: _Entry, ref: Reference, meta: dict[str, _Meta], titled: dict[str, str],
               problems: ProblemList) -> str | None:
    """The entry's KPI id, or TITLED + indicator id for a table row that names its KPI by title;
    None (with the error) when it gives neither."""
    kpi = cell_text(e.kpi).upper()
    if not KPI_ID.match(kpi) and e.row is not None and _TITLE.search(cell_text(e.kpi)):
        kpi = _kpi_of_title(cell_text(e.kpi), ref, meta, titled)
    if not KPI_ID.match(kpi) and not kpi.startswith(TITLED):
        _entry_error(problems, e, f"«{cell_text(e.kpi)}» är inget nyckeltals-id från Kolada (t.ex. N31807)."
                     if kpi else "nyckeltalets id saknas.", "kpi")
        return None
    return kpi


def _entry_fields(e: _Entry, problems: ProblemList) -> tuple[int, str, str, Parsed] | None:
    """The entry's year, kön, Kolada's status text and value; None after reporting the first
    that cannot be read (in that order)."""
    try:
        year = parse_year(e.year)
    except CellError as exc:
        _entry_error(problems, e, f"{exc}.", "year")
        return None
    try:
        sex = _sex(e.sex)
    except CellError as exc:
        _entry_error(problems, e, f"{exc}.", "sex")
        return None
    status = clean_name(e.status) if not is_blank(e.status) else ""
    try:
        parsed = _value(e.value, status)
    except CellError as exc:
        _entry_error(problems, e, f"{exc}.", "value")
        return None
    return year, sex, status, parsed


def _indicator_of(kpi: str, ref: Reference, meta: dict[str, _Meta], known_ids: set[str],
                  new: dict[str, dict]) -> tuple[str, float]:
    """The indicator a KPI's values go to and the factor they are converted by (data/kolada_kpi.csv);
    a KPI the catalogue does not follow becomes a new indicator in ``new``, described once."""
    if kpi.startswith(TITLED):  # a title that is no KPI the catalogue follows
        indicator_id, factor = kpi.removeprefix(TITLED), 1.0
    else:
        indicator_id, factor = ref.kolada.get(kpi, (f"kolada_{kpi.lower()}", 1.0))
    if kpi not in ref.kolada and indicator_id not in known_ids and indicator_id not in new:
        new[indicator_id] = _new_indicator(indicator_id, kpi, meta.get(kpi))
    return indicator_id, factor


def _repeats(before: dict, value: float | None, flag: str | None) -> bool:
    """Whether a value for a key already read is the same again (overlapping saves), to be read once."""
    return _same(before["value"], value) and before["flag"] == flag


def _conflict_message(kpi: str, area_text: str, year: int, sex: str, first: str) -> str:
    """Two different values for one key: both places are named, since the panel cannot know which is right."""
    return (f"samma nyckeltal, område, år och kön ({kpi.removeprefix(TITLED)}, {area_text}, {year}, {sex}) "
            f"finns redan i {first} med ett annat värde; Kolada har bara ett värde per nyckeltal, område, år och "
            "kön. Ta bort den ena.")


TITLED = "TITEL:"                 # marks an indicator found by a KPI's title, not by its id
_TITLE = re.compile(r"[^\W\d_].*[^\W\d_]", re.S)   # letters: a title, not a mistyped id like «31807»


def _kpi_of_title(text: str, ref: Reference, meta: dict[str, _Meta], titled: dict[str, str]) -> str:
    """The KPI a title names: a KPI the catalogue follows under that title (data/kolada_kpi.csv),
    else the catalogue's indicator of that name, else a new indicator under the title."""
    title = clean_name(text)
    if title not in titled:
        kpi = ref.kolada_titles.get(name_key(title))
        if kpi is not None:
            titled[title] = kpi
        else:
            names = {name_key(n): i for i, n in zip(ref.indicators["indicator_id"], ref.indicators["name"],
                                                      strict=True)}
            indicator_id = names.get(name_key(title)) or f"kolada_{slug(title)[:48] or 'nyckeltal'}"
            titled[title] = TITLED + indicator_id
            meta.setdefault(titled[title], _Meta(title))
    return titled[title]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


def area_code(cell: object, ref: Reference, group_type: bool = False) -> tuple[str | None, str | None]:
    """(area code, None) or (None, Swedish error) for a Kolada municipality id or a name."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = clean_name(cell_text(cell))
    if not text:
        return None, "kommun eller region saknas."
    if _GROUP_ID.match(text) or group_type:
        return None, GROUP_MESSAGE.format(id=text)
    if re.fullmatch(r"0{1,3}", text):  # riket written «0» (open-numbers and other dumps)
        return RIKET_CODE, None
    if re.fullmatch(r"\d{3}", text):   # a kommun code that lost its leading zero («580»)
        text = "0" + text
    if re.fullmatch(r"\d{4}", text):
        if text == "0000":
            return RIKET_CODE, None
        if text.startswith("00"):
            if ref.level_of(text[2:]) == LAN:
                return text[2:], None
            return None, (f"«{text}» är ingen region i Kolada (regionerna har id 0001–0025; 0002, 0011, 0015 "
                          "och 0016 finns inte).")
        if ref.level_of(text) == KOMMUN:
            return text, None
        return None, f"kommunkoden «{text}» finns inte bland Sveriges kommuner."
    code = ref.matcher.match(text)
    if code is None:
        return None, ref.matcher.unknown_message(text)
    if ref.level_of(code) not in (KOMMUN, LAN, RIKET):
        return None, (f"«{text}» är inte en kommun, region eller riket; Kolada har värden för kommuner, "
                      "regioner och riket.")
    return code, None


def kolada_id(code: str, ref: Reference) -> str:
    """The id Kolada uses for a store area code: riket 0000, län 05 -> region 0005, kommun as is."""
    level = ref.level_of(code)
    if level == RIKET:
        return "0000"
    if level == LAN:
        return "00" + code
    return code


def _sex(cell: object) -> str:
    text = cell_text(cell).strip()
    if text.upper() in _GENDER_CODES:
        return _GENDER_CODES[text.upper()]
    if not text:
        return "totalt"  # a KPI not divided by gender: Kolada gives only the total
    try:
        return parse_sex(text)
    except CellError:
        raise CellError(f"«{text}» är inget kön; Kolada skriver T (totalt), K (kvinnor) eller M (män)") from None


def _status_flag(status: str) -> str:
    """Why a value is missing, from Kolada's status text (usually empty, meaning just missing)."""
    lowered = status.lower()
    if status == ".." or "sekretess" in lowered or "prick" in lowered or "skydd" in lowered:
        return SUPPRESSED
    if status == "." or "ej tillämp" in lowered:
        return NOT_APPLICABLE
    return MISSING


def _value(cell: object, status: str) -> Parsed:
    """A value as a number, or no number with the reason as a flag (never zero)."""
    if isinstance(cell, bool):
        raise CellError(f"«{cell}» är inte ett tal")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise CellError(f"«{cell}» är inte ett giltigt tal")
        return Parsed(float(cell))
    if cell is not None and not isinstance(cell, str):
        raise CellError(f"värdet ska vara ett tal eller tomt, inte {type(cell).__name__}")
    if isinstance(cell, str) and cell.strip() == "NA":  # R's missing value (rKolada, write.csv)
        return Parsed(None, _status_flag(status) if status else MISSING)
    parsed = parse_value(cell)
    if parsed.value is None and status:
        return Parsed(None, _status_flag(status))
    return parsed


# ----------------------------------------------------------------------------- indicators

def _new_indicator(indicator_id: str, kpi: str, meta: _Meta | None) -> dict:
    title = meta.title if meta and meta.title else None
    if kpi.startswith(TITLED):  # named by its title only (kolada.se's export, scripts' long tables)
        unit = unit_from_title(title or "")
        return dict(indicator_id=indicator_id, name=title, unit=unit,
                    decimals=0 if unit in ("antal",) or unit.startswith(("kr", "tkr", "mnkr")) else 1,
                    direction="neutral", development_area=None, source=SOURCE,
                    definition=f"Koladas nyckeltal «{title}» (filen anger titeln, inte nyckeltalets id).")
    unit = unit_from_title(title) if title else ""
    definition = meta.description if meta and meta.description else None
    return dict(indicator_id=indicator_id, name=title or f"Kolada {kpi}", unit=unit,
                decimals=0 if unit in ("antal",) or unit.startswith(("kr", "tkr", "mnkr")) else 1,
                direction="neutral", development_area=None, source=SOURCE,
                definition=(definition + f" (Koladas nyckeltal {kpi}.)") if definition
                else f"Koladas nyckeltal {kpi}.")


def unit_from_title(title: str) -> str:
    """The unit Kolada writes after a title's last comma: «…, andel (%)» -> «%», «…, antal» ->
    «antal», «…, antal/100 000 inv» -> «per 100 000 inv.», «…, kr/inv» stays «kr/inv».

    A percentage that is not a share («avvikelse (%)») keeps its words, so it is not held to
    the 0–100 rule of shares."""
    segment = clean_name(title.rsplit(",", 1)[-1] if "," in title else title)
    lowered = segment.lower()
    if "%" in lowered:
        if "andel" in lowered or lowered.strip("() ") == "%":
            return "%"
        return segment
    if lowered.startswith("antal/") or lowered.startswith("antal per"):
        unit = normalise_unit(segment)
        return unit if unit != segment else segment
    return normalise_unit(segment)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")
