"""Plotly figure builders: data in, ``go.Figure`` out, no Streamlit.

Every figure is made to be projected: 18 px base font, decimal comma and space thousands
(``separators=", "``), whole years on the x axis, the unit in the axis title and in the
hover text, a title and a subtitle, the source and the export date written into the figure
and, for example data, an "Exempeldata" tag on the figure itself (so a PNG or SVG taken from
it needs no caption).

Colours are colour-blind safe (Okabe–Ito first). Berga, Ryd and Skäggetorp have the same
colour and marker on every page; kommun is a dark grey dashed line and riket a black dotted
one. Measure status is never colour alone: every status has a symbol in its name, a bar
pattern and its count written on the bar.

Figures are assembled as plain dicts and turned into a ``go.Figure`` once at the end: the
Plotly object API (``make_subplots``, ``update_*``) costs 20–40 times more, and the pages
rebuild their figures on every rerun. Plotly's property validation is left to the tests
(``VALIDATE``), since it costs more than building the figure.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import formatting as fmt
from . import transform

FONT_FAMILY = '"Source Sans 3", "Source Sans Pro", "Segoe UI", Arial, sans-serif'
BASE_FONT = 18
SMALL_FONT = 16
TEXT_COLOUR = "#1A1A1A"
GRID_COLOUR = "#E3E3E3"

PRIORITY_COLOURS: dict[str, str] = {"Berga": "#0072B2", "Ryd": "#D55E00", "Skäggetorp": "#009E73"}
PRIORITY_SYMBOLS: dict[str, str] = {"Berga": "circle", "Ryd": "square", "Skäggetorp": "diamond"}
# Okabe–Ito and Paul Tol colours that stay apart from the three priority colours.
OTHER_COLOURS = ("#E69F00", "#56B4E9", "#CC79A7", "#882255", "#999933", "#332288", "#7A5230",
                 "#AA4499", "#DDCC77", "#88CCEE")
OTHER_SYMBOLS = ("triangle-up", "triangle-down", "pentagon", "hexagon", "star", "cross",
                 "x", "triangle-left", "triangle-right", "hourglass")
REFERENCE_STYLE: dict[str, dict] = {
    "kommun": {"color": "#5A5A5A", "dash": "dash", "symbol": "square-open"},
    "riket": {"color": "#000000", "dash": "dot", "symbol": "circle-open"},
}
OTHER_BAR_COLOUR = "#A9A9A9"

STATUS_COLOURS: dict[str, str] = {"genomförd": "#3B2A73", "pågår": "#8F7CC4", "ej genomförd": "#EDE8F6"}
STATUS_TEXT_COLOURS: dict[str, str] = {"genomförd": "#FFFFFF", "pågår": "#000000", "ej genomförd": "#000000"}
STATUS_PATTERNS: dict[str, str] = {"genomförd": "", "pågår": "/", "ej genomförd": "x"}

IMAGE_WIDTH, IMAGE_HEIGHT = 1920, 1080
VALIDATE = False  # Plotly property validation: on in the tests, off in the app (see _figure)
TIMEZONE = ZoneInfo("Europe/Stockholm")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
PRODUCER = "Indikatorpanelen, Linköpings kommun"


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
        self._kinds = list(kinds)      # 'kommun', 'riket', a priority district's name, or ''
        self._others = list(others)    # place among the other districts, for the palette

    def __getitem__(self, code: str) -> dict:
        i = self._position[code]
        kind = self._kinds[i]
        if kind in REFERENCE_STYLE:
            return {**REFERENCE_STYLE[kind], "role": kind}
        if kind:
            return {"color": PRIORITY_COLOURS[kind], "symbol": PRIORITY_SYMBOLS[kind], "dash": "solid",
                    "role": "omrade"}
        k = self._others[i]
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

    Priority districts get their own colours; other districts take the rest of the palette
    in catalogue order, so a district has the same colour on every page and in every view.
    One pass over plain lists (≈ 3 ms for 10 000 areas); ``dashboard.db.area_styles`` keeps
    the result per data version so a rerun does not even do that.
    """
    # plain lists: pandas' Arrow-backed strings are slow to map or iterate element by element
    kinds: list[str] = []
    others: list[int] = []
    k = 0
    for level, name in zip(areas["level"].tolist(), areas["name"].tolist(), strict=True):
        role = transform.role_of(level)
        kind = role if role in REFERENCE_STYLE else name if name in PRIORITY_COLOURS else ""
        kinds.append(kind)
        others.append(k)
        if not kind:
            k += 1
    return AreaStyles([str(c) for c in areas["code"].tolist()], kinds, others)


