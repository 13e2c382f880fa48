"""Line charts: one indicator over time, for districts against the reference lines.

Missing values break the line (never zero) and get an open circle in a «saknas» strip under
the plot, one lane per area; values with a caveat get an open diamond around the point.

With ``band=True`` a series that carries ``ci_low``/``ci_high`` (``dashboard.intervals``) gets
its 95 % interval as a light band in the line's own colour under the line, broken where a
year has no interval; a single year with an interval between gaps gets a short vertical bar.
The legend explains the band in words, and the band belongs to its line's legend group, so
hiding a line hides its band.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .. import formatting as fmt
from ..series import gap_points, y_range
from ..textwidth import GRID_FONT_PX, text_px
from .layout import BASE_FONT, GRID_COLOUR, SMALL_FONT, _axis_key, _axis_name, _figure, _layout, _style, \
    _year_ticks

_ROW = ("area_code", "area_name", "role", "sex", "year", "y", "flag", "hover")
_REFERENCE_WORDS = {"kommun": "kommunen", "riket": "riket", "grupp": "jämförelsegruppen"}


@dataclass(frozen=True)
class _Grid:
    """How the plot area is divided: one column per kön, a «saknas» strip under each."""

    sexes: list[str | None]
    lanes: list[tuple[str, str]]   # (area code, name) of every area with a gap, in order
    compact: bool
    font: int

    @property
    def ncols(self) -> int:
        return len(self.sexes)

    @property
    def strip(self) -> float:
        return min(0.07 + 0.045 * len(self.lanes), 0.3) if self.lanes else 0.0

    def x0(self, col: int, gap: float = 0.05) -> tuple[float, float]:
        width = (1 - gap * (self.ncols - 1)) / self.ncols
        start = (col - 1) * (width + gap)
        return start, start + width


def _trace_name(name: str, role: str, compact: bool) -> str:
    if compact and role == "kommun":
        return "Kommunen"
    return fmt.plain(name)


def _grid(series: pd.DataFrame, facet_sex: bool, compact: bool) -> _Grid:
    sexes: list[str | None] = ([s for s in ("kvinnor", "män", "totalt") if s in set(series["sex"])]
                               if facet_sex else [])
    gaps = gap_points(series)
    lanes = list(dict.fromkeys(zip(gaps["area_code"], gaps["area_name"], strict=True))) if len(gaps) else []
    return _Grid(sexes or [None], lanes, compact, SMALL_FONT if compact else BASE_FONT)


def _add_axes(layout: dict, grid: _Grid, series: pd.DataFrame, *, y_title: str,
              include_zero: bool | None, reference_value: float | None, band: bool = False) -> None:
    """Axes of every column: the plot, and under it the «saknas» strip when there are gaps."""
    years = sorted(int(y) for y in series["year"].unique()) if len(series) else []
    values = series["y"].tolist()
    if band:  # the band must fit inside the plot too
        values += series["ci_low"].tolist() + series["ci_high"].tolist()
    bounds = y_range(values, include_zero=include_zero) if len(series) else None
    ticks = _year_ticks(years, compact=grid.compact or grid.ncols > 1)
    if grid.compact:  # the bottom margin has room for one line of years (``_layout``)
        ticks["automargin"] = False
    for col in range(1, grid.ncols + 1):
        x0, x1 = grid.x0(col)
        main, low = col, grid.ncols + col
        y_axis = {"domain": [grid.strip + 0.04 if grid.lanes else 0.0, 1.0], "anchor": _axis_name("x", main),
                  "gridcolor": GRID_COLOUR, "zeroline": False, "tickformat": ",~f", "showline": False,
                  "ticks": "", "automargin": not grid.compact}
        if bounds:
            y_axis["range"] = list(bounds)
        if col == 1:
            y_axis["title"] = {"text": y_title, "font": {"size": grid.font}}
        else:
            y_axis.update({"matches": "y", "showticklabels": False})
        axis_line = {"showline": True, "linecolor": "#333333", "ticks": "outside", "tickcolor": "#333333"}
        x_axis = {**ticks, "domain": [x0, x1], "anchor": _axis_name("y", main)}
        if grid.lanes:
            x_axis.update({"matches": _axis_name("x", low), "showticklabels": False, "ticks": "",
                           "showline": False})
            layout[_axis_key("x", low)] = {**ticks, "domain": [x0, x1], "anchor": _axis_name("y", low),
                                           **axis_line}
            layout[_axis_key("y", low)] = _strip_axis(grid, low, col)
        else:
            x_axis.update(axis_line)
        layout[_axis_key("x", main)] = x_axis
        layout[_axis_key("y", main)] = y_axis
        if grid.compact:
            layout["margin"]["l"] = _compact_left_margin(bounds, grid)
        if grid.ncols > 1:
            layout["annotations"].append({
                "text": fmt.sex_label(str(grid.sexes[col - 1])), "xref": "paper", "yref": "paper",
                "x": (x0 + x1) / 2, "y": 1.0, "xanchor": "center", "yanchor": "bottom", "yshift": 4,
                "showarrow": False, "font": {"size": grid.font + 2}})
        if reference_value is not None:
            layout["shapes"].append({
                "type": "line", "xref": f"{_axis_name('x', main)} domain", "x0": 0, "x1": 1,
                "yref": _axis_name("y", main), "y0": reference_value, "y1": reference_value,
                "line": {"color": "#7A7A7A", "width": 1.5}, "layer": "below"})


def _tick_decimals(span: float) -> int:
    """Decimals of the finest tick step Plotly picks for ``span`` (about 4 to 8 ticks)."""
    step = span / 8 if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(step))
    nice = next(m for m in (1, 2, 5, 10) if m * magnitude >= step) * magnitude
    return max(0, -math.floor(math.log10(nice) + 1e-9))


def _compact_left_margin(bounds: tuple[float, float] | None, grid: _Grid) -> int:
    """The left margin a small multiple needs for its y tick labels and «saknas» labels.

    Plotly's ``automargin`` measures the labels in the browser and then draws the chart again
    with the margin it found: a third of the browser's time for a small multiple, and
    Områdesprofil draws up to a dozen at once. Here the widest label is measured beforehand
    in the grid font's widths (``textwidth``), scaled to the chart's font, with room to spare.
    """
    labels: list[str] = []
    if bounds:
        places = _tick_decimals(bounds[1] - bounds[0])
        labels += [fmt.number(v, places) for v in bounds]
    scale = grid.font / GRID_FONT_PX
    widest = max((text_px(t) for t in labels), default=0.0) * scale
    strip = max((text_px(f"{fmt.plain(n)} saknas") for _, n in grid.lanes), default=0.0) * (grid.font - 3) / GRID_FONT_PX
    return int(max(widest, strip) * 1.12 + 18)


def _strip_axis(grid: _Grid, low: int, col: int) -> dict:
    return {"domain": [0.0, grid.strip], "anchor": _axis_name("x", low),
            "range": [len(grid.lanes) - 0.4, -0.6], "tickvals": list(range(len(grid.lanes))),
            "showgrid": False, "zeroline": False, "fixedrange": True, "automargin": not grid.compact,
            "tickfont": {"size": grid.font - 3},
            "ticktext": [f"{fmt.plain(n)} saknas" if grid.compact else f"{fmt.plain(n)}: saknas"
                         for _, n in grid.lanes],
            "showticklabels": col == 1}


def _group_traces(rows: list[tuple], style: dict, grid: _Grid, col: int) -> tuple[list[dict], bool]:
    """The line of one area (and kön), its caveat diamonds and its «saknas» circles."""
    code, name, role = rows[0][0], rows[0][1], rows[0][2]
    compact = grid.compact
    main = {"xaxis": _axis_name("x", col), "yaxis": _axis_name("y", col)}
    low = {"xaxis": _axis_name("x", grid.ncols + col), "yaxis": _axis_name("y", grid.ncols + col)}
    label = _trace_name(name, role, compact)
    hover = f"{label} %{{customdata[0]}}: %{{customdata[1]}}<extra></extra>"
    years = [int(r[4]) for r in rows]
    ys = [None if fmt.is_missing(r[5]) else float(r[5]) for r in rows]
    points = [[str(y), fmt.plain(r[7])] for y, r in zip(years, rows, strict=True)]
    traces = [{
        "type": "scatter", "name": label, "legendgroup": code, "showlegend": col == 1,
        "x": years, "y": ys, "mode": "lines+markers", "connectgaps": False,
        "line": {"color": style["color"], "dash": style["dash"], "width": 3.5 if role == "omrade" else 3},
        "marker": {"symbol": style["symbol"], "size": 7 if compact else 9, "color": style["color"],
                   "line": {"width": 2, "color": style["color"]}},
        "customdata": points, "hovertemplate": hover, **main}]
    marked = [i for i, r in enumerate(rows) if ys[i] is not None and r[6] in fmt.CAVEAT_FLAGS]
    if marked:
        traces.append({
            "type": "scatter", "name": f"{label} – osäkert värde", "legendgroup": code,
            "showlegend": False, "mode": "markers", "x": [years[i] for i in marked],
            "y": [ys[i] for i in marked],
            "marker": {"symbol": "diamond-open", "size": 16 if compact else 20, "color": style["color"],
                       "line": {"width": 3, "color": style["color"]}},
            "customdata": [points[i] for i in marked], "hovertemplate": hover, **main})
    missing = [i for i, y in enumerate(ys) if y is None]
    if missing:
        traces.append({
            "type": "scatter", "name": f"{label} – uppgift saknas", "legendgroup": code,
            "showlegend": False, "mode": "markers", "x": [years[i] for i in missing],
            "y": [grid.lanes.index((code, name))] * len(missing),
            "marker": {"symbol": "circle-open", "size": 12 if compact else 14, "color": style["color"],
                       "line": {"width": 3, "color": style["color"]}},
            "customdata": [points[i] for i in missing], "hovertemplate": hover, **low})
    return traces, bool(marked)


def _marker_legend(gaps: bool, caveats: bool, band: bool = False) -> list[dict]:
    """Legend entries that explain the open circle, the open diamond and the interval band."""
    out = []
    for present, name, symbol in ((gaps, "uppgift saknas", "circle-open"), (caveats, "osäkert värde", "diamond-open")):
        if present:
            out.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
                        "marker": {"symbol": symbol, "size": 14, "color": "#555555", "line": {"width": 3}},
                        "hoverinfo": "skip"})
    if band:
        out.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": BAND_LEGEND,
                    "marker": {"symbol": "square", "size": 16, "color": _tint("#555555", BAND_ALPHA + 0.1),
                               "line": {"width": 0}}, "hoverinfo": "skip"})
    return out


BAND_ALPHA = 0.18
BAND_LEGEND = "95 % osäkerhetsintervall"
_BAND_ROW = ("area_code", "role", "sex", "year", "ci_low", "ci_high")


def _tint(colour: str, alpha: float) -> str:
    """'#0072B2', 0.18 -> 'rgba(0,114,178,0.18)': the line's colour, light enough to read through."""
    c = colour.lstrip("#")
    if len(c) != 6:
        return f"rgba(85,85,85,{alpha})"
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _runs(rows: list[tuple]) -> list[list[tuple]]:
    """Consecutive rows that all have an interval: a band is not drawn across a year without one."""
    runs: list[list[tuple]] = [[]]
    for row in sorted(rows, key=lambda r: int(r[3])):
        if fmt.is_missing(row[4]) or fmt.is_missing(row[5]):
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(row)
    return [r for r in runs if r]


