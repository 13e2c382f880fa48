"""The meeting pack: from the bildspel list to a PowerPoint deck and an Excel workbook.

``build_pack(specs, store)`` builds every view (``dashboard.views.build``, the same call as
the page and the slideshow), writes the workbook (one
sheet per slide with the table behind that chart, the status table, and «Om exporten»), then
renders the chart images and the deck (``dashboard.slides``). Without Chromium the pack is
the workbook alone, with a Swedish message that says how to install Chromium.

Every table sheet is written by ``dashboard.export.write_table``, the same code as the
single-table export: Swedish headers, number formats with each indicator's decimals, frozen
header row, autofilter, missing values as their symbol with a comment, and every text cell
written as text (never a formula).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from loaders.domain import TIMEZONE

from .. import formatting as fmt
from ..figures.layout import swedish_date
from ..home import home_name, producer, producing
from ..specs import MeasuresSpec, Spec
from ..store import Store
from ..tables import Table
from ..views import View, ViewError, build, label, sheet_names
from . import images, pptx, xlsx as export

STATUS_SHEET = "Åtgärdsstatus"
META_SHEET = export.META_SHEET  # «Om exporten»
Renderer = Callable[..., list]


@dataclass
class Pack:
    xlsx: bytes
    pptx: bytes | None
    xlsx_name: str
    pptx_name: str
    views: list[View]
    sheets: list[str]
    warning: str | None = None                      # Chromium missing: Swedish, with the fix
    skipped: list[str] = field(default_factory=list)  # views that could not be built, in words


def file_stem(day: dt.date) -> str:
    return f"motespaket_{day.isoformat()}"


# ----------------------------------------------------------------------------- Excel

class _Formats(export.TableFormats):
    """The table formats of ``dashboard.export`` plus those of the «Om exporten» sheet."""

    def __init__(self, book) -> None:
        super().__init__(book)
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.key = book.add_format({"bold": True, "valign": "top"})
        self.value = book.add_format({"text_wrap": True, "valign": "top"})
        self.section = book.add_format({"bold": True, "font_size": 12, "bottom": 1})
        self.warn = book.add_format({"bold": True, "bg_color": "#FFE8A3", "font_color": "#5C3D00", "border": 1,
                                     "text_wrap": True})


def xlsx_pack(items: Sequence[View], sheets: Sequence[str], *, status: Table | None, status_round: int | None,
              meeting_date: dt.date, now: dt.datetime | None = None) -> bytes:
    """One sheet per slide (the table behind its chart), the status sheet, and «Om exporten»."""
    now = now or dt.datetime.now(TIMEZONE)
    example = any(v.example for v in items)
    buffer = io.BytesIO()
    book = export.new_workbook(buffer)
    book.set_properties({"title": f"Mötespaket {meeting_date.isoformat()}",
                         "subject": producer(),
                         "comments": export.EXAMPLE_NOTE if example else "",
                         "keywords": "exempeldata" if example else ""})
    f = _Formats(book)
    for view, name in zip(items, sheets, strict=True):
        export.write_table(book, name, view.table, f)
    if status is not None:
        export.write_table(book, STATUS_SHEET, status, f)
    _write_meta(book, f, items, sheets, status, status_round, meeting_date, now, example)
    book.worksheets()[0].activate()
    book.close()
    return buffer.getvalue()


def _write_meta(book, f: _Formats, items: Sequence[View], sheets: Sequence[str], status: Table | None,
                status_round: int | None, meeting_date: dt.date, now: dt.datetime, example: bool) -> None:
    meta = book.add_worksheet(META_SHEET)
    meta.set_column(0, 0, 30)
    meta.set_column(1, 1, 100)
    row = 0

    def pair(key: str, value: str) -> None:
        nonlocal row
        meta.write_string(row, 0, export._text(key), f.key)
        meta.write_string(row, 1, export._text(value), f.value)
        row += 1

    def section(name: str) -> None:
        nonlocal row
        row += 1
        meta.write_string(row, 0, export._text(name), f.section)
        meta.write_string(row, 1, "", f.section)
        row += 1

    meta.write_string(row, 0, f"Mötespaket {swedish_date(meeting_date)}", f.title)
    row += 2
    if example:
        meta.merge_range(row, 0, row, 1, export.EXAMPLE_NOTE, f.warn)
        row += 2
    pair("Innehåll", "Tabellerna bakom diagrammen i mötespaketets bilder, ett blad per bild.")
    pair("Exporterad", now.strftime("%Y-%m-%d %H:%M") + (" (svensk tid)" if now.tzinfo else ""))
    pair("Mötesdatum", meeting_date.isoformat())
    pair("Exempeldata", "Ja – påhittade värden, inte verklig statistik" if example else "Nej")
    pair("Källa till filen", producer())
    for view, name in zip(items, sheets, strict=True):
        section(f"Blad «{name}»")
        pair("Innehåll", view.info.title)
        pair("Antal rader", str(len(view.table)))
        pair("Exempeldata", "Ja – påhittade värden" if view.example else "Nej")
        for key, value in view.info.filters:
            pair(key, value)
        for key, value in view.info.sources:
            pair(f"Källa ({key})", value)
        for key, value in view.info.definitions:
            pair(f"Definition ({key})", value)
        for note in [*view.info.notes, *view.table.notes]:
            pair("Anmärkning", note)
        for flag in sorted(set(view.table.flags.values())):
            symbol = fmt.missing_symbol(flag) if flag in fmt.MISSING_FLAGS else "(kommentar i cellen)"
            pair(symbol, f"{flag}: {fmt.flag_label(flag)}")
    if status is not None:
        section(f"Blad «{STATUS_SHEET}»")
        pair("Innehåll", f"Åtgärdernas status per utvecklingsområde, uppföljning {status_round}")
        pair("Antal rader", str(len(status)))
        pair("Källa", f"{home_name()}, uppföljning {status_round} av åtgärdsplanen mot segregation")


# ----------------------------------------------------------------------------- the pack

def build_views(specs: Sequence[Spec], store: Store) -> tuple[list[View], list[str]]:
    """Every view that can still be built, and a Swedish line for each one that cannot."""
    built, skipped = [], []
    for i, spec in enumerate(specs, start=1):
        try:
            built.append(build(spec, store))
        except ViewError as exc:
            skipped.append(f"Bild {i} ({label(spec, store)}): {exc.message}")
    return built, skipped


def status_summary(store: Store) -> View | None:
    """The Åtgärder view of the latest round (counts per utvecklingsområde first), for the
    status sheet and slide; None when no measures are imported."""
    try:
        return build(MeasuresSpec(by="development_area"), store)
    except ViewError:
        return None


def build_pack(specs: Sequence[Spec], store: Store, *, meeting_date: dt.date | None = None,
               progress: Callable[[int, int], None] | None = None,
               renderer: Renderer | None = None, now: dt.datetime | None = None) -> Pack:
    """Excel always; PowerPoint when the chart images can be rendered (Chromium). Every text
    names the store's home kommun, whoever calls (a page, a test, the command line)."""
    with producing(store.home()):
        return _build_pack(specs, store, meeting_date=meeting_date, progress=progress, renderer=renderer, now=now)


