"""Åtgärder: status of the action plan's measures for one follow-up round, with filters."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, state, tables, transform, views
from dashboard import formatting as fmt
from dashboard.export import ExportInfo
from dashboard.queries import DEVELOPMENT_AREAS

state.ensure_app()

rounds = db.query("followup_rounds")
round_ = state.round_select(rounds)

st.title("Åtgärder")
if round_ is None:
    st.info("Inga åtgärder är importerade ännu. Importera åtgärdsregistret (se docs/filformat.md).")
    st.stop()

measures = transform.prepare_measures(db.query("measures", round_))
options = transform.measure_filter_options(measures)
area_label = {a: fmt.development_area_label(a, DEVELOPMENT_AREAS) for a in range(1, 6)}
source = transform.measure_source(measures, round_)

st.caption(f"Åtgärdsplanen mot segregation, uppföljning {round_}: {len(measures)} åtgärder. "
           "Status visas med symbol och text: ✔ genomförd, ◐ pågår, ✖ ej genomförd.")

f1, f2, f3, f4 = st.columns([1.6, 1, 1, 1])
chosen_areas = f1.multiselect("Utvecklingsområde", options["development_area"], key="filter_uo",
                              format_func=lambda a: area_label.get(a, str(a)), bind="query-params",
                              placeholder="Alla")
chosen_units = f2.multiselect("Ansvarig förvaltning", options["unit"], key="filter_ansvarig",
                              bind="query-params", placeholder="Alla")
chosen_districts = f3.multiselect("Gäller område", options["district"], key="filter_omrade",
                                  bind="query-params", placeholder="Alla")
chosen_status = f4.multiselect("Status", options["status"], key="filter_status",
                               format_func=fmt.status_label, bind="query-params", placeholder="Alla")
shown = transform.filter_measures(measures, development_areas=chosen_areas, units=chosen_units,
                                  districts=chosen_districts, statuses=chosen_status)
filters = [("Uppföljningsomgång", str(round_)),
           ("Utvecklingsområde", fmt.join_words([area_label[a] for a in chosen_areas]) or "alla"),
           ("Ansvarig förvaltning", fmt.join_words(chosen_units) or "alla"),
           ("Gäller område", fmt.join_words(chosen_districts) or "alla"),
           ("Status", fmt.join_words([fmt.status_label(s) for s in chosen_status]) or "alla")]
file_parts = [str(round_), *([] if len(shown) == len(measures) else ["urval"])]

totals = transform.status_totals(shown)
m0, m1, m2, m3 = st.columns(4)
m0.metric("Visade åtgärder", f"{len(shown)} av {len(measures)}")
for col, status in zip((m1, m2, m3), transform.STATUSES, strict=True):
    col.metric(fmt.status_label(status), totals[status])
state.add_to_bildspel_button(views.status_spec(round_), key="atgarder")

tab_area, tab_unit, tab_district = st.tabs(["Per utvecklingsområde", "Per ansvarig förvaltning",
                                            "Per område"])
for tab, by, header, title, labels, extra in (
        (tab_area, "development_area", "Utvecklingsområde", "Status per utvecklingsområde", area_label, ""),
        (tab_unit, "unit_groups", "Ansvarig förvaltning", "Status per ansvarig förvaltning", None,
         "En åtgärd med flera ansvariga räknas hos var och en."),
        (tab_district, "district_groups", "Område", "Status per område", None,
         "En åtgärd som gäller flera områden räknas i vart och ett.")):
    with tab:
        counts = transform.status_counts(shown, by)
        if counts.empty:
            st.info("Inga åtgärder matchar filtren.")
            continue
        fig = figures.status_figure(counts, title=title, labels=labels, source=source,
                                    subtitle=f"Uppföljning {round_}, antal åtgärder"
                                             + (" – urval enligt filter" if len(shown) < len(measures) else ""))
        state.show_chart(fig, filename=f"atgarder_{fmt.slug(title.lower())}_{round_}",
                         caption=" ".join(x for x in ("✔ genomförd · ◐ pågår (randig) · ✖ ej genomförd (rutig).", extra) if x))
        info = ExportInfo(title=f"Åtgärder – {title.lower()}, uppföljning {round_}", filters=filters,
                          sources=[("Åtgärder", source)], notes=[extra] if extra else [])
        state.show_table(tables.status_count_table(counts, header, labels), info,
                         page=f"atgarder_{fmt.slug(header.lower())}", parts=file_parts, key=f"antal_{by}")

st.subheader("Åtgärderna")
info = ExportInfo(title=f"Åtgärder, uppföljning {round_}", filters=filters, sources=[("Åtgärder", source)],
                  notes=["«Beslut inför nästa år» är beslutet i normaliserad form; «Beslut (originaltext)» "
                         "är formuleringen i uppföljningen."])
st.caption("Klicka i rutan längst till vänster på en rad för att se hela åtgärden.")
picked = state.show_table(tables.measures_table(shown), info, page="atgarder", parts=file_parts,
                          key="atgarder", selectable=True)
if picked is not None and picked < len(shown):
    measure = shown.iloc[picked].to_dict()
    with st.container(border=True):
        st.markdown(f"#### {measure['measure_id']} {measure['title']}")
        for label, text in tables.measure_details(measure):
            st.markdown(f"**{label}:** {text}")

st.subheader("Förändringar sedan föregående uppföljning")
earlier = [r for r in rounds if r < round_]
if not earlier:
    st.info(f"Det finns ingen uppföljning före {round_}. När nästa omgång är importerad visas här "
            "vilka åtgärder som bytt status eller beslut.")
else:
    previous = max(earlier)
    only_changed = st.toggle("Visa bara åtgärder som ändrats", value=True, key="bara_andrade")
    changes, summary = transform.changes_for(db.query("measure_changes", round_), shown["measure_id"],
                                             only_changed=only_changed)
    st.caption(f"Jämfört med uppföljning {previous} (bland de visade åtgärderna): "
               f"{summary['Ny status']} har ny status, {summary['Ny i denna omgång']} är nya i denna "
               f"omgång och {summary['Oförändrad status']} har samma status.")
    info = ExportInfo(title=f"Förändringar i åtgärdernas status {previous}–{round_}",
                      filters=[*filters, ("Visar", "bara ändrade" if only_changed else "alla")],
                      sources=[("Åtgärder", source)])
    state.show_table(tables.changes_table(changes, previous, round_), info, page="atgarder_forandringar",
                     parts=[f"{previous}-{round_}"], key="forandringar")
