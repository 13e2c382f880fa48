"""Indikatorpanelen: Linköpings kommuns uppföljning av åtgärdsplanen mot segregation.

Run with ``streamlit run app.py``. The store is the DuckDB file INDIKATORPANEL_DB names
(default data/indikatorpanel.duckdb, built from data/ on the first start). This file sets
up the page, the navigation and the example-data banner; each page in pages/ holds its own
layout and widgets, and all data work lives in dashboard/.
"""

from __future__ import annotations

import streamlit as st

from dashboard import db, state
from loaders.errors import ImportFailed

st.set_page_config(
    page_title="Indikatorpanelen",
    page_icon=":material/monitoring:",
    layout="wide",
    initial_sidebar_state="expanded",
    menu_items={"About": "**Indikatorpanelen** – indikatorer per stadsdel och status för "
                         "åtgärderna i Linköpings kommuns åtgärdsplan mot segregation."},
)

OVERSIKT = "pages/oversikt.py"
PAGES = [
    # The start page is served at "/" (Streamlit's default page has no path of its own) …
    st.Page(OVERSIKT, title="Översikt", url_path="start", default=True, icon=":material/dashboard:"),
    st.Page("pages/trender.py", title="Trender", url_path="trender", icon=":material/show_chart:"),
    st.Page("pages/omradesprofil.py", title="Områdesprofil", url_path="omradesprofil",
            icon=":material/location_city:"),
    st.Page("pages/jamforelse.py", title="Jämförelse", url_path="jamforelse",
            icon=":material/leaderboard:"),
    st.Page("pages/atgarder.py", title="Åtgärder", url_path="atgarder", icon=":material/checklist:"),
    st.Page("pages/indikatorer_och_atgarder.py", title="Indikatorer och åtgärder",
            url_path="indikatorer-och-atgarder", icon=":material/join:"),
    st.Page("pages/presentation.py", title="Presentation", url_path="presentation",
            icon=":material/slideshow:"),
    st.Page("pages/data.py", title="Data", url_path="data", icon=":material/upload_file:"),
    # … and at /oversikt, so links to /oversikt work too (hidden: the menu lists it once).
    st.Page(OVERSIKT, title="Översikt", url_path="oversikt", visibility="hidden",
            icon=":material/dashboard:"),
]

page = st.navigation(PAGES)

try:
    indicators = db.query("indicators")
except ImportFailed as exc:  # the loaders word their problems in Swedish already
    st.error(f"**Databasen kunde inte öppnas.** {exc.summary()}")
    st.stop()
except Exception as exc:  # noqa: BLE001 - shown to the user in Swedish, details in the log
    st.error("**Databasen kunde inte öppnas.** Kontrollera att filen som INDIKATORPANEL_DB pekar "
             f"på finns och inte används av ett annat program. ({type(exc).__name__})")
    st.stop()

banner = st.container()
state.begin_run()
with state.app_frame():
    page.run()
state.example_banner(banner, store_has_example=bool(indicators["example"].any()) if len(indicators) else False)
state.link_hint()
