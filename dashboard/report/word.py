"""The report as a Word document (python-docx), made to be read by everyone.

Public-sector documents must be accessible (lagen om tillgänglighet till digital offentlig
service, WCAG 2.1 AA via EN 301 549), so the document is built for it rather than checked
afterwards:

* every heading is a real Heading 1–3 paragraph, numbered in its text as in the kommun's own
  report; the table of contents is a real Word TOC field over Heading 1–2 with bookmarks, so
  Word's navigation pane, «Uppdatera fält» and a PDF's bookmarks all work;
* every picture has alt text (``descr``: title and one sentence; ``title``: the title);
* every table's first row is marked as a header row that repeats on a new page
  (``w:tblHeader``), rows do not break across pages, and each table has a caption and a
  description for screen readers (``w:tblCaption``, ``w:tblDescription``);
* the document language is Swedish (sv-SE) in the styles, the settings and the properties;
* status is written with symbol and word and, as in the kommun's report, its colour word
  (grön, gul, röd); the coloured shading only repeats what the text says.

A4, Calibri 11 pt, a header that says draft (and example data when the nulägesbilder show
example values) and «Sida X av Y» in the footer. Imported text is cleaned of invisible
characters before it gets here; python-docx escapes everything it writes as XML text, so a
name can never become markup.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from loaders.domain import STATUSES

from .. import formatting as fmt
from ..figures.layout import swedish_date
from .content import (PLAN_NAME, AreaPart, IndicatorPart, Measure, ReportContent, area_counts_text, decision_words,
                      status_words, table_headers, totals_sentence)
from .texts import INTRODUCTION, area_section, paragraphs, placeholder

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "sv-SE"
FONT = "Calibri"
TEXT_WIDTH = Cm(16.0)              # A4 (21 cm) less 2,5 cm margins
CHART_WIDTH = Cm(15.0)             # leaves room for the sentences, the table and the source on one page
DARK = RGBColor(0x1A, 0x1A, 0x1A)
HEADING = RGBColor(0x1F, 0x3A, 0x5F)
WARN = RGBColor(0x8A, 0x4B, 0x00)
PLACEHOLDER_FILL = "FFF2A8"
HEADER_FILL = "DCE3EE"
# (fill, text) per status: light fills with dark text (contrast at least 4.5:1).
STATUS_FILLS: dict[str, tuple[str, RGBColor]] = {
    "genomförd": ("C6EFCE", RGBColor(0x00, 0x55, 0x00)),
    "pågår": ("FFEB9C", RGBColor(0x5C, 0x3D, 0x00)),
    "ej genomförd": ("FFC7CE", RGBColor(0x8B, 0x00, 0x06)),
}
TOC_LEVELS = 2


class _Writer:
    """One document being written: the python-docx document, its headings and bookmarks."""

    def __init__(self) -> None:
        self.doc = Document()
        self.headings: list[tuple[int, str, str]] = []   # (level, text, bookmark) for the TOC
        self._bookmark = 0
        self._styles: dict[str, object] = {}
        self.pictures = 0
        self.tables = 0

    def style(self, name: str):
        """A style by name, looked up once (python-docx searches every style on each lookup)."""
        if name not in self._styles:
            self._styles[name] = self.doc.styles[name]
        return self._styles[name]

    def para(self, text: str = "", style: str | None = None) -> Paragraph:
        """A new paragraph in a named style, the style set by its id (python-docx would compare it
        with every style in the document first, 3 ms a paragraph)."""
        paragraph = self.doc.add_paragraph(text)
        if style:
            paragraph._p.style = self.style(style).style_id  # noqa: SLF001
        return paragraph

    # ------------------------------------------------------------------ blocks

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph = self.para(text, f"Heading {level}")
        if level <= TOC_LEVELS:
            self._bookmark += 1
            name = f"_Toc{self._bookmark:06d}"
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), str(self._bookmark))
            start.set(qn("w:name"), name)
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), str(self._bookmark))
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)  # noqa: SLF001
            paragraph._p.append(end)  # noqa: SLF001
            self.headings.append((level, text, name))
        return paragraph

    def text(self, text: str, *, style: str | None = None, bold_lead: str = "") -> Paragraph:
        paragraph = self.para(style=style)
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        paragraph.add_run(text)
        return paragraph

    def placeholder(self, text: str) -> Paragraph:
        """A missing part, in brackets and highlighted: the words say it, the colour helps."""
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = True
        _shade(run, PLACEHOLDER_FILL)
        return paragraph

    def texts(self, text: str | None, missing: str) -> None:
        parts = paragraphs(text)
        if not parts:
            self.placeholder(missing)
        for part in parts:
            self.text(part)

    def warning(self, text: str) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = True
        run.font.color.rgb = WARN
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.para(item, "List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str, description: str,
              widths: Sequence[float] | None = None, numeric: Sequence[int] = (), bold_last: bool = False,
              keep_with_next: bool = False) -> None:
        """A data table: header row marked as such (repeats on every page), rows kept whole;
        ``keep_with_next`` keeps the table on the page of the paragraph after it."""
        self.tables += 1
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table._tbl.tblStyle_val = self.style("Table Grid").style_id  # noqa: SLF001 - as para()
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _table_texts(table, caption, description)
        for r, values in enumerate([list(header), *[list(v) for v in rows]]):
            row = table.rows[r]
            _keep_row(row, header=r == 0)
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.text = ""
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = keep_with_next or r == 0
                if c in numeric and r > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = paragraph.add_run(str(value))
                run.font.size = Pt(10)
                if r == 0 or (bold_last and r == len(rows)):
                    run.bold = True
                if r == 0:
                    _cell_fill(cell, HEADER_FILL)
        _widths(table, widths or [TEXT_WIDTH.cm / len(header)] * len(header))
        if not keep_with_next:
            self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def picture(self, png: bytes, alt: str, width=CHART_WIDTH) -> None:
        """A chart with its alt text (Word's «alternativ text»): title and one sentence."""
        self.pictures += 1
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=width)
        doc_pr = shape._inline.docPr  # noqa: SLF001 - python-docx has no API for alt text
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt.split(". ", 1)[0])
        doc_pr.set("name", f"Diagram {self.pictures}")

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# ----------------------------------------------------------------------------- low-level XML

