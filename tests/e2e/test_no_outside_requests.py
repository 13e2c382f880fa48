"""Nothing leaves the kommun's network: every request the browser makes goes to the app itself.

The browser's every request is recorded (not blocked: a blocked request would still have been
attempted): every page, the presentation with a slide, the chart's PNG download, and the
meeting pack's PowerPoint and Excel. Only the app's own origin may appear. Screenshot:
tests/artifacts/60_no_outside_requests.png.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, TrendSpec
from tests.e2e.helpers import download_meeting_pack, goto, save_screenshot, wait_for_plots

pytestmark = pytest.mark.e2e

PAGES = ["/", "/trender", "/omradesprofil", "/jamforelse", "/karta", "/atgarder", "/indikatorer_och_atgarder",
         "/data", "/presentation"]


def test_no_page_slide_or_export_calls_an_outside_host(page, app_url):
    own = urlparse(app_url).netloc
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    for path in PAGES:
        goto(page, app_url, path)
        if path not in ("/data", "/presentation"):
            wait_for_plots(page)
    slides = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), MeasuresSpec()])
    goto(page, app_url, f"/presentation?bildspel={slides}")
    wait_for_plots(page)
    # the PNG from the chart's own toolbar (drawn in the browser)
    plot = page.locator("[data-testid='stMain'] .js-plotly-plot").first
    plot.hover()
    with page.expect_download() as png:
        page.locator(".modebar-btn[data-title*='(PNG)']").first.click()   # the toolbar speaks Swedish
    assert png.value.suggested_filename.endswith(".png")
    # the meeting pack: PowerPoint (chart images drawn on the server) and Excel
    download_meeting_pack(page)
    with page.expect_download() as xlsx:
        page.get_by_role("button", name="Ladda ner Excel (tabellerna bakom bilderna)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    save_screenshot(page, "60_no_outside_requests")
    outside = sorted({u for u in seen if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).netloc != own})
    assert len(seen) > 50, "the recorder saw the app's own requests"
    assert outside == [], outside


def test_the_favicon_is_the_apps_own(page, app_url):
    goto(page, app_url, "/")
    icon = page.locator("link[rel~='icon']").first.get_attribute("href")
    assert icon and (icon.startswith("/") or urlparse(icon).netloc == urlparse(app_url).netloc
                     or icon.startswith("data:")), icon
