"""How a command that imports tells its outcome: Swedish lines on stderr and exit 2 when nothing
was written, the summary line on stdout and exit 0 when it was. Shared by ``python -m loaders``
and its fetching commands (kolada, scb), so every command says it the same way."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .errors import ImportFailed, PanelError
from .store import ImportSummary

SHOWN_PROBLEMS = 25


def failed(exc: PanelError, *, unchanged: bool = True) -> int:
    """Print why nothing was written; 2, the exit code of a refused command."""
    if isinstance(exc, ImportFailed):
        for problem in exc.problems[:SHOWN_PROBLEMS]:
            print(problem, file=sys.stderr)
        if exc.total > SHOWN_PROBLEMS:
            print(f"… och {exc.total - SHOWN_PROBLEMS} fel till.", file=sys.stderr)
    else:
        print(f"{exc.title}: {exc.message}", file=sys.stderr)
    if unchanged:
        print("Inget har ändrats i databasen.", file=sys.stderr)
    return 2


def imported(summary: ImportSummary, warnings: Sequence[object]) -> int:
    """Print the warnings, the summary line and what else the user should know; 0."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(summary.line())
    for line in summary.more():
        print(line, file=sys.stderr)
    return 0
