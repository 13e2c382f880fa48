"""The measure register (åtgärder) and its yearly follow-up rounds.

Each sheet is one follow-up round. A round never overwrites another: rounds are keyed by
year, so the 2022 follow-up sits beside 2021's and the app can show what changed. The
decision for next year is worded freely in the follow-ups; it is normalised to four values
and the original wording is always kept beside it.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from .errors import ProblemList
from .model import FOLLOWUP_COLUMNS, MEASURE_COLUMNS, Batch, Reference
from .reading import Sheet, Workbook
from .table import data_sheets, duplicate_headers, find_header, is_example, row_is_blank
from .values import CellError, cell_text, parse_year

STATUSES = {"genomförd": "genomförd", "genomfört": "genomförd", "pågår": "pågår",
            "pågående": "pågår", "ej genomförd": "ej genomförd", "ej genomfört": "ej genomförd",
            "inte genomförd": "ej genomförd"}
DECISIONS = ("vidmakthålls", "vidareutvecklas", "ingår i annan åtgärd", "utgår")
PRIORITY_DISTRICTS = {"berga": "0580-BER", "ryd": "0580-RYD", "skäggetorp": "0580-SKA"}

_REQUIRED = {"id": ("id", "nr", "åtgärdsnummer"), "title": ("åtgärd", "titel"),
             "area": ("utvecklingsområde",), "status": ("status",)}
_OPTIONAL = {"description": ("beskrivning",), "districts": ("område",), "responsible": ("ansvarig",),
             "funding": ("finansiering och tid", "finansiering"), "plan": ("plan",),
             "round": ("uppföljningsår", "uppföljning"), "comment": ("kommentar",),
             "decision": ("beslut inför nästa år", "beslut")}
_ID = re.compile(r"^[1-9]\.\d{1,2}$")


def normalise_status(text: str) -> str | None:
    return STATUSES.get(text.strip().rstrip(".").strip().lower())


def normalise_decision(text: str) -> str | None:
    """Map the follow-up's free wording to one of DECISIONS; None when it says none of them."""
    t = text.strip().lower()
    if not t:
        return None
    if t.startswith("vidmakthåll"):
        return "vidmakthålls"
    if t.startswith("vidareutveckl"):
        return "vidareutvecklas"
    if re.search(r"\b(ingår|inarbetas|ihopslagen|slås ihop)\b", t):
        return "ingår i annan åtgärd"
    if re.search(r"(ej med|inte med|tas inte|utgår|avslutas)", t):
        return "utgår"
    return None


def districts_in(text: str) -> list[str]:
    lowered = text.lower()
    return [code for name, code in PRIORITY_DISTRICTS.items() if re.search(rf"\b{name}\b", lowered)]


def responsible_units(text: str) -> list[str]:
    """'SOF och KLF (SÄK)' -> ['SOF', 'KLF']: department abbreviations, without their units."""
    without_units = re.sub(r"\([^)]*\)?", "", text)
    units: list[str] = []
    for word in re.findall(r"[A-Za-zÅÄÖåäö]+", without_units):
        is_abbreviation = 2 <= len(word) <= 4 and sum(c.isupper() for c in word) >= 2
        if (is_abbreviation or word == "Leanlink") and word not in units:
            units.append(word)
    return units


EDITOR_COLUMNS = ["Id", "Åtgärd", "Utvecklingsområde", "Område", "Ansvarig", "Uppföljningsår",
                  "Status", "Kommentar", "Beslut inför nästa år"]


def followup_workbook(rows: list[dict[str, object]], round_: int, file_name: str) -> Workbook:
    """A follow-up round edited in the app, as cells, so it passes the same checks as a file."""
    grid: list[list[object]] = [list(EDITOR_COLUMNS)]
    for row in rows:
        grid.append([round_ if col == "Uppföljningsår" else row.get(col) for col in EDITOR_COLUMNS])
    sheet = Sheet(f"Uppföljning {round_}", grid)
    checksum = hashlib.sha256(repr(grid).encode()).hexdigest()
    return Workbook(file_name, checksum, [sheet], is_csv=False)


