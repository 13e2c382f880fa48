"""«Distriktsindikatorer från SCB»: one action that fetches a curated set of SCB's RegSO tables
for the home kommun, with the shares computed from SCB's own counts.

Why a set of its own rather than ``python -m loaders scb TABLE`` four times: the generic fetch
keeps every combination as SCB publishes it (the number employed and the number of everyone,
each level of education), while the panel follows shares. Here each share is computed from the
counts in the same table, and the counts are kept as numerator and denominator, so the 95 %
intervals work and a district made of several RegSO or DeSO areas gets a population-weighted
value from the store's view (``loaders/schema.py``, ``derived_observations``).

The answers are saved as ONE document holding every table as SCB sent it; the import archives
that document and this module's ``load`` reads it, so a rebuild replays the import without the
network and computes the same shares. Which tables, variables and codes, and why, is in
``docs/scb_distriktstabeller.md`` (checked against SCB's metadata).

Divisions: SCB lists RegSO up to 2023 under plain codes (``0580R001``) and from 2024 under the
2025 division (``0580R001_RegSO2025``) and does not recompute past years. Both are read as one
area; the indicator's definition says which division each year comes from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import scb_api
from .domain import DESO, MISSING, REGSO, RIKET_CODE, SUPPRESSED
from .errors import PanelError, ProblemList
from .model import AREA_COLUMNS, INDICATOR_COLUMNS, Batch, Reference, observations_frame
from .reading import MAX_FILE_BYTES, Workbook

KIND = "scb_distrikt"
TITLE = "Distriktsindikatorer från SCB"
SOURCE = "SCB, Statistikdatabasen"
DIVISIONS = ("Områden: SCB:s RegSO-indelning 2020 för åren till och med 2023 och RegSO 2025 från 2024 "
             "(SCB räknar inte om tidigare år på den nya indelningen).")
SEX_CODES = {"1+2": "totalt", "2": "kvinnor", "1": "män"}


@dataclass(frozen=True)
class Formula:
    """How one indicator is read from its tables: the codes of ``over`` summed for the value (or
    the share's numerator), and for its base. ``given_share``: the value codes hold the share
    itself (SCB published it) and the base codes the number of persons it is a share of."""

    over: str
    value: tuple[str, ...]
    base: tuple[str, ...] = ()
    given_share: bool = False

    @property
    def share(self) -> bool:
        return bool(self.base)


@dataclass(frozen=True)
class DistrictIndicator:
    """One indicator of the set: the catalogue's when it measures the same thing, else a new one
    under SCB's wording."""

    indicator_id: str
    name: str
    unit: str
    decimals: int
    direction: str
    development_area: int
    definition: str
    tables: Mapping[str, Mapping[str, tuple[str, ...]]]   # table id -> variable -> codes asked for
    formula: Formula
    in_catalogue: bool = False


SET: tuple[DistrictIndicator, ...] = (
    DistrictIndicator(
        "forvarvsfrekvens", "Förvärvsfrekvens 20–64 år", "%", 1, "högre", 2,
        "Andel av befolkningen 20–64 år som är sysselsatta enligt SCB:s befolkningens arbetsmarknadsstatus "
        "(BAS), räknad ur antal sysselsatta och antal totalt (TAB6680). " + DIVISIONS,
        {"TAB6680": {"Kon": ("1+2", "2", "1"), "Alder": ("20-64",), "ContentsCode": ("0000089X", "0000089Y")}},
        Formula("ContentsCode", ("0000089X",), ("0000089Y",)), in_catalogue=True),
    DistrictIndicator(
        "lag_ekonomisk_standard", "Låg ekonomisk standard", "%", 0, "lägre", 2,
        "Andel personer i hushåll med en disponibel inkomst per konsumtionsenhet under 60 % av medianen "
        "i riket, alla åldrar, helårshushåll (SCB, TAB6685). " + DIVISIONS,
        {"TAB6685": {"Alder": ("tot",), "ContentsCode": ("000008AC", "000008AE")}},
        Formula("ContentsCode", ("000008AC",), ("000008AE",), given_share=True)),
    DistrictIndicator(
        "eftergymnasial_utbildning", "Eftergymnasial utbildning 25–64 år", "%", 1, "högre", 3,
        "Andel av befolkningen 25–64 år (från 2023 25–65 år, höjd pensionsålder) med eftergymnasial "
        "utbildning, kortare eller längre än tre år, av alla i åldern inklusive dem utan uppgift om "
        "utbildning (SCB, TAB5956 till och med 2023, TAB6534 från 2024). " + DIVISIONS,
        {"TAB5956": {"UtbildningsNiva": ("21", "3+4", "5", "6", "US"), "ContentsCode": ("000005MO",)},
         "TAB6534": {"UtbildningsNiva": ("21", "3+4", "5", "6", "US"), "ContentsCode": ("000007Z6",)}},
        Formula("UtbildningsNiva", ("5", "6"), ("21", "3+4", "5", "6", "US"))),
    DistrictIndicator(
        "folkmangd", "Folkmängd", "antal invånare", 0, "neutral", 4,
        "Antal folkbokförda invånare den 31 december (SCB, TAB6574). " + DIVISIONS,
        {"TAB6574": {"Alder": ("totalt",), "Kon": ("1+2", "2", "1"), "ContentsCode": ("000007Y7",)}},
        Formula("ContentsCode", ("000007Y7",))),
)


def tables() -> dict[str, dict[str, list[str]]]:
    """Every table of the set with its narrowing, in the order they are fetched."""
    return {table: {var: list(codes) for var, codes in narrow.items()}
            for spec in SET for table, narrow in spec.tables.items()}


# ----------------------------------------------------------------------------- fetching

def fetch(home: str, *, deso: bool = False,
          progress: Callable[[int, int, str], None] | None = None) -> tuple[bytes, str, list[str]]:
    """Every table of the set for ``home``'s RegSO areas, the kommun and riket, as ONE document;
    with ``deso`` its DeSO areas too (for districts an editor built from DeSO areas).

    Raises ScbError (Swedish) on the first table that fails; nothing is kept of the others, so
    an import is all of the set or nothing."""
    wanted = tables()
    steps = [(table, narrow, level) for level in ((False, True) if deso else (False,))
             for table, narrow in wanted.items()]
    documents: dict[str, dict[str, dict]] = {"tables": {}, "deso": {}}
    notes: list[str] = []
    for n, (table, narrow, level) in enumerate(steps, start=1):
        if progress is not None:
            progress(n - 1, len(steps), f"Hämtar {table}{' (DeSO)' if level else ''} från SCB ({n} av {len(steps)}) …")
        part = "deso" if level else "tables"
        documents[part][table], table_notes = scb_api.fetch_document(table, [home], deso=level, narrow=narrow)
        notes.extend(table_notes)
    if progress is not None:
        progress(len(steps), len(steps), "Klart.")
    bundle = {"indikatorpanelen": {"kind": KIND, "title": TITLE, "source": SOURCE, "api": scb_api.base_url(),
                                   "kommun": home, "tables": list(wanted), "deso": deso,
                                   "fetched": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")},
              **documents}
    data = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise scb_api.ScbError(f"svaren från SCB blev större än {MAX_FILE_BYTES // 2**20} MB.")
    return data, file_name(home), list(dict.fromkeys(notes))


def deso_mapped(ref: Reference) -> bool:
    """Whether a district is built from DeSO areas: then the set is fetched for DeSO too, by default."""
    deso = set(ref.areas.loc[ref.areas["level"] == DESO, "code"])
    return bool(deso & set(ref.mappings["area_code"]))


def file_name(home: str) -> str:
    return f"scb_distriktsindikatorer_{home}.json"


def is_bundle(document: object) -> bool:
    """Whether a JSON document is this set as ``fetch`` saved it (detected without a kind)."""
    head = document.get("indikatorpanelen") if isinstance(document, dict) else None
    return isinstance(head, dict) and head.get("kind") == KIND


# ----------------------------------------------------------------------------- reading

@dataclass
class _Rows:
    """Observations and new RegSO areas collected from the tables, checked as they come."""

    ref: Reference
    home: str
    records: list[dict] = field(default_factory=list)
    new_areas: dict[str, tuple[str, str]] = field(default_factory=dict)   # code -> (name, level)
    notes: list[str] = field(default_factory=list)


def load(workbook: Workbook, ref: Reference) -> Batch:
    """The set's document to observations: a share per area, year and kön with its counts."""
    problems = ProblemList(workbook.file_name)
    doc = workbook.document
    if not is_bundle(doc) or not isinstance(doc.get("tables"), dict):
        problems.error(f"filen är inte «{TITLE}» som panelen sparar dem (ingen del «indikatorpanelen» "
                       f"med kind {KIND} och «tables»).")
        problems.raise_if_errors()
    home = str(doc["indikatorpanelen"].get("kommun") or ref.home)
    rows = _Rows(ref, home)
    deso = doc.get("deso") if isinstance(doc.get("deso"), dict) else {}
    for spec in SET:
        for table in spec.tables:
            if table not in doc["tables"] or (deso and table not in deso):
                problems.error(f"tabellen {table} saknas i filen; hämta «{TITLE}» igen.", sheet=table)
                continue
            try:
                _read_table(rows, spec, table, doc["tables"][table], REGSO)
                if deso:
                    _read_table(rows, spec, table, deso[table], DESO)
            except PanelError as exc:
                problems.error(exc.message, sheet=table)
    problems.raise_if_errors()
    _kommun_sums(rows)
    indicators = pd.DataFrame([_indicator_row(s) for s in SET if not s.in_catalogue
                               or s.indicator_id not in set(ref.indicators["indicator_id"])],
                              columns=INDICATOR_COLUMNS)
    areas = pd.DataFrame([{"code": c, "name": n, "level": lvl, "parent": home}
                          for c, (n, lvl) in rows.new_areas.items()], columns=AREA_COLUMNS)
    for level, word in ((REGSO, "RegSO"), (DESO, "DeSO")):
        if n_new := int((areas["level"] == level).sum()):
            rows.notes.append(f"{n_new} nya {word}-områden lades till; koppla dem till stadsdelar under "
                              "Områden och grupper om de ska ingå i en stadsdel.")
    observations = observations_frame(rows.records)
    # each value names its own table, so a chart's source line says where that indicator comes from
    observations["source"] = [f"{SOURCE} ({r['source_sheet']})" for r in rows.records]
    batch = Batch(KIND, workbook.file_name, workbook.checksum, False, observations=observations,
                  indicators=indicators, areas=areas, notes=list(dict.fromkeys(rows.notes)),
                  source=f"{SOURCE} ({', '.join(doc['tables'])})")
    batch.warnings = problems.warnings
    return batch


def _indicator_row(spec: DistrictIndicator) -> dict:
    return {"indicator_id": spec.indicator_id, "name": spec.name, "unit": spec.unit, "decimals": spec.decimals,
            "direction": spec.direction, "development_area": spec.development_area, "source": SOURCE,
            "definition": spec.definition}


def _read_table(rows: _Rows, spec: DistrictIndicator, table: str, document: object, level: str) -> None:
    """One table's cells, grouped by area, year and kön, through the indicator's formula. The
    RegSO answer gives the RegSO areas, the kommun and riket; the DeSO answer its DeSO areas only."""
    ids, labels, cells = scb_api.dataset_cells(document, table)
    f = spec.formula
    for var in ("Region", "Tid", f.over):
        if var not in ids:
            raise PanelError(f"tabellen {table} saknar variabeln «{var}»; SCB kan ha ändrat tabellen.")
    region, time, over = ids.index("Region"), ids.index("Tid"), ids.index(f.over)
    sex = ids.index("Kon") if "Kon" in ids else None
    groups: dict[tuple[str, int, str], dict[str, tuple[object, str | None]]] = defaultdict(dict)
    for key, cell in cells.items():
        area = _area(rows, key[region], labels["Region"].get(key[region], key[region]), level)
        year = _year(key[time], table)
        if area is None:
            continue
        kon = SEX_CODES.get(key[sex], "") if sex is not None else "totalt"
        if not kon:
            raise PanelError(f"tabellen {table} har ett okänt kön «{key[sex]}».")
        groups[(area, year, kon)][key[over]] = cell
    for (area, year, kon), found in sorted(groups.items()):
        rows.records.append({"indicator_id": spec.indicator_id, "area_code": area, "year": year, "sex": kon,
                             **_compute(f, found), "source_sheet": table})


def _area(rows: _Rows, code: str, label: str, level: str) -> str | None:
    """The store's area for SCB's region code: the kommun, riket or one of its RegSO (or, in the
    DeSO answer, DeSO) areas, both divisions read as one area; None for anything else."""
    plain = code.split("_")[0]
    if level == REGSO and plain in (rows.home, RIKET_CODE):
        return plain
    if re.fullmatch(rf"{re.escape(rows.home)}{'R' if level == REGSO else '[ABC]'}\d{{3,4}}", plain):
        if rows.ref.level_of(plain) is None:
            rows.new_areas.setdefault(plain, (_area_name(label, plain), level))
        return plain
    return None


def _area_name(label: str, code: str) -> str:
    """SCB's «0580R004 Linköping (Johannelund)» or «Linköping (Johannelund)» as the area's name,
    «Johannelund», as the bundled RegSO areas are named."""
    text = " ".join(label.split()).removeprefix(code).strip()
    if text.endswith(")") and "(" in text:
        text = text[text.index("(") + 1:-1].strip()
    return text or code


def _year(code: str, table: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", code):
        raise PanelError(f"tabellen {table} har tidskoden «{code}», som inte är ett år.")
    return int(code)


def _sum(found: Mapping[str, tuple[object, str | None]], codes: Sequence[str]) -> tuple[float | None, str | None]:
    """The codes' values summed; a missing or suppressed part makes the sum missing, with the
    part's flag (a sum over a suppressed cell is never shown as a number)."""
    total = 0.0
    for code in codes:
        value, symbol = found.get(code, (None, "."))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None, SUPPRESSED if (symbol or "").strip() == ".." else MISSING
        total += float(value)
    return total, None


def _compute(f: Formula, found: Mapping[str, tuple[object, str | None]]) -> dict:
    """Value, flag, numerator and denominator of one area, year and kön."""
    value, flag = _sum(found, f.value)
    if not f.share:
        return {"value": value, "flag": flag, "numerator": None, "denominator": None, "comment": None}
    base, base_flag = _sum(found, f.base)
    if f.given_share:
        return {"value": value, "flag": flag, "numerator": None, "denominator": base, "comment": None}
    if value is None or base is None or base <= 0:
        return {"value": None, "flag": flag or base_flag or MISSING, "numerator": value, "denominator": base,
                "comment": None}
    return {"value": 100.0 * value / base, "flag": None, "numerator": value, "denominator": base, "comment": None}


def _kommun_sums(rows: _Rows) -> None:
    """A kommun value from its RegSO areas where the table has none (TAB6680 lists RegSO and DeSO
    only): the counts of all the kommun's RegSO summed, which cover the kommun. A part without a
    value leaves the kommun without one, flagged, rather than a sum that is too small."""
    have = {(r["indicator_id"], r["year"], r["sex"]) for r in rows.records if r["area_code"] == rows.home}
    parts: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    regso = re.compile(rf"{re.escape(rows.home)}R\d{{3}}$")
    for r in rows.records:
        if regso.match(r["area_code"]):   # the RegSO cover the kommun; DeSO would count it twice
            parts[(r["indicator_id"], r["year"], r["sex"])].append(r)
    summed: dict[str, set[int]] = {}
    for key, found in sorted(parts.items()):
        if key in have:
            continue
        num = [r["numerator"] for r in found]
        den = [r["denominator"] for r in found]
        complete = all(n is not None for n in num) and all(d is not None for d in den) and sum(den) > 0
        flags = {r["flag"] for r in found if r["flag"]}
        rows.records.append({
            "indicator_id": key[0], "area_code": rows.home, "year": key[1], "sex": key[2],
            "value": 100.0 * sum(num) / sum(den) if complete else None,
            "flag": None if complete else (SUPPRESSED if SUPPRESSED in flags else MISSING),
            "numerator": sum(num) if complete else None, "denominator": sum(den) if complete else None,
            "comment": f"Summa av kommunens {len(found)} RegSO-områden (SCB redovisar inte kommunen i tabellen)."
                       if complete else f"Kan inte summeras: {sum(1 for r in found if r['flag'])} av kommunens "
                                        f"{len(found)} RegSO-områden saknar värde.",
            "source_sheet": found[0]["source_sheet"]})
        summed.setdefault(key[0], set()).add(key[1])
    for indicator, years in summed.items():
        name = next(s.name for s in SET if s.indicator_id == indicator)
        rows.notes.append(f"«{name}»: kommunens värde {min(years)}–{max(years)} är summan av dess RegSO-områden; "
                          "SCB redovisar inte kommunen eller riket i den tabellen.")


# ----------------------------------------------------------------------------- command line

def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders scb-distrikt``: fetch with the store closed, then import in one transaction.
    Exit 2 with Swedish lines on stderr and the store unchanged on any failure."""
    from . import outcome
    from .importer import import_bytes
    from .store import StoreDamaged, connect, reference

    db = Path(db)
    try:
        if not db.exists():
            print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
            return 2
        try:  # read-only: a fetch that fails leaves the file byte for byte as it was
            con = connect(db, read_only=True)
        except StoreDamaged:
            con = connect(db)
        try:
            ref = reference(con)
        finally:
            con.close()
        home, deso = ref.home, bool(getattr(args, "deso", False)) or deso_mapped(ref)
        print(f"Hämtar «{TITLE}» för {home}:s RegSO-{'och DeSO-' if deso else ''}områden, kommunen och riket från "
              f"{scb_api.host()} …", file=sys.stderr)
        data, name, notes = fetch(home, deso=deso, progress=lambda _n, _total, text: print(text, file=sys.stderr))
        for note in notes:
            print(note, file=sys.stderr)
        con = connect(db)
        try:
            summary, warnings = import_bytes(con, data, name, KIND, who="kommandorad",
                                             options={KIND: {"kommun": home, "deso": deso,
                                                             "api": scb_api.base_url()}})
        finally:
            con.close()
    except PanelError as exc:
        return outcome.failed(exc)
    return outcome.imported(summary, warnings)
