"""Many sessions at once while an editor imports (issue 6 A).

20 viewer sessions (Playwright contexts in one headless Chromium, loopback only) click
through Översikt → Trender → Jämförelse → Åtgärder in their own sessions, again and again,
while a 21st session – an editor – imports a file on the Administration page that changes one value
shown on three of those pages: Skäggetorp's "Invånare i hushåll med ekonomiskt bistånd" 2024,
18,0 % in data/ and 27,3 % in the imported file.

The import goes through the app because the app keeps the DuckDB file open for writing, so
``python -m loaders import`` in another process cannot write while the app runs (it stops
with "databasen används av ett annat program"); the app's own writers queue on
``loaders.store.WRITE_LOCK``.

Asserted for every page visit of every session:

* no Streamlit exception (``stException``), no error alert, no Streamlit error dialog;
* the value shown is the old (18,0) or the new (27,3), never anything else – and a visit
  that ended before the editor clicked "Bekräfta import" shows the old value, a visit that
  began after the app confirmed the import shows the new one;
* every session sees the new value after the import (caches follow the import), and some
  visits overlap the import.

The sessions are opened a few at a time, then all start clicking together; the editor
confirms once they are all busy. The Playwright async API runs in its own thread (the
session-scoped sync Playwright of the other e2e tests owns the main thread's event loop).
Every wait is bounded (``STEP_MS`` per step, ``TOTAL_TIMEOUT_S`` in all). The browser is
the cost: about 120 page visits, each 1–5 s of Chromium CPU depending on contention, so the
test takes 2–4 minutes on 2 cores.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard.auth import hash_password
from tests.e2e.helpers import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, IDLE_JS, REPO_ROOT,
                               STEP_TIMEOUT_MS, start_streamlit)
from tests.spreadsheets import xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.heavy]  # a step of its own in CI (pytest.ini)

VIEWERS = 20
IMPORT_AFTER_VISITS = VIEWERS // 2  # the editor confirms once all sessions are open and this
                                    # many more visits are done
TOTAL_TIMEOUT_S = 420      # hard bound for the whole browser part; it takes 2–4 minutes on
                           # 2 cores (21 Chromium renderers need about 1–5 s CPU per visit)
POLL_MS = 200              # polling interval of in-page waits (not an assertion)
STEP_MS = 2 * STEP_TIMEOUT_MS  # bound for one step of a visit: 21 sessions share 2 cores
OPENING_AT_ONCE = 4        # sessions loading the app's scripts at the same time (start-up only)

INDICATOR = "Invånare i hushåll med ekonomiskt bistånd"
DISTRICT = "Skäggetorp"
YEAR = 2024
OLD, NEW = 18.0, 27.3
UPLOAD = xlsx_bytes({"Data": [["Indikator", "Område", "År", "Kön", "Värde"],
                              [INDICATOR, DISTRICT, YEAR, "Totalt", NEW]]})

# (navigation title, heading the page shows, JS returning the chosen value's text or null)
OVERSIKT_JS = """([indicator]) => {
  const m = [...document.querySelectorAll("[data-testid='stMain'] .ip-kort-rad")]
    .find(e => (e.querySelector('.ip-kort-namn') || {innerText: ''}).innerText.trim().startsWith(indicator + ' ('));
  const v = m && m.querySelector('.ip-kort-varde');
  return v ? v.innerText : null;
}"""
TRENDER_JS = """([district, year]) => {
  const el = document.querySelector("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot");
  if (!el || !Array.isArray(el.data) || !el._fullLayout) return null;
  const t = el.data.find(t => t.name === district);
  if (!t) return null;
  const i = [...t.x].findIndex(x => Number(x) === year);
  return i < 0 ? null : String(t.y[i]);
}"""
JAMFORELSE_JS = r"""([district]) => {
  const el = document.querySelector("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot");
  if (!el || !Array.isArray(el.data) || !el._fullLayout) return null;
  const t = el.data.find(t => t.name === 'Områden');
  if (!t) return null;
  // labels are "10. Skäggetorp", priority districts in <b>…</b>
  const i = [...t.y].findIndex(y => String(y).replace(/<[^>]*>/g, '').replace(/^\s*\d+\.\s*/, '')
                                    .trim() === district);
  return i < 0 ? null : String(t.x[i]);
}"""
PAGES = [
    ("Trender", "Trender", TRENDER_JS, [DISTRICT, YEAR]),
    ("Jämförelse", "Jämförelse", JAMFORELSE_JS, [DISTRICT]),
    ("Åtgärder", "Åtgärder", None, None),
    ("Översikt", f"Översikt – {DISTRICT}", OVERSIKT_JS, [INDICATOR]),
]

VALUE_PAGES = {title for title, _, js, _ in PAGES if js}

PROBLEMS_JS = """() => {
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.innerText.trim());
  const dialogs = [...document.querySelectorAll("[role='dialog']")].map(e => e.innerText.trim())
    .filter(t => /Page not found|Connection error|Bad message format/.test(t));
  return {exceptions: texts("[data-testid='stException']"),
          errors: texts("[data-testid='stAlertContentError']"), dialogs};
}"""


def number(text: str) -> float | None:
    """'18,0 %' / '18.0' -> 18.0 (None if there is no number)."""
    match = re.search(r"-?\d+(?:[.,]\d+)?", text.replace("\u00a0", " ").replace("\u2212", "-"))
    return round(float(match.group().replace(",", ".")), 1) if match else None


@dataclass
class Visit:
    session: int
    page: str
    start: float
    end: float = 0.0
    text: str | None = None
    value: float | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Run:
    visits: list[Visit] = field(default_factory=list)
    import_click: float | None = None
    import_done: float | None = None
    import_message: str = ""
    page_errors: list[str] = field(default_factory=list)
    shot: Path | None = None
    opened: int = 0
    broken: int = 0
    timed_out: bool = False
    visits_when_all_open: int = 0


@pytest.fixture
def editor_app(built_store_path: Path, tmp_path: Path):
    """The app on a private copy of the store built from data/, with an editor password."""
    db_path = tmp_path / "samtidigt.duckdb"
    shutil.copy(built_store_path, db_path)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'editor_password_hash = "{hash_password("hemligt", iterations=1000)}"\n')
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT,
                             {**os.environ, "INDIKATORPANEL_DB": str(db_path)},
                             tmp_path / "streamlit.log",
                             extra_args=("--secrets.files", str(secrets)))
    yield server
    server.stop()


# ------------------------------------------------------------------------------ the browser part


async def wait_idle(page) -> None:
    await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=STEP_MS)


async def problems(page) -> list[str]:
    found = await page.evaluate(PROBLEMS_JS)
    return ([f"Exception: {t}" for t in found["exceptions"]]
            + [f"Felruta: {t}" for t in found["errors"]]
            + [f"Dialog: {t}" for t in found["dialogs"]])


async def visit(page, session: int, title: str, heading: str, value_js: str | None,
                value_arg, *, navigate: bool = True) -> Visit:
    """Open ``title`` inside the session (sidebar link), wait until it is done, read the value."""
    v = Visit(session=session, page=title, start=time.monotonic())
    step = "start"
    try:
        if navigate:
            step = "click the sidebar link"
            link = page.get_by_test_id("stSidebarNavLink").filter(
                has=page.get_by_text(title, exact=True))
            await link.click(timeout=STEP_MS)
        step = f"wait for the heading {heading!r}"
        await page.get_by_test_id("stMain").get_by_role("heading", level=1).filter(
            has_text=re.compile(rf"^\s*{re.escape(heading)}\s*$")).first.wait_for(timeout=STEP_MS)
        step = "wait until the run is over"
        await wait_idle(page)
        v.problems = await problems(page)
        if value_js and not v.problems:
            step = "wait for the value"
            handle = await page.wait_for_function(value_js, arg=value_arg, polling=POLL_MS,
                                                  timeout=STEP_MS)
            v.text = await handle.json_value()
            v.value = number(v.text or "")
            step = "wait until the run is over (after the value)"
            await wait_idle(page)
            v.problems = await problems(page)
    except Exception as exc:  # noqa: BLE001 - recorded and reported with the session and page
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        v.problems.append(f"{type(exc).__name__} at '{step}': {first_line}")
        try:  # what the page shows explains a timeout best
            v.problems += await problems(page)
        except Exception:  # noqa: BLE001, S110 - the page may be gone; the timeout is reported
            pass
    v.end = time.monotonic()
    return v


class SessionBroken(Exception):
    """A session saw a problem: it stops (the problem is recorded in its visit)."""


def record(visits: list[Visit], v: Visit) -> None:
    visits.append(v)
    if v.problems:
        raise SessionBroken(f"session {v.session}, {v.page}: {v.problems[0]}")


async def viewer(browser, url: str, session: int, run: Run, opening: asyncio.Semaphore,
                 all_open: asyncio.Event, started: asyncio.Event, imported: asyncio.Event) -> None:
    """Open the app; when all sessions are open, visit page after page until the import is
    done and both Översikt and Trender have been visited since."""
    context = await browser.new_context(viewport={"width": 1200, "height": 800}, locale="sv-SE")
    context.set_default_timeout(STEP_MS)
    try:
        page = await context.new_page()
        page.on("pageerror", lambda exc: run.page_errors.append(f"session {session}: {exc}"))
        # 21 fresh contexts fetching and compiling Streamlit's scripts at once is a start-up
        # storm, not the concurrency under test: open the sessions a few at a time …
        async with opening:
            await page.goto(url + "/", wait_until="domcontentloaded", timeout=STEP_MS)
            title, heading, js, arg = PAGES[-1]
            record(run.visits, await visit(page, session, title, heading, js, arg, navigate=False))
        run.opened += 1
        if run.opened == VIEWERS:
            run.visits_when_all_open = len(run.visits)
            all_open.set()
        # … and start clicking together
        await all_open.wait()
        done, after_import = 0, set()
        while done < len(PAGES) or not imported.is_set() or (
                run.import_done is not None and not after_import & VALUE_PAGES):
            title, heading, js, arg = PAGES[(session + done) % len(PAGES)]  # different orders
            v = await visit(page, session, title, heading, js, arg)
            record(run.visits, v)
            if run.import_done is not None and v.start > run.import_done:
                after_import.add(title)
            done += 1
            if len(run.visits) - run.visits_when_all_open >= IMPORT_AFTER_VISITS:
                started.set()
        if session == 0:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            run.shot = ARTIFACTS / "40_samtidighet_efter_import.png"
            await page.screenshot(path=str(run.shot), timeout=STEP_TIMEOUT_MS)
    except SessionBroken:
        run.broken += 1
        all_open.set()  # the test fails anyway: let the others and the editor finish soon
        started.set()
        if run.broken == 1:  # one picture of the first broken page
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            try:
                await page.screenshot(path=str(ARTIFACTS / "FAILED_samtidighet.png"),
                                      timeout=STEP_TIMEOUT_MS)
            except Exception:  # noqa: BLE001, S110 - best effort; the problem is recorded
                pass
    finally:
        await context.close()


async def editor(browser, url: str, run: Run, opening: asyncio.Semaphore,
                 started: asyncio.Event, imported: asyncio.Event, upload: Path) -> None:
    context = await browser.new_context(viewport={"width": 1200, "height": 800}, locale="sv-SE")
    context.set_default_timeout(STEP_MS)
    try:
        page = await context.new_page()
        page.on("pageerror", lambda exc: run.page_errors.append(f"editor: {exc}"))
        async with opening:
            await page.goto(url + "/data", wait_until="domcontentloaded", timeout=STEP_MS)
            await wait_idle(page)
        await page.get_by_label("Redaktörslösenord").fill("hemligt")
        await page.get_by_role("button", name="Lås upp redigering").click()
        await page.get_by_text("Du är redaktör", exact=False).wait_for(timeout=STEP_MS)
        await wait_idle(page)
        # the import is on the Administration page, which the menu offers an editor once unlocked
        await page.get_by_test_id("stSidebarNavLink").filter(
            has=page.get_by_text("Administration", exact=True)).click()
        await page.get_by_role("radiogroup", name="Del av administrationen").wait_for(timeout=STEP_MS)
        await wait_idle(page)
        await page.locator("input[type=file]").set_input_files(str(upload))
        confirm = page.get_by_role("button", name="Bekräfta import")
        await confirm.wait_for(timeout=STEP_MS)
        await wait_idle(page)
        changed = await page.get_by_test_id("stMetric").filter(has_text="Ändrade värden").inner_text()
        assert number(changed.split("\n")[-1]) == 1, f"the preview should change one value: {changed!r}"
        await asyncio.wait_for(started.wait(), timeout=TOTAL_TIMEOUT_S)
        run.import_click = time.monotonic()
        await confirm.click()
        message = page.get_by_text("importerad (import", exact=False)
        await message.wait_for(timeout=STEP_MS)
        run.import_done = time.monotonic()
        run.import_message = await message.inner_text()
        imported.set()
    finally:
        imported.set()  # never leave the viewers waiting, even if the import failed
        await context.close()


async def drive(url: str, upload: Path) -> Run:
    from playwright.async_api import async_playwright

    run = Run()
    all_open, started, imported = asyncio.Event(), asyncio.Event(), asyncio.Event()
    opening = asyncio.Semaphore(OPENING_AT_ONCE)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                           args=CHROMIUM_ARGS, timeout=STEP_TIMEOUT_MS)
        try:
            tasks = [editor(browser, url, run, opening, started, imported, upload)]
            tasks += [viewer(browser, url, i, run, opening, all_open, started, imported)
                      for i in range(VIEWERS)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=TOTAL_TIMEOUT_S)
        except asyncio.TimeoutError:
            run.timed_out = True
        finally:
            await browser.close()
    return run


def run_in_thread(url: str, upload: Path) -> Run:
    """asyncio.run in a thread of its own (the main thread may hold the sync Playwright)."""
    result: dict = {}

    def target() -> None:
        try:
            result["run"] = asyncio.run(drive(url, upload))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=target, name="concurrent-sessions", daemon=True)
    thread.start()
    thread.join(TOTAL_TIMEOUT_S + 90)
    if thread.is_alive():
        pytest.fail(f"the browser sessions did not finish within {TOTAL_TIMEOUT_S + 90} s",
                    pytrace=False)
    if "error" in result:
        raise result["error"]
    return result["run"]


# ------------------------------------------------------------------------------ the test


def test_twenty_sessions_click_through_pages_while_an_editor_imports(editor_app, tmp_path):
    upload = tmp_path / "nytt_varde_skaggetorp.xlsx"
    upload.write_bytes(UPLOAD)
    t0 = time.monotonic()
    run = run_in_thread(editor_app.url, upload)
    elapsed = time.monotonic() - t0

    def where(v: Visit) -> str:
        return f"session {v.session}, {v.page}, {v.start - t0:.1f}–{v.end - t0:.1f} s after start"

    log = editor_app.log_tail(4000)
    broken = [f"{where(v)}: {p}" for v in run.visits for p in v.problems]
    if run.timed_out:
        per_session = {i: sum(v.session == i for v in run.visits) for i in range(VIEWERS)}
        pytest.fail(f"not done within {TOTAL_TIMEOUT_S} s: {run.opened} of {VIEWERS} sessions open, "
                    f"{len(run.visits)} visits done (per session {per_session}), import "
                    f"{'confirmed' if run.import_done else 'not confirmed'}; problems:\n"
                    + "\n".join(broken[:20]) + f"\n--- server output ---\n{log}", pytrace=False)
    assert not broken, (f"{len(broken)} problem(s) in {len(run.visits)} page visits:\n"
                        + "\n".join(broken[:40]) + f"\n--- server output ---\n{log}")
    assert run.import_click is not None and run.import_done is not None, (
        f"the editor's import did not complete\n--- server output ---\n{log}")
    assert "Traceback" not in log, f"the server logged an exception:\n{log}"

    # every value read is the old or the new one …
    read = [v for v in run.visits if v.page != "Åtgärder"]
    other = [f"{where(v)}: {v.text!r}" for v in read if v.value not in (OLD, NEW)]
    assert not other, "values other than the old (18,0) or the new (27,3):\n" + "\n".join(other)
    # … the old one before the editor clicked, the new one once the app had confirmed
    early = [f"{where(v)}: {v.text!r}" for v in read if v.end < run.import_click and v.value != OLD]
    assert not early, ("visits that ended before the import was confirmed showed the new value:\n"
                       + "\n".join(early))
    stale = [f"{where(v)}: {v.text!r}" for v in read if v.start > run.import_done and v.value != NEW]
    assert not stale, (f"the import was confirmed {run.import_done - t0:.1f} s after start; "
                       "visits begun after that still showed the old value:\n" + "\n".join(stale))

    # the sessions really overlapped the import, and every session saw the new value at the end
    during = [v for v in run.visits if v.start < run.import_done and v.end > run.import_click]
    assert during, "no page visit overlapped the import"
    assert any(v.value == OLD for v in run.visits) and any(v.value == NEW for v in run.visits)
    for session in range(VIEWERS):
        seen = {v.page for v in read if v.session == session and v.start > run.import_done}
        assert seen & VALUE_PAGES, f"session {session} saw no value page after the import"
        assert {v.page for v in read if v.session == session} >= VALUE_PAGES, session
    assert run.shot is not None and run.shot.is_file()

    # JavaScript errors in the pages are reported, not fatal
    busy = sorted(v.end - v.start for v in run.visits[VIEWERS:])  # after the openings
    print(f"\n{len(run.visits)} page visits in {VIEWERS} sessions + 1 editor, {elapsed:.0f} s "
          f"(a visit took {busy[len(busy) // 2]:.1f} s median, {busy[-1]:.1f} s at most); "
          f"import confirmed {run.import_click - t0:.1f}–{run.import_done - t0:.1f} s, "
          f"{len(during)} visits overlapped it; {run.import_message!r}; "
          f"{len(run.page_errors)} JavaScript page error(s)"
          + (": " + "; ".join(run.page_errors[:5]) if run.page_errors else ""))
