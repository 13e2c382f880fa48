"""The Administration page's «Hämta från SCB»: search Statistikdatabasen, see a table's
variables, fetch the home kommun's RegSO (or DeSO) areas, the kommun and riket, then the same
preview, confirm and undo as any uploaded file.

The fetched document is one JSON-stat file like a saved API answer: it is archived with the
import, so a rebuild replays it without the network, and the import log can undo it. Other
variables than region and year are never summed: each value the editor keeps becomes its own
indicator.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from loaders import scb_api, scb_districts
from loaders.errors import PanelError

from .. import admin
from .. import formatting as fmt
from . import data_preview, database, roles

KEY = "scb"
SET_KEY = "scb-distrikt"
HITS = "scb-hits"
INFO = "scb-info"
LEVELS = {"RegSO": False, "DeSO": True}


def scb_tab() -> None:
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan hämta från SCB.")
        return
    try:
        where = scb_api.host()
    except PanelError as exc:
        st.error(fmt.md(exc.message))
        return
    _district_set(where)
    st.markdown("**En tabell ur Statistikdatabasen**")
    st.caption(f"Hämtar en tabell ur SCB:s Statistikdatabasen ({fmt.md(where)}) för hemkommunens "
               "RegSO- eller DeSO-områden, kommunen och riket. Källa: SCB. Du ser vad som ändras innan något "
               "sparas, och hämtningen kan ångras i importloggen som en vanlig import.")
    with st.form("scb-search", border=False):
        cols = st.columns([4, 1], vertical_alignment="bottom")
        word = cols[0].text_input("Sök tabeller i SCB:s Statistikdatabasen", placeholder="t.ex. RegSO utbildningsnivå")
        searched = cols[1].form_submit_button("Sök")
    if searched and word.strip():
        with st.spinner(f"Söker hos SCB ({where}) …"):
            try:
                st.session_state[HITS] = scb_api.search_tables(word)
            except PanelError as exc:
                st.error(fmt.md(f"{exc.title}: {exc.message}"))
    hits = st.session_state.get(HITS) or []
    titles = {t: f"{t} – {label} ({first}–{last})" for t, label, first, last in hits}
    if hits:
        st.selectbox("Tabeller som sökningen hittade", list(titles), format_func=titles.get, key="scb-hit",
                     on_change=lambda: st.session_state.update({"scb-table": st.session_state["scb-hit"]}),
                     placeholder="Välj …")
    table = st.text_input("Tabellens id", key="scb-table", placeholder="t.ex. TAB5956").strip().upper()
    if st.button("Visa tabellens variabler", disabled=not table, key="scb-describe"):
        st.session_state.pop(INFO, None)
        with st.spinner(f"Läser tabellens beskrivning hos SCB ({where}) …"):
            try:
                st.session_state[INFO] = scb_api.describe(table)
            except PanelError as exc:
                st.error(fmt.md(f"{exc.title}: {exc.message}"))
    info: scb_api.TableInfo | None = st.session_state.get(INFO)
    narrow: dict[str, list[str]] = {}
    if info is not None and info.id == table:
        narrow = _variables(info)
    level = st.radio("Områden", list(LEVELS), horizontal=True, key="scb-level",
                     help="RegSO: regionala statistikområden (en större kommun har ett 30-tal). DeSO: de mindre "
                          "demografiska statistikområdena.")
    if st.button("Hämta och granska", disabled=not table, type="primary", key="scb-fetch"):
        _fetch(table, LEVELS[level], narrow, where)
    checked = st.session_state.get(f"checked-{KEY}")
    if checked is not None:
        st.markdown(f"**Granska hämtningen** ({fmt.md(checked.file_name)})")
        data_preview.show_checked(checked, KEY)


def _district_set(where: str) -> None:
    """One button for the curated set: the shares the panel follows per district, from SCB's counts."""
    st.markdown(f"**{scb_districts.TITLE}**")
    st.caption("Hämtar " + ", ".join(s.name[0].lower() + s.name[1:] for s in scb_districts.SET)
               + " för hemkommunens RegSO-områden, kommunen och riket (tabellerna "
               + ", ".join(scb_districts.tables()) + "). Andelarna räknas ur SCB:s antal, som sparas med "
               "värdena; en stadsdels värde vägs ihop ur dess RegSO- och DeSO-områden efter befolkning "
               "(Områden och grupper). Verkliga värden ersätter exempelvärdena för samma indikatorer.")
    deso = st.checkbox("Även DeSO-områdena (för stadsdelar som byggs av DeSO-områden)", key="scb-set-deso",
                       value=database.store().deso_in_districts())
    if st.button("Hämta distriktsindikatorerna och granska", key="scb-set-fetch"):
        home = _home()
        _checked_fetch(SET_KEY, scb_districts.KIND, where, lambda bar: scb_districts.fetch(
            home, deso=deso, progress=lambda done, total, text: bar.progress(0.02 + 0.7 * done / max(total, 1),
                                                                             text=text)),
            {scb_districts.KIND: {"kommun": home, "deso": deso, "api": scb_api.base_url()}})
    checked = st.session_state.get(f"checked-{SET_KEY}")
    if checked is not None:
        st.markdown(f"**Granska hämtningen** ({fmt.md(checked.file_name)})")
        data_preview.show_checked(checked, SET_KEY)
    st.divider()


