"""What the yearly follow-up report says, computed from the store: plain data, no Word.

``report_content(store, round_)`` gathers everything «Uppföljning av åtgärdsplan mot
segregation» holds for one follow-up round: the totals and the counts per utvecklingsområde
(computed, never typed), the changes since the previous round, every measure with its
status, comment and decision, the written texts (or None, which the draft shows as a
placeholder), and one «nulägesbild» per indicator: the Trender view (the same
``dashboard.views.build`` as the page and the slideshow), a small table of the latest
values, and generated sentences that call a change a change only when the intervals say so.

The indicator values run up to the round's year, so the 2021 report shows what could be
known for 2021 even when the store holds later years. Changes are counted from the baseline
year: by default the year before the plan's first follow-up round was planned (the plan of
2020 was first followed up in 2021, so 2019, the last year before it took effect).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loaders.domain import DECISION_LABELS, STATUS_COLOUR_WORDS, STATUSES
from loaders.errors import PanelError

from .. import formatting as fmt
from ..home import development_areas
from ..intervals import certain_change, interval_text, method_note, with_intervals
from ..sentences import NO_CERTAIN_CHANGE, endpoints, indicator_sentences
from ..specs import TrendSpec
from ..store import Store
from ..views import Chart, ViewError, build
from ..views import common
from .texts import INTRODUCTION, area_section

PLAN_NAME = "åtgärdsplan mot segregation"


@dataclass(frozen=True)
class TitleBlock:
    """The report's title block; empty fields become visible placeholders in the draft."""

    diarienummer: str = ""
    handlaggare: str = ""
    datum: dt.date | None = None
    organisation: str = ""


@dataclass(frozen=True)
class Measure:
    """One measure as the report writes it (imported text cleaned, not yet escaped)."""

    measure_id: str
    title: str
    description: str
    area_text: str
    responsible: str
    funding: str
    status: str
    comment: str
    decision: str
    decision_text: str


