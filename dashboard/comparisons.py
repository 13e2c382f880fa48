"""A value against a reference or against its own past, in words that know the direction.

"14,9 procentenheter högre än kommunen – sämre": the same comparison is said on the
Översikt cards, in the slideshow's key figures and in Excel, so it is worded once here.
Differences are judged at the indicator's own precision, so two values shown as equal are
called equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import formatting as fmt


@dataclass(frozen=True)
class Comparison:
    """A district's value against a reference, in words that know the direction."""

    difference: float | None
    relation: str          # "högre än", "lägre än", "samma som", "" when not comparable
    verdict: str           # "bättre", "sämre", "" (same, neutral or not comparable)
    text: str              # "14,9 procentenheter högre än kommunen – sämre"
    phrase: str = ""       # the same without the verdict

    @property
    def symbol(self) -> str:
        return {"bättre": "▲", "sämre": "▼"}.get(self.verdict, "●")


def verdict(difference: float | None, direction: str) -> str:
    """Is a positive/negative difference good? '' for no difference or neutral indicators."""
    if difference is None or fmt.is_missing(difference) or difference == 0:
        return ""
    if direction == "lägre":
        return "bättre" if difference < 0 else "sämre"
    if direction == "högre":
        return "bättre" if difference > 0 else "sämre"
    return ""


def shown_difference(value: float, reference: float, decimals: int) -> float:
    """``value - reference`` as the two are shown (each rounded to the indicator's places
    first), so two values shown as equal differ by 0 and the difference adds up on screen."""
    return fmt.rounded(fmt.rounded(value, decimals) - fmt.rounded(reference, decimals), decimals)


def compare(value: float | None, reference: float | None, *, direction: str, decimals: int,
            unit: str, reference_name: str) -> Comparison:
    """'Skäggetorp 18,0 % vs kommunen 3,1 %' -> '14,9 procentenheter högre än kommunen – sämre'.

    Differences are judged at the indicator's own precision, so two values shown as equal
    are called equal. Counts (antal) are never compared with larger areas.
    """
    if fmt.is_count(unit):
        text = f"antal – jämförs inte med {reference_name}"
        return Comparison(None, "", "", text, text)
    if fmt.is_missing(value):
        return Comparison(None, "", "", "inget värde att jämföra", "inget värde att jämföra")
    if fmt.is_missing(reference):
        return Comparison(None, "", "", f"uppgift saknas för {reference_name}",
                          f"uppgift saknas för {reference_name}")
    diff = shown_difference(value, reference, decimals)  # type: ignore[arg-type]
    if diff == 0:
        return Comparison(0.0, "samma som", "", f"samma som {reference_name}", f"samma som {reference_name}")
    relation = "högre än" if diff > 0 else "lägre än"
    judged = verdict(diff, direction)
    amount = fmt.with_change_unit(abs(diff), decimals, unit, sign=False)
    text = f"{amount} {relation} {reference_name}"
    return Comparison(diff, relation, judged, f"{text} – {judged}" if judged else text, text)


@dataclass(frozen=True)
class Change:
    difference: float | None
    verdict: str
    text: str      # "−6,7 procentenheter sedan 2012"
    words: str     # "minskat sedan 2012 – bättre"


def change_since(first: float | None, last: float | None, *, first_year: int | None,
                 last_year: int | None, direction: str, decimals: int, unit: str) -> Change:
    if fmt.is_missing(first) or fmt.is_missing(last) or first_year is None:
        return Change(None, "", "ingen jämförelse över tid", "")
    if first_year == last_year:
        return Change(None, "", f"bara ett år ({first_year})", "")
    diff = shown_difference(last, first, decimals)  # type: ignore[arg-type]
    text = f"{fmt.with_change_unit(diff, decimals, unit)} sedan {first_year}"
    if diff == 0:
        return Change(0.0, "", text, f"oförändrat sedan {first_year}")
    judged = verdict(diff, direction)
    moved = "ökat" if diff > 0 else "minskat"
    words = f"{moved} sedan {first_year}" + (f" – {judged}" if judged else "")
    return Change(diff, judged, text, words)


def direction_words(direction: str) -> str:
    return {"lägre": "lägre värde är bättre", "högre": "högre värde är bättre"}.get(
        direction, "varken högre eller lägre är bättre i sig")
