"""``python -m dashboard.report``: the follow-up report for one round, from the command line.

The report is made from what the dashboard shows (its views, figures and sentences), so its
command lives here, above the loaders, not in ``python -m loaders``: the loaders never import
the dashboard. Like the loaders' commands, a refusal (no store, an unknown round, no PDF) is
Swedish lines on stderr and exit code 2, and the store is left as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from loaders.errors import PanelError
from loaders.store import connect, default_db_path

from ..store import Store
from . import TitleBlock, make_report
from .word import file_name


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» är inget datum; skriv ÅÅÅÅ-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.report",
                                     description="skriv uppföljningsrapporten för en omgång som Word (och PDF "
                                                 "där LibreOffice finns)")
    parser.add_argument("--db", type=Path, help="databasfil (standard: INDIKATORPANEL_DB eller "
                        "data/indikatorpanel.duckdb)")
    parser.add_argument("--round", type=int, required=True, help="uppföljningsår, t.ex. 2021")
    parser.add_argument("--out", type=Path, help="fil att skriva, .docx eller .pdf (standard: "
                                                 "uppfoljning_atgardsplan_segregation_ÅR.docx)")
    parser.add_argument("--pdf", action="store_true", help="skriv även en PDF bredvid Word-filen")
    parser.add_argument("--diarienummer", default="", help="diarienummer i rubrikblocket")
    parser.add_argument("--handlaggare", default="", help="handläggare i rubrikblocket")
    parser.add_argument("--organisation", default="", help="organisation i rubrikblocket")
    parser.add_argument("--datum", type=_date, help="datum i rubrikblocket, ÅÅÅÅ-MM-DD (standard: i dag)")
    parser.add_argument("--baseline", type=int, help="år som indikatorernas förändring räknas från "
                                                     "(standard: året före åtgärdsplanen)")
    parser.add_argument("--utan-diagram", dest="charts", action="store_false",
                        help="skriv rapporten utan diagrambilder (snabbt utkast)")
    return parser


def _report(db: Path, args: argparse.Namespace) -> int:
    """Warnings (no Chromium, no LibreOffice) go to stderr: the files are still written where they can be."""
    if not db.exists():
        print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
        return 2
    out = args.out or Path(file_name(args.round, "docx"))
    want_pdf = args.pdf or out.suffix.lower() == ".pdf"
    con = connect(db)
    try:
        title = TitleBlock(args.diarienummer, args.handlaggare, args.datum, args.organisation)
        report = make_report(Store(con), args.round, title, baseline_year=args.baseline, pdf=want_pdf,
                             charts=args.charts)
    finally:
        con.close()
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if out.suffix.lower() != ".pdf":
        out.write_bytes(report.docx)
        print(f"Skrev {out}.", file=sys.stderr)
    if want_pdf:
        if report.pdf is None:
            return 2
        target = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
        target.write_bytes(report.pdf)
        print(f"Skrev {target}.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _report(args.db or default_db_path(), args)
    except PanelError as exc:
        print(f"{exc.title}: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
