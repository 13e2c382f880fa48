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
    """The trend view: the chart, the table behind it, key figures, notes and messages."""
    c = _choose(spec, store)
    meta, years, view, measure = c.meta, c.years, c.view, spec.measure
    lines, group = _lines(c, store)
    d = _drawn(spec, store, c, lines, group)
    view_text = _view_text(view, measure, d.reference)
    sex_text = "kvinnor och män" if c.split else fmt.sex_label(c.sex)
    view_slug = view if view != "gap" else f"gap_{measure}" + ("" if d.reference == "kommun" else f"_{d.reference}")
    charts = _charts(d, store, measure, view_slug) if not d.series.empty else ()
    table = TableView(trend_table(d.series, view=view, measure=measure, split_sex=c.split),
                      _export_info(d, view_text, sex_text), "Tabellen bakom diagrammet", "trender",
                      (c.indicator, "-".join(d.names), view_slug), key="trender",
                      values=_values_filter(c, store, lines, group))
    keys = _key_figures(c, store, lines, group)
    suffix = {"gap": f" – {'kvot' if measure == 'ratio' else 'skillnad'} mot {d.against}", "index": " – index"}
    title = fmt.clean_text(meta["name"]) + suffix.get(view, "")
    subtitle = (f"{fmt.names_list(d.names) or 'Kommunen och riket'} · {fmt.year_span(*years)} · "
                f"{sex_text.lower()} · {view_text.lower()}")
    return View(spec, "Trender", title, subtitle, charts, (table,), tuple(keys), tuple(_view_notes(d)), d.source,
                fmt.clean_text(meta["definition"]), d.example,
                f"trend_{c.indicator}_{fmt.slug('-'.join(d.names) or 'kommun')}_{years[0]}-{years[1]}",
                ((str(meta["name"]), d.example),), tuple(_messages(spec, c, d.methods, d.series, d.missing, group)),
                {"meta": meta, "indicator": c.indicator, "chosen": tuple(c.chosen), "years": years, "view": view,
                 "split": c.split, "sex": c.sex, "group": c.group_id, "group_name": c.group_name,
                 "has_group": not group.empty, "reference": d.reference, "band": bool(d.methods)})


@dataclass(frozen=True)
class _Drawn:
    """What the chart, the table, the notes and the messages of a trend view are all made from,
    so that they say the same thing."""

    choice: _Choice
    lines: pd.DataFrame
    group: pd.DataFrame
    reference: str              # what the gap view measures against: kommun, grupp or riket
    series: pd.DataFrame        # what is drawn (with the interval band where one is drawn)
    methods: set[str]           # the interval methods used; empty when no band is drawn
    names: list[str]            # the chosen areas' names
    missing: list[str]          # chosen areas without values
    references: str             # «kommunen, <group> och riket», for the chart and its alt text
    note: str | None            # how the group's line is formed
    band_note: str | None       # the interval method, when a band is drawn
    extra_notes: list[str]      # the group's and the band's notes and the area notes, for the table and the view
    source: str
    example: bool

    @property
    def against(self) -> str:
        return REFERENCE_NAMES[self.reference]


def _drawn(spec: TrendSpec, store: Store, c: _Choice, lines: pd.DataFrame, group: pd.DataFrame) -> _Drawn:
    """The series in the chosen view against the reference that has values (the kommun when the
    group asked for has none), with the interval band where it was asked for and can be drawn."""
    reference = "kommun" if c.reference == "grupp" and group.empty else c.reference
    ref_code = f"grupp:{c.group_id}" if reference == "grupp" else c.refs.get(reference)
    series = trend_series(lines, view=c.view, measure=spec.measure, kommun_code=ref_code,
                          reference_name=REFERENCE_NAMES[reference])
    example = common.any_example(lines)
    names = common.names(store).names_of(c.chosen)
    missing = common.names(store).names_of(code for code in c.chosen if code not in set(lines["area_code"]))
    references = ("kommunen, " + (f"{fmt.clean_text(c.group_name)} " if not group.empty else "")
                  + "och riket").replace(", och", " och")
    note = group_note(group, c.group_name, names_of_home(store)) if not group.empty else None
    methods: set[str] = set()
    if spec.band and c.view == "values" and not series.empty:
        series, methods = with_band(series, lines, c.meta)
    band_note = method_note(methods)
    extra_notes = ([note] if note else []) + ([band_note] if band_note else []) + common.area_notes(lines)
    return _Drawn(c, lines, group, reference, series, methods, names, missing, references, note, band_note,
                  extra_notes, common.sources_text(c.meta, lines), example)


def _charts(d: _Drawn, store: Store, measure: str, view_slug: str) -> tuple[Chart, ...]:
    """The trend chart with its alt text, caption and notes (the view has values to draw)."""
    c, meta, band_note = d.choice, d.choice.meta, d.band_note
    figure = trend_figure(d.series, meta, styles=common.styles(store), view=c.view, measure=measure, years=c.years,
                          sex=c.sex, facet_sex=c.split, district_names=d.names, example=d.example,
                          reference=d.reference, references=d.references, source=d.source, band=bool(d.methods))
    chart_notes = (flag_notes(d.series, with_sex=c.split, reference_name=d.against) + ([d.note] if d.note else [])
                   + common.school_year_note(meta) + ([band_note] if band_note else []) + common.area_notes(d.lines))
    slug = f"trend_{c.indicator}_{fmt.slug('-'.join(d.names) or 'kommun')}_{view_slug}"
    return (Chart(figure, slug, _alt(meta, d.names, c.years, c.view, d.against, d.references),
                  common.source_text({**meta, "source": d.source}, d.example), texts(chart_notes), d.example),)


def _export_info(d: _Drawn, view_text: str, sex_text: str) -> ExportInfo:
    """What the table's Excel file says about it: the choices, source, definition and notes."""
    c, meta = d.choice, d.choice.meta
    return ExportInfo(
        title=f"Trender – {meta['name']} ({view_text.lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(d.names) or "inga"),
                 ("År", fmt.year_span(*c.years)), ("Kön", sex_text), ("Visning", view_text),
                 ("Jämförelsegrupp", c.group_name if not d.group.empty else "ingen")],
        sources=[(str(meta["name"]), d.source)], definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=d.example, notes=[f"Enhet: {meta['unit']}.", *d.extra_notes])


def _view_notes(d: _Drawn) -> list[str]:
    """The view's notes (the slide's notes): marked values, why the view differs from the one
    asked for, the other notes, and that the key figures show only the first areas."""
    c = d.choice
    notes = (flag_notes(d.series, with_sex=c.split, reference_name=d.against) + ([c.why] if c.why else [])
             + d.extra_notes)
    if len(c.chosen) > common.MAX_KEY_AREAS:
        notes.append(f"Nyckeltalen visar de {common.MAX_KEY_AREAS} första av {len(c.chosen)} valda områden.")
    return notes


def names_of_home(store: Store) -> str:
    """The home kommun's short name (SCB's: «Linköping»), for «Linköping ingår inte»."""
    from loaders.geography import kommun_name

    home = common.references(store).get("kommun")
    return kommun_name(home) if home else "kommunen"
