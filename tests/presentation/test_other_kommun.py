"""Another kommun's files name it and nothing of Linköping's: the meeting pack (PowerPoint and
Excel), a table's Excel file and the follow-up report, made from Motala's store (set up by
``loaders.home.init`` against the SCB stand-in, with a register filled in from the template)."""

from __future__ import annotations

import io
import re
import zipfile

import duckdb
import openpyxl
import pytest
from pptx import Presentation

from dashboard.export import pack as meeting
from dashboard.export.xlsx import ExportInfo, xlsx_bytes
from dashboard.home import producing
from dashboard.report import make_report
from dashboard.specs import MeasuresSpec, TrendSpec
from dashboard.store import Store
from dashboard.views import build
from loaders import home
from loaders.importer import import_bytes
from loaders.register_template import template_bytes
from loaders.store import connect
from tests.presentation.conftest import MEETING_DATE
from tests.scb_server import serving

LINKOPING = re.compile(r"Linköping|Berga|Skäggetorp|\bRyd\b")


@pytest.fixture
def motala(tmp_path, monkeypatch) -> Store:
    with serving(monkeypatch):
        home.init(tmp_path / "motala.duckdb", "0583")
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    book.active.append(["4.1", "Trygga stråk", "Belysning längs gång- och cykelvägar", "4", "Område 2", "Tekniska",
                        "Inom ram", "Åtgärdsplan mot segregation", 2025, "Pågår", "Etapp 1 klar", "Vidmakthålls"])
    out = io.BytesIO()
    book.save(out)
    con = connect(tmp_path / "motala.duckdb")
    import_bytes(con, out.getvalue(), "motala_atgarder.xlsx", who="test")
    con.close()
    con = duckdb.connect(str(tmp_path / "motala.duckdb"), read_only=True)
    yield Store(con)
    con.close()


def _xml_texts(data: bytes) -> str:
    """Every text inside an Office file (its XML parts), properties included."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_the_meeting_pack_names_motala(motala):
    specs = [TrendSpec("forsorjningsstod_andel"), MeasuresSpec(2025)]
    made = meeting.build_pack(specs, motala, meeting_date=MEETING_DATE, renderer=lambda f, p=None: [None] * len(f))
    deck = Presentation(io.BytesIO(made.pptx))
    assert deck.core_properties.subject == "Indikatorpanelen, Motala kommun"
    slide_texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any(t.startswith("Indikatorpanelen · Motala kommun · ") for t in slide_texts)
    for data in (made.pptx, made.xlsx):
        texts = _xml_texts(data)
        assert "Motala kommun" in texts
        assert not LINKOPING.search(texts), LINKOPING.search(texts)


def test_a_charts_date_line_and_a_tables_excel_name_motala(motala):
    with producing(motala.home()):
        view = build(TrendSpec("forsorjningsstod_andel"), motala)
        data = xlsx_bytes(view.table, ExportInfo("Trender"))
    shown = [a.text for a in view.figure.layout.annotations]
    assert any(t.endswith("· Indikatorpanelen, Motala kommun") for t in shown), shown
    assert "Område 1" in view.subtitle and not LINKOPING.search(view.subtitle + " ".join(shown))
    texts = _xml_texts(data)
    assert "Indikatorpanelen, Motala kommun" in texts and not LINKOPING.search(texts)


def test_the_report_names_motala(motala):
    report = make_report(motala, 2025, charts=False)
    texts = _xml_texts(report.docx)
    assert "Motala kommun" in texts
    assert not LINKOPING.search(texts), LINKOPING.search(texts)
