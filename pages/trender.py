"""Trender: one indicator over time for the chosen districts against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import db, state, transform, views
from dashboard import formatting as fmt
from dashboard.export import ExportInfo

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
state.require_indicators(indicators)
refs = db.query("reference_areas")
styles = db.area_styles()

indicator = state.indicator_select(indicators)
chosen = state.areas_multiselect(areas)
years = state.year_slider(transform.year_bounds(indicators))
meta = transform.indicator_meta(indicators, indicator)
sex = state.sex_radio(available=bool(meta["has_sex_split"]))

st.title("Trender")
st.caption(f"**{meta['name']}** ({meta['unit']}) · "
           f"{transform.direction_words(str(meta['direction'])).capitalize()} · finns för "
           f"{fmt.year_span(int(meta['first_year']), int(meta['last_year']))}. Områdena heldragna, "
           "kommunen streckad, riket prickad.")

c1, c2, c3 = st.columns([2.2, 1.4, 1.4], vertical_alignment="bottom")
view = c1.segmented_control("Visa", list(transform.VIEWS), format_func=transform.VIEWS.get,
                            default="values", required=True, key="vy", bind="query-params")
measure = "difference"
if view == "gap":
    measure = c2.radio("Mått", transform.GAP_MEASURES, horizontal=True, key="matt",
                       format_func={"difference": "Skillnad", "ratio": "Kvot"}.get,
                       bind="query-params")
split = c3.toggle("Kvinnor och män var för sig", key="delat", bind="query-params",
                  disabled=not bool(meta["has_sex_split"]),
                  help="Två diagram bredvid varandra. Finns bara för indikatorer som är uppdelade på kön.")
split = split and bool(meta["has_sex_split"])

view, why = transform.effective_view(view, str(meta["unit"]))
if why:
    st.info(why)
if not chosen:
    st.info("Inga områden valda – välj områden i sidofältet. Kommunen och riket visas ändå.")

codes = transform.trend_areas(chosen, refs, unit=str(meta["unit"]), view=view)
data = db.trend(indicator, codes, years, transform.trend_sexes(sex, split), view, measure, split,
                refs.get("kommun"))
series, example = data.series, data.example
state.note_shown([(meta["name"], example or bool(meta["example"]))])
area_index = db.area_index()
names = area_index.names_of(chosen)
missing_districts = area_index.names_of(c for c in chosen if c not in data.found)

if series.empty:
    st.warning(f"Det finns inga värden för {meta['name']} {fmt.year_span(*years)} med de här valen.")
else:
    fig = db.trend_figure(data, meta, styles, indicator=indicator, codes=codes, view=view, measure=measure,
                          years=years, sex=sex, split=split, district_names=names)
    view_slug = view if view != "gap" else f"gap_{measure}"
    state.show_chart(fig, filename=f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{view_slug}",
                     caption=state.source_caption({**meta, "example": example}))
    state.add_to_bildspel_button(views.trend_spec(indicator, chosen, years, sex, view, measure, split),
                                 key="trender")
    for note in data.notes:
        st.caption(note)
    if missing_districts:
        st.caption(f"Inga värden för {fmt.join_words(missing_districts)} – indikatorn finns inte "
                   "för området.")

    st.subheader("Tabellen bakom diagrammet")
    table = data.table
    info = ExportInfo(
        title=f"Trender – {meta['name']} ({transform.VIEWS[view].lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(names) or "inga"),
                 ("År", fmt.year_span(*years)),
                 ("Kön", "kvinnor och män" if split else fmt.sex_label(sex)),
                 ("Visning", transform.VIEWS[view] + (f" ({'kvot' if measure == 'ratio' else 'skillnad'})"
                                                      if view == "gap" else ""))],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example, notes=[f"Enhet: {meta['unit']}."])
    state.show_table(table, info, page="trender", parts=[indicator, "-".join(names), view_slug],
                     key="trender", notes=False)