def _shading(fill: str):
    """A w:shd element: a solid background of one colour (runs and table cells alike)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    return shading


def _shade(run, fill: str) -> None:
    run._r.get_or_add_rPr().append(_shading(fill))  # noqa: SLF001


def _cell_fill(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_shading(fill))  # noqa: SLF001


def _keep_row(row, *, header: bool) -> None:
    """The row never splits across pages; the first row repeats as the header on every page."""
    properties = row._tr.get_or_add_trPr()  # noqa: SLF001
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)
    if header:
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        properties.append(mark)


def _widths(table, widths: Sequence[float]) -> None:
    """Fixed column widths in cm, written where Word (cells) and LibreOffice (grid) read them."""
    table.autofit = False
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
        for cell in table.columns[c].cells:
            cell.width = Cm(width)


def _table_texts(table, caption: str, description: str) -> None:
    """The table's caption and description for screen readers (Word's «alternativ text»)."""
    properties = table._tbl.tblPr  # noqa: SLF001
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value[:250])
        properties.append(element)


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES …) in a paragraph, with ``shown`` as its current result."""
    p = paragraph._p  # noqa: SLF001
    for element in (_fld_char("begin"), _instr(f" {instruction} "), _fld_char("separate"), _run(shown),
                    _fld_char("end")):
        p.append(element)


def _text_run(tag: str, text: str) -> OxmlElement:
    """A run holding one text element (w:t for shown text, w:instrText for a field's code)."""
    run = OxmlElement("w:r")
    element = OxmlElement(tag)
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


def _run(text: str) -> OxmlElement:
    return _text_run("w:t", text)


def _instr(text: str) -> OxmlElement:
    return _text_run("w:instrText", text)


def _fld_char(kind: str, *, dirty: bool = False) -> OxmlElement:
    run = OxmlElement("w:r")
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    run.append(element)
    return run


