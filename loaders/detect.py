"""Guessing which loader a file needs from its content, so users need not say.

Each source has tell-tale words in its headers or preamble (Skolverket writes «Statistik från
Skolverket», Kolada's clients write «kpi» and «municipality»); a JSON upload is recognised by
its shape. A file whose header an editor has mapped before (a recipe) is read by that recipe.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import layout
from .model import Reference
from .reading import Workbook
from .table import HEADER_SCAN_ROWS, header_key
from .values import normalise_header


def _texts(workbook: Workbook) -> tuple[set[str], str]:
    headers: set[str] = set()
    words: list[str] = []
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        words.append(sheet.name.lower())
        for row in sheet.rows[:HEADER_SCAN_ROWS]:
            for cell in row[:40]:
                text = normalise_header(cell)
                if text:
                    headers.add(text)
                    words.append(text)
    return headers, " ".join(words) + " " + workbook.file_name.lower()


def _json_kind(document: object) -> str | None:
    if isinstance(document, dict):
        head = document.get("indikatorpanelen")
        if isinstance(head, dict) and head.get("kind") == "scb_distrikt":
            return "scb_distrikt"  # the panel's own saved «Distriktsindikatorer från SCB»
        if document.get("type") in ("FeatureCollection", "Feature"):
            return "karta"
        if document.get("class") == "dataset" or ("dimension" in document and "value" in document):
            return "scb"
        if isinstance(document.get("dataset"), dict) and "dimension" in document["dataset"]:
            return "scb"  # JSON-stat 1.x, PxWeb API v1's «json-stat»
        if "columns" in document and "data" in document:
            return "scb"
        if isinstance(document.get("values"), list):
            return "kolada"
    if isinstance(document, list) and document and isinstance(document[0], dict) and "kpi" in document[0]:
        return "kolada"
    return None


def _socialstyrelsen_export(workbook: Workbook, text: str) -> bool:
    """Socialstyrelsen's statistikdatabas export: sheet «Tabell» under a title «Ekonomiskt bistånd, …»,
    a csv named «Statistikdatabasen_<datum>», or its last line «Socialstyrelsens statistikdatabas
    <datum>», which in a table of all kommuner lies far below the rows read for headers."""
    if "ekonomiskt bistånd" in text and "statistikdatabasen" in text:
        return True
    for sheet in workbook.sheets:
        if sheet.hidden or not sheet.rows:
            continue
        first = next((str(c) for row in sheet.rows[:3] for c in row[:1] if c is not None), "")
        if sheet.name.lower() == "tabell" and first.lower().startswith("ekonomiskt bistånd"):
            return True
        for row in sheet.rows[-15:]:
            if any(isinstance(c, str) and "socialstyrelsens statistikdatabas" in c.lower() for c in row[:3]):
                return True
    return False


def _kolada_export(workbook: Workbook) -> bool:
    """kolada.se's «Exportera»: «Kolada nyckeltal» in A1 of a visible sheet."""
    return any(not sheet.hidden and sheet.rows and sheet.rows[0] and isinstance(sheet.rows[0][0], str)
               and sheet.rows[0][0].strip().lower() == "kolada nyckeltal" for sheet in workbook.sheets)


def _kolada_layout(workbook: Workbook, headers: set[str]) -> bool:
    """rKolada's long layout or a kolada.se export with Swedish headers; kolada.se's «Exportera»;
    or open-numbers' tables named by the KPI id."""
    if ({"kpi", "kpi_id", "nyckeltal", "nyckeltals-id", "nyckeltalsid"} & headers) and (
            {"municipality", "municipality_id", "kommun", "kommun_id", "kommunkod"} & headers):
        return True
    return _kolada_export(workbook) or ("geo" in headers and "year" in headers
                                        and any(re.fullmatch(r"[a-z]\d{5}", h) for h in headers))


def _skolverket(headers: set[str], text: str) -> bool:
    return "skolverket" in text or bool({"kommun-kod", "kommunkod"} & headers
                                        and ({"uppgift", "typ av huvudman"} & headers or "valt läsår" in text))


# Each source's tell-tale content, in the order they are tried: the first that fits names the
# loader. The order matters where words overlap (a Kolada file may say «kommun»).
_RULES: tuple[tuple[str, Callable[[Workbook, set[str], str], bool]], ...] = (
    ("atgarder", lambda w, h, t: {"id", "status"} <= h and any(x.startswith("åtgärd") for x in h)),
    ("kolada", lambda w, h, t: _kolada_layout(w, h)),
    ("mall", lambda w, h, t: bool({"indikator", "indicator_id"} & h) and any(x.startswith(("värde", "value"))
                                                                              for x in h)),
    ("meritvarde", lambda w, h, t: "meritvärde" in t and bool({"skola", "skolenhetskod", "skol-enhetskod"} & h)),
    ("skolverket", lambda w, h, t: _skolverket(h, t)),
    ("socialstyrelsen", lambda w, h, t: "socialstyrelsen" in t or ("månad" in h and "år" in h)
     or _socialstyrelsen_export(w, t)),
    ("brottsstatistik", lambda w, h, t: any(x.startswith("per 100 000") for x in h) or "brott" in t),
    ("forsorjningsstod", lambda w, h, t: any(x in t for x in ("ekonomiskt bistånd", "försörjningsstöd", "antal hushåll",
                                                             "forsorjningsstod"))),
    ("scb", lambda w, h, t: "region" in h or "statistikdatabasen" in t or "scb" in t),
)


def detect_kind(workbook: Workbook, ref: Reference | None = None) -> str | None:
    """The loader kind, or None when the content fits no known layout.

    A saved recipe for the file's header wins, then an agency registered by its facts
    (``layout.register``), then the built-in sources' tell-tale content.
    """
    if workbook.document is not None:
        return _json_kind(workbook.document)
    if ref is not None and ref.recipes:
        key = header_key(workbook)
        if key is not None and key in ref.recipes:
            return "recept"
    headers, text = _texts(workbook)
    registered = layout.detect(workbook, text)
    if registered is not None:
        return registered
    return next((kind for kind, fits in _RULES if fits(workbook, headers, text)), None)
