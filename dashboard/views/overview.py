"""Översikt: one district's indicators in words, beside the measures' status."""

from __future__ import annotations

import pandas as pd

from .. import formatting as fmt
from ..comparisons import change_since, compare, direction_words
from ..export.xlsx import ExportInfo
from ..figures.bars import status_figure
from ..figures.cards import cards_html
from ..figures.sparkline import sparkline_html
from ..measures import measure_source, measures_for_district, prepare_measures, status_counts, status_totals
from ..specs import OverviewSpec
from ..store import Store
from ..tables import overview_table, status_count_table
from . import common
from .model import Chart, Message, TableView, View


def overview_cards(overview: pd.DataFrame, profile: pd.DataFrame | None = None, *,
                   district_code: str | None = None) -> pd.DataFrame:
    """One row per indicator with the texts the Översikt page shows.

    ``overview`` is ``queries.overview``; ``profile`` (``queries.profile``) gives the
    district's series for a sparkline.
    """
    rows = []
    for r in overview.itertuples(index=False):
        decimals, unit, direction = int(r.decimals), str(r.unit), str(r.direction)
        first_year = None if fmt.is_missing(r.first_year) else int(r.first_year)
        last_year = None if fmt.is_missing(r.last_year) else int(r.last_year)
        ch = change_since(r.first_value, r.last_value, first_year=first_year, last_year=last_year,
                          direction=direction, decimals=decimals, unit=unit)
        vs_kommun = compare(r.last_value, r.kommun_value, direction=direction, decimals=decimals,
                            unit=unit, reference_name="kommunen")
        vs_riket = compare(r.last_value, r.riket_value, direction=direction, decimals=decimals,
                           unit=unit, reference_name="riket")
        spark: list[float] = []
        spark_label = ""
        if profile is not None and district_code is not None and len(profile):
            mine = profile[(profile["indicator_id"] == r.indicator_id)
                           & (profile["area_code"] == district_code)].sort_values("year")
            valued = mine[mine["value"].notna()]
            spark = [float(v) for v in valued["value"]]
            if len(spark) > 1:
                years = [int(y) for y in valued["year"]]
                spark_label = (f"Utvecklingen {years[0]}–{years[-1]} för {fmt.clean_text(r.name)}: från "
                               f"{fmt.with_unit(spark[0], decimals, unit)} till {fmt.with_unit(spark[-1], decimals, unit)}"
                               f" ({len(spark)} år med värde).")
        last_flag = r.last_any_flag if isinstance(r.last_any_flag, str) else None
        note = ""
        if last_flag in fmt.MISSING_FLAGS and r.last_any_year != r.last_year:
            note = (f"{r.last_any_year}: {fmt.flag_label(last_flag)}; visar senaste år med "
                    f"värde ({last_year}).")
        rows.append({
            "indicator_id": r.indicator_id, "name": r.name, "unit": unit, "decimals": decimals,
            "direction": direction, "development_area": r.development_area,
            "source": r.source, "definition": r.definition, "example": bool(r.example),
            "first_year": first_year, "last_year": last_year,
            "last_value": r.last_value, "first_value": r.first_value,
            "kommun_value": r.kommun_value, "riket_value": r.riket_value,
            "value_text": fmt.with_unit(r.last_value, decimals, unit),
            "change": ch.difference, "change_text": ch.text, "change_words": ch.words,
            "change_verdict": ch.verdict,
            # st.metric: the arrow follows the change, the colour (colour-blind safe blue /
            # orange, never red/green) says better or worse, and words say it too.
            "delta_arrow": "off" if not ch.difference else ("up" if ch.difference > 0 else "down"),
            "delta_colour": {"bättre": "blue", "sämre": "orange"}.get(ch.verdict, "gray"),
            "kommun_text": fmt.with_unit(r.kommun_value, decimals, unit),
            "riket_text": fmt.with_unit(r.riket_value, decimals, unit),
            "vs_kommun": vs_kommun.text, "vs_kommun_verdict": vs_kommun.verdict,
            "vs_kommun_phrase": vs_kommun.phrase, "vs_kommun_diff": vs_kommun.difference,
            "vs_riket": vs_riket.text, "vs_riket_verdict": vs_riket.verdict,
            "vs_riket_phrase": vs_riket.phrase, "vs_riket_diff": vs_riket.difference,
            "sparkline": spark, "sparkline_html": sparkline_html(spark, spark_label), "note": note,
            "comparisons": _comparisons(unit, vs_kommun, vs_riket, decimals, r.kommun_value, r.riket_value),
            "about": f"{r.definition} Källa: {r.source}. {direction_words(direction).capitalize()}.",
        })
    return pd.DataFrame(rows)


