"""What every builder looks up the same way: defaults, indicator metadata, styles, sources.

A spec may leave a choice to the store (no areas, year 0, no district): these functions
resolve it, so the page, the slide and the link that leave it open show the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from loaders.domain import KOMMUN, RIKET
from loaders.errors import PanelError

from .. import formatting as fmt
from ..catalogue import AreaIndex, area_index
from ..figures.layout import AreaStyles, area_styles
from ..series import any_example  # noqa: F401 - the builders' one way to ask
from ..store import Store

DEFAULT_INDICATOR = "forsorjningsstod_andel"
MAX_KEY_AREAS = 3       # key figures for at most this many districts (readable on a slide)


class ViewError(PanelError):
    """A view that cannot be shown (any more): an indicator gone, a year without values."""

    title = "Vyn kan inte visas"


def styles(store: Store) -> AreaStyles:
    """Colour, marker and line of every area, the same on every page; kept per data version."""
    return store.derived("area_styles", lambda: area_styles(store.areas()))


def names(store: Store) -> AreaIndex:
    """Names and display order of every area by code; kept per data version."""
    return store.derived("area_index", lambda: area_index(store.areas()))


def meta(store: Store, indicator: str) -> dict:
    try:
        return store.indicator(indicator)
    except KeyError:
        raise ViewError(f"Indikatorn «{fmt.clean_text(indicator)}» finns inte längre i databasen.") from None


def indicator_or_default(store: Store, indicator: str) -> str:
    ids = store.indicators()["indicator_id"].tolist()
    if indicator in ids:
        return indicator
    if indicator:
        raise ViewError(f"Indikatorn «{fmt.clean_text(indicator)}» finns inte längre i databasen.")
    if not ids:
        raise ViewError("Det finns inga indikatorvärden i databasen ännu. Importera filer på sidan Administration "
                        "eller med `python -m loaders import FIL` (se docs/filformat.md).")
    return DEFAULT_INDICATOR if DEFAULT_INDICATOR in ids else ids[0]


START_DISTRICTS = 3


def priority_districts(store: Store) -> list[str]:
    """The districts the pages start with: the plan's priority districts, or in a panel whose
    plan names none yet (``python -m loaders init``) the first three, so a chart shows areas."""
    districts = store.districts()
    chosen = [c for c, p in zip(districts["code"], districts["priority"], strict=True) if bool(p)]
    return chosen or districts["code"].head(START_DISTRICTS).tolist()


# A panel set up for another kommun without the network has no districts until an editor adds them.
NO_DISTRICTS = ("Panelen har inga stadsdelar ännu. En redaktör lägger till dem på sidan Administration under "
                "«Områden och grupper» › «Lägg till stadsdelar» (med namn eller från en fil), eller med "
                "«python -m loaders stadsdelar». Kommunens och rikets värden visas i Trender redan nu.")


def district_or_default(store: Store, area: str) -> str:
    """The chosen district, or the store's default district (a setting; else the last of the
    priority districts), or the first district."""
    codes = store.districts()["code"].tolist()
    if area in codes:
        return area
    default = store.setting("standardomrade")
    if default in codes:
        return str(default)
    priority = priority_districts(store)
    if priority:
        return priority[-1]
    if codes:
        return codes[0]
    raise ViewError(NO_DISTRICTS)


def year_bounds(store: Store) -> tuple[int, int]:
    """First and last year of any indicator: the year slider's fixed range."""
    indicators = store.indicators()
    if indicators.empty:
        return (2000, 2000)
    return int(indicators["first_year"].min()), int(indicators["last_year"].max())


def years_or_all(store: Store, years: Sequence[int]) -> tuple[int, int]:
    lo, hi = year_bounds(store)
    if len(years) >= 2:
        a, b = sorted((int(years[0]), int(years[1])))
        return max(a, lo) if a <= hi else lo, min(b, hi) if b >= lo else hi
    return lo, hi


def round_or_latest(store: Store, round_: int) -> int | None:
    rounds = store.followup_rounds()
    if not rounds:
        return None
    return int(round_) if round_ in rounds else int(rounds[-1])


