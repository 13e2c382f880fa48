"""The measure register (åtgärder) and its yearly follow-up rounds.

Each sheet is one follow-up round. A round never overwrites another: rounds are keyed by
year, so the 2022 follow-up sits beside 2021's and the app can show what changed. The
decision for next year is worded freely in the follow-ups; it is normalised to four values
and the original wording is always kept beside it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from .domain import DISTRICT
from .errors import ProblemList
from .model import FOLLOWUP_COLUMNS, MEASURE_COLUMNS, MEASURE_TEXT_FIELDS, Batch, Reference
from .reading import Workbook
from .table import Header, data_sheets, duplicate_headers, find_header, is_example, row_is_blank
from .values import BadCell, CellError, cell_text, clean_name, name_key, parse_year

STATUSES = {"genomförd": "genomförd", "genomfört": "genomförd", "pågår": "pågår",
            "pågående": "pågår", "ej genomförd": "ej genomförd", "ej genomfört": "ej genomförd",
            "inte genomförd": "ej genomförd"}
DECISIONS = ("vidmakthålls", "vidareutvecklas", "ingår i annan åtgärd", "utgår")
# the register columns a file may carry, by the loader's names for them
_FIELD_OF = {"plan": "plan", "title": "title", "description": "description", "districts": "area_text",
             "responsible": "responsible", "funding": "funding"}

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


def districts_in(text: str, ref: Reference) -> list[str]:
    """The priority districts (the store's) that an Område text names."""
    lowered = text.lower()
    priority = ref.areas[(ref.areas["level"] == DISTRICT) & ref.areas["priority"].fillna(False).astype(bool)]
    return [code for code, name in zip(priority["code"], priority["name"], strict=True)
            if re.search(rf"\b{re.escape(str(name).lower())}\b", lowered)]


def _id_of(cell: object, title: str, stored: dict[str, str], in_file: set[str]) -> tuple[str | None, str | None]:
    """The measure id a cell holds, and a reason to refuse it.

    Excel stores 1.10 typed as a number as 1.1, so a numeric id cell may stand for either:
    it is accepted only when the row's title is the stored measure's with that id (or no
    title is given and no other id could be meant); a text id whose title is another stored
    measure's is refused too. Never take one measure for another.
    """
    if isinstance(cell, BadCell):
        return None, f"cellen innehåller {cell.text} i stället för ett åtgärdsnummer"
    numeric = isinstance(cell, (int, float)) and not isinstance(cell, bool)
    text = cell_text(cell)
    if numeric:
        candidates = _numeric_candidates(cell)
        if len(candidates) > 1:
            return _ambiguous_id(candidates, text, title, stored, in_file)
        text = candidates[0] if candidates else text
    if not _ID.match(text):
        return None, f"«{text}» är inget åtgärdsnummer (skriv t.ex. 2.4)"
    why = _title_of_other(text, title, stored)
    return (text, None) if why is None else (None, why)


def _numeric_candidates(cell: float) -> list[str]:
    """The ids a number may stand for: 1.1 is 1.1 or 1.10, since Excel drops the trailing zero
    of 1.10 typed as a number (1.2 is 1.2 or 1.20, which is no id, so only 1.2)."""
    whole, _, frac = f"{float(cell):.2f}".partition(".")
    return list(dict.fromkeys(c for c in (f"{whole}.{frac.rstrip('0') or '0'}", f"{whole}.{frac}") if _ID.match(c)))


def _ambiguous_id(candidates: list[str], text: str, title: str, stored: dict[str, str],
                  in_file: set[str]) -> tuple[str | None, str | None]:
    """A number that may be either of two ids: taken only when exactly one of them is a measure
    (stored or earlier in the file) and the row's title is that measure's; otherwise refused,
    naming the probable id so the user can write it as text."""
    known = [c for c in candidates if c in stored or c in in_file]
    by_title = [c for c in candidates if title and name_key(stored.get(c, "")) == name_key(title)]
    if len(by_title) == 1 and len(known) == 1 and known == by_title:
        return by_title[0], None  # the only measure it can be, and its own title
    probable = (by_title or known or candidates)[-1 if not by_title and not known else 0]
    return None, (f"åtgärdsnumret är sparat som talet {text} (Excel gör om 1.10 till 1.1) och kan vara "
                  f"åtgärd {' eller '.join(candidates)}; troligen {probable}. Skriv numret som text "
                  f"(t.ex. '{probable}) och försök igen")


def _title_of_other(measure_id: str, title: str, stored: dict[str, str]) -> str | None:
    """Why a text id is refused: the row's title is another stored measure's, so the id is
    probably mistyped (None when the title fits, is new, or is not given)."""
    if title and measure_id in stored and name_key(stored[measure_id]) != name_key(title):
        other = next((i for i, t in stored.items() if name_key(t) == name_key(title)), None)
        if other is not None:
            return (f"titeln «{title[:60]}» hör till åtgärd {other}, inte {measure_id}. Kontrollera "
                    f"åtgärdsnumren; troligen ska raden ha nummer {other}.")
    return None


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


FOLLOWUP_FILE_COLUMNS = ["Id", "Åtgärd", "Utvecklingsområde", "Uppföljningsår", "Status", "Kommentar",
                         "Beslut inför nästa år"]


def followup_file(rows: list[dict[str, object]], round_: int) -> tuple[bytes, str]:
    """A follow-up round edited in the app as a file (CSV), so it passes the same checks as an
    uploaded file, is archived like one, and replays like one. It carries only what a round
    changes (status, comment, decision) and what identifies a measure, never the register's
    texts, so it cannot blank them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FOLLOWUP_FILE_COLUMNS)
    for row in rows:
        values = {**row, "Uppföljningsår": round_}
        writer.writerow(["" if values.get(col) is None else values[col] for col in FOLLOWUP_FILE_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), f"uppföljning_{round_}_redigerad_i_appen.csv"


def _texts_ok(row: list, cols: dict[str, int], header, problems: ProblemList, where: dict) -> bool:
    """Every text column of the row holds text, not an Excel error value or an unsaved formula."""
    ok = True
    for key, c in cols.items():
        if c < len(row) and isinstance(row[c], BadCell) and key != "id":
            problems.error(f"{row[c]} i stället för text: cellen har ett Excel-fel eller en formel utan sparat "
                           "värde.", column=header.label(c), **where)
            ok = False
    return ok


def load(workbook: Workbook, ref: Reference) -> Batch:
    problems = ProblemList(workbook.file_name)
    measures: dict[str, dict] = {}
    followups: list[dict] = []
    stored = dict(zip(ref.measures["measure_id"], ref.measures["title"], strict=True)) if len(ref.measures) else {}
    carried: set[str] = set()
    names: dict[int, str] = {}
    for sheet, label in data_sheets(workbook, problems):
        header = find_header(sheet, _REQUIRED, _OPTIONAL)
        if header is None:
            problems.error("rubrikraden ska innehålla minst «Id», «Åtgärd», «Utvecklingsområde» och "
                           "«Status».", sheet=label)
            continue
        for dup in duplicate_headers(sheet, header):
            problems.error(f"kolumnen «{dup}» finns två gånger i rubrikraden.", sheet=label,
                           row=header.row + 1)
        round_sheet = _Round(label, header, re.search(r"(?:19|20)\d\d", sheet.name), stored, problems, names=names)
        for r in range(header.row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            if row_is_blank(row):
                continue
            read = _read_row(round_sheet, row, r, ref)
            if read is not None:
                measure, followup, fields = read
                measures[measure["measure_id"]] = measure
                carried |= fields
                followups.append(followup)
    keys = [(f["measure_id"], f["round"]) for f in followups]
    if len(keys) != len(set(keys)):
        problems.error("samma åtgärd och uppföljningsår förekommer på flera blad.")
    problems.raise_if_errors()
    batch = Batch("atgarder", workbook.file_name, workbook.checksum, is_example(workbook),
                  measures=pd.DataFrame(list(measures.values()), columns=MEASURE_COLUMNS),
                  followups=pd.DataFrame(followups, columns=FOLLOWUP_COLUMNS),
                  measure_fields=frozenset(carried & set(MEASURE_TEXT_FIELDS)),
                  settings={f"utvecklingsomrade_{n}": name for n, name in sorted(names.items())})
    batch.warnings = problems.warnings
    return batch


@dataclass
class _Round:
    """One sheet being read, i.e. one follow-up round: where its columns are, the year its name
    may give, and the measures it has had so far (each measure once per round)."""

    label: str | None
    header: Header
    sheet_round: re.Match | None          # a year in the sheet's name («Uppföljning 2022»)
    stored: dict[str, str]                # the store's measures: id -> title
    problems: ProblemList
    seen: dict[str, int] = field(default_factory=dict)   # measure id -> its 1-based row
    names: dict[int, str] = field(default_factory=dict)  # development area -> the plan's name for it

    def error(self, message: str, where: dict, key: str | None = None) -> None:
        """An error at the row, in the column of ``key`` when one is given."""
        if key is None:
            self.problems.error(message, **where)
        else:
            self.problems.error(message, column=self.header.label(self.header.columns[key]), **where)


def _text_at(row: list, cols: dict[str, int], key: str) -> str:
    """A text cell of the row, cleaned; "" when the sheet has no such column or the row is short."""
    return clean_name(cell_text(row[cols[key]])) if key in cols and cols[key] < len(row) else ""


def _read_row(rnd: _Round, row: list, r: int, ref: Reference) -> tuple[dict, dict, set[str]] | None:
    """The measure, its follow-up and the register fields the row gives, or None when the row
    is refused. The checks run in a fixed order (texts, id, utvecklingsområde, status, year) and
    only the first failing one is reported, so one bad row gives one error."""
    cols = rnd.header.columns
    at = functools.partial(_text_at, row, cols)
    where = dict(sheet=rnd.label, row=r + 1)
    if not _texts_ok(row, cols, rnd.header, rnd.problems, where):
        return None
    measure_id = _measure_id(rnd, row, r, at("title"), where)
    if measure_id is None:
        return None
    area = _development_area(rnd, measure_id, at("area"), where)
    if area is None:
        return None
    status = normalise_status(at("status"))
    if status is None:
        rnd.error(f"«{at('status')}» är ingen status; skriv Genomförd, Pågår eller Ej genomförd.", where, "status")
        return None
    round_ = _round_of(rnd, row, where)
    if round_ is None:
        return None
    decision_text = at("decision")
    decision = normalise_decision(decision_text)
    if decision_text and decision is None:
        rnd.problems.warning(f"beslutet «{decision_text[:60]}» kunde inte tolkas som vidmakthålls, "
                             "vidareutvecklas, ingår i annan åtgärd eller utgår; originaltexten sparas.",
                             column=rnd.header.label(cols["decision"]), **where)
    area_text, responsible = at("districts"), at("responsible")
    measure = dict(
        measure_id=measure_id, plan=at("plan") or None, title=at("title"),
        description=at("description") or None, development_area=area,
        area_text=area_text or None, districts=districts_in(area_text, ref),
        responsible=responsible or None, responsible_units=responsible_units(responsible),
        funding=at("funding") or None)
    fields = {name for key, name in _FIELD_OF.items() if at(key)}
    followup = dict(measure_id=measure_id, round=round_, status=status, comment=at("comment") or None,
                    decision=decision, decision_text=decision_text or None, source_sheet=rnd.label,
                    source_row=r + 1)
    return measure, followup, fields


def _measure_id(rnd: _Round, row: list, r: int, title: str, where: dict) -> str | None:
    """The row's measure id, noted as seen in this round; None (with the error) when the cell
    holds no id that is surely this measure's, or the round already has the measure."""
    cols = rnd.header.columns
    id_cell = row[cols["id"]] if cols["id"] < len(row) else None
    measure_id, why = _id_of(id_cell, title, rnd.stored, set(rnd.seen))
    if measure_id is None:
        rnd.error(f"{why}.", where, "id")
        return None
    if measure_id in rnd.seen:
        rnd.error(f"åtgärd {measure_id} finns redan på rad {rnd.seen[measure_id]}.", where, "id")
        return None
    rnd.seen[measure_id] = r + 1
    return measure_id


_AREA_NAMED = re.compile(r"^([1-5])(?:\s*[.:)\u2013-]\s*|\s+)(\S.*)$")


def _development_area(rnd: _Round, measure_id: str, text: str, where: dict) -> int | None:
    """The utvecklingsområde 1–5, which must be the one the id's first digit names (2.4 is in
    area 2); None (with the error) otherwise. Written with its name («4. Trivsamma livsmiljöer
    …») the name is the plan's own, kept for the pages (``_Round.names``)."""
    named = _AREA_NAMED.match(text)
    if named:
        text = named.group(1)
        rnd.names.setdefault(int(text), named.group(2).strip())
    try:
        area = int(text)
        if not 1 <= area <= 5:
            raise ValueError
    except ValueError:
        rnd.error(f"utvecklingsområdet «{text}» ska vara ett tal 1–5.", where, "area")
        return None
    if area != int(measure_id.split(".")[0]):
        rnd.error(f"åtgärd {measure_id} hör till utvecklingsområde {measure_id.split('.')[0]}, inte {area}.",
                  where, "area")
        return None
    return area


def _round_of(rnd: _Round, row: list, where: dict) -> int | None:
    """The follow-up year: the row's Uppföljningsår column when the sheet has one, else the year
    in the sheet's name; None (with the error) when neither gives one."""
    cols = rnd.header.columns
    if "round" in cols:
        try:
            return parse_year(row[cols["round"]] if cols["round"] < len(row) else None)
        except CellError as exc:
            rnd.error(f"uppföljningsåret: {exc}.", where, "round")
            return None
    if rnd.sheet_round:
        return int(rnd.sheet_round.group(0))
    rnd.error("uppföljningsåret saknas: lägg till kolumnen «Uppföljningsår» eller "
              "skriv året i bladets namn (t.ex. «Uppföljning 2022»).", where)
    return None
