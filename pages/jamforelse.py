"""Jämförelse: the home kommun's districts ranked for one indicator and year, kommun and riket marked."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.comparisons import direction_words
from dashboard.specs import RankingSpec
from dashboard.ui import banner, render, sidebar, slideshow
from dashboard.views import build

store, indicator, meta = sidebar.indicator_page()
available = store.years(indicator)
if len(available) > 1:
    year = st.sidebar.select_slider("År", options=available, value=available[-1], key="jamforelsear",
                                    bind="query-params", help="Året som rangordningen gäller.")
else:
    year = available[0]
    st.sidebar.caption(f"År: {year} (indikatorn finns bara för ett år)")
sex = sidebar.sex_radio(available=bool(meta["has_sex_split"]))
group = sidebar.group_select(store)

view = build(RankingSpec(indicator, int(year), sex, group), store)
banner.note_shown(view.shown)
st.title("Jämförelse", anchor=False)
st.caption(f"**{fmt.md(meta['name'])} {year}**: alla stadsdelar rangordnade, bäst överst "
           f"({direction_words(str(meta['direction']))}). De prioriterade stadsdelarna är markerade med färg "
           "och fetstil.")
render.messages(view.messages)
if view.charts:
    render.chart(view.charts[0])
    slideshow.add_button(view.spec, key="jamforelse")
    render.table(view.tables[0], heading=True)
