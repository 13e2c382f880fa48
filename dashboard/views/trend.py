"""Trender: one indicator over time for the chosen districts against the reference lines.

The reference lines are the home kommun (dashed), riket (dotted) and a comparison group
(dash-dotted): the plain, unweighted mean of its member kommuner's values, the home kommun
left out, so every kommun counts the same and the line can be recomputed from Kolada's
figures by hand. The gap view measures the districts against one of the three.

``TrendSpec.band`` (off by default) draws each line's 95 % interval where the store holds
the counts behind the values (``dashboard.intervals``); the chart note names the method. The
band is part of the figure, so the PNG, the slideshow and the PowerPoint show it too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import formatting as fmt
from ..export.xlsx import ExportInfo
from ..figures.lines import trend_figure
from ..intervals import interval_text, method_note, row_interval, with_intervals
from ..series import VIEWS, effective_view, flag_notes, trend_areas, trend_series, trend_sexes
from ..specs import TrendSpec
from ..store import Store
from ..tables import trend_table
from . import common
from .keyfigures import REFERENCE_NAMES, area_key_figures
from .model import Chart, Message, TableView, ValuesFilter, View, texts

_LEVEL_ORDER = {"omrade": 0, "kommun": 1, "grupp": 2, "riket": 3}


def _view_text(view: str, measure: str, reference: str) -> str:
    if view != "gap":
        return VIEWS[view]
    against = REFERENCE_NAMES.get(reference, "kommunen")
    return f"Skillnad mot {against} ({'kvot' if measure == 'ratio' else 'skillnad'})"


def _alt(meta: dict, names: list[str], years: tuple[int, int], view: str, against: str, references: str) -> str:
    who = fmt.join_words(names) or "kommunen och riket"
    what = {"values": "värdet", "gap": f"skillnaden mot {against}", "index": "utvecklingen som index"}[view]
    return (f"{fmt.clean_text(meta['name'])}, {fmt.year_span(*years)}. Linjediagram som visar {what} för "
            f"{fmt.clean_text(who)} år för år, med {references} som jämförelse.")


def _with_group(obs: pd.DataFrame, group: pd.DataFrame) -> pd.DataFrame:
    """The group's rows among the others, in legend order: districts, kommun, group, riket."""
    if group.empty:
        return obs
    both = pd.concat([obs, group[obs.columns]], ignore_index=True) if len(obs) else group
    order = both["level"].map(_LEVEL_ORDER).fillna(0)
    return both.assign(_o=order).sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def group_note(group: pd.DataFrame, name: str, home_name: str) -> str | None:
    """How the comparison group's line is formed, said under the chart."""
    if group.empty or group["value"].isna().all():
        return None
    last = group.dropna(subset=["value"]).sort_values("year").iloc[-1]
    return (f"{fmt.clean_text(name)}: ovägt medelvärde av kommunernas värden (varje kommun väger lika; {home_name} "
            f"ingår inte), {int(last['denominator'])} av {int(last['numerator'])} kommuner med värde {int(last['year'])}.")


def with_band(series: pd.DataFrame, obs: pd.DataFrame, meta: dict) -> tuple[pd.DataFrame, set[str]]:
    """The series with each value's 95 % interval (``ci_low``, ``ci_high``) and the interval in
    its hover text; and the methods used (empty: the store holds no counts for these values)."""
    decimals, unit = int(meta["decimals"]), str(meta["unit"])
    ci = with_intervals(obs, unit, decimals)[["area_code", "sex", "year", "ci_low", "ci_high", "ci_method"]]
    methods = {str(m) for m in ci["ci_method"].dropna()}
    if not methods:
        return series, methods
    out = series.merge(ci, on=["area_code", "sex", "year"], how="left")
    out["hover"] = [h if row is None else f"{h} (95 % intervall {interval_text(row, decimals, unit)})"
                    for h, row in zip(out["hover"], (row_interval(r) for _, r in out.iterrows()), strict=True)]
    return out, methods


def band_messages(spec: TrendSpec, view: str, methods: set[str], name: str) -> list[Message]:
    """Why an interval band that was asked for is not drawn."""
    if not spec.band or methods:
        return []
    if view != "values":
        return [Message("Osäkerhetsintervallet visas bara i visningen Värden.")]
    return [Message(f"Osäkerhetsintervall kan inte visas för {fmt.clean_text(name)}: databasen har inte antalen "
                    "bakom värdena (antal personer eller händelser och befolkningen).")]


