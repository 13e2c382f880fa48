"""Child process for test_crash: write one large batch to a store, announcing each phase.

    python -m tests.hardening.crash_child DB ROWS FILE_NAME

Prints SKRIVER (flushed) right before write_batch starts and KLAR after it returned, then
sleeps, so the parent can SIGKILL it at a chosen moment of the write, or after the commit.
"""

from __future__ import annotations

import sys
import time

from loaders.store import connect, write_batch

from .synthetic import mall_batch


def main() -> None:
    db, rows, file_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    batch = mall_batch(rows, file_name)
    con = connect(db)
    print("SKRIVER", flush=True)
    write_batch(con, batch, who="krasch-test")
    print("KLAR", flush=True)
    time.sleep(30)  # the parent kills us; the connection is never closed cleanly


if __name__ == "__main__":
    main()
