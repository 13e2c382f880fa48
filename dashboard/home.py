"""Which kommun this run, page or export is for: the store's home kommun, named in every text.

The kommun is the store's (``loaders.home``), and a chart is built deep below the view that
knows the store, so the home kommun travels as a context variable: set for each page run
(``dashboard.ui.database.this_run``) and around every export made outside a page (the report,
the meeting pack). Code that runs outside both says plain «Indikatorpanelen» and «kommunen».
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from loaders.domain import DEVELOPMENT_AREAS
from loaders.home import Home

_HOME: ContextVar[Home | None] = ContextVar("home", default=None)


def producer() -> str:
    """«Indikatorpanelen, Motala kommun»: the line every chart, slide and file is signed with."""
    home = _HOME.get()
    return home.producer if home is not None else "Indikatorpanelen"


def home_name(default: str = "kommunen") -> str:
    """The home kommun's name («Motala kommun») where a text names it."""
    home = _HOME.get()
    return home.name if home is not None else default


def development_areas() -> dict[int, str]:
    """The plan's development areas as the home kommun names them (defaults outside a run)."""
    home = _HOME.get()
    return home.development_areas if home is not None else dict(DEVELOPMENT_AREAS)


@contextmanager
def producing(home: Home) -> Iterator[None]:
    """Within the block, charts, files and texts name ``home`` as the kommun they are for."""
    token = _HOME.set(home)
    try:
        yield
    finally:
        _HOME.reset(token)
