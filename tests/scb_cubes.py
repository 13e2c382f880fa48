"""The tables behind «Distriktsindikatorer från SCB», as the stand-in SCB server serves them.

Their SHAPE is SCB's, as its metadata describes them (docs/scb_distriktstabeller.md: table ids,
variable ids, value codes, which tables list RegSO under plain codes up to 2023 and under
``…_RegSO2025`` codes from 2024, which have the kommun and riket). Their VALUES are stand-ins
computed from one real figure: the number of inhabitants per RegSO in Linköping 2020–2023
(tests/fixtures/real/scb/regso_fodelseregion_2020_2023_excerpt.csv, via ``linkoping_cube``).
Rates per area are made up; tests check what the panel computes from them, never what they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

RIKET_POP = 10_400_000
# Made-up DeSO areas (the real DeSO → RegSO key is not in this repository): Skäggetorp-Tornby and
# Berga split into parts with these shares of their population.
DESO_PARTS = {"0580R018": {"0580C1181": 0.5, "0580C1182": 0.3, "0580C1183": 0.2},
              "0580R001": {"0580C1011": 0.6, "0580C1012": 0.4}}
YEARS_OLD = ["2020", "2021", "2022", "2023"]   # plain RegSO codes (vs_RegSO2020)
YEARS_NEW = ["2024", "2025"]                   # codes with _RegSO2025


@dataclass
class Cube:
    """One table: its variables (id, label, {code: label}, codelists) and a value per code tuple
    (a tuple it lacks is answered null with status «..», as SCB answers a suppressed cell)."""

    table: str
    title: str
    variables: list[tuple[str, str, dict[str, str], list[str]]]
    values: dict[tuple[str, ...], float | None]
    suppressed: set[tuple[str, ...]] = field(default_factory=set)

    def _doc(self, chosen: dict[str, list[str]], values: list, status: dict[str, str]) -> dict:
        dims = {}
        for var, label, codes, lists in self.variables:
            picked = chosen[var]
            dim = {"label": label, "category": {"index": {c: i for i, c in enumerate(picked)},
                                                 "label": {c: codes[c] for c in picked}},
                   "extension": {"elimination": var not in ("Region", "ContentsCode", "Tid"),
                                 "codelists": [{"id": c, "label": c, "type": "Valueset"} for c in lists]}}
            if var == "ContentsCode":
                dim["category"]["unit"] = {c: {"base": "antal", "decimals": 0} for c in picked}
            dims[var] = dim
        return {"version": "2.0", "class": "dataset", "label": self.title, "source": "SCB",
                "updated": "2026-01-20T07:00:00Z", "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
                "id": [v[0] for v in self.variables], "size": [len(chosen[v[0]]) for v in self.variables],
                "dimension": dims, "extension": {"px": {"tableid": self.table, "language": "sv"}},
                "value": values, **({"status": status} if status else {})}

    def metadata(self) -> dict:
        return self._doc({var: list(codes) for var, _, codes, _ in self.variables}, [], {})

    def data(self, chosen: dict[str, list[str]], max_cells: int) -> tuple[int, dict]:
        """SCB's answer to a selection: 400 for an unknown code, a missing variable or too many cells."""
        for var, _, codes, _ in self.variables:
            if var not in chosen or any(c not in codes for c in chosen[var]):
                return 400, {"type": "BadRequest", "title": f"Bad selection for {var}"}
        if math.prod(len(chosen[v[0]]) for v in self.variables) > max_cells:
            return 400, {"type": "BadRequest", "title": "Too many cells selected"}
        values, status = [], {}
        order = [chosen[v[0]] for v in self.variables]
        for key in _product(order):
            value = None if key in self.suppressed else self.values.get(key)
            if value is None:
                status[str(len(values))] = ".."
            values.append(value)
        return 200, self._doc(chosen, values, status)