def _style(styles: Mapping[str, dict], code: str, role: str) -> dict:
    if code in styles:
        return styles[code]
    if role in REFERENCE_STYLE:
        return {**REFERENCE_STYLE[role], "role": role}
    return {"color": OTHER_COLOURS[0], "symbol": "circle", "dash": "solid", "role": role}


def chart_config(filename: str) -> dict:
    """Plotly config for ``st.plotly_chart``: PNG download at 1920×1080 with a telling name.

    The toolbar's camera downloads a PNG in projector resolution. The SVG button next to it
    is added in the browser by ``dashboard.state`` (Plotly's config cannot carry a click
    handler through Streamlit): it asks Plotly for the same image as SVG, same file name.
    """
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "width": IMAGE_WIDTH, "height": IMAGE_HEIGHT,
                                 "scale": 1, "filename": filename},
    }


def source_line(source: str | None, example: bool) -> str:
    parts = [f"Källa: {source}" if source else "Källa: uppgift saknas"]
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
    return f"Exporterad {swedish_date(day or today())} · {PRODUCER}"


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
            compact: bool = False, legend_rows: int | None = None) -> dict:
    """The common frame: fonts, separators, title block, legend, source line.

    Margins are computed from the number of title, subtitle, legend and source lines so
    nothing overlaps. Example data is said in the subtitle and in the source line, both
    inside the figure, so a downloaded PNG says it too.
    """
    if example:
        subtitle = f"{EXAMPLE_TAG}<br>{subtitle}" if subtitle else EXAMPLE_TAG
    # 110 characters: the line fits also when long category labels push the plot to the right
    source_text = fmt.wrap(source_line(source, example), 44 if compact else 110)
    title_line = (font_size + 6) * 1.3
    title_h = title_line * _lines(title)
    sub_h = font_size * 1.4 * _lines(subtitle)
    rows = legend_rows or (2 if compact else 1)
    legend_h = font_size * 1.75 * rows if legend == "top" else 0
    top = int(16 + title_h + (10 + sub_h if subtitle else 0) + legend_h + 14)
    below_axis = font_size * 1.8 + (font_size * 2.0 if x_title else 0) + 8
    source_h = (font_size - 3) * 1.35 * _lines(source_text)
    date_text = fmt.wrap(date_line(), 44 if compact else 110)
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
        # compact figures may have long category labels left of the plot: anchor the source
        # at the right edge so the whole width is available to it
        "annotations": [{
            "text": source_text, "xref": "paper", "yref": "paper", "x": 1 if compact else 0, "y": 0,
            "xanchor": "right" if compact else "left", "yanchor": "top", "yshift": -int(below_axis),
            "showarrow": False, "align": "right" if compact else "left",
            "font": {"size": font_size - 3, "color": "#444444"}}, {
            # the export date and who made the figure, on its own line under the source
            "text": date_text, "xref": "paper", "yref": "paper", "x": 1 if compact else 0, "y": 0,
            "xanchor": "right" if compact else "left", "yanchor": "top",
            "yshift": -int(below_axis + source_h + 2), "showarrow": False,
            "align": "right" if compact else "left", "name": "exportdatum",
            "font": {"size": font_size - 3, "color": "#555555"}}],
        "shapes": [],
    }


