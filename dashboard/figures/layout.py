"""The frame every chart shares: fonts, colours, styles, title block, source and date lines.

Every figure is made to be projected: 18 px base font, decimal comma and space thousands
(``separators=", "``), whole years on the x axis, the unit in the axis title and in the
hover text, a title and a subtitle, the source and the export date written into the figure
and, for example data, an "Exempeldata" tag on the figure itself (so a PNG or SVG taken from
it needs no caption).

Colours are colour-blind safe (Okabe–Ito first). The priority districts keep the same colour
and marker on every page; the kommun is a dark grey dashed line, riket a black dotted one
and a comparison group a brown dash-dotted one, each with its own marker.

Figures are assembled as plain dicts and turned into a ``go.Figure`` once at the end: the
Plotly object API (``make_subplots``, ``update_*``) costs 20–40 times more. Plotly's
property validation is left to the tests (``VALIDATE``), since it costs more than building
the figure.

Every text that came from an imported file (indicator names, units, sources, area names)
goes through ``fmt.plain`` before it reaches a figure: Plotly renders a subset of HTML in
titles, hover text and annotations, and imported text must stay text.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from loaders.domain import TIMEZONE

from .. import formatting as fmt
from ..home import producer
from ..series import role_of

FONT_FAMILY = '"Source Sans 3", "Source Sans Pro", "Segoe UI", Arial, sans-serif'
BASE_FONT = 18
SMALL_FONT = 16
TEXT_COLOUR = "#1A1A1A"
GRID_COLOUR = "#E3E3E3"

# The priority districts (the store's ``priority`` column), in display order, take these.
PRIORITY_COLOURS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73")
PRIORITY_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond")
# Okabe–Ito and Paul Tol colours that stay apart from the three priority colours.
OTHER_COLOURS = ("#E69F00", "#56B4E9", "#CC79A7", "#882255", "#999933", "#332288", "#7A5230",
                 "#AA4499", "#DDCC77", "#88CCEE")
OTHER_SYMBOLS = ("triangle-up", "triangle-down", "pentagon", "hexagon", "star", "cross",
                 "x", "triangle-left", "triangle-right", "hourglass")
# Reference lines: the kommun dashed, riket dotted, a comparison group dash-dotted; each
# has its own marker too, so they stay apart in greyscale and for colour-blind readers.
REFERENCE_STYLE: dict[str, dict] = {
    "kommun": {"color": "#5A5A5A", "dash": "dash", "symbol": "square-open"},
    "riket": {"color": "#000000", "dash": "dot", "symbol": "circle-open"},
    "grupp": {"color": "#7A5230", "dash": "dashdot", "symbol": "triangle-up-open"},
}
OTHER_BAR_COLOUR = "#A9A9A9"

STATUS_COLOURS: dict[str, str] = {"genomförd": "#3B2A73", "pågår": "#8F7CC4", "ej genomförd": "#EDE8F6"}
STATUS_TEXT_COLOURS: dict[str, str] = {"genomförd": "#FFFFFF", "pågår": "#000000", "ej genomförd": "#000000"}
STATUS_PATTERNS: dict[str, str] = {"genomförd": "", "pågår": "/", "ej genomförd": "x"}

IMAGE_WIDTH, IMAGE_HEIGHT = 1920, 1080
VALIDATE = False  # Plotly property validation: on in the tests, off in the app (see _figure)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
# ----------------------------------------------------------------------------- styles

class AreaStyles(Mapping[str, dict]):
    """{area code: {color, symbol, dash, role}} for every area, worked out when asked for.

    A page draws a handful of areas, but the store can hold every district in Sweden
    (10 000 areas): building a style dict for each of them on every rerun cost 50–100 ms.
    Here the catalogue is read once into a code → position index and each style is made
    when a figure asks for it, as a new dict (a caller may change it without harm; this
    object is shared between sessions by ``dashboard.db.area_styles``).
    """

    def __init__(self, codes: Sequence[str], kinds: Sequence[str], others: Sequence[int]) -> None:
        self._position = {code: i for i, code in enumerate(codes)}
        self._codes = list(codes)
        self._kinds = list(kinds)      # 'kommun', 'riket', 'prio', or ''
        self._others = list(others)    # place among the priority or the other districts

    def __getitem__(self, code: str) -> dict:
        i = self._position[code]
        kind = self._kinds[i]
        k = self._others[i]
        if kind in REFERENCE_STYLE:
            return {**REFERENCE_STYLE[kind], "role": kind}
        if kind == "prio" and k < len(PRIORITY_COLOURS):
            return {"color": PRIORITY_COLOURS[k], "symbol": PRIORITY_SYMBOLS[k], "dash": "solid",
                    "role": "omrade"}
        return {"color": OTHER_COLOURS[k % len(OTHER_COLOURS)], "symbol": OTHER_SYMBOLS[k % len(OTHER_SYMBOLS)],
                "dash": "solid", "role": "omrade"}

    def __contains__(self, code: object) -> bool:
        return code in self._position

    def __iter__(self):
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


def area_styles(areas: pd.DataFrame) -> AreaStyles:
    """{area code: {color, symbol, dash, role}} for every area, fixed for the whole app.

    Priority districts (in display order) get their own colours; other districts take the
    rest of the palette in catalogue order, so a district has the same colour on every page
    and in every view. One pass over plain lists (≈ 3 ms for 10 000 areas); the app keeps
    the result per data version so a rerun does not even do that.
    """
    # plain lists: pandas' Arrow-backed strings are slow to map or iterate element by element
    kinds: list[str] = []
    places: list[int] = []
    counters = {"prio": 0, "": 0}
    priority = areas["priority"].fillna(False).astype(bool).tolist() if "priority" in areas else [False] * len(areas)
    for level, prio in zip(areas["level"].tolist(), priority, strict=True):
        role = role_of(level)
        kind = role if role in REFERENCE_STYLE else "prio" if prio else ""
        kinds.append(kind)
        places.append(counters.get(kind, 0))
        if kind in counters:
            counters[kind] += 1
    return AreaStyles([str(c) for c in areas["code"].tolist()], kinds, places)


def _style(styles: Mapping[str, dict], code: str, role: str) -> dict:
    if code in styles:
        return styles[code]
    if role in REFERENCE_STYLE:
        return {**REFERENCE_STYLE[role], "role": role}
    return {"color": OTHER_COLOURS[0], "symbol": "circle", "dash": "solid", "role": role}


def chart_config(filename: str, height: int | None = None) -> dict:
    """Plotly config for ``st.plotly_chart``: PNG download at 1920×1080 with a telling name.

    The toolbar's camera downloads a PNG in projector resolution. The SVG button next to it
    is added in the browser by ``dashboard/ui/svg_toolbar.html`` (Plotly's config cannot carry a
    click handler through Streamlit): it asks Plotly for the same image as SVG, same file name.
    The toolbar speaks Swedish (``SWEDISH_LOCALE``).
    """
    # A figure taller than a slide (Områdesprofil's grid of panels) is saved as drawn, twice
    # the size: squeezed into 1080 px its panels would be unreadable.
    image = {"width": IMAGE_WIDTH, "height": IMAGE_HEIGHT, "scale": 1} if not height or height <= IMAGE_HEIGHT \
        else {"width": None, "height": None, "scale": 2}
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", **image, "filename": filename},
        "locale": "sv",
        "locales": {"sv": SWEDISH_LOCALE},
    }


# Plotly's own interface in Swedish: the toolbar's tooltips and messages (its dictionary is
# keyed by the English text) and number and date formats as Swedes write them. Passed in
# the chart's config, so nothing is loaded from outside the app.
SWEDISH_LOCALE: dict = {
    "dictionary": {
        "Download plot as a png": "Ladda ner diagrammet som bild (PNG)",
        "Download plot as a PNG": "Ladda ner diagrammet som bild (PNG)",
        "Fullscreen": "Helskärm",
        "Exit fullscreen": "Lämna helskärm",
        "Download plot": "Ladda ner diagrammet",
        "Zoom": "Zooma",
        "Pan": "Panorera",
        "Box Select": "Välj med rektangel",
        "Lasso Select": "Välj med lasso",
        "Zoom in": "Zooma in",
        "Zoom out": "Zooma ut",
        "Autoscale": "Anpassa axlarna",
        "Reset axes": "Återställ axlarna",
        "Reset view": "Återställ vyn",
        "Reset": "Återställ",
        "Toggle Spike Lines": "Visa eller dölj hjälplinjer",
        "Show closest data on hover": "Visa närmaste värde vid hovring",
        "Compare data on hover": "Jämför värden vid hovring",
        "Toggle show closest data on hover": "Växla visning av närmaste värde",
        "Produced with Plotly.js": "Skapat med Plotly.js",
        "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
        "Double-click on legend to isolate one trace": "Dubbelklicka på en förklaring för att visa bara den",
        "Taking snapshot - this may take a few seconds": "Tar en bild – det kan ta några sekunder",
        "Snapshot succeeded": "Bilden är klar",
        "Sorry, there was a problem downloading your snapshot!": "Bilden kunde inte laddas ner.",
        "Download plot as a svg": "Ladda ner diagrammet som vektorbild (SVG)",
        "trace": "serie",
        "new text": "ny text",
    },
    "format": {
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                   "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%Y-%m-%d",
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
    },
}


def source_line(source: str | None, example: bool) -> str:
    parts = [f"Källa: {fmt.plain(source)}" if source else "Källa: uppgift saknas"]
    if example:
        parts.append("EXEMPELDATA – påhittade värden, inte verklig statistik")
    return " · ".join(parts)


def today() -> dt.date:
    """Today in Sweden: the date every figure says it was made (exported)."""
    return dt.datetime.now(TIMEZONE).date()


def swedish_date(day: dt.date) -> str:
    """2026-11-23 -> '23 november 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_line(day: dt.date | None = None) -> str:
    """'Exporterad 23 november 2026 · Indikatorpanelen, Linköpings kommun' (inside every figure)."""
    return f"Exporterad {swedish_date(day or today())} · {producer()}"


