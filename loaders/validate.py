"""Checks every loader's output must pass, whatever layout the file had.

Kept apart from the loaders so that a rule such as "a share cannot exceed 100 %" is
written once and holds for every source.

The checks run column-wise (boolean masks over the whole batch) rather than row by row:
a template import can hold hundreds of thousands of values, and a Python loop with pandas
scalar lookups per row cost more than reading the file. Only the rows that fail a check are
visited one by one, to word their messages, and only as many as the problem list keeps.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .errors import MAX_PROBLEMS, ProblemList
from .model import Batch, Reference
from .values import is_share

# Net and change measures (SCB's Flyttningsnetto and Folkökning, Kolada's «Förändring …»,
# a result in kronor) are negative in real files; everything else a panel follows is a
# count, share, rate, mean or score that cannot be.
_SIGNED = re.compile(r"netto|ökning|minskning|överskott|underskott|förändring|justering|differens|"
                     r"skillnad|saldo|resultat|avvikelse|utveckling|tillväxt|diff\b|change|net\b",
                     re.IGNORECASE)

_KEY = ["indicator_id", "area_code", "year", "sex"]
MAX_DUPLICATE_MESSAGES = 10


def validate_batch(batch: Batch, ref: Reference) -> None:
    problems = ProblemList(batch.file_name)
    obs = batch.observations
    if len(obs):
        _check_rows(obs, batch, ref, problems)
        _check_duplicates(obs, problems)
    if not len(obs) and not len(batch.followups) and not len(batch.shapes):
        problems.error("filen innehåller inga värden att importera.")
    problems.raise_if_errors()


def _check_rows(obs: pd.DataFrame, batch: Batch, ref: Reference, problems: ProblemList) -> None:
    """Unknown indicator, negative value, share over 100 %: one message per failing row.

    A negative value is an error only for an indicator that cannot be negative: one whose
    name does not say it is a net or a change (see ``_SIGNED``).

    A row gets at most one of the three, in that precedence, and messages follow row order,
    so the list reads top to bottom like the file.
    """
    catalogue = pd.concat([ref.indicators, batch.indicators])[["indicator_id", "unit", "name"]]
    catalogue = catalogue.drop_duplicates("indicator_id")
    # per indicator, not per row: a batch repeats a handful of indicators many times
    shares = [i for i, u in zip(catalogue["indicator_id"], catalogue["unit"]) if is_share(u)]
    names = dict(zip(catalogue["indicator_id"], catalogue["name"]))
    signed = [i for i, n in names.items() if _SIGNED.search(str(n))]
    ids = obs["indicator_id"]
    known = ids.isin(catalogue["indicator_id"]).to_numpy(dtype=bool)
    value = obs["value"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        negative = known & (value < 0) & ~ids.isin(signed).to_numpy(dtype=bool)  # NaN compares False
        share = ids.isin(shares).to_numpy(dtype=bool)
        over = known & ~negative & share & (value > 100)
    bad = np.flatnonzero(~known | negative | over)
    if not len(bad):
        return
    sheets, rows, columns = obs["source_sheet"], obs["source_row"], obs["source_column"]
    for i in bad[:MAX_PROBLEMS]:  # the list keeps no more words than this; the rest are counted
        indicator_id, sheet, row = ids.iloc[i], sheets.iloc[i], _row(rows.iloc[i])
        if not known[i]:
            problems.error(f"okänd indikator «{indicator_id}».", sheet=sheet, row=row)
        elif negative[i]:
            problems.error(f"värdet {value[i]:g} är negativt; {names[indicator_id]} "
                           "kan inte vara negativ (bara nettotal och förändringar kan det).",
                           sheet=sheet, row=row, column=columns.iloc[i])
        else:
            problems.error(f"andelen {value[i]:g} % är större än 100 %.", sheet=sheet, row=row,
                           column=columns.iloc[i])
    problems.count("fel", max(len(bad) - MAX_PROBLEMS, 0))


def _check_duplicates(obs: pd.DataFrame, problems: ProblemList) -> None:
    """The first groups of rows sharing indicator, area, year and kön, in order of appearance."""
    dupes = obs[obs.duplicated(_KEY, keep=False)]
    if not len(dupes):
        return
    # groups with a missing key part are not reported (groupby drops them), as before
    group_of = dupes.groupby(_KEY, sort=False).ngroup()  # numbered in order of first row
    groups = int(group_of.max()) + 1 if group_of.notna().any() else 0
    group_of = group_of.to_numpy(dtype="float64", na_value=np.nan)
    for g in range(min(MAX_DUPLICATE_MESSAGES, groups)):
        group = dupes[group_of == g]
        rows = [str(r) for r in group["source_row"].dropna().astype(int)]
        first = group.iloc[0]
        problems.error(
            f"samma indikator, område, år och kön förekommer flera gånger (rader {', '.join(rows)}): "
            f"{first.area_code} {first.year} {first.sex}.", sheet=first.source_sheet,
            row=_row(group.iloc[-1].source_row))


def _row(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
