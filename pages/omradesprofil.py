"""Områdesprofil: every indicator for one district as small multiples against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.specs import ProfileSpec
from dashboard.ui import banner, frame, render, sidebar
from dashboard.views import build

frame.ensure_app()
store = frame.store()
sidebar.require_indicators(store)

district = sidebar.area_select(store)
years = sidebar.year_slider(store)
sex = sidebar.sex_radio(available=bool(store.indicators()["has_sex_split"].any()))

view = build(ProfileSpec(district, years, sex), store)
banner.note_shown(view.shown)
name = view.extra["district_name"]
st.title(f"Områdesprofil – {fmt.md(name)}", anchor=False)
st.caption(f"Alla indikatorer för {fmt.md(name)} ({fmt.year_span(*view.extra['years'])}, "
           f"{fmt.sex_label(sex).lower()}): heldragen linje för området, streckad för kommunen, prickad för "
           "riket. Varje diagram har sin egen skala. Flikarna delar indikatorerna per utvecklingsområde; "
           "tabellen under diagrammen har deras värden.")
render.messages(view.messages)

# One utvecklingsområde at a time, its panels as one figure (dashboard/figures/multiples.py):
# a Kolada-sized store has 60 indicators, and the browser sets up each chart on its own. The
# tab is in the link.
sections, parts = view.extra["sections"], view.extra["by_section"]
shown = None
if len(sections) > 1:
    tabs = st.tabs([label for label, _ in sections], key="profil_uo", on_change="rerun", bind="query-params")
    for i, tab in enumerate(tabs):
        if tab.open:
            with tab:
                render.chart(parts.chart(i))
            shown = i
elif sections:
    render.chart(parts.chart(0))
    shown = 0
render.notes(view.notes)
if shown is not None:  # the values behind the grid on screen: its text alternative and its Excel file
    render.table(parts.table(shown), heading=True)