def _band_traces(series: pd.DataFrame, styles: Mapping[str, dict], grid: _Grid) -> list[dict]:
    """The 95 % interval of every line that has one, as filled polygons under the lines."""
    groups: dict[tuple, list[tuple]] = {}
    for row in zip(*(series[c].tolist() for c in _BAND_ROW), strict=True):
        groups.setdefault((row[2] if grid.ncols > 1 else None, row[0]), []).append(row)
    data: list[dict] = []
    for col, sex in enumerate(grid.sexes, start=1):
        axes = {"xaxis": _axis_name("x", col), "yaxis": _axis_name("y", col)}
        for (group_sex, code), rows in groups.items():
            if group_sex != sex:
                continue
            colour = _tint(_style(styles, code, rows[0][1])["color"], BAND_ALPHA)
            for run in _runs(rows):
                years = [int(r[3]) for r in run]
                lows, highs = [float(r[4]) for r in run], [float(r[5]) for r in run]
                common = {"type": "scatter", "legendgroup": code, "showlegend": False, "hoverinfo": "skip",
                          "name": BAND_LEGEND, **axes}
                if len(run) == 1:
                    data.append({**common, "x": years * 2, "y": [lows[0], highs[0]], "mode": "lines",
                                 "line": {"color": colour, "width": 10}})
                else:
                    data.append({**common, "x": years + years[::-1], "y": highs + lows[::-1], "mode": "lines",
                                 "fill": "toself", "fillcolor": colour, "line": {"width": 0}})
    return data


