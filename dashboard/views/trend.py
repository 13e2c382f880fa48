"""Trender: one indicator over time for the chosen districts against the reference lines.

The reference lines are the home kommun (dashed), riket (dotted) and a comparison group
(dash-dotted): the plain, unweighted mean of its member kommuner's values, the home kommun
left out, so every kommun counts the same and the line can be recomputed from Kolada's
figures by hand. The gap view measures the districts against one of the three.
"""

from __future__ import annotations

import pandas as pd

from .. import formatting as fmt
from ..export.xlsx import ExportInfo
from ..figures.lines import trend_figure
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


def build_trend(spec: TrendSpec, store: Store) -> View:
    indicator = common.indicator_or_default(store, spec.indicator)
    meta = common.meta(store, indicator)
    unit = str(meta["unit"])
    refs = common.references(store)
    known = set(store.districts()["code"]) | set(store.areas()["code"])
    chosen = [c for c in spec.areas if c in known] if spec.areas else common.priority_districts(store)
    years = common.years_or_all(store, spec.years)
    split = spec.split and bool(meta["has_sex_split"])
    sex = spec.sex if bool(meta["has_sex_split"]) else "totalt"
    view, why = effective_view(spec.view, unit)
    measure = spec.measure
    group_id, group_name = common.group_or_default(store, spec.group)
    sexes = trend_sexes(sex, split)
    obs = store.observations(indicator, trend_areas(chosen, refs, unit=unit, view=view), years[0], years[1], sexes)
    group = (store.group_observations(group_id, indicator, years[0], years[1], sexes)
             if group_id and (not fmt.is_count(unit) or view == "index") else obs.iloc[0:0])
    lines = _with_group(obs, group)
    reference = spec.reference if spec.reference in ("riket", "grupp") else "kommun"
    if reference == "grupp" and group.empty:
        reference = "kommun"
    ref_code = f"grupp:{group_id}" if reference == "grupp" else refs.get(reference)
    against = REFERENCE_NAMES[reference]
    series = trend_series(lines, view=view, measure=measure, kommun_code=ref_code, reference_name=against)
    example = common.any_example(lines)
    names = common.names(store).names_of(chosen)
    missing = common.names(store).names_of(c for c in chosen if c not in set(obs["area_code"]))
    references = "kommunen, " + (f"{fmt.clean_text(group_name)} " if not group.empty else "") + "och riket"
    references = references.replace(", och", " och")
    view_text = _view_text(view, measure, reference)
    sex_text = "kvinnor och män" if split else fmt.sex_label(sex)
    view_slug = view if view != "gap" else f"gap_{measure}" + ("" if reference == "kommun" else f"_{reference}")
    slug = f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{view_slug}"
    note = group_note(group, group_name, names_of_home(store)) if not group.empty else None
    source = common.sources_text(meta, lines)
    charts = ()
    if not series.empty:
        figure = trend_figure(series, meta, styles=common.styles(store), view=view, measure=measure, years=years,
                              sex=sex, facet_sex=split, district_names=names, example=example, reference=reference,
                              references=references, source=source)
        chart_notes = (flag_notes(series, with_sex=split, reference_name=against) + ([note] if note else [])
                       + common.school_year_note(meta))
        charts = (Chart(figure, slug, _alt(meta, names, years, view, against, references),
                        common.source_text({**meta, "source": source}, example), texts(chart_notes), example),)
    info = ExportInfo(
        title=f"Trender – {meta['name']} ({view_text.lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(names) or "inga"),
                 ("År", fmt.year_span(*years)), ("Kön", sex_text), ("Visning", view_text),
                 ("Jämförelsegrupp", group_name if not group.empty else "ingen")],
        sources=[(str(meta["name"]), source)], definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example, notes=[f"Enhet: {meta['unit']}."] + ([note] if note else []))
    members = [str(m) for m in store.groups().set_index("group_id").loc[group_id, "members"]] \
        if not group.empty else []
    values = ValuesFilter((indicator,), tuple(dict.fromkeys([*set(lines["area_code"]) - {f"grupp:{group_id}"},
                                                             *members])), years, sexes)
    table = TableView(trend_table(series, view=view, measure=measure, split_sex=split), info,
                      "Tabellen bakom diagrammet", "trender", (indicator, "-".join(names), view_slug), key="trender",
                      values=values)
    # key figures always from the values themselves (also in the gap and index views)
    key_sex = "totalt" if split else sex
    key_refs = {**refs, **({"grupp": f"grupp:{group_id}"} if not group.empty else {})}
    key_obs = lines if (not split and view == "values") else _with_group(
        store.observations(indicator, chosen + list(refs.values()), years[0], years[1], (key_sex,)),
        group[group["sex"] == key_sex] if len(group) else group)
    key_codes = chosen[:common.MAX_KEY_AREAS] or ([refs["kommun"]] if "kommun" in refs else [])
    keys = area_key_figures(key_obs, meta, codes=key_codes, refs=key_refs, sex=key_sex)
    notes = flag_notes(series, with_sex=split, reference_name=against) + ([why] if why else []) + ([note] if note else [])
    if len(chosen) > common.MAX_KEY_AREAS:
        notes.append(f"Nyckeltalen visar de {common.MAX_KEY_AREAS} första av {len(chosen)} valda områden.")
    messages = [Message(why)] if why else []
    if not chosen:
        messages.append(Message("Inga områden valda – välj områden i sidofältet. Kommunen och riket visas ändå."))
    if series.empty:
        messages.append(Message(f"Det finns inga värden för {fmt.clean_text(meta['name'])} "
                                f"{fmt.year_span(*years)} med de här valen.", "warning"))
    if missing:
        messages.append(Message(f"Inga värden för {fmt.join_words(missing)} – indikatorn finns inte för området."))
    if spec.reference == "grupp" and group.empty:
        messages.append(Message("Jämförelsegruppen har inga värden för indikatorn – skillnaden visas mot kommunen."))
    suffix = {"gap": f" – {'kvot' if measure == 'ratio' else 'skillnad'} mot {against}", "index": " – index"}
    title = fmt.clean_text(meta["name"]) + suffix.get(view, "")
    subtitle = (f"{fmt.names_list(names) or 'Kommunen och riket'} · {fmt.year_span(*years)} · "
                f"{sex_text.lower()} · {view_text.lower()}")
    return View(spec, "Trender", title, subtitle, charts, (table,), tuple(keys), tuple(notes), source,
                fmt.clean_text(meta["definition"]), example,
                f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{years[0]}-{years[1]}",
                ((str(meta["name"]), example),), tuple(messages),
                {"meta": meta, "indicator": indicator, "chosen": tuple(chosen), "years": years, "view": view,
                 "split": split, "sex": sex, "group": group_id, "group_name": group_name,
                 "has_group": not group.empty, "reference": reference})


def names_of_home(store: Store) -> str:
    """The home kommun's short name (SCB's: «Linköping»), for «Linköping ingår inte»."""
    from loaders.geography import kommun_name

    home = common.references(store).get("kommun")
    return kommun_name(home) if home else "kommunen"
