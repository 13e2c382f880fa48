"""The tables the pages show, as one model used both on screen and in the Excel export.

A ``Table`` holds exactly the rows and columns a page shows, with Swedish headers, how many
decimals each number column has (per column or per row), and notes for cells that have no
value (suppressed, missing) or carry a caveat. ``screen_frame`` renders it for ``st.dataframe``
in Swedish number format; ``dashboard.export`` writes the very same frame to xlsx, so the
download always holds the rows on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.domain import STATUSES

from . import formatting as fmt
from .measures import district_groups
from .series import flag_notes, revision_cells
from .textwidth import column_px


@dataclass(frozen=True)
class Table:
    """What a page shows as a table, and what its Excel file holds.

    ``numbers`` maps a number column to its decimals: an ``int`` for the whole column or a
    list with one value per row (the overview mixes indicators). ``flags`` maps
    (row position, column) to an observation flag: a missing cell shows the flag's symbol
    ('..' prickat), a caveat flag adds '*' to the value. ``widths`` suggests Excel widths.

    On screen only: ``labels`` gives a column a shorter header (the full one is the column's
    ``helps`` text and stays in Excel), and ``optional`` names groups of columns a reader
    adds with a column chooser («Fler kolumner»); Excel always holds every column.
    """

    frame: pd.DataFrame
    numbers: Mapping[str, int | Sequence[int]] = field(default_factory=dict)
    flags: Mapping[tuple[int, str], str] = field(default_factory=dict)
    notes: Sequence[str] = ()
    widths: Mapping[str, int] = field(default_factory=dict)
    wrap: Sequence[str] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    helps: Mapping[str, str] = field(default_factory=dict)
    optional: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def decimals(self, column: str, row: int) -> int | None:
        spec = self.numbers.get(column)
        if spec is None:
            return None
        if isinstance(spec, int):
            return spec
        return int(spec[row])

    def __len__(self) -> int:
        return len(self.frame)

    @classmethod
    def empty(cls) -> Table:
        return cls(pd.DataFrame())


def display_text(table: Table, row: int, column: str) -> str:
    """The text a cell shows on screen (Swedish numbers, flag symbols)."""
    value = table.frame.iloc[row][column]
    decimals = table.decimals(column, row)
    flag = table.flags.get((row, column))
    if decimals is None:
        return "" if fmt.is_missing(value) else str(value)
    if fmt.is_missing(value):
        return fmt.missing_symbol(flag) if flag else ""
    text = fmt.number(value, decimals)
    return text + fmt.CAVEAT_MARK if flag in fmt.CAVEAT_FLAGS else text


def screen_frame(table: Table) -> pd.DataFrame:
    """The frame ``st.dataframe`` shows: every number column as Swedish text («1 234,5», U+2212
    minus, '*' for a caveat, the flag's symbol such as '..' for a suppressed value).

    Why text and not a pandas Styler over the numbers: the Styler's rendering (its HTML model
    of every cell, and a second table of display values the browser parses beside the data)
    cost 20–130 ms on the server and as much again in the browser on every rerun, a fifth of a
    district change (bench/README.md, section 6d). The grid's own number formats are English
    («1,234.5») or follow the browser's language. The price: a click on a number column's
    header sorts the text, not the numbers; the Excel download holds real numbers.
    """
    frame = table.frame
    shown: dict[str, list] = {}
    for column, spec in table.numbers.items():
        if column not in frame.columns:
            continue
        values = frame[column].tolist()
        decimals = [spec] * len(values) if isinstance(spec, int) else [int(d) for d in spec]
        cells: list[str | None] = []
        for pos, (value, places) in enumerate(zip(values, decimals, strict=True)):
            flag = table.flags.get((pos, column))
            if fmt.is_missing(value):
                # a suppressed or missing value keeps its symbol; a cell without a flag is empty
                # and shows the grid's placeholder («–»)
                cells.append(fmt.missing_symbol(flag) if flag else None)
            else:
                text = fmt.number(value, int(places))
                cells.append(text + fmt.CAVEAT_MARK if flag in fmt.CAVEAT_FLAGS else text)
        shown[column] = cells
    if not shown:
        return frame
    out = frame.copy()
    for column, cells in shown.items():
        out[column] = pd.Series(cells, index=frame.index, dtype=object)
    return out


# The widest a column gets on screen: beside it the others still fit a 1280 px screen.
SCREEN_MAX_PX = 520
SCREEN_MIN_PX = 64


def column_config(table: Table) -> dict:
    """Column widths in pixels, shorter headers and their help for ``st.dataframe``.

    A column with a width: long free text (``wrap``, shown whole in Excel and in a row's
    details) and numbers get the width Excel gets; any other text column is as wide as its
    widest cell, since the data grid cannot wrap and cuts what does not fit («1. Ökad
    trygghet, gemenskap och delakt»).
    """
    config: dict = {}
    for column in table.frame.columns:
        spec: dict = {}
        width = table.widths.get(column)
        if width is not None:
            if column in table.wrap or column in table.numbers:
                spec["width"] = int(min(max(width * 8 + 16, SCREEN_MIN_PX), SCREEN_MAX_PX))
            else:
                texts = [v for v in table.frame[column].tolist() if not fmt.is_missing(v)]
                spec["width"] = min(max(column_px(texts), SCREEN_MIN_PX), SCREEN_MAX_PX)
        if column in table.labels:
            spec["label"] = table.labels[column]
        if column in table.helps:
            spec["help"] = table.helps[column]
        if column in table.numbers:  # shown as text (``screen_frame``), aligned as numbers are
            spec["alignment"] = "right"
        if spec:
            config[column] = spec
    return config


def shown_columns(table: Table, chosen: Sequence[str] = ()) -> list[str]:
    """The columns on screen: all but the ``optional`` groups, with the ``chosen`` ones."""
    hidden = {c for group, columns in table.optional.items() if group not in chosen for c in columns}
    return [str(c) for c in table.frame.columns if c not in hidden]


def screen_height(table: Table, max_rows: int = 16) -> int:
    """Pixels for ``st.dataframe`` so that up to ``max_rows`` rows show without scrolling."""
    return 42 + 36 * min(max(len(table), 1), max_rows)


# ----------------------------------------------------------------------------- builders

def overview_table(cards: pd.DataFrame, district_name: str) -> Table:
    """Översikt: one row per indicator, latest value, change and distance in words."""
    frame = pd.DataFrame({
        "Utvecklingsområde": [fmt.development_area_label(a) for a in cards["development_area"]],
        "Indikator": cards["name"],
        "Enhet": cards["unit"],
        "År": cards["last_year"].astype("Int64"),
        district_name: cards["last_value"].astype(float),
        "Kommunen": cards["kommun_value"].astype(float),
        "Riket": cards["riket_value"].astype(float),
        "Förändring sedan första året": _rounded(cards["change"], cards["decimals"]),
        "Första år": cards["first_year"].astype("Int64"),
        # the numbers on their own, to sort and filter in Excel; the words beside them
        "Skillnad mot kommunen": _rounded(cards["last_value"].astype(float) - cards["kommun_value"].astype(float),
                                          cards["decimals"]),
        "Jämfört med kommunen": cards["vs_kommun"],
        "Skillnad mot riket": _rounded(cards["last_value"].astype(float) - cards["riket_value"].astype(float),
                                       cards["decimals"]),
        "Jämfört med riket": cards["vs_riket"],
    })
    decimals = [int(d) for d in cards["decimals"]]
    numbers = {c: decimals for c in (district_name, "Kommunen", "Riket", "Förändring sedan första året",
                                     "Skillnad mot kommunen", "Skillnad mot riket")}
    notes = [n for n in cards["note"] if n]
    # On screen the table starts with what fits a 1280 px screen beside the menu: indicator,
    # unit, year and the three values. The data grid cannot wrap, so 13 columns scrolled
    # sideways and cut the development area's name; the rest is a choice away (the cards above
    # say it all in words) and always in Excel. The change's long header is shortened on screen.
    return Table(frame, numbers=numbers, notes=notes,
                 widths={"Utvecklingsområde": 30, "Indikator": 40, "Jämfört med kommunen": 44,
                         "Jämfört med riket": 44, "Enhet": 14},
                 labels={"Förändring sedan första året": "Förändring"},
                 helps={district_name: "Områdets senaste värde, det år som står under «År».",
                        "Kommunen": "Kommunen samma år som områdets senaste värde.",
                        "Riket": "Riket samma år som områdets senaste värde.",
                        "Förändring sedan första året": "Förändring sedan första året: senaste värdet minus "
                                                        "första årets värde för området; för andelar i "
                                                        "procentenheter.",
                        "Skillnad mot kommunen": "Områdets värde minus kommunens, samma år.",
                        "Skillnad mot riket": "Områdets värde minus rikets, samma år."},
                 optional={"Utvecklingsområde": ["Utvecklingsområde"],
                           "Förändring sedan första året": ["Förändring sedan första året", "Första år"],
                           "Skillnad mot kommunen och riket": ["Skillnad mot kommunen", "Skillnad mot riket"],
                           "Jämfört i ord": ["Jämfört med kommunen", "Jämfört med riket"]})


def _rounded(values: pd.Series, decimals: pd.Series) -> pd.Series:
    """A computed column rounded to each row's indicator precision (no 11,20000000000002),
    a half away from zero as on screen and in Excel (``fmt.rounded``)."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return pd.Series([fmt.rounded(v, int(d)) if not np.isnan(v) else np.nan
                      for v, d in zip(numbers, decimals, strict=True)], index=values.index, dtype=float)


