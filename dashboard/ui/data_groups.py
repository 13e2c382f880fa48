"""The comparison groups (Administration): named sets of kommuner, drawn as a third reference line.

«Jämförbara kommuner» ships as an editable default, SKR's kommungrupper 2023 beside it. An
editor changes a group's kommuner or makes a new one; each save is an event in the audit trail
(and replayed by a rebuild of the store).
"""

from __future__ import annotations

import streamlit as st

from loaders.errors import PanelError
from loaders.store import delete_group, save_group

from .. import auth
from .. import formatting as fmt
from . import database, roles

NEW = "__ny__"


def groups_tab() -> None:
    store = database.store()
    groups = store.groups()
    kommuner = store.areas()
    kommuner = kommuner[kommuner["level"] == "kommun"].sort_values("name")
    names = dict(zip(kommuner["code"], kommuner["name"], strict=True))
    st.caption("En jämförelsegrupp ritas i Trender och Jämförelse som en tredje referenslinje: det ovägda "
               "medelvärdet av gruppens kommuner (varje kommun väger lika; hemkommunen räknas inte med). Kommunernas "
               "värden hämtas från Kolada.")
    editor = roles.current_role() == "editor"
    options = list(groups["group_id"]) + ([NEW] if editor else [])
    chosen = st.selectbox("Grupp", options, key="grupp_redigera", format_func=lambda g: "Ny grupp …" if g == NEW
                          else fmt.clean_text(groups.set_index("group_id").loc[g, "name"]), placeholder="Välj …")
    if chosen == NEW:
        current = {"name": "", "description": "", "members": []}
    else:
        row = groups.set_index("group_id").loc[chosen]
        members = row["members"]
        current = {"name": row["name"], "description": row["description"] or "",
                   "members": [] if members is None else [str(m) for m in members]}
        st.caption(f"{len(current['members'])} kommuner · källa: {fmt.md(row['source'] or 'redaktör')}")
    if not editor:
        st.dataframe({"Kommun": [fmt.clean_text(names.get(m, m)) for m in current["members"]],
                      "Kod": current["members"]}, hide_index=True)
        return
    with st.form(f"grupp_{chosen}"):
        name = st.text_input("Namn", value=current["name"], max_chars=80)
        description = st.text_input("Beskrivning", value=current["description"], max_chars=300)
        members = st.multiselect("Kommuner", list(names), default=[m for m in current["members"] if m in names],
                                 format_func=lambda c: f"{fmt.clean_text(names[c])} ({c})",
                                 placeholder="Välj kommuner", select_all=False)
        save = st.form_submit_button("Spara gruppen", type="primary")
    if save:
        group_id = chosen if chosen != NEW else "egen_" + fmt.slug(name).lower().replace("-", "_")
        try:
            auth.require_editor(roles.current_role())
            save_group(database.connection(), group_id, name, members, description=description or None,
                       who=roles.who())
        except PanelError as exc:
            st.error(fmt.md(exc.message))
        else:
            st.success(f"Gruppen «{fmt.md(name)}» är sparad med {len(members)} kommuner.")
    if chosen != NEW and st.button("Ta bort gruppen", key=f"ta_bort_grupp_{chosen}", icon=":material/delete:"):
        try:
            auth.require_editor(roles.current_role())
            delete_group(database.connection(), chosen, who=roles.who())
        except PanelError as exc:
            st.error(fmt.md(exc.message))
        else:
            st.success("Gruppen är borttagen.")
