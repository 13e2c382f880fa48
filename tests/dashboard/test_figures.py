"""Figure builders: what a projector audience sees, checked on the figure objects."""

from __future__ import annotations

import json
import math

import pytest

from dashboard.catalogue import profile_panels
from dashboard.figures import bars, layout, lines, multiples
from dashboard.measures import status_counts
from dashboard.series import trend_series
from dashboard.store import Store
from dashboard.views.ranking import ranking_rows, reference_values

SKA, BER, RYD, TKT, KOMMUN, RIKET = "0580-SKA", "0580-BER", "0580-RYD", "0580-TKT", "0580", "00"


@pytest.fixture(scope="module")
def styles(con):
    return layout.area_styles(Store(con).areas())


@pytest.fixture(scope="module")
def meta(con):
    return Store(con).indicator("forsorjningsstod_andel")


def _trend(con, styles, meta, *, areas=(BER, RYD, SKA, KOMMUN, RIKET), sexes=("totalt",), view="values",
           measure="difference", facet=False):
    obs = Store(con).observations("forsorjningsstod_andel", list(areas), 2012, 2024, list(sexes))
    series = trend_series(obs, view=view, measure=measure, kommun_code=KOMMUN)
    return series, lines.trend_figure(series, meta, styles=styles, view=view, measure=measure,
                                        years=(2012, 2024), sex=sexes[0], facet_sex=facet,
                                        district_names=["Berga", "Ryd", "Skäggetorp"], example=True)


def _trace(fig, name):
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, f"{name!r}: {[t.name for t in fig.data]}"
    return matches[0]


def test_trend_figure_speaks_swedish_numbers_and_whole_years(con, styles, meta):
    _, fig = _trend(con, styles, meta)
    assert fig.layout.separators == ", "
    assert fig.layout.xaxis.tickformat == "d"
    assert fig.layout.yaxis.title.text == "Andel (%)"
    assert fig.layout.font.size >= 16
    assert "Invånare i hushåll med ekonomiskt bistånd" in fig.layout.title.text
    assert "EXEMPELDATA" in fig.layout.title.subtitle.text
    sources = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.text.startswith("Källa:")]
    assert sources == [("Källa: Linköpings kommun, socialförvaltningen · EXEMPELDATA – påhittade värden, "
                       "inte verklig statistik")]
    hover = _trace(fig, "Berga").customdata[-1][1]
    assert hover == "9,0\u00a0%"


def test_districts_solid_kommun_dashed_riket_dotted_in_fixed_colours(con, styles, meta):
    _, fig = _trend(con, styles, meta)
    assert [t.name for t in fig.data] == ["Berga", "Ryd", "Skäggetorp", "Linköpings kommun", "Riket"]
    # the priority districts take the priority colours in display order: Berga, Ryd, Skäggetorp
    assert _trace(fig, "Berga").line.color == layout.PRIORITY_COLOURS[0]
    assert _trace(fig, "Skäggetorp").line.color == layout.PRIORITY_COLOURS[2]
    assert {t.line.dash for t in fig.data[:3]} == {"solid"}
    assert _trace(fig, "Linköpings kommun").line.dash == "dash"
    assert _trace(fig, "Riket").line.dash == "dot"
    assert _trace(fig, "Linköpings kommun").line.color != _trace(fig, "Riket").line.color


def test_same_district_same_colour_on_every_figure(con, styles, meta):
    _, trend = _trend(con, styles, meta)
    ranked = Store(con).ranking("forsorjningsstod_andel", 2024)
    rows = ranking_rows(ranked, "lägre")
    ranking = bars.ranking_figure(rows, meta, styles=styles, year=2024, sex="totalt",
                                     references=reference_values(ranked), example=True)
    bar = ranking.data[0]
    colour_by_label = dict(zip(bar.y, bar.marker.color, strict=True))
    for name in ("Berga", "Ryd", "Skäggetorp"):
        label = next(lbl for lbl in colour_by_label if name in lbl)
        assert colour_by_label[label] == _trace(trend, name).line.color
    panels = profile_panels(Store(con).profile(RYD), Store(con).indicators(), RYD, (2012, 2024))
    meta_p, obs = panels[0]
    small = lines.small_multiple(trend_series(obs), meta_p, styles=styles, example=True)
    assert _trace(small, "Ryd").line.color == layout.PRIORITY_COLOURS[1]
    assert _trace(small, "Kommunen").line.dash == "dash"


def test_suppressed_values_are_gaps_with_a_marker_never_zero(con, styles, meta):
    series, fig = _trend(con, styles, meta, areas=(BER, TKT, KOMMUN), sexes=("kvinnor",))
    line = _trace(fig, "Tornby-Kallerstad")
    by_year = dict(zip(line.x, line.y, strict=True))
    assert by_year[2013] is None or math.isnan(by_year[2013])
    assert by_year[2014] > 0
    marker = _trace(fig, "Tornby-Kallerstad – uppgift saknas")
    assert list(marker.x) == [2013, 2016]
    assert marker.marker.symbol == "circle-open"
    assert marker.yaxis != line.yaxis  # drawn in the strip under the plot, not at y = 0
    assert "prickat" in marker.customdata[0][1]
    assert any(t.name == "uppgift saknas" for t in fig.data)  # explained in the legend