def _toc(writer: _Writer, anchor: Paragraph) -> None:
    """The table of contents: a TOC field over Heading 1–2, its result filled in with one
    linked entry per heading, so it reads right before anyone updates it. Word updates it
    (page numbers included) when the document is opened; the PDF conversion updates it too."""
    entries = writer.headings
    for i, (level, text, bookmark) in enumerate(entries):
        paragraph = writer.para(style=f"toc {level}")
        p = paragraph._p  # noqa: SLF001
        if i == 0:
            p.append(_fld_char("begin", dirty=True))
            p.append(_instr(f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u '))
            p.append(_fld_char("separate"))
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        link.append(_run(text))
        p.append(link)
        if i == len(entries) - 1:
            p.append(_fld_char("end"))
        anchor._p.addprevious(p)  # noqa: SLF001
    anchor._p.getparent().remove(anchor._p)  # noqa: SLF001


# ----------------------------------------------------------------------------- document setup

def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = DARK
    normal.element.get_or_add_rPr()
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 26), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING
        style.font.bold = True
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attribute), None)  # the theme font would win over the name
        style.paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.space_after = Pt(18)
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.color.rgb = DARK
    caption.font.bold = False
    caption.paragraph_format.space_after = Pt(3)
    for level in range(1, TOC_LEVELS + 1):
        name = f"toc {level}"
        if name not in [s.name for s in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        style = styles[name]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        style.font.bold = level == 1


def _language(doc) -> None:
    """Swedish everywhere Word and LibreOffice look for it: the default run properties (what
    spelling, hyphenation and screen readers use), the settings, and the properties."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), LANGUAGE)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):  # as Swedish Word writes them
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    doc.core_properties.language = LANGUAGE


# What may follow w:updateFields in w:settings (ECMA-376 CT_Settings): Word refuses a document
# whose settings are out of order, so the element goes before the first of these.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def _update_fields_on_open(doc) -> None:
    """Ask Word to update the fields (the table of contents' page numbers) when it opens."""
    settings = doc.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successors = {qn(f"w:{tag}") for tag in _AFTER_UPDATE_FIELDS}
    follower = next((child for child in settings if child.tag in successors), None)
    if follower is None:
        settings.append(element)
    else:
        follower.addprevious(element)


def _page(doc, content: ReportContent) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = ""
    header.add_run(f"{content.heading} · utkast").font.size = Pt(9)
    if content.example:
        run = header.add_run(" · EXEMPELDATA i nulägesbilderna")
        run.font.size = Pt(9)
        run.bold = True
        run.font.color.rgb = WARN
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(9)
    first = section.first_page_header.paragraphs[0]
    if content.example:
        run = first.add_run("EXEMPELDATA: indikatorvärdena i nulägesbilderna är påhittade, inte verklig statistik.")
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = WARN


# ----------------------------------------------------------------------------- the parts

def _title_page(w: _Writer, content: ReportContent) -> None:
    w.para(content.heading, "Title")
    w.text("Utkast sammanställt ur Indikatorpanelen. Granska, komplettera och ta bort platshållare "
           "(text inom hakparentes) innan rapporten skickas.")
    title = content.title
    fields = (("Diarienummer", title.diarienummer, "[Diarienummer]"),
              ("Handläggare", title.handlaggare, "[Handläggare]"),
              ("Datum", title.datum.isoformat() if title.datum else "", "[Datum]"),
              ("Organisation", title.organisation, "[Organisation]"))
    for label, value, missing in fields:
        paragraph = w.doc.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(4.0))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}:\t").bold = True
        if fmt.clean_text(value):
            paragraph.add_run(fmt.clean_text(value))
        else:
            run = paragraph.add_run(missing)
            run.bold = True
            _shade(run, PLACEHOLDER_FILL)
    if content.example:
        w.doc.add_paragraph()
        w.warning("Exempeldata: indikatorvärdena i nulägesbilderna (bilagan) är påhittade och är inte verklig "
                  "statistik. Åtgärderna och deras status är inte exempeldata.")
    w.page_break()


def _introduction(w: _Writer, content: ReportContent) -> None:
    w.heading("1 Inledning", 1)
    w.texts(content.introduction, placeholder(INTRODUCTION, content.round))
    w.heading("1.1 Sammanfattning av uppföljningens resultat", 2)
    plan = fmt.clean_text(content.plan)
    w.text(f"{totals_sentence(content.totals)} Totalt omfattar uppföljningen {content.total} åtgärder i "
           f"{plan[:1].lower()}{plan[1:]}.")
    w.text("Status anges med symbol, ord och färg, så att den kan läsas även utan färg: "
           + ", ".join(status_words(s).lower() for s in STATUSES) + ".")
    header = ["Utvecklingsområde", *[fmt.status_label(s).replace(" ", fmt.NBSP, 1) for s in STATUSES], "Totalt"]
    rows = [[f"{a.number}. {a.name}", *[str(a.counts[s]) for s in STATUSES], str(a.total)] for a in content.areas]
    rows.append(["Alla utvecklingsområden", *[str(content.totals[s]) for s in STATUSES], str(content.total)])
    w.table(header, rows, caption=f"Åtgärdernas status {content.round} per utvecklingsområde",
            description="Antal åtgärder per utvecklingsområde som är genomförda, pågår och ej är genomförda, "
                        "med summa per rad och en summarad sist.",
            widths=(5.6, 3.2, 2.0, 3.4, 1.8), numeric=(1, 2, 3, 4), bold_last=True)
    n = len(content.indicators)
    if n:
        w.text(f"{n} {'indikator redovisas' if n == 1 else 'indikatorer redovisas'} i nulägesbilderna i bilagan "
               "(avsnitt 3).")
    w.heading("1.2 Förändringar sedan föregående uppföljning", 2)
    if content.previous_round is None:
        w.text(f"Uppföljningen {content.round} är den första i Indikatorpanelen, så det finns ingen tidigare "
               "omgång att jämföra statusen med.")
        return
    if not content.changes:
        w.text(f"Ingen åtgärd har bytt status sedan uppföljningen {content.previous_round}.")
        return
    w.text(f"Jämfört med uppföljningen {content.previous_round}:")
    w.bullets([f"{c.sentence}: " + "; ".join(f"{i} {t}" for i, t in c.measures) + "." for c in content.changes])


