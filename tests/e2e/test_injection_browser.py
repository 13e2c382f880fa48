"""Imported text is data, never markup: planted tags, links, images and styles stay characters.

Every text a file brings (indicator name, unit, source, definition, area name, measure title
and comment, file and sheet names) is given markup that would act if rendered: a <style> that
turns the page red, <img> and a Markdown image pointing at a local canary server, an <a href>,
a javascript: link, a CSS @import. The test visits every page and the presentation and asserts
that the canary saw no request and that none of the planted elements exists in the DOM.
Screenshots: tests/artifacts/61_injection_*.png.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dashboard import specs as spec_codec
from dashboard.specs import MeasuresSpec, RankingSpec, TrendSpec
from loaders.importer import import_bytes
from loaders.mall import slug
from loaders.store import connect
from tests.e2e.helpers import REPO_ROOT, goto, save_screenshot, start_streamlit, wait_for_app, wait_for_plots
from tests.spreadsheets import xlsx_bytes

pytestmark = pytest.mark.e2e

# the planted indicator has no utvecklingsområde: in Ryd's profile it is in the last tab (a link
# names the district as shown, and Berga's name is planted too)
PAGES = ["/", "/trender", "/omradesprofil?omrade=Ryd&profil_uo=Inget+utvecklingsomr%C3%A5de", "/jamforelse", "/karta", "/atgarder", "/indikatorer_och_atgarder", "/data"]


class Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        Canary.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def payload(canary: str, what: str) -> str:
    return (f"{what} <style>body{{background:red !important}} @import url({canary}/css-{what});</style>"
            f"<img src={canary}/img-{what}> ![x]({canary}/md-{what}) <a href='{canary}/a-{what}'>länk</a> "
            f"[klick](javascript:alert('{what}')) <b>fet</b>")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, canary):
    from loaders.build import build_store

    db = tmp_path_factory.mktemp("injection") / "panel.duckdb"
    build_store(db)
    con = connect(db)
    try:
        book = xlsx_bytes({"Data\u202eatad": [["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa"],
                                              [payload(canary, "namn"), "Berga", 2023, "Totalt", 12,
                                               payload(canary, "enhet"), payload(canary, "kalla")],
                                              [payload(canary, "namn"), "Berga", 2024, "Totalt", 13,
                                               payload(canary, "enhet"), payload(canary, "kalla")],
                                              [payload(canary, "namn"), "Ryd", 2024, "Totalt", 14,
                                               payload(canary, "enhet"), payload(canary, "kalla")]]})
        import_bytes(con, book, "fil\nmed <b>radbrytning</b>.xlsx", who=payload(canary, "vem"))
        # texts that come from the reference files and the register, planted where they are kept
        con.execute("UPDATE indicators SET definition = ? WHERE indicator_id = 'forsorjningsstod_andel'",
                    [payload(canary, "definition")])
        con.execute("UPDATE indicators SET source = ? WHERE indicator_id = 'meritvarde_ak9'", [payload(canary, "kalla2")])
        con.execute("UPDATE areas SET name = ? WHERE code = '0580-BER'", [payload(canary, "omrade")])
        con.execute("UPDATE measures SET title = ? WHERE measure_id = '1.1'", [payload(canary, "atgard")])
        con.execute("UPDATE measure_followups SET comment = ? WHERE measure_id = '1.2'", [payload(canary, "kommentar")])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    env = {**os.environ, "INDIKATORPANEL_DB": str(db)}
    server = start_streamlit(Path("app.py"), REPO_ROOT, env, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()


PLANTED = """(canary) => {
  const found = [];
  for (const el of document.querySelectorAll('style')) if (el.textContent.includes(canary)) found.push('style');
  for (const el of document.querySelectorAll('[src],[href]')) {
    const v = el.getAttribute('src') || el.getAttribute('href') || '';
    if (v.includes(canary) || v.trim().toLowerCase().startsWith('javascript:')) {
      const holder = el.closest('[data-testid]');
      found.push(el.tagName + ' ' + v.slice(0, 60) + ' in ' + (holder ? holder.getAttribute('data-testid') : '?')
                 + ': ' + (el.parentElement ? el.parentElement.outerHTML.slice(0, 300) : ''));
    }
  }
  for (const el of document.querySelectorAll('b')) if (el.textContent === 'fet') found.push('b');
  const bg = getComputedStyle(document.body).backgroundColor;
  if (bg === 'rgb(255, 0, 0)') found.push('red page');
  return found;
}"""


def test_planted_markup_stays_text_on_every_page_and_slide(browser, hostile_server, canary):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.app_server, page.page_errors = hostile_server, []
    slides = spec_codec.encode([TrendSpec("forsorjningsstod_andel"), RankingSpec("forsorjningsstod_andel"),
                                MeasuresSpec(), TrendSpec(slug(payload(canary, "namn")))])
    try:
        for path in PAGES + [f"/presentation?bildspel={slides}"]:
            goto(page, hostile_server.url, path)
            if path not in ("/data",):
                wait_for_plots(page)
            wait_for_app(page)
            assert page.evaluate(PLANTED, canary.split("//")[1]) == [], path
            if path.startswith("/omradesprofil"):  # the planted indicator's own panel is drawn there
                titles = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
                    .flatMap(el => [(el.layout && el.layout.title && el.layout.title.text) || '',
                                    ...((el.layout && el.layout.annotations) || []).map(a => a.text || '')])""")
                assert any("namn" in title and "style" in title for title in titles), titles
        save_screenshot(page, "61_injection_presentation")
        goto(page, hostile_server.url, "/atgarder")
        wait_for_plots(page)
        assert page.get_by_text("<style>", exact=False).count() > 0  # shown as the characters it is
        save_screenshot(page, "61_injection_atgarder")
        goto(page, hostile_server.url, "/data")
        page.get_by_role("tab", name="Importlogg").click()
        wait_for_app(page)
        log = page.locator("[data-testid='stMain']").inner_text()
        assert "\u202e" not in log and "fil\nmed" not in log
        assert page.evaluate(PLANTED, canary.split("//")[1]) == []
    finally:
        context.close()
    assert Canary.hits == []
