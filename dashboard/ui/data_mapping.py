"""The Administration page's tab «Skolor och delområden»: which district each school, RegSO and DeSO of
the home kommun belongs to.

Editors pick a district per row (the ones without a district first) and save all changes as
one event, or upload a mapping file (all or nothing). District values follow at once from
the stored school and delområde values (the store's view); nothing is re-imported. The
logic lives in ``dashboard.mapping``; names from files are shown in dataframes or escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.errors import ImportFailed, PanelError
from loaders.store import reference

from .. import mapping
from .. import formatting as fmt
from . import data_preview, database, roles

NONE_LABEL = "– ingen stadsdel –"
PER_ROW = 3
FLASH = "mapping-saved"


def mapping_tab() -> None:
    con = database.connection()
    state = mapping.read_state(con)
    table = mapping.mappable_areas(state)
    homes = mapping.districts(state)
    names = dict(zip(homes["code"], homes["name"], strict=True))
    st.markdown("Vilken stadsdel hemkommunens skolor, RegSO och DeSO hör till. En stadsdels värde räknas fram "
                "ur dess skolors (elevviktat) eller delområdens värden så fort kopplingen sparas: ingen fil behöver "
                "ändras eller importeras om.")
    editor = roles.current_role() == "editor"
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    if table.empty:
        st.info("Det finns inga skolor eller delområden i databasen ännu. De kommer med filerna, till exempel "
                "Skolverkets fil med meritvärden per skola.")
    else:
        _lists(table, names, editor)
        if editor:
            _upload(table, names)
    _history(con)


def _level_label(level: str, table: pd.DataFrame) -> str:
    rows = table[table["level"] == level]
    missing = int(rows["district"].isna().sum())
    word = {"skola": "Skolor", "regso": "RegSO", "deso": "DeSO"}[level]
    return f"{word} ({len(rows)}, {missing} utan stadsdel)"


def _lists(table: pd.DataFrame, names: dict[str, str], editor: bool) -> None:
    levels = [lvl for lvl in mapping.MAPPABLE if (table["level"] == lvl).any()]
    level = levels[0] if len(levels) == 1 else st.radio(
        "Visa", levels, horizontal=True, key="mapping-level", format_func=lambda lvl: _level_label(lvl, table))
    if len(levels) == 1:
        st.caption(_level_label(level, table))
    shown = table[table["level"] == level]
    todo, done = mapping.unmapped(shown), mapping.mapped(shown)
    if not editor:
        frame_ = pd.DataFrame({"Område": shown["name"], "Kod": shown["code"].str.removeprefix("skola:"),
                               "Stadsdel": [names.get(d, "–") if isinstance(d, str) else "–" for d in shown["district"]]})
        st.dataframe(frame_, hide_index=True, width="stretch")
        st.caption("Endast redaktörer kan ändra kopplingarna.")
        return
    options = [None, *names]
    chosen: dict[str, str | None] = {}
    with st.form("mapping-form", border=False):
        st.markdown(f"**Utan stadsdel ({len(todo)})**")
        if todo.empty:
            st.caption("Alla har en stadsdel.")
        _selects(todo, options, names, chosen)
        with st.expander(f"Med stadsdel ({len(done)}) – ändra vid behov"):
            _selects(done, options, names, chosen)
        submitted = st.form_submit_button("Spara kopplingarna", type="primary")
    if submitted:
        _save(mapping.changes(table, chosen))


def _selects(rows: pd.DataFrame, options: list, names: dict[str, str], chosen: dict) -> None:
    for start in range(0, len(rows), PER_ROW):
        cols = st.columns(PER_ROW)
        for col, row in zip(cols, rows.iloc[start:start + PER_ROW].itertuples(index=False), strict=False):
            current = row.district if isinstance(row.district, str) else None
            code = row.code.removeprefix("skola:")
            chosen[row.code] = col.selectbox(
                f"{fmt.md(row.name)} ({fmt.md(code)})", options, index=options.index(current) if current in options else 0,
                format_func=lambda c: NONE_LABEL if c is None else names.get(c, c),
                key=f"map-{row.code}-{current}", placeholder="Välj …")  # a stored change elsewhere resets the box


def _save(changed: dict[str, str | None]) -> None:
    if not changed:
        st.info("Inga kopplingar ändrades.")
        return
    try:
        event = mapping.save_mappings(database.connection(), changed, roles.current_role(), roles.who())
    except PanelError as exc:
        st.error(fmt.md(exc.message))
        return
    # shown after the rerun, which draws the lists as they now are
    st.session_state[FLASH] = (f"{len(changed)} kopplingar sparade (händelse {event}). Stadsdelarnas värden är "
                               "uppdaterade.")
    st.rerun()


def _upload(table: pd.DataFrame, names: dict[str, str]) -> None:
    st.markdown("**Koppla med en fil**")
    st.caption("En xlsx- eller csv-fil med kolumnerna «Kod» (skolenhetskod, RegSO- eller DeSO-kod; eller «Skola» "
               "med namnet) och «Stadsdel» (namn eller kod; «ingen» tar bort kopplingen). Filen sparas bara om "
               "alla rader går att läsa.")
    st.download_button("Ladda ner nuvarande kopplingar (xlsx)", lambda: mapping.mapping_download(table, names),
                       file_name="kopplingar_skolor_delomraden.xlsx", on_click="ignore")
    # behind a switch: the page's main file upload stays the only one unless an editor asks for this
    if not st.toggle("Ladda upp en fil med kopplingar", key="mapping-upload-on"):
        return
    upload = st.file_uploader("Kopplingsfil", type=["xlsx", "csv"], key="mapping-upload")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        read = mapping.parse_mapping_file(data, upload.name, reference(database.connection()))
    except ImportFailed as exc:
        st.markdown("**Filen kan inte användas förrän felen är rättade; inget har sparats:**")
        data_preview.problem_list(exc.problems, "fel")
        return
    if not read.changes:
        st.info(f"Filen ändrar inga kopplingar ({read.unchanged} stämmer redan).")
        return
    st.markdown(f"**{len(read.changes)} kopplingar ändras** ({read.unchanged} stämmer redan):")
    st.dataframe(read.rows, hide_index=True, width="stretch")
    if st.button(f"Spara {len(read.changes)} kopplingar från filen", type="primary", key="mapping-file-save"):
        _save(read.changes)


def _history(con) -> None:
    log = mapping.history(con)
    st.markdown("**Ändringar av kopplingarna**")
    if log.empty:
        st.caption("Inga kopplingar har ändrats i panelen ännu.")
    else:
        st.dataframe(log, hide_index=True, width="stretch")