def _variables(info: scb_api.TableInfo) -> dict[str, list[str]]:
    """The table's variables as a table, and a choice of values for each other variable."""
    st.markdown(f"**{fmt.md(info.id)} – {fmt.md(info.title)}**")
    st.dataframe(pd.DataFrame({
        "Variabel": [fmt.clean_text(v.label) for v in info.variables],
        "Kod": [v.id for v in info.variables],
        "Antal värden": [len(v.codes) for v in info.variables],
        "Exempel": [fmt.clean_text(", ".join(v.labels.get(c, c) for c in v.codes[:4])) for v in info.variables],
    }), hide_index=True, width="stretch")
    narrow: dict[str, list[str]] = {}
    for var in info.variables:
        if var.role in ("geo", "time") or len(var.codes) < 2:
            continue
        chosen = st.multiselect(f"{fmt.clean_text(var.label).capitalize()}: värden att hämta (vart och ett blir en "
                                "egen indikator)", list(var.codes), default=list(var.codes),
                                format_func=lambda c, v=var: fmt.clean_text(v.labels.get(c, c)),
                                key=f"scb-val-{info.id}-{var.id}", placeholder="Välj …", select_all=False)
        if chosen and len(chosen) < len(var.codes):
            narrow[var.id] = chosen
    return narrow


def _fetch(table: str, deso: bool, narrow: dict[str, list[str]], where: str) -> None:
    home = _home()
    query = {"table": table, "kommuner": [home], "deso": deso, "narrow": narrow, "api": scb_api.base_url()}
    _checked_fetch(KEY, "scb", where, lambda bar: scb_api.fetch(
        table, [home], deso=deso, narrow=narrow,
        progress=lambda done, total: bar.progress(0.02 + 0.7 * done / max(total, 1),
                                                  text=f"Hämtar del {done} av {total} från {where} …")),
        {"scb": query})


def _home() -> str:
    store = database.store()
    return store.setting("hemkommun") or store.reference_areas().get("kommun") or ""


def _checked_fetch(key: str, kind: str, where: str, fetch: Callable[[object], tuple[bytes, str, list[str]]],
                   options: dict) -> None:
    """Fetch with a progress bar, then check the answer as any import is checked (the preview
    under ``key``); a failure says so in Swedish and nothing is kept."""
    st.session_state.pop(f"checked-{key}", None)
    progress = st.progress(0.02, text=f"Hämtar från {where} …")
    try:
        data, name, notes = fetch(progress)
        progress.progress(0.8, text="Kontrollerar svaret …")
        st.session_state[f"checked-{key}"] = admin.check_upload(database.connection(), data, name, kind, options)
        for note in notes:
            st.caption(fmt.md(note))
    except PanelError as exc:
        st.error(fmt.md(f"{exc.title}: {exc.message} Inget har ändrats."))
    finally:
        progress.empty()
