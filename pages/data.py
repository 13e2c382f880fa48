"""Data: upload or fetch from Kolada with preview, import log with undo, follow-up rounds,
catalogue, templates, school and delområde districts, column recipes, comparison groups,
audit trail, example data, backups and the yearly follow-up report."""

from __future__ import annotations

import streamlit as st

from dashboard.ui import data_admin as panels
from dashboard.ui import data_groups, data_kolada, data_mapping, data_recipe, data_report, data_store, frame

frame.ensure_app()

st.title("Data")
panels.sign_in_panel()
# label -> panel, in the order a user reaches for them: getting data in, following up, the
# report written from both, then the reference lists and the administration
PANELS = {
    "Importera fil": panels.upload_or_explain,
    "Hämta från Kolada": data_kolada.kolada_tab,
    "Importlogg": panels.log_tab,
    "Uppföljning av åtgärder": panels.followup_tab,
    "Uppföljningsrapport": data_report.report_tab,
    "Indikatorkatalog": panels.catalogue_tab,
    "Mallar": panels.templates_tab,
    "Skolor och delområden": data_mapping.mapping_tab,
    "Kolumnrecept": data_recipe.recipes_tab,
    "Jämförelsegrupper": data_groups.groups_tab,
    "Händelselogg": data_store.audit_tab,
    "Exempeldata": data_store.example_tab,
    "Säkerhetskopior": data_store.backup_tab,
}
for tab, panel in zip(st.tabs(list(PANELS)), PANELS.values(), strict=True):
    with tab:
        panel()
