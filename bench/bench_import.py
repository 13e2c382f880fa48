"""Benchmark 1 (issue 6): importing a 200 000-value spreadsheet, against a bare read of it.

Two xlsx files are generated in memory:
* long layout (the template, `mall`): Indikator | Område | År | Kön | Värde | Enhet | Källa,
  200 000 unique keys (synthetic indicators, which a template row adds when it names Enhet
  and Källa, because 14 catalogue indicators x 12 areas cannot give 200 000 unique keys);
* wide layout (försörjningsstöd): three blocks Totalt / Kvinnor / Män, each with 4 445
  synthetic areas x 15 year columns (200 025 values). The synthetic areas are inserted into
  the benchmark's own store (areas, area_names) first, because unknown areas are errors.

For each file (median of --repeat runs) it times
* the bare pandas.read_excel(engine="calamine") and pandas.read_excel(engine="openpyxl");
* the full import: loaders.importer.import_bytes into a fresh store (read, validate, write),
  and the same split into its steps (read_workbook, loader, validate_batch, write_batch);
and prints the ratios. Target: full import within 1.3x the bare calamine read. With
--profile it runs cProfile over one long import and prints where the time goes; with
--experiments it splits the time left into reading's parts, the loader, validation and
writing.

    python bench/bench_import.py [--repeat 3] [--profile] [--experiments] [--rows 200000]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
import pandas as pd
import xlsxwriter
from common import header, ratio_line, seconds, timed

from loaders.importer import import_bytes, loader_for
from loaders.reading import read_workbook
from loaders.store import connect, load_reference_files, reference, write_batch
from loaders.validate import validate_batch

AREAS = ["Riket", "Linköpings kommun", "Berga", "Ryd", "Skäggetorp", "Lambohov", "Ekholmen",
         "Johannelund", "Gottfridsberg", "Vasastaden", "Innerstaden", "Tornby-Kallerstad"]
LONG_YEARS = list(range(1960, 2026))
WIDE_YEARS = list(range(2010, 2025))
SEXES = ["Totalt", "Kvinnor", "Män"]


def long_xlsx(rows: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["Indikator", "Område", "År", "Kön", "Värde", "Enhet", "Källa"])
    per_indicator = len(AREAS) * len(LONG_YEARS) * len(SEXES)
    for i in range(rows):
        k, rest = divmod(i, per_indicator)
        area, rest = divmod(rest, len(LONG_YEARS) * len(SEXES))
        year, sex = divmod(rest, len(SEXES))
        sheet.write_row(i + 1, 0, [f"Syntetisk indikator {k:03d}", AREAS[area], LONG_YEARS[year],
                                   SEXES[sex], (i % 997) / 10, "antal", "Syntetiska testdata"])
    book.close()
    return buffer.getvalue()


def wide_area_names(values: int) -> list[str]:
    per_block = -(-values // (len(SEXES) * len(WIDE_YEARS)))
    return [f"Syntetiskt område {i:05d}" for i in range(per_block)]


def wide_xlsx(values: int) -> bytes:
    names = wide_area_names(values)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Andel (%)")
    sheet.write_string(0, 0, "Invånare i hushåll med ekonomiskt bistånd, andel (%)")
    row = 2
    for s, sex in enumerate(SEXES):
        sheet.write_string(row, 0, sex)
        sheet.write_row(row + 1, 0, ["Område", *WIDE_YEARS])
        row += 2
        for a, name in enumerate(names):
            sheet.write_row(row, 0, [name, *[((a * 7 + y * 3 + s) % 250) / 10 for y in range(len(WIDE_YEARS))]])
            row += 1
        row += 1
    book.close()
    return buffer.getvalue()


def fresh_store(folder: Path, synthetic_areas: list[str] | None = None):
    """A new store with the reference data (and, for the wide file, the synthetic areas)."""
    path = folder / f"bench_{time.perf_counter_ns()}.duckdb"
    con = connect(path)
    load_reference_files(con)
    if synthetic_areas:
        frame = pd.DataFrame({"code": [f"SYN-{i:05d}" for i in range(len(synthetic_areas))],
                              "name": synthetic_areas})
        con.register("syn", frame)
        con.execute("INSERT INTO areas SELECT code, name, 'omrade', '0580', FALSE, "
                    "1000 + row_number() OVER (), NULL FROM syn")
        con.execute("INSERT INTO area_names SELECT name, code FROM syn")
        con.unregister("syn")
    return con


def bench_file(label: str, data: bytes, file_name: str, kind: str, repeat: int, folder: Path,
               synthetic_areas: list[str] | None = None) -> dict[str, float]:
    print(f"\n-- {label}: {file_name}, {len(data) / 1e6:.1f} MB")
    pandas_kw = {"header": None} if kind == "forsorjningsstod" else {}
    calamine, _ = timed(lambda: pd.read_excel(io.BytesIO(data), engine="calamine", **pandas_kw),
                        repeat=repeat)
    print(f"  pandas.read_excel(engine='calamine')                 {seconds(calamine)}")
    openpyxl_t, _ = timed(lambda: pd.read_excel(io.BytesIO(data), engine="openpyxl", **pandas_kw),
                          repeat=repeat)
    print(f"  pandas.read_excel(engine='openpyxl')                 {seconds(openpyxl_t)}")

    stores: list = []

    def setup() -> None:
        for con in stores:
            con.close()
        stores.clear()
        stores.append(fresh_store(folder, synthetic_areas))

    summary: list = []
    full, _ = timed(lambda: summary.append(import_bytes(stores[-1], data, file_name, kind)),
                    repeat=repeat, setup=setup)
    added = summary[-1][0].added
    print(f"  full import (import_bytes: läs, validera, skriv)    {seconds(full)}   ({added} värden)")

    # the same, step by step, once
    setup()
    con = stores[-1]
    t0 = time.perf_counter()
    ref = reference(con)
    t1 = time.perf_counter()
    workbook = read_workbook(data, file_name)
    t2 = time.perf_counter()
    batch = loader_for(kind)(workbook, ref)
    t3 = time.perf_counter()
    validate_batch(batch, ref)
    t4 = time.perf_counter()
    write_batch(con, batch)
    t5 = time.perf_counter()
    for c in stores:
        c.close()
    steps = {"reference(con)": t1 - t0, "read_workbook (zip-kontroll + calamine + _clean_row)": t2 - t1,
             f"{kind}.load (tolka celler)": t3 - t2, "validate_batch": t4 - t3,
             "write_batch (en transaktion)": t5 - t4}
    total = sum(steps.values())
    print("  stegvis (en körning):")
    for name, value in steps.items():
        print(f"    {name:54} {seconds(value)}  {value / total:5.1%}")
    print(ratio_line("full import / calamine", full, calamine, target=1.3))
    print(ratio_line("full import / openpyxl", full, openpyxl_t))
    print(ratio_line("openpyxl / calamine", openpyxl_t, calamine))
    return {"calamine": calamine, "openpyxl": openpyxl_t, "full": full, **steps}


def experiments(data: bytes, file_name: str, kind: str, folder: Path,
                synthetic_areas: list[str] | None = None) -> None:
    """Where the time left goes: the parts of read_workbook, against the loader's own work.

    validate_batch is column-wise and the loaders parse each distinct cell once, so what
    remains is mostly reading and writing; this splits read_workbook into its zip check,
    calamine's to_python and the per-cell _clean_row (reading.py internals, timed here
    without changing them) to show what a faster reader could still win.
    """
    import python_calamine

    from loaders import reading

    t = time.perf_counter()
    reading._scan_zip(data, file_name)
    scan = time.perf_counter() - t
    t = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    grids = [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]
    calamine = time.perf_counter() - t
    t = time.perf_counter()
    for name, grid in zip(book.sheet_names, grids):
        [reading._clean_row(r, file_name, name, i) for i, r in enumerate(grid)]
    clean = time.perf_counter() - t
    con = fresh_store(folder, synthetic_areas)
    ref = reference(con)
    workbook = read_workbook(data, file_name)
    t = time.perf_counter()
    batch = loader_for(kind)(workbook, ref)
    load = time.perf_counter() - t
    t = time.perf_counter()
    validate_batch(batch, ref)
    validate = time.perf_counter() - t
    t = time.perf_counter()
    write_batch(con, batch)
    write = time.perf_counter() - t
    con.close()
    total = scan + calamine + clean + load + validate + write
    print(f"  delar (en körning var), {kind}:")
    for name, value in [("zip-kontroll (_scan_zip: packa upp, leta felceller)", scan),
                        ("calamine to_python (alla blad)", calamine),
                        ("_clean_row (cell för cell i Python)", clean),
                        (f"{kind}.load", load), ("validate_batch", validate),
                        ("write_batch", write)]:
        print(f"    {name:54} {seconds(value)}  {value / total:5.1%}")


def profile_long(data: bytes, folder: Path, lines: int) -> None:
    con = fresh_store(folder)
    profiler = cProfile.Profile()
    profiler.enable()
    import_bytes(con, data, "lang_200000.xlsx", "mall")
    profiler.disable()
    con.close()
    print("\n-- cProfile, lång layout (cProfile gör allt 2-3x långsammare; se andelarna)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--profile", action="store_true", help="cProfile one long import")
    parser.add_argument("--experiments", action="store_true",
                        help="split the time left into zip check, calamine, _clean_row, load, "
                             "validate and write")
    parser.add_argument("--profile-lines", type=int, default=25)
    args = parser.parse_args()
    header(f"Benchmark 1: import av {args.rows} värden mot bara läsning (median av {args.repeat})")
    t = time.perf_counter()
    long_data = long_xlsx(args.rows)
    wide_data = wide_xlsx(args.rows)
    print(f"   filerna skapades på {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        folder = Path(tmp)
        bench_file("Lång layout (mall)", long_data, "lang_200000.xlsx", "mall", args.repeat, folder)
        bench_file("Bred layout (försörjningsstöd)", wide_data, "bred_200000.xlsx", "forsorjningsstod",
                   args.repeat, folder, synthetic_areas=wide_area_names(args.rows))
        if args.experiments:
            print("\n-- Vad som återstår: läsningens delar mot loader, validering och skrivning")
            experiments(long_data, "lang_200000.xlsx", "mall", folder)
            experiments(wide_data, "bred_200000.xlsx", "forsorjningsstod", folder,
                        synthetic_areas=wide_area_names(args.rows))
        if args.profile:
            profile_long(long_data, folder, args.profile_lines)


if __name__ == "__main__":
    main()
