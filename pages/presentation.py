"""Presentation: the bildspel full-screen on a projector, and the meeting pack to download."""

from __future__ import annotations

import streamlit as st

from dashboard import db, figures, meeting, slides, state, views

state.ensure_app()

PRESENT, ARRANGE = "Presentera", "Ordna och ladda ner"
CHART_HEIGHT = 700  # px; beside the key figures this is about 16:9 on a 1920×1080 projector
_SLIDE = "bild"
_PACK = "_motespaket"

specs = state.bildspel()
indicators = db.query("indicators")
areas = db.query("areas")

if not specs:
    st.title("Presentation")
    st.info("**Bildspelet är tomt.** Lägg till vyer med knappen «Lägg till i bildspel» på sidorna "
            "Trender, Jämförelse och Åtgärder; de hamnar här i den ordning du lägger till dem.",
            icon=":material/slideshow:")
    for page, label in (("pages/trender.py", "Trender"), ("pages/jamforelse.py", "Jämförelse"),
                        ("pages/atgarder.py", "Åtgärder")):
        st.page_link(page, label=f"Gå till {label}", icon=":material/arrow_forward:")
    st.stop()

mode = st.segmented_control("Läge", [PRESENT, ARRANGE], default=PRESENT, required=True, key="lage",
                            bind="query-params", label_visibility="collapsed")
n = len(specs)
current = min(max(int(st.session_state.get(_SLIDE, 0)), 0), n - 1)
st.session_state[_SLIDE] = current


def _go(step: int) -> None:
    st.session_state[_SLIDE] = min(max(int(st.session_state.get(_SLIDE, 0)) + step, 0), n - 1)


def _show(index: int) -> None:
    st.session_state[_SLIDE] = index
    st.session_state["lage"] = PRESENT


def _move(index: int, step: int) -> None:
    state.set_bildspel(views.move(state.bildspel(), index, step))


def _remove(index: int) -> None:
    state.set_bildspel(views.remove(state.bildspel(), index))


def _clear() -> None:
    state.set_bildspel([])
    st.session_state[_SLIDE] = 0


# ----------------------------------------------------------------------------- presenting

if mode == PRESENT:
    st.html("""<style>
      [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
      [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
      [data-testid="stMainBlockContainer"] { padding: 0.8rem 1.5rem 1rem 1.5rem !important; max-width: 100% !important; }
      .ip-key { margin: 0 0 1.4rem 0; }
      .ip-key-head { font-size: 1.55rem; font-weight: 700; color: #1A1A1A; line-height: 1.2; }
      .ip-key-value { font-size: 2.9rem; font-weight: 700; color: #0072B2; line-height: 1.15; }
      .ip-key-line { font-size: 1.3rem; color: #333333; line-height: 1.35; }
      .ip-keys-many .ip-key { margin-bottom: 0.9rem; }
      .ip-keys-many .ip-key-head { font-size: 1.3rem; }
      .ip-keys-many .ip-key-value { font-size: 2.1rem; }
      .ip-keys-many .ip-key-line { font-size: 1.05rem; line-height: 1.3; }
    </style>""")
    nav = st.columns([1.3, 1.1, 1.3, 5, 2], vertical_alignment="center")
    nav[0].button("Föregående", icon=":material/arrow_back:", on_click=_go, args=(-1,), key="foregaende",
                  disabled=current == 0, shortcut="Left", width="stretch")
    nav[1].markdown(f"<div style='text-align:center;font-size:1.3rem'>Bild <b>{current + 1}</b> av {n}</div>",
                    unsafe_allow_html=True)
    nav[2].button("Nästa", icon=":material/arrow_forward:", icon_position="right", on_click=_go, args=(1,),
                  key="nasta", disabled=current == n - 1, shortcut="Right", width="stretch")
    nav[4].caption("Piltangenterna ← → bläddrar. F11 ger helskärm.")

    try:
        view = views.build(specs[current], db.query, styles=db.area_styles())
    except views.ViewError as exc:
        st.warning(f"Bild {current + 1} kan inte visas: {exc}")
        st.stop()
    state.note_shown([(view.title, view.example)])
    chart, keys = st.columns([3.2, 1], gap="medium")
    with chart:
        if view.figure is None:
            st.info("Det finns inga värden att rita med de här valen.")
        else:
            view.figure.update_layout(height=CHART_HEIGHT)
            state.show_chart(view.figure, filename=view.filename, key=f"bild_{current}")
    with keys:
        many = sum(2 + len(k.lines) for k in view.key_figures) > 12
        blocks = [f"<div class='{'ip-keys-many' if many else 'ip-keys'}'>",
                  "<div class='ip-key-head' style='color:#0072B2;margin-bottom:0.6rem'>Nyckeltal</div>"]
        for key in view.key_figures:
            lines = "".join(f"<div class='ip-key-line'>{line}</div>" for line in key.lines)
            blocks.append(f"<div class='ip-key'><div class='ip-key-head'>{key.heading}</div>"
                          f"<div class='ip-key-value'>{key.value}</div>{lines}</div>")
        st.markdown("".join(blocks) + "</div>", unsafe_allow_html=True)
    with st.expander("Anteckningar: källa, definition och urval"):
        st.text(view.speaker_notes())
    # Stop here: app.py's example-data banner is left out on the projector (every chart says
    # EXEMPELDATA itself, in its subtitle and source line).
    st.stop()

