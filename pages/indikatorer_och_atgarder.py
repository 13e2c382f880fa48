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
                                        bind="query-params", format_func=fmt.development_area_label)
district = sidebar.area_select(store)
years = sidebar.year_slider(store)
sex = sidebar.sex_radio(available=bool(store.indicators()["has_sex_split"].any()))
round_ = sidebar.round_select(store.followup_rounds())
name = names(store).names[district]

st.title("Indikatorer och åtgärder")
st.subheader(fmt.development_area_label(development_area))
st.caption(f"Indikatorerna som följer utvecklingsområdet, för stadsdelen {fmt.md(name)} jämfört med kommunen och "
           "riket, bredvid statusen för utvecklingsområdets åtgärder.")
left, right = st.columns([1.35, 1], gap="large")
only_district = False
if round_:
    right.subheader(f"Åtgärder – uppföljning {round_}")
    only_district = right.toggle(f"Bara åtgärder som gäller {fmt.md(name)}", key="bara_omrade",
                                 bind="query-params")
view = build(ThemeSpec(development_area, district, years, sex, round_, only_district), store)
banner.note_shown(view.shown)
with left:
    st.subheader(f"Indikatorer – {fmt.md(name)}")
    render.messages(view.messages)
    for chart in view.charts:
        render.chart(chart)
with right:
    measures = view.extra["measures"]
    if measures is None:
        st.info("Inga åtgärder är importerade ännu.")
    else:
        for column, (status, count) in zip(st.columns(3), measures["totals"].items(), strict=True):
            column.metric(fmt.status_label(status), count)
        st.caption(fmt.md(measures["summary"]))
        render.table(measures["table"])
if len(view.tables) > 1:
    render.table(view.tables[1], heading=True)