def _year_ticks(years: Sequence[int], *, compact: bool) -> dict:
    span = (max(years) - min(years)) if years else 0
    if compact:
        dtick = 1 if span <= 5 else 2 if span <= 12 else 4
    else:
        dtick = 1 if span <= 13 else 2
    axis = {"tickformat": "d", "dtick": dtick, "tickangle": 0, "showgrid": False, "zeroline": False,
            "automargin": True}
    if years:
        axis["range"] = [min(years) - 0.4, max(years) + 0.4]
    return axis


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """The dicts as a ``go.Figure``, validated only when ``VALIDATE`` is on.

    Plotly's property validation is three quarters of the cost of a figure (≈ 5 of 7 ms for
    a small multiple; Områdesprofil draws 60 of them a rerun) and changes nothing in the
    figure sent to the browser. The tests build every kind of figure with ``VALIDATE`` on
    (tests/dashboard/test_figures.py), so a misspelt property still fails there.
    """
    if not VALIDATE:  # what validation would do to the layout: the browser gets the same JSON
        layout = {**layout}
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


# ----------------------------------------------------------------------------- line charts

def _trace_name(name: str, role: str, compact: bool) -> str:
    if compact and role == "kommun":
        return "Kommunen"
    return name


def line_figure(series: pd.DataFrame, *, styles: Mapping[str, dict], title: str,
                subtitle: str | None, y_title: str, source: str | None, example: bool,
                facet_sex: bool = False, compact: bool = False, height: int | None = None,
                reference_value: float | None = None, include_zero: bool | None = None) -> go.Figure:
    """Lines per area (and kön), gaps where values are missing, kept honest.

    ``series`` is ``transform.trend_series``. Missing values break the line (never zero)
    and get an open circle in a "saknas" strip under the plot, one lane per area; values
    with a caveat get an open diamond around the point. ``reference_value`` draws a thin
    line at that level (1 in the ratio view, 100 for an index). ``facet_sex`` puts women
    and men side by side with a shared y axis.
    """
    font = SMALL_FONT if compact else BASE_FONT
    sexes: list[str | None] = ([s for s in ("kvinnor", "män", "totalt") if s in set(series["sex"])]
                               if facet_sex else [])
    if not sexes:
        sexes, facet_sex = [None], False
    ncols = len(sexes)
    gaps = transform.gap_points(series)
    lanes = list(dict.fromkeys(zip(gaps["area_code"], gaps["area_name"], strict=True))) if len(gaps) else []
    strip = min(0.07 + 0.045 * len(lanes), 0.3) if lanes else 0.0
    years = sorted(int(y) for y in series["year"].unique()) if len(series) else []

    layout = _layout(title=title, subtitle=subtitle, source=source, example=example,
                     height=height or (400 if compact else 600), font_size=font,
                     legend="top" if compact else "right", compact=compact)
    gap = 0.05
    width = (1 - gap * (ncols - 1)) / ncols
    bounds = transform.y_range(series["y"], include_zero=include_zero) if len(series) else None
    ticks = _year_ticks(years, compact=compact or facet_sex)
    for col in range(1, ncols + 1):
        x0 = (col - 1) * (width + gap)
        main, low = col, ncols + col
        y_axis = {"domain": [strip + 0.04 if lanes else 0.0, 1.0], "anchor": _axis_name("x", main),
                  "gridcolor": GRID_COLOUR, "zeroline": False, "tickformat": ",~f", "showline": False,
                  "ticks": "", "automargin": True}
        if bounds:
            y_axis["range"] = list(bounds)
        if col == 1:
            y_axis["title"] = {"text": y_title, "font": {"size": font}}
        else:
            y_axis.update({"matches": "y", "showticklabels": False})
        x_axis = {**ticks, "domain": [x0, x0 + width], "anchor": _axis_name("y", main)}
        if lanes:
            x_axis.update({"matches": _axis_name("x", low), "showticklabels": False, "ticks": "",
                           "showline": False})
            layout[_axis_key("x", low)] = {**ticks, "domain": [x0, x0 + width], "anchor": _axis_name("y", low),
                                           "showline": True, "linecolor": "#333333", "ticks": "outside",
                                           "tickcolor": "#333333"}
            layout[_axis_key("y", low)] = {
                "domain": [0.0, strip], "anchor": _axis_name("x", low), "range": [len(lanes) - 0.4, -0.6],
                "tickvals": list(range(len(lanes))), "showgrid": False, "zeroline": False,
                "fixedrange": True, "automargin": True, "tickfont": {"size": font - 3},
                "ticktext": [f"{n} saknas" if compact else f"{n}: saknas" for _, n in lanes],
                "showticklabels": col == 1}
        else:
            x_axis.update({"showline": True, "linecolor": "#333333", "ticks": "outside", "tickcolor": "#333333"})
        layout[_axis_key("x", main)] = x_axis
        layout[_axis_key("y", main)] = y_axis
        if facet_sex:
            layout["annotations"].append({
                "text": fmt.sex_label(sexes[col - 1]), "xref": "paper", "yref": "paper",
                "x": x0 + width / 2, "y": 1.0, "xanchor": "center", "yanchor": "bottom", "yshift": 4,
                "showarrow": False, "font": {"size": font + 2}})
        if reference_value is not None:
            layout["shapes"].append({
                "type": "line", "xref": f"{_axis_name('x', main)} domain", "x0": 0, "x1": 1,
                "yref": _axis_name("y", main), "y0": reference_value, "y1": reference_value,
                "line": {"color": "#7A7A7A", "width": 1.5}, "layer": "below"})

    data: list[dict] = []
    caveats = False
    # one pass over plain Python lists: pandas filtering per series costs more than the rest
    columns = ["area_code", "area_name", "role", "sex", "year", "y", "flag", "hover"]
    groups: dict[tuple, list[tuple]] = {}
    for row in zip(*(series[c].tolist() for c in columns), strict=True):
        groups.setdefault((row[3] if facet_sex else None, row[0], row[1], row[2]), []).append(row)
    for col, sex in enumerate(sexes, start=1):
        main = {"xaxis": _axis_name("x", col), "yaxis": _axis_name("y", col)}
        low = {"xaxis": _axis_name("x", ncols + col), "yaxis": _axis_name("y", ncols + col)}
        for (group_sex, code, name, role), rows in groups.items():
            if group_sex != sex:
                continue
            style = _style(styles, code, role)
            label = _trace_name(name, role, compact)
            hover = f"{label} %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>"
            years_ = [int(r[4]) for r in rows]
            ys = [None if fmt.is_missing(r[5]) else float(r[5]) for r in rows]
            points = [[str(y), str(r[7])] for y, r in zip(years_, rows, strict=True)]
            data.append({
                "type": "scatter", "name": label, "legendgroup": code, "showlegend": col == 1,
                "x": years_, "y": ys, "mode": "lines+markers", "connectgaps": False,
                "line": {"color": style["color"], "dash": style["dash"], "width": 3.5 if role == "omrade" else 3},
                "marker": {"symbol": style["symbol"], "size": 7 if compact else 9, "color": style["color"],
                           "line": {"width": 2, "color": style["color"]}},
                "customdata": points, "hovertemplate": hover, **main})
            marked = [i for i, r in enumerate(rows) if ys[i] is not None and r[6] in fmt.CAVEAT_FLAGS]
            if marked:
                caveats = True
                data.append({
                    "type": "scatter", "name": f"{name} – osäkert värde", "legendgroup": code,
                    "showlegend": False, "mode": "markers", "x": [years_[i] for i in marked],
                    "y": [ys[i] for i in marked],
                    "marker": {"symbol": "diamond-open", "size": 16 if compact else 20, "color": style["color"],
                               "line": {"width": 3, "color": style["color"]}},
                    "customdata": [points[i] for i in marked], "hovertemplate": hover, **main})
            missing = [i for i, y in enumerate(ys) if y is None]
            if missing:
                data.append({
                    "type": "scatter", "name": f"{name} – uppgift saknas", "legendgroup": code,
                    "showlegend": False, "mode": "markers", "x": [years_[i] for i in missing],
                    "y": [lanes.index((code, name))] * len(missing),
                    "marker": {"symbol": "circle-open", "size": 12 if compact else 14, "color": style["color"],
                               "line": {"width": 3, "color": style["color"]}},
                    "customdata": [points[i] for i in missing], "hovertemplate": hover, **low})
    if not compact:  # explain the markers in the legend too
        for present, name, symbol in ((bool(lanes), "uppgift saknas", "circle-open"),
                                      (caveats, "osäkert värde", "diamond-open")):
            if present:
                data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
                             "marker": {"symbol": symbol, "size": 14, "color": "#555555", "line": {"width": 3}},
                             "hoverinfo": "skip"})
    return _figure(data, layout)


