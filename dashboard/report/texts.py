"""The written parts of the yearly report: which there are, their placeholders, and saving them.

The strategists write an introduction and one summary per utvecklingsområde each round; the
rest of the report is drafted from the data. The texts are stored per round with history
(``loaders.store.save_report_text``, one event each in the audit trail, replayed by
``python -m loaders build``) and read back with ``Store.report_texts``. A section without
text leaves a visible placeholder in the draft, so nothing is sent with a gap unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import duckdb

from loaders.domain import DEVELOPMENT_AREAS
from loaders.errors import PanelError
from loaders.store import save_report_text

from .. import formatting as fmt
from ..home import development_areas
from ..auth import Role, require_editor

INTRODUCTION = "inledning"
class _Sections(Mapping[str, str]):
    """Section key -> heading; an area's heading names it as the home kommun's plan does, so it
    is worded when asked for, not when this module is imported."""

    def __getitem__(self, section: str) -> str:
        if section == INTRODUCTION:
            return "Inledning"
        if section.startswith("uo") and section[2:].isdigit() and int(section[2:]) in DEVELOPMENT_AREAS:
            n = int(section[2:])
            return f"Utvecklingsområde {n}: {development_areas()[n]}"
        raise KeyError(section)

    def __iter__(self) -> Iterator[str]:
        return iter([INTRODUCTION, *(f"uo{n}" for n in DEVELOPMENT_AREAS)])

    def __len__(self) -> int:
        return 1 + len(DEVELOPMENT_AREAS)


SECTIONS: Mapping[str, str] = _Sections()
MAX_TEXT = 20_000   # characters; a summary in the 2021 report is about 2 000


def area_section(number: int) -> str:
    """The section key of one utvecklingsområde's summary: 3 -> 'uo3'."""
    return f"uo{int(number)}"


def placeholder(section: str, round_: int) -> str:
    """What the draft says where a written part is missing (visible, in brackets)."""
    what = ("Inledning" if section == INTRODUCTION
            else f"Sammanfattning av året för {SECTIONS.get(section, section).split(':')[0].lower()}")
    return (f"[{what} saknas för {round_}. Skriv den på sidan Administration under «Uppföljningsrapport» och skapa "
            "rapporten igen.]")


def paragraphs(text: str | None) -> list[str]:
    """A stored text as paragraphs: one per non-empty line, invisible characters removed."""
    cleaned = fmt.clean_text(text or "", single_line=False)
    return [" ".join(line.split()) for line in cleaned.splitlines() if line.strip()]


def changed_texts(current: Mapping[str, str], edited: Mapping[str, str]) -> dict[str, str]:
    """The sections whose edited text differs from the stored one (white space at the ends
    ignored): only these are saved, so the history holds real changes only."""
    out = {}
    for section, text in edited.items():
        if section not in SECTIONS:
            continue
        new = fmt.clean_text(text or "", single_line=False).strip()
        if new != fmt.clean_text(current.get(section, ""), single_line=False).strip():
            out[section] = new
    return out


def save_texts(con: duckdb.DuckDBPyConnection, round_: int, texts: Mapping[str, str], *, role: Role,
               who: str, current: Mapping[str, str] | None = None) -> list[str]:
    """Save the sections that changed (each its own event with history); returns their keys.

    Checks the editor role itself: the page hides the form from viewers, this refuses them.
    """
    require_editor(role)
    unknown = [s for s in texts if s not in SECTIONS]
    if unknown:
        raise PanelError(f"Okänt avsnitt i rapporten: {', '.join(unknown)}.")
    too_long = [SECTIONS[s] for s, t in texts.items() if len(t or "") > MAX_TEXT]
    if too_long:
        raise PanelError(f"Texten är för lång (högst {MAX_TEXT} tecken): {', '.join(too_long)}.")
    changed = changed_texts(current or {}, texts)
    for section, text in changed.items():
        save_report_text(con, int(round_), section, text, who=who)
    return list(changed)
