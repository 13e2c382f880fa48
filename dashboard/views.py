"""Saved views for the bildspel: a small JSON-able spec in, figure + table + key figures out.

A *view* is a page with its choices, written as a plain dict so that a list of views fits
in the URL (``?bildspel=…``, see ``encode``/``decode``):

==============  ===========================================================================
page            fields
==============  ===========================================================================
``trender``     ``ind`` indicator id, ``areas`` district codes, ``years`` [first, last],
                ``sex`` totalt/kvinnor/män, ``view`` values/gap/index, ``measure``
                difference/ratio, ``split`` women and men side by side (bool)
``jamforelse``  ``ind``, ``year``, ``sex``
``atgarder``    ``round`` follow-up round: measure status per utvecklingsområde
==============  ===========================================================================

``build(spec, q)`` turns a spec into a ``View`` without Streamlit: ``q(name, *args)`` runs
``dashboard.queries.<name>`` (the app passes ``db.query``; tests pass a function over a
connection). The same builders (figures, tables, ExportInfo) as the pages are used, so a
slide shows exactly what the page showed.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import figures, tables, transform
from . import formatting as fmt
from .export import ExportInfo
from .queries import DEVELOPMENT_AREAS
from .tables import Table

Query = Callable[..., Any]

PAGE_TITLES: dict[str, str] = {"trender": "Trender", "jamforelse": "Jämförelse", "atgarder": "Åtgärder"}
MAX_VIEWS = 40          # a meeting, not an archive; also keeps the URL short
MAX_KEY_AREAS = 3       # key figures for at most this many districts (readable on a slide)
SHEET_NAME_MAX = 31     # Excel's limit


class ViewError(ValueError):
    """A saved view that cannot be shown any more (the message is Swedish)."""


@dataclass
class KeyFigure:
    """One block of key figures: 'Skäggetorp 2024' · '18,0 %' · lines of comparisons."""

    heading: str
    value: str
    lines: list[str] = field(default_factory=list)

    def text_lines(self) -> list[str]:
        return [f"{self.heading}: {self.value}", *self.lines]


@dataclass
class View:
    spec: dict
    page: str                  # 'Trender'
    title: str                 # slide title, short
    subtitle: str              # choices in words
    figure: go.Figure | None
    table: Table
    info: ExportInfo
    key_figures: list[KeyFigure]
    source: str
    definition: str
    example: bool
    filename: str              # slug for images and sheets
    notes: list[str] = field(default_factory=list)   # caveats (gaps, flags)

    def speaker_notes(self) -> str:
        """Source, definition, choices and caveats: what the presenter may be asked about."""
        lines = [f"Källa: {self.source or 'uppgift saknas'}"]
        if self.definition:
            lines.append(f"Definition: {self.definition}")
        lines.append("Urval: " + "; ".join(f"{k}: {v}" for k, v in self.info.filters))
        lines += self.notes
        if self.example:
            lines.append("EXEMPELDATA – påhittade värden, inte verklig statistik.")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- specs

def trend_spec(indicator: str, areas: Sequence[str], years: Sequence[int], sex: str = "totalt",
               view: str = "values", measure: str = "difference", split: bool = False) -> dict:
    spec = {"page": "trender", "ind": str(indicator), "areas": [str(a) for a in areas],
            "years": [int(years[0]), int(years[1])], "sex": str(sex), "view": str(view)}
    if view == "gap" and measure != "difference":
        spec["measure"] = str(measure)
    if split:
        spec["split"] = True
    return spec


def ranking_spec(indicator: str, year: int, sex: str = "totalt") -> dict:
    return {"page": "jamforelse", "ind": str(indicator), "year": int(year), "sex": str(sex)}


def status_spec(round_: int) -> dict:
    return {"page": "atgarder", "round": int(round_)}


def _clean(spec: object) -> dict | None:
    """A decoded spec with the right shape and types, or None (quietly dropped)."""
    if not isinstance(spec, Mapping) or spec.get("page") not in PAGE_TITLES:
        return None
    try:
        if spec["page"] == "trender":
            years = list(spec["years"])
            return trend_spec(str(spec["ind"]), [str(a) for a in spec.get("areas", [])][:12],
                              (int(years[0]), int(years[1])), str(spec.get("sex", "totalt")),
                              str(spec.get("view", "values")), str(spec.get("measure", "difference")),
                              bool(spec.get("split", False)))
        if spec["page"] == "jamforelse":
            return ranking_spec(str(spec["ind"]), int(spec["year"]), str(spec.get("sex", "totalt")))
        return status_spec(int(spec["round"]))
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def encode(specs: Sequence[Mapping]) -> str:
    """Views -> URL-safe base64 of compact JSON (no padding); '' for an empty list."""
    if not specs:
        return ""
    raw = json.dumps(list(specs), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(text: str | None) -> list[dict]:
    """The inverse of ``encode``; anything malformed gives [] or drops the bad entries."""
    if not text:
        return []
    text = text.strip()[:20_000]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return []
    if not isinstance(data, list):
        return []
    return [s for s in (_clean(item) for item in data[:MAX_VIEWS]) if s is not None]


def move(specs: Sequence[dict], index: int, step: int) -> list[dict]:
    """A copy with the view at ``index`` moved ``step`` places (-1 up, +1 down), clamped."""
    out = list(specs)
    target = index + step
    if 0 <= index < len(out) and 0 <= target < len(out):
        out[index], out[target] = out[target], out[index]
    return out


def remove(specs: Sequence[dict], index: int) -> list[dict]:
    return [s for i, s in enumerate(specs) if i != index]


def add(specs: Sequence[dict], spec: dict) -> list[dict]:
    """Append a view (a view already last in the list is not added twice)."""
    out = list(specs)
    if out and out[-1] == spec:
        return out
    return (out + [spec])[-MAX_VIEWS:]


def label(spec: Mapping, indicators: pd.DataFrame, areas: pd.DataFrame) -> str:
    """A one-line description for the list: 'Trender · Ekonomiskt bistånd · Berga, Ryd · 2015–2024'."""
    names = dict(zip(indicators["indicator_id"], indicators["name"], strict=True))
    page = PAGE_TITLES.get(str(spec.get("page")), "?")
    if spec.get("page") == "atgarder":
        return f"{page} · status per utvecklingsområde · uppföljning {spec.get('round')}"
    indicator = names.get(spec.get("ind"), f"{spec.get('ind')} (finns inte)")
    sex = fmt.sex_label(str(spec.get("sex", "totalt"))).lower()
    if spec.get("page") == "jamforelse":
        return f"{page} · {indicator} · {spec.get('year')} · {sex}"
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    chosen = [area_names.get(c, c) for c in spec.get("areas", [])]
    years = spec.get("years", [0, 0])
    view = transform.VIEWS.get(str(spec.get("view")), "")
    sex_text = "kvinnor och män" if spec.get("split") else sex
    return (f"{page} · {indicator} · {fmt.names_list(chosen) or 'inga områden'} · "
            f"{fmt.year_span(int(years[0]), int(years[1]))} · {sex_text} · {view.lower()}")


# ----------------------------------------------------------------------------- key figures

def _values_by_area(obs: pd.DataFrame, sex: str) -> dict[str, pd.DataFrame]:
    rows = obs[(obs["sex"] == sex) & obs["value"].notna()]
    return {code: grp.sort_values("year") for code, grp in rows.groupby("area_code", sort=False)}


def area_key_figures(obs: pd.DataFrame, meta: Mapping, *, codes: Sequence[str], refs: Mapping[str, str],
                     sex: str, extra: Mapping[str, str] | None = None) -> list[KeyFigure]:
    """Latest value, change since the first year shown, distance to kommun and riket.

    ``obs`` holds the values of the areas and of kommun and riket (``queries.observations``).
    The latest year is the area's last year with a value; kommun and riket are compared in
    that same year.
    """
    decimals, unit, direction = int(meta["decimals"]), str(meta["unit"]), str(meta["direction"])
    by_area = _values_by_area(obs, sex)
    names = dict(zip(obs["area_code"], obs["area_name"], strict=False))
    out: list[KeyFigure] = []
    for code in codes:
        series = by_area.get(code)
        if series is None or series.empty:
            if code in names:
                out.append(KeyFigure(str(names[code]), "inget värde i perioden"))
            continue
        last, first = series.iloc[-1], series.iloc[0]
        year = int(last["year"])
        change = transform.change_since(first["value"], last["value"], first_year=int(first["year"]),
                                        last_year=year, direction=direction, decimals=decimals, unit=unit)
        lines = [change.text + (f" – {change.verdict}" if change.verdict else "")]
        for level, ref_name in (("kommun", "kommunen"), ("riket", "riket")):
            ref_code = refs.get(level)
            if ref_code is None or ref_code == code:
                continue
            ref = by_area.get(ref_code)
            ref_value = None
            if ref is not None:
                same = ref[ref["year"] == year]
                ref_value = None if same.empty else same["value"].iloc[0]
            if ref_value is None and fmt.is_count(unit):
                lines.append(f"antal – jämförs inte med {ref_name}")
                continue
            comparison = transform.compare(last["value"], ref_value, direction=direction, decimals=decimals,
                                           unit=unit, reference_name=ref_name)
            lines.append(comparison.text)
        if extra and code in extra:
            lines.insert(0, extra[code])
        out.append(KeyFigure(f"{last['area_name']} {year}", fmt.with_unit(last["value"], decimals, unit), lines))
    return out


# ----------------------------------------------------------------------------- builders

def _meta(q: Query, indicator: str) -> dict:
    try:
        return transform.indicator_meta(q("indicators"), indicator)
    except KeyError:
        raise ViewError(f"Indikatorn «{indicator}» finns inte längre i databasen.") from None


def _trend(spec: dict, q: Query, styles: Mapping[str, dict]) -> View:
    meta = _meta(q, spec["ind"])
    areas = q("areas")
    refs = q("reference_areas")
    unit = str(meta["unit"])
    known = set(areas["code"])
    chosen = [c for c in spec.get("areas", []) if c in known]
    years = (int(spec["years"][0]), int(spec["years"][1]))
    split = bool(spec.get("split")) and bool(meta["has_sex_split"])
    sex = spec.get("sex", "totalt") if bool(meta["has_sex_split"]) else "totalt"
    view, why = transform.effective_view(str(spec.get("view", "values")), unit)
    measure = str(spec.get("measure", "difference"))
    codes = transform.trend_areas(chosen, refs, unit=unit, view=view)
    obs = q("observations", spec["ind"], codes, years[0], years[1], transform.trend_sexes(sex, split))
    series = transform.trend_series(obs, view=view, measure=measure, kommun_code=refs.get("kommun"))
    example = transform.any_example(obs) or bool(meta["example"])
    names = [n for c, n in zip(areas["code"], areas["name"], strict=True) if c in chosen]
    figure = None
    if not series.empty:
        figure = figures.trend_figure(series, meta, styles=styles, view=view, measure=measure, years=years,
                                      sex=sex, facet_sex=split, district_names=names, example=example)
    table = tables.trend_table(series, view=view, measure=measure, split_sex=split)
    sex_text = "kvinnor och män" if split else fmt.sex_label(sex)
    view_text = transform.VIEWS[view] + (f" ({'kvot' if measure == 'ratio' else 'skillnad'})" if view == "gap" else "")
    info = ExportInfo(
        title=f"Trender – {meta['name']} ({transform.VIEWS[view].lower()})",
        filters=[("Indikator", str(meta["name"])), ("Områden", fmt.join_words(names) or "inga"),
                 ("År", fmt.year_span(*years)), ("Kön", sex_text), ("Visning", view_text)],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))],
        example=example, notes=[f"Enhet: {meta['unit']}."])
    # key figures always from the values themselves (also in the gap and index views)
    key_sex = "totalt" if split else sex
    key_obs = obs if (not split and view == "values") else q(
        "observations", spec["ind"], chosen + [refs[k] for k in ("kommun", "riket") if k in refs],
        years[0], years[1], (key_sex,))
    key_codes = chosen[:MAX_KEY_AREAS] or ([refs["kommun"]] if "kommun" in refs else [])
    keys = area_key_figures(key_obs, meta, codes=key_codes, refs=refs, sex=key_sex)
    notes = transform.flag_notes(series, with_sex=split) + ([why] if why else [])
    if len(chosen) > MAX_KEY_AREAS:
        notes.append(f"Nyckeltalen visar de {MAX_KEY_AREAS} första av {len(chosen)} valda områden.")
    title = str(meta["name"]) + {"gap": " – skillnad mot kommunen" if measure != "ratio" else " – kvot mot kommunen",
                                 "index": " – index"}.get(view, "")
    subtitle = (f"{fmt.names_list(names) or 'Kommunen och riket'} · {fmt.year_span(*years)} · "
                f"{sex_text.lower()} · {view_text.lower()}")
    slug = f"trend_{spec['ind']}_{fmt.slug('-'.join(names) or 'kommun')}_{years[0]}-{years[1]}"
    return View(spec, "Trender", title, subtitle, figure, table, info, keys, str(meta["source"] or ""),
                str(meta["definition"] or ""), example, slug, notes)


def _ranking(spec: dict, q: Query, styles: Mapping[str, dict]) -> View:
    meta = _meta(q, spec["ind"])
    year = int(spec["year"])
    available = q("years", spec["ind"])
    if year not in available:
        raise ViewError(f"{meta['name']} har inga värden för {year}.")
    sex = spec.get("sex", "totalt") if bool(meta["has_sex_split"]) else "totalt"
    ranked = q("ranking", spec["ind"], year, sex)
    rows = transform.ranking_rows(ranked, str(meta["direction"]))
    references = transform.reference_values(ranked)
    example = transform.any_example(ranked) or bool(meta["example"])
    figure = None
    if not rows.empty:
        figure = figures.ranking_figure(rows, meta, styles=styles, year=year, sex=sex, references=references,
                                        example=example)
    table = tables.ranking_table(rows, meta, references)
    info = ExportInfo(
        title=f"Jämförelse – {meta['name']}, {year}",
        filters=[("Indikator", str(meta["name"])), ("År", str(year)), ("Kön", fmt.sex_label(sex))],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))], example=example,
        notes=[f"Rangordning: {transform.direction_words(str(meta['direction']))}; rang 1 är bäst."])
    # key figures for the priority districts: value, rank, change since the first year, vs kommun/riket
    refs = q("reference_areas")
    priority = rows[rows["priority"].astype(bool)]
    codes = list(priority["area_code"])[:MAX_KEY_AREAS]
    ranked_n = int(rows["rank"].notna().sum())
    extra = {c: f"rang {int(r)} av {ranked_n}" for c, r in zip(priority["area_code"], priority["rank"], strict=True)
             if not pd.isna(r)}
    first_year = int(available[0])
    obs = q("observations", spec["ind"], codes + [refs[k] for k in ("kommun", "riket") if k in refs],
            first_year, year, (sex,))
    keys = area_key_figures(obs, meta, codes=codes, refs=refs, sex=sex, extra=extra)
    title = f"{meta['name']} – stadsdelarna {year}"
    subtitle = f"Alla stadsdelar rangordnade, bäst överst · {year} · {fmt.sex_label(sex).lower()}"
    return View(spec, "Jämförelse", title, subtitle, figure, table, info, keys, str(meta["source"] or ""),
                str(meta["definition"] or ""), example, f"jamforelse_{spec['ind']}_{year}_{sex}",
                transform.ranking_notes(rows))


def _status(spec: dict, q: Query) -> View:
    round_ = int(spec["round"])
    if round_ not in q("followup_rounds"):
        raise ViewError(f"Det finns ingen uppföljning av åtgärderna för {round_}.")
    measures = transform.prepare_measures(q("measures", round_))
    counts = transform.status_counts(measures, "development_area")
    labels = {a: fmt.development_area_label(a, DEVELOPMENT_AREAS) for a in range(1, 6)}
    source = transform.measure_source(measures, round_)
    title = "Status per utvecklingsområde"
    figure = figures.status_figure(counts, title=title, labels=labels, source=source,
                                   subtitle=f"Uppföljning {round_}, antal åtgärder") if not counts.empty else None
    table = tables.status_count_table(counts, "Utvecklingsområde", labels)
    info = ExportInfo(title=f"Åtgärder – status per utvecklingsområde, uppföljning {round_}",
                      filters=[("Uppföljningsomgång", str(round_))], sources=[("Åtgärder", source)])
    totals = transform.status_totals(measures)
    n = len(measures)
    keys = [KeyFigure(f"Åtgärder {round_}", f"{n} st")]
    for status in transform.STATUSES:
        share = f" ({fmt.number(100 * totals[status] / n, 0)} %)" if n else ""
        keys[0].lines.append(f"{fmt.status_label(status)}: {totals[status]}{share}")
    changes = q("measure_changes", round_)
    if len(changes):
        summary = transform.changes_for(changes, measures["measure_id"], only_changed=False)[1]
        previous = int(max(r for r in q("followup_rounds") if r < round_))
        keys.append(KeyFigure(f"Sedan {previous}", f"{summary['Ny status']} med ny status",
                              [f"{summary['Ny i denna omgång']} nya åtgärder"]))
    return View(spec, "Åtgärder", f"Åtgärdernas status {round_}",
                f"Åtgärdsplanen mot segregation · uppföljning {round_} · {n} åtgärder", figure, table, info,
                keys, source, "Status enligt uppföljningen: genomförd, pågår eller ej genomförd.", False,
                f"atgarder_status_{round_}")


def build(spec: Mapping, q: Query, *, styles: Mapping[str, dict] | None = None) -> View:
    """The figure, table, key figures and texts of one saved view. Raises ViewError."""
    clean = _clean(spec)
    if clean is None:
        raise ViewError("Vyn kan inte läsas.")
    styles = styles if styles is not None else figures.area_styles(q("areas"))
    if clean["page"] == "trender":
        return _trend(clean, q, styles)
    if clean["page"] == "jamforelse":
        return _ranking(clean, q, styles)
    return _status(clean, q)


def status_summary(q: Query, round_: int | None = None) -> tuple[int | None, Table]:
    """(round, counts per utvecklingsområde) for the meeting pack's status slide."""
    rounds = q("followup_rounds")
    if not rounds:
        return None, Table(pd.DataFrame(columns=["Utvecklingsområde"]))
    round_ = int(round_ if round_ in rounds else rounds[-1])
    counts = transform.status_counts(transform.prepare_measures(q("measures", round_)), "development_area")
    labels = {a: fmt.development_area_label(a, DEVELOPMENT_AREAS) for a in range(1, 6)}
    return round_, tables.status_count_table(counts, "Utvecklingsområde", labels)


def sheet_names(views: Sequence[View], extra: Sequence[str] = ()) -> list[str]:
    """'1 Trender Invånare i hushåll …' ≤ 31 characters, unique, no characters Excel refuses."""
    bad = set('[]:*?/\\')
    used: set[str] = set(extra)
    out = []
    for i, view in enumerate(views, start=1):
        words = view.title if view.page != "Åtgärder" else "Åtgärdsstatus"
        base = "".join(ch for ch in f"{i} {view.page} {words}" if ch not in bad).strip()
        name = base[:SHEET_NAME_MAX].rstrip(" '")
        k = 2
        while name.lower() in {u.lower() for u in used}:
            suffix = f" ({k})"
            name = base[:SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
            k += 1
        used.add(name)
        out.append(name)
    return out
