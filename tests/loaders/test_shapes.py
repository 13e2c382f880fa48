"""District borders (GeoJSON) for the district map: a real published file, SWEREF 99 files in
metres, and files that are refused with the store unchanged."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from dashboard.specs import MapSpec
from dashboard.store import Store
from dashboard.views import build
from loaders.errors import ImportFailed
from loaders.importer import import_bytes
from loaders.shapes import SWEREF, _transformer, to_wgs84
from loaders.store import connect, data_checksums, load_reference_files, undo_import

ROOT = Path(__file__).resolve().parents[2]
STOCKHOLM = ROOT / "tests" / "fixtures" / "real" / "geo" / "stockholm_stadsdelar_utdrag.geo.json"


def forward(lon: float, lat: float, lon0: float, k0: float, false_easting: float) -> tuple[float, float]:
    """WGS 84 -> SWEREF 99 (Lantmäteriet's Gauss–Krüger forward formulas), to check the inverse."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    n = f / (2 - f)
    a_roof = a / (1 + n) * (1 + n ** 2 / 4 + n ** 4 / 64)
    big_a = e2
    big_b = (5 * e2 ** 2 - e2 ** 3) / 6
    big_c = (104 * e2 ** 3 - 45 * e2 ** 4) / 120
    big_d = (1237 * e2 ** 4) / 1260
    b1 = n / 2 - 2 * n ** 2 / 3 + 5 * n ** 3 / 16 + 41 * n ** 4 / 180
    b2 = 13 * n ** 2 / 48 - 3 * n ** 3 / 5 + 557 * n ** 4 / 1440
    b3 = 61 * n ** 3 / 240 - 103 * n ** 4 / 140
    b4 = 49561 * n ** 4 / 161280
    phi, lam = math.radians(lat), math.radians(lon - lon0)
    s = math.sin(phi) ** 2
    phi_star = phi - math.sin(phi) * math.cos(phi) * (big_a + big_b * s + big_c * s ** 2 + big_d * s ** 3)
    xi_p = math.atan(math.tan(phi_star) / math.cos(lam))
    eta_p = math.atanh(math.cos(phi_star) * math.sin(lam))
    x = k0 * a_roof * (xi_p + b1 * math.sin(2 * xi_p) * math.cosh(2 * eta_p) + b2 * math.sin(4 * xi_p)
                       * math.cosh(4 * eta_p) + b3 * math.sin(6 * xi_p) * math.cosh(6 * eta_p)
                       + b4 * math.sin(8 * xi_p) * math.cosh(8 * eta_p))
    y = false_easting + k0 * a_roof * (eta_p + b1 * math.cos(2 * xi_p) * math.sinh(2 * eta_p) + b2 * math.cos(4 * xi_p)
                                       * math.sinh(4 * eta_p) + b3 * math.cos(6 * xi_p) * math.sinh(6 * eta_p)
                                       + b4 * math.cos(8 * xi_p) * math.sinh(8 * eta_p))
    return y, x   # easting, northing


@pytest.mark.parametrize(("epsg", "lon0", "k0", "fe"), [(3006, 15.0, 0.9996, 500_000.0), (3010, 16.5, 1.0, 150_000.0)])
def test_sweref_to_wgs84_inverts_the_forward_projection(epsg, lon0, k0, fe):
    points = [(15.6216, 58.4108), (18.0686, 59.3293), (20.2253, 67.8558), (13.0038, 55.6050)]
    for lon, lat in points:
        e, n = forward(lon, lat, lon0, k0, fe)
        back_lon, back_lat = to_wgs84(np.array([e]), np.array([n]), epsg)
        assert back_lon[0] == pytest.approx(lon, abs=1e-7) and back_lat[0] == pytest.approx(lat, abs=1e-7)


# Lantmäteriet's published control points for SWEREF 99 («Kontrollpunkter RT 90 <-> SWEREF 99»,
# Samband och parametrar, Lantmäteriet I-divisionen Geodesi, 2006-05-03, section «Direktprojektion»:
# latitude and longitude in SWEREF 99 and plane coordinates in SWEREF 99 TM of points A-D). The
# PDF was at lantmateriet.se/upload/filer/kartor/geodesi_gps_och_detaljmatning/Transformationer/
# SWEREF99_RT90_Samband/kontrollpunkter.pdf; transcribed in github.com/kjgrahn/rt90 («kontrollpunkter»).
LANTMATERIET = {  # name: ((lat d, m, s), (lon d, m, s), N, E)
    "A": ((67, 5, 26.452769), (21, 2, 5.101575), 7454204.638, 761811.242),
    "B": ((63, 32, 14.761735), (16, 14, 59.594626), 7046077.605, 562140.337),
    "C": ((60, 9, 33.882413), (14, 45, 28.167152), 6669189.376, 486557.055),
    "D": ((56, 21, 17.199245), (13, 52, 23.754022), 6246136.458, 430374.835),
}


def test_sweref99_tm_matches_lantmateriets_control_points_within_a_millimetre():
    def degrees(dms: tuple[int, int, float]) -> float:
        return dms[0] + dms[1] / 60 + dms[2] / 3600

    lats = np.array([degrees(v[0]) for v in LANTMATERIET.values()])
    lons = np.array([degrees(v[1]) for v in LANTMATERIET.values()])
    northing = np.array([v[2] for v in LANTMATERIET.values()])
    easting = np.array([v[3] for v in LANTMATERIET.values()])
    got_lon, got_lat = to_wgs84(easting, northing, 3006)
    radius = 6_371_000.0  # metres per radian, near enough to turn a millimetre into degrees
    north_error = np.radians(got_lat - lats) * radius
    east_error = np.radians(got_lon - lons) * radius * np.cos(np.radians(lats))
    assert np.abs(north_error).max() < 0.001 and np.abs(east_error).max() < 0.001


def test_every_sweref_zone_converts_offline():
    """No grid file and no network: SWEREF 99 to WGS 84 is a null transformation in PROJ."""
    for epsg in SWEREF:
        transformer = _transformer(epsg)
        assert not transformer.is_network_enabled
        assert all(not op.grids for op in transformer.operations)
        assert any(op.name == "SWEREF99 to WGS 84 (1)" for op in transformer.operations)
    with pytest.raises(KeyError):
        to_wgs84(np.array([1.0]), np.array([1.0]), 3021)   # RT 90: refused by the loader before this


def square(lon: float, lat: float, size: float = 0.01) -> list[list[float]]:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def feature(name: str | None, ring: list, **props) -> dict:
    return {"type": "Feature", "properties": ({"namn": name} if name is not None else {}) | props,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def geojson(*features: dict, crs: str | None = None) -> bytes:
    doc = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def shapes(con) -> dict[str, dict]:
    return {c: json.loads(g) for c, g in con.execute("SELECT area_code, geometry FROM area_shapes").fetchall()}


def test_degrees_import_and_the_district_map_draws_them(store):
    data = geojson(feature("Berga", square(15.63, 58.39)), feature("Skäggetorp", square(15.58, 58.43)),
                   feature("Ryd", square(15.56, 58.40)))
    summary, _ = import_bytes(store, data, "stadsdelar.geojson")
    assert summary.kind == "karta"
    values = "\n".join(["Indikator;Område;År;Kön;Värde", "forsorjningsstod_andel;Berga;2024;Totalt;12,5",
                        "forsorjningsstod_andel;Skäggetorp;2024;Totalt;..", "forsorjningsstod_andel;Ryd;2024;Totalt;6,0"])
    import_bytes(store, values.encode(), "varden.csv")
    got = shapes(store)
    assert set(got) == {"0580-BER", "0580-SKA", "0580-RYD"}
    assert got["0580-BER"]["coordinates"][0][0][0] == [15.63, 58.39]
    assert any("har ingen gräns i filen" in note for note in summary.more())   # e.g. Lambohov
    view = build(MapSpec(indicator="forsorjningsstod_andel", level="omrade"), Store(store))
    drawn = {t.name: t for t in view.figure.data if t.fill == "toself"}
    assert {"Berga", "Ryd", "Inget värde (prickat eller saknas)"} == set(drawn)   # suppressed: its own legend entry
    assert drawn["Inget värde (prickat eller saknas)"].text.startswith("Skäggetorp: ")
    assert "12,5" in drawn["Berga"].text


def test_sweref99_tm_without_crs_and_a_local_zone_with_crs_are_converted(store):
    ring_tm = [list(forward(lon, lat, 15.0, 0.9996, 500_000.0)) for lon, lat in square(15.63, 58.39)]
    import_bytes(store, geojson(feature("Berga", ring_tm)), "berga_tm.geojson")
    berga = shapes(store)["0580-BER"]["coordinates"][0][0]
    assert berga[0] == pytest.approx([15.63, 58.39], abs=1e-6)
    ring_1630 = [list(forward(lon, lat, 16.5, 1.0, 150_000.0)) for lon, lat in square(15.58, 58.43)]
    import_bytes(store, geojson(feature("Skäggetorp", ring_1630), crs="urn:ogc:def:crs:EPSG::3010"), "ska.geojson")
    assert shapes(store)["0580-SKA"]["coordinates"][0][0][2] == pytest.approx([15.59, 58.44], abs=1e-6)


@pytest.mark.parametrize(("data", "match"), [
    (geojson(feature("Berga", square(15.63, 58.39)), crs="urn:ogc:def:crs:EPSG::3021"),
     r"koordinatsystem \(EPSG:3021\) stöds inte"),
    (geojson(feature("Berga", [[1e7, 1e7], [1e7 + 5, 1e7], [1e7, 1e7 + 5], [1e7, 1e7]])),
     r"koordinaterna är i meter men"),
    (geojson(feature("Berga", square(15.63, 58.39)), feature("", square(15.64, 58.39))),
     r"objekt nr 2 i «features»: egenskapen «namn» är tom"),
    (geojson(feature("Berga", square(15.63, 58.39)), {"type": "Feature", "properties": {"namn": "Ryd"},
                                                      "geometry": {"type": "Point", "coordinates": [15.5, 58.4]}}),
     r"objekt nr 2 i «features» \(«Ryd»\): geometrin ska vara Polygon"),
    (geojson(feature("Berga", square(15.63, 58.39)), feature("Berga", square(15.64, 58.39))),
     r"objekt nr 2 i «features»: stadsdelen «Berga» finns redan i objekt nr 1"),
    (geojson(feature("Berga", [[15.6, 58.4], [15.7, 58.4]])), r"för få punkter"),
    (geojson(feature("Oslo", square(10.7, 59.9))), (r"inget av objektens egenskaper är namnet eller koden på en "
                                                   r"av kommunens stadsdelar \(egenskaper i första objektet: «namn»\)")),
    (b'{"type": "FeatureCollection"}', r"ingen GeoJSON med «features»"),
])
def test_bad_files_are_refused_with_the_feature_named_and_nothing_changes(store, data, match):
    before = data_checksums(store)
    with pytest.raises(ImportFailed, match=match):
        import_bytes(store, data, "gränser.geojson")
    assert data_checksums(store) == before


def test_an_area_the_panel_does_not_follow_is_left_out_with_a_warning(store):
    data = geojson(feature("Berga", square(15.63, 58.39)), feature("Bergaa", square(15.64, 58.39)))
    summary, warnings = import_bytes(store, data, "gränser.geojson")
    assert set(shapes(store)) == {"0580-BER"}
    assert any("objekt nr 2" in str(w) and "Menade du «Berga»" in str(w) for w in warnings)
    assert any("1 områden i filen är inga stadsdelar i panelen och lagras inte: Bergaa" in n for n in summary.more())
    undo_import(store, summary.import_id, who="test")
    assert shapes(store) == {}


def test_a_real_published_file_in_crs84_with_upper_case_names(tmp_path):
    """Stockholm's stadsdelar as published (CC0, see tests/fixtures/README.md), read by a panel
    whose home kommun is Stockholm: names in capitals, «crs» OGC CRS84."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("exempel", "*.xlsx"))
    settings = (data_dir / "installningar.csv").read_text(encoding="utf-8")
    (data_dir / "installningar.csv").write_text(settings.replace("hemkommun;0580", "hemkommun;0180")
                                                .replace("standardomrade;0580-SKA", "standardomrade;0180-RIN"),
                                                encoding="utf-8")
    areas = [line for line in (data_dir / "omraden.csv").read_text(encoding="utf-8").splitlines()
             if ";omrade;" not in line]
    areas += [f"0180-{code};{name};omrade;0180;ja;" for code, name in
              [("RIN", "Rinkeby"), ("TEN", "Tensta"), ("HUS", "Husby"), ("KIS", "Kista"), ("AKA", "Akalla")]]
    (data_dir / "omraden.csv").write_text("\n".join(areas) + "\n", encoding="utf-8")
    (data_dir / "skolor_exempel.csv").write_text("skolenhetskod;namn;kommun;stadsdel\n", encoding="utf-8")
    con = connect(tmp_path / "sthlm.duckdb")
    try:
        load_reference_files(con, data_dir)
        summary, warnings = import_bytes(con, STOCKHOLM.read_bytes(), STOCKHOLM.name)
        got = shapes(con)
        assert set(got) == {"0180-RIN", "0180-TEN", "0180-HUS", "0180-KIS", "0180-AKA"}
        for geometry in got.values():
            ring = np.array(geometry["coordinates"][0][0])
            assert (ring[:, 0] > 17.7).all() and (ring[:, 0] < 18.2).all()
            assert (ring[:, 1] > 59.2).all() and (ring[:, 1] < 59.5).all()
        import re
        assert sorted(re.search(r"= «([^»]+)»", str(w)).group(1) for w in warnings) == ["BAGARMOSSEN", "SKÄRHOLMEN"]
    finally:
        con.close()
