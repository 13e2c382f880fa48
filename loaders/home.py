"""The kommun a store is for, and a new store set up for any kommun.

The panel was made for Linköping, and its bundled data/ stays Linköping's. Yet dozens of
kommuner follow action plans against segregation the same way, so nothing kommun-specific
lives in the code: the home kommun is the store's setting ``hemkommun``, its name is its
area's name, and every chart, file and page takes them from there (``home_of``).

``python -m loaders init --kommun 0583`` makes a store for Motala: riket, all län and
kommuner, the catalogue's indicators, its districts from SCB's RegSO areas when the network
allows (otherwise none until an editor adds them by name or by a file, ``loaders.districts``,
and the note says how), and example values for
them, labelled as example data as everywhere. Nothing of Linköping's comes along.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import geography
from .domain import DEVELOPMENT_AREAS, KOMMUN, RIKET_CODE
from .errors import PanelError
from .reading import EXAMPLE_MARKER
from .store import DATA_DIR, DEFAULT_HOME, connect, load_reference_files, setting, transaction

_VOWELS = "aeiouyåäö"
# Example values: the catalogue's indicators a new panel shows first, with a plausible level
# and yearly drift (invented, like all example data; only their scale is realistic).
EXAMPLE_SET: dict[str, tuple[float, float, int]] = {
    "forsorjningsstod_andel": (4.0, -0.1, 1), "meritvarde_ak9": (225.0, 1.0, 1),
    "valdsbrott_per_1000": (9.0, 0.1, 1), "forvarvsfrekvens": (78.0, 0.3, 1), "otrygghet_andel": (25.0, -0.3, 0),
}
EXAMPLE_YEARS = tuple(range(2018, 2025))


@dataclass(frozen=True)
class Home:
    """The home kommun: its code, and its name as charts and files say it («Motala kommun»)."""

    code: str
    name: str
    areas: tuple[tuple[int, str], ...] = tuple(DEVELOPMENT_AREAS.items())  # the plan's development areas

    @property
    def development_areas(self) -> dict[int, str]:
        return dict(self.areas)

    @property
    def genitive(self) -> str:
        """«Motala kommuns»: for «i Motala kommuns åtgärdsplan»."""
        return self.name if self.name.endswith("s") else self.name + "s"

    @property
    def producer(self) -> str:
        """The line every chart, slide and file ends with."""
        return f"Indikatorpanelen, {self.name}"


def bundled_home() -> str:
    """The kommun data/ was made for (its installningar.csv): Linköping, as shipped."""
    from .store import bundled_settings

    return bundled_settings()["hemkommun"]


def official_name(code: str) -> str:
    """A kommun's name as it calls itself: «Linköpings kommun», «Motala kommun», «Falu kommun»."""
    if code in geography.OFFICIAL_NAMES:
        return geography.OFFICIAL_NAMES[code][0]
    short = geography.kommun_name(code)
    if short[-1:].lower() in _VOWELS or short.endswith(("s", "x", "z")):
        return f"{short} kommun"
    return f"{short}s kommun"


def home_of(con: duckdb.DuckDBPyConnection) -> Home:
    """The store's home kommun, named as its area is named in the store, with its plan's
    development areas (settings «utvecklingsomrade_N», else the defaults)."""
    code = setting(con, "hemkommun", DEFAULT_HOME) or DEFAULT_HOME
    cur = con.cursor()
    try:
        row = cur.execute("SELECT name FROM areas WHERE code = ?", [code]).fetchone()
        named = dict(cur.execute("SELECT key, value FROM settings WHERE key LIKE 'utvecklingsomrade_%'").fetchall())
    finally:
        cur.close()
    return Home(code, row[0] if row else official_name(code), development_area_names(named))


def development_area_names(settings: dict[str, str]) -> tuple[tuple[int, str], ...]:
    """The five areas' names: a setting «utvecklingsomrade_4» overrides the default of area 4."""
    return tuple((n, settings.get(f"utvecklingsomrade_{n}") or name) for n, name in DEVELOPMENT_AREAS.items())


@dataclass
class Setup:
    """What ``init`` made, and what the editor should do next."""

    home: Home
    districts: list[tuple[str, str]]   # (district code, name)
    notes: list[str]


def init(db: Path, kommun: str, *, fetch_districts: bool = True,
         progress: Callable[[str], None] | None = None) -> Setup:
    """A new store at ``db`` for ``kommun``; refused if ``db`` exists (nothing is overwritten)."""
    code = kommun.strip().zfill(4)
    if code not in {a.code for a in geography.sweden() if a.level == KOMMUN}:
        raise PanelError(f"«{kommun}» är ingen kommunkod (fyra siffror, t.ex. 0583 för Motala).")
    db = Path(db)
    if db.exists():
        raise PanelError(f"Databasen {db} finns redan; välj en ny fil med --db eller INDIKATORPANEL_DB.")
    say = progress or (lambda _text: None)
    home = Home(code, official_name(code))
    notes: list[str] = []
    areas: list[tuple[str, str]] = []
    if fetch_districts:
        say(f"Hämtar {home.genitive} RegSO-områden från SCB …")
        try:
            areas = regso_areas(code)
        except PanelError as exc:
            notes.append(f"Stadsdelarna kunde inte hämtas från SCB ({exc.message.rstrip('.')}).")
    if not areas:
        notes.append("Panelen har inga stadsdelar ännu. Lägg till dem på sidan Administration › Områden och "
                     "grupper › Lägg till stadsdelar, med namn eller från en fil (kolumnen «Stadsdel», och gärna "
                     "«RegSO»/«DeSO» med områdena som hör till varje stadsdel), eller med "
                     '`python -m loaders stadsdelar --lagg-till "Centrum" "Ljunga"` eller `--fil FIL`. Eller skapa '
                     f"databasen igen när nätet når SCB (`python -m loaders init --kommun {code} --db NY.duckdb`): "
                     "kommunens RegSO-områden blir då stadsdelar. Kommunens, rikets och jämförelsekommunernas "
                     "värden går att hämta och importera redan nu.")
    con = connect(db)
    try:
        load_reference_files(con, DATA_DIR, home=code, home_name=home.name)
        districts = _add_districts(con, code, areas)
        if districts:
            say("Skapar exempelvärden för stadsdelarna …")
            _import_examples(con, home, districts)
            notes.append(f"{len(districts)} stadsdelar från SCB:s RegSO-indelning; exempelvärden (påhittade) visas "
                         "tills verkliga värden importeras eller hämtas.")
    except BaseException:
        con.close()
        db.unlink(missing_ok=True)
        raise
    con.close()
    return Setup(home, districts, notes)