# ----------------------------------------------------------------------------- arranging

st.title("Presentation")
st.caption("Bildspelet är de vyer du lagt till med «Lägg till i bildspel». Listan sparas i adressen: "
           "den finns kvar om sidan laddas om, och en kopierad länk tar med den.")

st.subheader(f"Bildspelet ({n} {'bild' if n == 1 else 'bilder'})")
for i, spec in enumerate(specs):
    row = st.columns([0.5, 8, 0.7, 0.7, 0.7, 0.8], vertical_alignment="center")
    row[0].markdown(f"**{i + 1}.**")
    row[1].markdown(views.label(spec, indicators, areas))
    row[2].button("", icon=":material/arrow_upward:", key=f"upp_{i}", on_click=_move, args=(i, -1),
                  disabled=i == 0, help="Flytta upp")
    row[3].button("", icon=":material/arrow_downward:", key=f"ner_{i}", on_click=_move, args=(i, 1),
                  disabled=i == n - 1, help="Flytta ner")
    row[4].button("", icon=":material/delete:", key=f"ta_bort_{i}", on_click=_remove, args=(i,),
                  help="Ta bort ur bildspelet")
    row[5].button("Visa", key=f"visa_{i}", on_click=_show, args=(i,), help="Visa bilden i presentationsläget")
st.button("Töm bildspelet", icon=":material/clear_all:", key="tom", on_click=_clear,
          help="Tar bort alla bilder ur listan.")

st.subheader("Mötespaket")
st.caption("En PowerPoint med titelbild, en bild per vy (diagram, nyckeltal, källa och definition i "
           "anteckningarna) och åtgärdernas status per utvecklingsområde – och en Excel-fil med "
           "tabellen bakom varje diagram och bladet «Om exporten».")
meeting_date = st.columns([1, 3])[0].date_input("Mötesdatum", value=figures.today(), format="YYYY-MM-DD",
                                                key="motesdatum")
signature = (views.encode(specs), meeting_date.isoformat())
if st.button("Skapa mötespaket", type="primary", icon=":material/present_to_all:", key="skapa_paket"):
    bar = st.progress(0.0, text="Bygger tabeller och diagram …")

    def advance(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Ritar diagrambilder: {done} av {total}")

    pack = meeting.build_pack(specs, db.query, meeting_date=meeting_date, progress=advance)
    bar.progress(1.0, text="Klart.")
    st.session_state[_PACK] = (signature, pack)

saved = st.session_state.get(_PACK)
if saved and saved[0] == signature:
    pack = saved[1]
    for line in pack.skipped:
        st.warning(line)
    if pack.warning:
        st.warning(f"**PowerPoint-filen kunde inte skapas.** {pack.warning}", icon=":material/warning:")
    cols = st.columns(2)
    if pack.pptx is not None:
        cols[0].download_button("Ladda ner PowerPoint", data=pack.pptx,
                                file_name=pack.pptx_name, mime=slides.MIME, on_click="ignore",
                                icon=":material/download:", key="ladda_pptx", type="primary")
    cols[1].download_button("Ladda ner Excel (tabellerna bakom bilderna)", data=pack.xlsx, file_name=pack.xlsx_name,
                            mime=meeting.export.MIME, on_click="ignore", icon=":material/download:",
                            key="ladda_xlsx")
elif saved:
    st.caption("Bildspelet eller datumet har ändrats – skapa mötespaketet igen.")
if not slides.chromium_available():
    st.caption("Obs: Chromium saknas på servern, så mötespaketet blir bara en Excel-fil "
               "(installera med `apt-get install -y chromium`).")
