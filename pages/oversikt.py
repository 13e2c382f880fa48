"""Översikt: the chosen district's indicators in words, and the measures' status."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
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
# One element per utvecklingsområde: the cards as a list (dashboard/figures/cards.py, every
# imported text escaped there). As five elements a card, 60 cards took a second to redraw.
for label, cards_block in view.extra["card_groups"]:
    st.subheader(fmt.md(label), anchor=False)  # an area's name can come from an imported register
    st.html(cards_block)
render.notes(view.notes)
if len(cards):
    render.table(view.tables[0], heading=True)
if status is not None:
    st.subheader(f"Åtgärdernas status per utvecklingsområde {status['round']}", anchor=False)
    st.caption(f"Antal av de {status['count']} åtgärderna i planen; {status['mine']} av dem gäller "
               f"stadsdelen {fmt.md(name)}.")
    render.chart(status["chart"])
    render.table(status["table"])