EXAMPLE_TAG = '<span style="color:#8A4B00"><b>EXEMPELDATA – påhittade värden</b></span>'


def _lines(text: str | None) -> int:
    return 0 if not text else text.count("<br>") + 1


def _clean(values) -> list:
    """Plain Python values for Plotly; NaN and NA become None (a gap, never zero)."""
    out = []
    for v in values:
        if fmt.is_missing(v):
            out.append(None)
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return out


def _axis_name(kind: str, n: int) -> str:
    """('x', 1) -> 'x'; ('y', 3) -> 'y3' (trace references)."""
    return kind if n == 1 else f"{kind}{n}"


def _axis_key(kind: str, n: int) -> str:
    """('x', 1) -> 'xaxis'; ('y', 3) -> 'yaxis3' (layout keys)."""
    return f"{kind}axis" if n == 1 else f"{kind}axis{n}"


def _layout(*, title: str, subtitle: str | None, source: str | None, example: bool, height: int,
            font_size: int = BASE_FONT, legend: str = "right", x_title: bool = False,
            compact: bool = False, legend_rows: int | None = None, labels_left: bool = False) -> dict:
    """The common frame: fonts, separators, title block, legend, source line.

    Margins are computed from the number of title, subtitle, legend and source lines so
    nothing overlaps. With long category labels left of the plot (``labels_left``, and all
    compact figures) the source is anchored at the right edge, so it has the whole width. Example data is said in the subtitle and in the source line, both
    inside the figure, so a downloaded PNG says it too.
    """
    if "<br>" not in title:  # Plotly does not wrap: a long title ran out of a chart 1280 px wide
        title = fmt.wrap(title, 28 if compact else 52)
    if example:
        subtitle = f"{EXAMPLE_TAG}<br>{subtitle}" if subtitle else EXAMPLE_TAG
    # 110 characters: the line fits also when long category labels push the plot to the right
    source_text = fmt.wrap(source_line(source, example), 44 if compact else 90)
    title_line = (font_size + 6) * 1.3
    title_h = title_line * _lines(title)
    sub_h = font_size * 1.4 * _lines(subtitle)
    rows = legend_rows or (2 if compact else 1)
    legend_h = font_size * 1.75 * rows if legend == "top" else 0
    top = int(16 + title_h + (10 + sub_h if subtitle else 0) + legend_h + 14)
    below_axis = font_size * 1.8 + (font_size * 2.0 if x_title else 0) + 8
    source_h = (font_size - 3) * 1.35 * _lines(source_text)
    date_text = fmt.wrap(date_line(), 44 if compact else 90)
    date_h = (font_size - 3) * 1.35 * _lines(date_text)
    bottom = int(below_axis + source_h + date_h + 12)
    title_block: dict = {
        "text": f"<b>{title}</b>", "x": 0.0, "xanchor": "left", "xref": "container",
        "y": 1.0, "yanchor": "top", "yref": "container",
        # a multi-line title grows upwards from its first line: push it down
        "pad": {"t": int(14 + title_line * (_lines(title) - 1)), "l": 12},
        "font": {"size": font_size + 6},
    }
    if subtitle:
        title_block["subtitle"] = {"text": subtitle, "font": {"size": font_size, "color": "#444444"}}
    if legend == "right":
        legend_block = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top",
                        "font": {"size": font_size}, "itemsizing": "constant", "traceorder": "normal"}
    else:
        legend_block = {"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                        "yref": "paper", "font": {"size": font_size}, "itemsizing": "constant",
                        "traceorder": "normal"}
    right = compact or labels_left
    return {
        "template": "none",
        "height": height,
        "separators": ", ",
        "font": {"family": FONT_FAMILY, "size": font_size, "color": TEXT_COLOUR},
        "title": title_block,
        "paper_bgcolor": "white", "plot_bgcolor": "white",
        "margin": {"l": 20, "r": 24, "t": top, "b": bottom, "autoexpand": True},
        "hoverlabel": {"font": {"size": font_size, "family": FONT_FAMILY}, "bgcolor": "white",
                       "namelength": -1},
        "hovermode": "closest",
        "legend": legend_block,
        "showlegend": legend != "none",
        "annotations": [{
            "text": source_text, "xref": "paper", "yref": "paper", "x": 1 if right else 0, "y": 0,
            "xanchor": "right" if right else "left", "yanchor": "top", "yshift": -int(below_axis),
            "showarrow": False, "align": "right" if right else "left",
            "font": {"size": font_size - 3, "color": "#444444"}}, {
            # the export date and who made the figure, on its own line under the source
            "text": date_text, "xref": "paper", "yref": "paper", "x": 1 if right else 0, "y": 0,
            "xanchor": "right" if right else "left", "yanchor": "top",
            "yshift": -int(below_axis + source_h + 2), "showarrow": False,
            "align": "right" if right else "left", "name": "exportdatum",
            "font": {"size": font_size - 3, "color": "#555555"}}],
        "shapes": [],
    }


