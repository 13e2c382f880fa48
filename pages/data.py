"""Data, for everyone: what the panel holds (per source and indicator, with coverage), the
import log and the audit trail. An editor unlocks editing here; undo stays in the import
log, everything else that changes data is on the Administration page."""

from __future__ import annotations

import streamlit as st

from dashboard.ui import data_admin, data_overview, data_store, frame

frame.ensure_app()

st.title("Data", anchor=False)
data_admin.sign_in_panel()
PANELS = {
    "Innehåll": data_overview.contents_tab,
    "Importlogg": data_admin.log_tab,
    "Händelselogg": data_store.audit_tab,
}
for tab, panel in zip(st.tabs(list(PANELS)), PANELS.values(), strict=True):
    with tab:
        panel()
