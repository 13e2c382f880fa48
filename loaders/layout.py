"""A table's layout found once, from an agency's facts; a recipe is a layout an editor saved.

Every table an agency publishes is a preamble, a header row, stub columns (area, year, kön,
what is measured) and value columns (one per year, or a single value column), then a footer.
What differs between agencies is only their words and rules, so an agency is described by a
``Facts`` value: the words that name its columns, what its symbols mean, the kön words it
uses, and which indicator a content text is. ``propose`` finds the layout in a sheet and
returns it as a recipe spec; ``recipe.read_spec`` reads every layout, saved or proposed, with
the same cell rules (``loaders.values``) and the same messages naming file, sheet, row and
column. Adding an agency is adding a ``Facts`` and calling ``register``: no reader of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .errors import ProblemList, fail
from .model import KIND_LABELS, Batch, Reference
from .reading import Sheet, Workbook
from .recipe import ALL_YEARS, header_year, read_spec, spec_problems
from .table import data_sheets, find_header

Loader = Callable[[Workbook, Reference], Batch]

@dataclass(frozen=True)
class Facts:
    """What one agency's tables say, never how they are found.

    ``tells`` are lower-case words that only this agency's files hold (in a sheet name, the
    preamble, a header or the file name). A table with a ``content`` column names its
    indicator per row, looked up in ``indicators`` and then in the catalogue by name; a table
    without one holds the single ``indicator``.
    """

    kind: str
    label: str
    source: str
    tells: tuple[str, ...]
    area: tuple[str, ...] = ("område", "region", "kommun", "stadsdel")
    year: tuple[str, ...] = ("år", "period", "läsår")
    sex: tuple[str, ...] = ("kön",)
    value: tuple[str, ...] = ("värde",)
    content: tuple[str, ...] = ()
    indicator: str | None = None
    indicators: Mapping[str, str] = field(default_factory=dict)
    sex_values: Mapping[str, str | None] = field(default_factory=dict)
    dash_means_zero: bool = False
    area_by: str = "namn"


GENERIC = Facts(kind="recept", label="kolumnrecept", source="", tells=(),
                content=("indikator", "nyckeltal", "mått"))


def propose(sheet: Sheet, facts: Facts) -> dict | None:
    """The layout of ``sheet`` as a recipe spec, or None when no header row fits the facts.

    The spec may still lack the indicator (facts with neither ``indicator`` nor a content
    column); ``recipe.spec_problems`` says so, and the recipe panel asks the editor.

    The header is the first row (within the first 40) with an area column. The table is long
    when it has both a year and a value column, and wide when some headers name a year.
    """
    optional = {"year": facts.year, "sex": facts.sex, "value": facts.value, "content": facts.content}
    header = find_header(sheet, {"area": facts.area}, {k: v for k, v in optional.items() if v}, start=0)
    if header is None:
        return None
    named = {role: header.label(col) for role, col in header.columns.items()}
    spec: dict = {"sheet": sheet.name, "header_row": header.row + 1,
                  "area": {"column": named["area"], "by": facts.area_by},
                  "sex": {"column": named["sex"], "values": dict(facts.sex_values)} if "sex" in named else None,
                  "dash_means_zero": facts.dash_means_zero}
    if "year" in named and "value" in named:
        spec["year"], spec["value"] = {"column": named["year"]}, {"column": named["value"]}
    else:
        taken = set(header.columns.values())
        if not any(header_year(text) is not None for col, text in header.labels.items() if col not in taken):
            return None
        spec["year"] = {"columns": ALL_YEARS}
    if "content" in named:
        spec["indicator"] = {"column": named["content"], "map": dict(facts.indicators)}
    else:  # without one, an editor says which indicator the values are (the recipe panel asks)
        spec["indicator"] = {"id": facts.indicator} if facts.indicator else {}
    return spec


AGENCIES: dict[str, Facts] = {}


def register(facts: Facts) -> None:
    """Make an agency's files recognised, read and offered as an import kind."""
    AGENCIES[facts.kind] = facts
    KIND_LABELS.setdefault(facts.kind, facts.label)


def detect(workbook: Workbook, text: str) -> str | None:
    """The registered agency whose tell-tale words ``text`` holds and whose layout a sheet has."""
    for facts in AGENCIES.values():
        if any(word in text for word in facts.tells) and any(
                _complete(propose(sheet, facts)) for sheet in _visible(workbook.sheets)):
            return facts.kind
    return None


def _complete(spec: dict | None) -> bool:
    return spec is not None and not spec_problems(spec)


def _visible(sheets: Iterable[Sheet]) -> list[Sheet]:
    return [s for s in sheets if not s.hidden]


def loader(kind: str) -> Loader | None:
    """The loader of a registered agency: its facts proposing the layout, read_spec reading it."""
    facts = AGENCIES.get(kind)
    if facts is None:
        return None

    def load(workbook: Workbook, ref: Reference) -> Batch:
        problems = ProblemList(workbook.file_name)
        for sheet, label in data_sheets(workbook, problems):
            spec = propose(sheet, facts)
            if spec is not None:
                where = f"bladet «{label}», " if label else ""
                note = f"Filen läses som {facts.label} ({where}rubrikraden är rad {spec['header_row']})."
                return read_spec(workbook, ref, spec, name=facts.label, kind=facts.kind, source=facts.source,
                                 note=note)
        problems.raise_if_errors()
        words = ", ".join(f"«{w}»" for w in facts.area)
        raise fail(f"filen liknar {facts.label}, men ingen rubrikrad har en kolumn för område ({words}) och "
                   "kolumner med år eller värde.", file=workbook.file_name)

    return load