def _build_pack(specs: Sequence[Spec], store: Store, *, meeting_date: dt.date | None,
                progress: Callable[[int, int], None] | None, renderer: Renderer | None,
                now: dt.datetime | None) -> Pack:
    now = now or dt.datetime.now(TIMEZONE)
    meeting_date = meeting_date or now.date()
    items, skipped = build_views(specs, store)
    status_view = status_summary(store)
    reserved = [META_SHEET] + ([STATUS_SHEET] if status_view is not None else [])
    sheets = sheet_names(items, extra=reserved)
    xlsx = xlsx_pack(items, sheets, status=status_view.table if status_view else None,
                     status_round=status_view.extra["round"] if status_view else None,
                     meeting_date=meeting_date, now=now)
    stem = file_stem(meeting_date)
    pack = Pack(xlsx=xlsx, pptx=None, xlsx_name=f"{stem}.xlsx", pptx_name=f"{stem}.pptx", views=items,
                sheets=sheets, skipped=skipped)
    render = renderer or images.render_images
    try:
        pictures = render([v.figure for v in items], progress)
    except images.RenderFailed as exc:
        pack.warning = exc.message
        return pack
    pack.pptx = pptx.pptx_bytes(items, pictures, meeting_date=meeting_date, status=status_view)
    return pack
