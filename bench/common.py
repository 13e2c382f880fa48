"""Shared helpers for the benchmark scripts: timing, the machine, and printing ratios.

The benchmarks are scripts that print figures, not timed tests: each compares two ways of
doing the same thing in one run and prints the ratio, so that noise on a shared machine
largely cancels out. Run them from the repository root, e.g. ``python bench/bench_import.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/x.py` puts bench/ first on the path, not the root
    sys.path.insert(0, str(ROOT))


def machine() -> str:
    """One line naming the machine: CPU model, cores, memory, Python and the date."""
    cpu = "okänd CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    return (f"{cpu}, nproc {os.cpu_count()}, minne {memory}, Python {platform.python_version()}, "
            f"{dt.date.today().isoformat()}")


def timed(fn: Callable[[], object], *, repeat: int = 3, setup: Callable[[], object] | None = None,
          warmup: bool = True) -> tuple[float, list[float]]:
    """Median seconds of ``repeat`` runs (``setup`` runs before each, untimed), after one
    untimed warm-up run (imports, caches) unless ``warmup`` is False."""
    if warmup:
        if setup is not None:
            setup()
        fn()
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def seconds(value: float) -> str:
    return f"{value:8.3f} s"


def ms(value: float) -> str:
    return f"{value * 1000:8.1f} ms"


def ratio_line(label: str, numerator: float, denominator: float, target: float | None = None) -> str:
    ratio = numerator / denominator if denominator else float("inf")
    verdict = ""
    if target is not None:
        verdict = f"  (mål ≤ {target:g}×: {'uppnått' if ratio <= target else 'EJ uppnått'})"
    return f"  {label:58} {ratio:6.2f}×{verdict}"


def header(title: str) -> None:
    print(f"== {title}")
    print(f"   {machine()}")


def wait_healthy(url: str, proc: subprocess.Popen, name: str = "streamlit", timeout: float = 90) -> None:
    """Wait for a benchmark's own Streamlit server to answer /_stcore/health, or stop the run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name} avslutades med kod {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{name} blev aldrig frisk (/_stcore/health)")
