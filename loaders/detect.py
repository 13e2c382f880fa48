"""Guessing which loader a file needs from its content, so users need not say.

Each source has tell-tale words in its headers or preamble (Skolverket writes «Statistik från
Skolverket», Kolada's clients write «kpi» and «municipality»); a JSON upload is recognised by
its shape. A file whose header an editor has mapped before (a recipe) is read by that recipe.
"""

from __future__ import annotations

import re

from .model import Reference
from .reading import Workbook
from .table import HEADER_SCAN_ROWS
from .values import normalise_header


def header_key(workbook: Workbook) -> str | None:
    """The first non-empty row with several filled cells, lower-cased: what a recipe is keyed by."""
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        for row in sheet.rows[:HEADER_SCAN_ROWS]:
            cells = [normalise_header(c) for c in row]
            if sum(1 for c in cells if c) >= 2:
                return "|".join(cells).rstrip("|")
    return None


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


def detect_kind(workbook: Workbook, ref: Reference | None = None) -> str | None:
    """The loader kind, or None when the content fits no known layout."""
    if workbook.document is not None:
        return _json_kind(workbook.document)
    if ref is not None and ref.recipes:
        key = header_key(workbook)
        if key is not None and key in ref.recipes:
            return "recept"
    headers, text = _texts(workbook)
    if {"id", "status"} <= headers and any(h.startswith("åtgärd") for h in headers):
        return "atgarder"
    if ({"kpi", "kpi_id", "nyckeltal", "nyckeltals-id", "nyckeltalsid"} & headers) and (
            {"municipality", "municipality_id", "kommun", "kommun_id", "kommunkod"} & headers):
        return "kolada"  # rKolada's long layout, or a kolada.se export with Swedish headers
    if _kolada_export(workbook) or ("geo" in headers and "year" in headers
                                    and any(re.fullmatch(r"[a-z]\d{5}", h) for h in headers)):
        return "kolada"  # kolada.se's «Exportera», or open-numbers' tables named by the KPI id
    if ({"indikator", "indicator_id"} & headers) and any(h.startswith(("värde", "value")) for h in headers):
        return "mall"
    if "meritvärde" in text and ({"skola", "skolenhetskod", "skol-enhetskod"} & headers):
        return "meritvarde"
    if "skolverket" in text or ({"kommun-kod", "kommunkod"} & headers
                                and ({"uppgift", "typ av huvudman"} & headers or "valt läsår" in text)):
        return "skolverket"
    if "socialstyrelsen" in text or ("månad" in headers and "år" in headers) or _socialstyrelsen_export(workbook, text):
        return "socialstyrelsen"
    if any(h.startswith("per 100 000") for h in headers) or "brott" in text:
        return "brottsstatistik"
    if any(w in text for w in ("ekonomiskt bistånd", "försörjningsstöd", "antal hushåll", "forsorjningsstod")):
        return "forsorjningsstod"
    if "region" in headers or "statistikdatabasen" in text or "scb" in text:
        return "scb"
    return None
