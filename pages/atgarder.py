"""Åtgärder: status of the action plan's measures for one follow-up round, with filters."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard import tables
from dashboard.specs import MeasuresSpec
from dashboard.ui import frame, render, sidebar, slideshow
from dashboard.views import build
from dashboard.views.measures import AREA_LABELS, GROUPINGS

frame.ensure_app()
store = frame.store()
round_ = sidebar.round_select(store.followup_rounds())
st.title("Åtgärder", anchor=False)
if not round_:
    st.info("Inga åtgärder är importerade ännu. Fyll i åtgärdsmallen (Administration › Hämta data › Mallar) och "
            "importera den under «Importera fil».")
    st.stop()

options = build(MeasuresSpec(round_), store).extra["options"]
f1, f2, f3, f4 = st.columns([1.4, 1, 1, 1.5])  # room for a whole «✖ Ej genomförd» chip
areas = f1.multiselect("Utvecklingsområde", options["development_area"], key="filter_uo", bind="query-params",
                       format_func=lambda a: AREA_LABELS.get(a, str(a)), placeholder="Alla", select_all=False)
units = f2.multiselect("Ansvarig förvaltning", options["unit"], key="filter_ansvarig", bind="query-params",
                       placeholder="Alla", format_func=fmt.clean_text, select_all=False)
districts = f3.multiselect("Gäller område", options["district"], key="filter_omrade", bind="query-params",
                           placeholder="Alla", format_func=fmt.clean_text, select_all=False)
statuses = f4.multiselect("Status", options["status"], key="filter_status", format_func=fmt.status_label,
                          bind="query-params", placeholder="Alla", select_all=False)
head, groups_box, listing_box, changes_box = st.container(), st.container(), st.container(), st.container()
earlier = [r for r in store.followup_rounds() if r < round_]
with changes_box:
    st.subheader("Förändringar sedan föregående uppföljning", anchor=False)
    only_changed = bool(earlier) and st.toggle("Visa bara åtgärder som ändrats", value=True, key="bara_andrade")
view = build(MeasuresSpec(round_, tuple(areas), tuple(units), tuple(districts), tuple(statuses),
                          only_changed=only_changed), store)
measures, shown = view.extra["measures"], view.extra["shown"]
head.caption(f"Åtgärdsplanen mot segregation, uppföljning {round_}: {len(measures)} åtgärder. Status visas med "
           "symbol och text: ✔ genomförd, ➜ pågår, ✖ ej genomförd.")
m0, *metrics = head.columns(4)
m0.metric("Visade åtgärder", f"{len(shown)} av {len(measures)}")
for column, (status, count) in zip(metrics, view.extra["totals"].items(), strict=True):
    column.metric(fmt.status_label(status), count)
slideshow.add_button(view.spec, key="atgarder", container=head)

for tab, by in zip(groups_box.tabs([GROUPINGS[b][0] for b in GROUPINGS]), GROUPINGS, strict=True):
    with tab:
        chart, table = view.extra["groups"][by]
        if chart is None or not len(shown):
            st.info("Inga åtgärder matchar filtren.")
            continue
        render.chart(chart)
        render.table(table)

with listing_box:
    st.subheader("Åtgärderna", anchor=False)
    st.caption("Klicka i rutan längst till vänster på en rad för att se hela åtgärden.")
    picked = render.table(view.tables[1], selectable=True)
    if picked is not None and picked < len(shown):
        measure = shown.iloc[picked].to_dict()
        with st.container(border=True):
            st.markdown(f"#### {fmt.md(measure['measure_id'])} {fmt.md(measure['title'])}")
            for label, text in tables.measure_details(measure):
                st.markdown(f"**{label}:** {fmt.md(text)}")
with changes_box:
    if view.extra["changes"] is None:
        st.info(f"Det finns ingen uppföljning före {round_}. När nästa omgång är importerad visas här vilka "
                "åtgärder som bytt status eller beslut.")
    else:
        render.caption(view.extra["changes"].info.notes[0])
        render.table(view.extra["changes"])
