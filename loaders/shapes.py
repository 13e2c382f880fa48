"""District borders for the district map: a GeoJSON the kommun publishes, one feature per district.

Each feature is matched to a district of the home kommun by one of its properties (name or
code, whichever property matches the most features), like any area in a file. A kommun's map
often holds more areas than the panel follows: those are left out with a warning that names
each (and suggests a close name); a broken feature (no name, no polygon) refuses the file.

GeoJSON is WGS 84 (longitude, latitude) by its standard, but Swedish GIS exports often keep
SWEREF 99 (metres): SWEREF 99 TM (EPSG:3006) or one of the local zones (EPSG:3007–3018, e.g.
SWEREF 99 15 00). A file that names its «crs» is converted from that; a file in metres that
names none is read as SWEREF 99 TM when that puts it in Sweden, and refused otherwise.
The conversion is PROJ's (through pyproj), from the EPSG definitions of the zones in the
database the pyproj wheel ships: no grid file and no network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Transformer

from .domain import DISTRICT
from .errors import ProblemList
from .model import Batch, Reference
from .reading import Workbook
from .values import cell_text, clean_name

MAX_FEATURES = 2_000
MAX_POINTS = 2_000_000
# SWEREF 99 TM (EPSG:3006) and the twelve local zones, SWEREF 99 12 00 … 23 15 (EPSG:3007–3018)
SWEREF: frozenset[int] = frozenset(range(3006, 3019))
SWEDEN = (10.0, 55.0, 24.5, 69.5)  # lon min, lat min, lon max, lat max (with a margin)
_EPSG = re.compile(r"(?:EPSG:*:?|epsg/0/|EPSG::)(\d{4,5})", re.IGNORECASE)
_NAME_KEYS = ("namn", "name", "stadsdel", "stadsdelsnamn", "område", "omrade", "omradesnamn", "områdesnamn",
              "district", "regsonamn", "regso_namn")
_CODE_KEYS = ("kod", "code", "id", "omradeskod", "områdeskod", "stadsdelskod", "regsokod", "regso", "deso",
              "desokod", "nyko")


@lru_cache(maxsize=len(SWEREF))
def _transformer(epsg: int) -> Transformer:
    """One per zone and process: building one reads PROJ's database, and pyproj (3.1 on) lets
    Streamlit's session threads share it."""
    return Transformer.from_crs(epsg, 4326, always_xy=True)


def to_wgs84(easting: np.ndarray, northing: np.ndarray, epsg: int) -> tuple[np.ndarray, np.ndarray]:
    """SWEREF 99 (TM or a local zone) to longitude and latitude in degrees.

    SWEREF 99 to WGS 84 is EPSG's null transformation («SWEREF99 to WGS 84 (1)», SWEREF 99
    being the Swedish realisation of ETRS89), so PROJ needs no grid and works offline. Only
    the SWEREF 99 codes are taken: the loader refuses any other system before it gets here.
    """
    if epsg not in SWEREF:
        raise KeyError(epsg)
    lon, lat = _transformer(epsg).transform(np.asarray(easting, dtype="float64"),
                                            np.asarray(northing, dtype="float64"))
    return np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")


def _stated_epsg(document: dict) -> int | None:
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs.get("properties"), dict) else None
    text = str(name or "")
    if re.search(r"CRS84|WGS ?84\b", text, re.IGNORECASE):   # what GDAL/QGIS write for plain GeoJSON
        return 4326
    found = _EPSG.search(text)
    return int(found.group(1)) if found else -1


def _polygons(geometry: object) -> list[list[list[list[float]]]] | None:
    """The polygons of a Polygon or MultiPolygon, each a list of rings of [x, y]; None otherwise."""
    if not isinstance(geometry, dict):
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon" and isinstance(coords, list):
        return [coords]
    if kind == "MultiPolygon" and isinstance(coords, list):
        return coords
    return None


def _ring_array(ring: object) -> np.ndarray | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return None
    try:
        points = np.array([p[:2] for p in ring], dtype="float64")
    except (TypeError, ValueError, IndexError):
        return None
    if points.ndim != 2 or points.shape[1] != 2 or not np.isfinite(points).all():
        return None
    return points


def _property_key(features: list[dict], ref: Reference) -> tuple[str | None, dict[str, str]]:
    """The property (or the feature id) that names the most home-kommun districts."""
    districts = {c for c, lv, p in zip(ref.areas["code"], ref.areas["level"], ref.areas["parent"], strict=True)
                 if lv == DISTRICT and (p is None or pd.isna(p) or p == ref.home)}
    keys: list[str] = []
    for feature in features:
        props = feature.get("properties")
        if isinstance(props, dict):
            keys += [k for k in props if k not in keys]
    ranked = sorted(keys, key=lambda k: (0 if k.lower() in _NAME_KEYS else 1 if k.lower() in _CODE_KEYS else 2))
    best: tuple[int, str | None] = (0, None)
    for key in [*ranked, "__id__"]:
        hits = 0
        for feature in features:
            value = feature.get("id") if key == "__id__" else (feature.get("properties") or {}).get(key)
            code = ref.matcher.match(clean_name(cell_text(value))) if value is not None else None
            hits += code in districts
        if hits > best[0]:
            best = (hits, key)
    return best[1], {c: c for c in districts}


