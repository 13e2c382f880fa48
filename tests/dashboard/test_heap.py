"""The frame freezes what is alive after a page's first run, once per page (the full
collection Streamlit makes after every run then skips the long-lived heap)."""

from __future__ import annotations

import gc

from dashboard.ui import frame


def test_a_pages_first_run_freezes_the_heap_and_later_runs_do_not():
    before = gc.get_freeze_count()
    alive = [[i] for i in range(2_000)]  # lists are tracked by the collector
    frame._settle_heap("test_heap_sida")
    after = gc.get_freeze_count()
    assert after >= before + len(alive)
    more = [[i] for i in range(2_000)]
    frame._settle_heap("test_heap_sida")
    assert gc.get_freeze_count() == after, "a page's later runs must not freeze again"
    frame._settle_heap("test_heap_annan_sida")
    assert gc.get_freeze_count() >= after + len(more)
