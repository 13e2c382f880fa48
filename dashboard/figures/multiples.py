"""Small multiples as one figure: a grid of ``small_multiple`` panels in one Plotly chart.

Områdesprofil shows every indicator of a utvecklingsområde for one district: up to a dozen
panels on a Kolada-sized store. As a dozen Plotly charts the browser took about 170 ms a
chart to mount (Streamlit's chart element, Plotly's own set-up, the toolbar), two seconds
a tab; as one figure with a dozen subplots it sets up once (bench/README.md, section 6d).

Each panel is made as before (``lines.small_multiple``: its own y scale, gaps and caveats
marked, its title, unit and source) and then moved into its cell: its axes get new numbers,
its domains and paper-placed texts are scaled into the cell, its title becomes a text above
the cell. The legend (the district, kommunen, riket, the same in every panel) is drawn once,
above the grid, and the export date once, under it.

Horizontal margins inside a cell (the y tick labels) are pixels in a panel but fractions in
a grid whose width the browser decides; they are turned into fractions for
``WIDTH_GUESS`` pixels, the narrowest the page is drawn at (1280 px screen beside the menu),
so on a wider screen they only grow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import plotly.graph_objects as go

from .. import formatting as fmt
from .layout import SMALL_FONT, _figure, date_line

WIDTH_GUESS = 780          # px: the main area beside the menu on a 1280 px screen
CELL_HEIGHT = 430          # px per row of panels
GAP = 0.05                 # paper width between two columns
_AXIS = re.compile(r"^([xy])axis(\d*)$")
_REF = re.compile(r"^([xy])(\d*)( domain)?$")


def _legend_height(font: int) -> float:
    return font * 1.75 * 2     # what ``_layout`` leaves for a compact panel's legend (two rows)


def _date_height(font: int) -> float:
    return (font - 3) * 1.35 * 2


def _cell(k: int, columns: int, rows: int) -> tuple[float, float, float, float]:
    row, col = divmod(k, columns)
    width = (1 - GAP * (columns - 1)) / columns
    x0 = col * (width + GAP)
    return x0, x0 + width, 1 - (row + 1) / rows, 1 - row / rows


def _renamer(layout: dict, offset: int) -> dict[str, str]:
    """{'x': 'x5', 'y2': 'y6', …}: a panel's axis names in the grid, numbered after ``offset``."""
    numbers = sorted({int(m.group(2) or 1) for key in layout if (m := _AXIS.match(key))})
    return {f"{kind}{'' if n == 1 else n}": kind + ("" if offset + i == 0 else str(offset + i + 1))
            for i, n in enumerate(numbers) for kind in "xy"}


def _ref(value: object, names: dict[str, str]) -> object:
    if not isinstance(value, str) or not (m := _REF.match(value)):
        return value
    return names.get(m.group(1) + m.group(2), value) + (m.group(3) or "")


def small_multiples(figures: Sequence[go.Figure], *, columns: int = 2, cell_height: int = CELL_HEIGHT) -> go.Figure:
    """The panels in a grid of ``columns``, row by row, as one figure."""
    panels = [f.to_plotly_json() for f in figures]
    n = len(panels)
    rows = max(1, math.ceil(n / columns))
    font = SMALL_FONT
    top = int(_legend_height(font) + 24)
    bottom = int(_date_height(font) + 16)
    paper_h = rows * cell_height
    data: list[dict] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    layout: dict = {}
    seen_legend: set[str] = set()
    offset = 0
    for k, panel in enumerate(panels):
        own = panel["layout"]
        names = _renamer(own, offset)
        offset += len(names) // 2
        cx0, cx1, cy0, cy1 = _cell(k, columns, rows)
        margin = own.get("margin", {})
        px0 = cx0 + margin.get("l", 20) / WIDTH_GUESS
        px1 = cx1 - margin.get("r", 24) / WIDTH_GUESS
        py1 = cy1 - max(margin.get("t", 80) - _legend_height(font), 40) / paper_h
        py0 = cy0 + max(margin.get("b", 60) - _date_height(font), 30) / paper_h

        def fx(x: float, px0: float = px0, px1: float = px1) -> float:
            return px0 + float(x) * (px1 - px0)

        def fy(y: float, py0: float = py0, py1: float = py1) -> float:
            return py0 + float(y) * (py1 - py0)

        for key, axis in own.items():
            if not (m := _AXIS.match(key)):
                continue
            kind = m.group(1)
            new = dict(axis)
            lo, hi = axis.get("domain", [0, 1])
            new["domain"] = [fx(lo), fx(hi)] if kind == "x" else [fy(lo), fy(hi)]
            for ref in ("anchor", "matches", "overlaying", "scaleanchor"):
                if ref in new:
                    new[ref] = _ref(new[ref], names)
            layout[f"{kind}axis{names[kind + (m.group(2) or '')][1:]}"] = new
        for trace in panel["data"]:
            trace = dict(trace)
            trace["xaxis"] = names.get(trace.get("xaxis", "x"), trace.get("xaxis"))
            trace["yaxis"] = names.get(trace.get("yaxis", "y"), trace.get("yaxis"))
            group = str(trace.get("legendgroup") or trace.get("name"))
            if trace.get("showlegend", True) is not False and trace.get("name"):
                trace["showlegend"] = group not in seen_legend
                seen_legend.add(group)
            data.append(trace)
        for shape in own.get("shapes", []) or []:
            shapes.append({**shape, "xref": _ref(shape.get("xref"), names), "yref": _ref(shape.get("yref"), names)})
        for note in own.get("annotations", []) or []:
            if note.get("name") == "exportdatum":
                continue  # once, under the grid
            note = dict(note)
            if note.get("xref") == "paper":
                note["x"] = fx(note.get("x", 0))
            else:
                note["xref"] = _ref(note.get("xref"), names)
            if note.get("yref") == "paper":
                note["y"] = fy(note.get("y", 0))
            else:
                note["yref"] = _ref(note.get("yref"), names)
            annotations.append(note)
        title = own.get("title", {})
        head = title.get("text", "")
        sub = (title.get("subtitle") or {}).get("text", "")
        title_size = (title.get("font") or {}).get("size", font + 6)
        if sub:  # one text for both (Plotly sets up every annotation on its own, as a chart)
            head += f'<br><span style="font-size:{font}px;color:#444444">{sub}</span>'
        annotations.append({"text": head, "xref": "paper", "yref": "paper", "x": cx0, "y": cy1, "xanchor": "left",
                            "yanchor": "top", "align": "left", "showarrow": False, "font": {"size": title_size}})
    annotations.append({"text": fmt.wrap(date_line(), 90), "xref": "paper", "yref": "paper", "x": 1, "y": 0,
                        "xanchor": "right", "yanchor": "top", "yshift": -6, "showarrow": False, "align": "right",
                        "name": "exportdatum", "font": {"size": font - 3, "color": "#555555"}})
    first = panels[0]["layout"] if panels else {}
    layout.update({
        "template": first.get("template", "none"), "separators": first.get("separators", ", "),
        "font": first.get("font", {}), "paper_bgcolor": "white", "plot_bgcolor": "white",
        "height": top + paper_h + bottom, "margin": {"l": 8, "r": 8, "t": top, "b": bottom, "autoexpand": False},
        "hoverlabel": first.get("hoverlabel", {}), "hovermode": "closest", "showlegend": True,
        "legend": {**first.get("legend", {}), "orientation": "h", "x": 0.0, "xanchor": "left",
                   "y": 1.0 + 10 / paper_h, "yanchor": "bottom", "yref": "paper"},
        "annotations": annotations, "shapes": shapes,
    })
    return _figure(data, layout)
