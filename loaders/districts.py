"""Districts an editor adds by name or by a file, when SCB's RegSO areas could not become them.

``python -m loaders init`` makes a kommun's districts from SCB's RegSO areas when the network
allows. Without it a new panel has none, and a kommun may also divide itself its own way. So
an editor adds districts here: by name (the page's text area, ``python -m loaders stadsdelar
--lagg-till``), or by a file with a column «Stadsdel» and, optionally, the RegSO/DeSO areas
each consists of (``--fil``), which are then mapped to it so SCB's values become its values.

Everything is checked before anything is written, and all of it is written in one transaction
as one event (kind ``districts``), which ``loaders.replay`` replays so that a rebuild keeps
the districts; the RegSO/DeSO mappings are an ordinary mapping event right after it. A name
is refused when importing files would confuse it with an area the panel already knows: a
district of the kommun, or any kommun, län or riket (district names are matched first).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .areas import area_key
from .domain import DESO, DISTRICT, KOMMUN, REGSO
from .errors import PanelError, ProblemList
from .reading import Sheet, Workbook, read_document
from .store import DEFAULT_HOME, _set_mappings, log_event, setting_in, transaction
from .table import Header, data_rows, data_sheets, find_header
from .values import CellError, cell_text, clean_name, is_blank, look_alike, parse_name, slug

KIND = "districts"
MAX_NAME_CHARS = 80
MAX_DISTRICTS = 500     # more than any kommun has: a longer list is a wrong file
_CODE_CHARS = 24        # the slug part of a district code
REGSO_CODE = re.compile(r"^\d{4}R\d{3}$")
DESO_CODE = re.compile(r"^\d{4}[ABC]\d{4}$")
_SEPARATORS = re.compile(r"[,;\s]+")
# The file's columns (lower case): the district's name, and the RegSO/DeSO areas it consists of.
NAME_COLUMNS = ("stadsdel", "stadsdelens namn", "namn", "område", "omrade")
AREA_COLUMNS = {"regso": ("regso", "regso-kod", "regso-koder", "regsokod", "regso-område", "regso-områden"),
                "deso": ("deso", "deso-kod", "deso-koder", "desokod", "deso-område", "deso-områden")}


class DistrictsRefused(PanelError):
    """Typed names that cannot become districts, every reason found (nothing was written)."""

    title = "Stadsdelarna kan inte läggas till"

    def __init__(self, problems: Sequence[str], total: int | None = None):
        self.problems = [p[:1].upper() + p[1:] for p in problems]
        more = (total or len(self.problems)) - len(self.problems)
        super().__init__(" ".join(self.problems) + (f" (och {more} fel till)" if more > 0 else ""))


@dataclass(frozen=True)
class NewDistrict:
    """A district to add: its name, the RegSO/DeSO codes it consists of, and where it was read
    (for messages that point at a file's row and column)."""

    name: str
    areas: tuple[str, ...] = ()
    row: int | None = None                  # the file's row (1-based), None for a typed name
    sheet: str | None = None
    name_column: str = "Stadsdel"
    area_columns: tuple[str, ...] = ()      # the column each of ``areas`` was read from


@dataclass(frozen=True)
class Planned:
    """A checked district with the code it will get."""

    code: str
    name: str
    areas: tuple[str, ...] = ()


@dataclass
class Plan:
    """What adding would do: the districts with their codes (shown as a preview, then written)."""

    kommun: str
    districts: list[Planned] = field(default_factory=list)

    @property
    def mappings(self) -> dict[str, str]:
        return {area: d.code for d in self.districts for area in d.areas}

    def rows(self) -> list[dict[str, str]]:
        """The preview, one row per district (Swedish column names, plain text)."""
        return [{"Stadsdel": d.name, "Kod": d.code, "RegSO/DeSO": ", ".join(d.areas)} for d in self.districts]


# ---------------------------------------------------------------------------- checking


def _name_problem(raw: object) -> tuple[str, str | None]:
    """(the name as it is stored, None), or ('', a Swedish reason why it cannot be one)."""
    text = "" if raw is None else str(raw)
    name = clean_name(text)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text.strip()):
        return "", (f"«{_short(name)}» innehåller styrtecken eller osynliga tecken (t.ex. en radbrytning eller en "
                    "tabb); skriv namnet på en rad utan dem.")
    if not name:
        return "", "ett namn är tomt."
    if len(name) > MAX_NAME_CHARS:
        return "", f"«{_short(name)}» är {len(name)} tecken långt; högst {MAX_NAME_CHARS} tecken tillåts i ett namn."
    if REGSO_CODE.match(name.upper()) or DESO_CODE.match(name.upper()):
        return "", f"«{name}» är en RegSO- eller DeSO-kod, inget namn; skriv koden i kolumnen «RegSO» eller «DeSO»."
    if not any(ch.isalpha() for ch in area_key(name)):
        return "", f"«{name}» är inget namn: det behöver minst en bokstav (utanför parenteser)."
    latin = look_alike(name)
    if latin is not None:
        return "", (f"«{name}» blandar in bokstäver från ett annat alfabet som ser ut som latinska (menade du "
                    f"«{latin}»?); skriv namnet med vanliga bokstäver.")
    return name, None


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"


