"""Fetching a table from SCB's Statistikdatabasen (PxWeb API v2), saved as ONE JSON-stat 2.0
document and imported like a downloaded file.

SCB is the one public source of district figures (RegSO and DeSO). The fetch asks, by default,
for the home kommun's RegSO areas, the kommun and riket, every year and every value of the
table's other variables: nothing is summed here, and each combination of tabellinnehåll and
other variables becomes its own indicator in ``loaders.scb`` (the reader for SCB's downloads).
The answers are merged into one document, which is what the import archives, so a fetched
import is replayed by ``python -m loaders build`` without the network.

Why a thin client of our own and not pxwebpy: pxwebpy returns a data frame without the
``status`` symbols (``..`` and the like), and a suppressed value must stay visible as such.

SCB's limits are read from ``/config``: at most ``maxDataCells`` cells per request (a larger
selection is split by region, then by year) and ``maxCallsPerTimeWindow`` calls per
``timeWindow`` seconds (throttled here). A 429 with ``Retry-After`` is waited out. Long
selections go by POST: SCB refuses GET addresses over about 2 000 characters.

Which server: ``INDIKATORPANEL_SCB_URL`` (default ``https://statistikdatabasen.scb.se/api/v2``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import http_json
from .errors import PanelError
from .http_json import JsonClient, RateLimit, Service, guarded
from .reading import MAX_FILE_BYTES

URL_ENV = "INDIKATORPANEL_SCB_URL"
TIMEOUT_ENV = "INDIKATORPANEL_SCB_TIMEOUT"
DEFAULT_URL = "https://statistikdatabasen.scb.se/api/v2"
BUDGET = 20.0                 # seconds one request may take with all its tries
DEFAULT_CELLS = 150_000       # SCB's documented limits, used when /config does not say
DEFAULT_CALLS, DEFAULT_WINDOW = 30, 10.0
TABLE_ID = re.compile(r"^TAB\d{1,6}$", re.I)
RIKET = "00"
_REGSO = r"R\d{3}"
_DESO = r"[ABC]\d{4}"
_SUFFIX = r"(?:_(?:RegSO|DeSO)\d{4})?"


class ScbError(PanelError):
    """SCB could not be reached or answered something unusable; nothing was changed."""

    title = "Hämtningen från SCB misslyckades"


SERVICE = Service("SCB", URL_ENV, DEFAULT_URL, ScbError,
                  not_found_hint="tabellens id (t.ex. TAB5956), och ",
                  bad_request_hint="kontrollera tabellens id och urvalet, eller hämta färre områden eller år.",
                  smaller_hint="hämta färre områden, år eller värden åt gången.")


def base_url() -> str:
    return http_json.base_url(SERVICE)


def host() -> str:
    return http_json.host(SERVICE)


def budget() -> float:
    return http_json.seconds_from_env(TIMEOUT_ENV, BUDGET)


# ----------------------------------------------------------------------------- what a table has

@dataclass(frozen=True)
class Variable:
    """One of a table's variables as its metadata describes it."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: dict[str, str]
    codelists: tuple[str, ...] = ()
    role: str | None = None        # "time", "metric", "geo" or None


@dataclass(frozen=True)
class TableInfo:
    id: str
    title: str
    variables: tuple[Variable, ...]
    updated: str = ""

    def variable(self, role: str) -> Variable | None:
        return next((v for v in self.variables if v.role == role), None)


