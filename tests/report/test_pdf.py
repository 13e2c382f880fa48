"""The report through LibreOffice: it opens without repair, becomes a tagged PDF with a filled-in
table of contents, and its pages are rendered to PNG in tests/artifacts/ to be looked at.

Skipped where LibreOffice is not installed (``apt-get install -y libreoffice-writer-nogui``);
the page images need poppler's ``pdftoppm`` as well."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.report import pdf
from tests.report.conftest import ARTIFACTS

pytestmark = pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")
PAGES_TO_LOOK_AT = (1, 2, 3, 4, 5)   # title, contents, introduction and the first measures


@pytest.fixture(scope="module")
def report_pdf(report_2021, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "uppfoljning_2021.pdf"
    path.write_bytes(pdf.docx_to_pdf(report_2021.docx))
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def test_libreoffice_converts_the_report_to_a_tagged_pdf(report_pdf: Path):
    assert report_pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run([_tool("pdfinfo"), str(report_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 30 <= pages <= 60  # the 2021 report by hand was 30 pages; this one has 12 nulägesbilder more
    assert re.search(r"Tagged:\s+yes", info)
    assert "Uppföljning av åtgärdsplan mot segregation 2021" in info


def test_table_of_contents_has_page_numbers_in_the_pdf(report_pdf: Path):
    text = subprocess.run([_tool("pdftotext"), "-layout", "-f", "2", "-l", "2", str(report_pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"1 Inledning\s*\.+\s*3", text)
    assert re.search(r"3 Bilaga: Nulägesbilder\s*\.+\s*\d+", text)
    assert re.search(r"2\.5 Utvecklingsområde 5: En rikare fritid för alla\s*\.+\s*\d+", text)


def test_pages_rendered_to_png_for_looking_at(report_pdf: Path, report_2021):
    """Writes tests/artifacts/rapport_2021-NN.png: the first pages and the first nulägesbild."""
    pdftoppm, pdftotext = _tool("pdftoppm"), _tool("pdftotext")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("rapport_2021-*.png"):
        old.unlink()
    text = subprocess.run([pdftotext, "-layout", str(report_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    first = report_2021.content.indicators[0].name
    appendix = next(i + 1 for i, page in enumerate(text)  # the heading itself, not its line in the contents
                    if re.search(rf"^\s*3\.1 {re.escape(first)}\s*$", page, re.MULTILINE))
    for page in (*PAGES_TO_LOOK_AT, appendix):
        subprocess.run([pdftoppm, "-r", "80", "-png", "-f", str(page), "-l", str(page), str(report_pdf),
                        str(ARTIFACTS / "rapport_2021")], check=True)
    written = sorted(ARTIFACTS.glob("rapport_2021-*.png"))
    assert len(written) == len(PAGES_TO_LOOK_AT) + 1
    assert all(p.stat().st_size > 10_000 for p in written)
