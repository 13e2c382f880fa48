"""What one view shows, as a frozen, typed value: the spec.

A spec holds every choice a view depends on and nothing else. The page builds one from its
widgets, the slideshow keeps a list of them in the URL, and ``dashboard.views.build`` turns
one into everything the view shows. Because the spec is the whole state, a link, a slide
and the PowerPoint all show the same thing.

Each spec converts to and from URL parameters, non-default values only, under the same
names as the page's widgets (``?indikator=…&omraden=…``), and to and from the slideshow's
encoding (``{"k": kind, **params}``). Values that no longer fit (an unknown kön, a year
that is not a number) fall back to the default instead of failing: a link must never break
a page.

Empty values mean "the store's default": no areas is the priority districts on Trender, an
empty district is the default district, year 0 is the latest year, empty years all years.
The builder resolves them, so a spec stays small and a default follows the data.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from loaders.domain import SEXES, STATUSES

Params = dict[str, str | list[str]]
MAX_SLIDES = 40          # a meeting, not an archive; also keeps the URL short
MAX_LIST = 40            # at most this many values in a list parameter


def _param(name: str, default: Any = None, *, choices: Sequence[str] | None = None) -> Any:
    meta = {"param": name, "choices": tuple(choices) if choices else None}
    if isinstance(default, tuple):
        return field(default=default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Spec:
    """Base of every view spec: conversion to and from URL parameters."""

    KIND: ClassVar[str] = ""
    PAGE: ClassVar[str] = ""     # the page file in pages/ that shows this kind
    TITLE: ClassVar[str] = ""    # the page's title, as in the navigation

    def to_params(self) -> Params:
        """The non-default fields as URL parameters (lists as repeated values)."""
        out: Params = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            out[f.metadata["param"]] = _encode(value)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Spec:
        """A spec from URL parameters; missing or unreadable values take their defaults."""
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = params.get(f.metadata["param"])
            if raw is None:
                continue
            value = _decode(raw, hints[f.name])
            choices = f.metadata.get("choices")
            if value is None or (choices and not _allowed(value, choices)):
                continue
            values[f.name] = value
        return cls(**values)

    def replace(self, **changes: Any) -> Spec:
        return dataclasses.replace(self, **changes)


def _allowed(value: Any, choices: Sequence[str]) -> bool:
    if isinstance(value, tuple):
        return all(v in choices for v in value)
    return value in choices


def _encode(value: Any) -> str | list[str]:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return [str(v) for v in value]
    return str(value)


def _decode(raw: Any, hint: Any) -> Any:
    """A parameter's text (or list of texts) as the field's type; None when unreadable."""
    texts = [str(r) for r in raw] if isinstance(raw, (list, tuple)) else [str(raw)]
    origin = typing.get_origin(hint)
    try:
        if origin is tuple:
            kind = typing.get_args(hint)[0]
            items = texts if len(texts) > 1 or isinstance(raw, (list, tuple)) else texts[0].split(",")
            items = [t for t in items if t != ""][:MAX_LIST]
            return tuple(int(t) for t in items) if kind is int else tuple(items)
        text = texts[0]
        if hint is bool:
            return text.lower() in ("1", "true", "ja", "on")
        if hint is int:
            return int(text)
        return text[:200]
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------- the kinds

@typing.dataclass_transform(frozen_default=True)
def view_kind(kind: str, page: str, title: str):
    """Declare a view kind: its key in slides and links, the page that shows it and that
    page's title; the class becomes a frozen dataclass of its URL parameters."""
    def declare(cls: type[Spec]) -> type[Spec]:
        cls.KIND, cls.PAGE, cls.TITLE = kind, page, title
        return dataclass(frozen=True)(cls)
    return declare


VIEWS = ("values", "gap", "index")
GAP_MEASURES = ("difference", "ratio")
REFERENCES = ("kommun", "riket", "grupp")


@view_kind("trend", "pages/trender.py", "Trender")
class TrendSpec(Spec):
    """Trender: one indicator over the years for chosen districts against kommun, riket and a group."""

    indicator: str = _param("indikator", "")
    areas: tuple[str, ...] = _param("omraden", ())
    years: tuple[int, ...] = _param("ar", ())
    sex: str = _param("kon", "totalt", choices=SEXES)
    view: str = _param("vy", "values", choices=VIEWS)
    measure: str = _param("matt", "difference", choices=GAP_MEASURES)
    reference: str = _param("mot", "kommun", choices=REFERENCES)
    split: bool = _param("delat", False)
    band: bool = _param("intervall", False)
    group: str = _param("grupp", "")


@view_kind("ranking", "pages/jamforelse.py", "Jämförelse")
class RankingSpec(Spec):
    """Jämförelse: the home kommun's districts ranked for one indicator and year."""

    indicator: str = _param("indikator", "")
    year: int = _param("jamforelsear", 0)
    sex: str = _param("kon", "totalt", choices=SEXES)
    group: str = _param("grupp", "")


@view_kind("profile", "pages/omradesprofil.py", "Områdesprofil")
class ProfileSpec(Spec):
    """Områdesprofil: every indicator for one district, small multiples."""

    area: str = _param("omrade", "")
    years: tuple[int, ...] = _param("ar", ())
    sex: str = _param("kon", "totalt", choices=SEXES)


