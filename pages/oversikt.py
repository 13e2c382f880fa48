"""Översikt: the chosen district's indicators in words, beside the measures' status."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, state, tables, transform
from dashboard import formatting as fmt
from dashboard.export import ExportInfo
from dashboard.queries import DEVELOPMENT_AREAS

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
district = state.area_select(areas)
sex = state.sex_radio(available=bool(indicators["has_sex_split"].any()))
district_name = db.area_index().names[district]

overview = db.query("overview", district, sex)
profile = db.query("profile", district, sex)
cards = transform.overview_cards(overview, profile, district_code=district)
state.note_shown(zip(cards.get("name", []), cards.get("example", []), strict=True))

st.title(f"Översikt – {district_name}")
st.caption(f"Senaste värdet för varje indikator, förändringen sedan första året och avståndet till "
           f"kommunen och riket ({fmt.sex_label(sex).lower()}). Orden säger om skillnaden är bättre "
           "eller sämre utifrån vad indikatorn mäter; pilen visar bara riktningen.")


left, right = st.columns([2, 1], gap="large")

with left:
    if cards.empty:
        st.info(f"Det finns inga indikatorvärden för {district_name} med de här valen.")
    for area_no, group in (cards.groupby("development_area", sort=True) if len(cards) else []):
        st.subheader(fmt.development_area_label(area_no, DEVELOPMENT_AREAS))
        columns = st.columns(2)
        for i, card in enumerate(group.itertuples(index=False)):
            with columns[i % 2].container(border=True):
                st.metric(
                    f"{card.name} ({card.last_year})", card.value_text,
                    delta=card.change_text, delta_color=card.delta_colour, delta_arrow=card.delta_arrow,
                    delta_description=card.change_verdict or None,
                    chart_data=card.sparkline if len(card.sparkline) > 1 else None,
                    help=f"{card.definition} Källa: {card.source}. "
                         f"{transform.direction_words(card.direction).capitalize()}.")
                if fmt.is_count(card.unit):
                    st.markdown("Antal – jämförs inte med kommunen eller riket, som är mycket större.")
                else:
                    st.markdown(
                        fmt.comparison_markdown(card.vs_kommun_phrase, card.vs_kommun_verdict, "Kommunen",
                                                card.kommun_text)
                        + "  \n"
                        + fmt.comparison_markdown(card.vs_riket_phrase, card.vs_riket_verdict, "Riket",
                                                  card.riket_text))
                if card.note:
                    st.caption(card.note)
    missing = transform.missing_for_district(indicators, overview)
    if missing:
        st.caption(f"Finns inte för {district_name} (bara för kommunen eller riket): "
                   f"{fmt.join_words(missing)}.")

with right:
    rounds = db.query("followup_rounds")
    if not rounds:
        st.info("Inga åtgärder är importerade ännu.")
    else:
        latest = rounds[-1]
        measures = transform.prepare_measures(db.query("measures", latest))
        st.subheader(f"Åtgärder, uppföljning {latest}")
        totals = transform.status_totals(measures)
        for column, status in zip(st.columns(3), transform.STATUSES, strict=True):
            column.metric(fmt.status_label(status), totals[status])
        mine = int(transform.measures_for_district(measures, district_name).sum())
        st.caption(f"Antal av de {len(measures)} åtgärderna i planen; {mine} av dem gäller {district_name}.")
        counts = transform.status_counts(measures, "development_area")
        short = {a: f"{a}. {fmt.DEVELOPMENT_AREA_SHORT.get(a, '')}" for a in counts["group"].unique()}
        long = {a: fmt.development_area_label(a, DEVELOPMENT_AREAS) for a in counts["group"].unique()}
        source = transform.measure_source(measures, latest)
        fig = figures.status_figure(counts, title="Status per utvecklingsområde",
                                    subtitle=f"Antal åtgärder, uppföljning {latest}", labels=short,
                                    source=f"Uppföljning {latest} av åtgärdsplanen", compact=True)
        state.show_chart(fig, filename=f"atgarder_status_per_utvecklingsomrade_{latest}",
                         caption="✔ genomförd (mörk) · ◐ pågår (randig) · ✖ ej genomförd (rutig).")
        info = ExportInfo(title=f"Åtgärdernas status per utvecklingsområde, uppföljning {latest}",
                          filters=[("Uppföljningsomgång", str(latest))], sources=[("Åtgärder", source)])
        state.show_table(tables.status_count_table(counts, "Utvecklingsområde", long), info,
                         page="oversikt_status", parts=[str(latest)], key="oversikt_status")

if len(cards):
    st.subheader(f"Indikatorerna för {district_name} som tabell")
    info = ExportInfo(
        title=f"Översikt – {district_name}: senaste värde per indikator",
        filters=[("Område", district_name), ("Kön", fmt.sex_label(sex))],
        sources=[(n, s) for n, s in zip(cards["name"], cards["source"], strict=True)],
        definitions=[(n, d) for n, d in zip(cards["name"], cards["definition"], strict=True)],
        example=transform.any_example(cards),
        notes=["Förändring sedan första året: senaste värdet minus första årets värde för området; "
               "för andelar i procentenheter.",
               "Kommunen och riket gäller samma år som områdets senaste värde."])
    state.show_table(tables.overview_table(cards, district_name), info, page="oversikt",
                     parts=[district_name, sex], key="oversikt")