def load(workbook: Workbook, ref: Reference) -> Batch:  # noqa: ARG001 - same signature as all loaders
    problems = ProblemList(workbook.file_name)
    measures: dict[str, dict] = {}
    followups: list[dict] = []
    for sheet, label in data_sheets(workbook, problems):
        header = find_header(sheet, _REQUIRED, _OPTIONAL)
        if header is None:
            problems.error("rubrikraden ska innehålla minst «Id», «Åtgärd», «Utvecklingsområde» och "
                           "«Status».", sheet=label)
            continue
        for dup in duplicate_headers(sheet, header):
            problems.error(f"kolumnen «{dup}» finns två gånger i rubrikraden.", sheet=label,
                           row=header.row + 1)
        cols = header.columns
        sheet_round = re.search(r"(?:19|20)\d\d", sheet.name)
        seen: dict[str, int] = {}
        for r in range(header.row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            if row_is_blank(row):
                continue
            at = lambda key: cell_text(row[cols[key]]) if key in cols and cols[key] < len(row) else ""  # noqa: E731
            where = dict(sheet=label, row=r + 1)
            measure_id = at("id")
            if not _ID.match(measure_id):
                problems.error(f"«{measure_id}» är inget åtgärdsnummer (skriv t.ex. 2.4).",
                               column=header.label(cols["id"]), **where)
                continue
            if measure_id in seen:
                problems.error(f"åtgärd {measure_id} finns redan på rad {seen[measure_id]}.",
                               column=header.label(cols["id"]), **where)
                continue
            seen[measure_id] = r + 1
            try:
                area = int(at("area"))
                if not 1 <= area <= 5:
                    raise ValueError
            except ValueError:
                problems.error(f"utvecklingsområdet «{at('area')}» ska vara ett tal 1–5.",
                               column=header.label(cols["area"]), **where)
                continue
            if area != int(measure_id.split(".")[0]):
                problems.error(f"åtgärd {measure_id} hör till utvecklingsområde "
                               f"{measure_id.split('.')[0]}, inte {area}.",
                               column=header.label(cols["area"]), **where)
                continue
            status = normalise_status(at("status"))
            if status is None:
                problems.error(f"«{at('status')}» är ingen status; skriv Genomförd, Pågår eller "
                               "Ej genomförd.", column=header.label(cols["status"]), **where)
                continue
            if "round" in cols:
                try:
                    round_ = parse_year(row[cols["round"]] if cols["round"] < len(row) else None)
                except CellError as exc:
                    problems.error(f"uppföljningsåret: {exc}.", column=header.label(cols["round"]), **where)
                    continue
            elif sheet_round:
                round_ = int(sheet_round.group(0))
            else:
                problems.error("uppföljningsåret saknas: lägg till kolumnen «Uppföljningsår» eller "
                               "skriv året i bladets namn (t.ex. «Uppföljning 2022»).", **where)
                continue
            decision_text = at("decision")
            decision = normalise_decision(decision_text)
            if decision_text and decision is None:
                problems.warning(f"beslutet «{decision_text[:60]}» kunde inte tolkas som vidmakthålls, "
                                 "vidareutvecklas, ingår i annan åtgärd eller utgår; originaltexten sparas.",
                                 column=header.label(cols["decision"]), **where)
            area_text, responsible = at("districts"), at("responsible")
            measures[measure_id] = dict(
                measure_id=measure_id, plan=at("plan") or None, title=at("title"),
                description=at("description") or None, development_area=area,
                area_text=area_text or None, districts=districts_in(area_text),
                responsible=responsible or None, responsible_units=responsible_units(responsible),
                funding=at("funding") or None)
            followups.append(dict(measure_id=measure_id, round=round_, status=status,
                                  comment=at("comment") or None, decision=decision,
                                  decision_text=decision_text or None, source_sheet=label,
                                  source_row=r + 1))
    keys = [(f["measure_id"], f["round"]) for f in followups]
    if len(keys) != len(set(keys)):
        problems.error("samma åtgärd och uppföljningsår förekommer på flera blad.")
    problems.raise_if_errors()
    batch = Batch("atgarder", workbook.file_name, workbook.checksum, is_example(workbook),
                  measures=pd.DataFrame(list(measures.values()), columns=MEASURE_COLUMNS),
                  followups=pd.DataFrame(followups, columns=FOLLOWUP_COLUMNS))
    batch.warnings = problems.warnings
    return batch
