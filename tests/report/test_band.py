"""The interval band end to end: the checkbox on Trender, the link, and the meeting pack's
PowerPoint picture and notes."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from streamlit.testing.v1 import AppTest

from dashboard.export import images, pack
from dashboard.specs import TrendSpec
from dashboard.store import Store
from tests.e2e.helpers import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def _figure(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "info") for e in getattr(at, kind))


def test_trender_checkbox_draws_the_band_and_says_the_method(store_copy):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/trender.py")
    at.run()
    at.selectbox(key="indikator").set_value("valdsbrott_per_1000").run()
    assert not at.exception
    band = at.checkbox(key="intervall")
    assert band.value is False  # off by default
    assert not any(t.get("fill") for t in _figure(at)["data"])
    band.check().run()
    assert not at.exception
    assert sum(t.get("fill") == "toself" for t in _figure(at)["data"]) == 5
    assert "Poissonintervall" in _texts(at)
    at.selectbox(key="indikator").set_value("forsorjningsstod_andel").run()
    assert "databasen har inte antalen" in _texts(at)


def test_band_is_in_the_powerpoint_picture_and_notes(built_store_path: Path):
    if not images.chromium_available():
        skip_or_fail("Chromium is missing (apt-get install -y chromium); chart images cannot be rendered")
    con = duckdb.connect(str(built_store_path), read_only=True)
    try:
        made = pack.build_pack([TrendSpec("valdsbrott_per_1000", band=True)], Store(con),
                               meeting_date=dt.date(2026, 11, 23))
    finally:
        con.close()
    assert made.pptx is not None, made.warning
    slide = list(Presentation(io.BytesIO(made.pptx)).slides)[1]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.size[0] >= 1600
    assert any(t.fill == "toself" for t in made.views[0].figure.data)  # the figure the picture was drawn from
    assert "Poissonintervall" in slide.notes_slide.notes_text_frame.text
