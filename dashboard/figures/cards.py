"""Översikt's key-figure cards: one HTML list per utvecklingsområde, every text escaped.

Each card used to be five Streamlit elements (a bordered container, ``st.metric``, the trend
bars, the comparison lines, a note). With 60 indicators that was 300 elements for the browser
to build and lay out on every choice of district or kön: about a second on a Kolada-sized
store, against half that with one element per utvecklingsområde (bench/README.md, 6d). The
cards are now a plain list (``<ul>``, so a screen reader says how many there are), laid out by
``dashboard/ui/overview.css``:

- the indicator's name and year, and its latest value in large type;
- the change since the first year in a pill (arrow, figure, words) and, whole on its own,
  the verdict («bättre», «sämre», «ingen säker förändring»): colour never says it alone, and
  no word is ever broken inside itself;
- the trend bars (``sparkline.py``, one image with the trend in words as its name);
- the distance to the kommun and riket, the verdict in bold;
- a note, and «Om indikatorn» (definition, source, which direction is better) behind a
  ``<details>`` a keyboard opens, where ``st.metric`` had a hover-only help icon.

Imported words (indicator names, units, sources, definitions) are escaped here with
``html.escape``; nothing from a file is markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

ARROWS = {"up": "▲", "down": "▼"}
TONES = {"blue": "battre", "orange": "samre"}  # anything else is neutral


def _text(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _comparison(line: tuple[str, str]) -> str:
    text, verdict = line
    return (f'<p class="ip-kort-jmf">{_text(text)}'
            + (f' – <strong class="ip-ord">{_text(verdict)}</strong>' if verdict else "") + "</p>")


def card_html(card: Mapping) -> str:
    """One card as an ``<li>``; ``card`` is a row of ``overview_cards``."""
    tone = TONES.get(str(card.get("delta_colour")), "neutral")
    arrow = ARROWS.get(str(card.get("delta_arrow")), "")
    year = card.get("last_year")
    change = str(card.get("change_text") or "")
    verdict = str(card.get("change_verdict") or "")
    parts = [
        f'<li class="ip-kort-rad"><p class="ip-kort-namn">{_text(card["name"])}'
        + (f' <span class="ip-kort-ar">({_text(year)})</span>' if year not in (None, "") else "") + "</p>",
        f'<p class="ip-kort-varde">{_text(card["value_text"])}</p>',
    ]
    if change:
        pill = (f'<span aria-hidden="true">{arrow}</span> ' if arrow else "") + _text(change)
        parts.append(f'<p class="ip-kort-delta"><span class="ip-pill ip-{tone}">{pill}</span>'
                     + (f' <span class="ip-ord ip-dom-{tone}">{_text(verdict)}</span>' if verdict else "") + "</p>")
    if card.get("sparkline_html"):  # built with its label escaped (sparkline.py)
        parts.append(str(card["sparkline_html"]))
    parts += [_comparison(line) for line in card.get("comparisons") or ()]
    if card.get("note"):
        parts.append(f'<p class="ip-kort-not">{_text(card["note"])}</p>')
    parts.append(f'<details class="ip-kort-om"><summary>Om indikatorn</summary><p>{_text(card["about"])}</p>'
                 "</details></li>")
    return "".join(parts)


def cards_html(cards: Iterable[Mapping], label: str) -> str:
    """The cards of one utvecklingsområde as one list; ``label`` names it for assistive
    technology (the heading above says it on screen)."""
    items = "".join(card_html(card) for card in cards)
    return f'<ul class="ip-kort" aria-label="{_text(label)}">{items}</ul>'
