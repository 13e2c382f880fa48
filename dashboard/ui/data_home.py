"""Administration › Drift › «Annan kommun»: a new, empty panel for another kommun.

The panel was made for Linköping, but any kommun can run its own: this is ``python -m loaders
init --kommun CODE`` on the page. It writes a NEW database file beside the one in use (the
running app keeps its own), with the kommun's districts from SCB's RegSO areas when the
network allows, and says how to start the panel on it.
"""

from __future__ import annotations

import streamlit as st

from loaders import home
from loaders.errors import PanelError
from loaders.store import default_db_path

from .. import formatting as fmt
from . import database, roles


def new_store_path(code: str):
    """Where the new kommun's store goes: beside the current one, named by the kommun code."""
    return default_db_path().parent / f"indikatorpanel_{code}.duckdb"


def home_tab() -> None:
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan skapa en databas för en annan kommun.")
        return
    store = database.store()
    current = store.home()
    kommuner = store.areas()
    kommuner = kommuner[kommuner["level"] == "kommun"]
    names = dict(zip(kommuner["code"], kommuner["name"], strict=True))
    st.caption(f"Den här panelen är {fmt.md(current.genitive)}. Här skapas en ny, egen databas för en annan kommun: "
               "riket, län och kommuner, indikatorkatalogen och kommunens stadsdelar ur SCB:s RegSO-indelning, med "
               "påhittade exempelvärden som är märkta som exempeldata. Databasen du arbetar i nu ändras inte.")
    code = st.selectbox("Kommun", [c for c in names if c != current.code], index=None, placeholder="Välj kommun",
                        format_func=lambda c: f"{names[c]} ({c})", key="home-kommun")
    fetch = st.checkbox("Hämta stadsdelarna från SCB (RegSO)", value=True, key="home-scb")
    if st.button("Skapa databasen", type="primary", disabled=code is None, key="home-create"):
        path = new_store_path(str(code))
        progress = st.progress(0.1, text="Skapar databasen …")
        try:
            made = home.init(path, str(code), fetch_districts=fetch,
                             progress=lambda text: progress.progress(0.5, text=text))
        except PanelError as exc:
            st.error(fmt.md(f"{exc.title}: {exc.message}"))
            return
        finally:
            progress.empty()
        st.success(f"Databasen för {fmt.md(made.home.name)} är skapad: {fmt.md(str(path))}. Starta panelen på den "
                   "med kommandot nedan.")
        st.code(f"INDIKATORPANEL_DB={path} streamlit run app.py", language="bash")
        for note in made.notes:
            st.info(fmt.md(note))
