"""Which districts the sidebar offers: our kommun's, even in a store holding all of Sweden."""

from __future__ import annotations

import pandas as pd

from dashboard import state


def _areas() -> pd.DataFrame:
    rows = [
        ("0580-BER", "Berga", "omrade", "0580", True),
        ("0580-RYD", "Ryd", "omrade", "0580", True),
        ("0580-LAM", "Lambohov", "omrade", "0580", False),
        ("0180-X1", "Annan stadsdel", "omrade", "0180", False),
        ("EGEN", "Område utan kommun", "omrade", None, False),
        ("0580", "Linköpings kommun", "kommun", "SE", False),
        ("0180", "Stockholms kommun", "kommun", "SE", False),
        ("SE", "Riket", "riket", None, False),
    ]
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent", "priority"])


def test_only_districts_of_the_priority_districts_kommun_and_those_without_a_parent():
    assert list(state._districts(_areas())["code"]) == ["0580-BER", "0580-RYD", "0580-LAM", "EGEN"]


def test_without_priority_districts_every_district_is_offered():
    areas = _areas().assign(priority=False)
    assert list(state._districts(areas)["code"]) == ["0580-BER", "0580-RYD", "0580-LAM", "0180-X1", "EGEN"]