@view_kind("overview", "pages/oversikt.py", "Översikt")
class OverviewSpec(Spec):
    """Översikt: one district's latest values and the measures' status at a glance."""

    area: str = _param("omrade", "")
    sex: str = _param("kon", "totalt", choices=SEXES)


MEASURE_GROUPINGS = ("development_area", "unit_groups", "district_groups")


@view_kind("measures", "pages/atgarder.py", "Åtgärder")
class MeasuresSpec(Spec):
    """Åtgärder: one follow-up round's statuses, filtered and grouped."""

    round: int = _param("omgang", 0)
    development_areas: tuple[int, ...] = _param("filter_uo", ())
    units: tuple[str, ...] = _param("filter_ansvarig", ())
    districts: tuple[str, ...] = _param("filter_omrade", ())
    statuses: tuple[str, ...] = _param("filter_status", (), choices=STATUSES)
    by: str = _param("per", "development_area", choices=MEASURE_GROUPINGS)
    only_changed: bool = _param("bara_andrade", True)


@view_kind("theme", "pages/indikatorer_och_atgarder.py", "Indikatorer och åtgärder")
class ThemeSpec(Spec):
    """Indikatorer och åtgärder: one utvecklingsområde's indicators beside its measures."""

    development_area: int = _param("uo", 1)
    area: str = _param("omrade", "")
    years: tuple[int, ...] = _param("ar", ())
    sex: str = _param("kon", "totalt", choices=SEXES)
    round: int = _param("omgang", 0)
    only_district: bool = _param("bara_omrade", False)


@view_kind("map", "pages/karta.py", "Karta")
class MapSpec(Spec):
    """Karta: one indicator and year across Sweden's kommuner, a group's, or the districts."""

    indicator: str = _param("indikator", "")
    level: str = _param("niva", "kommun", choices=("kommun", "omrade"))
    year: int = _param("kartar", 0)
    sex: str = _param("kon", "totalt", choices=SEXES)
    group: str = _param("kartgrupp", "")


KINDS: dict[str, type[Spec]] = {cls.KIND: cls for cls in (TrendSpec, RankingSpec, ProfileSpec, OverviewSpec,
                                                          MeasuresSpec, ThemeSpec, MapSpec)}
# The kinds a slide can show: one chart and its key figures.
SLIDE_KINDS = ("trend", "ranking", "measures", "map")


# ----------------------------------------------------------------------------- slideshow

def to_slide(spec: Spec) -> dict[str, Any]:
    return {"k": spec.KIND, **spec.to_params()}


def from_slide(item: object) -> Spec | None:
    """One slide's spec, or None when it cannot be read (it is then quietly dropped)."""
    if not isinstance(item, Mapping):
        return None
    if "page" in item:  # the encoding before typed specs: keep old links working
        item = _old_slide(item)
        if item is None:
            return None
    cls = KINDS.get(str(item.get("k")))
    if cls is None or cls.KIND not in SLIDE_KINDS:
        return None
    spec = cls.from_params(item)
    return spec if not hasattr(spec, "indicator") or getattr(spec, "indicator") else None


def _old_slide(item: Mapping) -> dict | None:
    try:
        page = item["page"]
        if page == "trender":
            new = {"k": "trend", "indikator": item["ind"], "omraden": list(item.get("areas", [])),
                   "ar": list(item["years"]), "kon": item.get("sex", "totalt"), "vy": item.get("view", "values"),
                   "matt": item.get("measure", "difference")}
            if item.get("split"):
                new["delat"] = "1"
            return new
        if page == "jamforelse":
            return {"k": "ranking", "indikator": item["ind"], "jamforelsear": item["year"],
                    "kon": item.get("sex", "totalt")}
        if page == "atgarder":
            return {"k": "measures", "omgang": item["round"]}
    except (KeyError, TypeError):
        return None
    return None


def encode(specs: Sequence[Spec]) -> str:
    """Slides -> URL-safe base64 of compact JSON (no padding); '' for an empty list."""
    if not specs:
        return ""
    raw = json.dumps([to_slide(s) for s in specs], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(text: str | None) -> list[Spec]:
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
    return [s for s in (from_slide(item) for item in data[:MAX_SLIDES]) if s is not None]


def move(specs: Sequence[Spec], index: int, step: int) -> list[Spec]:
    """A copy with the slide at ``index`` moved ``step`` places (-1 up, +1 down), clamped."""
    out = list(specs)
    target = index + step
    if 0 <= index < len(out) and 0 <= target < len(out):
        out[index], out[target] = out[target], out[index]
    return out


def remove(specs: Sequence[Spec], index: int) -> list[Spec]:
    return [s for i, s in enumerate(specs) if i != index]


def add(specs: Sequence[Spec], spec: Spec) -> list[Spec]:
    """Append a slide (a slide already last in the list is not added twice)."""
    out = list(specs)
    if out and out[-1] == spec:
        return out
    return (out + [spec])[-MAX_SLIDES:]
