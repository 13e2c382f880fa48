"""«Uppföljning av åtgärdsplan mot segregation»: the yearly follow-up report, drafted from the data.

``make_report(store, round_)`` is the one entry point, used by the Data page and by
``python -m dashboard.report``:

1. ``content.report_content`` computes what the report says (counts, changes, measures,
   written texts, nulägesbilder with sentences and intervals) from the store;
2. the nulägesbilder's charts are rendered as PNG with kaleido through the server's
   Chromium (``dashboard.export.images``, the same as the meeting pack); without Chromium
   the report is still written, each chart replaced by a sentence saying why;
3. ``word.docx_bytes`` writes the Word document (accessible by construction);
4. optionally ``pdf.docx_to_pdf`` converts it with LibreOffice.

Nothing here needs Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..export import images
from ..home import producing
from ..store import Memo, Store
from .content import ReportContent, TitleBlock, report_content
from .pdf import PdfFailed, available as pdf_available, docx_to_pdf
from .texts import SECTIONS, save_texts
from .word import MIME, docx_bytes, file_name

PDF_MIME = "application/pdf"
Progress = Callable[[float, str], None]

__all__ = ["MIME", "PDF_MIME", "SECTIONS", "Report", "ReportContent", "TitleBlock", "make_report",
           "pdf_available", "save_texts"]


@dataclass
class Report:
    """The report's files and what was said while making them."""

    docx: bytes
    content: ReportContent
    pdf: bytes | None = None
    warnings: list[str] = field(default_factory=list)   # Swedish, for the page or stderr

    @property
    def docx_name(self) -> str:
        return file_name(self.content.round, "docx")

    @property
    def pdf_name(self) -> str:
        return file_name(self.content.round, "pdf")


def render_charts(content: ReportContent) -> tuple[list[bytes | None], str | None]:
    """PNG of every nulägesbild's chart (None where there is none), and a warning when they
    could not be drawn (the report is then written without them)."""
    figures = [part.chart.figure if part.chart is not None else None for part in content.indicators]
    if not any(f is not None for f in figures):
        return [None] * len(figures), None
    try:
        return images.render_images(figures), None
    except images.RenderFailed as exc:
        return [None] * len(figures), exc.message


def make_report(store: Store, round_: int, title: TitleBlock | None = None, *, baseline_year: int | None = None,
                pdf: bool = False, charts: bool = True, indicators: Sequence[str] | None = None,
                progress: Progress | None = None, today: dt.date | None = None) -> Report:
    """The follow-up report for one round as .docx (and PDF when asked and possible).

    ``title`` fills the title block (empty fields stay visible placeholders; the date
    defaults to today). ``charts=False`` skips rendering (a quick draft of the text).
    Raises PanelError (Swedish) when the round is not in the store; a missing Chromium or
    LibreOffice only adds a warning.
    """
    with producing(store.home()):  # the report and its charts name the store's home kommun
        return _make_report(store, round_, title, baseline_year=baseline_year, pdf=pdf, charts=charts,
                            indicators=indicators, progress=progress, today=today)


def _make_report(store: Store, round_: int, title: TitleBlock | None, *, baseline_year: int | None, pdf: bool,
                 charts: bool, indicators: Sequence[str] | None, progress: Progress | None,
                 today: dt.date | None) -> Report:
    def step(share: float, text: str) -> None:
        if progress:
            progress(share, text)

    if store.memo is None:  # the command line's store: keep what the views ask twice for this run
        store = Store(store.con, key=store.key or "rapport", memo=Memo())
    today = today or dt.date.today()
    title = title or TitleBlock()
    if title.datum is None:
        title = TitleBlock(title.diarienummer, title.handlaggare, today, title.organisation)
    step(0.05, "Sammanställer åtgärder, texter och indikatorer …")
    content = report_content(store, round_, title, baseline_year=baseline_year, indicators=indicators)
    warnings: list[str] = []
    pictures: list[bytes | None] = [None] * len(content.indicators)
    if charts:
        step(0.35, f"Ritar {len(content.indicators)} diagram …")
        pictures, problem = render_charts(content)
        if problem:
            warnings.append(f"Diagrammen saknas i rapporten: {problem}")
    step(0.75, "Skriver Word-dokumentet …")
    report = Report(docx_bytes(content, pictures, made=today), content, warnings=warnings)
    if pdf:
        step(0.85, "Gör PDF med LibreOffice …")
        try:
            report.pdf = docx_to_pdf(report.docx)
        except PdfFailed as exc:
            report.warnings.append(exc.message)
    step(1.0, "Klart")
    return report
