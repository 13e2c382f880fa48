"""The meeting pack built from the bundled data: PowerPoint and Excel opened and checked."""

from __future__ import annotations

import io

import openpyxl
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.export import images as slides
from dashboard.export import pack as meeting
from tests.presentation.conftest import MEETING_DATE, SPECS


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_pptx_has_title_one_slide_per_view_and_status(pack):
    deck = Presentation(io.BytesIO(pack.pptx))
    slides_ = list(deck.slides)
    assert len(slides_) == 1 + len(SPECS) + 1
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    assert "23 november 2026" in "\n".join(_texts(slides_[0]))
    titles = [next(s for s in slide.shapes if s.name == "Rubrik").text_frame.paragraphs[0].text
              for slide in slides_[1:]]
    assert titles == ["Invånare i hushåll med ekonomiskt bistånd", "Meritvärde åk 9 – stadsdelarna 2024",
                      "Åtgärdernas status 2021", "Meritvärde åk 9 – skillnad mot kommunen",
                      "Åtgärdernas status per utvecklingsområde"]
    for slide, view in zip(slides_[1:-1], pack.views, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.size[0] >= 1600  # sharp: rendered at scale 2
        assert "Nyckeltal" in "\n".join(_texts(slide))
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Källa: {view.source}" in notes and "Definition:" in notes
    status = slides_[-1]
    table = next(s for s in status.shapes if s.has_table).table
    assert [table.cell(r, 0).text for r in range(1, 7)][-1] == "Alla utvecklingsområden"
    assert table.cell(6, 4).text == "60"
    assert "Källa:" in status.notes_slide.notes_text_frame.text


def test_xlsx_has_a_sheet_per_slide_with_the_table_rows_and_the_metadata(pack):
    book = openpyxl.load_workbook(io.BytesIO(pack.xlsx))
    assert book.sheetnames == [*pack.sheets, meeting.STATUS_SHEET, meeting.META_SHEET]
    for name, view in zip(pack.sheets, pack.views, strict=True):
        sheet = book[name]
        assert sheet.max_row - 1 == len(view.table)
        assert [c.value for c in sheet[1]] == list(view.table.frame.columns)
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    first = book[pack.sheets[0]]
    assert [r[0] for r in first.iter_rows(min_row=2, values_only=True)] == [
        "Berga", "Skäggetorp", "Linköpings kommun", "Jämförbara kommuner", "Riket"]
    assert first["K3"].value == 18.0 and first["K3"].number_format == "#,##0.0"
    assert book[meeting.STATUS_SHEET].max_row == 6
    meta = "\n".join(str(v) for row in book[meeting.META_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "Exempeldata – påhittade värden" in meta
    assert "Källa (Invånare i hushåll med ekonomiskt bistånd)" in meta and "Definition (Meritvärde åk 9)" in meta


def test_without_chromium_the_pack_is_excel_only_with_a_swedish_message(panel):
    def missing(figs, progress=None):
        raise slides.ChromiumMissing(slides.CHROMIUM_HELP)

    result = meeting.build_pack(SPECS[:2], panel, meeting_date=MEETING_DATE, renderer=missing)
    assert result.pptx is None
    assert "apt-get install -y chromium" in result.warning and "Excel-filen" in result.warning
    book = openpyxl.load_workbook(io.BytesIO(result.xlsx))
    assert len(book.sheetnames) == 2 + 2


def test_render_images_says_chromium_is_missing_in_swedish(monkeypatch):
    monkeypatch.setattr(slides.shutil, "which", lambda name: None)
    try:
        slides.render_images([None])
    except slides.ChromiumMissing as exc:
        assert "Chromium" in str(exc) and "apt-get install -y chromium" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("ChromiumMissing was not raised")


def test_hostile_text_stays_text_in_the_pack(panel, monkeypatch):
    # a table cell beginning with '=' must be written as text, not as a formula
    from dashboard import views

    view = views.build(SPECS[2], panel)
    view.table.frame.loc[0, "Utvecklingsområde"] = '=HYPERLINK("http://example.invalid/","x")'
    data = meeting.xlsx_pack([view], ["1 Test"], status=None, status_round=None, meeting_date=MEETING_DATE)
    cell = openpyxl.load_workbook(io.BytesIO(data))["1 Test"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_trend_slide_draws_kommun_group_and_riket_as_three_distinct_reference_lines(pack):
    """The figure behind the PNG has the three references with their own dash and legend entry,
    and the rendered picture in the PowerPoint really shows each line's colour."""
    from PIL import Image

    from dashboard.figures.layout import REFERENCE_STYLE

    figure = pack.views[0].figure
    refs = {t.name: t for t in figure.data if t.name in ("Linköpings kommun", "Jämförbara kommuner", "Riket")}
    assert set(refs) == {"Linköpings kommun", "Jämförbara kommuner", "Riket"}
    assert len({t.line.dash for t in refs.values()}) == 3 and all(t.showlegend is not False for t in refs.values())
    assert refs["Jämförbara kommuner"].line.dash == REFERENCE_STYLE["grupp"]["dash"]
    deck = Presentation(io.BytesIO(pack.pptx))
    picture = next(s for s in list(deck.slides)[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    image = Image.open(io.BytesIO(picture.image.blob)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    for role in ("kommun", "riket", "grupp"):
        wanted = tuple(int(REFERENCE_STYLE[role]["color"][i:i + 2], 16) for i in (1, 3, 5))
        near = sum(n for n, c in colours if max(abs(a - b) for a, b in zip(c, wanted, strict=True)) <= 12)
        assert near > 200, f"the {role} line is not in the slide's picture"
