"""Bar charts: districts ranked for one indicator and year, and measure status per group.

Status is never colour alone: each status has its symbol and name in the legend, its own
pattern, and its count written on the bar. Counts get whole-number ticks.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from loaders.domain import STATUSES

from .. import formatting as fmt
from .layout import BASE_FONT, GRID_COLOUR, OTHER_BAR_COLOUR, REFERENCE_STYLE, SMALL_FONT, STATUS_COLOURS, \
    STATUS_PATTERNS, STATUS_TEXT_COLOURS, _clean, _figure, _layout


def ranking_figure(rows: pd.DataFrame, meta: Mapping, *, styles: Mapping[str, dict], year: int,
                   sex: str, references: Mapping[str, tuple[str, float | None]],
                   example: bool) -> go.Figure:
    """All districts as horizontal bars, best at the top; kommun and riket as lines."""
    decimals, unit = int(meta["decimals"]), str(meta["unit"])
    priority = [bool(p) for p in rows["priority"]]
    labels = [f"<b>{fmt.plain(lbl)}</b>" if p else fmt.plain(lbl) for lbl, p in zip(rows["label"], priority, strict=True)]
    colours = [styles.get(c, {}).get("color", OTHER_BAR_COLOUR) if p else OTHER_BAR_COLOUR
               for c, p in zip(rows["area_code"], priority, strict=True)]
    texts = [fmt.plain(fmt.with_unit(v, decimals, unit)) + (" *" if f in fmt.CAVEAT_FLAGS else "")
             if not fmt.is_missing(v) else f"{fmt.missing_symbol(f)} {fmt.flag_label(f) or 'uppgift saknas'}"
             for v, f in zip(rows["value"], rows["flag"], strict=True)]
    show_refs = not fmt.is_count(unit)
    layout = _layout(title=f"{fmt.plain(meta['name'])} – stadsdelarna rangordnade",
                     subtitle=(f"{year} · {fmt.sex_label(sex).lower()} · "
                               + {"lägre": "lägst (bäst) överst", "högre": "högst (bäst) överst"}.get(
                                   str(meta["direction"]), "högst överst")
                               + (f" · {_reference_words(references)} som lodräta linjer" if show_refs
                                  else " · antal beror på områdets storlek")),
                     source=meta.get("source"), example=example, height=max(460, 230 + 54 * len(rows)),
                     legend="top" if show_refs else "none", x_title=True,
                     # kommun, group and riket with their values wrap to two rows on a 1280 px
                     # screen; a row too few and the legend covered the subtitle
                     legend_rows=2 if len(references) > 2 else None)
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
        for level in ("kommun", "grupp", "riket"):
            if level not in references or references[level][1] is None:
                continue
            name, value = references[level]
            style = REFERENCE_STYLE[level]
            numbers.append(value)
            line = {"color": style["color"], "dash": style["dash"], "width": 3}
            layout["shapes"].append({"type": "line", "x0": value, "x1": value, "xref": "x", "y0": 0, "y1": 1,
                                     "yref": "paper", "line": line, "layer": "above"})
            data.append({"type": "scatter", "x": [None], "y": [None], "mode": "lines", "showlegend": True,
                         "hoverinfo": "skip", "name": fmt.plain(f"{name} {fmt.with_unit(value, decimals, unit)}"),
                         "line": line})
    hi = max(numbers) if numbers else 1.0
    lo = min(0.0, min(numbers)) if numbers else 0.0
    layout.update({
        "bargap": 0.25,
        "xaxis": {"range": [lo, hi * 1.15 if hi > 0 else 1], "title": {"text": fmt.plain(fmt.axis_title(unit))},
                  "gridcolor": GRID_COLOUR, "tickformat": ",~f", "zeroline": True, "zerolinecolor": "#333333",
                  "automargin": True},
        "yaxis": {"autorange": "reversed", "ticks": "", "tickfont": {"size": BASE_FONT}, "automargin": True,
                  "type": "category"},
    })
    layout["margin"]["r"] = 40
    return _figure(data, layout)


# ----------------------------------------------------------------------------- measures

def _reference_words(references: Mapping[str, tuple[str, float | None]]) -> str:
    words = {"kommun": "kommunen", "grupp": "jämförelsegruppen", "riket": "riket"}
    return fmt.join_words([w for k, w in words.items() if k in references]) or "kommunen och riket"


def count_step(top: float) -> int:
    """A whole-number tick step for a count axis up to ``top`` (never half a measure)."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        if top / step <= 8:
            return step
    return 200


