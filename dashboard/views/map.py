"""Karta: one indicator across Sweden's kommuner, or one comparison group's, for one year; or the
home kommun's districts when an editor has uploaded their borders."""

from __future__ import annotations

from loaders.domain import DISTRICT, KOMMUN
from loaders.geography import shapes

from .. import formatting as fmt
from ..comparisons import direction_words
from ..export.xlsx import ExportInfo
from ..figures.maps import choropleth
from ..specs import MapSpec
from ..store import Store
from ..tables import Table
from . import common
from .model import Chart, KeyFigure, Message, TableView, ValuesFilter, View

NO_SHAPES = ("Det finns inga stadsdelsgränser i databasen ännu. En redaktör lägger till dem på sidan Administration: "
             "ladda upp kommunens stadsdelar som GeoJSON (filtyp «områdesgränser»), med stadsdelens namn eller "
             "kod i varje områdes egenskaper.")


def _table(frame, meta: dict, column: str) -> Table:
    import pandas as pd

    ranked = frame.copy()
    lower = str(meta["direction"]) == "lägre"
    ranked["rank"] = ranked["value"].rank(method="min", ascending=lower).astype("Int64")
    ranked = ranked.sort_values(["rank", "area_name"], na_position="last")
    out = pd.DataFrame({"Rang": ranked["rank"], column: ranked["area_name"].map(fmt.clean_text),
                        "Kod": ranked["area_code"],
                        f"Värde ({meta['unit']})": ranked["value"].astype(float),
                        "Anmärkning": [fmt.flag_label(f) if isinstance(f, str) else "" for f in ranked["flag"]]})
    flags = {(i, f"Värde ({meta['unit']})"): f for i, f in enumerate(ranked["flag"]) if isinstance(f, str)}
    return Table(out.reset_index(drop=True), numbers={f"Värde ({meta['unit']})": int(meta["decimals"])},
                 flags=flags, widths={"Rang": 7, column: 24, "Kod": 8, "Anmärkning": 36})


def build_map(spec: MapSpec, store: Store) -> View:
    indicator = common.indicator_or_default(store, spec.indicator)
    meta = common.meta(store, indicator)
    level = DISTRICT if spec.level == "omrade" else KOMMUN
    years = store.level_years(indicator, level)
    name = fmt.clean_text(meta["name"])
    what = "stadsdel" if level == DISTRICT else "kommun"
    if not years:
        raise common.ViewError(f"{name} har inga värden per {what}. Hämta kommunernas värden från Kolada på sidan "
                               "Data, eller välj en annan indikator.")
    year = spec.year if spec.year in years else years[-1]
    sex = spec.sex if bool(meta["has_sex_split"]) else "totalt"
    frame = store.level_values(indicator, year, sex, level)
    group_id, group_name = common.group_or_default(store, spec.group) if spec.group else (None, "")
    messages: list[Message] = []
    if group_id and level == KOMMUN:
        members = {str(m) for m in store.groups().set_index("group_id").loc[group_id, "members"]}
        frame = frame[frame["area_code"].isin(members | {common.references(store).get(KOMMUN)})]
    if level == DISTRICT:
        geojson = store.district_shapes()
        drawn = {f["id"] for f in geojson["features"]}
        if not drawn:
            raise common.ViewError(NO_SHAPES)
        frame = frame[frame["area_code"].isin(drawn)]
    else:
        geojson = shapes(KOMMUN)
    home = common.references(store).get(KOMMUN)
    example = common.any_example(frame)
    source = common.sources_text(meta, frame)
    where = f"{fmt.clean_text(group_name)} och {fmt.clean_text(common.names(store).names.get(home, ''))}" \
        if group_id else ("kommunens stadsdelar" if level == DISTRICT else "Sveriges kommuner")
    valued = int(frame["value"].notna().sum())
    subtitle = (f"{where} · {year} · {fmt.sex_label(sex).lower()} · {valued} av {len(frame)} med värde · "
                f"{direction_words(str(meta['direction']))}")
    figure = choropleth(list(frame["area_code"]), list(frame["area_name"]), list(frame["value"]), list(frame["flag"]),
                        geojson, meta=meta, title=f"{fmt.plain(name)} {year}", subtitle=fmt.plain(subtitle),
                        source=source, example=example, home=home if level == KOMMUN else None,
                        reverse=str(meta["direction"]) == "högre")
    alt = (f"{name} {year}. Karta över {where} där färgen visar värdet; ljusgrå områden saknar värde"
           + (f" och {fmt.clean_text(common.names(store).names.get(home, ''))} är inringad." if level == KOMMUN else "."))
    chart = Chart(figure, f"karta_{indicator}_{year}", alt, common.source_text({**meta, "source": source}, example),
                  (), example)
    info = ExportInfo(title=f"Karta – {meta['name']}, {year}",
                      filters=[("Indikator", str(meta["name"])), ("År", str(year)), ("Kön", fmt.sex_label(sex)),
                               ("Områden", where)], sources=[(str(meta["name"]), source)],
                      definitions=[(str(meta["name"]), str(meta["definition"]))], example=example)
    table = TableView(_table(frame, meta, "Kommun" if level == KOMMUN else "Stadsdel"), info, "Värdena på kartan",
                      "karta", (indicator, str(year)), key="karta",
                      values=ValuesFilter((indicator,), tuple(frame["area_code"]), (year, year), (sex,)))
    keys = []
    if level == KOMMUN and home in set(frame["area_code"]):
        mine = frame[frame["area_code"] == home].iloc[0]
        ranked = frame["value"].rank(method="min", ascending=str(meta["direction"]) == "lägre")
        rank = ranked[frame["area_code"] == home].iloc[0]
        lines = (f"rang {int(rank)} av {valued} kommuner med värde",) if not fmt.is_missing(rank) else ()
        keys.append(KeyFigure(f"{fmt.clean_text(mine['area_name'])} {year}",
                              fmt.with_unit(mine["value"], int(meta["decimals"]), str(meta["unit"])), lines))
    if valued < len(frame):
        n = len(frame) - valued
        what = ("stadsdel" if n == 1 else "stadsdelar") if level == DISTRICT else ("kommun" if n == 1 else "kommuner")
        messages.append(Message(f"{n} {what} saknar värde och visas ljusgrå."))
    return View(spec, "Karta", f"{name} {year}", subtitle, (chart,), (table,), tuple(keys), (), source,
                fmt.clean_text(meta["definition"]), example, f"karta_{indicator}_{year}", ((str(meta["name"]), example),),
                tuple(messages), {"year": year, "years": years, "meta": meta, "indicator": indicator})
