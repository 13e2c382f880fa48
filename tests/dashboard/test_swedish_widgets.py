"""What Streamlit lets us say in Swedish is said in Swedish, in every page and panel, and the
tables and slides keep what they show whole (issue 26). The browser test
(tests/e2e/test_screens_browser.py) sees the pages; this one reads the code, so a new
widget without its Swedish placeholder fails here at once, also on the editors' panels that
the browser test does not walk."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard import textwidth
from dashboard.ui import render

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard" / "ui").glob("*.py")])


def _calls(names: set[str]):
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
                yield path.relative_to(ROOT), node


def _keywords(node: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in node.keywords if k.arg}


def test_every_list_choice_has_a_swedish_placeholder_and_no_select_all() -> None:
    """Without ``placeholder`` Streamlit writes «Choose an option»; a multiselect's list starts
    with «Select all» unless ``select_all=False``."""
    missing = []
    for path, node in _calls({"selectbox", "multiselect"}):
        keywords = _keywords(node)
        if "placeholder" not in keywords:
            missing.append(f"{path}:{node.lineno} {node.func.attr} utan placeholder")
        if node.func.attr == "multiselect" and not (isinstance(keywords.get("select_all"), ast.Constant)
                                                   and keywords["select_all"].value is False):
            missing.append(f"{path}:{node.lineno} multiselect utan select_all=False")
    assert missing == []


def test_headings_have_no_english_link() -> None:
    """A heading's link icon is named «Link to heading»; ``anchor=False`` leaves it out."""
    linked = [f"{path}:{node.lineno}" for path, node in _calls({"title", "header", "subheader"})
              if isinstance(node.func.value, ast.Name) and node.func.value.id == "st" and node.args
              and not (isinstance(_keywords(node).get("anchor"), ast.Constant) and _keywords(node)["anchor"].value is False)]
    assert linked == []


def test_the_app_style_sheet_takes_away_streamlits_english_only_toolbars() -> None:
    css = (ROOT / "dashboard" / "ui" / "app.css").read_text(encoding="utf-8")
    assert '.modebar-btn[data-title="Fullscreen"]' in css
    assert '[data-testid="stDataFrame"] [data-testid="stElementToolbar"]' in css


# What Chromium measures for these texts in the data grid's font (Source Sans 400, 14,875 px).
BROWSER_PX = {"Jämförbara kommuner": 143.6, "Prioriterat område": 114.6, "Förändring sedan första året": 174.9,
              "3. Utbildning för att barn och vuxna ska nå sin fulla potential": 371.4}


@pytest.mark.parametrize("text", list(BROWSER_PX))
def test_the_grid_font_widths_are_the_browsers_or_a_little_more(text) -> None:
    assert BROWSER_PX[text] <= textwidth.text_px(text) <= BROWSER_PX[text] * 1.03 + 1


@pytest.mark.parametrize(("header", "width"), [("Prioriterat område", 112), ("Förändring sedan första året", 128)])
def test_a_column_is_never_narrower_than_its_header(header, width) -> None:
    widened = render.header_wide({header: {"width": width}, "Rang": {"width": 64}, "Namn": {}})
    assert widened[header]["width"] >= BROWSER_PX[header] + 18  # the grid's header font and padding
    assert widened["Rang"] == {"width": 64} and widened["Namn"] == {}
    shortened = render.header_wide({header: {"width": 64, "label": "Kort"}})
    assert shortened[header]["width"] == 64  # a shorter screen header is what must fit


def _figure(lines: int) -> go.Figure:
    figure = go.Figure([go.Scatter(x=[2020, 2021], y=[i, i + 1], name=f"Område {i}") for i in range(lines)]
                       + [go.Scatter(x=[2020], y=[0], name="osäkert", showlegend=False)])
    figure.update_layout(margin={"t": 120}, legend={"orientation": "v", "x": 1.02}, font={"size": 18})
    return figure


def test_a_slide_with_many_lines_puts_the_legend_above_the_plot_in_rows() -> None:
    few, many = _figure(render.LEGEND_BESIDE_MAX), _figure(13)
    render.legend_in_rows(few)
    assert few.layout.legend.orientation == "v" and few.layout.margin.t == 120
    render.legend_in_rows(many)
    assert many.layout.legend.orientation == "h" and many.layout.legend.entrywidthmode == "fraction"
    rows = -(-13 // render.LEGEND_PER_ROW)
    assert many.layout.margin.t >= 120 + rows * 18 * 1.4  # room for every row above the plot
