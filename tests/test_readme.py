"""The README's two commands are what a new user runs; CI must prove exactly the second."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Två kommandon", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S)]


def test_readme_gives_exactly_two_commands_install_and_start_then_install_and_test() -> None:
    app, tests = _commands()
    assert app.startswith("pip install -r requirements.txt") and app.endswith("streamlit run app.py")
    assert tests.startswith("pip install") and tests.endswith("python -m pytest")
    # Chromium is needed by the meeting pack's chart images and by the browser tests
    assert "scripts/install_chromium.sh" in app and "scripts/install_chromium.sh" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = _commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))]
    assert tests in commands


def test_every_requirement_is_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned"