@dataclass(frozen=True)
class AreaPart:
    """One utvecklingsområde: its summary (None: not written yet), counts and measures."""

    number: int
    name: str
    summary: str | None
    counts: dict[str, int]
    measures: tuple[Measure, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class StatusChange:
    """Measures that moved from one status to another (None: not in that round)."""

    before: str | None
    after: str | None
    measures: tuple[tuple[str, str], ...]    # (id, title)

    @property
    def sentence(self) -> str:
        """«3 åtgärder har gått från pågår till genomförd»."""
        n = len(self.measures)
        many = n != 1
        if self.before is None:
            return f"{n} {'åtgärder är nya' if many else 'åtgärd är ny'} i denna uppföljning"
        if self.after is None:
            return f"{n} {'åtgärder' if many else 'åtgärd'} från förra uppföljningen finns inte med i denna"
        return f"{n} {'åtgärder har' if many else 'åtgärd har'} gått från {self.before} till {self.after}"


@dataclass(frozen=True)
class LatestRow:
    """One line of a nulägesbild's table: an area's latest value and its change."""

    area: str
    year: str
    value: str
    interval: str
    change: str


@dataclass(frozen=True)
class IndicatorPart:
    """One nulägesbild: chart, latest values, sentences, source and date."""

    indicator_id: str
    name: str
    unit: str
    development_area: int | None
    chart: Chart | None
    rows: tuple[LatestRow, ...]
    sentences: tuple[str, ...]
    source: str
    definition: str
    updated: str
    example: bool
    notes: tuple[str, ...]
    has_intervals: bool
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class ReportContent:
    round: int
    previous_round: int | None
    title: TitleBlock
    introduction: str | None
    totals: dict[str, int]
    areas: tuple[AreaPart, ...]
    changes: tuple[StatusChange, ...]
    indicators: tuple[IndicatorPart, ...]
    baseline_year: int
    plan: str
    districts: tuple[str, ...]
    group_name: str
    example: bool
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def heading(self) -> str:
        return f"Uppföljning av {PLAN_NAME} {self.round}"


# ----------------------------------------------------------------------------- measures

def _text(value: object) -> str:
    return fmt.clean_text(value)


def measures_of(frame: pd.DataFrame) -> list[Measure]:
    """``Store.measures`` rows as the report's measures, in plan order."""
    return [Measure(_text(r.measure_id), _text(r.title), _text(r.description), _text(r.area_text),
                    _text(r.responsible), _text(r.funding), str(r.status), _text(r.comment),
                    _text(r.decision), _text(r.decision_text))
            for r in frame.itertuples(index=False)]


def status_counts(statuses: Sequence[str]) -> dict[str, int]:
    """{'genomförd': n, 'pågår': n, 'ej genomförd': n}, every status present."""
    return {s: sum(1 for x in statuses if x == s) for s in STATUSES}


def totals_sentence(totals: Mapping[str, int]) -> str:
    """«Uppföljningen av åtgärdsplanen visar att 12 åtgärder är genomförda, 42 pågår och 6 är ej
    genomförda.» (singular where one)."""
    done, ongoing, not_done = (int(totals.get(s, 0)) for s in STATUSES)
    first = f"{done} {'åtgärd är genomförd' if done == 1 else 'åtgärder är genomförda'}"
    second = f"{ongoing} pågår"
    third = f"{not_done} {'är ej genomförd' if not_done == 1 else 'är ej genomförda'}"
    return f"Uppföljningen av åtgärdsplanen visar att {first}, {second} och {third}."


def area_counts_text(counts: Mapping[str, int]) -> list[str]:
    """['✔ Genomförda: 6 åtgärder', '➜ Pågår: 9 åtgärder', '✖ Ej genomförda: 1 åtgärd'], as in the
    2021 report, with the symbol so no count depends on colour."""
    names = {"genomförd": "Genomförda", "pågår": "Pågår", "ej genomförd": "Ej genomförda"}
    return [f"{fmt.STATUS_SYMBOLS[s]} {names[s]}: {n} {'åtgärd' if n == 1 else 'åtgärder'}"
            for s, n in ((s, int(counts.get(s, 0))) for s in STATUSES)]


def status_words(status: str) -> str:
    """'✔ Genomförd (grön)': symbol, word and the colour the kommun's report uses, never colour alone."""
    return f"{fmt.status_label(status)} ({STATUS_COLOUR_WORDS.get(status, '')})".replace(" ()", "")


def decision_words(measure: Measure) -> str:
    """'Vidareutvecklas. Vidareutvecklad åtgärd 2022.' or what is known of it."""
    label = DECISION_LABELS.get(measure.decision, measure.decision.capitalize()) if measure.decision else ""
    parts = [p.rstrip(".") + "." for p in (label, measure.decision_text) if p]
    return " ".join(parts) if parts else "Inget beslut angivet."


def status_changes(previous: pd.DataFrame, current: pd.DataFrame) -> list[StatusChange]:
    """Measures whose status differs between two rounds, grouped by (before, after); new
    measures and measures gone come last. Empty when there is no previous round."""
    if previous is None or previous.empty:
        return []
    before = dict(zip(previous["measure_id"], previous["status"], strict=True))
    titles = dict(zip(previous["measure_id"], previous["title"], strict=True)) | dict(
        zip(current["measure_id"], current["title"], strict=True))
    after = dict(zip(current["measure_id"], current["status"], strict=True))
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for measure_id, status in after.items():
        old = before.get(measure_id)
        if old != status:
            groups.setdefault((old, status), []).append(measure_id)
    for measure_id, status in before.items():
        if measure_id not in after:
            groups.setdefault((status, None), []).append(measure_id)

    def order(key: tuple[str | None, str | None]) -> tuple:
        old, new = key
        rank = {s: i for i, s in enumerate(STATUSES)}
        return (old is None, new is None, rank.get(old or "", 9), rank.get(new or "", 9))

    return [StatusChange(None if old is None else old, new,
                         tuple((m, _text(titles.get(m, ""))) for m in groups[(old, new)]))
            for old, new in sorted(groups, key=order)]


# ----------------------------------------------------------------------------- indicators

def default_baseline(store: Store) -> int:
    """The year before the plan took effect: the first follow-up round minus two (the plan of
    2020, first followed up 2021 -> 2019)."""
    rounds = store.followup_rounds()
    return (rounds[0] if rounds else dt.date.today().year) - 2


def _change_text(rows: pd.DataFrame, meta: Mapping, base_year: int, last_year: int) -> str:
    """'−2,3 sedan 2019 – ingen säker förändring' for the latest values table (the unit is in
    the column's header)."""
    decimals = int(meta["decimals"])
    before, after = endpoints(rows, base_year=base_year, last_year=last_year)
    if after is None or before is None or before.year >= after.year:
        return fmt.EN_DASH
    diff = round(round(after.value, decimals) - round(before.value, decimals), decimals)
    text = f"{fmt.number(diff, decimals, sign=True)} sedan {before.year}"
    certain = certain_change(before.interval, after.interval)
    if certain is True:
        return f"{text} – säker förändring"
    if certain is False:
        return f"{text} – {NO_CERTAIN_CHANGE}"
    return text


def latest_rows(obs: pd.DataFrame, meta: Mapping, codes: Sequence[str], names: Mapping[str, str], *,
                base_year: int, last_year: int) -> list[LatestRow]:
    """One row per area in ``codes`` (districts, kommun, group, riket): its latest value up to
    ``last_year``, the 95 % interval where there is one, and the change since ``base_year``;
    numbers without their unit, which ``table_headers`` puts in the header."""
    decimals = int(meta["decimals"])
    out = []
    for code in codes:
        rows = obs[obs["area_code"] == code]
        if rows.empty:
            continue
        _, after = endpoints(rows, base_year=base_year, last_year=last_year)
        name = names.get(code) or _text(rows["area_name"].iloc[0])
        if after is None:
            out.append(LatestRow(name, fmt.EN_DASH, "uppgift saknas", "", fmt.EN_DASH))
            continue
        out.append(LatestRow(name, str(after.year), fmt.number(after.value, decimals),
                             interval_text(after.interval, decimals, None),
                             _change_text(rows, meta, base_year, last_year)))
    return out


def table_headers(unit: str, has_intervals: bool) -> list[str]:
    """The latest values table's header, the unit said once per column."""
    value = fmt.axis_title(unit)
    change = f"Förändring ({fmt.change_unit(unit)})" if not fmt.is_count(unit) else f"Förändring ({unit})"
    return ["Område", "År", value] + (["95 % intervall"] if has_intervals else []) + [change]


def _alt(chart: Chart, band: bool, example: bool) -> str:
    """The chart's alt text (title and one sentence), saying the band and example data too."""
    title, _, sentence = chart.alt.partition(". ")
    title += " (exempeldata)" if example else ""
    sentence = sentence.rstrip(".") + (", med 95-procentiga osäkerhetsintervall som ljusa band" if band else "")
    return f"{title}. {sentence}."


def _values(store: Store, indicator: str, unit: str, decimals: int, first: int, last: int
            ) -> tuple[pd.DataFrame, list[str], dict[str, str], str]:
    """The values a nulägesbild speaks of (kön totalt, with intervals): the priority districts
    and, unless the unit is a count, the kommun, the default comparison group and riket.
    Returns (values, district codes, {'kommun'|'grupp'|'riket': code}, group name)."""
    refs = common.references(store)
    districts = common.priority_districts(store)
    counts_only = fmt.is_count(unit)
    codes = districts + ([] if counts_only else [c for c in (refs.get("kommun"), refs.get("riket")) if c])
    frames = [store.observations(indicator, codes, first, last)]
    group_id, group_name = common.group_or_default(store, "")
    group = (store.group_observations(group_id, indicator, first, last) if group_id and not counts_only
             else pd.DataFrame())
    if len(group):
        frames.append(group[frames[0].columns])
    every = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) \
        else frames[0]
    every = with_intervals(every[every["sex"] == "totalt"], unit, decimals)
    references = {} if counts_only else {k: v for k, v in {
        "kommun": refs.get("kommun"), "grupp": f"grupp:{group_id}" if len(group) else None,
        "riket": refs.get("riket")}.items() if v}
    return every, districts, references, group_name if len(group) else ""


