"""The measure register template another kommun fills in: the columns Linköping's register has.

One row per measure and follow-up round: its id («2.4», the development area first), title,
description, development area, the districts it is aimed at, who is responsible, funding,
the plan, the round, status, comment and decision. It imports like Linköping's register
(``loaders.atgarder``) and gives the same views. A development area may be written with its
name («4. Trivsamma livsmiljöer …»): the plan's own names then replace the defaults.
"""

from __future__ import annotations

import io

import xlsxwriter

COLUMNS = ["Id", "Åtgärd", "Beskrivning", "Utvecklingsområde", "Område", "Ansvarig", "Finansiering och tid",
           "Plan", "Uppföljningsår", "Status", "Kommentar", "Beslut inför nästa år"]
WIDTHS = [6, 40, 50, 30, 24, 20, 28, 28, 14, 14, 50, 30]
HELP = {
    "Id": "Utvecklingsområdets nummer, punkt, löpnummer: 1.1, 2.4 …",
    "Utvecklingsområde": "Numret 1–5, gärna med namnet: «4. Trivsamma livsmiljöer …».",
    "Område": "Stadsdelarna åtgärden riktar sig till, t.ex. «Centrum och Norr».",
    "Uppföljningsår": "Året uppföljningen gäller, t.ex. 2025.",
    "Status": "Genomförd, Pågår eller Ej genomförd.",
    "Beslut inför nästa år": "Vidmakthålls, Vidareutvecklas, Ingår i annan åtgärd eller Utgår.",
}
FILE_NAME = "mall_atgarder.xlsx"


def template_bytes() -> bytes:
    """An empty register: the header row, with a note on the columns that take set words."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Uppföljning")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    for c, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
        sheet.write_string(0, c, name, bold)
        sheet.set_column(c, c, width)
        if name in HELP:
            sheet.write_comment(0, c, HELP[name], {"x_scale": 2.5})
    sheet.freeze_panes(1, 0)
    book.set_properties({"title": "Åtgärdsregister med uppföljning (mall)", "subject": "Indikatorpanelen"})
    book.close()
    return buffer.getvalue()
