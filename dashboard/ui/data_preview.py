"""What an import would do, and the button that does it: the preview every way of getting
data in ends with (a file, a Kolada fetch, a column recipe, a follow-up round).

Its own module below the panels, so that the column-recipe panel and the upload panel that
opens it both use it without importing each other. Problems and names from files are shown
escaped.
"""

from __future__ import annotations

import streamlit as st

from loaders.errors import PanelError

from .. import admin
from .. import formatting as fmt
from . import database, roles


def problem_list(problems: list, kind: str) -> None:
    box = st.error if kind == "fel" else st.warning
    if problems:
        box("\n".join(f"- {fmt.md(p)}" for p in problems[:30])
            + (f"\n- … och {len(problems) - 30} till" if len(problems) > 30 else ""))


def show_checked(checked: admin.Checked, key: str) -> None:
    """Preview of what an import would do, and the confirm button."""
    if checked.errors:
        st.markdown("**Filen kan inte importeras förrän felen är rättade:**")
        problem_list(checked.errors, "fel")
        return
    preview = checked.preview
    cols = st.columns(3)
    cols[0].metric("Nya värden", preview.new)
    cols[1].metric("Ändrade värden", preview.changed)
    cols[2].metric("Oförändrade", preview.unchanged)
    st.caption(f"Berör {fmt.md(', '.join(preview.indicators)) or '–'}; områden: {fmt.md(', '.join(preview.areas)) or '–'}; "
               f"år: {', '.join(map(str, preview.years)) or '–'}."
               + (" Filen bär exempeldatamarkören och lagras som exempeldata." if checked.batch.example else ""))
    for note in checked.batch.notes:
        st.info(fmt.md(note))
    if preview.removed_example:
        st.info(f"{preview.removed_example} exempelvärden för samma indikatorer tas bort när de verkliga värdena "
                "kommer in (de kommer tillbaka om importen ångras).")
    if checked.warnings:
        st.markdown("**Varningar** (hindrar inte importen):")
        problem_list(checked.warnings, "varning")
    if len(preview.register):
        st.markdown("**Ändringar i åtgärdsregistret, fält för fält** (fält som filen inte har, eller lämnar "
                    "tomma, ändras inte)")
        st.dataframe(admin.register_rows(checked), hide_index=True, width="stretch")
    elif checked.batch is not None and len(checked.batch.measures):
        st.caption("Åtgärdsregistret (beskrivning, område, ansvarig, finansiering) ändras inte av den här filen.")
    if preview.changed:
        st.markdown("**Värden som ändras (gammalt → nytt)**")
        st.dataframe(admin.changes_rows(checked), hide_index=True, width="stretch")
    st.markdown(f"**Raderna som de kommer att lagras** (de första {admin.PREVIEW_ROWS})")
    st.dataframe(admin.preview_rows(database.connection(), checked), hide_index=True, width="stretch",
                 height=240)
    if st.button("Bekräfta import", type="primary", key=f"confirm-{key}",
                 disabled=roles.current_role() != "editor"):
        progress = st.progress(0.2, text="Kontrollerar behörighet …")
        try:
            progress.progress(0.5, text="Skriver till databasen (allt eller inget) …")
            summary = admin.confirm(database.connection(), checked, roles.current_role(), roles.who())
        except PanelError as exc:
            progress.empty()
            st.error(fmt.md(exc.message))
            return
        progress.progress(1.0, text="Klart")
        st.session_state.pop(f"checked-{key}", None)
        st.success(fmt.md(summary.line()))
        for line in summary.more():
            if line not in checked.batch.notes:  # the preview above already shows the notes
                st.info(fmt.md(line))