def _view_texts(meta: Mapping, view: str, measure: str) -> tuple[str, str]:
    """(title suffix, y-axis title) for a trend view."""
    unit = str(meta["unit"])
    if view == "gap" and measure == "ratio":
        return ("kvot mot kommunen", "Kvot (kommunen = 1)")
    if view == "gap":
        return ("skillnad mot kommunen", f"Skillnad mot kommunen ({fmt.change_unit(unit)})")
    if view == "index":
        return ("index", "Index (första året = 100)")
    return ("", fmt.axis_title(unit))


def trend_figure(series: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict], view: str = "values",
                 measure: str = "difference", years: tuple[int, int], sex: str = "totalt",
                 facet_sex: bool = False, district_names: Sequence[str] = (),
                 example: bool = False) -> go.Figure:
    """The Trender chart for one indicator and one of the three views."""
    suffix, y_title = _view_texts(meta, view, measure)
    title = f"{meta['name']}" + (f" – {suffix}" if suffix else "")
    who = fmt.names_list(list(district_names)) if district_names else "Inga områden valda"
    sex_text = "kvinnor och män" if facet_sex else fmt.sex_label(sex).lower()
    span = fmt.year_span(*years)
    if view == "gap":
        level = "1" if measure == "ratio" else "0"
        subtitle = f"{who} mot kommunen (streckad linje vid {level}) och riket mot kommunen · {span} · {sex_text}"
    elif view == "index":
        subtitle = f"{who}, kommunen och riket · varje linje = 100 sitt första år med värde · {span} · {sex_text}"
    elif fmt.is_count(meta["unit"]):
        subtitle = f"{who} (antal – jämförs inte med kommunen och riket) · {span} · {sex_text}"
    else:
        subtitle = f"{who} jämfört med kommunen och riket · {span} · {sex_text}"
    reference_value = None
    include_zero = None
    if view == "gap":
        include_zero = measure != "ratio"  # the kommun's own dashed line is the 0 (or 1) line
    elif view == "index":
        reference_value = 100.0
        include_zero = False
    return line_figure(series, styles=styles, title=title, subtitle=fmt.wrap(subtitle, 110), y_title=y_title,
                       source=meta.get("source"), example=example, facet_sex=facet_sex,
                       reference_value=reference_value, include_zero=include_zero)