def _year_ticks(years: Sequence[int], *, compact: bool) -> dict:
    span = (max(years) - min(years)) if years else 0
    if compact:
        dtick = 1 if span <= 5 else 2 if span <= 12 else 4
    else:  # every year would collide on a 1280 px screen beside the legend from about ten years
        dtick = 1 if span <= 8 else 2 if span <= 20 else 5
    axis = {"tickformat": "d", "dtick": dtick, "tickangle": 0, "showgrid": False, "zeroline": False,
            "automargin": True}
    if years:
        axis["range"] = [min(years) - 0.4, max(years) + 0.4]
    return axis


_AXIS_KEY = re.compile(r"^[xy]axis\d*$")


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """The dicts as a ``go.Figure``, validated only when ``VALIDATE`` is on.

    Plotly's property validation is three quarters of the cost of a figure (≈ 5 of 7 ms for
    a small multiple; Områdesprofil draws 60 of them a rerun) and changes nothing in the
    figure sent to the browser. The tests build every kind of figure with ``VALIDATE`` on
    (tests/dashboard/test_figures.py), so a misspelt property still fails there.
    """
    # Plotly's default tick labels are measured one by one to hide those past the chart's edge
    # (``ticklabeloverflow``), a forced layout each; the margins here are set to hold them, so
    # they are let be: 15 % of drawing a grid of small multiples (bench/README.md, section 6d).
    layout = {key: {"ticklabeloverflow": "allow", **value} if _AXIS_KEY.match(key) and isinstance(value, dict)
              else value for key, value in layout.items()}
    if not VALIDATE:  # what validation would do to the layout: the browser gets the same JSON
        if isinstance(layout.get("template"), str):
            layout["template"] = _template(layout["template"])
        if not layout.get("shapes"):
            layout.pop("shapes", None)
    return go.Figure({"data": data, "layout": layout}, _validate=VALIDATE)


_TEMPLATES: dict[str, dict] = {}


def _template(name: str) -> dict:
    """A named Plotly template as the dict validation would put in its place (cached)."""
    if name not in _TEMPLATES:
        _TEMPLATES[name] = pio.templates[name].to_plotly_json()
    return copy.deepcopy(_TEMPLATES[name])