REGSO_CODELIST = "vs_RegSO2025"


def regso_areas(kommun: str) -> list[tuple[str, str]]:
    """(RegSO code, SCB's label) of a kommun's RegSO areas, from SCB's codelist of the current
    division (``/codelists/vs_RegSO2025``, codes ``0583R001_RegSO2025``). Raises ScbError (Swedish)
    within about the SCB budget when the network is down."""
    from urllib.parse import quote

    from . import scb_api  # late: only init talks to the network
    from .http_json import JsonClient, guarded

    base = scb_api.base_url()
    client = JsonClient(base, scb_api.budget(), scb_api.SERVICE)
    try:
        doc = guarded(lambda c: c.get(f"{base}/codelists/{quote(REGSO_CODELIST, safe='')}?lang=sv"), client)
    finally:
        client.close()
    values = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise scb_api.ScbError(f"SCB:s värdemängd «{REGSO_CODELIST}» har inte den väntade formen (ingen lista «values»).")
    out: list[tuple[str, str]] = []
    for item in values:
        code = str(item.get("code") or "").split("_")[0] if isinstance(item, dict) else ""
        if code.startswith(kommun + "R"):
            out.append((code, " ".join(str(item.get("label") or code).split())))
    return sorted(out)


def _add_districts(con: duckdb.DuckDBPyConnection, kommun: str,
                   areas: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One district per RegSO area, the RegSO mapped to it (so SCB's values become district
    values). Written as the ``districts`` and ``mapping`` events an editor's additions are, so
    ``python -m loaders build`` gives this kommun's store back from its history."""
    from . import districts  # late: districts reads files through the loaders

    planned = districts.Plan(kommun, [districts.Planned(f"{kommun}-{regso[5:]}", _district_name(label), (regso,))
                                      for regso, label in areas])
    if not planned.districts:
        return []
    with transaction(con) as cur:
        for regso, label in areas:  # SCB's label on the area before the event adds it by code
            cur.execute("INSERT OR REPLACE INTO areas VALUES (?, ?, 'regso', ?, FALSE, 100000, NULL)",
                        [regso, label, kommun])
        districts.write(cur, planned, who="init")
    return [(d.code, d.name) for d in planned.districts]


def _district_name(label: str) -> str:
    """SCB labels a RegSO «Motala (Centrum)» or «Centrum»: the district is «Centrum»."""
    text = label.strip()
    if text.endswith(")") and "(" in text:
        return text[text.index("(") + 1:-1].strip() or text
    return text


def _import_examples(con: duckdb.DuckDBPyConnection, home: Home, districts: Sequence[tuple[str, str]]) -> None:
    """Invented values for the districts, the kommun and riket, through the template loader, so
    they carry the example marker and every page says they are example data."""
    from .importer import import_bytes  # late: importer pulls in every loader

    rng = random.Random(f"indikatorpanelen-exempel-{home.code}")
    rows = [[EXAMPLE_MARKER], ["Indikator", "Område", "År", "Kön", "Värde"]]
    areas = [(code, 1.0 + rng.uniform(-0.35, 0.6)) for code, _ in districts] + [(home.code, 1.0), (RIKET_CODE, 0.95)]
    for indicator, (level, drift, decimals) in EXAMPLE_SET.items():
        for area, factor in areas:
            for n, year in enumerate(EXAMPLE_YEARS):
                value = (level + drift * n) * factor * (1 + rng.uniform(-0.04, 0.04))
                if level < 100:  # a share: never above 100 %
                    value = min(value, 96.0)
                rows.append([indicator, area, year, "Totalt", f"{value:.{decimals}f}".replace(".", ",")])
    buffer = io.StringIO()
    for row in rows:
        buffer.write(";".join(str(c) for c in row) + "\n")
    import_bytes(con, buffer.getvalue().encode("utf-8"), f"exempel_{home.code}.csv", "mall", who="init")


def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders init --kommun CODE``: exit 2 with a Swedish line when it cannot."""
    try:
        made = init(db, args.kommun, fetch_districts=not args.utan_natverk,
                    progress=lambda text: print(text, file=sys.stderr))
    except PanelError as exc:
        print(f"{exc.title}: {exc.message}", file=sys.stderr)
        return 2
    print(f"Databasen {db} är skapad för {made.home.name} ({made.home.code}).")
    for note in made.notes:
        print(note)
    return 0