def _genitive(key: str) -> str | None:
    """«motalas» -> «motala»: files write a kommun in the genitive, and the name lookup tries it."""
    return key[:-1] if key.endswith("s") and len(key) > 3 else None


_LEVEL_WORDS = {KOMMUN: "kommunen", "lan": "länet", "riket": "riket"}


def _known_names(cur: duckdb.DuckDBPyConnection, kommun: str) -> dict[str, tuple[str, str]]:
    """Folded name -> (name, level) of every area a new district's name could be mistaken for
    when files are imported: the kommun's districts, and every kommun, län and riket with their
    spelling variants (district names are looked up first, so a district «Vadstena» would take
    Vadstena kommun's values)."""
    rows = cur.execute("""
        WITH near AS (SELECT code, name, level FROM areas
                      WHERE level IN ('kommun', 'lan', 'riket') OR (level = ? AND coalesce(parent, ?) = ?))
        SELECT n.variant, a.name, a.level FROM area_names n JOIN near a USING (code)
        UNION ALL SELECT name, name, level FROM near""", [DISTRICT, kommun, kommun]).fetchall()
    known: dict[str, tuple[str, str]] = {}
    for variant, name, level in sorted(rows, key=lambda r: r[2] != DISTRICT):  # a district first
        key = area_key(variant)
        if key:
            known.setdefault(key, (name, level))
    return known


def _code_problem(code: str, kommun: str) -> str | None:
    if not (REGSO_CODE.match(code) or DESO_CODE.match(code)):
        return f"«{code}» är ingen RegSO-kod (t.ex. {kommun}R001) eller DeSO-kod (t.ex. {kommun}C1010)."
    if code[:4] != kommun:
        return f"«{code}» hör till kommunen {code[:4]}, inte till hemkommunen {kommun}."
    return None


def plan(cur: duckdb.DuckDBPyConnection, entries: Sequence[NewDistrict], *, file: str | None = None) -> Plan:
    """Check ``entries`` against the store and give each its code; reads only. Every problem
    found is raised together: ``ImportFailed`` naming the file's sheet, row and column for a
    file, ``DistrictsRefused`` for typed names."""
    kommun = setting_in(cur, "hemkommun") or DEFAULT_HOME
    problems = ProblemList(file or "")

    def error(entry: NewDistrict, message: str, column: str | None = None) -> None:
        if file is None:
            problems.error(message)
        else:
            problems.error(message, row=entry.row, column=column or entry.name_column, sheet=entry.sheet)

    if not entries:
        problems.error("inga stadsdelar att lägga till; skriv minst ett namn.")
    if len(entries) > MAX_DISTRICTS:
        problems.error(f"{len(entries)} stadsdelar är fler än någon kommun har (högst {MAX_DISTRICTS} åt gången).")
    known = _known_names(cur, kommun)
    taken = {r[0] for r in cur.execute("SELECT code FROM areas").fetchall()}
    count = cur.execute("SELECT count(*) FROM areas WHERE level = ? AND parent = ?", [DISTRICT, kommun]).fetchone()[0]
    mapped = dict(cur.execute("SELECT m.area_code, coalesce(a.name, m.district) FROM area_mappings m "
                              "LEFT JOIN areas a ON a.code = m.district").fetchall())
    seen: dict[str, str] = {}
    claimed: dict[str, str] = {}
    out: list[Planned] = []
    for entry in entries[:MAX_DISTRICTS]:
        name, why = _name_problem(entry.name)
        if why:
            error(entry, why)
            continue
        key = area_key(name)
        stem = _genitive(key)
        hit = known.get(key) or (known.get(stem) if stem else None)
        if hit is not None:
            other, level = hit
            if level == DISTRICT:
                error(entry, f"«{name}» finns redan som stadsdel («{other}»).")
            else:
                error(entry, f"«{name}» kan förväxlas med {_LEVEL_WORDS.get(level, 'området')} «{other}»: filer med "
                             "värden skulle inte kunna skilja dem åt. Välj ett annat namn.")
            continue
        if key in seen:
            error(entry, f"«{name}» står två gånger (som «{seen[key]}»; stora och små bokstäver, bindestreck "
                         "och parenteser räknas inte).")
            continue
        seen[key] = name
        bad = False
        for i, area in enumerate(entry.areas):
            why = _code_problem(area, kommun)
            if why is None and area in mapped:
                why = (f"«{area}» hör redan till stadsdelen «{mapped[area]}»; ändra den kopplingen under "
                       "Skolor och delområden.")
            if why is None and claimed.get(area, name) != name:
                why = f"«{area}» står redan vid stadsdelen «{claimed[area]}»; ett område hör till en stadsdel."
            if why:
                error(entry, why, entry.area_columns[i] if i < len(entry.area_columns) else "RegSO/DeSO")
                bad = True
            else:
                claimed[area] = name
        if bad:
            continue
        code = _free_code(kommun, name, taken, count + len(out) + 1)
        taken.add(code)
        out.append(Planned(code, name, tuple(dict.fromkeys(entry.areas))))
    if problems.counts["fel"]:
        if file is not None:
            problems.raise_if_errors()
        raise DistrictsRefused([p.message for p in problems.errors], problems.counts["fel"])
    return Plan(kommun, out)


