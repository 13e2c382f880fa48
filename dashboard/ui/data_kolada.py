"""The Administration page's «Hämta från Kolada»: search KPIs, fetch the home kommun, riket and a
comparison group, then the same preview, confirm and undo as any uploaded file.

The fetched document is one JSON file like a saved Kolada response: it is archived with the
import, so a rebuild replays it without the network, and the import log can undo it.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from loaders import kolada_api
from loaders.errors import PanelError

from .. import admin
from .. import formatting as fmt
from . import data_preview, database, roles

KEY = "kolada"
HITS = "kolada-hits"
NO_GROUP = ""


def _kpi_label(kpi: str, titles: dict[str, str]) -> str:
    return f"{kpi} – {titles[kpi]}" if titles.get(kpi) else kpi


def kolada_tab() -> None:
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan hämta från Kolada.")
        return
    try:
        where = kolada_api.host()
    except PanelError as exc:
        st.error(fmt.md(exc.message))
        return
    if kolada_api.v2_warning():
        st.warning(fmt.md(kolada_api.v2_warning()), icon=":material/warning:")
    st.caption(f"Hämtar kommunens, rikets och jämförelsegruppens värden från Kolada ({fmt.md(where)}). "
               "Källa: Kolada. Du ser vad som ändras innan något sparas, och hämtningen "
               "kan ångras i importloggen som en vanlig import.")
    store = database.store()
    followed = store.kolada_kpis()
    titles = {str(k): f"{n} (följs redan)" for k, n in zip(followed["kpi"], followed["name"], strict=True)}
    titles |= dict(st.session_state.get(HITS, []))

    with st.form("kolada-search", border=False):
        cols = st.columns([4, 1], vertical_alignment="bottom")
        word = cols[0].text_input("Sök nyckeltal i Kolada", placeholder="t.ex. ekonomiskt bistånd")
        searched = cols[1].form_submit_button("Sök")
    if searched and word.strip():
        with st.spinner(f"Söker i Kolada ({where}) …"):
            try:
                hits = kolada_api.search_kpis(word)
            except PanelError as exc:
                st.error(fmt.md(f"{exc.title}: {exc.message}"))
                hits = None
        if hits is not None:
            st.session_state[HITS] = hits
            titles |= dict(hits)
            st.caption(f"{len(hits)} nyckeltal hittades." if hits else "Inga nyckeltal hittades.")

    chosen = st.multiselect("Nyckeltal att hämta", list(titles), default=[k for k in titles if k in set(
        followed["kpi"])][:3], format_func=lambda k: _kpi_label(k, titles), key="kolada-kpis",
        placeholder="Välj …", select_all=False)
    extra = st.text_input("… eller skriv nyckeltalens id (t.ex. N31807, N15504)", key="kolada-ids")
    groups = store.groups()
    group_names = dict(zip(groups["group_id"], groups["name"], strict=True))
    default_group = store.setting("standardgrupp")
    options = [NO_GROUP, *group_names]
    group = st.selectbox("Jämförelsegrupp (hemkommunen och riket hämtas alltid)", options,
                         index=options.index(default_group) if default_group in options else 0,
                         format_func=lambda g: "Ingen grupp" if g == NO_GROUP else group_names[g], key="kolada-group",
                         placeholder="Välj …")
    from_year = st.number_input("Från och med år (tomt: alla år Kolada har)", min_value=1990,
                                max_value=dt.date.today().year, value=None, step=1, key="kolada-from")
    kpis = list(dict.fromkeys([*chosen, *[p for p in extra.replace(";", ",").replace(" ", ",").split(",") if p]]))
    if st.button("Hämta och granska", disabled=not kpis, key="kolada-fetch"):
        _fetch(kpis, None if group == NO_GROUP else group, None if from_year is None else int(from_year), where)
    checked = st.session_state.get(f"checked-{KEY}")
    if checked is not None:
        st.markdown(f"**Granska hämtningen** ({fmt.md(checked.file_name)})")
        data_preview.show_checked(checked, KEY)


def _fetch(kpis: list[str], group: str | None, from_year: int | None, where: str) -> None:
    st.session_state.pop(f"checked-{KEY}", None)
    progress = st.progress(0.1, text=f"Hämtar från {where} …")
    try:
        con = database.connection()
        ids, group_id = kolada_api.municipalities_for(con, [], group)
        data, name = kolada_api.fetch(kpis, ids, from_year=from_year)
        progress.progress(0.7, text="Kontrollerar svaret …")
        query = {"kpi": kolada_api.normalise_kpis(kpis), "municipality": ids, "from_year": from_year,
                 "group": group_id, "api": kolada_api.base_url()}
        st.session_state[f"checked-{KEY}"] = admin.check_upload(con, data, name, "kolada", {"kolada": query})
    except PanelError as exc:
        st.error(fmt.md(f"{exc.title}: {exc.message} Inget har ändrats."))
    finally:
        progress.empty()
