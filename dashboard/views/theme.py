"""Indikatorer och åtgärder: one utvecklingsområde's indicators for a district, beside the
status of that utvecklingsområde's measures."""

from __future__ import annotations

from loaders.domain import DEVELOPMENT_AREAS

from .. import formatting as fmt
from ..catalogue import indicators_for_area
from ..export.xlsx import ExportInfo
from ..measures import filter_measures, measure_source, measures_for_district, prepare_measures, status_totals
from ..specs import ThemeSpec
from ..store import Store
from ..tables import measures_table
from . import common
from .model import Message, TableView, View
from .profile import panel_chart, panel_table, panels_for, section_chart

THEME_COLUMNS = ("Id", "Status", "Åtgärd", "Områden", "Ansvarig", "Beslut inför nästa år", "Kommentar")


def _measures(store: Store, spec: ThemeSpec, area_title: str, district_name: str) -> dict | None:
    round_ = common.round_or_latest(store, spec.round)
    if round_ is None:
        return None
    measures = prepare_measures(store.measures(round_))
    in_area = filter_measures(measures, development_areas=[spec.development_area])
    shown = filter_measures(in_area, districts=[district_name]) if spec.only_district else in_area
    source = measure_source(measures, round_)
    info = ExportInfo(
        title=f"Åtgärder inom {area_title}, uppföljning {round_}",
        filters=[("Utvecklingsområde", area_title), ("Uppföljningsomgång", str(round_)),
                 ("Gäller stadsdel", district_name if spec.only_district else "alla")],
        sources=[("Åtgärder", source)])
    table = TableView(measures_table(shown, columns=THEME_COLUMNS), info, f"Åtgärder – uppföljning {round_}",
                      "indikatorer_och_atgarder",
                      (f"omrade{spec.development_area}", district_name if spec.only_district else "alla", str(round_)),
                      key="uo_atgarder")
    mine = int(measures_for_district(in_area, district_name).sum())
    summary = (f"{len(shown)} av de {len(in_area)} åtgärderna inom utvecklingsområde {spec.development_area} "
               f"visas; {mine} av dem gäller stadsdelen {district_name}.")
    return {"round": round_, "totals": status_totals(shown), "table": table, "summary": summary}


def build_theme(spec: ThemeSpec, store: Store) -> View:
    if spec.development_area not in DEVELOPMENT_AREAS:
        raise common.ViewError(f"Utvecklingsområde {spec.development_area} finns inte i åtgärdsplanen.")
    district = common.district_or_default(store, spec.area)
    district_name = common.names(store).names[district]
    years = common.years_or_all(store, spec.years)
    area_title = fmt.development_area_label(spec.development_area)
    followed = indicators_for_area(store.indicators(), spec.development_area)
    panels = panels_for(store, district, years, spec.sex, followed, include_without_district=True)
    charts = tuple(panel_chart(meta, obs, store, district_name, height=460) for meta, obs in panels)
    measures = _measures(store, spec, area_title, district_name)
    tables_ = (measures["table"],) if measures else ()
    if panels:
        tables_ += (panel_table(panels, f"Indikatorer för {area_title} – {district_name}",
                                [("Utvecklingsområde", area_title), ("Stadsdel", district_name),
                                 ("År", fmt.year_span(*years)), ("Kön", fmt.sex_label(spec.sex))],
                                "Indikatorvärdena i diagrammen", "indikatorer",
                                (f"omrade{spec.development_area}", district_name, spec.sex), "uo_indikatorer"),)
    messages = () if panels else (Message(f"Inga indikatorer med värden följer utvecklingsområde "
                                          f"{spec.development_area} {fmt.year_span(*years)}."),)
    return View(spec, "Indikatorer och åtgärder", area_title, district_name, charts, tables_, (), (), "", "",
                any(c.example for c in charts), f"tema_{spec.development_area}_{fmt.slug(district_name)}",
                tuple((str(m["name"]), common.any_example(obs)) for m, obs in panels), messages,
                {"district": district, "district_name": district_name, "years": years, "measures": measures,
                 "area_title": area_title,
                 # the panels as one figure on the page, as on Områdesprofil (figures/multiples.py)
                 "grid": section_chart(area_title, charts, [fmt.clean_text(m["name"]) for m, _ in panels],
                                       district_name) if charts else None})
