"""Guessing which loader a file needs from its content, so users need not say."""

from __future__ import annotations

from .reading import Workbook
from .table import HEADER_SCAN_ROWS
from .values import cell_text, normalise_header


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


def detect_kind(workbook: Workbook) -> str | None:
    """The loader kind, or None when the content fits no known layout."""
    headers, text = _texts(workbook)
    if {"id", "status"} <= headers and any(h.startswith("åtgärd") for h in headers):
        return "atgarder"
    if "indikator" in headers and any(h.startswith("värde") for h in headers):
        return "mall"
    if "meritvärde" in text and ("skola" in headers or "skolenhetskod" in headers):
        return "meritvarde"
    if any(h.startswith("per 100 000") for h in headers) or "brott" in text:
        return "brottsstatistik"
    if any(w in text for w in ("ekonomiskt bistånd", "försörjningsstöd", "antal hushåll",
                               "forsorjningsstod")):
        return "forsorjningsstod"
    return None


def describe(workbook: Workbook) -> str:
    first = next((cell_text(c) for s in workbook.sheets for r in s.rows for c in r if c), "")
    return first[:60]
