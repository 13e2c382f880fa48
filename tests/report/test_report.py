"""The 2021 follow-up report written from the bundled data, opened with python-docx and checked
against the real 2021 follow-up (KS 2020-754): counts, every measure, texts, accessibility."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from dashboard.auth import NotAllowed
from dashboard.export import images
from dashboard.report import make_report, save_texts
from dashboard.report.__main__ import main as cli
from dashboard.report.texts import changed_texts
from dashboard.store import Store
from loaders.domain import DECISION_LABELS, STATUS_COLOUR_WORDS, STATUS_NAMES, STATUS_SYMBOLS
from loaders.store import connect
from tests.e2e.helpers import skip_or_fail
from tests.report.conftest import INTRODUCTION, ROOT, ROUND

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The real 2021 follow-up, per utvecklingsområde: genomförd, pågår, ej genomförd.
REAL_2021 = {1: (6, 9, 1), 2: (3, 8, 2), 3: (3, 6, 0), 4: (0, 11, 1), 5: (0, 8, 2)}


def _paragraphs(document) -> list:
    return list(document.paragraphs)


def _style(paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _table(document, caption: str):
    for table in document.tables:
        found = table._tbl.tblPr.find(qn("w:tblCaption"))  # noqa: SLF001
        if found is not None and found.get(qn("w:val")) == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}")


def _measure_blocks(document) -> dict[str, list[str]]:
    """{measure id: the texts of the paragraphs after its Heading 3, up to the next heading}."""
    blocks: dict[str, list[str]] = {}
    current = None
    for paragraph in document.paragraphs:
        style = _style(paragraph)
        if style == "Heading 3":
            current = paragraph.text.split(" ", 1)[0]
            blocks[current] = []
        elif style.startswith("Heading"):
            current = None
        elif current is not None and paragraph.text.strip():
            blocks[current].append(paragraph.text)
    return blocks


# ----------------------------------------------------------------------------- the counts

def test_totals_are_computed_12_42_6_of_60(report_2021, document):
    assert report_2021.content.total == 60
    assert report_2021.content.totals == {"genomförd": 12, "pågår": 42, "ej genomförd": 6}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "12 åtgärder är genomförda, 42 pågår och 6 är ej genomförda" in text
    table = _table(document, "Åtgärdernas status 2021 per utvecklingsområde")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Utvecklingsområde", "✔\u00a0Genomförd", "➜\u00a0Pågår", "✖\u00a0Ej genomförd", "Totalt"]
    for number, counts in REAL_2021.items():
        row = rows[number]
        assert row[0].startswith(f"{number}. ")
        assert tuple(int(v) for v in row[1:4]) == counts and int(row[4]) == sum(counts)
    assert rows[-1] == ["Alla utvecklingsområden", "12", "42", "6", "60"]


def test_each_utvecklingsomrade_says_its_own_counts(document):
    paragraphs = document.paragraphs
    text = [p.text for p in paragraphs]
    for number, (done, ongoing, not_done) in REAL_2021.items():
        start = next(i for i, p in enumerate(paragraphs)
                     if _style(p) == "Heading 2" and p.text.startswith(f"2.{number} Utvecklingsområde {number}:"))
        block = text[start:start + 12]
        assert f"✔ Genomförda: {done} {'åtgärd' if done == 1 else 'åtgärder'}" in block
        assert f"➜ Pågår: {ongoing} {'åtgärd' if ongoing == 1 else 'åtgärder'}" in block
        assert f"✖ Ej genomförda: {not_done} {'åtgärd' if not_done == 1 else 'åtgärder'}" in block


def test_every_measure_appears_with_status_comment_and_decision(texts_store, document):
    register = texts_store.measures(ROUND)
    blocks = _measure_blocks(document)
    assert list(blocks) == list(register["measure_id"])  # all 60, in plan order
    for row in register.itertuples(index=False):
        block = blocks[row.measure_id]
        status = f"Status:  {STATUS_SYMBOLS[row.status]} {STATUS_NAMES[row.status]} ({STATUS_COLOUR_WORDS[row.status]}) "
        assert status in block, (row.measure_id, block)
        comment = " ".join(str(row.comment).split()) if isinstance(row.comment, str) and row.comment.strip() \
            else "Ingen kommentar lämnad."
        assert f"Kommentar: {comment}" in block
        decision = next(t for t in block if t.startswith("Inför 2022: "))
        assert DECISION_LABELS[row.decision] in decision
        if isinstance(row.decision_text, str) and row.decision_text.strip():
            assert row.decision_text.strip().rstrip(".") in decision


def test_each_measure_has_its_register_fields_in_a_table(texts_store, document):
    register = texts_store.measures(ROUND).set_index("measure_id")
    for measure_id in ("1.1", "2.4", "5.10"):
        table = _table(document, f"Åtgärd {measure_id}: område, ansvarig, finansiering och tid")
        header, values = ([c.text for c in row.cells] for row in table.rows)
        assert header == ["Område", "Ansvarig", "Finansiering och tid"]
        assert values[1] == " ".join(str(register.at[measure_id, "responsible"]).split())


def test_status_has_colour_and_word(document):
    runs = [run for p in document.paragraphs if p.text.startswith("Status:") for run in p.runs]
    shaded = [run for run in runs if run._r.rPr is not None and run._r.rPr.find(qn("w:shd")) is not None]  # noqa: SLF001
    assert len(shaded) == 60
    fills = {run.text.strip(): run._r.rPr.find(qn("w:shd")).get(qn("w:fill")) for run in shaded}  # noqa: SLF001
    assert fills == {"✔ Genomförd (grön)": "C6EFCE", "➜ Pågår (gul)": "FFEB9C", "✖ Ej genomförd (röd)": "FFC7CE"}


# ----------------------------------------------------------------------------- written texts

def test_saved_texts_appear_and_missing_ones_leave_a_visible_placeholder(document):
    text = [p.text for p in document.paragraphs]
    for paragraph in INTRODUCTION.split("\n\n"):
        assert paragraph in text
    assert "Ett första utkast." not in text  # the latest version wins
    assert any(t.startswith("Under året har områdesteam skapats och etablerats <b>inte fetstil</b>") for t in text)
    for number in (2, 3, 4, 5):
        assert any(t.startswith(f"[Sammanfattning av året för utvecklingsområde {number} saknas för 2021.")
                   for t in text), number


def test_texts_are_kept_with_history(texts_store):
    assert texts_store.report_texts(ROUND)["inledning"] == INTRODUCTION
    history = texts_store.report_text_history(ROUND)
    assert list(history[history["section"] == "inledning"]["text"]) == [INTRODUCTION, "Ett första utkast."]


def test_saving_texts_checks_the_role_and_saves_only_changes(store_copy: Path):
    con = connect(store_copy)
    try:
        with pytest.raises(NotAllowed):
            save_texts(con, ROUND, {"inledning": "Text"}, role="viewer", who="x")
        assert save_texts(con, ROUND, {"inledning": "Text", "uo3": ""}, role="editor", who="anna") == ["inledning"]
        store = Store(con)
        assert save_texts(con, ROUND, {"inledning": " Text ", "uo3": ""}, role="editor", who="anna",
                          current=store.report_texts(ROUND)) == []
        assert Store(con).report_texts(ROUND) == {"inledning": "Text"}
        events = Store(con).events()
        assert "Rapporttext «inledning» för 2021 sparad" in set(events["summary"])
        with pytest.raises(Exception, match="Okänt avsnitt"):
            save_texts(con, ROUND, {"slutsats": "x"}, role="editor", who="anna")
    finally:
        con.close()
    assert changed_texts({"uo1": "A"}, {"uo1": "A\u200b", "uo2": "B"}) == {"uo2": "B"}


# ----------------------------------------------------------------------------- accessibility

def test_headings_form_the_table_of_contents(document):
    body = document.element.body
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert any(re.fullmatch(r'\s*TOC \\o "1-2" \\h \\z \\u\s*', t) for t in instructions)
    headings = [(p.text, p) for p in document.paragraphs if _style(p) in ("Heading 1", "Heading 2")]
    entries = [p for p in document.paragraphs if _style(p) in ("toc 1", "toc 2")]
    assert [p.text for p in entries] == [text for text, _ in headings]
    assert headings[0][0] == "1 Inledning" and "3 Bilaga: Nulägesbilder" in [t for t, _ in headings]
    for entry, (_, heading) in zip(entries, headings, strict=True):
        anchor = entry._p.find(f"{W}hyperlink").get(qn("w:anchor"))  # noqa: SLF001
        marks = [b.get(qn("w:name")) for b in heading._p.iter(f"{W}bookmarkStart")]  # noqa: SLF001
        assert anchor in marks
    levels = {_style(p) for p in document.paragraphs if _style(p).startswith("Heading")}
    assert levels == {"Heading 1", "Heading 2", "Heading 3"}
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"  # Word fills in the page numbers


def test_every_picture_has_alt_text(report_2021, document):
    if not images.chromium_available():
        skip_or_fail("Chromium is missing (apt-get install -y chromium); the report has no chart images")
    pictures = list(document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                               "wordprocessingDrawing}docPr"))
    charts = [p for p in report_2021.content.indicators if p.chart is not None]
    assert len(pictures) == len(charts) == len(document.inline_shapes) >= 10
    for element, part in zip(pictures, charts, strict=True):
        alt = element.get("descr")
        title, _, sentence = alt.partition(". ")
        assert title == element.get("title") and title.startswith(part.name)
        assert sentence.startswith("Linjediagram som visar") and sentence.endswith(".")
        assert "(exempeldata)" in title  # the bundled indicator values are example data
    banded = next(p for p in charts if p.indicator_id == "valdsbrott_per_1000")
    assert "95-procentiga osäkerhetsintervall" in banded.chart.alt
    assert any(t.fill == "toself" for t in banded.chart.figure.data)  # the band is in the picture


def test_table_header_rows_are_marked_and_tables_described(document):
    assert len(document.tables) >= 60 + 1 + 10
    for table in document.tables:
        first = table.rows[0]._tr.trPr  # noqa: SLF001
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])  # noqa: SLF001
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))  # noqa: SLF001
        assert table._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))  # noqa: SLF001


def test_document_language_is_swedish(document):
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    assert document.core_properties.language == "sv-SE"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "sv-SE"
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7  # A4


# ----------------------------------------------------------------------------- example data, nulägesbilder

def test_example_data_is_marked_in_text_chart_and_header(report_2021, document):
    assert report_2021.content.example
    header = document.sections[0].header.paragraphs[0].text
    assert "EXEMPELDATA" in header and "EXEMPELDATA" in document.sections[0].first_page_header.paragraphs[0].text
    paragraphs = document.paragraphs
    for part in report_2021.content.indicators:
        start = next(i for i, p in enumerate(paragraphs) if _style(p) == "Heading 2" and p.text.endswith(f" {part.name}")
                     and p.text.startswith("3."))
        assert paragraphs[start + 1].text == "Exempeldata – påhittade värden, inte verklig statistik."
        if part.chart is not None:
            assert "EXEMPELDATA" in part.chart.figure.layout.title.subtitle.text
    assert "exempeldata" in document.core_properties.keywords


def test_nulagesbild_has_table_source_date_and_sentences(report_2021, document):
    parts = {p.indicator_id: p for p in report_2021.content.indicators}
    assert len(parts) == 12
    bistand = parts["forsorjningsstod_andel"]
    assert bistand.last_year == 2021  # the 2021 report shows what could be known in 2021
    assert [r.area for r in bistand.rows] == ["Berga", "Ryd", "Skäggetorp", "Linköpings kommun",
                                              "Jämförbara kommuner", "Riket"]
    assert bistand.sentences[2] == "I Skäggetorp var andelen 18,6\u00a0% 2021, 1,7\u00a0procentenheter lägre än 2019."
    assert bistand.sentences[-1].startswith("Kommunen låg på 3,2\u00a0%, jämförelsegruppen (Jämförbara kommuner) på")
    table = _table(document, "Invånare i hushåll med ekonomiskt bistånd: senaste värden")
    assert [c.text for c in table.rows[0].cells] == ["Område", "År", "Andel (%)", "Förändring (procentenheter)"]
    assert [c.text for c in table.rows[3].cells] == ["Skäggetorp", "2021", "18,6", "−1,7 sedan 2019"]
    crime = _table(document, "Anmälda våldsbrott per 1 000 invånare: senaste värden")
    assert [c.text for c in crime.rows[0].cells][3] == "95 % intervall"
    assert crime.rows[3].cells[4].text.endswith("– ingen säker förändring")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Källa: Brottsförebyggande rådet (BRÅ)." in text and "Senast uppdaterad i Indikatorpanelen " in text
    assert "Poissonintervall" in text and "Wilsons intervall" in text


# ----------------------------------------------------------------------------- rounds and the command line

def test_changes_since_the_previous_round_are_listed(two_round_path: Path):
    con = connect(two_round_path, read_only=True)
    try:
        report = make_report(Store(con), 2022, charts=False)
    finally:
        con.close()
    sentences = [c.sentence for c in report.content.changes]
    assert sentences == ["2 åtgärder har gått från pågår till genomförd", "1 åtgärd har gått från pågår till ej genomförd"]
    assert [m for m, _ in report.content.changes[0].measures] == ["1.2", "2.1"]
    document = docx.Document(io.BytesIO(report.docx))
    text = [p.text for p in document.paragraphs]
    assert any(t.startswith("2 åtgärder har gått från pågår till genomförd: 1.2 Utred och etablera") for t in text)
    blocks = _measure_blocks(document)
    assert 'Kommentar: =HYPERLINK("http://example.invalid/","Klicka här")' in blocks["1.1"]  # text, never a field
    assert "Kommentar: +SUM(1,2)" in blocks["1.2"]


@pytest.fixture
def two_round_path(tmp_path_factory):
    from tests.dashboard.stores import build_two_round_store

    return build_two_round_store(tmp_path_factory.mktemp("report2") / "panel.duckdb")


def test_command_line_writes_the_report_and_refuses_an_unknown_round(store_copy: Path, tmp_path: Path, capsys):
    out = tmp_path / "rapport.docx"
    assert cli(["--db", str(store_copy), "--round", "2021", "--out", str(out), "--utan-diagram",
                "--diarienummer", "KS 2020-754", "--datum", "2022-01-05"]) == 0
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Diarienummer:\tKS 2020-754" in text and "Datum:\t2022-01-05" in text
    assert "[Handläggare]" in text  # not given: a visible placeholder
    assert cli(["--db", str(store_copy), "--round", "2019", "--out", str(tmp_path / "x.docx")]) == 2
    assert "Det finns ingen uppföljning 2019 i databasen" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_the_report_command_runs_as_a_module_and_refuses_a_missing_store(tmp_path: Path):
    missing = tmp_path / "saknas.duckdb"
    result = subprocess.run([sys.executable, "-m", "dashboard.report", "--db", str(missing), "--round", "2021"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert f"Databasen {missing} finns inte; kör först: python -m loaders build" in result.stderr
    assert not missing.exists()
