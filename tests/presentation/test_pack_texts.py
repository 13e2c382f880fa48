"""Every text on the meeting pack's slides, read back with python-pptx and held against the
view it came from: the title, the subtitle, the key figures and the footer.

The chart images are left out (a renderer that returns none), so this runs without Chromium:
the texts are what the slide is read by, and a garbled one went unnoticed once (issue 28).
"""

from __future__ import annotations

import io

from pptx import Presentation

from dashboard.export import pack as meeting
from dashboard.figures.layout import swedish_date
from tests.presentation.conftest import MEETING_DATE, SPECS

FOOTER = f"Indikatorpanelen · Linköpings kommun · SMS-gruppen {swedish_date(MEETING_DATE)}"


def _no_images(figures, progress=None) -> list[None]:
    return [None] * len(figures)


def _paragraphs(slide, name: str) -> list[str]:
    shape = next(s for s in slide.shapes if s.name == name)
    return [p.text for p in shape.text_frame.paragraphs]


def _deck(panel):
    made = meeting.build_pack(SPECS, panel, meeting_date=MEETING_DATE, renderer=_no_images)
    assert made.pptx is not None, made.warning
    return made, list(Presentation(io.BytesIO(made.pptx)).slides)


def test_every_view_slide_says_what_its_view_says(panel):
    made, slides = _deck(panel)
    total = len(slides)
    assert total == 1 + len(made.views) + 1
    for number, (slide, view) in enumerate(zip(slides[1:-1], made.views, strict=True), start=2):
        assert _paragraphs(slide, "Rubrik") == [view.title, view.subtitle]
        expected = ["Nyckeltal"]
        for key in view.key_figures:
            expected += [key.heading, key.value, *key.lines]
        assert _paragraphs(slide, "Nyckeltal") == expected
        suffix = " · EXEMPELDATA – påhittade värden" if view.example else ""
        assert _paragraphs(slide, "Sidfot") == [FOOTER + suffix]
        assert _paragraphs(slide, "Sidnummer") == [f"{number} / {total}"]


def test_the_status_slide_reads_round_count_and_the_key_of_symbols(panel):
    _, slides = _deck(panel)
    slide = slides[-1]
    # the bundled register is the real 2021 follow-up: 60 measures
    assert _paragraphs(slide, "Rubrik") == [
        "Åtgärdernas status per utvecklingsområde",
        "Uppföljning 2021 · 60 åtgärder · ✔ genomförd · ➜ pågår · ✖ ej genomförd"]
    assert _paragraphs(slide, "Sidfot") == [FOOTER]
    assert _paragraphs(slide, "Sidnummer") == [f"{len(slides)} / {len(slides)}"]
    status = meeting.status_summary(panel)
    assert _paragraphs(slide, "Rubrik")[1] == status.subtitle
    # the slideshow shows the same Åtgärder view: its chart carries the same line
    assert status.charts[0].figure.layout.title.subtitle.text.startswith(status.subtitle)


def test_the_subtitle_of_a_filtered_round_says_so():
    from dashboard.views.measures import status_subtitle

    assert status_subtitle(2022, 7, filtered=True) == (
        "Uppföljning 2022 · 7 åtgärder · ✔ genomförd · ➜ pågår · ✖ ej genomförd · urval enligt filter")
