"""Områdesprofil: every indicator for one district as small multiples against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import db, state, tables, transform
from dashboard import formatting as fmt
from dashboard.export import ExportInfo

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
state.require_indicators(indicators)
styles = db.area_styles()

district = state.area_select(areas)
years = state.year_slider(transform.year_bounds(indicators))
sex = state.sex_radio(available=bool(indicators["has_sex_split"].any()))
district_name = db.area_index().names[district]

profile = db.query("profile", district, sex)
fallback = db.query("profile", district, "totalt") if sex != "totalt" else None
panels = transform.profile_panels(profile, indicators, district, years, fallback=fallback)
example = any(transform.any_example(obs) for _, obs in panels)
state.note_shown((meta["name"], transform.any_example(obs)) for meta, obs in panels)

st.title(f"Områdesprofil – {district_name}")
st.caption(f"Alla indikatorer för {district_name} ({fmt.year_span(*years)}, "
           f"{fmt.sex_label(sex).lower()}): heldragen linje för området, streckad för kommunen, "
           "prickad för riket. Varje diagram har sin egen skala.")

if not panels:
    st.info(f"Det finns inga indikatorvärden för {district_name} {fmt.year_span(*years)}.")

COLUMNS = 3
charts = db.profile_charts(panels, styles, district=district, district_name=district_name, years=years, sex=sex)
for start in range(0, len(panels), COLUMNS):
    columns = st.columns(COLUMNS, gap="medium")
    for column, (meta, obs), (fig, notes) in zip(columns, panels[start:start + COLUMNS],
                                                 charts[start:start + COLUMNS], strict=False):
        with column:
            panel_example = transform.any_example(obs)
            state.show_chart(fig, filename=f"profil_{fmt.slug(district_name)}_{meta['indicator_id']}",
                             caption=state.source_caption({**meta, "example": panel_example}))
            for note in notes:
                st.caption(note)
            if meta["sex_fallback"]:
                st.caption("Finns inte uppdelad på kön – visar totalt.")

left_out = [n for n in indicators["name"] if n not in {m["name"] for m, _ in panels}]
if left_out:
    st.caption(f"Finns inte för {district_name} {fmt.year_span(*years)}: {fmt.join_words(left_out)}.")

if panels:
    st.subheader("Värdena i diagrammen")
    info = ExportInfo(
        title=f"Områdesprofil – {district_name}",
        filters=[("Område", district_name), ("År", fmt.year_span(*years)), ("Kön", fmt.sex_label(sex))],
        sources=[(m["name"], str(m["source"])) for m, _ in panels],
        definitions=[(m["name"], str(m["definition"])) for m, _ in panels],
        example=example,
        notes=[f"{m['name']}: finns inte per kön, värdena gäller totalt." for m, _ in panels if m["sex_fallback"]])
    state.show_table(tables.profile_table(panels), info, page="omradesprofil",
                     parts=[district_name, sex], key="profil")