def _year_cells(row: dict, by_year: Mapping[int, tuple], years: Sequence[int], flags: dict, pos: int,
                missing_flag: str | None = None) -> None:
    """One row's year columns: the value (None where missing) and its flag kept beside it, so a
    suppressed or missing value stays visible as such; ``missing_flag`` for a missing value
    without a flag of its own (the gap view: no difference could be formed)."""
    for y in years:
        col = str(y)
        value, flag = by_year.get(y, (None, None))
        row[col] = None if fmt.is_missing(value) else float(value)
        if isinstance(flag, str) and flag:
            flags[(pos, col)] = flag
        elif y in by_year and missing_flag and fmt.is_missing(value):
            flags[(pos, col)] = missing_flag


def trend_table(series: pd.DataFrame, *, view: str, measure: str = "difference",
                split_sex: bool = False) -> Table:
    """Trender: the numbers behind the chart, one row per area (and kön), years as columns."""
    if view == "gap":  # the kommun is the zero (or one) line itself
        series = series[series["role"] != "kommun"]
    if series.empty:
        return Table(pd.DataFrame({"Område": []}))
    decimals = int(series["decimals"].iloc[0])
    if view == "gap" and measure == "ratio":
        decimals = 2
    elif view == "index":
        decimals = 1
    years = sorted(int(y) for y in series["year"].unique())
    groups = _trend_groups(series)
    rows, flags = [], {}
    for pos, ((_code, name, sex), by_year) in enumerate(groups.items()):
        row: dict = {"Område": name}
        if split_sex or sex != "totalt":
            row["Kön"] = fmt.sex_label(sex)
        _year_cells(row, by_year, years, flags, pos, missing_flag="saknas" if view == "gap" else None)
        rows.append(row)
    frame = pd.DataFrame(rows)
    year_cols = [str(y) for y in years]
    for col in year_cols:
        frame[col] = frame[col].astype(float)
    revised = revision_cells(series)
    if revised:  # a column of its own, on screen and in the Excel file: a revision is never silent
        frame["Reviderat"] = [revised.get(key, "") for key in groups]
    return Table(frame, numbers={c: decimals for c in year_cols}, flags=flags,
                 notes=flag_notes(series, with_sex=split_sex) + _index_note(series, view),
                 widths={"Område": 18, "Kön": 8, **{c: 6 for c in year_cols}, "Reviderat": 40},
                 wrap=("Reviderat",) if revised else ())


