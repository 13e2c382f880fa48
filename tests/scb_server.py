"""A stand-in for SCB's Statistikdatabasen (PxWeb API v2) on 127.0.0.1, for the fetch tests.

It answers like SCB: ``/config`` (SCB's real answer, saved by pxwebpy), ``/tables?query=``
(SCB's real search answer), ``/tables/{id}/metadata`` and ``POST /tables/{id}/data`` in
JSON-stat 2.0, and ``/codelists/{id}``. The data answer is cut from a cube by the posted
selection, so the client's splitting is served like SCB would serve it, and a selection over
``maxDataCells`` is refused with 400 as SCB does.

The cube: table TAB9901 is a stand-in id. Its values are REAL: the number of inhabitants per
RegSO in Linköping, born in Sverige and in total, 2020–2023, from Statistikdatabasen's CSV
download kept in tests/fixtures/real/scb/regso_fodelseregion_2020_2023_excerpt.csv (see
tests/fixtures/README.md). The kommun's value is the sum of its 32 RegSO (they cover it). The
RegSO codes are 0580R001–0580R032 in the order SCB lists the areas, which agrees with the three
codes known from SCB's metadata (Berga R001, Ryd R017, Skäggetorp-Tornby R018). The codes of
födelseregion and tabellinnehåll are stand-ins. TAB9902 is the same cube as a table from 2024
on would give it: RegSO only through the codelist ``vs_RegSO2025`` (codes ``…_RegSO2025``).

``forced`` holds answers to give before the next real one (a 429 with Retry-After, a 503, a
malformed body), ``config`` can be overridden (a small cell limit), and every request is
recorded in ``requests``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.scb_cubes import district_cubes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGSO_CSV = FIXTURES / "real" / "scb" / "regso_fodelseregion_2020_2023_excerpt.csv"
YEARS = ["2020", "2021", "2022", "2023"]
BIRTH = {"SE": "Sverige", "TOT": "totalt"}
TITLE = "Folkmängden efter region, födelseregion och år"
# Motala's nine RegSO codes (0583R001–0583R009, as the issue states) with SYNTHETIC labels: the
# real names are not in this repository, so «python -m loaders init --kommun 0583» is tested
# against made-up ones that cannot be mistaken for real areas.
MOTALA_REGSO = {f"0583R{n:03d}": f"Motala (Område {n})" for n in range(1, 10)}


def linkoping_cube() -> tuple[dict[str, str], dict[tuple[str, str, str], int]]:
    """Region labels and {(region, födelseregion, year): value} from the real CSV download."""
    names: list[str] = []
    values: dict[tuple[str, str, str], int] = {}
    with REGSO_CSV.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            region = row["region"]
            if not region.startswith("Linköping ("):
                continue
            if region not in names:
                names.append(region)
            birth = next(code for code, label in BIRTH.items() if label == row["födelseregion"])
            for year in YEARS:
                values[(region, birth, year)] = int(row[f"Antal {year}"])
    codes = {name: f"0580R{n:03d}" for n, name in enumerate(names, start=1)}
    cube = {(codes[r], b, y): v for (r, b, y), v in values.items()}
    for b in BIRTH:
        for y in YEARS:
            cube[("0580", b, y)] = sum(v for (r, bb, yy), v in cube.items() if bb == b and yy == y and r != "0580")
    labels = {"0580": "Linköping", **{code: name for name, code in codes.items()}}
    return labels, cube


def _dataset(table: str, regions: list[str], region_labels: dict[str, str], births: list[str], years: list[str],
             values: list, status: dict[str, str], codelists: list[str]) -> dict:
    return {
        "version": "2.0", "class": "dataset", "label": f"{TITLE}. År 2020-2023", "source": "SCB",
        "updated": "2024-04-25T06:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "id": ["Region", "Fodelseregion", "ContentsCode", "Tid"],
        "size": [len(regions), len(births), 1, len(years)],
        "dimension": {
            "Region": {"label": "region", "category": {"index": {c: i for i, c in enumerate(regions)},
                                                          "label": {c: region_labels[c] for c in regions}},
                       "extension": {"elimination": False, "show": "code_value",
                                     "codelists": [{"id": c, "label": c, "type": "Valueset"} for c in codelists]}},
            "Fodelseregion": {"label": "födelseregion", "category": {"index": {c: i for i, c in enumerate(births)},
                                                                     "label": {c: BIRTH[c] for c in births}},
                              "extension": {"elimination": False, "codelists": []}},
            "ContentsCode": {"label": "tabellinnehåll", "category": {
                "index": {"000000AA": 0}, "label": {"000000AA": "Antal"},
                "unit": {"000000AA": {"base": "antal", "decimals": 0}}}},
            "Tid": {"label": "år", "category": {"index": {c: i for i, c in enumerate(years)},
                                                "label": {c: c for c in years}}},
        },
        "extension": {"px": {"tableid": table, "matrix": table, "language": "sv", "decimals": 0}},
        "value": values,
        **({"status": status} if status else {}),
    }


class ScbServer:
    """Serves TAB9901 and TAB9902 on 127.0.0.1; ``url`` is the base to set in INDIKATORPANEL_SCB_URL."""

    def __init__(self) -> None:
        self.config = json.loads((FIXTURES / "scb_server" / "config.json").read_text(encoding="utf-8"))
        self.search = (FIXTURES / "scb_server" / "search_vatten.json").read_bytes()
        self.labels, self.cube = linkoping_cube()
        self.cubes = district_cubes(self.labels, self.cube)   # the tables of «Distriktsindikatorer från SCB»
        self.suppressed: set[tuple[str, str, str]] = set()   # cells answered as null with status ".."
        self.forced: list[tuple[int, bytes, dict[str, str]]] = []
        self.requests: list[tuple[str, str, object]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.answer(self, "GET", None)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = None
                server.answer(self, "POST", body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v2"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def data_posts(self) -> list[dict]:
        return [body for method, path, body in self.requests if method == "POST" and path.endswith("/data")]

    # ------------------------------------------------------------------------- answering

    def answer(self, handler: BaseHTTPRequestHandler, method: str, body: object) -> None:
        parts = urlsplit(handler.path)
        path = parts.path.removeprefix("/api/v2")
        with self.lock:
            self.requests.append((method, path, body))
            forced = self.forced.pop(0) if self.forced else None
        if forced is not None:
            self._send(handler, *forced)
            return
        if path == "/config":
            self._json(handler, 200, self.config)
        elif path == "/tables" and "query" in parse_qs(parts.query):
            self._send(handler, 200, self.search, {})
        elif path in ("/tables/TAB9901/metadata", "/tables/TAB9902/metadata"):
            self._json(handler, 200, self._metadata(path.split("/")[2]))
        elif path == "/codelists/vs_RegSO2025":
            regso = [c for c in self.labels if "R" in c]
            values = [{"code": f"{c}_RegSO2025", "label": self.labels[c]} for c in regso]
            values += [{"code": f"{c}_RegSO2025", "label": label} for c, label in MOTALA_REGSO.items()]
            self._json(handler, 200, {"id": "vs_RegSO2025", "label": "RegSO 2025", "type": "Valueset",
                                      "values": values})
        elif method == "POST" and path in ("/tables/TAB9901/data", "/tables/TAB9902/data"):
            self._data(handler, path.split("/")[2], body)
        elif path.startswith("/tables/") and path.split("/")[2] in self.cubes:
            self._cube(handler, self.cubes[path.split("/")[2]], method, path, body)
        else:
            self._json(handler, 404, {"type": "NotFound", "title": "Not found"})

    def _metadata(self, table: str) -> dict:
        regions = list(self.labels) if table == "TAB9901" else ["0580"]
        codelists = [] if table == "TAB9901" else ["vs_RegSO2025"]
        doc = _dataset(table, regions, self.labels, list(BIRTH), YEARS, [], {}, codelists)
        doc["size"] = [len(regions), len(BIRTH), 1, len(YEARS)]
        return doc

    def _data(self, handler, table: str, body: object) -> None:
        try:
            chosen = {s["variableCode"]: (s["valueCodes"], s.get("codelist")) for s in body["selection"]}
            regions, codelist = chosen["Region"]
            births, years = chosen["Fodelseregion"][0], chosen["Tid"][0]
        except (KeyError, TypeError):
            self._json(handler, 400, {"type": "BadRequest", "title": "Bad selection"})
            return
        cells = len(regions) * len(births) * len(years)
        if cells > self.config["maxDataCells"]:
            self._json(handler, 400, {"type": "BadRequest", "title": "Too many cells selected"})
            return
        plain = [r.split("_")[0] for r in regions]
        known = set(self.labels) if table == "TAB9901" else ({"0580"} | ({c for c in self.labels if "R" in c}
                                                                          if codelist == "vs_RegSO2025" else set()))
        if any(r not in known for r in plain):
            self._json(handler, 400, {"type": "BadRequest", "title": "Unknown value code"})
            return
        values, status = [], {}
        for r in plain:
            for b in births:
                for y in years:
                    if (r, b, y) in self.suppressed:
                        status[str(len(values))] = ".."
                        values.append(None)
                    else:
                        values.append(self.cube[(r, b, y)])
        labels = {**self.labels, **{code: self.labels[code.split("_")[0]] for code in regions}}
        self._json(handler, 200, _dataset(table, list(regions), labels, births, years, values, status, []))

    def _cube(self, handler, cube, method: str, path: str, body: object) -> None:
        if path.endswith("/metadata"):
            self._json(handler, 200, cube.metadata())
            return
        try:
            chosen = {s["variableCode"]: [c for c in s["valueCodes"]] for s in body["selection"]}
        except (KeyError, TypeError):
            self._json(handler, 400, {"type": "BadRequest", "title": "Bad selection"})
            return
        self._json(handler, *cube.data(chosen, self.config["maxDataCells"]))

    def _json(self, handler, status: int, doc: object) -> None:
        self._send(handler, status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), {})

    @staticmethod
    def _send(handler, status: int, body: bytes, headers: dict[str, str]) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            pass


@contextlib.contextmanager
def serving(monkeypatch, *, calls: int = 100):
    """The stand-in on 127.0.0.1 that the app and the command line fetch from (never a proxy),
    with ``calls`` a second allowed (the call-limit test lowers it) and retries that back off in
    hundredths of a second."""
    from loaders import http_json

    srv = ScbServer()
    srv.config["maxCallsPerTimeWindow"], srv.config["timeWindow"] = calls, 1
    monkeypatch.setenv("INDIKATORPANEL_SCB_URL", srv.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setattr(http_json, "BACKOFF", (0.05, 0.05))
    try:
        yield srv
    finally:
        srv.close()
