"""Any kommun in a real browser: a store set up with ``python -m loaders init --kommun 0583``
(Motala, districts from the SCB stand-in's codelist) is walked page by page. Every page and
every chart names Motala and never Linköping, Berga, Ryd or Skäggetorp."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import (REPO_ROOT, STEP_TIMEOUT_MS, goto, open_page, save_screenshot, start_streamlit,
                               wait_for_app)
from tests.scb_server import ScbServer

pytestmark = pytest.mark.e2e

LINKOPING = re.compile(r"Linköping|Berga|Skäggetorp|\bRyd\b")
PAGES = ("Översikt", "Trender", "Områdesprofil", "Jämförelse", "Karta", "Åtgärder", "Indikatorer och åtgärder",
         "Presentation", "Data")
# Everything a chart says: the names in its legend, titles, axis titles, and its annotations (source and
# date lines). The map of Sweden names every kommun in its hover texts, Linköping as any other: not shown.
CHART_TEXTS_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot")].flatMap(el => {
    const lay = el.layout || {};
    const title = t => (t && (typeof t === 'string' ? t : t.text)) || '';
    const out = (el.data || []).filter(t => t.showlegend !== false).map(t => t.name == null ? '' : String(t.name));
    out.push(title(lay.title), title(lay.title && lay.title.subtitle));
    for (const k of Object.keys(lay)) if (/^[xy]axis/.test(k)) out.push(title(lay[k].title));
    for (const a of lay.annotations || []) out.push(a.text || '');
    return out.filter(Boolean);
})"""


@pytest.fixture
def motala_server(tmp_path):
    db = tmp_path / "motala.duckdb"
    scb = ScbServer()
    try:
        env = {**os.environ, "INDIKATORPANEL_SCB_URL": scb.url, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
        made = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "init", "--kommun", "0583"],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert made.returncode == 0, made.stderr
        assert "9 stadsdelar" in made.stdout
    finally:
        scb.close()
    server = start_streamlit(Path("app.py"), REPO_ROOT, {**os.environ, "INDIKATORPANEL_DB": str(db)},
                             tmp_path / "streamlit.log")
    yield server
    server.stop()


def test_every_page_names_motala_and_nothing_of_linkoping(browser, motala_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.app_server = motala_server
    page.page_errors = []
    try:
        goto(page, motala_server.url, "/")
        named_motala = []
        for title in PAGES:
            open_page(page, title)
            wait_for_app(page)
            page.wait_for_timeout(300)  # charts draw after the run is over
            wait_for_app(page, STEP_TIMEOUT_MS)
            texts = [page.inner_text("[data-testid='stMain']"), *page.evaluate(CHART_TEXTS_JS),
                     page.inner_text("[data-testid='stSidebar']")]
            found = [t[max(0, m.start() - 60):m.end() + 40] for t in texts for m in [LINKOPING.search(t)] if m]
            assert not found, f"{title}: {found}"
            if any("Motala" in t for t in texts):
                named_motala.append(title)
            save_screenshot(page, f"85_motala_{title.lower().replace(' ', '_')}")
        # every page says whose panel it is (the sidebar), and the charts name the kommun's line
        assert named_motala == list(PAGES), named_motala
    finally:
        context.close()
