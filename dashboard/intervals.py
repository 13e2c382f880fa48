"""95 % intervals where the store holds the counts behind a value, and whether a change is certain.

A district of 5 000 inhabitants moves a few tenths of a percent from one year to the next by
chance alone. Where an observation carries its counts (``numerator`` and ``denominator``),
this module says how far chance alone could move it, so a sentence, a key-figure arrow or a
report calls a change a change only when it is larger than that.

Two kinds of values have counts that mean something:

* **Shares** (unit «%»): ``numerator`` people of ``denominator``. The interval is Wilson's
  score interval. Unlike the textbook «p ± 1,96·SE» (Wald) interval it never goes below 0 or
  above 100 %, and it keeps close to its promised 95 % coverage for small groups and for
  shares near 0 or 100 %, which is where the districts' figures often are (Brown, Cai &
  DasGupta 2001, «Interval estimation for a binomial proportion»).
* **Rates** (unit «per 1 000 …» or «per 100 000 …»): ``numerator`` events among
  ``denominator`` inhabitants. The count is taken as Poisson distributed and its interval
  divided by the population. Below ``EXACT_BELOW`` events the interval is the exact one
  (Garwood 1936: chi-square quantiles, from scipy); from there on Byar's approximation
  (Breslow & Day 1987), which differs from the exact limits by less than 0.01 % at 50 events
  and less with more. Exact limits for a few events matter: with 3 events the rate may well
  be 3 times higher.

Anything else (means such as meritvärde, indices, the comparison group whose «numerator» is a
number of kommuner) gets no interval: the store does not hold what it would take. A count
that does not reproduce the stored value (value ≠ numerator / denominator × scale) is not
trusted either: then the numbers mean something else, and no interval is better than a
wrong one.

Whether a change is certain is decided by ``certain_change``: the two years' 95 % intervals
must not overlap. See its docstring for why that rule and not a test statistic.

Pure functions of numbers and DataFrames: no Streamlit, no SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from scipy.stats import binomtest, chi2, norm

from . import formatting as fmt

Z95 = float(norm.ppf(0.975))  # the standard normal's 97.5th percentile: two-sided 95 %
EXACT_BELOW = 50             # exact Poisson limits below this many events, Byar's from here on
WILSON = "wilson"
POISSON = "poisson"

METHOD_NOTES: dict[str, str] = {
    WILSON: ("Bandet visar ett 95-procentigt osäkerhetsintervall: hur mycket andelen kan variera av "
             "slumpen när gruppen är liten (Wilsons intervall, beräknat ur antal personer och "
             "befolkning; det håller sig mellan 0 och 100 % och fungerar även för små grupper)."),
    POISSON: ("Bandet visar ett 95-procentigt osäkerhetsintervall: hur mycket talet per invånare kan "
              "variera av slumpen när händelserna är få (Poissonintervall ur antal händelser och "
              "befolkning; exakt under 50 händelser, Byars approximation därutöver)."),
}
CHANGE_RULE = ("En förändring kallas säker bara när de två årens 95-procentiga intervall inte överlappar "
               "varandra.")


@dataclass(frozen=True)
class Interval:
    """A 95 % interval on the value's own scale (percent, per 1 000 …) and how it was made."""

    low: float
    high: float
    method: str

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


# ----------------------------------------------------------------------------- the methods

