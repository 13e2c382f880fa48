"""The Streamlit side the pages share: sidebar choices, and charts and tables with downloads.

Shared choices are widgets with fixed keys bound to the URL (``bind="query-params"``), so
they survive page changes and a copied link reproduces the view:

=========  =====================  ==========================================
key        label                  value
=========  =====================  ==========================================
omrade     Område                 one district code (default Skäggetorp)
omraden    Områden                district codes (default the priority three)
indikator  Indikator              indicator id (default ekonomiskt bistånd)
ar         År                     (first year, last year)
kon        Kön                    totalt / kvinnor / män
omgang     Uppföljningsomgång     follow-up round (default the latest)
=========  =====================  ==========================================

Page-specific choices are bound the same way: ``vy``, ``matt``, ``delat`` (Trender),
``jamforelsear`` (Jämförelse), ``filter_uo``, ``filter_ansvarig``, ``filter_omrade``,
``filter_status`` (Åtgärder), ``uo`` and ``bara_omrade`` (Indikatorer och åtgärder).

The URL shows the labels users see (``?omrade=Berga``). A widget's value follows the user
to other pages within a session; the URL of each page holds that page's choices. Pages also
report which indicators they showed (``note_shown``) so that app.py can put the
example-data banner on top.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from . import export, figures, tables
from . import formatting as fmt
from .export import ExportInfo
from .tables import Table

DEFAULT_DISTRICT = "Skäggetorp"
DEFAULT_INDICATOR = "forsorjningsstod_andel"
SEXES = ("totalt", "kvinnor", "män")
_SHOWN = "_indikatorer_visade"
APP_PATH = Path(__file__).resolve().parent.parent / "app.py"
_run = threading.local()


# ----------------------------------------------------------------------------- app frame

@contextmanager
def app_frame() -> Iterator[None]:
    """app.py runs the chosen page inside this, so the page knows app.py set things up."""
    _run.inside_app = True
    try:
        yield
    finally:
        _run.inside_app = False


def ensure_app() -> None:
    """First line of every page: make sure app.py (page config, navigation, banner) runs.

    Because the project has a ``pages/`` folder, Streamlit's legacy multipage mode runs a
    page file on its own when a fresh server process (or AppTest) is first asked for that
    page's URL. Then this runs app.py instead, which runs the page properly, and stops.
    """
    if getattr(_run, "inside_app", False):
        return
    code = compile(APP_PATH.read_text(encoding="utf-8"), str(APP_PATH), "exec")
    exec(code, {"__name__": "__main__", "__file__": str(APP_PATH)})  # noqa: S102 - our own app.py
    st.stop()


# ----------------------------------------------------------------------------- sidebar

def _districts(areas: pd.DataFrame) -> pd.DataFrame:
    return areas[areas["level"] == "omrade"]


def area_select(areas: pd.DataFrame, *, container=None) -> str:
    """Sidebar selectbox "Område": one district, default Skäggetorp."""
    districts = _districts(areas)
    codes = list(districts["code"])
    names = dict(zip(districts["code"], districts["name"], strict=True))
    default = next((c for c in codes if names[c] == DEFAULT_DISTRICT), codes[0] if codes else None)
    return (container or st.sidebar).selectbox(
        "Område", codes, index=codes.index(default) if default in codes else 0,
        format_func=lambda c: names.get(c, c), key="omrade", bind="query-params",
        help="Stadsdelen som sidan visar. Kommunen och riket visas alltid som jämförelse.")


def areas_multiselect(areas: pd.DataFrame, *, container=None) -> list[str]:
    """Sidebar multiselect "Områden": default the three priority districts."""
    districts = _districts(areas)
    codes = list(districts["code"])
    names = dict(zip(districts["code"], districts["name"], strict=True))
    default = [c for c, p in zip(districts["code"], districts["priority"], strict=True) if bool(p)]
    return (container or st.sidebar).multiselect(
        "Områden", codes, default=default, format_func=lambda c: names.get(c, c), key="omraden",
        bind="query-params", placeholder="Välj områden",
        help="Områdena som ritas som heldragna linjer. Kommunen (streckad) och riket (prickad) "
             "visas alltid.")


def indicator_select(indicators: pd.DataFrame, *, container=None) -> str:
    """Sidebar selectbox "Indikator": default invånare i hushåll med ekonomiskt bistånd."""
    ids = list(indicators["indicator_id"])
    names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    index = ids.index(DEFAULT_INDICATOR) if DEFAULT_INDICATOR in ids else 0
    return (container or st.sidebar).selectbox(
        "Indikator", ids, index=index, format_func=lambda i: names.get(i, i), key="indikator",
        bind="query-params")


def year_slider(bounds: tuple[int, int], *, container=None) -> tuple[int, int]:
    """Sidebar slider "År": a year range within the years any indicator has."""
    lo, hi = bounds
    if lo >= hi:
        return (lo, hi)
    value = (container or st.sidebar).slider(
        "År", min_value=lo, max_value=hi, value=(lo, hi), step=1, key="ar", bind="query-params",
        format="%d", help="Åren som diagram och tabeller visar.")
    a, b = value
    return (int(a), int(b))


def sex_radio(*, container=None, available: bool = True) -> str:
    """Sidebar radio "Kön". When the indicator has no split, says so and returns 'totalt'."""
    target = container or st.sidebar
    choice = target.radio("Kön", SEXES, format_func=fmt.sex_label, key="kon", bind="query-params",
                          horizontal=True)
    if choice != "totalt" and not available:
        target.caption("Indikatorn finns inte uppdelad på kön – visar totalt.")
        return "totalt"
    return choice


def round_select(rounds: Sequence[int], *, container=None) -> int | None:
    """Selectbox "Uppföljningsomgång": default the latest round."""
    if not rounds:
        return None
    options = [int(r) for r in rounds]
    return (container or st.sidebar).selectbox(
        "Uppföljningsomgång", options, index=len(options) - 1, format_func=str, key="omgang",
        bind="query-params", help="Året då åtgärderna följdes upp.")


def require_indicators(indicators: pd.DataFrame) -> None:
    """Stop the page with a plain message when no indicator has any values yet."""
    if indicators.empty:
        st.info("Det finns inga indikatorvärden i databasen ännu. Importera filer med "
                "`python -m loaders import FIL` (se docs/filformat.md).")
        st.stop()


def link_hint() -> None:
    st.sidebar.caption("Valen sparas i adressen: kopiera länken för att visa samma vy för någon annan.")


# ----------------------------------------------------------------------------- example data

def begin_run() -> None:
    """Called by app.py before a page runs: forget what the previous run showed."""
    st.session_state[_SHOWN] = {}


def note_shown(names_and_example: Iterable[tuple[str, bool]]) -> None:
    """A page showed these indicators; ``True`` marks example data."""
    shown = st.session_state.setdefault(_SHOWN, {})
    for name, example in names_and_example:
        shown[str(name)] = bool(shown.get(str(name), False) or example)


def shown_indicators() -> dict[str, bool]:
    return dict(st.session_state.get(_SHOWN, {}))


def example_banner(container, *, store_has_example: bool) -> None:
    """The banner that says plainly when what is shown is example data."""
    shown = shown_indicators()
    example = [n for n, ex in shown.items() if ex]
    if example:
        which = "Alla indikatorvärden" if len(example) == len(shown) else fmt.join_words(example)
        container.warning(
            f"**Exempeldata – påhittade värden, inte verklig statistik.** {which} på den här sidan "
            "kommer från panelens inbyggda exempelfiler och får inte användas som underlag. "
            "Exporter märks på samma sätt.", icon="⚠️")
    elif store_has_example and not shown:
        container.warning(
            "**Exempeldata:** panelens indikatorer visar just nu påhittade exempelvärden. "
            "Åtgärderna och deras uppföljning är verkliga uppgifter.", icon="⚠️")


# ----------------------------------------------------------------------------- output

def show_chart(fig, *, filename: str, caption: str | None = None, alt: str | None = None,
               key: str | None = None) -> None:
    """One Plotly figure, PNG download 1920×1080 named ``filename``, caption under it."""
    st.plotly_chart(fig, config=figures.chart_config(filename), theme=None, key=key, width="stretch")
    if caption:
        st.caption(caption)


def show_table(table: Table, info: ExportInfo, *, page: str, parts: Sequence[str], key: str,
               height: int | None = None, notes: bool = True, selectable: bool = False) -> int | None:
    """The table as shown, its notes, and the Excel download of exactly these rows.

    Empty number cells show '–' (the notes say why: prickat, saknas). With ``selectable``
    a row can be picked; its position is returned.
    """
    picked = None
    if len(table) == 0:
        st.info("Inga rader att visa med de här valen.")
    else:
        options = {"on_select": "rerun", "selection_mode": "single-row", "key": f"{key}_tabell"} if selectable else {}
        event = st.dataframe(tables.styled(table), hide_index=True, width="stretch",
                             height=height or tables.screen_height(table),
                             column_config=tables.column_config(table), placeholder="–", **options)
        if selectable:
            rows = event.selection.rows if event is not None else []
            picked = int(rows[0]) if rows else None
    if notes:
        for note in table.notes:
            st.caption(note)
    download_button(table, info, page=page, parts=parts, key=key)
    return picked


def download_button(table: Table, info: ExportInfo, *, page: str, parts: Sequence[str], key: str) -> None:
    build: Callable[[], bytes] = lambda: export.xlsx_bytes(table, info)  # noqa: E731
    rows = len(table)
    st.download_button(
        f"Ladda ner Excel ({rows} {'rad' if rows == 1 else 'rader'})", data=build,
        file_name=export.file_name(page, parts), mime=export.MIME, on_click="ignore",
        key=f"{key}_excel", icon=":material/download:",
        help="Exakt raderna i tabellen, med ett blad «Om exporten» om urval, källor och definitioner.")


def source_caption(meta: dict) -> str:
    """'Källa: … · Definition: …' for under a chart."""
    parts = [f"**Källa:** {meta.get('source') or 'uppgift saknas'}"]
    if meta.get("definition"):
        parts.append(f"**Definition:** {meta['definition']}")
    if meta.get("example"):
        parts.append("**Exempeldata – påhittade värden.**")
    return "  \n".join(parts)
