"""The Data page in Streamlit's AppTest, opened the way a user does: the app first (its
navigation and store), then the page; with secrets (an editor password) and a signed-in user
where a test needs them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def data_page(secrets: dict | None = None, user: dict | None = None, timeout: int = 90) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run()
    at.switch_page("pages/data.py")
    return at.run()