def _trend_groups(series: pd.DataFrame) -> dict[tuple, dict[int, tuple]]:
    """(area code, name, kön) -> {year: (y, flag)}, in order of appearance. One pass over plain
    lists: pandas groupby and .at per cell cost ~20 ms for a handful of rows."""
    groups: dict[tuple, dict[int, tuple]] = {}
    for code, name, sex, year, value, flag in zip(
            *(series[c].tolist() for c in ("area_code", "area_name", "sex", "year", "y", "flag")), strict=True):
        if fmt.is_missing(code) or fmt.is_missing(name) or fmt.is_missing(sex):
            continue  # as groupby: rows without a key are not a group
        groups.setdefault((code, name, sex), {})[int(year)] = (value, flag)
    return groups


def _index_note(series: pd.DataFrame, view: str) -> list[str]:
    """In the index view, which year is 100 for each area when they differ."""
    if view != "index" or not series["base_year"].notna().any():
        return []
    bases = series.dropna(subset=["base_year"]).groupby("area_name")["base_year"].first()
    if bases.nunique() <= 1:
        return []
    return ["Index: basåret är det första året med värde för varje område: "
            + "; ".join(f"{n} {int(b)}" for n, b in bases.items()) + "."]


def profile_table(panels: Sequence[tuple[Mapping, pd.DataFrame]]) -> Table:
    """Områdesprofil: every indicator's values for the district, kommun and riket by year."""
    rows, flags, decimals = [], {}, []
    years = sorted({int(y) for _, obs in panels for y in obs["year"].tolist()})
    for meta, obs in panels:
        # plain lists, groups in order of appearance (pandas groupby and .at per cell cost
        # more than a second for Områdesprofil's 60 indicators)
        groups: dict[tuple, dict[int, tuple]] = {}
        for code, name, year, value, flag in zip(
                *(obs[c].tolist() for c in ("area_code", "area_name", "year", "value", "flag")), strict=True):
            if fmt.is_missing(code) or fmt.is_missing(name):
                continue  # as groupby: rows without a key are not a group
            groups.setdefault((code, name), {})[int(year)] = (value, flag)
        for (_code, name), by_year in groups.items():
            pos = len(rows)
            row: dict = {"Indikator": meta["name"], "Enhet": meta["unit"], "Område": name}
            _year_cells(row, by_year, years, flags, pos)
            rows.append(row)
            decimals.append(int(meta["decimals"]))
    frame = pd.DataFrame(rows, columns=["Indikator", "Enhet", "Område", *[str(y) for y in years]])
    for y in years:
        frame[str(y)] = frame[str(y)].astype(float)
    return Table(frame, numbers={str(y): decimals for y in years}, flags=flags,
                 widths={"Indikator": 34, "Enhet": 12, "Område": 16, **{str(y): 6 for y in years}})