def _product(lists: list[list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for codes in lists:
        out = [prefix + (c,) for prefix in out for c in codes]
    return out


def district_cubes(labels: dict[str, str], people: dict[tuple[str, str, str], int]) -> dict[str, Cube]:
    """The five tables from Linköping's real RegSO population (``linkoping_cube``)."""
    regso = [c for c in labels if "R" in c]
    deso = [d for parts in DESO_PARTS.values() for d in parts]
    pop: dict[tuple[str, str], int] = {}
    for code in [*regso, "0580"]:
        for y in YEARS_OLD:
            pop[(code, y)] = people[(code, "TOT", y)]
        for n, y in enumerate(YEARS_NEW, start=1):   # stand-in growth after the real years
            pop[(code, y)] = pop[(code, "2023")] + 40 * n
    for parent, parts in DESO_PARTS.items():
        for d, share in parts.items():
            for y in YEARS_OLD + YEARS_NEW:
                pop[(d, y)] = round(pop[(parent, y)] * share)
    for n, y in enumerate(YEARS_OLD + YEARS_NEW):
        pop[("00", y)] = RIKET_POP + 50_000 * n
    rank = {c: i for i, c in enumerate([*regso, *deso])}

    def region(code: str, y: str) -> str:     # the code a year is published under
        if code in rank and y in YEARS_NEW:
            return f"{code}_{'RegSO' if 'R' in code else 'DeSO'}2025"
        return code

    def region_var(years: list[str], *, plain: bool, suffixed: bool, totals: bool) -> dict[str, str]:
        out = {"00": "Riket", "0580": "Linköping"} if totals else {}
        if plain:
            out.update({c: labels[c] for c in regso} | {d: d for d in deso})
        if suffixed:
            out.update({f"{c}_RegSO2025": f"{c} {labels[c]}" for c in regso} | {f"{d}_DeSO2025": d for d in deso})
        return out

    def areas(totals: bool) -> list[str]:
        return [*regso, *deso, *(["0580", "00"] if totals else [])]

    cubes: dict[str, Cube] = {}
    kon = {"1": "män", "2": "kvinnor", "1+2": "totalt"}
    years = YEARS_OLD + ["2024"]

    values: dict[tuple[str, ...], float | None] = {}
    for code in areas(True):
        for y in YEARS_OLD + YEARS_NEW:
            total = pop[(code, y)]
            for k, share in (("1+2", 1.0), ("2", 0.49), ("1", 0.51)):
                values[(region(code, y), "totalt", k, "000007Y7", y)] = round(total * share)
    cubes["TAB6574"] = Cube("TAB6574", "Folkmängden per region efter ålder och kön. År 2010-2025", [
        ("Region", "region", region_var(YEARS_OLD + YEARS_NEW, plain=True, suffixed=True, totals=True),
         ["vs_RegSO2020", "vs_RegSO2025"]),
        ("Alder", "ålder", {"totalt": "totalt", "20-24": "20-24 år"}, []),
        ("Kon", "kön", kon, []),
        ("ContentsCode", "tabellinnehåll", {"000007Y7": "Antal"}, []),
        ("Tid", "år", {y: y for y in YEARS_OLD + YEARS_NEW}, [])], values)

    values = {}
    for code in areas(False):
        rate = 0.55 + 0.3 * ((rank[code] * 7) % 10) / 10
        for y in years:
            for k, share in (("1+2", 1.0), ("2", 0.49), ("1", 0.51)):
                everyone = round(pop[(code, y)] * 0.6 * share)
                values[(region(code, y), k, "20-64", "0000089X", y)] = round(everyone * rate)
                values[(region(code, y), k, "20-64", "0000089Y", y)] = everyone
    cubes["TAB6680"] = Cube("TAB6680", "Arbetsmarknadsstatus efter region (DeSO/RegSO), kön och ålder. År 2020-2024", [
        ("Region", "region", region_var(years, plain=True, suffixed=True, totals=False),
         ["vs_RegSO2020", "vs_RegSO2025"]),
        ("Kon", "kön", kon, []),
        ("Alder", "ålder", {"20-64": "20-64 år", "16-64": "16-64 år"}, []),
        ("ContentsCode", "tabellinnehåll", {"0000089X": "antal sysselsatta", "0000089Y": "antal totalt",
                                            "0000089W": "antal arbetslösa"}, []),
        ("Tid", "år", {y: y for y in years}, [])], values)

    values = {}
    for code in areas(True):
        low = 13.0 if code == "0580" else 15.0 if code == "00" else float(8 + (rank[code] * 11) % 30)
        for y in years:
            values[(region(code, y), "tot", "000008AC", y)] = low
            values[(region(code, y), "tot", "000008AE", y)] = pop[(code, y)]
    cubes["TAB6685"] = Cube("TAB6685", "Låg respektive hög ekonomisk standard efter region och ålder. År 2011-2024", [
        ("Region", "region", region_var(years, plain=True, suffixed=True, totals=True),
         ["vs_RegSO2020", "vs_RegSO2025"]),
        ("Alder", "ålder", {"tot": "totalt", "20-64": "20-64 år"}, []),
        ("ContentsCode", "tabellinnehåll", {"000008AC": "Låg ekonomisk standard, procent",
                                            "000008AD": "Hög ekonomisk standard, procent",
                                            "000008AE": "Antal personer"}, []),
        ("Tid", "år", {y: y for y in years}, [])], values)

    levels = {"21": "förgymnasial utbildning", "3+4": "gymnasial utbildning",
              "5": "eftergymnasial utbildning, mindre än 3 år", "6": "eftergymnasial utbildning, 3 år eller mer",
              "US": "uppgift om utbildningsnivå saknas"}
    for table, content, span in (("TAB5956", "000005MO", YEARS_OLD), ("TAB6534", "000007Z6", YEARS_NEW)):
        values = {}
        for code in areas(True):
            share = 0.45 if code in ("0580", "00") else 0.25 + ((rank[code] * 3) % 40) / 100
            for y in span:
                everyone = round(pop[(code, y)] * 0.5)
                parts = {"5": round(everyone * share * 0.4), "6": round(everyone * share * 0.6),
                         "US": round(everyone * 0.03), "21": round(everyone * 0.12)}
                parts["3+4"] = everyone - sum(parts.values())
                for level, n in parts.items():
                    values[(region(code, y), level, content, y)] = n
        cubes[table] = Cube(table, f"Befolkning 25-64 år efter region och utbildningsnivå. År {span[0]}-{span[-1]}", [
            ("Region", "region", region_var(span, plain=table == "TAB5956", suffixed=table == "TAB6534", totals=True),
             ["vs_RegSo1"] if table == "TAB5956" else ["vs_RegSO2025"]),
            ("UtbildningsNiva", "utbildningsnivå", levels, []),
            ("ContentsCode", "tabellinnehåll", {content: "Befolkning"}, []),
            ("Tid", "år", {y: y for y in span}, [])], values)
    return cubes