def test_gap_view_draws_the_kommun_as_the_zero_line(con, styles, meta):
    _, fig = _trend(con, styles, meta, view="gap")
    assert set(_trace(fig, "Linköpings kommun").y) == {0}
    assert "skillnad mot kommunen" in fig.layout.title.text.replace("<br>", " ")
    assert fig.layout.yaxis.title.text == "Skillnad mot kommunen (procentenheter)"
    _, ratio = _trend(con, styles, meta, view="gap", measure="ratio")
    assert set(_trace(ratio, "Linköpings kommun").y) == {1}
    assert ratio.layout.yaxis.title.text == "Kvot (kommunen = 1)"


def test_women_and_men_side_by_side(con, styles, meta):
    _, fig = _trend(con, styles, meta, sexes=("kvinnor", "män"), facet=True)
    titles = {a.text for a in fig.layout.annotations}
    assert {"Kvinnor", "Män"} <= titles
    bergas = [t for t in fig.data if t.name == "Berga"]
    assert len(bergas) == 2 and sum(bool(t.showlegend) for t in bergas) == 1


def test_ranking_marks_priority_districts_and_references(con, styles, meta):
    ranked = Store(con).ranking("forsorjningsstod_andel", 2024)
    rows = ranking_rows(ranked, "lägre")
    fig = bars.ranking_figure(rows, meta, styles=styles, year=2024, sex="totalt",
                                 references=reference_values(ranked), example=True)
    bar = fig.data[0]
    assert bar.y[0].startswith("1. ")
    assert "<b>10. Skäggetorp</b>" in bar.y
    assert layout.OTHER_BAR_COLOUR in bar.marker.color
    legend = [t.name for t in fig.data[1:]]
    assert legend == ["Linköpings kommun 3,1\u00a0%", "Riket 3,6\u00a0%"]
    dashes = {s.line.dash for s in fig.layout.shapes}
    assert dashes == {"dash", "dot"}


def test_ranking_writes_missing_values_as_text_not_as_zero_bars(con, styles):
    meta = Store(con).indicator("meritvarde_ak9")
    ranked = Store(con).ranking("meritvarde_ak9", 2024, "kvinnor")
    rows = ranking_rows(ranked, "högre")
    fig = bars.ranking_figure(rows, meta, styles=styles, year=2024, sex="kvinnor",
                                 references=reference_values(ranked), example=True)
    assert fig.data[0].x[-1] is None
    assert any(a.text.startswith("..") and "prickat" in a.text for a in fig.layout.annotations)


