"""Åtgärder: the status of the action plan's measures for one follow-up round, with filters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from loaders.domain import STATUSES

from .. import formatting as fmt
from ..export.xlsx import ExportInfo
from ..figures.bars import status_figure
from ..measures import changes_for, filter_measures, measure_filter_options, measure_source, prepare_measures, \
    status_counts, status_totals
from ..specs import MeasuresSpec
from ..store import Store
from ..tables import changes_table, measures_table, status_count_table
from . import common
from .model import Chart, KeyFigure, Message, TableView, View

class _AreaLabels(Mapping[int, str]):
    """«4. Trivsamma livsmiljöer …» for areas 1–5, named when a view is built: as the home
    kommun's plan names them, not as they were named when this module was imported."""

    def __getitem__(self, area: int) -> str:
        if area not in range(1, 6):
            raise KeyError(area)
        return fmt.development_area_label(area)

    def __iter__(self) -> Iterator[int]:
        return iter(range(1, 6))

    def __len__(self) -> int:
        return 5


AREA_LABELS = _AreaLabels()
GROUPINGS = {
    # by: (tab label, table header, chart title, labels, note)
    "development_area": ("Per utvecklingsområde", "Utvecklingsområde", "Status per utvecklingsområde",
                         AREA_LABELS, ""),
    "unit_groups": ("Per ansvarig förvaltning", "Ansvarig förvaltning", "Status per ansvarig förvaltning", None,
                    "En åtgärd med flera ansvariga räknas hos var och en."),
    "district_groups": ("Per område", "Område", "Status per område", None,
                        "En åtgärd som gäller flera områden räknas i vart och ett."),
}
PATTERN_NOTE = "✔ genomförd · ➜ pågår (randig) · ✖ ej genomförd (rutig)."


def status_subtitle(round_: int, n: int, *, filtered: bool = False) -> str:
    """One line for the chart, the slideshow and the status slide: the round, the count and
    the key of symbols, so the statuses read without colour."""
    parts = [f"Uppföljning {round_}", f"{n} åtgärder", *(fmt.status_label(s).lower() for s in STATUSES)]
    if filtered:
        parts.append("urval enligt filter")
    return " · ".join(parts)


def _filters(spec: MeasuresSpec, round_: int) -> list[tuple[str, str]]:
    return [("Uppföljningsomgång", str(round_)),
            ("Utvecklingsområde", fmt.join_words([AREA_LABELS.get(a, str(a)) for a in spec.development_areas])
             or "alla"),
            ("Ansvarig förvaltning", fmt.join_words(spec.units) or "alla"),
            ("Gäller område", fmt.join_words(spec.districts) or "alla"),
            ("Status", fmt.join_words([fmt.status_label(s) for s in spec.statuses]) or "alla")]


def _grouping(by: str, shown, measures, round_: int, source: str, filters, parts, order) -> tuple[Chart, TableView]:
    _tab, header, title, labels, extra = GROUPINGS[by]
    counts = status_counts(shown, by, order)
    subtitle = status_subtitle(round_, len(shown), filtered=len(shown) < len(measures))
    figure = status_figure(counts, title=title, labels=labels, source=source, subtitle=subtitle) \
        if not counts.empty else None
    totals = status_totals(shown)
    alt = (f"{title}, uppföljning {round_}. Liggande staplar med antal åtgärder per status: "
           + ", ".join(f"{totals[s]} {s}" for s in STATUSES) + ".")
    chart = Chart(figure, f"atgarder_{fmt.slug(title.lower())}_{round_}", alt,
                  " ".join(x for x in (PATTERN_NOTE, extra) if x)) if figure is not None else None
    info = ExportInfo(title=f"Åtgärder – {title.lower()}, uppföljning {round_}", filters=filters,
                      sources=[("Åtgärder", source)], notes=[extra] if extra else [])
    table = TableView(status_count_table(counts, header, labels), info, title,
                      f"atgarder_{fmt.slug(header.lower())}", parts, key=f"antal_{by}")
    return chart, table


