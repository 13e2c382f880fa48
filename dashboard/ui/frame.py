"""The app's frame: page setup, navigation (by role), the store for this run, the example-data banner.

``run_app`` is what ``app.py`` runs. Because the project has a ``pages/`` folder, Streamlit's
legacy multipage mode runs a page file on its own when a fresh server process (or AppTest)
is first asked for that page's URL; every page therefore starts with ``ensure_app()``, which
then runs the frame (and through it the page, properly) and stops. It is a plain function
call: the frame lives here, not in app.py.
"""

from __future__ import annotations

import atexit
import gc
import threading
from pathlib import Path

import streamlit as st

from loaders.errors import PanelError

from . import banner, database, render, roles, slideshow

ROOT = Path(__file__).resolve().parents[2]
ICON = ROOT / "dashboard" / "ui" / "ikon.png"
OVERVIEW = "pages/oversikt.py"
ADMINISTRATION = "administration"
_run = threading.local()

# What the pages and panels call: the process's connection and the store of this run.
connection = database.connection
store = database.store


def _pages(editor: bool) -> list:
    """The navigation: every page for everyone, and Administration for an editor."""
    # Only an editor has the Administration page. A viewer who opens its address (a bookmark, a
    # shared link) gets a hidden page there that says who it is for and runs none of the panels.
    administration = st.Page("pages/administration.py", title="Administration", url_path=ADMINISTRATION,
                             icon=":material/admin_panel_settings:") if editor else \
        st.Page(roles.editors_only, title="Administration", url_path=ADMINISTRATION, visibility="hidden")
    return [
        # The start page is served at "/" (Streamlit's default page has no path of its own) …
        st.Page(OVERVIEW, title="Översikt", url_path="start", default=True, icon=":material/dashboard:"),
        st.Page("pages/trender.py", title="Trender", url_path="trender", icon=":material/show_chart:"),
        st.Page("pages/omradesprofil.py", title="Områdesprofil", url_path="omradesprofil",
                icon=":material/location_city:"),
        st.Page("pages/jamforelse.py", title="Jämförelse", url_path="jamforelse", icon=":material/leaderboard:"),
        st.Page("pages/karta.py", title="Karta", url_path="karta", icon=":material/map:"),
        st.Page("pages/atgarder.py", title="Åtgärder", url_path="atgarder", icon=":material/checklist:"),
        st.Page("pages/indikatorer_och_atgarder.py", title="Indikatorer och åtgärder",
                # the file's own name: with pages/ present, Streamlit first looks a deep link up
                # among the files there, and a different path showed «Page not found» on a new server
                url_path="indikatorer_och_atgarder", icon=":material/join:"),
        st.Page("pages/presentation.py", title="Presentation", url_path="presentation",
                icon=":material/slideshow:"),
        st.Page("pages/data.py", title="Data", url_path="data", icon=":material/upload_file:"),
        administration,
        # … and at /oversikt, so links to /oversikt work too (hidden: the menu lists it once).
        st.Page(OVERVIEW, title="Översikt", url_path="oversikt", visibility="hidden", icon=":material/dashboard:"),
    ]


def run_app() -> None:
    """Page setup, navigation and the chosen page, inside the frame."""
    st.set_page_config(
        page_title="Indikatorpanelen", page_icon=str(ICON), layout="wide", initial_sidebar_state="expanded",
        menu_items={"About": "**Indikatorpanelen** – indikatorer per stadsdel och status för "
                             "åtgärderna i kommunens åtgärdsplan mot segregation."})
    page = st.navigation(_pages(roles.current_role() == "editor"))
    try:
        current = database.open_store()
        has_example = current.has_example_data()
    except PanelError as exc:
        st.error(f"**Databasen kunde inte öppnas.** {exc.message}")
        st.stop()
    except Exception as exc:  # noqa: BLE001 - shown to the user in Swedish, details in the log
        st.error("**Databasen kunde inte öppnas.** Kontrollera att filen som INDIKATORPANEL_DB pekar "
                 f"på finns och inte används av ett annat program. ({type(exc).__name__})")
        st.stop()
    top = st.container()
    render.style("app")  # Streamlit's English-only controls are taken away on every page (app.css)
    banner.begin_run()
    render.begin_run()
    slideshow.sync()
    _run.inside = True
    # whose panel this is, under the menu on every page, also one that stops early (a strategist
    # may keep two kommuners' panels open)
    st.sidebar.caption(current.home().producer)
    try:
        with database.this_run(current):
            page.run()
    finally:
        _run.inside = False
    banner.show(top, store_has_example=has_example)
    st.sidebar.caption("Valen sparas i adressen: kopiera länken för att visa samma vy för någon annan.")
    _settle_heap(page.url_path)


_settled: set[str] = set()
_settled_lock = threading.Lock()


def _settle_heap(page: str) -> None:
    """After a page's first complete run in this process, move what is alive then (modules,
    Plotly's validators, the store's memo) to the collector's permanent generation.

    Streamlit collects garbage after every run (``runner.postScriptGC``) so memory does not
    build up. With about 180 000 long-lived objects that full collection took about 100 ms per
    run, holding the GIL while the run's last messages waited to be sent. Frozen objects are
    still freed when nothing refers to them; only reference cycles among them stay. Once per
    page, so the modules a page imports are frozen too.
    """
    with _settled_lock:
        if page in _settled:
            return
        if not _settled:  # at exit everything is collected as usual (extension types check for leaks)
            atexit.register(gc.unfreeze)
        _settled.add(page)
    gc.collect()
    gc.freeze()


def ensure_app() -> None:
    """First line of every page: make sure the frame (page config, navigation, banner) runs."""
    if getattr(_run, "inside", False):
        return
    run_app()
    st.stop()