def indicator_part(store: Store, indicator: str, *, round_: int, base_year: int, updated: Mapping[str, str]
                   ) -> IndicatorPart:
    """One nulägesbild: the Trender view up to the round's year (with interval bands where the
    store has counts), the latest values, sentences, source and date."""
    meta = store.indicator(indicator)
    unit, decimals = str(meta["unit"]), int(meta["decimals"])
    first = int(meta["first_year"])
    last = min(int(meta["last_year"]), int(round_))
    area = None if fmt.is_missing(meta.get("development_area")) else int(meta["development_area"])
    base = {"indicator_id": indicator, "name": _text(meta["name"]), "unit": unit, "development_area": area,
            "definition": _text(meta.get("definition")), "updated": updated.get(indicator, ""),
            "source": _text(meta.get("source")) or "uppgift saknas", "example": bool(meta.get("example"))}
    if first > last:
        return IndicatorPart(**base, chart=None, rows=(), sentences=(
            f"Det finns inga värden till och med {round_}; de första är från {first}.",), notes=(),
            has_intervals=False, first_year=None, last_year=None)
    every, districts, references, group_name = _values(store, indicator, unit, decimals, first, last)
    has_intervals = bool(len(every)) and bool(every["ci_method"].notna().any())
    try:
        view = build(TrendSpec(indicator, (), (first, last), band=has_intervals), store)
    except ViewError as exc:
        return IndicatorPart(**base, chart=None, rows=(), sentences=(exc.message,), notes=(),
                             has_intervals=False, first_year=first, last_year=last)
    order = districts + [references[k] for k in ("kommun", "grupp", "riket") if k in references]
    names = dict(zip(every["area_code"], every["area_name"].map(_text), strict=False)) if len(every) else {}
    rows = latest_rows(every, meta, order, names, base_year=base_year, last_year=last) if len(every) else []
    said = indicator_sentences(every, meta, districts=districts, references=references, base_year=base_year,
                               last_year=last, group_name=group_name) if len(every) else []
    chart = view.charts[0] if view.charts else None
    band = bool(view.extra.get("band"))
    if chart is not None:
        chart = Chart(chart.figure, chart.filename, _alt(chart, band, view.example), chart.caption, chart.notes,
                      chart.example)
    notes = tuple(m.text for m in view.messages) + tuple(n for n in (chart.notes if chart else ()) if n)
    if has_intervals and not band:  # no chart to carry the note: say the method under the table
        notes += (method_note(set(every["ci_method"].dropna())),)
    return IndicatorPart(**{**base, "source": view.source, "example": view.example}, chart=chart, rows=tuple(rows),
                         sentences=tuple(said), notes=notes, has_intervals=has_intervals, first_year=first,
                         last_year=last)


