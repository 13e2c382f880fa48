"""Meeting mode in a real browser: add two views with the pages' buttons, present them.

Screenshots: tests/artifacts/20_presentation_1.png, 21_presentation_2.png,
22_presentation_ordna.png.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboard import specs as spec_codec
from dashboard.specs import RankingSpec, Spec, TrendSpec
from tests.e2e.helpers import eventually, goto, save_screenshot, sidebar, wait_for_app, wait_for_plots

pytestmark = pytest.mark.e2e


def bildspel(page) -> list[Spec]:
    values = parse_qs(urlparse(page.url).query).get("bildspel", [""])
    return spec_codec.decode(values[0])


def chart_title(page) -> str:
    return page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot").first.evaluate(
        "el => (el.layout && el.layout.title && el.layout.title.text) || ''")


def open_in_menu(page, title: str) -> None:
    sidebar(page).get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    wait_for_app(page)


def add_to_slideshow(page, expected: list[type]) -> None:
    """Click «Lägg till i bildspel» until the list in the URL is ``expected``. Under heavy load
    a click can land while a rerun replaces the button and is lost; adding the view that is
    already last changes nothing, so a second click is safe."""
    for attempt in range(3):
        page.get_by_role("button", name="Lägg till i bildspel").click()
        wait_for_app(page)
        try:
            eventually(lambda: [type(s) for s in bildspel(page)], expected, "bildspelet i adressen",
                       timeout_ms=15_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_build_a_list_and_present_it(page, app_url):
    goto(page, app_url, "/trender")
    wait_for_plots(page)
    add_to_slideshow(page, [TrendSpec])
    # the SVG button sits next to the camera in the chart's toolbar
    page.locator("[data-testid='stMain'] .js-plotly-plot").first.hover()
    expect(page.locator("[data-ip-svg]").first).to_be_attached()

    open_in_menu(page, "Jämförelse")
    wait_for_plots(page)
    add_to_slideshow(page, [TrendSpec, RankingSpec])

    open_in_menu(page, "Presentation")
    wait_for_plots(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_text(re.compile(r"Bild\s*1\s*av\s*2"))).to_be_visible()
    eventually(lambda: chart_title(page), lambda t: "Invånare i hushåll med ekonomiskt bistånd" in t, "diagrammets rubrik")
    expect(page.get_by_text("Nyckeltal")).to_be_visible()
    save_screenshot(page, "20_presentation_1")

    page.get_by_role("button", name="Nästa").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Bild\s*2\s*av\s*2"))).to_be_visible()
    wait_for_plots(page)
    eventually(lambda: chart_title(page), lambda t: "stadsdelarna rangordnade" in t, "diagrammets rubrik")
    save_screenshot(page, "21_presentation_2")

    # the list survives a reload (it is in the URL; Streamlit may or may not keep the session,
    # so the slide shown may be either)
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    wait_for_plots(page)
    expect(page.get_by_text(re.compile(r"Bild\s*[12]\s*av\s*2"))).to_be_visible()
    eventually(lambda: [type(s) for s in bildspel(page)], [TrendSpec, RankingSpec], "bildspelet i adressen")
    # … and a copied link opens it in a new session (a new tab), at the first slide
    other = page.context.new_page()
    other.app_server, other.page_errors = page.app_server, []
    other.goto(page.url, wait_until="domcontentloaded")
    wait_for_app(other)
    wait_for_plots(other)
    expect(other.get_by_text(re.compile(r"Bild\s*1\s*av\s*2"))).to_be_visible()
    other.close()

    page.get_by_text("Ordna och ladda ner", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Bildspelet (2 bilder)")).to_be_visible()
    save_screenshot(page, "22_presentation_ordna")
