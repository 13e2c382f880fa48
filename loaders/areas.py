"""Matching the many ways sources spell an area to one area code.

BRÅ writes "Linköpings kommun", older files the genitive "Linköpings", and dashes vary
(en dash vs hyphen). Names are folded to one key; an unknown name is an error that offers
the closest known names, never a silent guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]+")
_SUFFIXES = (" kommun", " stadsdel", " stad", " tätort")


def area_key(name: str) -> str:
    """Fold a name so spelling variants of the same area compare equal."""
    text = unicodedata.normalize("NFC", str(name)).lower().strip()
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"[\s\u00a0]+", " ", text)
    text = re.sub(r"\(.*?\)", "", text).strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    return text


def _genitive_stem(key: str) -> str | None:
    return key[:-1] if key.endswith("s") and len(key) > 3 else None


class AreaMatcher:
    """Looks up area codes by name or code; built once per import from the store."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        """``names`` are (name or variant, code) pairs; codes match themselves too."""
        self._by_key: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for name, code in names:
            self._by_key.setdefault(area_key(name), code)
            self._by_key.setdefault(area_key(code), code)
            self._display.setdefault(code, name)

    def match(self, name: object) -> str | None:
        if name is None:
            return None
        key = area_key(str(name))
        if not key:
            return None
        code = self._by_key.get(key)
        if code is None and (stem := _genitive_stem(key)):
            code = self._by_key.get(stem)
        return code

    def suggest(self, name: object, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(area_key(str(name)), list(self._by_key), n=n * 3, cutoff=0.5)
        seen: list[str] = []
        for key in keys:
            label = self._display[self._by_key[key]]
            if label not in seen:
                seen.append(label)
        return seen[:n]

    def unknown_message(self, name: object) -> str:
        close = self.suggest(name)
        hint = f" Menade du {', '.join(f'«{c}»' for c in close)}?" if close else ""
        return (f"området «{name}» finns inte i områdeslistan.{hint} "
                "Nya områden läggs till i data/omraden.csv.")
