"""Trender: one indicator over time for the chosen districts against kommun and riket."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, state, tables, transform, views
from dashboard import formatting as fmt
from dashboard.export import ExportInfo

state.ensure_app()

areas = db.query("areas")
indicators = db.query("indicators")
state.require_indicators(indicators)
refs = db.query("reference_areas")
styles = figures.area_styles(areas)

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
obs = db.query("observations", indicator, codes, years[0], years[1], transform.trend_sexes(sex, split))
series = transform.trend_series(obs, view=view, measure=measure, kommun_code=refs.get("kommun"))
example = transform.any_example(obs)
state.note_shown([(meta["name"], example or bool(meta["example"]))])
names = [n for c, n in zip(areas["code"], areas["name"], strict=True) if c in chosen]
missing_districts = [n for c, n in zip(areas["code"], areas["name"], strict=True)
                     if c in chosen and c not in set(obs["area_code"])]

if series.empty:
    st.warning(f"Det finns inga värden för {meta['name']} {fmt.year_span(*years)} med de här valen.")
else:
    fig = figures.trend_figure(series, meta, styles=styles, view=view, measure=measure, years=years,
                               sex=sex, facet_sex=split, district_names=names, example=example)
    view_slug = view if view != "gap" else f"gap_{measure}"
    state.show_chart(fig, filename=f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{view_slug}",
                     caption=state.source_caption({**meta, "example": example}))
    state.add_to_bildspel_button(views.trend_spec(indicator, chosen, years, sex, view, measure, split),
                                 key="trender")
    for note in transform.flag_notes(series, with_sex=split):
        st.caption(note)
    if missing_districts:
        st.caption(f"Inga värden för {fmt.join_words(missing_districts)} – indikatorn finns inte "
                   "för området.")

    st.subheader("Tabellen bakom diagrammet")
    table = tables.trend_table(series, view=view, measure=measure, split_sex=split)
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
