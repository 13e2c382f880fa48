"""The banner that says plainly when what is shown is example data, and which indicators.

A page notes the indicators it showed (``note_shown``) with whether their values are example
data; after the page has run, the frame shows the banner above it, naming exactly those
indicators. The flag belongs to each value, so real values next to example ones are named
apart.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from .. import formatting as fmt

_SHOWN = "_indikatorer_visade"


def begin_run() -> None:
    """Forget what the previous run showed."""
    st.session_state[_SHOWN] = {}


def note_shown(names_and_example: Iterable[tuple[str, bool]]) -> None:
    """A page showed these indicators; ``True`` marks example data."""
    shown = st.session_state.setdefault(_SHOWN, {})
    for name, example in names_and_example:
        shown[str(name)] = bool(shown.get(str(name), False) or example)


def shown_indicators() -> dict[str, bool]:
    return dict(st.session_state.get(_SHOWN, {}))


def show(container, *, store_has_example: bool) -> None:
    shown = shown_indicators()
    example = [n for n, ex in shown.items() if ex]
    if example:
        which = ("Alla indikatorvärden" if len(example) == len(shown)
                 else "Värdena för " + fmt.join_words([f"«{fmt.md(n)}»" for n in example]))
        container.warning(
            f"**Exempeldata – påhittade värden, inte verklig statistik.** {which} på den här sidan "
            "kommer från panelens inbyggda exempelfiler och får inte användas som underlag. "
            "Exporter märks på samma sätt.", icon="⚠️")
    elif store_has_example and not shown:
        container.warning(
            "**Exempeldata:** några av panelens indikatorer visar påhittade exempelvärden. "
            "Åtgärderna och deras uppföljning är verkliga uppgifter.", icon="⚠️")