def line_figure(series: pd.DataFrame, *, styles: Mapping[str, dict], title: str,
                subtitle: str | None, y_title: str, source: str | None, example: bool,
                facet_sex: bool = False, compact: bool = False, height: int | None = None,
                reference_value: float | None = None, include_zero: bool | None = None,
                band: bool = False) -> go.Figure:
    """Lines per area (and kön), gaps where values are missing, kept honest.

    ``series`` is ``series.trend_series``. ``reference_value`` draws a thin line at that
    level (1 in the ratio view, 100 for an index). ``facet_sex`` puts women and men side by
    side with a shared y axis. ``band`` draws the 95 % interval of every row that has
    ``ci_low``/``ci_high``. ``title``, ``subtitle`` and ``y_title`` are taken as markup the
    caller made safe (``fmt.plain`` on imported text).
    """
    band = band and {"ci_low", "ci_high"} <= set(series.columns) and bool(series["ci_low"].notna().any())
    grid = _grid(series, facet_sex, compact)
    layout = _layout(title=title, subtitle=subtitle, source=source, example=example,
                     height=height or (400 if compact else 600), font_size=grid.font,
                     legend="top" if compact else "right", compact=compact)
    _add_axes(layout, grid, series, y_title=y_title, include_zero=include_zero, reference_value=reference_value,
              band=band)
    groups: dict[tuple, list[tuple]] = {}  # plain lists: pandas filtering per series costs more
    for row in zip(*(series[c].tolist() for c in _ROW), strict=True):
        groups.setdefault((row[3] if grid.ncols > 1 else None, row[0]), []).append(row)
    data: list[dict] = _band_traces(series, styles, grid) if band else []
    caveats = False
    for col, sex in enumerate(grid.sexes, start=1):
        for (group_sex, code), rows in groups.items():
            if group_sex == sex:
                traces, marked = _group_traces(rows, _style(styles, code, rows[0][2]), grid, col)
                data += traces
                caveats = caveats or marked
    if not compact:
        data += _marker_legend(bool(grid.lanes), caveats, band)
    return _figure(data, layout)


