"""Which district a school, RegSO or DeSO belongs to, and the column mapping of recipes:
the Data page's logic, without Streamlit, so it is tested as plain functions.

District values are never stored for a school's district: the store's view computes them
from the schools' (and RegSO/DeSO) values and ``area_mappings``. Changing a mapping is
therefore one event (``loaders.store.set_mappings``) and the districts follow at once; no
file is edited and nothing is rebuilt. A mapping file (CSV or xlsx, «Skolenhetskod»/«Kod»
and «Stadsdel»/«Område») is read all or nothing: one bad row refuses the whole file with a
Swedish message naming row and column.

Writes check the editor role here, whatever the page did (``auth.require_editor``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import duckdb
import pandas as pd

from loaders import layout, recipe
from loaders.detect import header_key
from loaders.domain import DESO, DISTRICT, REGSO
from loaders.errors import PanelError, ProblemList
from loaders.model import Reference
from loaders.reading import Sheet, Workbook, column_letter, read_document
from loaders.store import save_recipe as store_recipe
from loaders.store import set_mappings
from loaders.table import data_rows, data_sheets, find_header
from loaders.values import CellError, cell_text, clean_name, is_blank, name_key, normalise_header, parse_name, sex_word

from .auth import Role, require_editor

SCHOOL = "skola"
MAPPABLE = (SCHOOL, REGSO, DESO)
LEVEL_WORDS = {SCHOOL: "Skola", REGSO: "RegSO", DESO: "DeSO"}
NO_DISTRICT = ("ingen", "–", "-", "ingen stadsdel", "ta bort")
NOT_READ = "läs inte"

# ---------------------------------------------------------------------------- area mappings


@dataclass(frozen=True)
class AreaState:
    """What the mapping lists need of the store (``loaders.model.Reference`` has the same
    fields, and more): areas (code, name, level, parent), mappings (area_code, district), home."""

    areas: pd.DataFrame
    mappings: pd.DataFrame
    home: str


def read_state(con: duckdb.DuckDBPyConnection) -> AreaState:
    """The areas that can be mapped or mapped to, and the mappings: a few quick queries (the
    Data page runs every tab on every rerun, so the full reference with its name matcher is
    built only when a mapping file is read)."""
    cur = con.cursor()
    try:
        areas = cur.execute("SELECT code, name, level, parent FROM areas WHERE level IN (?, ?, ?, ?) "
                            "ORDER BY sort_order", [DISTRICT, *MAPPABLE]).df()
        mappings = cur.execute("SELECT area_code, district FROM area_mappings").df()
        home = cur.execute("SELECT value FROM settings WHERE key = 'hemkommun'").fetchone()
    finally:
        cur.close()
    return AreaState(areas, mappings, home[0] if home else "0580")


def districts(ref: Reference | AreaState) -> pd.DataFrame:
    """The home kommun's districts (code, name) in display order: what an area can map to."""
    areas = ref.areas
    mine = areas[(areas["level"] == DISTRICT) & (areas["parent"].isna() | (areas["parent"] == ref.home))]
    return mine[["code", "name"]].reset_index(drop=True)


def mappable_areas(ref: Reference | AreaState) -> pd.DataFrame:
    """The home kommun's schools, RegSO and DeSO with the district each maps to (or None).

    Columns: code, name, level, district (code or None). Schools first, then RegSO, DeSO,
    each by name. A school's kommun is its parent; a RegSO/DeSO code starts with it.
    """
    areas = ref.areas
    home = ref.home
    mine = areas[areas["level"].isin(MAPPABLE)
                 & ((areas["parent"] == home) | areas["code"].str.startswith(home))]
    district = dict(zip(ref.mappings["area_code"], ref.mappings["district"], strict=True))
    out = pd.DataFrame({"code": mine["code"].astype(str), "name": mine["name"].astype(str),
                        "level": mine["level"].astype(str)})
    out["district"] = [district.get(c) for c in out["code"]]
    out["order"] = out["level"].map({lvl: i for i, lvl in enumerate(MAPPABLE)})
    out["folded"] = out["name"].str.casefold()
    out = out.sort_values(["order", "folded", "code"], kind="stable")
    return out.drop(columns=["order", "folded"]).reset_index(drop=True)


