"""Områdesprofil: every indicator for one district as small multiples against kommun and riket.

Indikatorer och åtgärder (``theme``) shows the same small multiples for the indicators of
one utvecklingsområde, so the panels and their charts are made here for both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .. import formatting as fmt
from ..catalogue import profile_panels
from ..export.xlsx import ExportInfo
from ..figures.lines import small_multiple
from ..figures.multiples import small_multiples
from ..series import flag_notes, trend_series
from ..specs import ProfileSpec
from ..store import Store
from ..tables import profile_table
from . import common
from .model import Chart, Message, TableView, ValuesFilter, View

Panel = tuple[dict, pd.DataFrame]


def panels_for(store: Store, district: str, years: tuple[int, int], sex: str, indicators: pd.DataFrame, *,
               include_without_district: bool = False) -> list[Panel]:
    profile = store.profile(district, sex)
    fallback = store.profile(district, "totalt") if sex != "totalt" else None
    return profile_panels(profile, indicators, district, years, fallback=fallback,
                          include_without_district=include_without_district)


def panel_chart(meta: Mapping, obs: pd.DataFrame, store: Store, district_name: str, *, height: int = 520) -> Chart:
    series = trend_series(obs, view="values")
    example = common.any_example(obs)
    figure = small_multiple(series, meta, styles=common.styles(store), example=example, height=height)
    notes = list(flag_notes(series)) + common.school_year_note(meta) + common.area_notes(obs)
    if meta.get("district_missing"):
        shown = fmt.join_words(sorted(set(obs["area_name"])))
        notes.append(f"Finns inte för {district_name} – diagrammet visar {shown or 'inga områden'}.")
    if meta.get("sex_fallback"):
        notes.append("Finns inte uppdelad på kön – visar totalt.")
    alt = (f"{fmt.clean_text(meta['name'])}. Linjediagram för {district_name} jämfört med kommunen och "
           "riket, år för år.")
    return Chart(figure, f"profil_{fmt.slug(district_name)}_{meta['indicator_id']}", alt,
                 common.source_text(meta, example), tuple(notes), example)


def panel_table(panels: Sequence[Panel], title: str, filters: list[tuple[str, str]], heading: str,
                file_page: str, parts: tuple[str, ...], key: str) -> TableView:
    info = ExportInfo(
        title=title, filters=filters,
        sources=[(m["name"], str(m["source"])) for m, _ in panels],
        definitions=[(m["name"], str(m["definition"])) for m, _ in panels],
        example=any(common.any_example(obs) for _, obs in panels),
        notes=[f"{m['name']}: finns inte per kön, värdena gäller totalt." for m, _ in panels if m["sex_fallback"]])
    shown = ValuesFilter(tuple(str(m["indicator_id"]) for m, _ in panels),
                         tuple(sorted({str(a) for _, obs in panels for a in obs["area_code"]})),
                         (min((int(obs["year"].min()) for _, obs in panels if len(obs)), default=0),
                          max((int(obs["year"].max()) for _, obs in panels if len(obs)), default=0)),
                         tuple(sorted({str(s) for _, obs in panels for s in obs["sex"]})))
    return TableView(profile_table(panels), info, heading, file_page, parts, key=key, values=shown)


def sections(panels: Sequence[Panel]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The panels' positions per utvecklingsområde, in catalogue order, labelled with the short
    name («1. Trygghet och delaktighet»). The page shows one section at a time: the browser
    draws about 100 ms per Plotly chart, so the 60 indicators of a Kolada-sized store drawn at
    once took ten seconds for each choice of district."""
    groups: dict[str, list[int]] = {}
    for position, (meta, _) in enumerate(panels):
        groups.setdefault(fmt.development_area_label(meta.get("development_area"), fmt.DEVELOPMENT_AREA_SHORT),
                          []).append(position)
    return tuple((label, tuple(positions)) for label, positions in groups.items())