def ranking_table(rows: pd.DataFrame, meta: Mapping, references: Mapping[str, tuple[str, float | None]]) -> Table:
    """Jämförelse: rank, district, value; kommun and riket last, for reference."""
    decimals = int(meta["decimals"])
    data = []
    flags = {}
    for r in rows.itertuples(index=False):
        data.append({"Rang": None if pd.isna(r.rank) else int(r.rank), "Område": r.area_name,
                     "Prioriterat område": "Ja" if bool(r.priority) else "",
                     f"Värde ({meta['unit']})": None if fmt.is_missing(r.value) else float(r.value),
                     "Anmärkning": fmt.flag_label(r.flag) if isinstance(r.flag, str) else ""})
        if isinstance(r.flag, str) and r.flag:
            flags[(len(data) - 1, f"Värde ({meta['unit']})")] = r.flag
    for level in ("kommun", "grupp", "riket"):
        if level in references:
            name, value = references[level]
            data.append({"Rang": None, "Område": name, "Prioriterat område": "",
                         f"Värde ({meta['unit']})": value,
                         "Anmärkning": "Jämförelse" if value is not None else "Uppgift saknas"})
    frame = pd.DataFrame(data, columns=["Rang", "Område", "Prioriterat område", f"Värde ({meta['unit']})", "Anmärkning"])
    frame["Rang"] = frame["Rang"].astype("Int64")
    frame[f"Värde ({meta['unit']})"] = frame[f"Värde ({meta['unit']})"].astype(float)
    return Table(frame, numbers={f"Värde ({meta['unit']})": decimals}, flags=flags,
                 widths={"Rang": 7, "Område": 22, "Prioriterat område": 12, "Anmärkning": 40})


MEASURE_COLUMNS = ("Id", "Åtgärd", "Status", "Utvecklingsområde", "Områden", "Ansvarig", "Kommentar",
                   "Beslut inför nästa år", "Beslut (originaltext)")


