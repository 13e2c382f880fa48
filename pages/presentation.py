"""Presentation: the bildspel full-screen on a projector, and the meeting pack to download."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting as fmt
from dashboard.ui import banner, frame, render, slideshow
from dashboard.views import ViewError, build

frame.ensure_app()
store = frame.store()
PRESENT, ARRANGE = "Presentera", "Ordna och ladda ner"
_SLIDE, _PACK = "bild", "_motespaket"

slides = slideshow.slides()
if not slides:
    st.title("Presentation", anchor=False)
    st.info("**Bildspelet är tomt.** Lägg till vyer med knappen «Lägg till i bildspel» på sidorna Trender, "
            "Jämförelse och Åtgärder; de hamnar här i den ordning du lägger till dem.", icon=":material/slideshow:")
    for page, title in (("pages/trender.py", "Trender"), ("pages/jamforelse.py", "Jämförelse"),
                        ("pages/atgarder.py", "Åtgärder")):
        st.page_link(page, label=f"Gå till {title}", icon=":material/arrow_forward:")
    st.stop()

# Presenting, the mode switch shares one row with the slide buttons: every pixel of a 720 px
# screen goes to the slide. The mode is known before the switch is drawn (a click has set it,
# a link carries it), so the row is laid out for it; arranging, the switch has the width.
presenting = st.session_state.get("lage", st.query_params.get("lage", PRESENT)) != ARRANGE
nav = st.columns([2.6, 1.5, 1.2, 1.5, 3.4], vertical_alignment="center") if presenting else None
mode = (nav[0] if nav else st).segmented_control("Läge", [PRESENT, ARRANGE], default=PRESENT, required=True,
                                                 key="lage", bind="query-params", label_visibility="collapsed")
n = len(slides)
current = min(max(int(st.session_state.get(_SLIDE, 0)), 0), n - 1)
st.session_state[_SLIDE] = current


def _go(step: int) -> None:
    st.session_state[_SLIDE] = min(max(int(st.session_state.get(_SLIDE, 0)) + step, 0), n - 1)


def _show(index: int) -> None:
    st.session_state[_SLIDE], st.session_state["lage"] = index, PRESENT


if mode == PRESENT:
    st.html(slideshow.PRESENTATION_CSS)
    st.html(slideshow.CLICKER_KEYS, unsafe_allow_javascript=True, width="content")
    nav = nav or st.columns([2.6, 1.5, 1.2, 1.5, 3.4], vertical_alignment="center")
    nav[1].button("Föregående", on_click=_go, args=(-1,), key="foregaende", disabled=current == 0,
                  shortcut="Left", width="stretch")
    nav[2].markdown(f"Bild **{current + 1}** av {n}")
    nav[3].button("Nästa", on_click=_go, args=(1,), key="nasta", disabled=current == n - 1, shortcut="Right",
                  width="stretch")
    nav[4].caption("Bläddra med ← →, Page Up/Page Down eller mellanslag. F11 ger helskärm.")
    try:
        view = build(slides[current], store)
    except ViewError as exc:
        st.warning(f"Bild {current + 1} kan inte visas: {fmt.md(exc.message)}")
        st.stop()
    banner.note_shown(view.shown)
    # The slide is sized to the screen (presentation.css): the key figures take the width their
    # lines need (at most 45 %), the chart the rest and the height that is left. There are
    # key figures for at most three areas (views.common.MAX_KEY_AREAS) with a few lines each,
    # so at projector type they fit the height of a 16:9 screen from 1280×720 up.
    with st.container(key="folie", horizontal=True, gap="medium"):
        with st.container(key="bildgraf"):
            if view.charts:
                render.chart(view.charts[0], key=f"bild_{current}", height="stretch", notes=False)
            else:
                st.info("Det finns inga värden att rita med de här valen.")
        with st.container(key="nyckeltal", width="content"):
            st.markdown("**Nyckeltal**")
            render.key_figures(view.key_figures)
    with st.expander("Anteckningar: källa, definition och urval"):
        st.text(view.speaker_notes())
    st.stop()  # no example banner on the projector: every chart says EXEMPELDATA itself

st.title("Presentation", anchor=False)
st.caption("Bildspelet är de vyer du lagt till med «Lägg till i bildspel». Listan sparas i adressen: den finns "
           "kvar om sidan laddas om, och en kopierad länk tar med den.")
slideshow.arrange(store, on_show=_show)
slideshow.meeting_pack(store)