def section_chart(label: str, charts: Sequence[Chart], names: Sequence[str], district_name: str,
                  columns: int = 2) -> Chart:
    """One utvecklingsområde's panels as one figure (``figures.multiples``): the browser sets up
    one chart instead of a dozen. What was said under each panel is said under the grid, each
    line led by its indicator's name."""
    figure = small_multiples([c.figure for c in charts], columns=columns)
    caption = "\n".join(f"{name} – {line}" for name, c in zip(names, charts, strict=True)
                        for line in c.caption.splitlines() if line.startswith("Definition:"))
    notes = tuple(f"{name}: {note}" for name, c in zip(names, charts, strict=True) for note in c.notes)
    example = any(c.example for c in charts)
    alt = (f"{label}: {len(charts)} små linjediagram för {district_name}, ett per indikator, var och ett jämfört "
           f"med kommunen och riket år för år och med sin egen skala: {fmt.join_words(list(names))}. "
           "Tabellen under diagrammen har värdena.")
    return Chart(figure, f"profil_{fmt.slug(district_name)}_{fmt.slug(label)}", alt,
                 caption + ("\nExempeldata – påhittade värden." if example else ""), notes, example)


def build_profile(spec: ProfileSpec, store: Store) -> View:
    indicators = store.indicators()
    if indicators.empty:
        raise common.ViewError("Det finns inga indikatorvärden i databasen ännu.")
    district = common.district_or_default(store, spec.area)
    district_name = common.names(store).names[district]
    years = common.years_or_all(store, spec.years)
    sex = spec.sex
    panels = panels_for(store, district, years, sex, indicators)
    charts = tuple(panel_chart(meta, obs, store, district_name) for meta, obs in panels)
    messages = []
    if not panels:
        messages.append(Message(f"Det finns inga indikatorvärden för {district_name} {fmt.year_span(*years)}."))
    left_out = [n for n in indicators["name"] if n not in {m["name"] for m, _ in panels}]
    tables_ = ()
    if panels:
        tables_ = (panel_table(panels, f"Områdesprofil – {district_name}",
                               [("Område", district_name), ("År", fmt.year_span(*years)), ("Kön", fmt.sex_label(sex))],
                               "Värdena i diagrammen", "omradesprofil", (district_name, sex), "profil"),)
    notes = (f"Finns inte för {district_name} {fmt.year_span(*years)}: {fmt.join_words(left_out)}.",) if left_out else ()
    example = any(c.example for c in charts)
    groups = sections(panels)
    return View(spec, "Områdesprofil", f"Områdesprofil – {district_name}",
                f"Alla indikatorer · {fmt.year_span(*years)} · {fmt.sex_label(sex).lower()}", charts, tables_, (),
                notes, "", "", example, f"profil_{fmt.slug(district_name)}",
                tuple((str(m["name"]), common.any_example(obs)) for m, obs in panels), tuple(messages),
                {"district": district, "district_name": district_name, "years": years, "sex": sex,
                 "sections": groups, "by_section": _Sections(groups, panels, charts, district_name, years, sex)})


class _Sections:
    """Each utvecklingsområde's grid figure and the table of its values, made when the page asks
    for them and kept (the view is memoised per choice): the page shows one tab at a time.

    The table under the grid is its text alternative and what «Ladda ner Excel» gives. All 60
    indicators' rows (a Kolada-sized store) under a tab that draws 13 of them cost the browser a
    fifth of a district change; the whole table stays the view's own (``View.tables``)."""

    def __init__(self, groups: tuple[tuple[str, tuple[int, ...]], ...], panels: Sequence[Panel],
                 charts: Sequence[Chart], district_name: str, years: tuple[int, int], sex: str) -> None:
        self._groups, self._panels, self._charts = groups, panels, charts
        self._district, self._years, self._sex = district_name, years, sex
        self._made: dict[tuple[str, int], Chart | TableView] = {}

    def chart(self, i: int) -> Chart:
        if ("chart", i) not in self._made:
            label, positions = self._groups[i]
            self._made["chart", i] = section_chart(
                label, [self._charts[p] for p in positions],
                [fmt.clean_text(self._panels[p][0]["name"]) for p in positions], self._district)
        return self._made["chart", i]  # type: ignore[return-value]

    def table(self, i: int) -> TableView:
        if ("table", i) not in self._made:
            label, positions = self._groups[i]
            district = self._district
            self._made["table", i] = panel_table(
                [self._panels[p] for p in positions], f"Områdesprofil – {district} – {label}",
                [("Område", district), ("Utvecklingsområde", label), ("År", fmt.year_span(*self._years)),
                 ("Kön", fmt.sex_label(self._sex))],
                f"Värdena i diagrammen – {label}", "omradesprofil", (district, self._sex, fmt.slug(label)), f"profil_{i}")
        return self._made["table", i]  # type: ignore[return-value]
