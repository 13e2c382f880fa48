"""The report as PDF, where LibreOffice is installed (``apt-get install -y libreoffice-writer-nogui``).

The Word file is the report; the PDF is a convenience for those who only read. When
LibreOffice's Python bridge (``python3-uno``, which the Debian package brings) is there, the
conversion updates the table of contents first and writes a tagged PDF (``lo_convert.py``);
otherwise it falls back to ``soffice --convert-to pdf``, whose table of contents has no page
numbers. Each conversion uses its own LibreOffice profile, so two at once do not collide.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

from loaders.errors import PanelError

SOFFICE_NAMES = ("soffice", "libreoffice")
UNO_PYTHONS = ("/usr/bin/python3", "python3")
SCRIPT = Path(__file__).with_name("lo_convert.py")
TIMEOUT = 300   # seconds; a 40-page report with charts takes 10–20 s
HELP = ("PDF kräver LibreOffice på servern. Be den som sköter servern installera det med "
        "`apt-get install -y libreoffice-writer-nogui` (Debian/Ubuntu). Word-filen fungerar ändå.")


class PdfFailed(PanelError):
    """The PDF could not be made; the message says why and that the Word file is fine."""

    title = "PDF kunde inte skapas"


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return next((path for path in map(shutil.which, SOFFICE_NAMES) if path), None)


def available() -> bool:
    return soffice() is not None


@functools.cache
def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` bridge, or None."""
    for candidate in UNO_PYTHONS:
        path = shutil.which(candidate)
        if not path:
            continue
        try:
            done = subprocess.run([path, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return path
    return None


def _plain_convert(program: str, source: Path, folder: Path) -> None:
    profile = folder / "profil"
    subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=TIMEOUT, check=False)


def docx_to_pdf(data: bytes) -> bytes:
    """The .docx as PDF (table of contents updated when the UNO bridge is there).
    Raises PdfFailed with a Swedish message when LibreOffice is missing or fails."""
    program = soffice()
    if program is None:
        raise PdfFailed(HELP)
    with tempfile.TemporaryDirectory(prefix="rapport_pdf_") as tmp:
        folder = Path(tmp)
        source, target = folder / "rapport.docx", folder / "rapport.pdf"
        source.write_bytes(data)
        python = uno_python()
        if python is not None:
            try:
                subprocess.run([python, str(SCRIPT), str(source), str(target), program], capture_output=True,
                               timeout=TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                pass
        if not target.exists() or not target.stat().st_size:
            try:
                _plain_convert(program, source, folder)
            except subprocess.TimeoutExpired:
                raise PdfFailed(f"LibreOffice blev inte klart inom {TIMEOUT} sekunder. Word-filen fungerar ändå.") \
                    from None
        if not target.exists() or not target.stat().st_size:
            raise PdfFailed("LibreOffice kunde inte omvandla rapporten till PDF. Word-filen fungerar ändå.")
        return target.read_bytes()
