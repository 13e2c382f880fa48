"""The Administration page's «Uppföljningsrapport» tab: the written texts per round, and the report to download.

Editors write the introduction and one summary per utvecklingsområde for a follow-up round
(each save is kept with its history and logged in the audit trail), fill in the title
block, and press «Skapa uppföljningsrapport» for the Word file (and a PDF where LibreOffice
is installed). The rest of the report is drafted from the data (``dashboard.report``).
Viewers see what the tab is for, nothing they could change. Saving checks the editor role
itself (``dashboard.report.texts.save_texts``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.errors import PanelError

from .. import formatting as fmt
from .. import report
from ..export import images
from ..figures.layout import today
from . import database, roles

_MADE = "_uppfoljningsrapport"


def _round_choice(rounds: list[int]) -> int:
    return int(st.selectbox("Uppföljningsomgång", rounds, index=len(rounds) - 1, key="rapport_omgang",
                            help="Året då åtgärderna följdes upp. Texterna sparas per omgång.",
                            placeholder="Välj …"))


def _texts_form(round_: int, current: dict[str, str]) -> None:
    """The written parts, saved together; only sections that changed are saved (with history)."""
    with st.form(f"rapporttexter_{round_}"):
        st.markdown(f"**Texter för {round_}** – en tom ruta blir en synlig platshållare i rapporten.")
        edited = {section: st.text_area(label, value=current.get(section, ""), height=160,
                                        key=f"rapporttext_{round_}_{section}", max_chars=report.texts.MAX_TEXT)
                  for section, label in report.SECTIONS.items()}
        if not st.form_submit_button("Spara texterna", type="primary"):
            return
    try:
        saved = report.save_texts(database.connection(), round_, edited, role=roles.current_role(),
                                  who=roles.who(), current=current)
    except PanelError as exc:
        st.error(fmt.md(exc.message))
        return
    if saved:
        st.success(f"Sparade {len(saved)} {'text' if len(saved) == 1 else 'texter'}: "
                   + ", ".join(report.SECTIONS[s] for s in saved) + ". Tidigare versioner finns kvar i historiken.")
    else:
        st.info("Inget har ändrats – inget sparades.")


def _history(round_: int) -> None:
    history = database.store().report_text_history(round_)
    saved = "1 sparad version" if len(history) == 1 else f"{len(history)} sparade versioner"
    with st.expander(f"Historik: {saved} för {round_}"):
        if history.empty:
            st.caption("Inga texter sparade ännu.")
            return
        st.dataframe(pd.DataFrame({
            "Avsnitt": history["section"].map(lambda s: report.SECTIONS.get(s, s)),
            "Sparad": history["saved_at"].dt.strftime("%Y-%m-%d %H:%M"),
            "Av": history["saved_by"].map(fmt.clean_text),
            "Text": history["text"].map(lambda t: fmt.clean_text(t)[:300])}), hide_index=True, width="stretch")


def _title_block() -> report.TitleBlock:
    st.markdown("**Rubrikblock** – tomma fält blir platshållare i rapporten.")
    c1, c2 = st.columns(2)
    diarienummer = c1.text_input("Diarienummer", key="rapport_diarienummer", placeholder="KS 2020-754")
    handlaggare = c2.text_input("Handläggare", key="rapport_handlaggare")
    organisation = c1.text_input("Organisation", key="rapport_organisation", placeholder="Kommunledningsförvaltningen")
    datum = c2.date_input("Datum", value=today(), format="YYYY-MM-DD", key="rapport_datum")
    return report.TitleBlock(diarienummer.strip(), handlaggare.strip(), datum, organisation.strip())


def _make(round_: int, title: report.TitleBlock) -> None:
    store = database.store()
    with_pdf = st.checkbox("Gör även en PDF", value=report.pdf_available(), disabled=not report.pdf_available(),
                           key="rapport_pdf", help="PDF görs med LibreOffice på servern och tar 10–30 sekunder extra.")
    signature = (round_, title, with_pdf, store.version())
    if st.button("Skapa uppföljningsrapport", type="primary", icon=":material/description:", key="skapa_rapport"):
        bar = st.progress(0.0, text="Börjar …")
        try:
            made = report.make_report(store, round_, title, pdf=with_pdf and report.pdf_available(),
                                      progress=lambda share, text: bar.progress(share, text=text))
        except PanelError as exc:
            bar.empty()
            st.error(fmt.md(exc.message))
            return
        st.session_state[_MADE] = (signature, made)
    saved = st.session_state.get(_MADE)
    if not saved:
        return
    if saved[0] != signature:
        st.caption("Texterna, rubrikblocket eller data har ändrats – skapa rapporten igen.")
        return
    made: report.Report = saved[1]
    for warning in made.warnings:
        st.warning(fmt.md(warning), icon=":material/warning:")
    content = made.content
    st.success(f"Rapporten för {content.round} är klar: {content.total} åtgärder "
               f"({', '.join(f'{n} {s}' for s, n in content.totals.items())}) och "
               f"{len(content.indicators)} nulägesbilder." + (" Nulägesbilderna bygger på exempeldata och är "
                                                             "märkta så." if content.example else ""))
    cols = st.columns(2)
    cols[0].download_button("Ladda ner Word (.docx)", data=made.docx, file_name=made.docx_name, mime=report.MIME,
                            on_click="ignore", icon=":material/download:", key="ladda_rapport_docx", type="primary")
    if made.pdf is not None:
        cols[1].download_button("Ladda ner PDF", data=made.pdf, file_name=made.pdf_name, mime=report.PDF_MIME,
                                on_click="ignore", icon=":material/download:", key="ladda_rapport_pdf")


def report_tab() -> None:
    st.markdown("Uppföljningsrapporten *Uppföljning av åtgärdsplan mot segregation* skrivs som ett utkast ur "
                "panelens data: antal åtgärder per status och utvecklingsområde, förändringar sedan förra "
                "omgången, varje åtgärd med status, kommentar och beslut, och en nulägesbild per indikator med "
                "diagram, tabell och text. Inledningen och sammanfattningarna per utvecklingsområde skrivs här.")
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan skriva rapporttexterna och skapa rapporten.")
        return
    rounds = database.store().followup_rounds()
    if not rounds:
        st.info("Det finns ännu ingen uppföljning av åtgärderna. Importera åtgärdsregistret under «Importera fil».")
        return
    round_ = _round_choice(rounds)
    current = database.store().report_texts(round_)
    _texts_form(round_, current)
    _history(round_)
    st.divider()
    title = _title_block()
    _make(round_, title)
    notes = []
    if not images.chromium_available():
        notes.append("Chromium saknas på servern, så rapporten skrivs utan diagrambilder (apt-get install -y chromium).")
    if not report.pdf_available():
        notes.append("LibreOffice saknas på servern, så rapporten finns bara som Word-fil "
                     "(apt-get install -y libreoffice-writer-nogui).")
    for note in notes:
        st.caption(note)