def measures_table(measures: pd.DataFrame, *, columns: Sequence[str] = MEASURE_COLUMNS) -> Table:
    """Åtgärder: one row per measure, status with symbol, decision normalised and as written."""
    frame = pd.DataFrame({
        "Id": measures["measure_id"],
        "Åtgärd": measures["title"],
        "Utvecklingsområde": [fmt.development_area_label(a) for a in measures["development_area"]],
        "Områden": [", ".join(district_groups(d, a)) for d, a in
                    zip(measures["district_names"], measures["area_text"], strict=True)],
        "Ansvarig": measures["responsible"].fillna(""),
        "Status": [fmt.status_label(s) for s in measures["status"]],
        "Kommentar": measures["comment"].fillna(""),
        "Beslut inför nästa år": [fmt.decision_label(d if isinstance(d, str) else None) for d in measures["decision"]],
        "Beslut (originaltext)": measures["decision_text"].fillna(""),
    })
    frame = frame[list(columns)].astype(object)
    widths = {"Id": 6, "Åtgärd": 44, "Utvecklingsområde": 26, "Områden": 24, "Ansvarig": 18, "Status": 15,
              "Kommentar": 60, "Beslut inför nästa år": 22, "Beslut (originaltext)": 40}
    return Table(frame.reset_index(drop=True), widths={c: widths[c] for c in columns},
                 wrap=[c for c in ("Åtgärd", "Kommentar", "Beslut (originaltext)") if c in columns])


def status_count_table(counts: pd.DataFrame, group_header: str,
                       labels: Mapping[object, str] | None = None) -> Table:
    """Counts per group with one column per status (symbol + name) and a total."""
    if counts.empty:
        return Table(pd.DataFrame(columns=[group_header, *[fmt.status_label(s) for s in STATUSES], "Totalt"]))
    wide = counts.pivot_table(index="group", columns="status", values="antal", aggfunc="sum", sort=False)
    wide = wide.reindex(columns=list(STATUSES), fill_value=0).fillna(0).astype(int)
    groups = list(dict.fromkeys(counts["group"]))
    wide = wide.reindex(groups)
    frame = pd.DataFrame({group_header: [(labels or {}).get(g, str(g)) for g in groups]})
    for s in STATUSES:
        frame[fmt.status_label(s)] = wide[s].to_numpy()
    frame["Totalt"] = frame[[fmt.status_label(s) for s in STATUSES]].sum(axis=1)
    return Table(frame, numbers={c: 0 for c in frame.columns if c != group_header},
                 widths={group_header: 44})


def changes_table(changes: pd.DataFrame, previous_round: int, round_: int) -> Table:
    """What changed for each measure since the previous follow-up round."""
    frame = pd.DataFrame({
        "Id": changes["measure_id"],
        "Åtgärd": changes["title"],
        "Ändring": changes["change"],
        f"Status {previous_round}": [fmt.status_label(s) if isinstance(s, str) else "–" for s in changes["previous_status"]],
        f"Status {round_}": [fmt.status_label(s) for s in changes["status"]],
        f"Beslut {previous_round}": [fmt.decision_label(d if isinstance(d, str) else None) for d in changes["previous_decision"]],
        f"Beslut {round_}": [fmt.decision_label(d if isinstance(d, str) else None) for d in changes["decision"]],
    }).astype(object)
    return Table(frame, widths={"Id": 6, "Åtgärd": 44, "Ändring": 20}, wrap=["Åtgärd"])


def measure_details(measure: Mapping) -> list[tuple[str, str]]:
    """One measure in full, as (label, text) pairs for a detail panel."""
    decision = fmt.decision_label(measure.get("decision") if isinstance(measure.get("decision"), str) else None)
    original = measure.get("decision_text") if isinstance(measure.get("decision_text"), str) else ""
    fields = [
        ("Status", fmt.status_label(measure.get("status"))),
        ("Utvecklingsområde", fmt.development_area_label(measure.get("development_area"))),
        ("Gäller", ", ".join(district_groups(measure.get("district_names"), measure.get("area_text")))),
        ("Ansvarig", measure.get("responsible") or ""),
        ("Beskrivning", measure.get("description") or ""),
        ("Finansiering och tid", measure.get("funding") or ""),
        ("Kommentar i uppföljningen", measure.get("comment") or ""),
        ("Beslut inför nästa år", f"{decision} (i uppföljningen: «{original}»)" if original else decision),
    ]
    return [(label, str(text)) for label, text in fields if isinstance(text, str) and text.strip()]