Rings = list[list[np.ndarray]]  # a feature's polygons, each a list of rings of (x, y) points


@dataclass
class _Districts:
    """The features that are districts of the panel, and what was left out on the way."""

    parsed: list[tuple[int, str, Rings]] = field(default_factory=list)  # (feature number, area code, rings)
    seen: dict[str, int] = field(default_factory=dict)  # area code -> feature number
    skipped: list[str] = field(default_factory=list)    # names of features that are no district in the panel


def load(workbook: Workbook, ref: Reference) -> Batch:
    """Read a GeoJSON of district borders; each step refuses the file before the next would
    have to guess (no features, an unknown coordinate system, no property naming districts)."""
    problems = ProblemList(workbook.file_name)
    document, features = _features(workbook.document, problems)
    stated = _supported_crs(document, problems)
    key, districts = _district_key(features, ref, problems)
    found = _read_features(features, key, districts, ref, problems)
    problems.raise_if_errors()
    epsg = _epsg(found.parsed, stated, problems)
    problems.raise_if_errors()
    rows = _shape_rows(found.parsed, epsg, problems)
    problems.raise_if_errors()
    batch = Batch("karta", workbook.file_name, workbook.checksum, False,
                  shapes=pd.DataFrame(rows, columns=["area_code", "geometry"]))
    batch.notes.extend(_notes(found, districts, ref, epsg))
    batch.warnings = problems.warnings
    return batch


def _features(document: object, problems: ProblemList) -> tuple[dict, list[dict]]:
    """The document and its features (a lone Feature is a collection of one); refused when it
    is no GeoJSON collection, or has no features or more than a map of districts needs."""
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        problems.error("filen är ingen GeoJSON med «features»; spara stadsdelsgränserna som GeoJSON "
                       "(en polygon per stadsdel, med stadsdelens namn eller kod som egenskap).")
        problems.raise_if_errors()
    features = [f for f in document["features"] if isinstance(f, dict)]
    if not features:
        problems.error("GeoJSON-filen har inga objekt (features).")
    if len(features) > MAX_FEATURES:
        problems.error(f"GeoJSON-filen har {len(features)} objekt; högst {MAX_FEATURES} stadsdelar tas emot.")
    problems.raise_if_errors()
    return document, features


def _supported_crs(document: dict, problems: ProblemList) -> int | None:
    """The EPSG code the file names (None: it names none); refused unless degrees or SWEREF 99,
    the only systems the conversion knows."""
    stated = _stated_epsg(document)
    if stated not in (None, 4326, 4258, *SWEREF):
        problems.error(f"filens koordinatsystem ({'EPSG:' + str(stated) if stated and stated > 0 else 'okänt'}) "
                       "stöds inte; spara den i WGS 84 (EPSG:4326) eller SWEREF 99 TM (EPSG:3006).")
        problems.raise_if_errors()
    return stated


def _district_key(features: list[dict], ref: Reference, problems: ProblemList) -> tuple[str, dict[str, str]]:
    """The property that names the districts (see _property_key) and the home kommun's
    districts; refused, listing the first feature's properties, when no property does."""
    key, districts = _property_key(features, ref)
    if key is None:
        sample = features[0].get("properties") or {}
        listed = ", ".join(f"«{clean_name(k)}»" for k in list(sample)[:8]) or "inga"
        problems.error("inget av objektens egenskaper är namnet eller koden på en av kommunens stadsdelar "
                       f"(egenskaper i första objektet: {listed}). Lägg till en egenskap «namn» med stadsdelens namn.")
        problems.raise_if_errors()
    return key, districts


def _read_features(features: list[dict], key: str, districts: dict[str, str], ref: Reference,
                   problems: ProblemList) -> _Districts:
    """Each feature matched to a district by ``key``, with its rings. An area the panel does
    not follow is left out with a warning; a nameless, repeated or broken feature is an error.
    Stops at the first feature that brings the total past MAX_POINTS."""
    label = "objektets id" if key == "__id__" else f"egenskapen «{clean_name(key)}»"
    found = _Districts()
    total = 0
    for number, feature in enumerate(features, start=1):
        where = f"objekt nr {number} i «features»"
        value = feature.get("id") if key == "__id__" else (feature.get("properties") or {}).get(key)
        name = clean_name(cell_text(value)) if value is not None else ""
        code = ref.matcher.match(name) if name else None
        if not name:
            problems.error(f"{where}: {label} är tom.")
            continue
        if code is None or code not in districts:
            # a kommun's map often covers more areas than the panel follows: kept out, and said
            problems.warning(f"{where} ({label} = «{name}»): " + (
                ref.matcher.unknown_message(name) if code is None else "är ingen stadsdel i kommunen.")
                + " Gränsen lagras inte.")
            found.skipped.append(name)
            continue
        if code in found.seen:
            problems.error(f"{where}: stadsdelen «{name}» finns redan i objekt nr {found.seen[code]}.")
            continue
        found.seen[code] = number
        rings = _feature_rings(feature, where, name, problems)
        if rings is None:
            continue
        total += sum(len(r) for polygon in rings for r in polygon)
        if total > MAX_POINTS:
            problems.error(f"filen har fler än {MAX_POINTS:,} punkter; förenkla gränserna (t.ex. i QGIS) och "
                           "försök igen.".replace(",", " "))
            break
        found.parsed.append((number, code, rings))
    return found