def test_status_figure_never_colour_alone(con):
    counts = status_counts(Store(con).measures(2021), "development_area")
    fig = bars.status_figure(counts, title="Status per utvecklingsområde", source="Uppföljning 2021")
    assert [t.name for t in fig.data] == ["✔ Genomförd", "➜ Pågår", "✖ Ej genomförd"]
    assert len({t.marker.pattern.shape for t in fig.data}) == 3
    done = fig.data[0]
    assert list(done.text) == ["6", "3", "3", "", ""]  # zero segments carry no label
    totals = [a.text for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert totals == ["<b>16</b>", "<b>13</b>", "<b>9</b>", "<b>12</b>", "<b>10</b>"]
    assert fig.layout.barmode == "stack"


def test_chart_config_downloads_a_named_full_hd_png():
    config = layout.chart_config("trend_forsorjningsstod_andel")
    assert config["toImageButtonOptions"] == {"format": "png", "width": 1920, "height": 1080, "scale": 1,
                                              "filename": "trend_forsorjningsstod_andel"}


def test_chart_config_saves_a_figure_taller_than_a_slide_as_drawn():
    options = layout.chart_config("profil_skaggetorp", height=2400)["toImageButtonOptions"]
    assert options == {"format": "png", "width": None, "height": None, "scale": 2, "filename": "profil_skaggetorp"}
    assert layout.chart_config("x", height=1000)["toImageButtonOptions"]["height"] == 1080


def test_small_multiples_grid_keeps_every_panel_in_its_own_cell(con, styles):
    """Områdesprofil's grid: each panel's lines on axes of its own, inside its cell and never
    over another's; its title above the cell; the legend once for the whole grid; the export
    date once; a panel with gaps keeps its «saknas» strip on its own axes."""
    store = Store(con)
    panels = profile_panels(store.profile(TKT), store.indicators(), TKT, (2012, 2024))
    figures = [lines.small_multiple(trend_series(obs), m, styles=styles, example=False) for m, obs in panels]
    grid = multiples.small_multiples(figures, columns=2)
    layout_ = grid.to_plotly_json()["layout"]
    assert sum(len(f.data) for f in figures) == len(grid.data)
    axes = {k: v for k, v in layout_.items() if k.startswith(("xaxis", "yaxis"))}
    assert len(axes) == sum(sum(1 for k in f.to_plotly_json()["layout"] if k.startswith(("xaxis", "yaxis")))
                            for f in figures)
    for trace in grid.data:  # every trace sits on axes that exist
        assert ("xaxis" + trace.xaxis[1:]) in axes and ("yaxis" + trace.yaxis[1:]) in axes
    boxes = []
    for key, axis in axes.items():
        assert 0 <= axis["domain"][0] < axis["domain"][1] <= 1, key
    for n in range(1, len(axes) // 2 + 1):
        x, y = axes[f"xaxis{'' if n == 1 else n}"]["domain"], axes[f"yaxis{'' if n == 1 else n}"]["domain"]
        boxes.append((x, y))
    main = [b for i, b in enumerate(boxes) if grid.data and any(
        t.xaxis == ("x" if i == 0 else f"x{i + 1}") and t.mode == "lines+markers" for t in grid.data)]
    for i, (x1, y1) in enumerate(main):
        for x2, y2 in main[i + 1:]:
            assert x1[1] <= x2[0] or x2[1] <= x1[0] or y1[1] <= y2[0] or y2[1] <= y1[0], "panels overlap"
    titles = [a["text"] for a in layout_["annotations"] if a["text"].startswith("<b>")]
    assert len(titles) == len(figures)
    for title, figure in zip(titles, figures, strict=True):  # the panel's title, its subtitle under it
        own = figure.layout.title
        assert title.startswith(own.text + "<br>") and title.endswith(own.subtitle.text + "</span>")
    assert sum(1 for a in layout_["annotations"] if a.get("name") == "exportdatum") == 1
    shown = [t.name for t in grid.data if t.showlegend is not False]
    assert len(shown) == len(set(shown)) and "Kommunen" in shown
    assert layout_["height"] > 400 * math.ceil(len(figures) / 2)


def test_every_kind_of_figure_passes_plotly_validation_and_is_the_same_without(con, styles, meta, monkeypatch):
    # the app skips Plotly's validation for speed (layout.VALIDATE); here it is on, so a
    # misspelt or out-of-range property fails, and the unvalidated figure must be identical
    def build_all() -> list:
        out = []
        for view, measure, sexes, facet in (("values", "difference", ("totalt",), False),
                                            ("gap", "difference", ("totalt",), False),
                                            ("gap", "ratio", ("totalt",), False),
                                            ("index", "difference", ("totalt",), False),
                                            ("values", "difference", ("kvinnor", "män"), True)):
            out.append(_trend(con, styles, meta, areas=(BER, TKT, SKA, KOMMUN, RIKET), sexes=sexes, view=view,
                              measure=measure, facet=facet)[1])
        panels = profile_panels(Store(con).profile(TKT), Store(con).indicators(), TKT, (2012, 2024))
        out += [lines.small_multiple(trend_series(obs), m, styles=styles, example=True) for m, obs in panels]
        out.append(multiples.small_multiples(out[-len(panels):], columns=2))
        for indicator, direction, sex in (("forsorjningsstod_andel", "lägre", "totalt"),
                                          ("meritvarde_ak9", "högre", "kvinnor")):
            ranked = Store(con).ranking(indicator, 2024, sex)
            out.append(bars.ranking_figure(ranking_rows(ranked, direction),
                                              Store(con).indicator(indicator),
                                              styles=styles, year=2024, sex=sex,
                                              references=reference_values(ranked), example=True))
        counts = status_counts(Store(con).measures(2021), "development_area")
        out += [bars.status_figure(counts, title="Status", source="Uppföljning 2021", vertical=vertical,
                                      compact=compact) for vertical in (False, True) for compact in (False, True)]
        return out

    monkeypatch.setattr(layout, "VALIDATE", True)
    validated = [json.loads(fig.to_json()) for fig in build_all()]
    monkeypatch.setattr(layout, "VALIDATE", False)
    unvalidated = [json.loads(fig.to_json()) for fig in build_all()]
    assert len(unvalidated) == len(validated) > 10
    for fast, checked in zip(unvalidated, validated, strict=True):
        assert fast == checked


def test_ranking_value_labels_sit_on_a_white_box_over_the_reference_lines(con, styles, meta):
    ranked = Store(con).ranking("forsorjningsstod_andel", 2024)
    rows = ranking_rows(ranked, "lägre")
    fig = bars.ranking_figure(rows, meta, styles=styles, year=2024, sex="totalt",
                                 references=reference_values(ranked), example=True)
    labels = [a for a in fig.layout.annotations if a.name == "värde"]
    assert [a.y for a in labels] == list(fig.data[0].y)  # one per bar, in bar order
    assert labels[0].text == "1,1\u00a0%" and labels[0].x == fig.data[0].x[0]
    assert all(a.bgcolor and a.bgcolor.startswith("rgba(255,255,255") for a in labels)
