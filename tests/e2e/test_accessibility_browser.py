"""WCAG 2.1 AA in a real browser: axe-core (4.12, shipped by axe-playwright-python) over every
page and the states a user reaches: the slideshow with slides, another of Områdesprofil's tabs,
and the editor's Administration page in each of its groups. Zero violations of the WCAG 2.0/2.1
A and AA rules are required; a finding fails with the rule, its impact and the elements.

A control page with an unnamed image proves the check can fail."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, TrendSpec
from tests.e2e.helpers import STEP_TIMEOUT_MS, goto, open_administration, save_screenshot, unlock, wait_for_app
from tests.e2e.test_no_outside_requests import PAGES

pytestmark = pytest.mark.e2e

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
GROUPS = ("Hämta data", "Uppföljning", "Områden och grupper", "Drift")


def violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=WCAG_AA).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(
        f"{n['target']} {_detail(n)}" for n in v["nodes"][:5]) for v in found]


def _detail(node: dict) -> str:
    """What axe measured (e.g. the colours and the contrast ratio), to fix the right thing."""
    data = next((c.get("data") for c in node.get("any", []) if c.get("data")), None)
    return str(data)[:200] if data else ""


def report(found: dict[str, list[str]]) -> None:
    bad = {where: lines for where, lines in found.items() if lines}
    assert not bad, "WCAG 2.1 A/AA violations (axe-core):\n" + "\n".join(
        f"{where}: {line}" for where, lines in bad.items() for line in lines)


# Nothing drawn as stale (Streamlit fades the previous run's elements while a rerun runs) and no
# finite transition under way: axe measured a fading banner's text once (contrast 1,52).
STILL_JS = """() => !document.querySelector('[data-stale="true"]')
    && document.getAnimations().every(a => a.playState !== 'running'
        || (a.effect && a.effect.getComputedTiming().iterations === Infinity))"""


def settled(page) -> None:
    wait_for_app(page)
    page.wait_for_timeout(300)  # a rerun that a click starts has begun by now
    wait_for_app(page)
    page.wait_for_function(STILL_JS, timeout=STEP_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready")


def test_every_page_and_the_presentation_have_no_wcag_violations(page, app_url):
    found: dict[str, list[str]] = {}
    for path in PAGES:
        goto(page, app_url, path)
        settled(page)
        found[path] = violations(page)
    slides = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), MeasuresSpec()])
    goto(page, app_url, f"/presentation?bildspel={slides}")
    settled(page)
    expect(page.get_by_role("button", name="Nästa")).to_be_visible(timeout=STEP_TIMEOUT_MS)
    found["/presentation (bildspel)"] = violations(page)
    goto(page, app_url, "/omradesprofil")
    settled(page)
    page.get_by_role("tab").nth(2).click()
    settled(page)
    found["/omradesprofil (flik 3)"] = violations(page)
    save_screenshot(page, "90_tillganglighet_omradesprofil")
    report(found)


def test_the_editors_administration_page_has_no_wcag_violations(browser, editor_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.app_server = editor_server
    page.page_errors = []
    found: dict[str, list[str]] = {}
    try:
        goto(page, editor_server.url, "/data")
        found["/data (inloggning)"] = violations(page)
        unlock(page)
        found["/data (redaktör)"] = violations(page)
        for group in GROUPS:
            open_administration(page, group)
            settled(page)
            found[f"/administration ({group})"] = violations(page)
        save_screenshot(page, "91_tillganglighet_administration")
    finally:
        context.close()
    report(found)


def test_the_check_finds_an_image_without_a_text_alternative(page, app_url):
    goto(page, app_url, "/")
    settled(page)
    page.evaluate("() => { const i = document.createElement('img'); i.src = '/favicon.png'; "
                  "document.querySelector('[data-testid=stMain]').appendChild(i); }")
    assert any(v.startswith("image-alt") for v in violations(page))
