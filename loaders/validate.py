"""Checks every loader's output must pass, whatever layout the file had.

Kept apart from the loaders so that a rule such as "a share cannot exceed 100 %" is
written once and holds for every source.
"""

from __future__ import annotations

import pandas as pd

from .errors import ProblemList
from .model import Batch, Reference

_KEY = ["indicator_id", "area_code", "year", "sex"]


def validate_batch(batch: Batch, ref: Reference) -> None:
    problems = ProblemList(batch.file_name)
    obs = batch.observations
    if len(obs):
        units = pd.concat([ref.indicators, batch.indicators])[["indicator_id", "unit", "name"]]
        units = units.drop_duplicates("indicator_id").set_index("indicator_id")
        for row in obs.itertuples(index=False):
            if row.indicator_id not in units.index:
                problems.error(f"okänd indikator «{row.indicator_id}».", sheet=row.source_sheet,
                               row=_row(row.source_row))
                continue
            if pd.isna(row.value):
                continue
            unit = str(units.at[row.indicator_id, "unit"]).lower()
            where = dict(sheet=row.source_sheet, row=_row(row.source_row), column=row.source_column)
            if row.value < 0:
                problems.error(f"värdet {row.value:g} är negativt; {units.at[row.indicator_id, 'name']} "
                               "kan inte vara negativ.", **where)
            elif unit.startswith("%") and row.value > 100:
                problems.error(f"andelen {row.value:g} % är större än 100 %.", **where)
        dupes = obs[obs.duplicated(_KEY, keep=False)]
        for _, group in list(dupes.groupby(_KEY, sort=False))[:10]:
            rows = [str(r) for r in group["source_row"].dropna().astype(int)]
            first = group.iloc[0]
            problems.error(
                f"samma indikator, område, år och kön förekommer flera gånger (rader {', '.join(rows)}): "
                f"{first.area_code} {first.year} {first.sex}.", sheet=first.source_sheet,
                row=_row(group.iloc[-1].source_row))
    if not len(obs) and not len(batch.followups):
        problems.error("filen innehåller inga värden att importera.")
    problems.raise_if_errors()


def _row(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
