"""Översikt's key-figure cards as HTML: what a reader and a screen reader get, imported text
kept as text."""

from __future__ import annotations

import re

from dashboard.figures.cards import card_html, cards_html
from dashboard.store import Store
from dashboard.views.overview import card_groups, overview_cards

SKA = "0580-SKA"
HOSTILE_NAME = '<img src=x onerror="alert(1)">Brott & <b>straff</b>'


def _card(**changes) -> dict:
    card = {"name": "Meritvärde åk 9", "last_year": 2024, "value_text": "201,3", "change_text": "+4,1 sedan 2015",
            "change_verdict": "bättre", "delta_colour": "blue", "delta_arrow": "up", "sparkline_html": "",
            "comparisons": [("19,8 lägre än kommunen (221,1)", "sämre"), ("Riket: uppgift saknas", "")],
            "note": "", "about": "Genomsnittligt meritvärde. Källa: Skolverket. Högre värde är bättre."}
    return {**card, **changes}


def test_a_card_says_value_change_verdict_and_comparisons_in_words():
    html = card_html(_card())
    assert '<p class="ip-kort-namn">Meritvärde åk 9 <span class="ip-kort-ar">(2024)</span></p>' in html
    assert '<p class="ip-kort-varde">201,3</p>' in html
    # the arrow is decoration (hidden from screen readers); the verdict is a word, not a colour
    assert '<span class="ip-pill ip-battre"><span aria-hidden="true">▲</span> +4,1 sedan 2015</span>' in html
    assert '<span class="ip-ord ip-dom-battre">bättre</span>' in html
    assert "19,8 lägre än kommunen (221,1) – <strong class=\"ip-ord\">sämre</strong>" in html
    assert '<p class="ip-kort-jmf">Riket: uppgift saknas</p>' in html
    # the definition behind a disclosure a keyboard opens, not a hover-only icon
    assert '<details class="ip-kort-om"><summary>Om indikatorn</summary><p>Genomsnittligt' in html


def test_a_change_without_verdict_or_direction_is_neutral_and_says_nothing_more():
    html = card_html(_card(change_verdict="", delta_colour="gray", delta_arrow="off"))
    assert '<span class="ip-pill ip-neutral">+4,1 sedan 2015</span></p>' in html
    assert "aria-hidden" not in html


def test_imported_text_stays_text_everywhere_in_a_card():
    html = cards_html([_card(name=HOSTILE_NAME, value_text="<script>x</script>", note="a < b & c",
                             about=HOSTILE_NAME, comparisons=[(HOSTILE_NAME, "<i>sämre</i>")])],
                      label='Område "1" <b>')
    assert "<img" not in html and "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Brott &amp; &lt;b&gt;straff&lt;/b&gt;" in html
    assert 'aria-label="Område &quot;1&quot; &lt;b&gt;"' in html
    assert "a &lt; b &amp; c" in html


def test_the_overview_groups_its_cards_per_development_area(con):
    store = Store(con)
    cards = overview_cards(store.overview(SKA), store.profile(SKA), district_code=SKA)
    groups = card_groups(cards)
    assert [label[:2] for label, _ in groups] == sorted({label[:2] for label, _ in groups})
    items = sum(len(re.findall(r'<li class="ip-kort-rad">', block)) for _, block in groups)
    assert items == len(cards) > 0
    for label, block in groups:
        assert block.startswith('<ul class="ip-kort" aria-label="') and label.split(".")[0] in block[:60]
    # every card with a history has its trend as one image named in words
    assert sum(block.count('role="img" aria-label="Utvecklingen') for _, block in groups) == sum(
        1 for s in cards["sparkline"] if len(s) > 1)
