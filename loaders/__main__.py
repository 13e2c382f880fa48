"""Command line: `python -m loaders build | import PATH [--kind K] | status [--json]`.

A thin shell over the library: every ImportFailed becomes Swedish lines on stderr and exit
code 2, so scripts and CI can tell bad input (2) from success (0).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .build import build_store
from .errors import ImportFailed
from .importer import import_path
from .model import KINDS
from .store import connect, default_db_path, status


def _print_status(data: dict) -> None:
    print(f"Importerade filer: {data['imports']}")
    for round_, entry in data["measures"].items():
        counts = ", ".join(f"{n} {s}" for s, n in entry["by_status"].items())
        print(f"Åtgärder, uppföljning {round_}: {entry['total']} ({counts})")
    for ind in data["indicators"]:
        years = f"{ind['years'][0]}–{ind['years'][-1]}" if ind["years"] else "inga år"
        print(f"  {ind['name']}: {ind['observations']} värden, {ind['areas']} områden, {years}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Indikatorpanelens datalager")
    parser.add_argument("--db", type=Path, help="databasfil (standard: INDIKATORPANEL_DB eller "
                        "data/indikatorpanel.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bygg databasen från allt i data/")
    imp = sub.add_parser("import", help="importera en fil")
    imp.add_argument("path", type=Path)
    imp.add_argument("--kind", choices=KINDS)
    st = sub.add_parser("status", help="visa vad databasen innehåller")
    st.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    db = args.db or default_db_path()
    try:
        if args.command == "build":
            n = build_store(db, progress=lambda i, total, name: print(
                f"[{i}/{total}] {name}", file=sys.stderr))
            print(f"Databasen {db} byggd av {n} filer.")
        elif args.command == "import":
            con = connect(db)
            try:
                summary, warnings = import_path(con, args.path, args.kind)
            finally:
                con.close()
            for warning in warnings:
                print(warning, file=sys.stderr)
            print(summary.line())
        else:
            if not db.exists():
                print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
                return 2
            con = connect(db, read_only=True)
            try:
                data = status(con)
            finally:
                con.close()
            if args.json:
                print(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                _print_status(data)
    except ImportFailed as exc:
        for problem in exc.problems[:25]:
            print(problem, file=sys.stderr)
        if len(exc.problems) > 25:
            print(f"… och {len(exc.problems) - 25} fel till.", file=sys.stderr)
        print("Inget har ändrats i databasen.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
