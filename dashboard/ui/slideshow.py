"""The slideshow's list of views, kept in the session and in the URL (``?bildspel=…``).

Streamlit drops unknown query parameters when the user changes page, so the list is put
back into the URL on every run; on the first run of a session (a reload, a link) it is read
from the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from .. import formatting as fmt
from .. import specs as spec_codec
from ..export import images, pack, pptx, xlsx
from ..figures.layout import today
from ..specs import Spec
from ..store import Store
from ..views import label

PARAM = "bildspel"
_KEY = "_bildspel"
_PACK = "_motespaket"
PRESENTATION_CSS = Path(__file__).with_name("presentation.css")
CLICKER_KEYS = Path(__file__).with_name("clicker_keys.html")


def sync() -> None:
    """Session ← URL on the first run of a session; then URL ← session."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = spec_codec.decode(st.query_params.get(PARAM))
    encoded = spec_codec.encode(st.session_state[_KEY])
    if encoded:
        if st.query_params.get(PARAM) != encoded:
            st.query_params[PARAM] = encoded
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def slides() -> list[Spec]:
    if _KEY not in st.session_state:
        sync()
    return list(st.session_state[_KEY])


def set_slides(items: Sequence[Spec]) -> None:
    st.session_state[_KEY] = list(items)[: spec_codec.MAX_SLIDES]
    sync()


def _add(spec: Spec) -> None:
    before = slides()
    after = spec_codec.add(before, spec)
    set_slides(after)
    if len(after) == len(before):
        st.toast("Vyn ligger redan sist i bildspelet.", icon=":material/info:", duration="short")
    else:
        st.toast(f"Tillagd i bildspelet – bild {len(after)}. Öppna sidan Presentation för att visa.",
                 icon=":material/playlist_add_check:", duration="short")


def add_button(spec: Spec, *, key: str, container=None) -> None:
    """Button «Lägg till i bildspel»: puts the view as shown last in the list."""
    n = len(slides())
    (container or st).button(
        "Lägg till i bildspel", key=f"{key}_bildspel", icon=":material/playlist_add:", on_click=_add,
        args=(spec,), help=f"Sparar diagrammet med de här valen som en bild i bildspelet (nu {n} "
                           f"{'bild' if n == 1 else 'bilder'}). Visa bildspelet och ladda ner "
                           "mötespaketet på sidan Presentation.")


def arrange(store: Store, *, on_show: Callable[[int], None]) -> None:
    """The list of slides, each with buttons to move it, remove it and show it."""
    items = slides()
    n = len(items)
    st.subheader(f"Bildspelet ({n} {'bild' if n == 1 else 'bilder'})", anchor=False)
    for i, spec in enumerate(items):
        # the buttons in a row of their own at their natural width, right-aligned: in columns of
        # fixed shares «Visa» was cut to «V…» beside the sidebar on a 1280 or 1366 px screen
        row = st.columns([0.4, 6.2, 3.6], vertical_alignment="center")
        row[0].markdown(f"**{i + 1}.**")
        row[1].markdown(fmt.md(label(spec, store)))
        buttons = row[2].container(horizontal=True, horizontal_alignment="right", gap="small")
        buttons.button("", icon=":material/arrow_upward:", key=f"upp_{i}", disabled=i == 0, help="Flytta upp",
                       on_click=lambda i=i: set_slides(spec_codec.move(slides(), i, -1)))
        buttons.button("", icon=":material/arrow_downward:", key=f"ner_{i}", disabled=i == n - 1, help="Flytta ner",
                       on_click=lambda i=i: set_slides(spec_codec.move(slides(), i, 1)))
        buttons.button("", icon=":material/delete:", key=f"ta_bort_{i}", help="Ta bort ur bildspelet",
                       on_click=lambda i=i: set_slides(spec_codec.remove(slides(), i)))
        buttons.button("Visa", key=f"visa_{i}", on_click=on_show, args=(i,), help="Visa bilden i presentationsläget")
    st.button("Töm bildspelet", icon=":material/clear_all:", key="tom", help="Tar bort alla bilder ur listan.",
              on_click=lambda: set_slides([]))


def meeting_pack(store: Store) -> None:
    """«Skapa mötespaket»: the PowerPoint and the Excel file of the slides, to download."""
    items = slides()
    st.subheader("Mötespaket", anchor=False)
    st.caption("En PowerPoint med titelbild, en bild per vy (diagram, nyckeltal, källa och definition i anteckningarna) "
               "och åtgärdernas status per utvecklingsområde – och en Excel-fil med tabellen bakom varje diagram och "
               "bladet «Om exporten».")
    meeting_date = st.columns([1, 3])[0].date_input("Mötesdatum", value=today(), format="YYYY-MM-DD", key="motesdatum")
    signature = (spec_codec.encode(items), meeting_date.isoformat(), store.version())
    if st.button("Skapa mötespaket", type="primary", icon=":material/present_to_all:", key="skapa_paket"):
        bar = st.progress(0.0, text="Bygger tabeller och diagram …")
        made = pack.build_pack(items, store, meeting_date=meeting_date, progress=lambda done, total: bar.progress(
            done / max(total, 1), text=f"Ritar diagrambilder: {done} av {total}"))
        bar.progress(1.0, text="Klart.")
        st.session_state[_PACK] = (signature, made)
    saved = st.session_state.get(_PACK)
    if saved and saved[0] == signature:
        made = saved[1]
        for line in made.skipped:
            st.warning(fmt.md(line))
        if made.warning:
            st.warning(f"**PowerPoint-filen kunde inte skapas.** {fmt.md(made.warning)}", icon=":material/warning:")
        cols = st.columns(2)
        if made.pptx is not None:
            cols[0].download_button("Ladda ner PowerPoint", data=made.pptx, file_name=made.pptx_name, mime=pptx.MIME,
                                    on_click="ignore", icon=":material/download:", key="ladda_pptx", type="primary")
        cols[1].download_button("Ladda ner Excel (tabellerna bakom bilderna)", data=made.xlsx, file_name=made.xlsx_name,
                                mime=xlsx.MIME, on_click="ignore", icon=":material/download:", key="ladda_xlsx")
    elif saved:
        st.caption("Bildspelet eller datumet har ändrats – skapa mötespaketet igen.")
    if not images.chromium_available():
        st.caption("Obs: Chromium saknas på servern, så mötespaketet blir bara en Excel-fil "
                   "(installera med «apt-get install -y chromium»).")
