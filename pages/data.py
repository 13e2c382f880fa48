"""Data: upload with preview, import log with undo, follow-up rounds, catalogue, templates."""

from __future__ import annotations

import streamlit as st

from dashboard.ui import data_admin as panels
from dashboard.ui import frame

frame.ensure_app()

st.title("Data")
panels.sign_in_panel()
tabs = st.tabs(["Importera fil", "Importlogg", "Uppföljning av åtgärder", "Indikatorkatalog", "Mallar"])
with tabs[0]:
    if panels.current_role() == "editor":
        panels.upload_tab()
    else:
        st.caption("Endast redaktörer kan importera filer.")
with tabs[1]:
    panels.log_tab()
with tabs[2]:
    panels.followup_tab()
with tabs[3]:
    panels.catalogue_tab()
with tabs[4]:
    panels.templates_tab()