def _free_code(kommun: str, name: str, taken: set[str], number: int) -> str:
    """``{kommun}-{SLUG}`` («0583-CENTRUM»), or a running number for a name without letters a
    code can hold; never a code an area already has."""
    base = slug(name, "-", limit=_CODE_CHARS).strip("-").upper()
    if base:
        code, n = f"{kommun}-{base}", 2
        while code in taken:
            code, n = f"{kommun}-{base}-{n}", n + 1
        return code
    while f"{kommun}-{number:03d}" in taken:
        number += 1
    return f"{kommun}-{number:03d}"


# ---------------------------------------------------------------------------- writing


def add_districts(con: duckdb.DuckDBPyConnection, names: Sequence[str], *, who: str | None) -> int:
    """Add districts of the home kommun by name, in one transaction; returns the event id.
    DistrictsRefused (Swedish) when any name cannot be one, and then nothing is written."""
    return add(con, [NewDistrict(n) for n in names], who=who)


def add(con: duckdb.DuckDBPyConnection, entries: Sequence[NewDistrict], *, who: str | None,
        file: str | None = None) -> int:
    """Check and add districts (and map their RegSO/DeSO areas) in one transaction; the event id."""
    with transaction(con) as cur:
        return write(cur, plan(cur, entries, file=file), who=who)


def write(cur: duckdb.DuckDBPyConnection, planned: Plan, *, who: str | None, map_areas: bool = True) -> int:
    """Inside the caller's transaction: the districts and their names, the RegSO/DeSO areas the
    store lacks, the default district if there was none, one ``districts`` event, and (with
    ``map_areas``) one mapping event after it for the areas. Returns the districts event's id."""
    kommun = planned.kommun
    order = cur.execute("SELECT coalesce(max(sort_order), -1) + 1 FROM areas WHERE level = ?", [DISTRICT]).fetchone()[0]
    for n, district in enumerate(planned.districts):
        cur.execute("INSERT INTO areas VALUES (?, ?, ?, ?, FALSE, ?, NULL)",
                    [district.code, district.name, DISTRICT, kommun, order + n])
        cur.execute("INSERT INTO area_names VALUES (?, ?)", [district.name, district.code])
        for area in district.areas:  # a RegSO/DeSO the store lacks, so it can be mapped and fetched
            cur.execute("INSERT INTO areas VALUES (?, ?, ?, ?, FALSE, 100000, NULL) ON CONFLICT DO NOTHING",
                        [area, area, REGSO if REGSO_CODE.match(area) else DESO, kommun])
    default = setting_in(cur, "standardomrade")
    has_default = default is not None and cur.execute(
        "SELECT count(*) FROM areas WHERE code = ? AND level = ?", [default, DISTRICT]).fetchone()[0] > 0
    if planned.districts and not has_default:
        cur.execute("INSERT OR REPLACE INTO settings VALUES ('standardomrade', ?)", [planned.districts[0].code])
    names = [d.name for d in planned.districts]
    shown = ", ".join(names[:5]) + (f" och {len(names) - 5} till" if len(names) > 5 else "")
    summary = f"La till stadsdelen {shown}" if len(names) == 1 else f"La till {len(names)} stadsdelar: {shown}"
    codes = [a for d in planned.districts for a in d.areas]
    # the areas' names as the store has them (SCB's labels from init), so a rebuild keeps them
    labels = dict(cur.execute("SELECT code, name FROM areas WHERE list_contains(?, code) AND name <> code",
                              [codes]).fetchall()) if codes else {}
    event_id = log_event(cur, KIND, summary, {"kommun": kommun, "districts": [
        {"code": d.code, "name": d.name, "areas": list(d.areas)} for d in planned.districts],
        **({"area_names": labels} if labels else {})}, who=who, values_count=len(names))
    if map_areas and planned.mappings:
        _set_mappings(cur, planned.mappings, who)
    return event_id