def unmapped(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``mappable_areas`` that no district claims yet."""
    return table[table["district"].isna()].reset_index(drop=True)


def mapped(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["district"].notna()].reset_index(drop=True)


def changes(table: pd.DataFrame, chosen: Mapping[str, str | None]) -> dict[str, str | None]:
    """Only the choices that differ from what is stored: {area code: district or None}."""
    current = dict(zip(table["code"], table["district"], strict=True))
    return {code: district for code, district in chosen.items()
            if code in current and (current[code] if isinstance(current[code], str) else None) != district}


def save_mappings(con: duckdb.DuckDBPyConnection, changed: Mapping[str, str | None], role: Role,
                  who: str) -> int | None:
    """Store every change as one event; None when there was nothing to change."""
    require_editor(role)
    if not changed:
        return None
    return set_mappings(con, dict(changed), who=who)


def history(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """Who changed which mapping when, from which district to which, newest first (Swedish columns)."""
    cur = con.cursor()
    try:
        return cur.execute("""
            SELECT e.happened_at AS "Tid", coalesce(e.who, '') AS "Av", coalesce(a.name, h.area_code) AS "Område",
                   regexp_replace(h.area_code, '^skola:', '') AS "Kod", coalesce(p.name, h.previous_district, '–') AS "Från",
                   coalesce(d.name, h.district, '–') AS "Till", h.event_id AS "Händelse"
            FROM mapping_history h JOIN events e USING (event_id)
            LEFT JOIN areas a ON a.code = h.area_code
            LEFT JOIN areas p ON p.code = h.previous_district
            LEFT JOIN areas d ON d.code = h.district
            ORDER BY h.event_id DESC, "Område" LIMIT ?""", [int(limit)]).df()
    finally:
        cur.close()


def mapping_download(table: pd.DataFrame, names: Mapping[str, str]) -> bytes:
    """The current mappings as an xlsx an editor can fill in and upload again (text cells only)."""
    from .export.xlsx import new_workbook  # late: xlsxwriter only when a file is asked for

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("Kopplingar")
    bold = book.add_format({"bold": True})
    for c, title in enumerate(["Kod", "Namn", "Typ", "Stadsdel"]):
        sheet.write_string(0, c, title, bold)
    for r, row in enumerate(table.itertuples(index=False), start=1):
        code = row.code.removeprefix("skola:")
        for c, text in enumerate([code, row.name, LEVEL_WORDS.get(row.level, row.level),
                                  names.get(row.district, "") if isinstance(row.district, str) else ""]):
            sheet.write_string(r, c, text)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 42)
    sheet.set_column(3, 3, 22)
    book.close()
    return buffer.getvalue()


_CODE = ("skolenhetskod", "skol-enhetskod", "kod", "områdeskod", "regso-kod", "regsokod", "deso-kod", "desokod",
         "regso", "deso", "code", "area_code")
_NAME = ("skola", "skolenhet", "skolans namn", "namn", "delområde", "name")
_DISTRICT = ("stadsdel", "område", "omrade", "stadsdelsområde", "district")


@dataclass
class MappingFile:
    """A mapping file read and checked: what would change, and the rows as read."""

    file_name: str
    changes: dict[str, str | None]
    rows: pd.DataFrame          # the changing rows: Rad, Kod, Namn, Från, Till (Swedish, for the preview)
    unchanged: int = 0


def parse_mapping_file(data: bytes, file_name: str, ref: Reference) -> MappingFile:
    """Read a mapping file against the store; ImportFailed (every bad row, located) refuses it all.

    A row names a school (skolenhetskod, or its name), a RegSO or a DeSO by its code, and a
    district by name or code («ingen» removes a mapping). Only the home kommun's areas and
    districts are accepted, and one area given two districts is an error.
    """
    workbook = read_document(data, file_name)
    problems = ProblemList(workbook.file_name)
    table = mappable_areas(ref)
    current = dict(zip(table["code"], table["district"], strict=True))
    names = dict(zip(table["code"], table["name"], strict=True))
    by_name: dict[str, list[str]] = {}
    for code, name in names.items():
        by_name.setdefault(name_key(name), []).append(code)
    homes = districts(ref)
    district_names = dict(zip(homes["code"], homes["name"], strict=True))
    chosen: dict[str, tuple[str | None, int]] = {}
    rows: list[list] = []
    read_any = False
    for sheet, label in data_sheets(workbook, problems):
        header = find_header(sheet, {"district": _DISTRICT}, {"code": _CODE, "name": _NAME})
        if header is None or not ({"code", "name"} & set(header.columns)):
            if workbook.is_csv or len(workbook.sheets) == 1:
                problems.error("rubrikraden ska ha en kolumn «Skolenhetskod» eller «Kod» (eller «Skola») och en "
                               "kolumn «Stadsdel».", sheet=label)
            continue
        read_any = True
        for r in data_rows(sheet, header.row + 1):
            _mapping_row(sheet, r, header, label, ref, current, names, by_name, district_names, chosen, rows,
                         problems)
    if not read_any and not problems.counts["fel"]:
        problems.error("hittar inget blad med kolumnerna «Kod» och «Stadsdel».")
    if not chosen and not problems.counts["fel"]:
        problems.error("filen innehåller inga kopplingar.")
    problems.raise_if_errors()
    changed = {code: district for code, (district, _) in chosen.items()
               if (current.get(code) if isinstance(current.get(code), str) else None) != district}
    frame = pd.DataFrame([row[1:] for row in rows if row[0] in changed], columns=["Rad", "Kod", "Namn", "Från", "Till"])
    return MappingFile(workbook.file_name, changed, frame, len(chosen) - len(changed))


def _mapping_row(sheet: Sheet, r: int, header, label: str | None, ref: Reference, current: dict, names: dict,
                 by_name: dict, district_names: dict, chosen: dict, rows: list, problems: ProblemList) -> None:
    cols = header.columns
    at = lambda key: sheet.cell(r, cols[key]) if key in cols else None  # noqa: E731
    where = {"sheet": label, "row": r + 1}
    code = _area_code(at("code"), at("name"), names, by_name, ref.home)
    column = header.label(cols["code"] if "code" in cols and not is_blank(at("code")) else cols.get("name", 0))
    if isinstance(code, str) and code.startswith("!"):
        problems.error(code[1:], column=column, **where)
        return
    district_cell = at("district")
    try:
        district_text = parse_name(district_cell)
    except CellError as exc:  # an Excel error value in the cell
        problems.error(f"{exc}.", column=header.label(cols["district"]), **where)
        return
    if not district_text:
        problems.error("stadsdelen saknas; skriv stadsdelens namn, eller «ingen» för att ta bort kopplingen.",
                       column=header.label(cols["district"]), **where)
        return
    if district_text.casefold() in NO_DISTRICT:
        district = None
    else:
        district = ref.matcher.match(district_text)
        if district not in district_names:
            hint = ref.matcher.unknown_message(district_text) if district is None else (
                f"«{district_text}» är ingen stadsdel i hemkommunen.")
            problems.error(hint.replace("området «", "stadsdelen «", 1), column=header.label(cols["district"]),
                           **where)
            return
    if code in chosen and chosen[code][0] != district:
        problems.error(f"«{names[code]}» finns redan på rad {chosen[code][1]} med en annan stadsdel.",
                       column=header.label(cols["district"]), **where)
        return
    chosen[code] = (district, r + 1)
    previous = current.get(code)
    rows.append([code, r + 1, code.removeprefix("skola:"), names[code],
                 district_names.get(previous, "–") if isinstance(previous, str) else "–",
                 district_names.get(district, "–") if district else "–"])


def _area_code(code_cell: object, name_cell: object, names: Mapping[str, str], by_name: Mapping[str, list[str]],
               home: str) -> str:
    """The area a row means, or '!' + a Swedish message."""
    text = clean_name(cell_text(code_cell))
    if text:
        upper = text.upper()
        for candidate in (text, "skola:" + text, upper):
            if candidate in names:
                return candidate
        if recipe.SCHOOL_CODE.match(text) or recipe.REGSO_CODE.match(upper) or recipe.DESO_CODE.match(upper):
            return (f"!koden «{text}» finns inte bland hemkommunens skolor och delområden i databasen. Importera först "
                    "en fil med områdets värden (den lägger till det).")
        return f"!«{text}» är ingen skolenhetskod (8 siffror) eller RegSO-/DeSO-kod."
    name = clean_name(cell_text(name_cell))
    if not name:
        return "!koden och namnet saknas; skriv skolenhetskoden eller RegSO-/DeSO-koden."
    found = by_name.get(name_key(name), [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        return f"!det finns {len(found)} områden som heter «{name}»; skriv koden i stället."
    return f"!«{name}» finns inte bland hemkommunens skolor och delområden; skriv koden i stället."


# ---------------------------------------------------------------------------- column recipes


def visible_sheets(workbook: Workbook) -> list[Sheet]:
    """The sheets a recipe can read: visible and not empty."""
    problems = ProblemList(workbook.file_name)
    return [s for s, _ in data_sheets(workbook, problems)]


def guess_header_row(sheet: Sheet) -> int:
    """The header's spreadsheet row (1-based): where the layout finder sees an area column
    (``layout.propose``), else the first row with several filled cells, as the recipe's key
    (``detect.header_key``) takes it."""
    proposed = layout.propose(sheet, layout.GENERIC)
    if proposed is not None:
        return int(proposed["header_row"])
    for r, row in enumerate(sheet.rows[:40]):
        if sum(1 for c in row if normalise_header(c)) >= 2:
            return r + 1
    return 1


def header_columns(sheet: Sheet, header_row: int) -> list[str]:
    """The header texts of a row, as written; blank headers are left out."""
    if not 1 <= header_row <= len(sheet.rows):
        return []
    return [cell_text(c) for c in sheet.rows[header_row - 1] if not is_blank(c)]


def first_rows(sheet: Sheet, header_row: int, n: int = 12) -> pd.DataFrame:
    """The rows under the header as text (shown as a dataframe, never as markup); the columns
    carry the header texts (made unique, a blank one is named by its letter)."""
    header = sheet.rows[header_row - 1] if 1 <= header_row <= len(sheet.rows) else []
    body = [row for row in sheet.rows[header_row:] if any(not is_blank(c) for c in row)][:n]
    width = max([len(header), *(len(r) for r in body)], default=0)
    names: list[str] = []
    for c in range(width):
        text = cell_text(header[c]) if c < len(header) else ""
        text = text or column_letter(c)
        while text in names:
            text += " "
        names.append(text)
    cells = [[cell_text(row[c]) if c < len(row) else "" for c in range(width)] for row in body]
    return pd.DataFrame(cells, columns=names, dtype=object)


def column_values(sheet: Sheet, header_row: int, column: str, limit: int = 40) -> list[str]:
    """The distinct texts under one header column (for the kön mapping), in order of appearance."""
    header = sheet.rows[header_row - 1] if 1 <= header_row <= len(sheet.rows) else []
    at = next((c for c, v in enumerate(header) if normalise_header(v) == normalise_header(column)), None)
    if at is None:
        return []
    seen: dict[str, None] = {}
    for row in sheet.rows[header_row:]:
        if at < len(row) and not is_blank(row[at]):
            seen.setdefault(clean_name(cell_text(row[at])), None)
            if len(seen) >= limit:
                break
    return list(seen)


def year_columns(columns: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The header texts that name one year each (a wide table's year columns)."""
    return [c for c in columns if c not in exclude and recipe.header_year(c) is not None]


def guess_sex(value: str) -> str | None:
    """Kön a file's word most likely means (Flickor -> kvinnor), or None if no guess."""
    return sex_word(value)


@dataclass
class RecipeChoices:
    """What an editor chose on the Data page, before it becomes a recipe spec."""

    sheet: str | None
    header_row: int
    area_column: str | None
    area_by: str = "namn"
    year_column: str | None = None
    wide: bool = False
    year_columns: list[str] = field(default_factory=list)
    all_years: bool = False
    sex_column: str | None = None
    sex_values: dict[str, str | None] = field(default_factory=dict)
    sex_unsure: list[str] = field(default_factory=list)   # kön values not yet said what they mean
    value_column: str | None = None
    indicator_id: str | None = None
    new_indicator: dict | None = None   # name, unit, direction, source; with indicator_column: unit, direction, source
    indicator_column: str | None = None  # the indicator's name is in this column


def build_spec(choices: RecipeChoices) -> dict:
    """A recipe spec (JSON-able) from the editor's choices; ``recipe.spec_problems`` says what
    is still missing."""
    spec: dict = {"sheet": choices.sheet, "header_row": int(choices.header_row),
                  "area": {"column": choices.area_column, "by": choices.area_by}}
    if choices.wide:
        spec["year"] = {"columns": recipe.ALL_YEARS if choices.all_years else list(choices.year_columns)}
    else:
        spec["year"] = {"column": choices.year_column}
        spec["value"] = {"column": choices.value_column}
    spec["sex"] = ({"column": choices.sex_column, "values": dict(choices.sex_values)}
                   if choices.sex_column else None)
    given = {k: (v.strip() if isinstance(v, str) else v) for k, v in (choices.new_indicator or {}).items()}
    if choices.indicator_column:
        spec["indicator"] = {"column": choices.indicator_column, "map": {}}
        if given.get("unit") or given.get("source"):
            spec["indicator"] |= {k: given.get(k) for k in ("unit", "source", "direction")}
    elif choices.new_indicator is not None:
        spec["indicator"] = given
    else:
        spec["indicator"] = {"id": choices.indicator_id}
    return spec


def choice_problems(choices: RecipeChoices) -> list[str]:
    """Swedish hints for choices that cannot make a recipe: what the spec check says, and a
    column chosen for two roles."""
    out = recipe.spec_problems(build_spec(choices))
    roles = [c for c in (choices.area_column, choices.year_column if not choices.wide else None,
                         choices.sex_column, choices.value_column if not choices.wide else None,
                         choices.indicator_column) if c]
    twice = sorted({c for c in roles if roles.count(c) > 1})
    if twice:
        out.append("samma kolumn är vald för flera saker: " + ", ".join(f"«{c}»" for c in twice) + ".")
    if choices.sex_column and choices.sex_unsure:
        out.append("välj vad " + ", ".join(f"«{v}»" for v in choices.sex_unsure) + " i kolumnen för kön betyder.")
    if choices.wide and (overlap := [c for c in choices.year_columns if c in (choices.area_column, choices.sex_column)]):
        out.append("årskolumnerna kan inte vara område eller kön: " + ", ".join(f"«{c}»" for c in overlap) + ".")
    return out


def recipe_key(data: bytes, file_name: str) -> str | None:
    """The header key a recipe for this file is saved under (what detection looks up)."""
    return header_key(read_document(data, file_name))


def save_recipe(con: duckdb.DuckDBPyConnection, name: str, key: str | None, spec: dict, role: Role,
                who: str) -> int:
    """Keep a recipe under its name and the file's header key (an event in the audit trail)."""
    require_editor(role)
    wrong = recipe.spec_problems(spec)
    if wrong:
        raise PanelError("Receptet kan inte sparas: " + " ".join(wrong))
    if not key:
        raise PanelError("Filen har ingen rubrikrad att känna igen den på, så receptet kan inte sparas.")
    return store_recipe(con, clean_name(name), key, spec, who=who)


def recipes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Saved recipes, newest first, with what they read (Swedish columns)."""
    cur = con.cursor()
    try:
        frame = cur.execute("SELECT name, spec, created_at, created_by FROM recipes ORDER BY created_at DESC").df()
    finally:
        cur.close()
    rows = []
    for r in frame.itertuples(index=False):
        spec = _json(r.spec)
        rows.append({"Recept": r.name, "Läser": describe(spec), "Sparat": r.created_at, "Av": r.created_by or ""})
    return pd.DataFrame(rows, columns=["Recept", "Läser", "Sparat", "Av"])


def _json(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def describe(spec: Mapping) -> str:
    """One Swedish line on what a recipe reads (for the list of recipes)."""
    if recipe.spec_problems(spec):
        return "ofullständigt recept"
    year = spec["year"]
    years = (f"år i kolumnen «{year['column']}», värde i «{spec['value']['column']}»" if year.get("column")
             else "alla årskolumner" if year["columns"] == recipe.ALL_YEARS
             else "årskolumnerna " + ", ".join(f"«{c}»" for c in year["columns"]))
    sex = f"kön i «{spec['sex']['column']}»" if spec.get("sex") else "bara totalt"
    given = spec["indicator"]
    indicator = (f"indikatorn i «{given['column']}»" if given.get("column")
                 else given.get("id") or given.get("name"))
    return f"område i «{spec['area']['column']}», {years}, {sex} → {indicator}"


# Refusals the recipe panel answers: no loader knew the file, or the file does not say what its
# values measure (an SCB table saved without its title), which the editor can say instead.
UNRECOGNISED = ("det går inte att avgöra vad filen innehåller", "det går inte att se vad värdena mäter")


def is_unrecognised(errors: Sequence) -> bool:
    """Whether an upload failed only because no loader knew it or what it measures (the recipe
    panel then asks the editor, with the layout the finder proposes)."""
    return any(getattr(p, "message", "").startswith(UNRECOGNISED) for p in errors)


def unrecognised_reason(errors: Sequence) -> str:
    """What the recipe panel says first: that no loader knew the file, or that it does not say
    what its values measure (then the editor names the indicator and its unit)."""
    if any(getattr(p, "message", "").startswith(UNRECOGNISED[1]) for p in errors):
        return ("Filen säger inte vad värdena mäter. Ange vilken indikator de är (en ny med namn och enhet, "
                "eller en befintlig).")
    return "Ingen av panelens inläsare känner igen filen."


def file_stem(file_name: str) -> str:
    return re.sub(r"[_\s]+", " ", PurePath(file_name).stem).strip() or "Nytt recept"

