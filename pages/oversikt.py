"""Översikt: the chosen district's indicators in words, and the measures' status."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.comparisons import direction_words
from dashboard.specs import OverviewSpec
from dashboard.ui import banner, frame, render, sidebar
from dashboard.views import build

frame.ensure_app()
store = frame.store()
district = sidebar.area_select(store)
sex = sidebar.sex_radio(available=bool(store.indicators()["has_sex_split"].any()))

# the cards' style sheet first: Streamlit mounts it after the elements above it have rendered
render.style("overview")
view = build(OverviewSpec(district, sex), store)
banner.note_shown(view.shown)
name, cards, status = view.extra["district_name"], view.extra["cards"], view.extra["status"]
st.title(f"Översikt – {fmt.md(name)}", anchor=False)
st.caption(f"Senaste värdet för varje indikator, förändringen sedan första året och avståndet till kommunen och "
           f"riket ({fmt.sex_label(sex).lower()}). Orden säger om skillnaden är bättre eller sämre utifrån vad "
           "indikatorn mäter; pilen visar bara riktningen.")

# One column, full width: beside a column of measures the cards were cut («25,9 per 1 …») on a
# 1280 px screen. The measures' status comes first as a line of figures, its chart at the end.
if status is None:
    st.info("Inga åtgärder är importerade ännu.")
else:
    st.subheader(f"Åtgärder, uppföljning {status['round']}", anchor=False)
    columns = st.columns(4)
    for column, (label, count) in zip(columns, status["totals"].items(), strict=False):
        column.metric(fmt.status_label(label), count)
    columns[3].metric(f"Gäller {fmt.md(name)}", f"{status['mine']} av {status['count']}")
render.messages(view.messages)
for area_no, group in (cards.groupby("development_area", sort=True) if len(cards) else []):
    st.subheader(fmt.development_area_label(area_no), anchor=False)
    columns = st.columns(3)
    for i, card in enumerate(group.itertuples(index=False)):
        with columns[i % 3].container(border=True, key=f"kort-{area_no}-{i}"):
            st.metric(fmt.md(f"{card.name} ({card.last_year})"), card.value_text, delta=card.change_text,
                      delta_color=card.delta_colour, delta_arrow=card.delta_arrow,
                      delta_description=card.change_verdict or None,
                      help=fmt.md(f"{card.definition} Källa: {card.source}. "
                                  f"{direction_words(card.direction).capitalize()}."))
            if card.sparkline_html:  # built with every text escaped (dashboard/figures/sparkline.py)
                st.html(card.sparkline_html)
            st.markdown("  \n".join(card.comparison_lines))
            render.caption(card.note)
render.notes(view.notes)
if len(cards):
    render.table(view.tables[0], heading=True)
if status is not None:
    st.subheader(f"Åtgärdernas status per utvecklingsområde {status['round']}", anchor=False)
    st.caption(f"Antal av de {status['count']} åtgärderna i planen; {status['mine']} av dem gäller "
               f"stadsdelen {fmt.md(name)}.")
    render.chart(status["chart"])
    render.table(status["table"])
