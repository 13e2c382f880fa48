"""Karta: one indicator across Sweden's kommuner (or a comparison group's, or the districts) for one year."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.specs import MapSpec
from dashboard.ui import banner, render, sidebar, slideshow
from dashboard.views import ViewError, build

store, indicator, meta = sidebar.indicator_page()
level = st.sidebar.radio("Karta över", ["kommun", "omrade"], horizontal=True, key="niva", bind="query-params",
                         format_func={"kommun": "Kommuner", "omrade": "Stadsdelar"}.get)
years = store.level_years(indicator, level) or [0]
year = st.sidebar.select_slider("År", options=years, value=years[-1], key="kartar", bind="query-params") \
    if len(years) > 1 else years[0]
sex = sidebar.sex_radio(available=bool(meta["has_sex_split"]))
groups = store.groups()
group = st.sidebar.selectbox("Visa", [""] + list(groups["group_id"]), key="kartgrupp", bind="query-params",
                             placeholder="Välj …", format_func=lambda g: "Hela Sverige" if not g else fmt.clean_text(
                                 groups.set_index("group_id").loc[g, "name"])) if level == "kommun" else ""

st.title("Karta", anchor=False)
try:
    view = build(MapSpec(indicator, level, int(year), sex, group), store)
except ViewError as exc:
    st.info(fmt.md(exc.message))
    st.stop()
banner.note_shown(view.shown)
render.messages(view.messages)
render.chart(view.charts[0])
slideshow.add_button(view.spec, key="karta")
render.key_figures(view.key_figures)
render.table(view.tables[0], heading=True)
