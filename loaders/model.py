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
MEASURE_COLUMNS = [
    "measure_id", "plan", "title", "description", "development_area", "area_text", "districts",
    "responsible", "responsible_units", "funding",
]
FOLLOWUP_COLUMNS = [
    "measure_id", "round", "status", "comment", "decision", "decision_text", "source_sheet",
    "source_row",
]
INDICATOR_COLUMNS = [
    "indicator_id", "name", "unit", "decimals", "direction", "development_area", "source",
    "definition",
]
KINDS = ("forsorjningsstod", "meritvarde", "brottsstatistik", "mall", "atgarder")
KIND_LABELS = {
    "forsorjningsstod": "ekonomiskt bistånd / försörjningsstöd",
    "meritvarde": "meritvärde åk 9",
    "brottsstatistik": "brottsstatistik",
    "mall": "indikatormall",
    "atgarder": "åtgärdsregister",
}


@dataclass
class Reference:
    """What a loader needs to know about the store: areas, indicators, schools, population."""

    areas: pd.DataFrame  # code, name, level, parent, priority
    area_names: list[tuple[str, str]]  # (name or variant, code)
    indicators: pd.DataFrame  # columns of INDICATOR_COLUMNS
    schools: pd.DataFrame  # school_code, school_name, area_code
    population: pd.DataFrame  # area_code, year, population

    def __post_init__(self) -> None:
        self.matcher = AreaMatcher(self.area_names)

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.set_index("indicator_id").loc[indicator_id]


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

    @property
    def row_count(self) -> int:
        return len(self.observations) + len(self.followups)


def observations_frame(records: list[dict]) -> pd.DataFrame:
    """Build an observations frame with fixed dtypes, so empty and full batches look alike."""
    frame = pd.DataFrame.from_records(records, columns=OBSERVATION_COLUMNS)
    return frame.astype({
        "indicator_id": "string", "area_code": "string", "year": "int64", "sex": "string",
        "value": "float64", "flag": "string", "numerator": "float64", "denominator": "float64",
        "comment": "string", "source_sheet": "string", "source_row": "Int64",
        "source_column": "string",
    })
