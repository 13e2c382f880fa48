"""Data: upload or fetch from Kolada with preview, import log with undo, follow-up rounds,
catalogue, templates, school and delområde districts, column recipes, comparison groups,
audit trail, example data and backups."""

from __future__ import annotations

import streamlit as st

from dashboard.ui import data_admin as panels
from dashboard.ui import data_groups, data_kolada, data_mapping, data_recipe, data_store, frame

frame.ensure_app()

st.title("Data")
panels.sign_in_panel()
tabs = st.tabs(["Importera fil", "Hämta från Kolada", "Importlogg", "Uppföljning av åtgärder", "Indikatorkatalog", "Mallar",
                "Skolor och delområden", "Kolumnrecept", "Jämförelsegrupper", "Händelselogg", "Exempeldata",
                "Säkerhetskopior"])
with tabs[0]:
    if panels.current_role() == "editor":
        panels.upload_tab()
    else:
        st.caption("Endast redaktörer kan importera filer.")
with tabs[1]:
    data_kolada.kolada_tab()
with tabs[2]:
    panels.log_tab()
with tabs[3]:
    panels.followup_tab()
with tabs[4]:
    panels.catalogue_tab()
with tabs[5]:
    panels.templates_tab()
with tabs[6]:
    data_mapping.mapping_tab()
with tabs[7]:
    data_recipe.recipes_tab()
with tabs[8]:
    data_groups.groups_tab()
with tabs[9]:
    data_store.audit_tab()
with tabs[10]:
    data_store.example_tab()
with tabs[11]:
    data_store.backup_tab()