@dataclass
class Plan:
    """What to ask for: groups of selections (one per codelist in use), each split to fit."""

    table: TableInfo
    regions: list[tuple[str | None, list[str]]]          # (codelist or None, region codes)
    fixed: dict[str, list[str]]                          # other variable -> codes
    notes: list[str] = field(default_factory=list)

    def cells(self) -> int:
        per_region = math.prod(len(c) for c in self.fixed.values())
        return per_region * sum(len(codes) for _, codes in self.regions)


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def parse_metadata(doc: object, table_id: str) -> TableInfo:
    """The variables of a table from its ``/metadata`` answer (JSON-stat 2.0 with extensions)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("dimension"), dict) or not isinstance(doc.get("id"), list):
        raise ScbError(f"SCB:s beskrivning av tabellen {table_id} har inte den väntade formen (JSON-stat 2.0).")
    roles = _roles(doc)
    variables = [_variable(var_id, doc["dimension"].get(var_id), roles, table_id) for var_id in doc["id"]]
    return TableInfo(table_id.upper(), _text(doc.get("label")), tuple(variables), _text(doc.get("updated")))


def _roles(doc: dict) -> dict[str, str]:
    """Variable id -> "time", "metric" or "geo", as the document's ``role`` block says; a block
    that is missing or malformed says nothing (the region is then found by its name)."""
    role = doc.get("role") if isinstance(doc.get("role"), dict) else {}
    return {name: r for r in ("time", "metric", "geo") for name in (role.get(r) or []) if isinstance(name, str)}


def _variable(var_id: object, dim: object, roles: dict[str, str], table_id: str) -> Variable:
    """One variable of the metadata; a variable the document names but does not describe is an
    error, since a selection could not say which of its values to fetch."""
    if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
        raise ScbError(f"variabeln «{var_id}» i tabellen {table_id} beskrivs inte i SCB:s svar.")
    category = dim["category"]
    codes = _category_codes(category)
    labels = {str(k): _text(v) for k, v in (category.get("label") or {}).items()}
    extension = dim.get("extension") if isinstance(dim.get("extension"), dict) else {}
    codelists = tuple(str(c.get("id")) for c in extension.get("codelists") or [] if isinstance(c, dict) and c.get("id"))
    var_role = roles.get(var_id)
    if var_role is None and (var_id.lower() == "region" or _text(dim.get("label")).lower() == "region"):
        var_role = "geo"  # no role given: the region variable is still known by its name
    return Variable(str(var_id), _text(dim.get("label")) or str(var_id), tuple(codes), labels, codelists, var_role)


def _category_codes(category: dict) -> list[str]:
    """A variable's codes in the table's order: JSON-stat allows the index as a code -> position
    object or as a list, and leaves it out when the labels alone list the codes."""
    index = category.get("index")
    if isinstance(index, dict):
        return [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1] if isinstance(kv[1], int) else 0)]
    if isinstance(index, list):
        return [str(c) for c in index]
    return [str(c) for c in (category.get("label") or {})]


def region_codes(codes: Iterable[str], kommun: str, *, deso: bool = False) -> list[str]:
    """The kommun's RegSO (or DeSO) codes among ``codes``, in the table's order."""
    pattern = re.compile(rf"^{re.escape(kommun)}(?:{_DESO if deso else _REGSO}){_SUFFIX}$")
    return [c for c in codes if pattern.match(c)]


def _codelist_values(doc: object, list_id: str) -> list[str]:
    if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
        raise ScbError(f"SCB:s värdemängd «{list_id}» har inte den väntade formen (ingen lista «values»).")
    return [str(v["code"]) for v in doc["values"] if isinstance(v, dict) and isinstance(v.get("code"), str)]


_Regions = list[tuple[str | None, list[str]]]   # (codelist or None, region codes), as in Plan.regions


def plan(info: TableInfo, kommuner: Sequence[str], *, deso: bool = False, years: Sequence[int] | None = None,
         narrow: dict[str, list[str]] | None = None, codelist_values=None) -> Plan:
    """The selections for the first kommun's RegSO (or DeSO) areas, every given kommun and riket.

    ``codelist_values(list_id)`` gives a codelist's codes; it is asked only when the table's own
    region list has no RegSO/DeSO codes (tables from 2024 on keep them in codelists such as
    ``vs_RegSO2025``).
    """
    narrow = {k: list(v) for k, v in (narrow or {}).items()}
    geo = info.variable("geo")
    time = info.variable("time")
    if time is None:
        raise ScbError(f"tabellen {info.id} har ingen tidsvariabel; den kan inte följas över år.")
    fixed = _fixed_codes(info, geo, time, narrow, years)
    regions: _Regions = []
    notes: list[str] = []
    if geo is not None:
        regions, notes = _region_groups(info, geo, kommuner, deso, codelist_values)
    return Plan(info, regions, fixed, notes)


def _fixed_codes(info: TableInfo, geo: Variable | None, time: Variable, narrow: dict[str, list[str]],
                 years: Sequence[int] | None) -> dict[str, list[str]]:
    """The codes asked for of every variable but the region: all of them unless the user narrowed
    the variable (or, for the time variable, gave years). A narrowing that names a code or a
    variable the table lacks is refused with what the table has, never silently dropped.

    Takes the narrowings it uses out of ``narrow``: what is left names no variable of the table.
    """
    fixed: dict[str, list[str]] = {}
    for var in info.variables:
        if var is geo:
            continue
        wanted = narrow.pop(var.id, None)
        if var is time and years:
            wanted = _year_codes(info, var, years)
        if wanted is None:
            fixed[var.id] = list(var.codes)
            continue
        _check_codes(info, var, wanted)
        fixed[var.id] = wanted
    if narrow:
        names = ", ".join(f"«{k}»" for k in narrow)
        raise ScbError(f"tabellen {info.id} har ingen variabel {names}. Variablerna är: "
                       + ", ".join(f"{v.id} ({v.label})" for v in info.variables) + ".")
    return fixed


def _year_codes(info: TableInfo, time: Variable, years: Sequence[int]) -> list[str]:
    """The time codes of the given years (a code such as «2023» or «2023M01» starts with its year)."""
    wanted = [c for c in time.codes if c[:4].isdigit() and int(c[:4]) in set(years)]
    if not wanted:
        raise ScbError(f"tabellen {info.id} har inga värden för åren {', '.join(map(str, years))}; den har "
                       f"{time.codes[0]}–{time.codes[-1]}.")
    return wanted


def _check_codes(info: TableInfo, var: Variable, wanted: list[str]) -> None:
    """Refuse codes the variable lacks, listing the ones it has (SCB's own answer would only be a 400)."""
    unknown = [c for c in wanted if c not in var.codes]
    if unknown:
        raise ScbError(f"variabeln «{var.label}» ({var.id}) i tabellen {info.id} har inga värden "
                       f"{', '.join(f'«{c}»' for c in unknown)}. Värdena är: "
                       + ", ".join(f"{c} ({var.labels.get(c, c)})" for c in var.codes[:30]) + ".")


def _region_groups(info: TableInfo, geo: Variable, kommuner: Sequence[str], deso: bool,
                   codelist_values: Callable[[str], Iterable[str]] | None) -> tuple[_Regions, list[str]]:
    """The region codes to ask for, grouped by the codelist they are asked through (None: the
    table's own codes), and notes for the user on where the areas came from."""
    regions: _Regions = []
    notes: list[str] = []
    home = kommuner[0] if kommuner else ""
    sub = region_codes(geo.codes, home, deso=deso) if home else []
    if home and not sub:  # tables from 2024 on: RegSO and DeSO only in codelists
        level = "DeSO" if deso else "RegSO"
        list_id, sub = _codelist_areas(geo, home, deso, codelist_values)
        if list_id is not None:
            regions.append((list_id, sub))
            notes.append(f"{level} enligt SCB:s indelning «{list_id}».")
        else:
            notes.append(f"Tabellen har inga {level}-områden för kommunen {home}; bara kommunen och riket hämtas.")
    plain = [c for c in [*kommuner, RIKET] if c in geo.codes]
    if regions:  # the areas through a codelist; the kommuner and riket by the table's own codes
        if plain:
            regions.append((None, plain))
    elif sub or plain:
        regions.append((None, sub + plain))
    if not any(codes for _, codes in regions):
        raise ScbError(f"tabellen {info.id} har inga värden för {', '.join(kommuner) or 'kommunen'} eller riket.")
    return regions, notes


def _codelist_areas(geo: Variable, home: str, deso: bool,
                    codelist_values: Callable[[str], Iterable[str]] | None) -> tuple[str | None, list[str]]:
    """The first of the region variable's RegSO (or DeSO) codelists that has areas of the home
    kommun, and those areas; (None, []) when none has. Codelists are fetched one at a time, in
    the table's order, and only until one has them."""
    level = "DeSO" if deso else "RegSO"
    for list_id in geo.codelists:
        if level.lower() in list_id.lower() and codelist_values is not None:
            sub = region_codes(codelist_values(list_id), home, deso=deso)
            if sub:
                return list_id, sub
    return None, []


def selections(p: Plan, max_cells: int) -> list[dict]:
    """POST bodies, each within ``max_cells``: split by region first, then by the time variable."""
    geo = p.table.variable("geo")
    time = p.table.variable("time")
    per_region = math.prod(len(c) for c in p.fixed.values())
    bodies: list[dict] = []
    time_codes = p.fixed[time.id]
    per_year = per_region // max(len(time_codes), 1)
    year_chunk = len(time_codes) if per_region <= max_cells else max(1, max_cells // max(per_year, 1))
    for codelist, codes in (p.regions or [(None, [])]):
        region_chunk = max(1, max_cells // max(per_region, 1)) if per_region <= max_cells else 1
        for r in range(0, max(len(codes), 1), region_chunk):
            for t in range(0, len(time_codes), year_chunk):
                selection = []
                for var in p.table.variables:
                    if var is geo:
                        item = {"variableCode": var.id, "valueCodes": codes[r:r + region_chunk]}
                        if codelist:
                            item["codelist"] = codelist
                    elif var is time:
                        item = {"variableCode": var.id, "valueCodes": time_codes[t:t + year_chunk]}
                    else:
                        item = {"variableCode": var.id, "valueCodes": p.fixed[var.id]}
                    selection.append(item)
                bodies.append({"selection": selection})
    return bodies


# ----------------------------------------------------------------------------- merging answers

def merge(documents: Sequence[dict], table_id: str, *, fold: tuple[str, str] | None = None,
          notes: list[str] | None = None) -> dict:
    """One JSON-stat 2.0 dataset from several answers to parts of one selection.

    Each value keeps its ``status`` symbol; a cell that two answers give differently is an
    error, never a silent choice. ``fold`` = (region variable, time variable) makes one area of
    an area's codes in two divisions (``_fold_divisions``), saying so in ``notes``.
    """
    _check_datasets(documents, table_id)
    first = documents[0]
    answers = _Answers([str(i) for i in first["id"]])
    for doc in documents:
        answers.add(doc, table_id)
    ids, codes, labels, cells = answers.ids, answers.codes, answers.labels, answers.cells
    if fold is not None and fold[0] in codes and fold[1] in codes:
        cells = _fold_divisions(cells, ids, codes, labels, *fold, notes if notes is not None else [])
    sizes, values, statuses = _flatten(ids, codes, cells)
    return _dataset(first, ids, codes, labels, sizes, values, statuses)


def dataset_cells(doc: object, table_id: str) -> tuple[list[str], dict[str, dict[str, str]],
                                                       dict[tuple[str, ...], tuple[object, str | None]]]:
    """A JSON-stat 2.0 dataset cell by cell: its variable ids, each variable's labels, and
    (value, status symbol) per combination of codes, read as ``merge`` reads an answer."""
    _check_datasets([doc], table_id)
    answers = _Answers([str(i) for i in doc["id"]])
    answers.add(doc, table_id)
    return answers.ids, answers.labels, answers.cells


def _check_datasets(documents: Sequence[dict], table_id: str) -> None:
    """Refuse an empty answer, or one that is not a JSON-stat 2.0 dataset, before reading any of it."""
    if not documents:
        raise ScbError(f"SCB svarade inte med några värden för tabellen {table_id}.")
    for doc in documents:
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), list) or not isinstance(doc.get("size"), list) \
                or not isinstance(doc.get("dimension"), dict) or not isinstance(doc.get("value"), list):
            raise ScbError(f"SCB svarade med något annat än ett JSON-stat 2.0-dataset för tabellen {table_id}.")


@dataclass
class _Answers:
    """What the answers so far say, cell by cell: each variable's codes in the order they were
    first met, their labels, and (value, status symbol) per combination of codes."""

    ids: list[str]
    codes: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: dict[tuple[str, ...], tuple[object, str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codes = {i: [] for i in self.ids}
        self.labels = {i: {} for i in self.ids}

    def add(self, doc: dict, table_id: str) -> None:
        """One answer's cells. An answer with other variables, or fewer or more values than its
        variables span, is refused: its cells could not be placed with certainty."""
        if [str(i) for i in doc["id"]] != self.ids:
            raise ScbError(f"SCB:s svar för tabellen {table_id} har olika variabler i olika delar.")
        dims = [self._dimension(doc["dimension"][i].get("category") or {}, i) for i in self.ids]
        sizes = [len(d) for d in dims]
        if math.prod(sizes) != len(doc["value"]):
            raise ScbError(f"SCB:s svar för tabellen {table_id} har {len(doc['value'])} värden men variablerna ger "
                           f"{math.prod(sizes)}; svaret är ofullständigt.")
        self._add_values(doc, dims, sizes, table_id)

    def _dimension(self, category: dict, var_id: str) -> list:
        """The answer's codes of one variable in its own order, noting codes and labels not met before."""
        index = category.get("index")
        order = ([c for c, _ in sorted(index.items(), key=lambda kv: kv[1])] if isinstance(index, dict)
                 else list(index or []))
        codes, labels = self.codes[var_id], self.labels[var_id]
        for c in order:
            if c not in labels:
                codes.append(c)
            labels.setdefault(c, (category.get("label") or {}).get(c, c))
        return order

    def _add_values(self, doc: dict, dims: list[list], sizes: list[int], table_id: str) -> None:
        """Each value under its codes (row-major, the last variable fastest) with its status symbol;
        a cell an earlier answer gave differently is an error."""
        cells = self.cells
        status = doc.get("status")
        strides = [math.prod(sizes[k + 1:]) for k in range(len(sizes))]
        for p, value in enumerate(doc["value"]):
            key = tuple(dims[k][(p // strides[k]) % sizes[k]] for k in range(len(sizes)))
            symbol = status.get(str(p)) if isinstance(status, dict) else \
                (status[p] if isinstance(status, list) and p < len(status) else None)
            if key in cells and cells[key] != (value, symbol):
                raise ScbError(f"SCB gav två olika värden för samma cell i tabellen {table_id} ({', '.join(key)}).")
            cells[key] = (value, symbol)


def _flatten(ids: list[str], codes: dict[str, list[str]],
             cells: dict[tuple[str, ...], tuple[object, str | None]]) -> tuple[list[int], list[object], dict[str, str]]:
    """The merged cells as JSON-stat's flat value list and status object; a combination no answer
    gave is an empty value with the status «.», so a gap never reads as a number."""
    sizes = [len(codes[i]) for i in ids]
    values: list[object] = []
    statuses: dict[str, str] = {}
    for p in range(math.prod(sizes)):
        rest, key = p, []
        for k in reversed(range(len(ids))):
            key.append(codes[ids[k]][rest % sizes[k]])
            rest //= sizes[k]
        value, symbol = cells.get(tuple(reversed(key)), (None, "."))
        values.append(value)
        if symbol:
            statuses[str(p)] = symbol
    return sizes, values, statuses


def _dataset(first: dict, ids: list[str], codes: dict[str, list[str]], labels: dict[str, dict[str, str]],
             sizes: list[int], values: list[object], statuses: dict[str, str]) -> dict:
    """The merged document: the first answer's own fields (label, updated, roles, extensions)
    kept as SCB gave them, its dimensions with the merged codes and labels, then the values."""
    merged = {k: v for k, v in first.items() if k not in ("value", "status", "size", "dimension")}
    merged["size"] = sizes
    merged["dimension"] = {}
    for i in ids:
        dim = dict(first["dimension"][i])
        category = dict(dim.get("category") or {})
        category["index"] = {c: n for n, c in enumerate(codes[i])}
        category["label"] = {c: labels[i][c] for c in codes[i]}
        dim["category"] = category
        merged["dimension"][i] = dim
    merged["value"] = values
    if statuses:
        merged["status"] = statuses
    return merged


EARLIER_DIVISION = "den tidigare indelningen (RegSO 2020, DeSO 2018)"
_DIVISION = re.compile(r"^(.*)_(RegSO|DeSO)(\d{4})$")


def _fold_divisions(cells: dict, ids: list[str], codes: dict[str, list[str]], labels: dict[str, dict[str, str]],
                    geo: str, time: str, notes: list[str]) -> dict:
    """One area of ``0580R018`` (the division up to 2023) and ``0580R018_RegSO2025`` (from 2024).

    Tables such as TAB6680 give both; SCB does not recompute past years on the new division, so
    each year has its value under one of the two codes. Where both give one, the division in force
    that year wins (the 2025 division from reference year 2024). The note says which division each
    year comes from.
    """
    plain = {c: (m.group(1) if (m := _DIVISION.match(c)) else c) for c in codes[geo]}
    if len(set(plain.values())) == len(plain):
        return cells
    g, t = ids.index(geo), ids.index(time)
    folded: dict[tuple[str, ...], tuple[object, str | None]] = {}
    chosen: dict[tuple[str, ...], str] = {}
    used: dict[str, set[str]] = {}
    for key, (value, symbol) in cells.items():
        code = key[g]
        target = key[:g] + (plain[code],) + key[g + 1:]
        found = _DIVISION.match(code)
        division = f"{found.group(2)} {found.group(3)}" if found else EARLIER_DIVISION
        if target in folded:
            old_value, _ = folded[target]
            if value is None or (old_value is not None and not _in_force(code, key[t], plain)):
                continue
        folded[target] = (value, symbol)
        chosen[target] = division
    twins = {base for base, n in Counter(plain.values()).items() if n > 1}
    for target, division in chosen.items():  # the note speaks of the areas in two divisions only
        if folded[target][0] is not None and target[g] in twins:
            used.setdefault(division, set()).add(target[t])
    codes[geo] = list(dict.fromkeys(plain[c] for c in codes[geo]))
    for code, base in plain.items():
        labels[geo].setdefault(base, labels[geo].get(code, base))
    if len(used) > 1 or any(d != EARLIER_DIVISION for d in used):
        notes.append("Områdena följer SCB:s indelning som gällde varje år: " + "; ".join(
            f"{division} för {', '.join(sorted(years))}" for division, years in sorted(used.items(),
                                                                                       key=lambda kv: min(kv[1]))) + ".")
    return folded


def _in_force(code: str, period: str, plain: dict[str, str]) -> bool:
    """Whether ``code``'s division is the one in force in ``period``: a division named 2025 from
    reference year 2024 on (SCB: vs_RegSO2025 covers 2024 onward), the unnamed one before."""
    if not period[:4].isdigit():
        return True
    year = int(period[:4])
    found = _DIVISION.match(code)
    if found:
        return year >= int(found.group(3)) - 1
    newer = [int(m.group(3)) for c, base in plain.items() if base == code and (m := _DIVISION.match(c))]
    return not newer or year < min(newer) - 1


# ----------------------------------------------------------------------------- fetching

def _limits(client: JsonClient, base: str) -> tuple[int, RateLimit]:
    doc = client.get(f"{base}/config")
    cells, calls, window = DEFAULT_CELLS, DEFAULT_CALLS, DEFAULT_WINDOW
    if isinstance(doc, dict):
        cells = doc.get("maxDataCells") if isinstance(doc.get("maxDataCells"), int) else cells
        calls = doc.get("maxCallsPerTimeWindow") if isinstance(doc.get("maxCallsPerTimeWindow"), int) else calls
        window = float(doc["timeWindow"]) if isinstance(doc.get("timeWindow"), (int, float)) else window
    return max(int(cells), 1), RateLimit(calls, window, sent_just_now=1)


def table_id_of(text: str) -> str:
    table = str(text or "").strip().upper()
    if not TABLE_ID.match(table):
        raise ScbError(f"«{text}» är inget tabell-id från SCB:s Statistikdatabasen (t.ex. TAB5956).")
    return table


def describe(table_id: str) -> TableInfo:
    """A table's title and variables (GET /tables/{id}/metadata)."""
    table = table_id_of(table_id)
    base = base_url()
    client = JsonClient(base, budget(), SERVICE)
    try:
        doc = guarded(lambda c: c.get(f"{base}/tables/{table}/metadata?lang=sv"), client)
    finally:
        client.close()
    return parse_metadata(doc, table)


def search_tables(word: str, limit: int = 50) -> list[tuple[str, str, str, str]]:
    """(id, title, first period, last period) of the tables a word finds (GET /tables?query=…)."""
    text = " ".join(str(word).split())
    if not text:
        return []
    base = base_url()
    client = JsonClient(base, budget(), SERVICE)
    try:
        doc = guarded(lambda c: c.get(f"{base}/tables?query={quote(text, safe='')}&lang=sv&pageSize={limit}"),
                      client)
    finally:
        client.close()
    tables = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(tables, list):
        raise ScbError("SCB svarade på sökningen med något annat än väntat (ingen lista «tables»).")
    return [(str(t.get("id")), _text(t.get("label")), str(t.get("firstPeriod") or ""), str(t.get("lastPeriod") or ""))
            for t in tables[:limit] if isinstance(t, dict) and t.get("id")]


def file_name(table_id: str, kommun: str, deso: bool, years: Sequence[int] | None) -> str:
    """E.g. «scb_TAB5956_0580_RegSO.json», «scb_TAB5956_0580_DeSO_2020-2023.json»."""
    year_part = "" if not years else (f"_{min(years)}" if len(set(years)) == 1 else f"_{min(years)}-{max(years)}")
    return f"scb_{table_id}_{kommun}_{'DeSO' if deso else 'RegSO'}{year_part}.json"


def fetch(table_id: str, kommuner: Sequence[str], *, deso: bool = False, years: Sequence[int] | None = None,
          narrow: dict[str, list[str]] | None = None,
          progress=None) -> tuple[bytes, str, list[str]]:
    """Fetch a table for the first kommun's RegSO (or DeSO) areas, the kommuner and riket.

    Returns ONE JSON-stat 2.0 document, its file name and notes for the user. Raises ScbError
    (Swedish) on any network failure or unusable answer, within about ``budget()`` seconds of
    the last response whatever the network does.
    """
    document, notes = fetch_document(table_id, kommuner, deso=deso, years=years, narrow=narrow, progress=progress)
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ScbError(f"svaret från SCB blev större än {MAX_FILE_BYTES // 2**20} MB; {SERVICE.smaller_hint}")
    return data, file_name(table_id_of(table_id), kommuner[0] if kommuner else "riket", deso, years), notes


def fetch_document(table_id: str, kommuner: Sequence[str], *, deso: bool = False,
                   years: Sequence[int] | None = None, narrow: dict[str, list[str]] | None = None,
                   progress=None) -> tuple[dict, list[str]]:
    """``fetch``'s merged JSON-stat 2.0 document itself, for a caller that keeps several tables in one file."""
    table = table_id_of(table_id)
    base = base_url()
    client = JsonClient(base, budget(), SERVICE)

    def work(c: JsonClient) -> tuple[dict, Plan]:
        max_cells, limit = _limits(c, base)
        c.limit = limit
        info = parse_metadata(c.get(f"{base}/tables/{table}/metadata?lang=sv"), table)
        p = plan(info, kommuner, deso=deso, years=years, narrow=narrow,
                 codelist_values=lambda list_id: _codelist_values(
                     c.get(f"{base}/codelists/{quote(list_id, safe='')}?lang=sv"), list_id))
        bodies = selections(p, max_cells)
        state["total"] = len(bodies)
        answers = []
        for n, body in enumerate(bodies, start=1):
            answers.append(c.post(f"{base}/tables/{table}/data?lang=sv&outputFormat=json-stat2", body))
            state["done"] = n
        geo, time = info.variable("geo"), info.variable("time")
        return merge(answers, table, fold=(geo.id, time.id) if geo else None, notes=p.notes), p

    state = {"done": 0, "total": 0}
    shown = [(0, 0)]

    def report() -> None:  # in the caller's thread: a page may draw its progress bar only there
        now = (state["done"], state["total"])
        if progress is not None and now != shown[-1] and now[1]:
            shown.append(now)
            progress(*now)

    try:
        document, p = guarded(work, client, on_wait=report)
        report()
    finally:
        client.close()
    document["indikatorpanelen"] = {
        "source": "SCB, Statistikdatabasen", "api": base, "table": table,
        "fetched": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "query": {"kommuner": list(kommuner), "deso": deso, "years": list(years or []), "narrow": narrow or {}},
    }
    # the reader says RegSO areas are new areas only when the title says RegSO or DeSO
    if not re.search(r"\b(regso|deso)\b", str(document.get("label", "")), re.I):
        document["label"] = f"{document.get('label', '')} ({'DeSO' if deso else 'RegSO'})".strip()
    return document, p.notes


# ----------------------------------------------------------------------------- command line

def _narrowing(items: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items:
        name, sep, codes = item.partition("=")
        if not sep or not name.strip() or not codes.strip():
            raise ScbError(f"«{item}» ska skrivas VARIABEL=KOD[,KOD…], t.ex. UtbildningsNiva=3.")
        out[name.strip()] = [c.strip() for c in codes.split(",") if c.strip()]
    return out


def _year_list(text: str | None) -> list[int] | None:
    if not text:
        return None
    found = re.fullmatch(r"\s*((?:19|20)\d\d)\s*(?:[-–]\s*((?:19|20)\d\d))?\s*", text)
    if not found:
        raise ScbError(f"«{text}» är inget år eller intervall av år (t.ex. 2020-2024).")
    first, last = int(found.group(1)), int(found.group(2) or found.group(1))
    return list(range(min(first, last), max(first, last) + 1))


def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders scb TABLE [--deso] [--kommun KOD …] [--ar ÅR[-ÅR]] [--val VAR=KOD,…]``.

    Reads the home kommun from the store, fetches with the store closed (the app may be using
    it), then imports the document in one transaction. Exit 2 with Swedish lines on stderr and
    the store unchanged on any failure.
    """
    from . import outcome
    from .importer import import_bytes
    from .store import StoreDamaged, connect, reference

    db = Path(db)
    try:
        if not db.exists():
            print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
            return 2
        table = table_id_of(args.table)
        years = _year_list(args.ar)
        narrow = _narrowing(args.val or [])
        try:  # read-only: a fetch that fails leaves the file byte for byte as it was
            con = connect(db, read_only=True)
        except StoreDamaged:
            con = connect(db)
        try:
            home = reference(con).home
        finally:
            con.close()
        kommuner = list(dict.fromkeys([home, *(args.kommun or [])]))
        print(f"Hämtar {table} för {home}:s {'DeSO' if args.deso else 'RegSO'}-områden, "
              f"{len(kommuner)} {'kommun' if len(kommuner) == 1 else 'kommuner'} och riket från {host()} …",
              file=sys.stderr)
        data, name, notes = fetch(table, kommuner, deso=args.deso, years=years, narrow=narrow)
        for note in notes:
            print(note, file=sys.stderr)
        con = connect(db)
        try:
            summary, warnings = import_bytes(con, data, name, "scb", who="kommandorad",
                                             options={"scb": {"table": table, "kommuner": kommuner, "deso": args.deso,
                                                              "years": years, "narrow": narrow, "api": base_url()}})
        finally:
            con.close()
    except PanelError as exc:  # ImportFailed too: the file's problems, one a line
        return outcome.failed(exc)
    return outcome.imported(summary, warnings)
