"""Områdesprofil: every indicator for one district as small multiples against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.specs import ProfileSpec
from dashboard.ui import banner, frame, render, sidebar
from dashboard.views import build

COLUMNS = 2  # three side by side were cut (titles, year labels) on a 1280 px screen

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
           "tabellen under dem har värdena för alla.")
render.messages(view.messages)


def grid(charts) -> None:
    for start in range(0, len(charts), COLUMNS):
        for column, chart in zip(st.columns(COLUMNS, gap="medium"), charts[start:start + COLUMNS], strict=False):
            with column:
                render.chart(chart)


# One utvecklingsområde at a time: only the open tab's charts are drawn (a Kolada-sized store
# has 60 indicators, and the browser takes about 100 ms per chart). The tab is in the link.
sections = view.extra["sections"]
if len(sections) > 1:
    tabs = st.tabs([label for label, _ in sections], key="profil_uo", on_change="rerun", bind="query-params")
    for tab, (_, positions) in zip(tabs, sections, strict=True):
        if tab.open:
            with tab:
                grid([view.charts[i] for i in positions])
else:
    grid(view.charts)
render.notes(view.notes)
for table in view.tables:
    render.table(table, heading=True)
