"""``build(spec, store) -> View``: the one way any view is made.

The page, the slideshow, the PowerPoint and the meeting pack's Excel all call ``build`` with
a spec and get the same ``View`` back: the same figure, table and key figures. Built views
are kept per data version and spec (bounded, in the store's memo), so a rerun that keeps the
choices, a slide shown twice or a pack made after looking at the slides builds nothing again.

A new view kind needs a spec class (``dashboard.specs``), a builder module here registered
in ``BUILDERS``, and a page in ``pages/`` (with its line in app.py's navigation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import formatting as fmt
from ..specs import MapSpec, MeasuresSpec, OverviewSpec, ProfileSpec, RankingSpec, Spec, ThemeSpec, TrendSpec
from ..store import Store
from .common import ViewError
from .map import build_map
from .measures import build_measures
from .model import Chart, KeyFigure, Message, TableView, View
from .overview import build_overview
from .profile import build_profile
from .ranking import build_ranking
from .theme import build_theme
from .trend import build_trend

__all__ = ["BUILDERS", "Chart", "KeyFigure", "Message", "TableView", "View", "ViewError", "build", "label",
           "sheet_names"]

BUILDERS: dict[type[Spec], Callable[..., View]] = {
    TrendSpec: build_trend,
    RankingSpec: build_ranking,
    ProfileSpec: build_profile,
    OverviewSpec: build_overview,
    MeasuresSpec: build_measures,
    ThemeSpec: build_theme,
    MapSpec: build_map,
}
SHEET_NAME_MAX = 31     # Excel's limit


def build(spec: Spec, store: Store) -> View:
    """Everything one view shows. Raises ViewError (Swedish) when it cannot be shown."""
    builder = BUILDERS.get(type(spec))
    if builder is None:
        raise ViewError("Vyn kan inte läsas.")
    return store.derived(("view", spec), lambda: builder(spec, store))


def label(spec: Spec, store: Store) -> str:
    """One line for the slideshow's list: 'Trender · Ekonomiskt bistånd · Berga, Ryd · 2015–2024'."""
    try:
        view = build(spec, store)
    except ViewError as exc:
        return f"{spec.TITLE} · kan inte visas: {exc.message}"
    return fmt.clean_text(f"{view.page} · {view.title} · {view.subtitle}")


def sheet_names(views: Sequence[View], extra: Sequence[str] = ()) -> list[str]:
    """'1 Trender Invånare i hushåll …' ≤ 31 characters, unique, no characters Excel refuses;
    cut at a word boundary so no name ends mid-word."""
    bad = set('[]:*?/\\')
    used: set[str] = {u.lower() for u in extra}
    out = []
    for i, view in enumerate(views, start=1):
        words = view.title if view.page != "Åtgärder" else "Åtgärdsstatus"
        base = "".join(ch for ch in f"{i} {view.page} {fmt.clean_text(words)}" if ch not in bad).strip()
        name = _cut(base, SHEET_NAME_MAX)
        k = 2
        while name.lower() in used:
            suffix = f" ({k})"
            name = _cut(base, SHEET_NAME_MAX - len(suffix)) + suffix
            k += 1
        used.add(name.lower())
        out.append(name)
    return out


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text.rstrip(" '")
    cut = text[:limit]
    if " " in cut and text[limit] != " ":
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" '–-")