@dataclass(frozen=True)
class _Choice:
    """What a TrendSpec comes to against this store: the spec's wishes where the data allow
    them, defaults where they don't (an unknown area, a split the indicator lacks, a gap
    against a group without values)."""

    indicator: str
    meta: dict
    refs: dict[str, str]
    chosen: list[str]
    years: tuple[int, int]
    sex: str
    split: bool
    view: str
    why: str | None
    group_id: str | None
    group_name: str
    reference: str

    @property
    def unit(self) -> str:
        return str(self.meta["unit"])

    @property
    def sexes(self) -> tuple[str, ...]:
        return trend_sexes(self.sex, self.split)


def _choose(spec: TrendSpec, store: Store) -> _Choice:
    indicator = common.indicator_or_default(store, spec.indicator)
    meta = common.meta(store, indicator)
    known = set(store.districts()["code"]) | set(store.areas()["code"])
    has_split = bool(meta["has_sex_split"])
    view, why = effective_view(spec.view, str(meta["unit"]))
    group_id, group_name = common.group_or_default(store, spec.group)
    return _Choice(indicator, meta, common.references(store),
                   [c for c in spec.areas if c in known] if spec.areas else common.priority_districts(store),
                   common.years_or_all(store, spec.years), spec.sex if has_split else "totalt",
                   spec.split and has_split, view, why, group_id, group_name,
                   spec.reference if spec.reference in ("riket", "grupp") else "kommun")


