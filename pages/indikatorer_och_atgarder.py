"""Indikatorer och åtgärder: one utvecklingsområde's indicators for a district, beside the
status of that area's measures."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, state, tables, transform
from dashboard import formatting as fmt
from dashboard.export import ExportInfo
from dashboard.queries import DEVELOPMENT_AREAS

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
rounds = db.query("followup_rounds")
styles = db.area_styles()

development_area = st.sidebar.selectbox(
    "Utvecklingsområde", list(DEVELOPMENT_AREAS), key="uo", bind="query-params",
    format_func=lambda a: fmt.development_area_label(a, DEVELOPMENT_AREAS))
district = state.area_select(areas)
years = state.year_slider(transform.year_bounds(indicators))
sex = state.sex_radio(available=bool(indicators["has_sex_split"].any()))
round_ = state.round_select(rounds)
district_name = db.area_index().names[district]
area_title = fmt.development_area_label(development_area, DEVELOPMENT_AREAS)

followed = transform.indicators_for_area(indicators, development_area)
profile = db.query("profile", district, sex)
fallback = db.query("profile", district, "totalt") if sex != "totalt" else None
panels = transform.profile_panels(profile, followed, district, years, fallback=fallback,
                                  include_without_district=True)
state.note_shown((m["name"], transform.any_example(obs)) for m, obs in panels)

st.title("Indikatorer och åtgärder")
st.subheader(area_title)
st.caption(f"Indikatorerna som följer utvecklingsområdet, för {district_name} jämfört med kommunen och "
           f"riket, bredvid statusen för områdets åtgärder.")

left, right = st.columns([1.35, 1], gap="large")
with left:
    st.subheader(f"Indikatorer – {district_name}")
    if not panels:
        st.info(f"Inga indikatorer med värden följer utvecklingsområde {development_area} "
                f"{fmt.year_span(*years)}.")
    for meta, obs in panels:
        series = transform.trend_series(obs, view="values")
        example = transform.any_example(obs)
        fig = figures.small_multiple(series, meta, styles=styles, district_name=district_name,
                                     example=example, height=400)
        state.show_chart(fig, filename=f"indikator_{meta['indicator_id']}_{fmt.slug(district_name)}",
                         caption=state.source_caption({**meta, "example": example}))
        for note in transform.flag_notes(series):
            st.caption(note)
        if meta["district_missing"]:
            shown_refs = fmt.join_words(sorted(set(obs["area_name"])))
            st.caption(f"Finns inte för {district_name} – diagrammet visar {shown_refs or 'inga områden'}.")
        if meta["sex_fallback"]:
            st.caption("Finns inte uppdelad på kön – visar totalt.")

with right:
    if round_ is None:
        st.info("Inga åtgärder är importerade ännu.")
    else:
        measures = transform.prepare_measures(db.query("measures", round_))
        in_area = transform.filter_measures(measures, development_areas=[development_area])
        st.subheader(f"Åtgärder – uppföljning {round_}")
        only_district = st.toggle(f"Bara åtgärder som gäller {district_name}", key="bara_omrade",
                                  bind="query-params")
        shown = (transform.filter_measures(in_area, districts=[district_name]) if only_district
                 else in_area)
        totals = transform.status_totals(shown)
        cols = st.columns(3)
        for col, status in zip(cols, transform.STATUSES, strict=True):
            col.metric(fmt.status_label(status), totals[status])
        st.caption(f"{len(shown)} av områdets {len(in_area)} åtgärder visas; "
                   f"{int(transform.measures_for_district(in_area, district_name).sum())} gäller {district_name}.")
        source = transform.measure_source(measures, round_)
        info = ExportInfo(
            title=f"Åtgärder inom {area_title}, uppföljning {round_}",
            filters=[("Utvecklingsområde", area_title), ("Uppföljningsomgång", str(round_)),
                     ("Gäller område", district_name if only_district else "alla")],
            sources=[("Åtgärder", source)])
        table = tables.measures_table(shown, columns=("Id", "Status", "Åtgärd", "Områden", "Ansvarig",
                                                      "Beslut inför nästa år", "Kommentar"))
        state.show_table(table, info, page="indikatorer_och_atgarder",
                         parts=[f"omrade{development_area}", district_name if only_district else "alla", str(round_)],
                         key="uo_atgarder")

if panels:
    st.subheader("Indikatorvärdena i diagrammen")
    info = ExportInfo(
        title=f"Indikatorer för {area_title} – {district_name}",
        filters=[("Utvecklingsområde", area_title), ("Område", district_name),
                 ("År", fmt.year_span(*years)), ("Kön", fmt.sex_label(sex))],
        sources=[(m["name"], str(m["source"])) for m, _ in panels],
        definitions=[(m["name"], str(m["definition"])) for m, _ in panels],
        example=any(transform.any_example(obs) for _, obs in panels))
    state.show_table(tables.profile_table(panels), info, page="indikatorer",
                     parts=[f"omrade{development_area}", district_name, sex], key="uo_indikatorer")
