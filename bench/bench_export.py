"""Benchmark 4 (issue 6): exporting a 100 000-row table to Excel, against a bare XlsxWriter write.

The table is what a filtered page would show and export: one row per indicator, area, year
and kön with a value (1 decimal), about 2 % suppressed cells (written as '..' with a cell
comment) and a few caveat flags. Timed (median of --repeat runs, after a warm-up):
* dashboard.export.xlsx.xlsx_bytes(table, info): the app's export (Swedish headers, formats,
  flags as symbols and comments, the "Om exporten" sheet);
* the same frame through pandas ``to_excel(engine="xlsxwriter")``;
* the same frame with a bare XlsxWriter ``write_row`` loop (no formats, no comments).
Target: the app's export within 1.2x the bare write. The three are run interleaved and
both wall-clock and CPU time are printed: on the shared 2-core machine the wall clock of
one run varies by up to ±50 %, the CPU time of this single-threaded work far less.
With --profile, cProfile of one export.

    python bench/bench_export.py [--rows 100000] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

import common  # noqa: F401 - puts the repository root on sys.path
import numpy as np
import pandas as pd
import xlsxwriter
from common import header, ratio_line, seconds


def make_table(rows: int):
    from dashboard.tables import Table

    rng = np.random.default_rng(6)
    areas = [f"Område {i:04d}" for i in range(2000)]
    indicators = ["Invånare i hushåll med ekonomiskt bistånd", "Meritvärde åk 9",
                  "Anmälda våldsbrott per 1 000 invånare", "Förvärvsfrekvens 20–64 år"]
    frame = pd.DataFrame({
        "Indikator": np.array(indicators)[rng.integers(0, len(indicators), rows)],
        "Område": np.array(areas)[rng.integers(0, len(areas), rows)],
        "År": rng.integers(2010, 2025, rows),
        "Kön": np.array(["Totalt", "Kvinnor", "Män"])[rng.integers(0, 3, rows)],
        "Värde": np.round(rng.uniform(0, 100, rows), 1),
        "Källa": "Syntetiska data",
    })
    suppressed = rng.random(rows) < 0.02
    frame.loc[suppressed, "Värde"] = np.nan
    flags = {(int(r), "Värde"): "prickad" for r in np.flatnonzero(suppressed)}
    caveat = np.flatnonzero((rng.random(rows) < 0.005) & ~suppressed)
    flags.update({(int(r), "Värde"): "ungefärligt" for r in caveat})
    table = Table(frame, numbers={"Värde": 1}, flags=flags,
                  notes=["Prickat: för få personer för att redovisas."],
                  widths={"Indikator": 40, "Område": 16, "År": 6, "Kön": 8, "Värde": 9})
    return table


def bare_write_row(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, list(frame.columns))
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        sheet.write_row(r, 0, ["" if isinstance(v, float) and v != v else v for v in row])
    book.close()
    return buffer.getvalue()


def pandas_to_excel(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, engine="xlsxwriter", index=False, sheet_name="Data")
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    header(f"Benchmark 4: Excel-export av {args.rows} rader (median av {args.repeat})")
    try:
        from dashboard.export.xlsx import ExportInfo, xlsx_bytes
    except Exception as exc:  # noqa: BLE001
        print(f"   dashboard/export/xlsx.py kan inte användas ({type(exc).__name__}: {exc}); hoppar över.")
        return
    table = make_table(args.rows)
    info = ExportInfo(title="Benchmark – filtrerad tabell", filters=[("Urval", "alla")],
                      sources=[("Syntetiska data", "bench/bench_export.py")], example=True)
    sizes: dict[str, int] = {}
    ways = {
        "app": lambda: sizes.__setitem__("app", len(xlsx_bytes(table, info))),
        "bare": lambda: sizes.__setitem__("bare", len(bare_write_row(table.frame))),
        "pandas": lambda: sizes.__setitem__("pandas", len(pandas_to_excel(table.frame))),
    }
    # interleaved (app, bare, pandas, app, …) so a change in the machine's load hits all
    # three alike; wall-clock and CPU time of this process (the latter hardly moves when
    # others share the two cores, and everything here runs on one thread)
    wall: dict[str, list[float]] = {k: [] for k in ways}
    cpu: dict[str, list[float]] = {k: [] for k in ways}
    loads = [os.getloadavg()[0]]
    for fn in ways.values():
        fn()  # warm-up
    for _ in range(args.repeat):
        for name, fn in ways.items():
            w, c = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
        loads.append(os.getloadavg()[0])
    app, bare, pandas_t = (statistics.median(wall[k]) for k in ways)
    app_cpu, bare_cpu, pandas_cpu = (statistics.median(cpu[k]) for k in ways)
    flagged = len(table.flags)
    print(f"   {args.rows} rader × {table.frame.shape[1]} kolumner, {flagged} flaggade celler "
          "(symbol + cellkommentar)")
    print(f"   load average (1 min) under körningen: {min(loads):.1f}–{max(loads):.1f} på {os.cpu_count()} kärnor")
    print(f"  {'':52} {'väggklocka':>10} {'CPU-tid':>10}")
    print(f"  dashboard.export.xlsx.xlsx_bytes                     {seconds(app)} {seconds(app_cpu)}"
          f"  {sizes['app'] / 1e6:5.1f} MB")
    print(f"  bar XlsxWriter write_row                             {seconds(bare)} {seconds(bare_cpu)}"
          f"  {sizes['bare'] / 1e6:5.1f} MB")
    print(f"  pandas to_excel(engine='xlsxwriter')                 {seconds(pandas_t)} {seconds(pandas_cpu)}"
          f"  {sizes['pandas'] / 1e6:5.1f} MB")
    print(ratio_line("appens export / bar write_row (väggklocka)", app, bare, target=1.2))
    print(ratio_line("appens export / bar write_row (CPU-tid)", app_cpu, bare_cpu, target=1.2))
    print(ratio_line("appens export / pandas to_excel (väggklocka)", app, pandas_t))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        xlsx_bytes(table, info)
        profiler.disable()
        print("\n-- cProfile av en export")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
