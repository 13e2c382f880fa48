"""Jämförelse: all districts ranked for one indicator and year, kommun and riket marked."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, state, tables, transform, views
from dashboard import formatting as fmt
from dashboard.export import ExportInfo

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
state.require_indicators(indicators)
styles = db.area_styles()

indicator = state.indicator_select(indicators)
meta = transform.indicator_meta(indicators, indicator)
available = db.query("years", indicator)
if len(available) > 1:
    year = st.sidebar.select_slider("År", options=available, value=available[-1], key="jamforelsear",
                                    bind="query-params", help="Året som rangordningen gäller.")
else:
    year = available[0]
    st.sidebar.caption(f"År: {year} (indikatorn finns bara för ett år)")
sex = state.sex_radio(available=bool(meta["has_sex_split"]))

ranked = db.query("ranking", indicator, year, sex)
rows = transform.ranking_rows(ranked, str(meta["direction"]))
references = transform.reference_values(ranked)
example = transform.any_example(ranked)
state.note_shown([(meta["name"], example or bool(meta["example"]))])

st.title("Jämförelse")
st.caption(f"**{meta['name']} {year}**: alla stadsdelar rangordnade, bäst överst ({transform.direction_words(str(meta['direction']))}). "
           "Berga, Ryd och Skäggetorp är markerade med färg och fetstil.")

if rows.empty:
    st.info(f"{meta['name']} finns inte per stadsdel {year} – bara för kommunen och riket, "
            "så det finns inget att rangordna. Se sidan Trender.")
else:
    if fmt.is_count(str(meta["unit"])):
        st.info("Indikatorn är ett antal: den beror på hur stort området är. Jämför hellre en "
                "indikator per invånare.")
    fig = figures.ranking_figure(rows, meta, styles=styles, year=year, sex=sex, references=references,
                                 example=example)
    state.show_chart(fig, filename=f"jamforelse_{indicator}_{year}",
                     caption=state.source_caption({**meta, "example": example}))
    state.add_to_bildspel_button(views.ranking_spec(indicator, year, sex), key="jamforelse")
    for note in transform.ranking_notes(rows):
        st.caption(note)

    st.subheader("Tabell")
    info = ExportInfo(
        title=f"Jämförelse – {meta['name']}, {year}",
        filters=[("Indikator", str(meta["name"])), ("År", str(year)), ("Kön", fmt.sex_label(sex))],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example,
        notes=[f"Rangordning: {transform.direction_words(str(meta['direction']))}; rang 1 är bäst."])
    state.show_table(tables.ranking_table(rows, meta, references), info, page="jamforelse",
                     parts=[indicator, str(year), sex], key="jamforelse")