def _comparisons(unit: str, vs_kommun, vs_riket, decimals: int, kommun: object,
                 riket: object) -> list[tuple[str, str]]:
    """The card's comparison lines as (text, verdict) in plain words: the card escapes them and
    sets the verdict in bold."""
    if fmt.is_count(unit):
        return [("Antal – jämförs inte med kommunen eller riket, som är mycket större.", "")]
    lines = []
    for name, comparison, value in (("Kommunen", vs_kommun, kommun), ("Riket", vs_riket, riket)):
        if fmt.is_missing(value):
            lines.append((f"{name}: uppgift saknas", ""))
            continue
        lines.append((f"{comparison.phrase} ({fmt.with_unit(value, decimals, unit)})", comparison.verdict or ""))
    return lines


def card_groups(cards: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(utvecklingsområde's label, its cards as one HTML list) in catalogue order."""
    if not len(cards):
        return ()
    labelled = ((fmt.development_area_label(area), group) for area, group in cards.groupby("development_area", sort=True))
    return tuple((label, cards_html(group.to_dict("records"), label)) for label, group in labelled)


def missing_for_district(indicators: pd.DataFrame, overview: pd.DataFrame) -> list[str]:
    """Names of indicators with data, but none for this district (e.g. kommun-only ones)."""
    have = set(overview["indicator_id"]) if len(overview) else set()
    return [n for i, n in zip(indicators["indicator_id"], indicators["name"], strict=True)
            if i not in have]


def _measure_status(store: Store, district_name: str) -> dict | None:
    """The latest round's status per utvecklingsområde, compact, for beside the cards."""
    rounds = store.followup_rounds()
    if not rounds:
        return None
    latest = rounds[-1]
    measures = prepare_measures(store.measures(latest))
    counts = status_counts(measures, "development_area")
    short = {a: f"{a}. {fmt.DEVELOPMENT_AREA_SHORT.get(a, '')}" for a in counts["group"].unique()}
    long = {a: fmt.development_area_label(a) for a in counts["group"].unique()}
    source = measure_source(measures, latest)
    totals = status_totals(measures)
    figure = status_figure(counts, title="Status per utvecklingsområde", subtitle=f"Antal åtgärder, uppföljning {latest}",
                           labels=short, source=f"Uppföljning {latest} av åtgärdsplanen", compact=True)
    alt = (f"Status per utvecklingsområde, uppföljning {latest}. Staplar med antal åtgärder per status: "
           + ", ".join(f"{n} {s}" for s, n in totals.items()) + ".")
    chart = Chart(figure, f"atgarder_status_per_utvecklingsomrade_{latest}", alt,
                  "✔ genomförd (mörk) · ➜ pågår (randig) · ✖ ej genomförd (rutig).")
    info = ExportInfo(title=f"Åtgärdernas status per utvecklingsområde, uppföljning {latest}",
                      filters=[("Uppföljningsomgång", str(latest))], sources=[("Åtgärder", source)])
    table = TableView(status_count_table(counts, "Utvecklingsområde", long), info, "Status per utvecklingsområde",
                      "oversikt_status", (str(latest),), key="oversikt_status")
    return {"round": latest, "totals": totals, "count": len(measures), "chart": chart, "table": table,
            "mine": int(measures_for_district(measures, district_name).sum())}


def build_overview(spec: OverviewSpec, store: Store) -> View:
    district = common.district_or_default(store, spec.area)
    district_name = common.names(store).names[district]
    sex = spec.sex
    indicators = store.indicators()
    overview = store.overview(district, sex)
    cards = overview_cards(overview, store.profile(district, sex), district_code=district)
    status = _measure_status(store, district_name)
    tables_ = ()
    if len(cards):
        info = ExportInfo(
            title=f"Översikt – {district_name}: senaste värde per indikator",
            filters=[("Område", district_name), ("Kön", fmt.sex_label(sex))],
            sources=[(n, s) for n, s in zip(cards["name"], cards["source"], strict=True)],
            definitions=[(n, d) for n, d in zip(cards["name"], cards["definition"], strict=True)],
            example=common.any_example(cards),
            notes=[("Förändring sedan första året: senaste värdet minus första årets värde för området; "
                   "för andelar i procentenheter."),
                   "Kommunen och riket gäller samma år som områdets senaste värde."])
        tables_ = (TableView(overview_table(cards, district_name), info,
                             f"Indikatorerna för {district_name} som tabell", "oversikt", (district_name, sex),
                             key="oversikt"),)
    if status is not None:
        tables_ = tables_ + (status["table"],)
    messages = () if len(cards) else (Message(f"Det finns inga indikatorvärden för {district_name} med de här valen."),)
    missing = missing_for_district(indicators, overview)
    notes = (f"Finns inte för {district_name} (bara för kommunen eller riket): {fmt.join_words(missing)}.",) \
        if missing else ()
    return View(spec, "Översikt", f"Översikt – {district_name}", fmt.sex_label(sex),
                (status["chart"],) if status else (), tables_, (), notes, "", "", common.any_example(cards),
                f"oversikt_{fmt.slug(district_name)}",
                tuple(zip(cards.get("name", []), (bool(e) for e in cards.get("example", [])))), messages,
                {"cards": cards, "card_groups": card_groups(cards), "district": district, "district_name": district_name, "sex": sex, "status": status})
