"""Trender: one indicator over time for the chosen districts against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.comparisons import direction_words
from dashboard.series import GAP_MEASURES, VIEWS
from dashboard.specs import REFERENCES, TrendSpec
from dashboard.ui import banner, render, sidebar, slideshow
from dashboard.views import build

store, indicator, meta = sidebar.indicator_page()
areas = sidebar.areas_multiselect(store)
years = sidebar.year_slider(store)
has_split = bool(meta["has_sex_split"])

st.title("Trender", anchor=False)
caption = st.empty()
# the view choice on its own line: beside the other choices it was cut («Index (fö…») at 1280 px
view_kind = st.segmented_control("Visa", list(VIEWS), format_func=VIEWS.get, default="values", required=True,
                                 key="vy", bind="query-params")
c2, c3 = st.columns([2, 1.3], vertical_alignment="bottom")
measure, reference = "difference", "kommun"
if view_kind == "gap":
    measure = c2.radio("Mått", GAP_MEASURES, horizontal=True, key="matt", bind="query-params",
                       format_func={"difference": "Skillnad", "ratio": "Kvot"}.get)
    reference = c2.radio("Mot", REFERENCES, horizontal=True, key="mot", bind="query-params",
                         format_func={"kommun": "kommunen", "riket": "riket", "grupp": "jämförelsegruppen"}.get)
split = c3.toggle("Kvinnor och män var för sig", key="delat", bind="query-params", disabled=not has_split,
                  help="Två diagram bredvid varandra. Finns bara för indikatorer som är uppdelade på kön.")
sex = sidebar.sex_radio(available=has_split, both=split and has_split)
group = sidebar.group_select(store)
band = st.sidebar.checkbox(
    "Visa osäkerhetsintervall (95 %)", key="intervall", bind="query-params",
    help="Ett ljust band runt linjen visar hur mycket värdet kan variera av slumpen. Finns där databasen har "
         "antalen bakom värdena (till exempel anmälda brott och befolkning), i visningen Värden.")

view = build(TrendSpec(indicator, tuple(areas), years, sex, view_kind, measure, reference, split=split,
                       band=band, group=group), store)
banner.note_shown(view.shown)
caption.caption(f"**{fmt.md(meta['name'])}** ({fmt.md(meta['unit'])}) · "
                f"{direction_words(str(meta['direction'])).capitalize()} · finns för "
                f"{fmt.year_span(int(meta['first_year']), int(meta['last_year']))}. Områdena heldragna, "
                "kommunen streckad, jämförelsegruppen streckprickad, riket prickad.")
render.messages(view.messages)
if view.charts:
    render.chart(view.charts[0], notes=False)
    slideshow.add_button(view.spec, key="trender")
    render.notes(view.charts[0].notes)
    render.table(view.tables[0], show_notes=False, heading=True)
