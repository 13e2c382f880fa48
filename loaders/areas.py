"""Matching the many ways sources spell an area to one area code.

BRÅ writes "Linköpings kommun", older files the genitive "Linköpings", Kolada "0580", a number
column "580", SCB "0580 Linköping", and dashes vary (en dash vs hyphen). Names are folded to
one key (case, dashes, spaces, invisible characters and Unicode form do not count); an
unknown name is an error that offers the closest known names, never a silent guess. A name
that mixes in letters of another script that look Latin («Bеrga» with a Cyrillic е) is
refused with the name it looks like.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .geography import code_candidates, split_code
from .values import cell_text, clean_name, look_alike, name_key

_SUFFIXES = (" kommun", " stadsdel", " stad", " tätort", " kommunkod")


def area_key(name: str) -> str:
    """Fold a name so spelling variants of the same area compare equal."""
    text = re.sub(r"\(.*?\)", "", name_key(name)).strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    return text


def _genitive_stem(key: str) -> str | None:
    return key[:-1] if key.endswith("s") and len(key) > 3 else None


def _as_text(name: object) -> str:
    """A cell as the text a name lookup needs: 580.0 -> '580'."""
    if isinstance(name, float) and name.is_integer():
        return str(int(name))
    return cell_text(name)


class AreaMatcher:
    """Looks up area codes by name or code; built once per import from the store."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        """``names`` are (name or variant, code) pairs, most important areas first; codes match
        themselves too."""
        self._by_key: dict[str, str] = {}
        self._codes: set[str] = set()
        self._display: dict[str, str] = {}
        for name, code in names:
            self._codes.add(code)
            self._by_key.setdefault(area_key(code), code)
            self._by_key.setdefault(area_key(name), code)
            self._display.setdefault(code, name)

    def _lookup(self, text: str) -> str | None:
        key = area_key(text)
        if not key:
            return None
        code = self._by_key.get(key)
        if code is None and (stem := _genitive_stem(key)):
            code = self._by_key.get(stem)
        return code

    def match(self, name: object) -> str | None:
        if name is None:
            return None
        text = clean_name(_as_text(name))
        if not text:
            return None
        code = self._lookup(text)
        if code is not None:
            return code
        for candidate in code_candidates(text):  # a code that lost its zero, Kolada's region ids
            if candidate in self._codes:
                return candidate
        split = split_code(text)  # '0580 Linköping': the code decides, the name must agree
        if split is not None:
            code_part, name_part = split
            by_code = next((c for c in code_candidates(code_part) if c in self._codes), None)
            by_name = self._lookup(name_part)
            if by_code is not None and (by_name is None or by_name == by_code):
                return by_code
        return None

    def suggest(self, name: object, n: int = 3) -> list[str]:
        keys = difflib.get_close_matches(area_key(_as_text(name)), list(self._by_key), n=n * 3, cutoff=0.5)
        seen: list[str] = []
        for key in keys:
            label = self._display[self._by_key[key]]
            if label not in seen:
                seen.append(label)
        return seen[:n]

    def unknown_message(self, name: object) -> str:
        text = clean_name(_as_text(name))
        latin = look_alike(text)
        if latin is not None and self._lookup(latin) is not None:
            return (f"området «{text}» innehåller bokstäver från ett annat alfabet som ser ut som latinska "
                    f"(t.ex. kyrilliska). Menade du «{self._display[self._lookup(latin)]}»? Skriv om namnet "
                    "med vanliga bokstäver.")
        close = self.suggest(text)
        hint = f" Menade du {', '.join(f'«{c}»' for c in close)}?" if close else ""
        return (f"området «{text}» finns inte i områdeslistan.{hint} "
                "Nya stadsdelar läggs till under Administration › Områden och grupper › Lägg till stadsdelar.")
