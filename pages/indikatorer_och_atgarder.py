"""Indikatorer och åtgärder: one utvecklingsområde's indicators for a district, beside the
status of that utvecklingsområde's measures."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.specs import ThemeSpec
from dashboard.ui import banner, frame, render, sidebar
from dashboard.views import build
from dashboard.views.common import names

frame.ensure_app()
store = frame.store()
development_area = st.sidebar.selectbox("Utvecklingsområde", list(fmt.DEVELOPMENT_AREAS), key="uo",
                                        bind="query-params", format_func=fmt.development_area_label,
                                        placeholder="Välj …")
district = sidebar.area_select(store)
years = sidebar.year_slider(store)
sex = sidebar.sex_radio(available=bool(store.indicators()["has_sex_split"].any()))
round_ = sidebar.round_select(store.followup_rounds())
name = names(store).names[district]

st.title("Indikatorer och åtgärder", anchor=False)
st.subheader(fmt.md(fmt.development_area_label(development_area)), anchor=False)
st.caption(f"Indikatorerna som följer utvecklingsområdet, för stadsdelen {fmt.md(name)} jämfört med kommunen och "
           "riket, bredvid statusen för utvecklingsområdets åtgärder.")
# Stacked, not side by side: beside each other on a 1280 px screen the charts were squeezed to
# a sliver and the measures table cut off. The measures' status comes first (a glance), then
# the indicators in one grid, then the measures one by one.
only_district = False
if round_:
    st.subheader(f"Åtgärder – uppföljning {round_}", anchor=False)
    only_district = st.toggle(f"Bara åtgärder som gäller {fmt.md(name)}", key="bara_omrade", bind="query-params")
view = build(ThemeSpec(development_area, district, years, sex, round_, only_district), store)
banner.note_shown(view.shown)
measures = view.extra["measures"]
if round_ and measures is None:
    st.info("Inga åtgärder är importerade ännu.")
elif measures is not None:
    for column, (status, count) in zip(st.columns(4)[:3], measures["totals"].items(), strict=True):
        column.metric(fmt.status_label(status), count)
    st.caption(fmt.md(measures["summary"]))
st.subheader(f"Indikatorer – {fmt.md(name)}", anchor=False)
render.messages(view.messages)
if view.extra["grid"] is not None:  # the panels in one figure: the browser sets up one chart, not one each
    render.chart(view.extra["grid"])
if measures is not None:
    st.subheader("Åtgärderna", anchor=False)
    render.table(measures["table"])
if len(view.tables) > 1:
    render.table(view.tables[1], heading=True)
