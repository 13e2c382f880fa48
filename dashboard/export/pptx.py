"""The meeting pack's PowerPoint deck.

16:9 and made for a projector: a title slide with the meeting date and the list of views;
one slide per view with its title, the chart as a sharp image (rendered by
``dashboard.export.images``), the key figures in large type beside it, and the source,
definition and choices in the speaker notes; last, the measure status per
utvecklingsområde as a table. Every picture carries the chart's alt text (title and one
sentence), and status is written with symbol and word, never colour alone.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..figures.layout import swedish_date
from ..home import home_name, producer
from ..tables import Table
from ..views import View

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in: exactly 16:9
DARK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x44, 0x44, 0x44)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
WARN = RGBColor(0x8A, 0x4B, 0x00)
HEADER_FILL = RGBColor(0xDC, 0xE3, 0xEE)
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


# ----------------------------------------------------------------------------- text helpers

def describe(shape, alt: str) -> None:
    """The picture's text alternative (PowerPoint's «alternativ text»): title and one sentence."""
    c_nv_pr = shape._element.nvPicPr.cNvPr  # noqa: SLF001 - python-pptx has no API for descr
    c_nv_pr.set("descr", alt)
    c_nv_pr.set("title", alt.split(". ", 1)[0])


def _box(slide, left, top, width, height, *, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    return box, frame


def _para(frame, text: str, size: float, *, bold: bool = False, color: RGBColor = DARK,
          space_before: float = 0, space_after: float = 4, align=None, first: bool = False):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = "Calibri"
    paragraph.space_before = Pt(space_before)
    paragraph.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _title(slide, text: str, subtitle: str | None = None) -> None:
    box, frame = _box(slide, Inches(0.45), Inches(0.25), Inches(12.4), Inches(1.05), anchor=MSO_ANCHOR.TOP)
    box.name = "Rubrik"
    _para(frame, text, 30 if len(text) <= 60 else 24, bold=True, first=True, space_after=2)
    if subtitle:
        _para(frame, subtitle, 16, color=GREY)


def _footer(slide, left_text: str, number: int, total: int, example: bool) -> None:
    box, frame = _box(slide, Inches(0.45), Inches(7.05), Inches(9.5), Inches(0.35))
    box.name = "Sidfot"
    _para(frame, left_text + (" · EXEMPELDATA – påhittade värden" if example else ""), 11,
          color=WARN if example else GREY, first=True, space_after=0)
    box, frame = _box(slide, Inches(11.4), Inches(7.05), Inches(1.5), Inches(0.35))
    box.name = "Sidnummer"
    _para(frame, f"{number} / {total}", 11, color=GREY, first=True, space_after=0, align=PP_ALIGN.RIGHT)


def _key_figures(slide, view: View) -> None:
    box, frame = _box(slide, Inches(9.15), Inches(1.45), Inches(3.95), Inches(5.5))
    box.name = "Nyckeltal"
    lines = sum(2 + len(k.lines) for k in view.key_figures)
    small, big = (16, 26) if lines <= 8 else (14, 22) if lines <= 13 else (12, 18)
    _para(frame, "Nyckeltal", 18, bold=True, color=ACCENT, first=True, space_after=6)
    if not view.key_figures:
        _para(frame, "Inga värden att sammanfatta.", small, color=GREY)
    for key in view.key_figures:
        _para(frame, key.heading, small, bold=True, space_before=8, space_after=0)
        _para(frame, key.value, big, bold=True, color=ACCENT, space_after=2)
        for line in key.lines:
            _para(frame, line, small, color=GREY, space_after=1)


def _status_table(slide, table: Table, top) -> None:
    frame = table.frame
    rows, cols = len(frame) + 2, len(frame.columns)
    height = Emu(int(Inches(0.62) * rows))
    shape = slide.shapes.add_table(rows, cols, Inches(0.45), top, Inches(12.4), height)
    shape.name = "Statustabell"
    grid = shape.table
    grid.columns[0].width = Inches(4.6)
    for c in range(1, cols):
        grid.columns[c].width = Emu(int((Inches(12.4) - Inches(4.6)) / (cols - 1)))
    totals = ["Alla utvecklingsområden"] + [str(int(frame[c].sum())) for c in frame.columns[1:]]
    body = [[str(v) for v in values] for values in frame.itertuples(index=False)] + [totals]
    for c, name in enumerate(frame.columns):
        grid.cell(0, c).text = str(name)
    for r, values in enumerate(body, start=1):
        for c, value in enumerate(values):
            grid.cell(r, c).text = value
    for r in range(rows):
        for c in range(cols):
            cell = grid.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL
            for paragraph in cell.text_frame.paragraphs:
                paragraph.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(17 if r == 0 else 20)
                    run.font.bold = r == 0 or r == rows - 1
                    run.font.color.rgb = DARK


# ----------------------------------------------------------------------------- the deck

def pptx_bytes(views: Sequence[View], images: Sequence[bytes | None], *, meeting_date: dt.date,
               status: View | None, example: bool | None = None,
               meeting_name: str = "SMS-gruppen") -> bytes:
    """Title slide, one slide per view (chart image, key figures, notes), the status slide.

    ``images`` are the charts of ``views`` in order (``render_images``); a view without an
    image gets a short note where the chart would be. ``status`` is the Åtgärder view of the
    latest round (``pack.status_summary``): its table and subtitle are the status slide's, so
    the slide says what the page and the slideshow say.
    """
    if example is None:
        example = any(v.example for v in views)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.core_properties.title = f"Mötespaket {meeting_name} {meeting_date.isoformat()}"
    deck.core_properties.subject = producer()
    blank = deck.slide_layouts[6]
    total = 1 + len(views) + (1 if status is not None else 0)
    footer = f"{producer().replace(', ', ' · ', 1)} · {meeting_name} {swedish_date(meeting_date)}"

    first = deck.slides.add_slide(blank)
    box, frame = _box(first, Inches(0.8), Inches(1.3), Inches(11.7), Inches(2.2), anchor=MSO_ANCHOR.BOTTOM)
    box.name = "Rubrik"
    _para(frame, "Åtgärdsplan mot segregation – indikatorer och åtgärder", 36, bold=True, first=True)
    _para(frame, f"{meeting_name} · möte {swedish_date(meeting_date)}", 26, color=ACCENT)
    _, frame = _box(first, Inches(0.8), Inches(3.8), Inches(11.7), Inches(2.6))
    _para(frame, "Innehåll", 18, bold=True, color=GREY, first=True)
    agenda = [f"{i}. {v.title}" for i, v in enumerate(views, start=2)]
    if status is not None:
        agenda.append(f"{len(views) + 2}. Åtgärdernas status per utvecklingsområde")
    shown = agenda[:9] + ([f"… och {len(agenda) - 9} bilder till"] if len(agenda) > 9 else [])
    for line in shown:
        _para(frame, line, 16 if len(agenda) > 6 else 18, color=DARK, space_after=1)
    if example:
        _, frame = _box(first, Inches(0.8), Inches(6.45), Inches(11.7), Inches(0.5))
        _para(frame, "Exempeldata: indikatorvärdena i panelen är påhittade och är inte verklig statistik.", 18,
              bold=True, color=WARN, first=True)
    first.notes_slide.notes_text_frame.text = (
        f"Mötespaket från Indikatorpanelen, skapat {swedish_date(meeting_date)}. Varje diagram har "
        "källa och exportdatum i bilden; definitioner och urval står i anteckningarna. Tabellerna "
        "bakom diagrammen finns i Excel-filen med samma namn.")

    for number, (view, image) in enumerate(zip(views, images, strict=True), start=2):
        slide = deck.slides.add_slide(blank)
        _title(slide, view.title, view.subtitle)
        if image:
            picture = slide.shapes.add_picture(io.BytesIO(image), Inches(0.3), Inches(1.4), width=Inches(8.8))
            picture.name = "Diagram"
            describe(picture, view.charts[0].alt if view.charts else view.title)
        else:
            _, frame = _box(slide, Inches(0.45), Inches(1.6), Inches(8.8), Inches(1.0))
            _para(frame, "Diagrammet saknas (inga värden med de här valen).", 18, color=GREY, first=True)
        _key_figures(slide, view)
        _footer(slide, footer, number, total, view.example)
        slide.notes_slide.notes_text_frame.text = view.speaker_notes()

    if status is not None:
        slide = deck.slides.add_slide(blank)
        status_round = status.extra["round"]
        _title(slide, "Åtgärdernas status per utvecklingsområde", status.subtitle)
        _status_table(slide, status.table, Inches(1.6))
        _footer(slide, footer, total, total, False)
        slide.notes_slide.notes_text_frame.text = (
            f"Källa: {home_name()}, uppföljning {status_round} av åtgärdsplanen mot segregation.\n"
            "Definition: status enligt uppföljningen (genomförd, pågår, ej genomförd); varje åtgärd "
            "räknas i sitt utvecklingsområde. Åtgärderna och deras status är verkliga uppgifter.")

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