def replay(cur: duckdb.DuckDBPyConnection, payload: dict, who: str | None) -> int:
    """A ``districts`` event again, inside the caller's transaction: the same names (checked as
    on the first day) with the codes they got then. The areas' mappings are the mapping event
    that follows in the history, so they are not made here."""
    checked = plan(cur, [NewDistrict(d["name"]) for d in payload["districts"]])
    if payload.get("kommun", checked.kommun) != checked.kommun:
        raise PanelError(f"Stadsdelarna hör till kommunen {payload['kommun']}, men databasen är för "
                         f"kommunen {checked.kommun}.")
    taken = {r[0] for r in cur.execute("SELECT code FROM areas").fetchall()}
    again = []
    for given, district in zip(payload["districts"], checked.districts, strict=True):
        if given["code"] in taken:
            raise PanelError(f"Koden «{given['code']}» för stadsdelen «{district.name}» finns redan.")
        taken.add(given["code"])
        again.append(Planned(given["code"], district.name, tuple(given.get("areas") or ())))
    for code, name in (payload.get("area_names") or {}).items():
        cur.execute("INSERT INTO areas VALUES (?, ?, ?, ?, FALSE, 100000, NULL) ON CONFLICT DO NOTHING",
                    [code, name, REGSO if REGSO_CODE.match(code) else DESO, checked.kommun])
    return write(cur, Plan(checked.kommun, again), who=who, map_areas=False)


# ---------------------------------------------------------------------------- reading a file


def read_file(data: bytes, file_name: str) -> tuple[str, list[NewDistrict]]:
    """(the file's cleaned name, the districts it names) from a CSV (semicolon or comma, UTF-8
    or Latin-1) or xlsx with a column «Stadsdel» (or «Namn»/«Område») and optional columns
    «RegSO» and «DeSO» (codes separated by commas). The shared reader's limits apply (size, zip
    checks). ImportFailed (Swedish, naming file, sheet, row and column) for a file that cannot
    be read; nothing is written."""
    workbook = read_document(data, file_name)
    found = _find_table(workbook)
    if found is None and workbook.is_csv:
        # a semicolon file whose code cells hold more commas than its lines hold semicolons
        retry = read_document(data, file_name, delimiter=";")
        found = _find_table(retry)
    problems = ProblemList(workbook.file_name)
    data_sheets(workbook, problems)
    problems.raise_if_errors()
    if found is None:
        problems.error("rubrikraden ska ha en kolumn «Stadsdel» (eller «Namn» eller «Område») och kan ha "
                       "kolumnerna «RegSO» och «DeSO» med koder.")
        problems.raise_if_errors()
    sheet, label, header = found  # type: ignore[misc]
    entries = _read_rows(sheet, label, header, problems)
    if not entries and not problems.counts["fel"]:
        problems.error("filen innehåller inga stadsdelar under rubrikraden.", sheet=label)
    problems.raise_if_errors()
    return workbook.file_name, entries


def _find_table(workbook: Workbook) -> tuple[Sheet, str | None, Header] | None:
    """The first visible sheet with the header row, its label and header (None when none has it)."""
    for sheet, label in data_sheets(workbook, ProblemList(workbook.file_name)):
        header = find_header(sheet, {"name": NAME_COLUMNS}, AREA_COLUMNS)
        if header is not None:
            return sheet, label, header
    return None


