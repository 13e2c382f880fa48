"""The Administration page's «Uppföljningsrapport» tab in Streamlit's AppTest: viewers cannot
write, editors save texts (with history) and create the report."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.report import pdf
from dashboard.store import Store
from tests.apptest import administration, data_page, panel_alone, unlock

ROOT = Path(__file__).resolve().parents[2]
HASH = auth.hash_password("hemligt", iterations=1000)


def _app(secrets: dict | None = None) -> AppTest:
    return data_page(secrets, timeout=180)


def _editor() -> AppTest:
    """Unlocked on the Data page, then Administration's group «Uppföljning»."""
    at = unlock(_app({"editor_password_hash": HASH}))
    assert "Du är redaktör" in _texts(at)
    return administration(at, "uppfoljning")


def _texts(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.info, *at.success, *at.error, *at.warning, *at.caption])


def test_viewers_see_what_the_tab_is_for_and_nothing_to_change(store_copy):
    at = _app()
    assert not at.exception
    assert "Uppföljningsrapport" not in [t.label for t in at.tabs]  # a viewer has no Administration page
    at = panel_alone("data_report", "report_tab")  # and the panel on its own, for a viewer
    assert not at.exception
    assert "Endast redaktörer kan skriva rapporttexterna och skapa rapporten." in _texts(at)
    assert not [b for b in at.button if b.label in ("Spara texterna", "Skapa uppföljningsrapport")]


def test_editor_saves_texts_and_creates_the_report(store_copy: Path):
    at = _editor()
    assert "Uppföljningsrapport" in [t.label for t in at.tabs]
    at.text_area(key="rapporttext_2021_inledning").input("Inledningen för 2021, skriven i appen.")
    at.text_area(key="rapporttext_2021_uo2").input("Sammanfattning av arbetet med arbete och sysselsättning.")
    next(b for b in at.button if b.label == "Spara texterna").click().run()
    assert not at.exception
    assert any("Sparade 2 texter" in s.value for s in at.success), _texts(at)
    at.text_input(key="rapport_diarienummer").input("KS 2020-754")
    with_pdf = at.checkbox(key="rapport_pdf")
    # the PDF needs LibreOffice: without it the box is disabled (and says why in a caption)
    assert with_pdf.disabled is (not pdf.available())
    if not with_pdf.disabled:
        with_pdf.uncheck()
    next(b for b in at.button if b.label == "Skapa uppföljningsrapport").click().run()
    assert not at.exception
    assert any("Rapporten för 2021 är klar: 60 åtgärder (12 genomförd, 42 pågår, 6 ej genomförd)" in s.value
               for s in at.success), _texts(at)
    con = duckdb.connect(str(store_copy))
    try:
        store = Store(con)
        assert store.report_texts(2021) == {"inledning": "Inledningen för 2021, skriven i appen.",
                                            "uo2": "Sammanfattning av arbetet med arbete och sysselsättning."}
        assert {"redaktör (lösenord)"} == set(store.report_text_history(2021)["saved_by"])
    finally:
        con.close()


def test_without_libreoffice_the_pdf_box_is_off_and_says_how_to_get_it(store_copy, monkeypatch):
    """A new machine has no LibreOffice: the report is Word only, and the tab says so."""
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    at = _editor()
    assert not at.exception
    box = at.checkbox(key="rapport_pdf")
    assert box.disabled and box.value is False
    assert "LibreOffice saknas på servern, så rapporten finns bara som Word-fil" in _texts(at)