def small_multiple(series: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict],
                   district_name: str, example: bool, height: int = 520) -> go.Figure:
    """One indicator for one district against kommun and riket, sized for a grid."""
    unit = str(meta["unit"])
    subtitle = f"{fmt.axis_title(unit)} · jämförs inte med kommunen" if fmt.is_count(unit) else fmt.axis_title(unit)
    if meta.get("sex_fallback"):
        subtitle += " · totalt"
    return line_figure(series, styles=styles, title=fmt.wrap(str(meta["name"]), 28), subtitle=subtitle,
                       y_title="", source=meta.get("source"), example=example, compact=True, height=height)


# ----------------------------------------------------------------------------- ranking

def ranking_figure(rows: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict], year: int,
                   sex: str, references: Mapping[str, tuple[str, float | None]],
                   example: bool) -> go.Figure:
    """All districts as horizontal bars, best at the top; kommun and riket as lines."""
    decimals, unit = int(meta["decimals"]), str(meta["unit"])
    priority = [bool(p) for p in rows["priority"]]
    labels = [f"<b>{lbl}</b>" if p else lbl for lbl, p in zip(rows["label"], priority, strict=True)]
    colours = [styles.get(c, {}).get("color", OTHER_BAR_COLOUR) if p else OTHER_BAR_COLOUR
               for c, p in zip(rows["area_code"], priority, strict=True)]
    texts = [fmt.with_unit(v, decimals, unit) + (" *" if f in fmt.CAVEAT_FLAGS else "")
             if not fmt.is_missing(v) else f"{fmt.missing_symbol(f)} {fmt.flag_label(f) or 'uppgift saknas'}"
             for v, f in zip(rows["value"], rows["flag"], strict=True)]
    show_refs = not fmt.is_count(unit)
    layout = _layout(title=f"{meta['name']} – stadsdelarna rangordnade",
                     subtitle=(f"{year} · {fmt.sex_label(sex).lower()} · "
                               + {"lägre": "lägst (bäst) överst", "högre": "högst (bäst) överst"}.get(
                                   str(meta["direction"]), "högst överst")
                               + (" · kommunen och riket som lodräta linjer" if show_refs
                                  else " · antal beror på områdets storlek")),
                     source=meta.get("source"), example=example, height=max(460, 230 + 54 * len(rows)),
                     legend="top" if show_refs else "none", x_title=True)
    data: list[dict] = [{
        "type": "bar", "orientation": "h", "name": "Områden", "showlegend": False,
        "x": _clean(rows["value"]), "y": labels,
        "marker": {"color": colours, "line": {"color": "#222222", "width": [1.5 if p else 0 for p in priority]}},
        "customdata": texts, "hovertemplate": "%{y}: %{customdata}<extra></extra>"}]
    for lbl, v, t in zip(labels, rows["value"], texts, strict=True):
        if fmt.is_missing(v):  # say so where the bar would be: never a zero-length bar
            layout["annotations"].append({"x": 0, "y": lbl, "xref": "x", "yref": "y", "text": t,
                                          "showarrow": False, "xanchor": "left", "xshift": 6,
                                          "font": {"size": BASE_FONT - 2, "color": "#444444"}})
        else:  # value labels as annotations: their white box keeps them legible over the
            # kommun/riket lines, which bar text (no background in Plotly) was not
            layout["annotations"].append({"x": float(v), "y": lbl, "xref": "x", "yref": "y", "text": t,
                                          "showarrow": False, "xanchor": "left", "xshift": 4,
                                          "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1,
                                          "font": {"size": BASE_FONT, "color": "#1A1A1A"},
                                          "name": "värde"})
    numbers = [float(v) for v in rows["value"].dropna()]
    if show_refs:
        for level in ("kommun", "riket"):
            if level not in references or references[level][1] is None:
                continue
            name, value = references[level]
            style = REFERENCE_STYLE[level]
            numbers.append(value)
            line = {"color": style["color"], "dash": style["dash"], "width": 3}
            layout["shapes"].append({"type": "line", "x0": value, "x1": value, "xref": "x", "y0": 0, "y1": 1,
                                     "yref": "paper", "line": line, "layer": "above"})
            data.append({"type": "scatter", "x": [None], "y": [None], "mode": "lines", "showlegend": True,
                         "hoverinfo": "skip", "name": f"{name} {fmt.with_unit(value, decimals, unit)}",
                         "line": line})
    hi = max(numbers) if numbers else 1.0
    lo = min(0.0, min(numbers)) if numbers else 0.0
    layout.update({
        "bargap": 0.25,
        "xaxis": {"range": [lo, hi * 1.15 if hi > 0 else 1], "title": {"text": fmt.axis_title(unit)},
                  "gridcolor": GRID_COLOUR, "tickformat": ",~f", "zeroline": True, "zerolinecolor": "#333333",
                  "automargin": True},
        "yaxis": {"autorange": "reversed", "ticks": "", "tickfont": {"size": BASE_FONT}, "automargin": True,
                  "type": "category"},
    })
    layout["margin"]["r"] = 40
    return _figure(data, layout)