def _view_texts(meta: Mapping, view: str, measure: str, reference: str) -> tuple[str, str]:
    """(title suffix, y-axis title) for a trend view."""
    unit = str(meta["unit"])
    against = _REFERENCE_WORDS.get(reference, "kommunen")
    if view == "gap" and measure == "ratio":
        return (f"kvot mot {against}", f"Kvot ({against} = 1)")
    if view == "gap":
        return (f"skillnad mot {against}", f"Skillnad mot {against} ({fmt.plain(fmt.change_unit(unit))})")
    if view == "index":
        return ("index", "Index (första året = 100)")
    return ("", fmt.plain(fmt.axis_title(unit)))


def _trend_subtitle(meta: Mapping, view: str, measure: str, reference: str, who: str, tail: str,
                    references: str) -> str:
    against = _REFERENCE_WORDS.get(reference, "kommunen")
    if view == "gap":
        level = "1" if measure == "ratio" else "0"
        return f"{who} mot {against} (streckad linje vid {level}) · {tail}"
    if view == "index":
        return f"{who} och {references} · varje linje = 100 sitt första år med värde · {tail}"
    if fmt.is_count(meta["unit"]):
        return f"{who} (antal – jämförs inte med större områden) · {tail}"
    return f"{who} jämfört med {references} · {tail}"


def trend_figure(series: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict], view: str = "values",
                 measure: str = "difference", years: tuple[int, int], sex: str = "totalt",
                 facet_sex: bool = False, district_names: Sequence[str] = (), example: bool = False,
                 reference: str = "kommun", references: str = "kommunen och riket",
                 source: str | None = None, band: bool = False) -> go.Figure:
    """The Trender chart for one indicator and one of the three views; ``band`` draws the 95 %
    intervals the series carries (the values view only)."""
    suffix, y_title = _view_texts(meta, view, measure, reference)
    title = fmt.plain(meta["name"]) + (f" – {suffix}" if suffix else "")
    who = fmt.plain(fmt.names_list(list(district_names))) if district_names else "Inga områden valda"
    sex_text = "kvinnor och män" if facet_sex else fmt.sex_label(sex).lower()
    tail = f"{fmt.year_span(*years)} · {sex_text}"
    subtitle = _trend_subtitle(meta, view, measure, reference, who, tail, references)
    reference_value = None
    include_zero = None
    if view == "gap":
        include_zero = measure != "ratio"  # the reference's own dashed line is the 0 (or 1) line
    elif view == "index":
        reference_value = 100.0
        include_zero = False
    return line_figure(series, styles=styles, title=title, subtitle=fmt.wrap(subtitle, 72), y_title=y_title,
                       source=source if source is not None else meta.get("source"), example=example,
                       facet_sex=facet_sex, reference_value=reference_value, include_zero=include_zero,
                       band=band and view == "values")


def small_multiple(series: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict],
                   example: bool, height: int = 520, source: str | None = None) -> go.Figure:
    """One indicator for one district against kommun and riket, sized for a grid."""
    unit = str(meta["unit"])
    axis = fmt.plain(fmt.axis_title(unit))
    subtitle = f"{axis} · jämförs inte med kommunen" if fmt.is_count(unit) else axis
    if meta.get("sex_fallback"):
        subtitle += " · totalt"
    return line_figure(series, styles=styles, title=fmt.wrap(fmt.plain(meta["name"]), 28), subtitle=subtitle,
                       y_title="", source=source if source is not None else meta.get("source"),
                       example=example, compact=True, height=height)