def _status_paragraph(w: _Writer, status: str) -> None:
    paragraph = w.doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run("Status: ").bold = True
    run = paragraph.add_run(f" {status_words(status)} ")
    run.bold = True
    fill, colour = STATUS_FILLS.get(status, ("FFFFFF", DARK))
    run.font.color.rgb = colour
    _shade(run, fill)


def _measure(w: _Writer, measure: Measure, round_: int) -> None:
    w.heading(f"{measure.measure_id} {measure.title}", 3)
    if measure.description:
        w.text(measure.description).paragraph_format.keep_with_next = True
    w.table(["Område", "Ansvarig", "Finansiering och tid"],
            [[measure.area_text or "Inte angivet", measure.responsible or "Inte angivet",
              measure.funding or "Inte angivet"]],
            caption=f"Åtgärd {measure.measure_id}: område, ansvarig, finansiering och tid",
            description=f"Var åtgärd {measure.measure_id} genomförs, vem som ansvarar och hur den finansieras.",
            widths=(4.0, 4.0, 8.0), keep_with_next=True)
    _status_paragraph(w, measure.status)
    paragraph = w.text(measure.comment or "Ingen kommentar lämnad.", bold_lead="Kommentar: ")
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.paragraph_format.keep_with_next = True
    w.text(decision_words(measure), bold_lead=f"Inför {round_ + 1}: ")


def _area(w: _Writer, area: AreaPart, number: int, round_: int) -> None:
    w.heading(f"2.{number} Utvecklingsområde {area.number}: {area.name}", 2)
    w.texts(area.summary, placeholder(area_section(area.number), round_))
    w.text("Uppföljning åtgärder:", bold_lead="").paragraph_format.keep_with_next = True
    lines = area_counts_text(area.counts)
    for i, line in enumerate(lines):
        paragraph = w.text(line)
        paragraph.paragraph_format.left_indent = Cm(0.6)
        paragraph.paragraph_format.space_after = Pt(0 if i < len(lines) - 1 else 6)
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1
    for measure in area.measures:
        _measure(w, measure, round_)


def _follow_up(w: _Writer, content: ReportContent) -> None:
    w.heading(f"2 Uppföljning av {PLAN_NAME}", 1)
    w.text("Nedan följer uppföljningen inom respektive utvecklingsområde: först en sammanfattning av årets "
           "arbete och därefter åtgärderna, så som de står i åtgärdsplanen, med status, kommentar och hur "
           f"åtgärden hanteras inför {content.round + 1} (vidmakthålls, vidareutvecklas, ingår i annan åtgärd "
           "eller utgår). Status, kommentar och beslut har lämnats av ansvarig förvaltning.")
    for number, area in enumerate(content.areas, start=1):
        _area(w, area, number, content.round)


