"""The one tidy shape every loader returns, and the reference data loaders read against."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .areas import AreaMatcher
from .errors import Problem

OBSERVATION_COLUMNS = [
    "indicator_id", "area_code", "year", "sex", "value", "flag", "numerator", "denominator",
    "comment", "source_sheet", "source_row", "source_column",
]
# Optional observation fields: a file that does not carry one (no column, or a column left
# entirely empty) keeps what the store holds for it instead of blanking it.
OPTIONAL_OBSERVATION_FIELDS = ("numerator", "denominator", "comment")
MEASURE_COLUMNS = [
    "measure_id", "plan", "title", "description", "development_area", "area_text", "districts",
    "responsible", "responsible_units", "funding",
]
# Register fields a follow-up file may or may not carry; those it does not carry (or leaves
# empty) are never blanked in the store.
MEASURE_TEXT_FIELDS = ("plan", "title", "description", "area_text", "responsible", "funding")
AREA_COLUMNS = ["code", "name", "level", "parent"]
FOLLOWUP_COLUMNS = [
    "measure_id", "round", "status", "comment", "decision", "decision_text", "source_sheet",
    "source_row",
]
INDICATOR_COLUMNS = [
    "indicator_id", "name", "unit", "decimals", "direction", "development_area", "source",
    "definition",
]
KIND_LABELS = {
    "forsorjningsstod": "ekonomiskt bistånd / försörjningsstöd",
    "meritvarde": "meritvärde åk 9 per skola (Skolverket)",
    "skolverket": "Skolverket, kommunnivå",
    "brottsstatistik": "brottsstatistik (BRÅ)",
    "kolada": "Kolada (fil eller sparat API-svar)",
    "scb": "SCB Statistikdatabasen (PxWeb)",
    "scb_distrikt": "Distriktsindikatorer från SCB (RegSO)",
    "socialstyrelsen": "Socialstyrelsens statistikdatabas",
    "mall": "indikatormall eller panelens egen export",
    "atgarder": "åtgärdsregister eller uppföljning",
    "recept": "kolumnrecept (egen mappning)",
    "karta": "områdesgränser (GeoJSON)",
}
KINDS = tuple(KIND_LABELS)


@dataclass
class Reference:
    """What a loader needs to know about the store: areas, indicators, schools, population."""

    areas: pd.DataFrame  # code, name, level, parent, priority
    area_names: list[tuple[str, str]]  # (name or variant, code)
    indicators: pd.DataFrame  # columns of INDICATOR_COLUMNS
    population: pd.DataFrame  # area_code, year, population
    mappings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["area_code", "district"]))
    home: str = "0580"       # the home kommun, where the districts lie
    kolada: dict[str, tuple[str, float]] = field(default_factory=dict)  # KPI id -> (indicator id, factor)
    kolada_titles: dict[str, str] = field(default_factory=dict)  # name_key(Kolada's KPI title) -> KPI id
    measures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["measure_id", "title"]))
    recipes: dict[str, tuple[str, dict]] = field(default_factory=dict)  # header key -> (name, spec)

    def __post_init__(self) -> None:
        self.matcher = AreaMatcher(self.area_names)
        self._levels = dict(zip(self.areas["code"], self.areas["level"], strict=True))

    def level_of(self, code: str) -> str | None:
        return self._levels.get(code)

    def name_of(self, code: str) -> str:
        """The store's name of an area, or the code when the store lacks it."""
        match = self.areas.loc[self.areas["code"] == code, "name"]
        return str(match.iloc[0]) if len(match) else code

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.set_index("indicator_id").loc[indicator_id]

    def schools(self) -> pd.DataFrame:
        """The schools the store knows: code (without prefix), name, kommun and district (or None)."""
        schools = self.areas[self.areas["level"] == "skola"]
        district = dict(zip(self.mappings["area_code"], self.mappings["district"], strict=True))
        return pd.DataFrame({"school_code": schools["code"].str.removeprefix("skola:"),
                             "school_name": schools["name"], "kommun": schools["parent"],
                             "area_code": [district.get(c) for c in schools["code"]]})


@dataclass
class Batch:
    """Everything one file contributes, ready to be written in one transaction."""

    kind: str
    file_name: str
    checksum: str
    example: bool
    observations: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=OBSERVATION_COLUMNS))
    indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDICATOR_COLUMNS))
    measures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MEASURE_COLUMNS))
    followups: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FOLLOWUP_COLUMNS))
    warnings: list[Problem] = field(default_factory=list)
    # areas the file brings (schools, RegSO, DeSO) that the store may not have yet
    areas: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AREA_COLUMNS))
    carried: frozenset[str] = frozenset(OPTIONAL_OBSERVATION_FIELDS)
    measure_fields: frozenset[str] = frozenset(MEASURE_TEXT_FIELDS)
    notes: list[str] = field(default_factory=list)   # what was left out on purpose, in Swedish
    source: str | None = None                        # the publisher, when not the indicator's
    shapes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["area_code", "geometry"]))
    settings: dict[str, str] = field(default_factory=dict)  # what the file names (a plan's development areas)

    @property
    def row_count(self) -> int:
        return len(self.observations) + len(self.followups) + len(self.shapes)


def observations_frame(records: list[dict]) -> pd.DataFrame:
    """Build an observations frame with fixed dtypes, so empty and full batches look alike."""
    frame = pd.DataFrame.from_records(records, columns=OBSERVATION_COLUMNS)
    return frame.astype({
        "indicator_id": "string", "area_code": "string", "year": "int64", "sex": "string",
        "value": "float64", "flag": "string", "numerator": "float64", "denominator": "float64",
        "comment": "string", "source_sheet": "string", "source_row": "Int64",
        "source_column": "string",
    })
