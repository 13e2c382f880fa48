"""Trender: one indicator over time for the chosen districts against the reference lines."""

from __future__ import annotations

from .. import formatting as fmt
from ..export.xlsx import ExportInfo
from ..figures.lines import trend_figure
from ..series import VIEWS, effective_view, flag_notes, trend_areas, trend_series, trend_sexes
from ..specs import TrendSpec
from ..store import Store
from ..tables import trend_table
from . import common
from .keyfigures import area_key_figures
from .model import Chart, Message, TableView, View, texts


def _view_text(view: str, measure: str) -> str:
    return VIEWS[view] + (f" ({'kvot' if measure == 'ratio' else 'skillnad'})" if view == "gap" else "")


def _alt(meta: dict, names: list[str], years: tuple[int, int], view: str) -> str:
    who = fmt.join_words(names) or "kommunen och riket"
    what = {"values": "värdet", "gap": "skillnaden mot kommunen", "index": "utvecklingen som index"}[view]
    return (f"{fmt.clean_text(meta['name'])}, {fmt.year_span(*years)}. Linjediagram som visar {what} för "
            f"{fmt.clean_text(who)} år för år, med kommunen och riket som jämförelse.")


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
    codes = trend_areas(chosen, refs, unit=unit, view=view)
    obs = store.observations(indicator, codes, years[0], years[1], trend_sexes(sex, split))
    series = trend_series(obs, view=view, measure=measure, kommun_code=refs.get("kommun"))
    example = common.any_example(obs)
    names = common.names(store).names_of(chosen)
    found = set(obs["area_code"])
    missing = common.names(store).names_of(c for c in chosen if c not in found)
    view_text = _view_text(view, measure)
    sex_text = "kvinnor och män" if split else fmt.sex_label(sex)
    slug = f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{view if view != 'gap' else 'gap_' + measure}"
    charts = ()
    if not series.empty:
        figure = trend_figure(series, meta, styles=common.styles(store), view=view, measure=measure, years=years,
                              sex=sex, facet_sex=split, district_names=names, example=example)
        charts = (Chart(figure, slug, _alt(meta, names, years, view), common.source_text(meta, example),
                        texts(flag_notes(series, with_sex=split)), example),)
    info = ExportInfo(
        title=f"Trender – {meta['name']} ({VIEWS[view].lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(names) or "inga"),
                 ("År", fmt.year_span(*years)), ("Kön", sex_text), ("Visning", view_text)],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example, notes=[f"Enhet: {meta['unit']}."])
    table = TableView(trend_table(series, view=view, measure=measure, split_sex=split), info,
                      "Tabellen bakom diagrammet", "trender", (indicator, "-".join(names), slug.rsplit("_", 1)[-1]),
                      key="trender")
    # key figures always from the values themselves (also in the gap and index views)
    key_sex = "totalt" if split else sex
    key_obs = obs if (not split and view == "values") else store.observations(
        indicator, chosen + list(refs.values()), years[0], years[1], (key_sex,))
    key_codes = chosen[:common.MAX_KEY_AREAS] or ([refs["kommun"]] if "kommun" in refs else [])
    keys = area_key_figures(key_obs, meta, codes=key_codes, refs=refs, sex=key_sex)
    notes = flag_notes(series, with_sex=split) + ([why] if why else [])
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
    title = fmt.clean_text(meta["name"]) + {"gap": " – kvot mot kommunen" if measure == "ratio" else
                                            " – skillnad mot kommunen", "index": " – index"}.get(view, "")
    subtitle = (f"{fmt.names_list(names) or 'Kommunen och riket'} · {fmt.year_span(*years)} · "
                f"{sex_text.lower()} · {view_text.lower()}")
    return View(spec, "Trender", title, subtitle, charts, (table,), tuple(keys), tuple(notes),
                fmt.clean_text(meta["source"]), fmt.clean_text(meta["definition"]), example,
                f"trend_{indicator}_{fmt.slug('-'.join(names) or 'kommun')}_{years[0]}-{years[1]}",
                ((str(meta["name"]), example),), tuple(messages),
                {"meta": meta, "indicator": indicator, "chosen": tuple(chosen), "years": years,
                 "view": view, "split": split, "sex": sex})
