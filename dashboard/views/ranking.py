"""Jämförelse: the home kommun's districts ranked for one indicator and year, best first."""

from __future__ import annotations

import pandas as pd

from .. import formatting as fmt
from ..comparisons import direction_words
from ..export.xlsx import ExportInfo
from ..figures.bars import ranking_figure
from ..specs import RankingSpec
from ..store import Store
from ..tables import ranking_table
from . import common
from .keyfigures import area_key_figures
from .model import Chart, Message, TableView, ValuesFilter, View


def ranking_rows(ranked: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Districts only, best first, with a rank and a label ('1. Innerstaden').

    Best is the lowest value when lower is better, else the highest. Areas without a value
    come last without a rank. Values equal at the indicator's precision share a rank.
    """
    frame = ranked[ranked["level"] == "omrade"].copy()
    frame["flag"] = frame["flag"].astype(object).where(frame["flag"].notna(), None)
    has = frame["value"].notna()
    frame["rank"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if has.any():
        decimals = int(frame["decimals"].iloc[0])
        rounded = frame.loc[has, "value"].map(lambda v: fmt.rounded(v, decimals))  # as shown
        ascending = direction == "lägre"
        frame.loc[has, "rank"] = rounded.rank(method="min", ascending=ascending).astype("Int64")
    frame["_missing"] = ~has
    frame["_sort"] = frame["value"] if direction == "lägre" else -frame["value"]
    frame = frame.sort_values(["_missing", "_sort"], kind="stable").drop(columns=["_missing", "_sort"])
    frame["label"] = [
        f"{int(r)}. {n}" if not pd.isna(r) else f"– {n}" for r, n in zip(frame["rank"], frame["area_name"], strict=True)]
    return frame.reset_index(drop=True)


def reference_values(ranked: pd.DataFrame) -> dict[str, tuple[str, float | None]]:
    """{'kommun': (name, value), 'riket': (name, value)} from a ranking frame."""
    out: dict[str, tuple[str, float | None]] = {}
    for level in ("kommun", "riket"):
        rows = ranked[ranked["level"] == level]
        if len(rows):
            v = rows["value"].iloc[0]
            out[level] = (str(rows["area_name"].iloc[0]), None if fmt.is_missing(v) else float(v))
    return out


def ranking_notes(rows: pd.DataFrame) -> list[str]:
    """Explain every district without a value or with a marked value in a ranking."""
    notes = []
    flagged = rows[rows["flag"].notna()]
    for flag, grp in flagged.groupby("flag", sort=True):
        marker = "saknar värde" if flag in fmt.MISSING_FLAGS else "är markerade med *"
        notes.append(f"{fmt.join_words(list(grp['area_name']))} {marker}: {fmt.flag_label(flag)}.")
    return notes


def _year(store: Store, indicator: str, year: int, name: str) -> int:
    available = store.years(indicator)
    if not available:
        raise common.ViewError(f"{fmt.clean_text(name)} har inga värden.")
    if year == 0:
        return int(available[-1])
    if year not in available:
        raise common.ViewError(f"{fmt.clean_text(name)} har inga värden för {year}.")
    return int(year)


def build_ranking(spec: RankingSpec, store: Store) -> View:
    indicator = common.indicator_or_default(store, spec.indicator)
    meta = common.meta(store, indicator)
    year = _year(store, indicator, spec.year, str(meta["name"]))
    sex = spec.sex if bool(meta["has_sex_split"]) else "totalt"
    ranked = store.ranking(indicator, year, sex)
    rows = ranking_rows(ranked, str(meta["direction"]))
    references = reference_values(ranked)
    group_id, group_name = common.group_or_default(store, spec.group)
    group = store.group_observations(group_id, indicator, year, year, (sex,)) if group_id else ranked.iloc[0:0]
    if len(group) and not group["value"].isna().all():
        references["grupp"] = (group_name, float(group["value"].iloc[0]))
    example = common.any_example(ranked)
    name = fmt.clean_text(meta["name"])
    charts = ()
    messages = []
    if rows.empty:
        present = [fmt.clean_text(n) for n, v in references.values() if v is not None]
        where = f"bara för {fmt.join_words(present)}" if present else "inte alls"
        messages.append(Message(f"{name} finns inte per stadsdel {year} – {where}, så det finns inget att "
                                "rangordna. Se sidan Trender."))
    else:
        if fmt.is_count(str(meta["unit"])):
            messages.append(Message("Indikatorn är ett antal: den beror på hur stort området är. Jämför hellre "
                                    "en indikator per invånare."))
        figure = ranking_figure(rows, meta, styles=common.styles(store), year=year, sex=sex, references=references,
                                example=example)
        alt = (f"{name} {year}. Liggande stapeldiagram med kommunens {len(rows)} stadsdelar rangordnade, bäst "
               f"överst, och {', '.join(n for n, _ in references.values())} som lodräta linjer.")
        charts = (Chart(figure, f"jamforelse_{indicator}_{year}", alt, common.source_text(meta, example),
                        tuple(ranking_notes(rows)) + tuple(common.area_notes(rows)), example),)
    info = ExportInfo(
        title=f"Jämförelse – {meta['name']}, {year}",
        filters=[("Indikator", str(meta["name"])), ("År", str(year)), ("Kön", fmt.sex_label(sex))],
        sources=[(str(meta["name"]), str(meta["source"]))],
        definitions=[(str(meta["name"]), str(meta["definition"]))], example=example,
        notes=[f"Rangordning: {direction_words(str(meta['direction']))}; rang 1 är bäst."])
    shown = set(ranked["area_code"]) | ({str(m) for m in store.groups().set_index("group_id").loc[group_id, "members"]}
                                        if "grupp" in references else set())
    table = TableView(ranking_table(rows, meta, references), info, "Tabell", "jamforelse",
                      (indicator, str(year), sex), key="jamforelse",
                      values=ValuesFilter((indicator,), tuple(sorted(shown)), (year, year), (sex,)))
    # key figures for the priority districts: value, rank, change since the first year, vs kommun/riket
    refs = common.references(store)
    priority = rows[rows["priority"].astype(bool)] if len(rows) else rows
    codes = list(priority["area_code"])[:common.MAX_KEY_AREAS] if len(rows) else []
    ranked_n = int(rows["rank"].notna().sum()) if len(rows) else 0
    extra = {c: f"rang {int(r)} av {ranked_n}" for c, r in zip(priority["area_code"], priority["rank"], strict=True)
             if not pd.isna(r)} if len(rows) else {}
    first_year = int(store.years(indicator)[0])
    obs = store.observations(indicator, codes + list(refs.values()), first_year, year, (sex,))
    keys = area_key_figures(obs, meta, codes=codes, refs=refs, sex=sex, extra=extra)
    return View(spec, "Jämförelse", f"{name} – stadsdelarna {year}",
                f"Alla stadsdelar rangordnade, bäst överst · {year} · {fmt.sex_label(sex).lower()}",
                charts, (table,), tuple(keys), tuple(ranking_notes(rows)) if len(rows) else (),
                fmt.clean_text(meta["source"]), fmt.clean_text(meta["definition"]), example,
                f"jamforelse_{indicator}_{year}_{sex}", ((str(meta["name"]), example),), tuple(messages),
                {"meta": meta, "indicator": indicator, "year": year, "sex": sex})