def _read_rows(sheet: Sheet, label: str | None, header: Header, problems: ProblemList) -> list[NewDistrict]:
    cols = header.columns
    entries: list[NewDistrict] = []
    for r in data_rows(sheet, header.row + 1):
        cell = sheet.cell(r, cols["name"])
        if is_blank(cell) and all(is_blank(sheet.cell(r, c)) for c in cols.values()):
            continue  # a row with only notes beside the table
        try:
            raw = cell if isinstance(cell, str) else parse_name(cell)  # text as written: its control characters count
        except CellError as exc:
            problems.error(f"{exc}.", sheet=label, row=r + 1, column=header.label(cols["name"]))
            continue
        areas: list[str] = []
        columns: list[str] = []
        for key in AREA_COLUMNS:
            if key in cols:
                for part in _SEPARATORS.split(cell_text(sheet.cell(r, cols[key]))):
                    code = part.split("_")[0].strip().upper()  # SCB's «0583R001_RegSO2025» too
                    if code:
                        areas.append(code)
                        columns.append(header.label(cols[key]))
        entries.append(NewDistrict(raw or "", tuple(areas), r + 1, label, header.label(cols["name"]), tuple(columns)))
    return entries


# ---------------------------------------------------------------------------- for the page and the command line


def plan_names(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> Plan:
    """Check typed names against the store without writing (the page's preview)."""
    cur = con.cursor()
    try:
        return plan(cur, [NewDistrict(n) for n in names])
    finally:
        cur.close()


def plan_file(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str) -> Plan:
    """Read a file and check it against the store without writing (the page's preview)."""
    name, entries = read_file(data, file_name)
    cur = con.cursor()
    try:
        return plan(cur, entries, file=name)
    finally:
        cur.close()


def add_file(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, *, who: str | None) -> int:
    """Add the districts a file names, all or nothing; the event id."""
    name, entries = read_file(data, file_name)
    return add(con, entries, who=who, file=name)


def names_from_text(text: str) -> list[str]:
    """One name a line, blank lines left out (the page's text area)."""
    return [line for line in text.splitlines() if line.strip()]


def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders stadsdelar --lagg-till NAMN … | --fil FIL``: one line on success,
    Swedish lines on stderr and exit 2 when nothing was written."""
    from . import outcome  # late: the command line's own wording
    from .store import connect

    try:
        if args.fil is not None:
            path = Path(args.fil)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise DistrictsRefused([f"Filen «{path}» kan inte läsas ({exc.strerror or type(exc).__name__})."]) from None
        con = connect(db)
        try:
            event = (add_file(con, data, path.name, who="kommandorad") if args.fil is not None
                     else add_districts(con, args.lagg_till, who="kommandorad"))
            added = con.execute("SELECT payload FROM events WHERE event_id = ?", [event]).fetchone()[0]
        finally:
            con.close()
    except DistrictsRefused as exc:
        print(f"{exc.title}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        print("Inget har ändrats i databasen.", file=sys.stderr)
        return 2
    except PanelError as exc:
        return outcome.failed(exc)
    made = json.loads(added)["districts"]
    print(f"{len(made)} stadsdelar tillagda (händelse {event}):")
    for d in made:
        print(f"  {d['code']}  {d['name']}" + (f"  ({', '.join(d['areas'])})" if d["areas"] else ""))
    return 0


def current(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The home kommun's districts as they are, with the RegSO/DeSO mapped to each (the page
    shows them above the new ones, Swedish column names)."""
    cur = con.cursor()
    try:
        kommun = setting_in(cur, "hemkommun") or DEFAULT_HOME
        rows = cur.execute("""
            SELECT a.name, a.code, coalesce(string_agg(m.area_code, ', ' ORDER BY m.area_code)
                                            FILTER (WHERE a2.level IN (?, ?)), '')
            FROM areas a LEFT JOIN area_mappings m ON m.district = a.code LEFT JOIN areas a2 ON a2.code = m.area_code
            WHERE a.level = ? AND coalesce(a.parent, ?) = ?
            GROUP BY a.name, a.code, a.sort_order ORDER BY a.sort_order, a.name""",
                           [REGSO, DESO, DISTRICT, kommun, kommun]).fetchall()
    finally:
        cur.close()
    return [{"Stadsdel": name, "Kod": code, "RegSO/DeSO": areas} for name, code, areas in rows]
