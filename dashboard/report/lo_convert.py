"""Convert a .docx to a tagged PDF with LibreOffice, updating the table of contents first.

Run as a script by the Python that comes with LibreOffice's UNO bridge (Debian's
``python3-uno``, usually /usr/bin/python3), not imported by the app:

    python3 lo_convert.py IN.docx OUT.pdf SOFFICE

``soffice --convert-to pdf`` alone keeps a Word table of contents as it was saved: it does
not recompute it, so its page numbers would be missing. Here LibreOffice opens the document
over UNO, updates every index and field (twice: the contents may move pages), and exports a
tagged PDF (headings, alt text and reading order kept for screen readers).

It starts its own soffice with a private profile and a private pipe, so conversions running
at the same time do not meet, and always stops it. Exit code 0 when the PDF was written.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno  # noqa: I001 - LibreOffice's bridge: only in the Python that ships with python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_SECONDS = 60


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def convert(source, target, soffice):
    profile = tempfile.mkdtemp(prefix="lo_profile_")
    pipe = "indikatorpanel_" + uuid.uuid4().hex
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = _connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                                (_prop("Hidden", True), _prop("ReadOnly", True)))
        try:
            for _ in range(2):
                indexes = document.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                document.getTextFields().refresh()
            options = uno.Any("[]com.sun.star.beans.PropertyValue",
                              (_prop("UseTaggedPDF", True), _prop("ExportBookmarks", True)))
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", options)))
        finally:
            document.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001, S110 - the bridge drops as soffice exits: that is the point
            pass
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "soffice")
