"""Large synthetic imports for the crash test: a mall csv and the same data as a Batch.

The template (mall) layout is used because it can carry any number of indicators: the
catalogue has 14, so 200 000 unique (indicator, area, year, kön) keys need synthetic
indicators, which a mall row adds when it names a unit (Enhet) and a source (Källa).
"""

from __future__ import annotations

import hashlib
import io

import numpy as np
import pandas as pd

from loaders.model import INDICATOR_COLUMNS, OBSERVATION_COLUMNS, Batch

AREAS = ["Riket", "Linköpings kommun", "Berga", "Ryd", "Skäggetorp", "Lambohov", "Ekholmen",
         "Johannelund", "Gottfridsberg", "Vasastaden", "Innerstaden", "Tornby-Kallerstad"]
AREA_CODES = ["00", "0580", "0580-BER", "0580-RYD", "0580-SKA", "0580-LAM", "0580-EKH",
              "0580-JOH", "0580-GOT", "0580-VAS", "0580-IST", "0580-TKT"]
YEARS = list(range(1960, 2026))
SEXES = [("Totalt", "totalt"), ("Kvinnor", "kvinnor"), ("Män", "män")]
UNIT, SOURCE = "antal", "Syntetiska testdata"


def _grid(rows: int) -> pd.DataFrame:
    per_indicator = len(AREAS) * len(YEARS) * len(SEXES)
    i = np.arange(rows)
    indicator = i // per_indicator
    rest = i % per_indicator
    area = rest // (len(YEARS) * len(SEXES))
    year = (rest // len(SEXES)) % len(YEARS)
    sex = rest % len(SEXES)
    return pd.DataFrame({"indicator": indicator, "area": area, "year": np.array(YEARS)[year],
                         "sex": sex, "value": (i % 997) / 10})


def indicator_name(k: int) -> str:
    return f"Syntetisk indikator {k:03d}"


def indicator_id(k: int) -> str:
    return f"syntetisk_indikator_{k:03d}"


def mall_csv(rows: int) -> bytes:
    """A template csv of ``rows`` unique values, as a user would upload it."""
    g = _grid(rows)
    frame = pd.DataFrame({
        "Indikator": [indicator_name(k) for k in g["indicator"]],
        "Område": np.array(AREAS)[g["area"]],
        "År": g["year"],
        "Kön": np.array([s for s, _ in SEXES])[g["sex"]],
        "Värde": g["value"].map(lambda v: f"{v:.1f}".replace(".", ",")),
        "Enhet": UNIT, "Källa": SOURCE,
    })
    out = io.StringIO()
    frame.to_csv(out, sep=";", index=False, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def mall_batch(rows: int, file_name: str) -> Batch:
    """The Batch the mall loader would make of ``mall_csv(rows)``, built without parsing."""
    g = _grid(rows)
    obs = pd.DataFrame({
        "indicator_id": pd.array([indicator_id(k) for k in g["indicator"]], dtype="string"),
        "area_code": pd.array(np.array(AREA_CODES)[g["area"]], dtype="string"),
        "year": g["year"].astype("int64"),
        "sex": pd.array(np.array([s for _, s in SEXES])[g["sex"]], dtype="string"),
        "value": g["value"].astype("float64"),
        "flag": pd.array([None] * rows, dtype="string"),
        "numerator": np.nan, "denominator": np.nan,
        "comment": pd.array([None] * rows, dtype="string"),
        "source_sheet": pd.array([None] * rows, dtype="string"),
        "source_row": pd.array(np.arange(rows) + 2, dtype="Int64"),
        "source_column": pd.array(["E"] * rows, dtype="string"),
    })[OBSERVATION_COLUMNS]
    count = int(g["indicator"].max()) + 1 if rows else 0
    indicators = pd.DataFrame([dict(indicator_id=indicator_id(k), name=indicator_name(k), unit=UNIT,
                                    decimals=1, direction="neutral", development_area=None,
                                    source=SOURCE, definition=None) for k in range(count)],
                              columns=INDICATOR_COLUMNS)
    checksum = hashlib.sha256(f"{file_name}:{rows}".encode()).hexdigest()
    return Batch("mall", file_name, checksum, False, observations=obs, indicators=indicators)


def indicator_count(rows: int) -> int:
    return -(-rows // (len(AREAS) * len(YEARS) * len(SEXES)))