# ----------------------------------------------------------------------------- measures

def status_figure(counts: pd.DataFrame, *, title: str, subtitle: str | None = None,
                  labels: Mapping[object, str] | None = None, source: str | None = None,
                  vertical: bool = False, compact: bool = False) -> go.Figure:
    """Stacked bars of measure status per group, the counts written on the bars.

    ``counts`` is ``transform.status_counts``. Status is never colour alone: each status
    has its symbol and name in the legend, its own pattern, and its number on the bar.
    ``vertical`` stacks upwards with short group labels.
    """
    font = SMALL_FONT if compact else BASE_FONT
    groups = list(dict.fromkeys(counts["group"])) if len(counts) else []
    names = [(labels or {}).get(g, str(g)) for g in groups]
    shown = [fmt.wrap(n, 14 if vertical else (22 if compact else 34)) for n in names]
    data: list[dict] = []
    for status in transform.STATUSES:
        part = counts[counts["status"] == status].set_index("group").reindex(groups)
        n = [int(v) for v in part["antal"].fillna(0)] if len(part) else []
        bar = {"x": shown, "y": n} if vertical else {"x": n, "y": shown, "orientation": "h"}
        data.append({
            "type": "bar", **bar, "name": fmt.status_label(status),
            "marker": {"color": STATUS_COLOURS[status], "line": {"color": "#3B2A73", "width": 1.2},
                       "pattern": {"shape": STATUS_PATTERNS[status], "fgcolor": "#3B2A73",
                                   "fgopacity": 0.55, "size": 9, "solidity": 0.25}},
            "text": [str(v) if v else "" for v in n], "textposition": "inside", "insidetextanchor": "middle",
            "textfont": {"size": font + 1, "color": STATUS_TEXT_COLOURS[status]},
            "customdata": [[nm, v] for nm, v in zip(names, n, strict=True)],
            "hovertemplate": f"%{{customdata[0]}}<br>{fmt.status_label(status)}: %{{customdata[1]}} åtgärder<extra></extra>",
        })
    totals = ([int(t) for t in counts.drop_duplicates("group").set_index("group")["total"].reindex(groups).fillna(0)]
              if len(counts) else [])
    lines = max((w.count("<br>") + 1 for w in shown), default=1)
    height = 470 if vertical else int((250 if compact else 210) + max(len(groups), 1) * (30 + 22 * lines))
    layout = _layout(title=fmt.wrap(title, 28) if compact else title, subtitle=subtitle, source=source,
                     example=False, height=height, font_size=font, legend="top", x_title=not vertical,
                     compact=compact, legend_rows=3 if compact else 1)
    for label, total in zip(shown, totals, strict=True):
        note = {"text": f"<b>{total}</b>", "showarrow": False, "font": {"size": font, "color": "#333333"},
                "xref": "x", "yref": "y"}
        if vertical:
            note.update({"x": label, "y": total, "yanchor": "bottom", "yshift": 4})
        else:
            note.update({"x": total, "y": label, "xanchor": "left", "xshift": 8})
        layout["annotations"].append(note)
    top = max(totals) if totals else 1
    count_axis = {"range": [0, top * 1.15 + 1], "title": {"text": "Antal åtgärder"}, "gridcolor": GRID_COLOUR,
                  "tickformat": "d", "automargin": True, "zeroline": False}
    category_axis = {"ticks": "", "automargin": True, "type": "category"}
    if vertical:
        layout.update({"yaxis": count_axis, "xaxis": {**category_axis, "tickfont": {"size": font - 2}}})
    else:
        layout.update({"xaxis": count_axis, "yaxis": {**category_axis, "autorange": "reversed"}})
    layout.update({"barmode": "stack", "bargap": 0.3})
    return _figure(data, layout)
