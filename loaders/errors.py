"""What can go wrong, worded in Swedish for the person who met it.

Every error a user can see is a ``PanelError``: a Swedish title and message, so the app,
the command line and the meeting pack show it the same way without knowing its kind. The
subclasses say *what* went wrong (a bad file, a busy store, a refused undo, a missing
right), so callers catch exactly what they can handle.

Loaders collect every problem they can find in one pass instead of stopping at the first,
because a strategist fixing a spreadsheet wants the whole list, not one error per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One error or warning, located as precisely as the source allows."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "fel"  # "fel" blocks the import, "varning" does not

    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(f"filen «{self.file}»")
        if self.sheet:
            parts.append(f"blad «{self.sheet}»")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolumn «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        label = "Fel" if self.severity == "fel" else "Varning"
        return f"{label} i {where}: {self.message}" if where else f"{label}: {self.message}"


class PanelError(Exception):
    """Base of every error a user may see: a Swedish title and a Swedish message."""

    title = "Något gick fel"

    def __init__(self, message: str, *, title: str | None = None):
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def summary(self) -> str:
        return self.message


class StoreBusy(PanelError):
    """The store is held by another program, or another write is under way."""

    title = "Databasen är upptagen"


class UndoRefused(PanelError):
    """An undo that would overwrite newer data, or of an import already undone."""

    title = "Importen kan inte ångras"


class NotAllowed(PanelError):
    """A write without the editor role."""

    title = "Behörighet saknas"


class ImportFailed(PanelError):
    """Raised when a file cannot be imported; carries the blocking problems found (at most
    MAX_PROBLEMS of them) and how many there were in all."""

    title = "Filen kan inte importeras"

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = [p for p in problems if p.severity == "fel"] or problems
        self.total = max(total or 0, len(self.problems))
        super().__init__(self.summary())

    def summary(self) -> str:
        first = str(self.problems[0])
        more = self.total - 1
        return first if more <= 0 else f"{first} (och {more} fel till)"


@dataclass
class ProblemList:
    """Collects problems while a loader walks a file; raises once at the end.

    Errors and warnings are capped separately and every error is counted even when its
    message is not kept: a file with many harmless warnings must never push a later error out
    of the list, or the bad row would be skipped and the import would succeed silently.
    """

    file: str
    sheet: str | None = None
    items: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"fel": 0, "varning": 0})

    def error(self, message: str, *, row: int | None = None, column: str | None = None,
              sheet: str | None = None) -> None:
        self._add(message, row, column, sheet, "fel")

    def warning(self, message: str, *, row: int | None = None, column: str | None = None,
                sheet: str | None = None) -> None:
        self._add(message, row, column, sheet, "varning")

    def has_room(self, severity: str) -> bool:
        """Whether a message of this severity would still be kept (building some is costly)."""
        return self.counts[severity] < MAX_PROBLEMS

    def count(self, severity: str, n: int = 1) -> None:
        """Count problems whose messages are not kept because the list is full."""
        self.counts[severity] += n

    def _add(self, message: str, row: int | None, column: str | None, sheet: str | None,
             severity: str) -> None:
        self.counts[severity] += 1
        if self.counts[severity] > MAX_PROBLEMS:
            return
        sheet, column = _text_or_none(sheet), _text_or_none(column)  # frames carry pd.NA
        self.items.append(Problem(message, self.file, sheet if sheet is not None else self.sheet,
                                  row, column, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "fel"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "varning"]

    def raise_if_errors(self) -> None:
        if self.counts["fel"]:
            raise ImportFailed(self.items, total=self.counts["fel"])


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def fail(message: str, *, file: str | None = None, sheet: str | None = None,
         row: int | None = None, column: str | None = None) -> ImportFailed:
    """Build a single-problem failure, for errors that end reading at once."""
    return ImportFailed([Problem(message, file, sheet, row, column)])