def _feature_rings(feature: dict, where: str, name: str, problems: ProblemList) -> Rings | None:
    """The feature's polygons as arrays of points; None, with an error, when its geometry is
    no (Multi)Polygon or a ring has no coordinates or too few points."""
    polygons = _polygons(feature.get("geometry"))
    if polygons is None:
        problems.error(f"{where} («{name}»): geometrin ska vara Polygon eller MultiPolygon.")
        return None
    rings = [[_ring_array(r) for r in polygon] if isinstance(polygon, list) else [None] for polygon in polygons]
    if not polygons or any(r is None for polygon in rings for r in polygon) or any(not p for p in rings):
        problems.error(f"{where} («{name}»): en ring i geometrin saknar koordinater eller har för få punkter.")
        return None
    return rings


def _shape_rows(parsed: list[tuple[int, str, Rings]], epsg: int, problems: ProblemList) -> list[dict]:
    """One row per district: its polygons in WGS 84 as a compact GeoJSON MultiPolygon. A ring
    that lands outside Sweden after conversion is an error (the file's system is wrong)."""
    rows = []
    for number, code, rings in parsed:
        polygons = []
        for polygon in rings:
            out = []
            for ring in polygon:
                x, y = (ring[:, 0], ring[:, 1]) if epsg in (4326, 4258) else to_wgs84(ring[:, 0], ring[:, 1], epsg)
                if not ((x >= SWEDEN[0]) & (x <= SWEDEN[2]) & (y >= SWEDEN[1]) & (y <= SWEDEN[3])).all():
                    problems.error(f"objekt nr {number}: koordinaterna hamnar utanför Sverige; kontrollera filens "
                                   "koordinatsystem.")
                    break
                out.append(np.round(np.column_stack([x, y]), 6).tolist())
            polygons.append(out)
        rows.append({"area_code": code, "geometry": json.dumps({"type": "MultiPolygon", "coordinates": polygons},
                                                               separators=(",", ":"))})
    return rows


def _notes(found: _Districts, districts: dict[str, str], ref: Reference, epsg: int) -> list[str]:
    """What the import left out or changed, for the preview: areas that are no districts,
    districts the file has no border for, and a conversion from SWEREF 99."""
    notes = []
    missing = sorted(set(districts) - set(found.seen))
    names = dict(zip(ref.areas["code"], ref.areas["name"], strict=True))
    skipped = found.skipped
    if skipped:
        notes.append(f"{len(skipped)} områden i filen är inga stadsdelar i panelen och lagras inte: "
                     + ", ".join(skipped[:20]) + (" …" if len(skipped) > 20 else "") + ".")
    if missing:
        notes.append(f"{len(missing)} stadsdelar har ingen gräns i filen och visas inte på kartan: "
                     + ", ".join(names.get(c, c) for c in missing) + ".")
    if epsg not in (4326, 4258):
        notes.append(f"Koordinaterna räknades om från SWEREF 99 (EPSG:{epsg}) till WGS 84.")
    return notes


def _epsg(parsed: list, stated: int | None, problems: ProblemList) -> int:
    """The coordinate system: the one the file names, else degrees when the numbers are
    degrees, else SWEREF 99 TM when that lands in Sweden."""
    if stated and stated > 0:
        return stated
    if not parsed:
        return 4326
    sample = np.concatenate([ring for _, _, rings in parsed[:20] for polygon in rings for ring in polygon])
    if (np.abs(sample[:, 0]) <= 180).all() and (np.abs(sample[:, 1]) <= 90).all():
        return 4326
    lon, lat = to_wgs84(sample[:, 0], sample[:, 1], 3006)
    if ((lon >= SWEDEN[0]) & (lon <= SWEDEN[2]) & (lat >= SWEDEN[1]) & (lat <= SWEDEN[3])).all():
        return 3006
    problems.error("koordinaterna är i meter men filen säger inte vilket koordinatsystem de gäller (ingen «crs»), "
                   "och de passar inte SWEREF 99 TM. Spara filen i WGS 84 (EPSG:4326) eller ange «crs».")
    return 4326