def _lines(choice: _Choice, store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations to draw (districts, kommun, group, riket) and the group's own rows."""
    c = choice
    obs = store.observations(c.indicator, trend_areas(c.chosen, c.refs, unit=c.unit, view=c.view), c.years[0],
                             c.years[1], c.sexes)
    group = (store.group_observations(c.group_id, c.indicator, c.years[0], c.years[1], c.sexes)
             if c.group_id and (not fmt.is_count(c.unit) or c.view == "index") else obs.iloc[0:0])
    return _with_group(obs, group), group


def _key_figures(choice: _Choice, store: Store, lines: pd.DataFrame, group: pd.DataFrame) -> list:
    """Key figures always from the values themselves (also in the gap and index views)."""
    c = choice
    key_sex = "totalt" if c.split else c.sex
    key_refs = {**c.refs, **({"grupp": f"grupp:{c.group_id}"} if not group.empty else {})}
    key_obs = lines if (not c.split and c.view == "values") else _with_group(
        store.observations(c.indicator, c.chosen + list(c.refs.values()), c.years[0], c.years[1], (key_sex,)),
        group[group["sex"] == key_sex] if len(group) else group)
    key_codes = c.chosen[:common.MAX_KEY_AREAS] or ([c.refs["kommun"]] if "kommun" in c.refs else [])
    return area_key_figures(key_obs, c.meta, codes=key_codes, refs=key_refs, sex=key_sex)


def _messages(spec: TrendSpec, choice: _Choice, methods: set[str], series: pd.DataFrame, missing: list[str],
              group: pd.DataFrame) -> list[Message]:
    c = choice
    name = fmt.clean_text(c.meta["name"])
    messages = ([Message(c.why)] if c.why else []) + band_messages(spec, c.view, methods, str(c.meta["name"]))
    if not c.chosen:
        messages.append(Message("Inga områden valda – välj områden i sidofältet. Kommunen och riket visas ändå."))
    if series.empty:
        messages.append(Message(f"Det finns inga värden för {name} {fmt.year_span(*c.years)} med de här valen.",
                                "warning"))
    if missing:
        messages.append(Message(f"Inga värden för {fmt.join_words(missing)} – indikatorn finns inte för området."))
    if spec.reference == "grupp" and group.empty:
        messages.append(Message("Jämförelsegruppen har inga värden för indikatorn – skillnaden visas mot kommunen."))
    return messages


def _values_filter(choice: _Choice, store: Store, lines: pd.DataFrame, group: pd.DataFrame) -> ValuesFilter:
    """The stored values behind the chart, the group's member kommuner instead of its mean."""
    members = ([str(m) for m in store.groups().set_index("group_id").loc[choice.group_id, "members"]]
               if not group.empty else [])
    codes = dict.fromkeys([*set(lines["area_code"]) - {f"grupp:{choice.group_id}"}, *members])
    return ValuesFilter((choice.indicator,), tuple(codes), choice.years, choice.sexes)


def build_trend(spec: TrendSpec, store: Store) -> View:
    c = _choose(spec, store)
    meta, years, view, measure = c.meta, c.years, c.view, spec.measure
    lines, group = _lines(c, store)
    reference = "kommun" if c.reference == "grupp" and group.empty else c.reference
    ref_code = f"grupp:{c.group_id}" if reference == "grupp" else c.refs.get(reference)
    against = REFERENCE_NAMES[reference]
    series = trend_series(lines, view=view, measure=measure, kommun_code=ref_code, reference_name=against)
    example = common.any_example(lines)
    names = common.names(store).names_of(c.chosen)
    missing = common.names(store).names_of(code for code in c.chosen if code not in set(lines["area_code"]))
    references = ("kommunen, " + (f"{fmt.clean_text(c.group_name)} " if not group.empty else "")
                  + "och riket").replace(", och", " och")
    view_text = _view_text(view, measure, reference)
    sex_text = "kvinnor och män" if c.split else fmt.sex_label(c.sex)
    view_slug = view if view != "gap" else f"gap_{measure}" + ("" if reference == "kommun" else f"_{reference}")
    slug = f"trend_{c.indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{view_slug}"
    note = group_note(group, c.group_name, names_of_home(store)) if not group.empty else None
    methods: set[str] = set()
    if spec.band and view == "values" and not series.empty:
        series, methods = with_band(series, lines, meta)
    band_note = method_note(methods)
    extra_notes = ([note] if note else []) + ([band_note] if band_note else []) + common.area_notes(lines)
    source = common.sources_text(meta, lines)
    charts = ()
    if not series.empty:
        figure = trend_figure(series, meta, styles=common.styles(store), view=view, measure=measure, years=years,
                              sex=c.sex, facet_sex=c.split, district_names=names, example=example,
                              reference=reference, references=references, source=source, band=bool(methods))
        chart_notes = (flag_notes(series, with_sex=c.split, reference_name=against) + ([note] if note else [])
                       + common.school_year_note(meta) + ([band_note] if band_note else []) + common.area_notes(lines))
        charts = (Chart(figure, slug, _alt(meta, names, years, view, against, references),
                        common.source_text({**meta, "source": source}, example), texts(chart_notes), example),)
    info = ExportInfo(
        title=f"Trender – {meta['name']} ({view_text.lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(names) or "inga"),
                 ("År", fmt.year_span(*years)), ("Kön", sex_text), ("Visning", view_text),
                 ("Jämförelsegrupp", c.group_name if not group.empty else "ingen")],
        sources=[(str(meta["name"]), source)], definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example, notes=[f"Enhet: {meta['unit']}.", *extra_notes])
    table = TableView(trend_table(series, view=view, measure=measure, split_sex=c.split), info,
                      "Tabellen bakom diagrammet", "trender", (c.indicator, "-".join(names), view_slug), key="trender",
                      values=_values_filter(c, store, lines, group))
    keys = _key_figures(c, store, lines, group)
    notes = (flag_notes(series, with_sex=c.split, reference_name=against) + ([c.why] if c.why else [])
             + extra_notes)
    if len(c.chosen) > common.MAX_KEY_AREAS:
        notes.append(f"Nyckeltalen visar de {common.MAX_KEY_AREAS} första av {len(c.chosen)} valda områden.")
    suffix = {"gap": f" – {'kvot' if measure == 'ratio' else 'skillnad'} mot {against}", "index": " – index"}
    title = fmt.clean_text(meta["name"]) + suffix.get(view, "")
    subtitle = (f"{fmt.names_list(names) or 'Kommunen och riket'} · {fmt.year_span(*years)} · "
                f"{sex_text.lower()} · {view_text.lower()}")
    return View(spec, "Trender", title, subtitle, charts, (table,), tuple(keys), tuple(notes), source,
                fmt.clean_text(meta["definition"]), example,
                f"trend_{c.indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{years[0]}-{years[1]}",
                ((str(meta["name"]), example),), tuple(_messages(spec, c, methods, series, missing, group)),
                {"meta": meta, "indicator": c.indicator, "chosen": tuple(c.chosen), "years": years, "view": view,
                 "split": c.split, "sex": c.sex, "group": c.group_id, "group_name": c.group_name,
                 "has_group": not group.empty, "reference": reference, "band": bool(methods)})


def names_of_home(store: Store) -> str:
    """The home kommun's short name (SCB's: «Linköping»), for «Linköping ingår inte»."""
    from loaders.geography import kommun_name

    home = common.references(store).get("kommun")
    return kommun_name(home) if home else "kommunen"