def references(store: Store) -> dict[str, str]:
    """{'kommun': code, 'riket': code} of the reference lines."""
    refs = store.reference_areas()
    return {k: refs[k] for k in (KOMMUN, RIKET) if k in refs}


def group_or_default(store: Store, group: str) -> tuple[str | None, str]:
    """The comparison group to draw: the one asked for, the store's default («standardgrupp»)
    when none is asked for, or none when the spec says «ingen»."""
    if group == "ingen":
        return None, ""
    groups = store.groups()
    names = dict(zip(groups["group_id"], groups["name"], strict=True))
    if group in names:
        return group, str(names[group])
    default = store.setting("standardgrupp")
    if not group and default in names:
        return str(default), str(names[default])
    return None, ""


def sources_text(meta_: Mapping, frame: pd.DataFrame) -> str:
    """The indicator's source and every other publisher of the values shown (Kolada for kommun
    and riket, say): every chart names where each of its values came from."""
    own = fmt.clean_text(meta_.get("source")) or "uppgift saknas"
    others = []
    if "source" in frame:
        others = sorted({fmt.clean_text(s) for s in frame["source"].dropna() if fmt.clean_text(s) and
                         fmt.clean_text(s) != own})
    if any(o.startswith(own + ",") for o in others):  # «SCB» beside «SCB, Statistikdatabasen (TAB9901)»
        return "; ".join(others)
    return "; ".join([own, *others])


def source_text(meta_: Mapping, example: bool) -> str:
    """'Källa: … · Definition: …' for under a chart, plain text."""
    parts = [f"Källa: {fmt.clean_text(meta_.get('source')) or 'uppgift saknas'}"]
    if meta_.get("definition") and not fmt.is_missing(meta_.get("definition")):
        parts.append(f"Definition: {fmt.clean_text(meta_['definition'])}")
    if example:
        parts.append("Exempeldata – påhittade värden.")
    return "\n".join(parts)


SCHOOL_YEAR_NOTE = "Skolans värden gäller läsår: året i diagrammet är läsårets vårtermin (2024/25 visas som 2025)."


LAST_OLD_DIVISION = 2023
DIVISION_NOTE = ("RegSO och DeSO följer SCB:s indelning som gällde varje år: RegSO 2020 och DeSO 2018 till och "
                 "med 2023, RegSO 2025 och DeSO 2025 från 2024 (SCB räknar inte om tidigare år).")


def area_notes(obs: pd.DataFrame) -> list[str]:
    """A district shown by the one RegSO or DeSO it is mapped to says which area that is: Skäggetorp
    has no RegSO of its own and is shown by RegSO Skäggetorp-Tornby until an editor picks its DeSO
    areas (the derived value's comment, ``loaders/schema.py``)."""
    if obs.empty or "comment" not in obs.columns:
        return []
    comments = obs["comment"].fillna("")
    alone = comments.str.startswith("Här ")
    parts = comments.str.contains(" Delområden: ", regex=False)
    rows = obs.loc[alone | parts, ["area_name", "comment"]].drop_duplicates()
    notes = [f"{fmt.clean_text(name)}: här {comment.removeprefix('Här ').removesuffix(', oförändrat.')}."
             if comment.startswith("Här ") else f"{fmt.clean_text(name)}: {comment[0].lower()}{comment[1:]}"
             for name, comment in zip(rows["area_name"], rows["comment"], strict=True)]
    years = obs.loc[alone | parts, "year"] if "year" in obs.columns else pd.Series(dtype="int64")
    if len(years) and years.min() <= LAST_OLD_DIVISION < years.max():
        notes.append(DIVISION_NOTE)
    return list(dict.fromkeys(notes))


def school_year_note(meta_: Mapping) -> list[str]:
    """Skolverket counts in läsår; the store keeps the year the spring term ends in, and says so."""
    return [SCHOOL_YEAR_NOTE] if "skolverket" in str(meta_.get("source") or "").lower() else []

