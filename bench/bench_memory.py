"""Benchmark 5 (issue 6): the server's memory with 20 concurrent sessions on the bundled data.

Builds a store from data/ (``python -m loaders --db DB build``) in a temporary folder,
starts ``streamlit run app.py`` on a free loopback port with INDIKATORPANEL_DB pointing at
it, then opens sessions one by one in headless Chromium (Playwright, Debian's
/usr/bin/chromium; one browser context = one Streamlit session) and visits every page in
each. Each session stays open. The server's RSS (VmRSS in /proc/<pid>/status) is read
after start, after the first session (caches filled), and after all sessions; printed:
MB per additional session. Every wait is bounded; the server and browser are stopped at
the end whatever happens.

    python bench/bench_memory.py [--sessions 20] [--pages oversikt,trender,...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - puts the repository root on sys.path
from common import header, wait_healthy

from tests.e2e.helpers import free_port

ROOT = common.ROOT
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAGES = ["oversikt", "trender", "omradesprofil", "jamforelse", "atgarder", "indikatorer_och_atgarder"]
STEP_MS = 60_000
APP = "[data-testid='stApp']"


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")




def wait_for_run(page) -> None:
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", state="attached",
                           timeout=STEP_MS)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", state="attached",
                           timeout=STEP_MS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--db", type=Path, help="an existing store (default: build one from data/)")
    args = parser.parse_args()
    header(f"Benchmark 5: serverns minne med {args.sessions} samtidiga sessioner")
    if not (ROOT / "app.py").exists():
        print("   app.py finns inte ännu; hoppar över.")
        return
    if not Path(CHROMIUM).exists():
        print(f"   {CHROMIUM} saknas (apt-get install -y chromium); hoppar över.")
        return
    from playwright.sync_api import sync_playwright

    pages = [p for p in args.pages.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="bench_memory_") as tmp:
        db = args.db or Path(tmp) / "panel.duckdb"
        if args.db is None:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "build"], cwd=ROOT,
                           check=True, capture_output=True, timeout=600)
            print(f"   databasen byggd från data/ på {time.perf_counter() - t:.1f} s")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "streamlit.log", "wb")  # noqa: SIM115
        env = dict(os.environ, INDIKATORPANEL_DB=str(db))
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_healthy(url, server)
            time.sleep(1)
            start = rss_mb(server.pid)
            print(f"   server pid {server.pid} på {url}")
            print(f"  RSS efter start (ingen session)                   {start:8.1f} MB")
            readings = []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                contexts = []
                try:
                    t0 = time.perf_counter()
                    for i in range(args.sessions):
                        context = browser.new_context(viewport={"width": 1400, "height": 900},
                                                      locale="sv-SE")
                        page = context.new_page()
                        page.set_default_timeout(STEP_MS)
                        for name in pages:
                            page.goto(f"{url}/{name}", wait_until="domcontentloaded")
                            wait_for_run(page)
                        contexts.append(context)
                        readings.append(rss_mb(server.pid))
                        if i == 0:
                            print(f"  RSS med 1 session (cacher fyllda)                 {readings[0]:8.1f} MB")
                    elapsed = time.perf_counter() - t0
                    time.sleep(2)
                    full = rss_mb(server.pid)
                    peak = rss_mb(server.pid, "VmHWM")
                    print(f"  RSS med {args.sessions} sessioner                             {full:8.1f} MB"
                          f"   (topp {peak:.1f} MB, {elapsed:.0f} s för alla besök)")
                    steps = ", ".join(f"{r:.0f}" for r in readings)
                    print(f"   RSS efter varje ny session (MB): {steps}")
                    if args.sessions > 1:
                        per = (full - readings[0]) / (args.sessions - 1)
                        print(f"  MB per ytterligare session                        {per:8.1f} MB")
                    print(f"  MB per session räknat från start                  {(full - start) / args.sessions:8.1f} MB")
                finally:
                    for context in contexts:
                        context.close()
                    browser.close()
            time.sleep(3)
            print(f"  RSS när alla sessioner stängts (efter 3 s)        {rss_mb(server.pid):8.1f} MB")
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


if __name__ == "__main__":
    main()