def status_figure(counts: pd.DataFrame, *, title: str, subtitle: str | None = None,
                  labels: Mapping[object, str] | None = None, source: str | None = None,
                  vertical: bool = False, compact: bool = False) -> go.Figure:
    """Stacked bars of measure status per group, the counts written on the bars.

    ``counts`` is ``measures.status_counts``. Status is never colour alone: each status
    has its symbol and name in the legend, its own pattern, and its number on the bar.
    ``vertical`` stacks upwards with short group labels.
    """
    font = SMALL_FONT if compact else BASE_FONT
    groups = list(dict.fromkeys(counts["group"])) if len(counts) else []
    names = [fmt.plain((labels or {}).get(g, str(g))) for g in groups]
    shown = [fmt.wrap(n, 14 if vertical else (22 if compact else 34)) for n in names]
    data = [_status_bar(counts, status, groups, names, shown, vertical=vertical, font=font) for status in STATUSES]
    totals = ([int(t) for t in counts.drop_duplicates("group").set_index("group")["total"].reindex(groups).fillna(0)]
              if len(counts) else [])
    lines = max((w.count("<br>") + 1 for w in shown), default=1)
    height = 470 if vertical else int((250 if compact else 210) + max(len(groups), 1) * (30 + 22 * lines))
    layout = _layout(title=fmt.wrap(title, 28) if compact else title, subtitle=subtitle, source=source,
                     example=False, height=height, font_size=font, legend="top", x_title=not vertical,
                     compact=compact, legend_rows=3 if compact else 1, labels_left=not vertical)
    layout["annotations"].extend(_total_notes(shown, totals, vertical=vertical, font=font))
    _status_axes(layout, totals, vertical=vertical, font=font)
    return _figure(data, layout)


def _status_bar(counts: pd.DataFrame, status: str, groups: list, names: list[str], shown: list[str], *,
                vertical: bool, font: int) -> dict:
    """One status's bars, one per group (zero where a group has none), in the status's colour
    and pattern, its count written inside and its name and count in the hover text."""
    part = counts[counts["status"] == status].set_index("group").reindex(groups)
    n = [int(v) for v in part["antal"].fillna(0)] if len(part) else []
    bar = {"x": shown, "y": n} if vertical else {"x": n, "y": shown, "orientation": "h"}
    return {
        "type": "bar", **bar, "name": fmt.status_label(status),
        "marker": {"color": STATUS_COLOURS[status], "line": {"color": "#3B2A73", "width": 1.2},
                   "pattern": {"shape": STATUS_PATTERNS[status], "fgcolor": "#3B2A73",
                               "fgopacity": 0.55, "size": 9, "solidity": 0.25}},
        "text": [str(v) if v else "" for v in n], "textposition": "inside", "insidetextanchor": "middle",
        "textfont": {"size": font + 1, "color": STATUS_TEXT_COLOURS[status]},
        "customdata": [[nm, v] for nm, v in zip(names, n, strict=True)],
        "hovertemplate": (f"%{{customdata[0]}}<br>{fmt.status_label(status)}: %{{customdata[1]}} åtgärder"
                          "<extra></extra>"),
    }


def _total_notes(shown: list[str], totals: list[int], *, vertical: bool, font: int) -> list[dict]:
    """Each group's total in bold at the end of its stacked bar."""
    notes = []
    for label, total in zip(shown, totals, strict=True):
        note = {"text": f"<b>{total}</b>", "showarrow": False, "font": {"size": font, "color": "#333333"},
                "xref": "x", "yref": "y"}
        if vertical:
            note.update({"x": label, "y": total, "yanchor": "bottom", "yshift": 4})
        else:
            note.update({"x": total, "y": label, "xanchor": "left", "xshift": 8})
        notes.append(note)
    return notes


def _status_axes(layout: dict, totals: list[int], *, vertical: bool, font: int) -> None:
    """The count axis in whole measures, with room for the totals; the groups in the given order
    (top to bottom when the bars lie)."""
    top = max(totals) if totals else 1
    count_axis = {"range": [0, top * 1.15 + 1], "title": {"text": "Antal åtgärder"}, "gridcolor": GRID_COLOUR,
                  "tickformat": "d", "tick0": 0, "dtick": count_step(top), "automargin": True, "zeroline": False}
    category_axis = {"ticks": "", "automargin": True, "type": "category"}
    if vertical:
        layout.update({"yaxis": count_axis, "xaxis": {**category_axis, "tickfont": {"size": font - 2}}})
    else:
        layout.update({"xaxis": count_axis, "yaxis": {**category_axis, "autorange": "reversed"}})
    layout.update({"barmode": "stack", "bargap": 0.3})