def wilson(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion ``successes / trials``, on the 0–1 scale.

    Whole counts at 95 % go to scipy (``binomtest(...).proportion_ci(method="wilson")``).
    scipy's binomtest takes integers only, but a stored denominator may be a weighted or
    averaged population with decimals, and ``z`` may ask for another level: those take the
    same closed form (Wilson 1927; Newcombe 1998, method 3) written out with scipy's normal
    quantile as the default ``z``: rounding such counts to fit binomtest would give the
    interval of counts nobody observed, and dropping the interval would hide a real one.

    >>> [round(x, 4) for x in wilson(81, 263)]
    [0.2553, 0.3662]
    """
    if trials <= 0 or successes < 0 or successes > trials:
        raise ValueError(f"no proportion: {successes} of {trials}")
    if z == Z95 and float(successes).is_integer() and float(trials).is_integer():
        return _wilson_scipy(int(successes), int(trials))
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@lru_cache(maxsize=65_536)
def _wilson_scipy(successes: int, trials: int) -> tuple[float, float]:
    """Cached because binomtest also runs the exact test (about a millisecond) whose p-value
    is not used here, and Streamlit redraws the same counts on every click."""
    made = binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return max(0.0, float(made.low)), min(1.0, float(made.high))


@lru_cache(maxsize=4_096)
def poisson_exact(count: int, alpha: float = 0.05) -> tuple[float, float]:
    """Garwood's exact interval for a Poisson count: the means under which the observed count
    or a more extreme one has probability ``alpha / 2`` on each side, in its closed form
    through the chi-square distribution. Cached: each scipy quantile costs a fraction of a
    millisecond, and the same few small counts come back on every redraw.

    >>> [round(x, 3) for x in poisson_exact(5)]
    [1.623, 11.668]
    """
    if count < 0:
        raise ValueError(f"no count: {count}")
    low = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return low, high


def poisson_byar(count: float, z: float = Z95) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson interval (good from a few tens of events on)."""
    if count < 0:
        raise ValueError(f"no count: {count}")
    low = 0.0 if count == 0 else count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = count + 1
    high = upper * (1 - 1 / (9 * upper) + z / (3 * math.sqrt(upper))) ** 3
    return low, high


def poisson(count: float) -> tuple[float, float]:
    """The 95 % interval of a Poisson count: exact below ``EXACT_BELOW`` events, Byar's above."""
    if count < EXACT_BELOW and float(count).is_integer():
        return poisson_exact(int(count))
    return poisson_byar(count)


# ----------------------------------------------------------------------------- values with counts

def scale_of(unit: str | None) -> tuple[str, float] | None:
    """('wilson', 100) for a share in percent, ('poisson', 1000) for «per 1 000 inv.», None when
    the unit has no counts an interval could be made of (points, indices, antal)."""
    u = (unit or "").strip().lower()
    if u == "%":
        return WILSON, 100.0
    if u.startswith("per "):
        digits = "".join(ch for ch in u[4:].split(" inv")[0].split(" inn")[0] if ch.isdigit())
        if digits:
            return POISSON, float(digits)
    return None


def _close(value: float, estimate: float, decimals: int) -> bool:
    """The stored value is the counts' ratio, up to the value's own rounding."""
    return abs(value - estimate) <= max(10.0 ** -decimals, 0.01 * abs(estimate))


def interval(value: object, numerator: object, denominator: object, unit: str | None,
             decimals: int = 1) -> Interval | None:
    """The 95 % interval of one stored value from its counts, or None when it cannot be made.

    None when a count is missing, the unit has no interval method, the counts are not whole
    numbers of people or events, or they do not reproduce the value (see the module's notes).
    """
    kind = scale_of(unit)
    if kind is None or any(fmt.is_missing(v) for v in (value, numerator, denominator)):
        return None
    method, scale = kind
    num, den, val = float(numerator), float(denominator), float(value)  # type: ignore[arg-type]
    if den <= 0 or num < 0 or not num.is_integer():
        return None
    if not _close(val, num / den * scale, decimals):
        return None
    if method == WILSON:
        if num > den:
            return None
        low, high = wilson(num, den)
    else:
        low, high = poisson(num)
        low, high = low / den, high / den
    return Interval(low * scale, high * scale, method)


def with_intervals(obs: pd.DataFrame, unit: str | None, decimals: int = 1) -> pd.DataFrame:
    """``obs`` (``Store.observations``) with ``ci_low``, ``ci_high`` and ``ci_method`` added.

    Rows without an interval get NaN and None. A comparison group's row never gets one: its
    numerator and denominator count kommuner, not people.
    """
    frame = obs.copy()
    if scale_of(unit) is None or "numerator" not in frame or not frame["numerator"].notna().any():
        frame["ci_low"], frame["ci_high"], frame["ci_method"] = math.nan, math.nan, None
        return frame
    lows, highs, methods = [], [], []
    group = (frame["level"].astype(str) == "grupp").tolist() if "level" in frame else [False] * len(frame)
    has_counts = "denominator" in frame
    for i, (value, num, den) in enumerate(zip(
            frame["value"].tolist(), frame["numerator"].tolist() if has_counts else [None] * len(frame),
            frame["denominator"].tolist() if has_counts else [None] * len(frame), strict=True)):
        made = None if group[i] else interval(value, num, den, unit, decimals)
        lows.append(made.low if made else math.nan)
        highs.append(made.high if made else math.nan)
        methods.append(made.method if made else None)
    frame["ci_low"], frame["ci_high"], frame["ci_method"] = lows, highs, methods
    return frame


def row_interval(row: pd.Series | dict) -> Interval | None:
    """The interval ``with_intervals`` put on one row, or None."""
    low, high, method = row.get("ci_low"), row.get("ci_high"), row.get("ci_method")
    if fmt.is_missing(low) or fmt.is_missing(high) or not method:
        return None
    return Interval(float(low), float(high), str(method))


# ----------------------------------------------------------------------------- change

def certain_change(before: Interval | None, after: Interval | None) -> bool | None:
    """Is the change between two values certain? True, False, or None when it cannot be said.

    The rule: the two 95 % intervals do not overlap. It is chosen over a two-sample test for
    three reasons:

    * it is what the reader sees: the band in the chart, the interval in the table and the
      sentence all say the same thing, so a strategist can check a sentence by eye;
    * it is conservative. For two equally wide intervals, non-overlap means a difference of
      at least 2 × 1,96 standard errors of each value, which a two-sample z test would give a
      two-sided p of about 0,006; a sentence that says «ökade» should be right, and calling a
      real change «ingen säker förändring» costs less than the opposite;
    * it needs nothing the store does not hold, and it works the same for Wilson and Poisson
      intervals, whose exact limits are not symmetric around the value.

    None when either value has no interval (counts missing): the caller then describes the
    change without judging it.
    """
    if before is None or after is None:
        return None
    return not before.overlaps(after)


def method_note(methods: set[str] | list[str] | tuple[str, ...]) -> str:
    """The chart note for the interval methods used, with the rule for a certain change."""
    notes = [METHOD_NOTES[m] for m in (WILSON, POISSON) if m in set(methods)]
    return " ".join(notes + [CHANGE_RULE]) if notes else ""


def interval_text(made: Interval | None, decimals: int, unit: str | None) -> str:
    """'14,2–18,3 %' (en dash, the unit once); '' without an interval."""
    if made is None:
        return ""
    low, high = fmt.number(made.low, decimals), fmt.number(made.high, decimals)
    u = fmt.value_unit(unit)
    return f"{low}{fmt.EN_DASH}{high}" + (f"{fmt.NBSP}{u}" if u else "")
