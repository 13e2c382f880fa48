"""One build call per view: for every view kind, the page, the presentation's slide (for the
kinds a page can add to the slideshow) and the meeting pack's PowerPoint get the same figure
from ``dashboard.views.build(spec, store)``.

The page is run as a user opens it (AppTest on app.py, default choices); the spec the page
built is taken from a spy on ``build``. The slide is that spec in the presentation, and the
PowerPoint is the meeting pack of it with a renderer that keeps the figures it is handed.
"""

from __future__ import annotations

import io
import json

import plotly.io as pio
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import dashboard.views
from dashboard import specs as spec_codec
from dashboard.export import pack as meeting
from dashboard.specs import (MapSpec, MeasuresSpec, OverviewSpec, ProfileSpec, RankingSpec, ThemeSpec,
                             TrendSpec)
from tests.presentation.conftest import MEETING_DATE, ROOT

PAGES = {
    "pages/trender.py": TrendSpec,
    "pages/jamforelse.py": RankingSpec,
    "pages/omradesprofil.py": ProfileSpec,
    "pages/oversikt.py": OverviewSpec,
    "pages/atgarder.py": MeasuresSpec,
    "pages/indikatorer_och_atgarder.py": ThemeSpec,
    "pages/karta.py": MapSpec,
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(out, format="PNG")
    return out.getvalue()


def _figure_json(figure) -> dict:
    return json.loads(pio.to_json(figure, validate=False))


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _title(chart: dict) -> str:
    return chart["layout"]["title"]["text"]


@pytest.fixture
def spy(monkeypatch):
    """Every (spec, view, store) the pages build in this process."""
    built: list = []
    real = dashboard.views.build

    def build(spec, store):
        view = real(spec, store)
        built.append((spec, view, store))
        return view

    monkeypatch.setattr(dashboard.views, "build", build)
    return built


def _run(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("page", "kind"), list(PAGES.items()), ids=[k.__name__ for k in PAGES.values()])
def test_page_slide_and_powerpoint_get_the_same_figure_from_one_build(app_store_path, monkeypatch, spy,
                                                                       page, kind):
    monkeypatch.setenv("INDIKATORPANEL_DB", str(app_store_path))
    at = _run(page)
    spec, view, store = [b for b in spy if isinstance(b[0], kind)][-1]
    assert view.figure is not None, f"{kind.__name__} has no chart to compare"
    expected = _figure_json(view.figure)
    if kind in (ProfileSpec, ThemeSpec):
        # the page draws an utvecklingsområde's panels as one grid figure made from the same
        # view's panels (dashboard/figures/multiples.py): the first panel's lines are in it as
        # they are, on the grid's first axes
        made = view.extra["by_section"].chart(0) if kind is ProfileSpec else view.extra["grid"]
        grid = _figure_json(made.figure)
        assert _charts(at)[0]["data"] == grid["data"]
        moved = [{k: v for k, v in t.items() if k not in ("xaxis", "yaxis", "showlegend")} for t in grid["data"]]
        for trace in expected["data"]:
            assert {k: v for k, v in trace.items() if k not in ("xaxis", "yaxis", "showlegend")} in moved
    else:
        on_page = next(c for c in _charts(at) if _title(c) == expected["layout"]["title"]["text"])
        assert on_page["data"] == expected["data"]

    if kind.KIND in spec_codec.SLIDE_KINDS:  # the kinds whose pages have «Lägg till i bildspel»
        slide = _run("pages/presentation.py", bildspel=spec_codec.encode([spec]))
        on_slide = _charts(slide)[0]
        assert on_slide["data"] == expected["data"]
        assert _title(on_slide) == expected["layout"]["title"]["text"]

    handed: list = []

    def renderer(figs, progress=None):
        handed.extend(figs)
        return [_png() for _ in figs]

    made = meeting.build_pack([spec], store, meeting_date=MEETING_DATE, renderer=renderer)
    assert made.pptx is not None and made.views[0] is dashboard.views.build(spec, store)
    assert _figure_json(handed[0])["data"] == expected["data"]
