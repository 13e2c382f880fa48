"""What a built view holds: charts, tables, key figures and the texts around them.

One ``View`` is everything one spec shows. The page lays it out, the slideshow shows its
first chart beside its key figures, the PowerPoint puts the same figure on a slide and the
meeting pack's Excel writes its first table: all from the one ``build`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from ..export.xlsx import ExportInfo
from ..specs import Spec
from ..tables import Table


@dataclass(frozen=True)
class KeyFigure:
    """One block of key figures: 'Skäggetorp 2024' · '18,0 %' · lines of comparisons."""

    heading: str
    value: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """One figure with what is said around it.

    ``alt`` is the chart's text alternative: its title and one sentence on what it shows
    (public-sector accessibility rules ask for it on screen, in PowerPoint and in Word).
    """

    figure: go.Figure
    filename: str
    alt: str
    caption: str = ""                  # source and definition, plain text
    notes: tuple[str, ...] = ()        # gaps and marked values, plain text
    example: bool = False


@dataclass(frozen=True)
class ValuesFilter:
    """Which stored values a view shows: what its CSV download holds, in the same tidy shape as
    ``python -m loaders export --format csv`` (one row per indicator, area, year and kön)."""

    indicators: tuple[str, ...]
    areas: tuple[str, ...]
    years: tuple[int, int]
    sexes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableView:
    """A table as shown, with what its Excel file says about it."""

    table: Table
    info: ExportInfo
    heading: str
    file_page: str                     # first part of the Excel file name
    file_parts: tuple[str, ...] = ()
    key: str = "tabell"
    values: ValuesFilter | None = None   # None: the table is not made of stored values (measures)


@dataclass(frozen=True)
class Message:
    """A sentence the page shows above the view (kind: info or warning)."""

    text: str
    kind: str = "info"


@dataclass(frozen=True)
class View:
    spec: Spec
    page: str                          # 'Trender'
    title: str                         # slide title, short
    subtitle: str                      # choices in words
    charts: tuple[Chart, ...] = ()
    tables: tuple[TableView, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    notes: tuple[str, ...] = ()        # caveats for the slide's notes
    source: str = ""
    definition: str = ""
    example: bool = False
    filename: str = "vy"
    shown: tuple[tuple[str, bool], ...] = ()   # (indicator name, example?) for the banner
    messages: tuple[Message, ...] = ()
    extra: dict = field(default_factory=dict)  # what one page alone lays out (cards, filters)

    @property
    def figure(self) -> go.Figure | None:
        """The view's main chart, which the slide and the PowerPoint show."""
        return self.charts[0].figure if self.charts else None

    @property
    def table(self) -> Table:
        return self.tables[0].table if self.tables else Table.empty()

    @property
    def info(self) -> ExportInfo:
        return self.tables[0].info if self.tables else ExportInfo(title=self.title)

    def speaker_notes(self) -> str:
        """Source, definition, choices and caveats: what the presenter may be asked about."""
        lines = [f"Källa: {self.source or 'uppgift saknas'}"]
        if self.definition:
            lines.append(f"Definition: {self.definition}")
        if self.tables:
            lines.append("Urval: " + "; ".join(f"{k}: {v}" for k, v in self.info.filters))
        lines += self.notes
        if self.charts:
            lines.append(f"Diagrammet: {self.charts[0].alt}")
        if self.example:
            lines.append("EXEMPELDATA – påhittade värden, inte verklig statistik.")
        return "\n".join(lines)


def texts(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(t for t in items if t)