def _key_figures(store: Store, shown, measures, round_: int) -> list[KeyFigure]:
    totals = status_totals(shown)
    n = len(shown)
    heading = f"Åtgärder {round_}" + (f" (urval: {n} av {len(measures)})" if n < len(measures) else "")
    lines = []
    for status in STATUSES:
        share = f" ({fmt.number(100 * totals[status] / n, 0)} %)" if n else ""
        lines.append(f"{fmt.status_label(status)}: {totals[status]}{share}")
    keys = [KeyFigure(heading, f"{n} st", tuple(lines))]
    changes = store.measure_changes(round_)
    if len(changes):
        summary = changes_for(changes, shown["measure_id"], only_changed=False)[1]
        previous = int(max(r for r in store.followup_rounds() if r < round_))
        keys.append(KeyFigure(f"Sedan {previous}", f"{summary['Ny status']} med ny status",
                              (f"{summary['Ny i denna omgång']} nya åtgärder",)))
    return keys


def _changes(store: Store, spec: MeasuresSpec, shown, round_: int, source: str, filters) -> TableView | None:
    earlier = [r for r in store.followup_rounds() if r < round_]
    if not earlier:
        return None
    previous = max(earlier)
    changes, summary = changes_for(store.measure_changes(round_), shown["measure_id"], only_changed=spec.only_changed)
    info = ExportInfo(title=f"Förändringar i åtgärdernas status {previous}–{round_}",
                      filters=[*filters, ("Visar", "bara ändrade" if spec.only_changed else "alla")],
                      sources=[("Åtgärder", source)],
                      notes=[(f"Jämfört med uppföljning {previous} (bland de visade åtgärderna): "
                             f"{summary['Ny status']} har ny status, {summary['Ny i denna omgång']} är nya i denna "
                             f"omgång och {summary['Oförändrad status']} har samma status.")])
    return TableView(changes_table(changes, previous, round_), info, "Förändringar sedan föregående uppföljning",
                     "atgarder_forandringar", (f"{previous}-{round_}",), key="forandringar")


def build_measures(spec: MeasuresSpec, store: Store) -> View:
    round_ = common.round_or_latest(store, spec.round)
    if round_ is None or (spec.round and spec.round != round_):
        if spec.round:
            raise common.ViewError(f"Det finns ingen uppföljning av åtgärderna för {spec.round}.")
        raise common.ViewError("Inga åtgärder är importerade ännu. Fyll i åtgärdsmallen (Administration › Hämta data "
                               "› Mallar) och importera den under «Importera fil».")
    measures = prepare_measures(store.measures(round_))
    order = common.names(store).names_of(store.districts()["code"])
    shown = filter_measures(measures, development_areas=spec.development_areas, units=spec.units,
                            districts=spec.districts, statuses=spec.statuses)
    source = measure_source(measures, round_)
    filters = _filters(spec, round_)
    parts = (str(round_), *([] if len(shown) == len(measures) else ["urval"]))
    groups = {by: _grouping(by, shown, measures, round_, source, filters, parts, order) for by in GROUPINGS}
    main = [spec.by] + [b for b in GROUPINGS if b != spec.by]
    charts = tuple(groups[b][0] for b in main if groups[b][0] is not None)
    info = ExportInfo(title=f"Åtgärder, uppföljning {round_}", filters=filters, sources=[("Åtgärder", source)],
                      notes=[("«Beslut inför nästa år» är beslutet i normaliserad form; «Beslut (originaltext)» "
                             "är formuleringen i uppföljningen.")])
    listing = TableView(measures_table(shown), info, "Åtgärderna", "atgarder", parts, key="atgarder")
    changes = _changes(store, spec, shown, round_, source, filters)
    tables_ = (groups[spec.by][1], listing) + ((changes,) if changes else ())
    messages = () if len(shown) else (Message("Inga åtgärder matchar filtren."),)
    n = len(shown)
    return View(spec, "Åtgärder", f"Åtgärdernas status {round_}",
                status_subtitle(round_, n, filtered=n < len(measures)), charts, tables_,
                tuple(_key_figures(store, shown, measures, round_)), (), source,
                "Status enligt uppföljningen: genomförd, pågår eller ej genomförd.", False,
                f"atgarder_status_{round_}", (), messages,
                {"round": round_, "measures": measures, "totals": status_totals(shown), "shown": shown, "options": measure_filter_options(measures, order),
                 "groups": groups, "previous": max([r for r in store.followup_rounds() if r < round_], default=None),
                 "changes": changes})