def _indicator(w: _Writer, part: IndicatorPart, number: int, image: bytes | None, content: ReportContent) -> None:
    """One nulägesbild on a page of its own: heading, sentences, chart, table, source."""
    w.heading(f"3.{number} {part.name}", 2).paragraph_format.page_break_before = True
    if part.example:
        w.warning("Exempeldata – påhittade värden, inte verklig statistik.")
    if part.sentences:
        w.text(" ".join(part.sentences))
    if part.chart is not None and image:
        w.picture(image, part.chart.alt)
        caption = w.para(style="Caption")
        caption.add_run(f"Diagram {w.pictures}. ").bold = True
        caption.add_run(f"{part.chart.alt.split('. ', 1)[0]}.")
    elif part.chart is not None:
        w.text("Diagrammet kunde inte ritas (Chromium saknas eller kunde inte starta på servern); tabellen "
               "nedan visar de senaste värdena.")
    if part.rows:
        header = table_headers(part.unit, part.has_intervals)
        rows = [[r.area, r.year, r.value] + ([r.interval or fmt.EN_DASH] if part.has_intervals else []) + [r.change]
                for r in part.rows]
        widths = (3.8, 1.5, 2.9, 2.8, 5.0) if part.has_intervals else (4.2, 1.5, 3.2, 7.1)
        w.table(header, rows, caption=f"{part.name}: senaste värden",
                description=f"Senaste värde per område till och med {part.last_year}"
                            + (" med 95-procentigt osäkerhetsintervall" if part.has_intervals else "")
                            + f" och förändringen sedan {content.baseline_year}.",
                widths=widths, numeric=(1, 2))
    about = [f"Källa: {part.source or 'uppgift saknas'}."]
    if part.updated:
        about.append(f"Senast uppdaterad i Indikatorpanelen {part.updated}.")
    if part.definition and not fmt.is_missing(part.definition):
        about.append(f"Definition: {part.definition}")
    for line in [*about, *part.notes]:
        paragraph = w.para(style="Caption")
        paragraph.add_run(line)


def _appendix(w: _Writer, content: ReportContent, images: Sequence[bytes | None]) -> None:
    w.heading("3 Bilaga: Nulägesbilder", 1).paragraph_format.page_break_before = True
    who = fmt.join_words(content.districts) or "stadsdelarna"
    refs = "kommunen, " + (f"jämförelsegruppen ({content.group_name}) " if content.group_name else "") + "och riket"
    w.text(f"Nulägesbilderna visar var {who} står i varje indikator, jämfört med {refs.replace(', och', ' och')}, "
           f"med värden till och med {content.round}. Förändringar räknas från {content.baseline_year}, året "
           "innan åtgärdsplanen började gälla. Ett enskilt år säger lite om riktningen: indikatorerna ska följas "
           "över flera år.")
    w.text("Små områden varierar av slumpen från år till år. Där databasen har antalen bakom ett värde (antal "
           "personer eller händelser och befolkningen) visas ett 95-procentigt osäkerhetsintervall: för andelar "
           "Wilsons intervall, för antal per invånare ett Poissonintervall. En förändring kallas säker, och "
           "texten säger «ökade» eller «minskade», bara när de två årens intervall inte överlappar; annars står "
           "det «ingen säker förändring». Där antalen saknas beskrivs skillnaden utan att bedömas.")
    if content.example:
        w.warning("Exempeldata: värdena i nulägesbilderna är påhittade och är inte verklig statistik. De ersätts "
                  "när verkliga värden importeras.")
    if not content.indicators:
        w.placeholder("[Det finns inga indikatorvärden i Indikatorpanelen ännu. Importera dem på sidan Administration och "
                      "skapa rapporten igen.]")
    for number, (part, image) in enumerate(zip(content.indicators, images, strict=True), start=1):
        _indicator(w, part, number, image, content)


# ----------------------------------------------------------------------------- the document

def docx_bytes(content: ReportContent, images: Sequence[bytes | None], *, made: dt.date | None = None) -> bytes:
    """The report as .docx; ``images`` are the nulägesbilder's charts as PNG, in order (None:
    not drawn, the section says so)."""
    w = _Writer()
    _styles(w.doc)
    _language(w.doc)
    _page(w.doc, content)
    properties = w.doc.core_properties
    properties.title = content.heading
    properties.subject = f"Uppföljning {content.round}, {fmt.clean_text(content.plan)}"
    properties.author = fmt.clean_text(content.title.handlaggare) or "Indikatorpanelen"
    properties.keywords = "segregation; uppföljning; åtgärdsplan" + ("; exempeldata" if content.example else "")
    properties.comments = (f"Utkast skapat av Indikatorpanelen {swedish_date(made or dt.date.today())}."
                           + (" Innehåller exempeldata." if content.example else ""))
    _title_page(w, content)
    w.para("Innehåll", "TOC Heading")
    anchor = w.doc.add_paragraph()
    w.page_break()
    _introduction(w, content)
    _follow_up(w, content)
    _appendix(w, content, images)
    _toc(w, anchor)
    _update_fields_on_open(w.doc)
    return w.save()


def file_name(round_: int, suffix: str = "docx") -> str:
    return f"uppfoljning_atgardsplan_segregation_{int(round_)}.{suffix}"

