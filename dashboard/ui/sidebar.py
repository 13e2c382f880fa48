"""The sidebar's choices, shared by the pages that ask the same question.

Every widget is bound to the URL (``bind="query-params"``) under the parameter name its
spec uses (``dashboard.specs``), so the address is the view: a copied link opens the same
choices. Options come from the store: the home kommun's districts, the indicators with
values, the years any indicator has.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from loaders.domain import SEXES

from .. import formatting as fmt
from ..store import Store
from ..views import common


def _target(container):
    return container or st.sidebar


def _options(frame, key: str) -> tuple[list[str], dict[str, str]]:
    """A choice's options (codes, what the URL and the spec hold) and the name shown for each."""
    return list(frame[key]), dict(zip(frame[key], frame["name"], strict=True))


def area_select(store: Store, *, container=None) -> str:
    """Selectbox «Område»: one district, default the store's default district."""
    codes, names = _options(store.districts(), "code")
    if not codes:  # a panel set up without the network: say how districts come, not a traceback
        st.info(common.NO_DISTRICTS)
        st.stop()
    default = common.district_or_default(store, "")
    return _target(container).selectbox(
        "Område", codes, index=codes.index(default) if default in codes else 0,
        format_func=lambda c: names.get(c, c), key="omrade", bind="query-params",
        help="Stadsdelen som sidan visar. Kommunen och riket visas alltid som jämförelse.", placeholder="Välj …")


def areas_multiselect(store: Store, *, container=None) -> list[str]:
    """Multiselect «Områden»: default the priority districts."""
    codes, names = _options(store.districts(), "code")
    return _target(container).multiselect(
        "Områden", codes, default=common.priority_districts(store),
        format_func=lambda c: names.get(c, c), key="omraden", bind="query-params", placeholder="Välj områden",
        help="Områdena som ritas som heldragna linjer. Kommunen (streckad) och riket (prickad) visas alltid.",
        select_all=False)


def indicator_select(store: Store, *, container=None) -> str:
    """Selectbox «Indikator»: default invånare i hushåll med ekonomiskt bistånd."""
    ids, names = _options(store.indicators(), "indicator_id")
    default = common.indicator_or_default(store, "")
    return _target(container).selectbox(
        "Indikator", ids, index=ids.index(default), format_func=lambda i: fmt.clean_text(names.get(i, i)),
        key="indikator", bind="query-params", placeholder="Välj …")


def year_slider(store: Store, *, container=None) -> tuple[int, ...]:
    """Slider «År»: a year range within the years any indicator has; () means all years."""
    lo, hi = common.year_bounds(store)
    if lo >= hi:
        return ()
    a, b = _target(container).slider(
        "År", min_value=lo, max_value=hi, value=(lo, hi), step=1, key="ar", bind="query-params",
        format="%d", help="Åren som diagram och tabeller visar.")
    return () if (int(a), int(b)) == (lo, hi) else (int(a), int(b))


def sex_radio(*, container=None, available: bool = True, both: bool = False) -> str:
    """Radio «Kön». Without a split for the indicator it says so and gives 'totalt'; when the
    page shows women and men side by side (``both``) it is disabled and says that instead."""
    target = _target(container)
    choice = target.radio("Kön", SEXES, format_func=fmt.sex_label, key="kon", bind="query-params",
                          horizontal=True, disabled=both)
    if both:
        target.caption("Kvinnor och män visas var för sig i diagrammet.")
        return "totalt"
    if choice != "totalt" and not available:
        target.caption("Indikatorn finns inte uppdelad på kön – visar totalt.")
        return "totalt"
    return choice


def group_select(store: Store, *, container=None) -> str:
    """Selectbox «Jämförelsegrupp»: the store's default group, another, or none ('ingen')."""
    groups = store.groups()
    options = list(groups["group_id"]) + ["ingen"]
    names = dict(zip(groups["group_id"], groups["name"], strict=True)) | {"ingen": "Ingen jämförelsegrupp"}
    default, _ = common.group_or_default(store, "")
    return _target(container).selectbox(
        "Jämförelsegrupp", options, index=options.index(default) if default in options else len(options) - 1,
        format_func=lambda g: fmt.clean_text(names.get(g, g)), key="grupp", bind="query-params",
        help="Kommunerna vars ovägda medelvärde ritas som tredje referenslinje (streckprickad). Grupperna "
             "redigeras av redaktörerna på sidan Administration.", placeholder="Välj …")


def round_select(rounds: Sequence[int], *, container=None) -> int:
    """Selectbox «Uppföljningsomgång»: default the latest round; 0 when there is none."""
    if not rounds:
        return 0
    options = [int(r) for r in rounds]
    return _target(container).selectbox(
        "Uppföljningsomgång", options, index=len(options) - 1, format_func=str, key="omgang",
        bind="query-params", help="Året då åtgärderna följdes upp.", placeholder="Välj …")


def indicator_page() -> tuple[Store, str, dict]:
    """How every page about one indicator starts: the app's frame and store, a plain message
    (and stop) while there are no values at all, then «Indikator» first in the sidebar.
    Returns the store, the chosen indicator and its catalogue row."""
    from . import frame  # here: frame imports the modules the sidebar builds on

    frame.ensure_app()
    store = frame.store()
    require_indicators(store)
    indicator = indicator_select(store)
    return store, indicator, store.indicator(indicator)


def require_indicators(store: Store) -> None:
    """Stop the page with a plain message when no indicator has any values yet."""
    if store.indicators().empty:
        st.info("Det finns inga indikatorvärden i databasen ännu. Importera filer på sidan Administration eller med "
                "«python -m loaders import FIL» (se docs/filformat.md).")
        st.stop()
