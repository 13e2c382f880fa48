"""End-to-end harness: the real app (``streamlit run app.py``) on a real DuckDB store, driven
by a real browser (Playwright with Debian's /usr/bin/chromium; never ``playwright install``).

* ``e2e_store``   builds a fresh store from the bundled data/ (session).
* ``app_server``  ``streamlit run app.py`` on a free 127.0.0.1 port with INDIKATORPANEL_DB
                  pointing at that store; waits for /_stcore/health == "ok" (60 s), fails with
                  the server output if it dies; terminated (then killed) at the end.
* ``browser``     headless chromium (session).
* ``page``        a new context per test (1600x1000, downloads allowed, sv-SE); a failing
                  test leaves ``tests/artifacts/FAILED_<test>.png``.

Without /usr/bin/chromium (or the playwright package) the tests are skipped locally but FAIL
when the environment variable CI is set, so CI never skips the browser tests silently.
The helpers (``wait_for_app``, ``save_screenshot``, widget helpers) live in
``tests/e2e/helpers.py`` and are re-exported here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import (  # noqa: F401 - re-exported for the tests
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    STEP_TIMEOUT_MS,
    AppServer,
    _safe_name,
    check_no_exception,
    goto,
    save_screenshot,
    skip_or_fail,
    start_streamlit,
    wait_for_app,
)


@pytest.fixture(scope="session", autouse=True)
def require_browser_prerequisites() -> None:
    """Skip (locally) or fail (CI) before anything is built or started."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (Debian package chromium); the browser tests "
                     "cannot run")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        skip_or_fail(f"the playwright Python package is missing: {exc}")
    from playwright.sync_api import expect

    expect.set_options(timeout=STEP_TIMEOUT_MS)


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from loaders.build import build_store

    db_path = tmp_path_factory.mktemp("e2e") / "panel.duckdb"
    build_store(db_path)
    assert db_path.is_file(), f"build_store did not create {db_path}"
    return db_path


@pytest.fixture(scope="session")
def app_server(e2e_store: Path, tmp_path_factory: pytest.TempPathFactory):
    if not (REPO_ROOT / "app.py").is_file():
        pytest.fail(f"{REPO_ROOT / 'app.py'} does not exist", pytrace=False)
    log_path = tmp_path_factory.mktemp("streamlit-log") / "streamlit.log"
    env = {**os.environ, "INDIKATORPANEL_DB": str(e2e_store)}
    server = start_streamlit(Path("app.py"), REPO_ROOT, env, log_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        timeout=STEP_TIMEOUT_MS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture
def page(browser, app_server: AppServer, request: pytest.FixtureRequest):
    context = browser.new_context(viewport={"width": 1600, "height": 1000},
                                  accept_downloads=True, locale="sv-SE")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
    pg = context.new_page()
    pg.app_server = app_server  # helpers put the server log into failure messages
    pg.page_errors = []
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        try:
            save_screenshot(pg, "FAILED_" + _safe_name(request.node.name))
        except Exception:  # noqa: BLE001 - best effort; the test has already failed
            pass
    context.close()


@pytest.fixture
def editor_server(tmp_path):
    """The app on a store of its own with an editor password «hemligt» (``helpers.unlock``),
    for tests that write: the session-wide store stays as built."""
    from dashboard.auth import hash_password
    from loaders.build import build_store

    db_path = tmp_path / "redaktor.duckdb"
    build_store(db_path)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'editor_password_hash = "{hash_password("hemligt", iterations=1000)}"\n')
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, {**os.environ, "INDIKATORPANEL_DB": str(db_path)},
                             tmp_path / "streamlit.log", extra_args=("--secrets.files", str(secrets)))
    server.db_path = db_path
    yield server
    server.stop()

