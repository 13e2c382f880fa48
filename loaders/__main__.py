"""Command line: build, import, status, export, backup and restore the store.

A thin shell over the library: every PanelError becomes Swedish lines on stderr and exit
code 2, so scripts and CI can tell bad input or a refused command (2) from success (0).
The follow-up report is the dashboard's (``python -m dashboard.report``): the loaders are the
layer below it and never import it; ``report`` here only says where it went.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import backup as backups
from . import outcome
from . import export as exports
from .build import build_store
from .errors import ImportFailed, PanelError
from .importer import import_path
from .model import KINDS
from .store import connect, default_db_path, status

REPORT_COMMAND = "python -m dashboard.report --round ÅR [--out FIL] [--pdf] [--db FIL]"


def _print_status(data: dict) -> None:
    print(f"Importerade filer: {data['imports']}")
    for round_, entry in data["measures"].items():
        counts = ", ".join(f"{n} {s}" for s, n in entry["by_status"].items())
        print(f"Åtgärder, uppföljning {round_}: {entry['total']} ({counts})")
    for ind in data["indicators"]:
        years = f"{ind['years'][0]}–{ind['years'][-1]}" if ind["years"] else "inga år"
        example = f", varav {ind['example_observations']} exempelvärden" if ind["example_observations"] else ""
        print(f"  {ind['name']}: {ind['observations']} värden{example}, {ind['areas']} områden, {years}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Indikatorpanelens datalager")
    parser.add_argument("--db", type=Path, help="databasfil (standard: INDIKATORPANEL_DB eller "
                        "data/indikatorpanel.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bygg databasen från data/ och spela upp allt som importerats och ändrats")
    ini = sub.add_parser("init", help="skapa en ny, tom databas för en annan kommun (stadsdelar från SCB:s RegSO)")
    ini.add_argument("--kommun", required=True, help="kommunkoden, t.ex. 0583 för Motala")
    ini.add_argument("--utan-natverk", action="store_true", help="hämta inga stadsdelar från SCB")
    sd = sub.add_parser("stadsdelar", help="lägg till hemkommunens stadsdelar, med namn eller från en fil")
    how = sd.add_mutually_exclusive_group(required=True)
    how.add_argument("--lagg-till", nargs="+", metavar="NAMN", help="stadsdelarnas namn, t.ex. \"Centrum\" \"Ljunga\"")
    how.add_argument("--fil", type=Path, help="csv eller xlsx med kolumnen «Stadsdel» och ev. «RegSO»/«DeSO» (koder)")
    imp = sub.add_parser("import", help="importera en fil")
    imp.add_argument("path", type=Path)
    imp.add_argument("--kind", choices=KINDS)
    imp.add_argument("--recipe", help="läs filen med ett sparat kolumnrecept")
    st = sub.add_parser("status", help="visa vad databasen innehåller")
    st.add_argument("--json", action="store_true")
    ex = sub.add_parser("export", help="skriv alla värden som en tabell (en rad per värde)")
    ex.add_argument("--format", choices=("csv",), default="csv")
    ex.add_argument("--indicator", nargs="*", default=[], help="bara dessa indikator-id")
    ex.add_argument("--area", nargs="*", default=[], help="bara dessa områdeskoder")
    ex.add_argument("--out", type=Path, help="fil att skriva till (standard: skärmen)")
    ex.add_argument("--include-schools", action="store_true",
                    help="ta med skolornas egna värden (de som stadsdelarnas värden räknas fram ur)")
    bk = sub.add_parser("backup", help="gör en säkerhetskopia (fungerar medan appen körs)")
    bk.add_argument("dir", type=Path, nargs="?", help="katalog (standard: sakerhetskopior/ bredvid databasen)")
    rs = sub.add_parser("restore", help="lägg tillbaka en säkerhetskopia")
    rs.add_argument("file", type=Path)
    ko = sub.add_parser("kolada", help="hämta nyckeltal från Kolada (api.kolada.se) och importera dem")
    ko.add_argument("kpi", nargs="+", help="Koladas nyckeltals-id, t.ex. N31807")
    ko.add_argument("--kommun", nargs="*", default=[], help="kommunkoder (standard: hemkommunen)")
    ko.add_argument("--grupp", help="en jämförelsegrupps namn eller id: hämta även dess kommuner")
    ko.add_argument("--from", dest="from_year", type=int, help="första år (standard: alla år)")
    sc = sub.add_parser("scb", help="hämta en tabell från SCB:s Statistikdatabasen (RegSO/DeSO, kommunen, riket) "
                        "och importera den")
    sc.add_argument("table", help="tabellens id, t.ex. TAB5956")
    sc.add_argument("--deso", action="store_true", help="DeSO-områden i stället för RegSO")
    sc.add_argument("--kommun", nargs="*", default=[], help="fler kommuner att hämta (hemkommunen och riket alltid)")
    sc.add_argument("--ar", help="år eller intervall, t.ex. 2020-2024 (standard: alla år)")
    sc.add_argument("--val", nargs="*", default=[], metavar="VARIABEL=KOD,…",
                    help="bara dessa värden av en variabel, t.ex. UtbildningsNiva=3 (standard: alla)")
    sd = sub.add_parser("scb-distrikt", help="hämta Distriktsindikatorer från SCB (förvärvsfrekvens, låg ekonomisk "
                        "standard, eftergymnasial utbildning, folkmängd) för hemkommunens RegSO-områden och importera dem")
    sd.add_argument("--deso", action="store_true", help="DeSO-områdena också (görs utan flaggan när en stadsdel "
                    "redan består av DeSO-områden)")
    rf = sub.add_parser("refresh", help="hämta alla sparade hämtningar (Kolada, SCB) igen, visa vad som ändrats "
                        "och skriv det (när appen inte körs)")
    rf.add_argument("--ja", action="store_true", help="skriv ändringarna utan att fråga")
    sub.add_parser("report", help=f"flyttat: {REPORT_COMMAND}", add_help=False)
    return parser


def _import(db: Path, args: argparse.Namespace) -> None:
    con = connect(db)
    try:
        options = {"recipe": args.recipe} if args.recipe else None
        kind = "recept" if args.recipe else args.kind
        summary, warnings = import_path(con, args.path, kind, who="kommandorad", options=options)
    finally:
        con.close()
    outcome.imported(summary, warnings)


def _status(db: Path, as_json: bool) -> int:
    if not db.exists():
        print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
        return 2
    con = connect(db)
    try:
        data = status(con)
    finally:
        con.close()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_status(data)
    return 0


def _export(db: Path, args: argparse.Namespace) -> None:
    con = connect(db)
    try:
        data = exports.to_csv(exports.tidy(con, args.indicator, args.area, include_schools=args.include_schools))
    finally:
        con.close()
    if args.out:
        args.out.write_bytes(data)
        print(f"Skrev {args.out}.", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "report":
        print(f"Rapporten skrivs inte längre med python -m loaders report. Använd: {REPORT_COMMAND}", file=sys.stderr)
        return 2
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    db = args.db or default_db_path()
    try:
        if args.command == "build":
            n = build_store(db, progress=lambda i, total, name: print(f"[{i}/{total}] {name}", file=sys.stderr))
            print(f"Databasen {db} byggd av {n} filer.")
        elif args.command == "init":
            from .home import run_cli as run_init
            return run_init(db, args)
        elif args.command == "stadsdelar":
            from .districts import run_cli as run_districts
            return run_districts(db, args)
        elif args.command == "import":
            _import(db, args)
        elif args.command == "status":
            return _status(db, args.json)
        elif args.command == "export":
            _export(db, args)
        elif args.command == "backup":
            print(backups.backup(db, args.dir).line())
        elif args.command == "kolada":
            from .kolada_api import run_cli  # imported late: only this command talks to the network
            return run_cli(db, args)
        elif args.command == "scb":
            from .scb_api import run_cli as run_scb  # imported late: only this command talks to the network
            return run_scb(db, args)
        elif args.command == "scb-distrikt":
            from .scb_districts import run_cli as run_districts  # imported late: talks to the network
            return run_districts(db, args)
        elif args.command == "refresh":
            from .refresh import run_cli as run_refresh  # imported late: only this command talks to the network
            return run_refresh(db, args)
        elif args.command == "restore":
            made = backups.restore(args.file, db)
            print(f"Databasen {db} är återställd från {args.file} (SHA-256 {made.checksum}).")
    except ImportFailed as exc:
        return outcome.failed(exc)
    except PanelError as exc:
        return outcome.failed(exc, unchanged=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
