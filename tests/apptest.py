"""The Data and Administration pages in Streamlit's AppTest, opened the way a user does: the
app first (its navigation and store), then the page; with secrets (an editor password) and a
signed-in user where a test needs them. An editor unlocks on the Data page and then finds
the Administration page in the navigation; a viewer's navigation has no such page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.ui.administration import GROUP_KEY

ROOT = Path(__file__).resolve().parents[1]
DATA = "pages/data.py"
ADMINISTRATION = "pages/administration.py"


def data_page(secrets: dict | None = None, user: dict | None = None, timeout: int = 90) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run()
    at.switch_page(DATA)
    return at.run()


def unlock(at: AppTest, password: str = "hemligt") -> AppTest:
    """Type the editor password into the Data page's form and unlock (or fail to)."""
    at.text_input[0].input(password)
    at.button[0].click().run()
    return at


def administration(at: AppTest, group: str | None = None) -> AppTest:
    """Go to the Administration page in the same session (an editor's navigation has it),
    on one of its groups (``dashboard.ui.administration.GROUPS``: hamta, uppfoljning,
    omraden, drift); without ``group`` the page opens on its first."""
    at.switch_page(ADMINISTRATION).run()
    if group is not None:
        at.segmented_control(key=GROUP_KEY).set_value(group).run()
    return at


def back_to_data(at: AppTest) -> AppTest:
    """Back to the Data page in the same session (for the import log and its undo)."""
    return at.switch_page(DATA).run()


def panel_alone(module: str, function: str, timeout: int = 60) -> AppTest:
    """One panel of ``dashboard.ui`` run on its own, as a viewer: the guard inside the panel,
    which no viewer reaches through the pages any more, still holds."""
    at = AppTest.from_string(f"from dashboard.ui import {module}\n{module}.{function}()\n", default_timeout=timeout)
    return at.run()