# ----------------------------------------------------------------------------- the whole report

def report_content(store: Store, round_: int, title: TitleBlock | None = None, *,
                   baseline_year: int | None = None, indicators: Sequence[str] | None = None) -> ReportContent:
    """Everything the report for one follow-up round says. Raises PanelError (Swedish) when the
    round is not in the store. ``indicators`` limits the nulägesbilder (default: every
    indicator with values, in catalogue order)."""
    rounds = store.followup_rounds()
    if int(round_) not in rounds:
        known = ", ".join(str(r) for r in rounds) or "inga"
        raise PanelError(f"Det finns ingen uppföljning {round_} i databasen (uppföljningar: {known}).",
                         title="Rapporten kan inte skapas")
    round_ = int(round_)
    current = store.measures(round_)
    earlier = [r for r in rounds if r < round_]
    previous_round = earlier[-1] if earlier else None
    previous = store.measures(previous_round) if previous_round is not None else pd.DataFrame()
    texts = store.report_texts(round_)
    areas = []
    for number, name in development_areas().items():
        rows = current[current["development_area"] == number]
        areas.append(AreaPart(number, name, texts.get(area_section(number)), status_counts(rows["status"].tolist()),
                              tuple(measures_of(rows))))
    base = baseline_year if baseline_year is not None else default_baseline(store)
    updated = store.indicator_updated()
    catalogue = store.indicators()
    ids = list(indicators) if indicators is not None else catalogue["indicator_id"].tolist()
    parts = tuple(indicator_part(store, i, round_=round_, base_year=base, updated=updated) for i in ids)
    plans = sorted({_text(p) for p in current["plan"].dropna()}) if "plan" in current else []
    group_id, group_name = common.group_or_default(store, "")
    districts = tuple(common.names(store).names_of(common.priority_districts(store)))
    return ReportContent(
        round=round_, previous_round=previous_round, title=title or TitleBlock(),
        introduction=texts.get(INTRODUCTION), totals=status_counts(current["status"].tolist()), areas=tuple(areas),
        changes=tuple(status_changes(previous, current)), indicators=parts, baseline_year=base,
        plan=plans[0] if len(plans) == 1 else "Åtgärdsplan mot segregation", districts=districts,
        group_name=_text(group_name) if group_id else "", example=any(p.example for p in parts), texts=dict(texts))
