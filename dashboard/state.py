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

The bildspel (the presenter's list of saved views, see ``dashboard.views``) lives in the
session and is mirrored into the URL as ``?bildspel=<urlsafe base64 JSON>`` on every run, so
it survives a reload and travels with a copied link.

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

from . import export, figures, tables, views
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
    """The districts a strategist chooses among: those of our own kommun (the parent of the
    priority districts) and any without a parent. A store holding every district in Sweden
    would otherwise put ~10 000 options in the sidebar, which makes the browser slow to
    react to every change (bench/README.md, section 3), and none of them is compared with
    our kommun's reference lines anyway."""
    districts = areas[areas["level"] == "omrade"]
    if "parent" not in districts or "priority" not in districts:
        return districts
    homes = set(districts.loc[districts["priority"].fillna(False).astype(bool), "parent"].dropna())
    if not homes:
        return districts
    return districts[districts["parent"].isna() | districts["parent"].isin(homes)]


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
    """Called by app.py before a page runs: forget what the previous run showed, and keep the
    bildspel in the URL."""
    st.session_state[_SHOWN] = {}
    st.session_state[_SVG_DONE] = False
    sync_bildspel()


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

def show_chart(fig, *, filename: str, caption: str | None = None, key: str | None = None) -> None:
    """One Plotly figure, PNG (1920×1080) and SVG download named ``filename``, caption under it."""
    svg_toolbar()
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


# ----------------------------------------------------------------------------- bildspel

BILDSPEL_PARAM = "bildspel"
_BILDSPEL = "_bildspel"
_SVG_DONE = "_svg_knapp_inlagd"


def sync_bildspel() -> None:
    """Session ← URL on the first run of a session (a reload, a link); then URL ← session.

    Streamlit drops unknown query parameters when the user changes page, so the list is put
    back into the URL on every run.
    """
    if _BILDSPEL not in st.session_state:
        st.session_state[_BILDSPEL] = views.decode(st.query_params.get(BILDSPEL_PARAM))
    encoded = views.encode(st.session_state[_BILDSPEL])
    if encoded:
        if st.query_params.get(BILDSPEL_PARAM) != encoded:
            st.query_params[BILDSPEL_PARAM] = encoded
    elif BILDSPEL_PARAM in st.query_params:
        del st.query_params[BILDSPEL_PARAM]


def bildspel() -> list[dict]:
    if _BILDSPEL not in st.session_state:
        sync_bildspel()
    return list(st.session_state[_BILDSPEL])


def set_bildspel(specs: Sequence[dict]) -> None:
    st.session_state[_BILDSPEL] = list(specs)[: views.MAX_VIEWS]
    sync_bildspel()


def _add_view(spec: dict) -> None:
    before = bildspel()
    after = views.add(before, spec)
    set_bildspel(after)
    if len(after) == len(before):
        st.toast("Vyn ligger redan sist i bildspelet.", icon=":material/info:")
    else:
        st.toast(f"Tillagd i bildspelet – bild {len(after)}. Öppna sidan Presentation för att visa.",
                 icon=":material/playlist_add_check:")


def add_to_bildspel_button(spec: dict, *, key: str, container=None) -> None:
    """Button "Lägg till i bildspel": puts the view as shown (the page's choices) last in the list."""
    n = len(bildspel())
    (container or st).button(
        "Lägg till i bildspel", key=f"{key}_bildspel", icon=":material/playlist_add:", on_click=_add_view,
        args=(spec,), help=f"Sparar diagrammet med de här valen som en bild i bildspelet (nu {n} "
                           f"{'bild' if n == 1 else 'bilder'}). Visa bildspelet och ladda ner "
                           "mötespaketet på sidan Presentation.")


# The camera in Plotly's toolbar downloads a 1920×1080 PNG. Plotly's config cannot carry a
# click handler through Streamlit, so this adds an "SVG" button next to the camera in the
# browser: it asks Plotly's own toImage for the same image as SVG (same size and file name).
_SVG_SCRIPT = """
<script>
(() => {
  // No HTML tags in this script: Streamlit's sanitizer drops a script whose text contains one.
  if (window.__indikatorpanelSvg) return;
  window.__indikatorpanelSvg = true;
  function addButton(gd) {
    const bar = gd.querySelector('.modebar');
    if (!bar || bar.querySelector('[data-ip-svg]')) return;
    const camera = [...bar.querySelectorAll('.modebar-btn')]
      .find(b => (b.getAttribute('data-title') || '').startsWith('Download plot'));
    if (!camera) return;
    const button = document.createElement(camera.tagName);
    if (camera.tagName === 'BUTTON') button.type = 'button';
    button.className = 'modebar-btn';
    button.setAttribute('rel', 'tooltip');
    button.setAttribute('data-title', 'Ladda ner som SVG (vektorbild)');
    button.setAttribute('aria-label', 'Ladda ner som SVG');
    button.setAttribute('data-gravity', 'n');
    button.setAttribute('data-ip-svg', '1');
    button.textContent = 'SVG';
    Object.assign(button.style, {fontSize: '10px', fontWeight: '700', fontFamily: 'Arial, sans-serif',
                                 color: 'rgba(68, 68, 68, 0.55)', lineHeight: '1em', padding: '3px 4px'});
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      const options = (gd._context && gd._context.toImageButtonOptions) || {};
      const previous = options.format;
      options.format = 'svg';
      try { camera.dispatchEvent(new MouseEvent('click', {bubbles: true})); }
      finally { options.format = previous || 'png'; }
    });
    camera.parentNode.insertBefore(button, camera.nextSibling);
  }
  let pending = false;
  const scan = () => {
    pending = false;
    document.querySelectorAll('.js-plotly-plot').forEach(addButton);
  };
  new MutationObserver(() => {
    if (!pending) { pending = true; requestAnimationFrame(scan); }
  }).observe(document.body, {childList: true, subtree: true});
  scan();
})();
</script>
"""


def svg_toolbar() -> None:
    """Once per run: the script that adds the SVG button to every chart's toolbar."""
    if st.session_state.get(_SVG_DONE):
        return
    st.session_state[_SVG_DONE] = True
    st.html(_SVG_SCRIPT, unsafe_allow_javascript=True, width="content")
