"""The meeting pack: a PowerPoint deck and an Excel workbook built from the presentation list.

Slides are made from plain data (title, chart image, key figures, notes), so the deck can be
built and tested without Streamlit. Chart images come from kaleido, which drives Debian's
Chromium; when Chromium is missing the pack is still offered as Excel only.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9, as projectors show it
IMAGE_SIZE = (1600, 900)
DARK = RGBColor(0x1F, 0x29, 0x33)
GREY = RGBColor(0x55, 0x5F, 0x6B)
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]
CHROMIUM_HELP = ("Diagrambilder kräver webbläsaren Chromium på servern, men den hittades inte. "
                 "Installera den med «apt-get install -y chromium» (se README). "
                 "Excel-filen med tabellerna fungerar ändå.")


class ChromiumMissing(RuntimeError):
    """Raised when chart images cannot be rendered; the message is Swedish."""


@dataclass
class Slide:
    title: str
    subtitle: str
    figure: go.Figure | None
    key_figures: list[str]
    notes: str
    table: pd.DataFrame
    sheet_name: str
    image: bytes | None = field(default=None, repr=False)


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def chromium_available() -> bool:
    return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))


def render_png(figure: go.Figure, size: tuple[int, int] = IMAGE_SIZE) -> bytes:
    if not chromium_available():
        raise ChromiumMissing(CHROMIUM_HELP)
    try:
        return figure.to_image(format="png", width=size[0], height=size[1], scale=1)
    except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many kinds
        raise ChromiumMissing(f"{CHROMIUM_HELP} ({type(exc).__name__})") from exc


def render_images(slides: Sequence[Slide], progress: Callable[[int, int], None] | None = None) -> None:
    """Render every chart once; progress(i, n) lets the page drive a progress bar."""
    charts = [s for s in slides if s.figure is not None]
    for i, slide in enumerate(charts, start=1):
        slide.image = render_png(slide.figure)
        if progress:
            progress(i, len(charts))


def _text(slide, left, top, width, height, lines: Sequence[str], size: int, *, bold_first: bool = False,
          color: RGBColor = DARK) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.color.rgb = color
        paragraph.font.bold = bold_first and i == 0
        paragraph.space_after = Pt(8)


def pptx_bytes(slides: Sequence[Slide], *, meeting_date: dt.date, status: pd.DataFrame,
               round_: int | None, example: bool) -> bytes:
    """Title slide, one slide per view, and the measure status per utvecklingsområde.

    ``status`` has columns Utvecklingsområde, Genomförd, Pågår, Ej genomförd, Totalt.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]

    title = deck.slides.add_slide(blank)
    _text(title, Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.6),
          ["Åtgärdsplan mot segregation – uppföljning", "SMS-gruppen"], 40, bold_first=True)
    _text(title, Inches(0.8), Inches(4.2), Inches(11.7), Inches(1.5),
          [f"Möte {swedish_date(meeting_date)}", "Linköpings kommun"], 24, color=GREY)
    if example:
        _text(title, Inches(0.8), Inches(6.0), Inches(11.7), Inches(1.0),
              ["Exempeldata: indikatorvärdena är påhittade och är inte verklig statistik."], 20,
              color=RGBColor(0xA1, 0x3D, 0x00))

    for item in slides:
        page = deck.slides.add_slide(blank)
        _text(page, Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.9), [item.title], 30, bold_first=True)
        _text(page, Inches(0.5), Inches(0.95), Inches(12.3), Inches(0.5), [item.subtitle], 16, color=GREY)
        if item.image:
            page.shapes.add_picture(io.BytesIO(item.image), Inches(0.4), Inches(1.5), width=Inches(9.1))
        _text(page, Inches(9.7), Inches(1.6), Inches(3.3), Inches(5.5),
              ["Nyckeltal", *item.key_figures], 16, bold_first=True)
        page.notes_slide.notes_text_frame.text = item.notes

    summary = deck.slides.add_slide(blank)
    heading = "Åtgärdernas status per utvecklingsområde" + (f", uppföljning {round_}" if round_ else "")
    _text(summary, Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.9), [heading], 30, bold_first=True)
    rows, cols = len(status) + 1, len(status.columns)
    shape = summary.shapes.add_table(rows, cols, Inches(0.5), Inches(1.4), Inches(12.3),
                                     Emu(Inches(0.55) * rows))
    table = shape.table
    table.columns[0].width = Inches(6.3)
    for c in range(1, cols):
        table.columns[c].width = Inches(1.5)
    for c, name in enumerate(status.columns):
        table.cell(0, c).text = str(name)
    for r, values in enumerate(status.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            table.cell(r, c).text = str(value)
    for r in range(rows):
        for c in range(cols):
            for paragraph in table.cell(r, c).text_frame.paragraphs:
                paragraph.font.size = Pt(16)
    summary.notes_slide.notes_text_frame.text = (
        "Status enligt SMS-gruppens uppföljning. Symbolerna ✔ genomförd, ◐ pågår, ✖ ej genomförd "
        "visar status utan att förlita sig på färg.")
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
