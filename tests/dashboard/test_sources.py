"""The source line under a chart names every publisher of the values shown, each once."""

from __future__ import annotations

import pandas as pd

from dashboard.views.common import sources_text


def test_the_indicator_s_source_and_other_publishers_are_named():
    frame = pd.DataFrame({"source": ["Socialstyrelsen", "Kolada", None, "Kolada"]})
    assert sources_text({"source": "Socialstyrelsen"}, frame) == "Socialstyrelsen; Kolada"


def test_a_source_that_a_fuller_one_names_is_not_said_twice():
    frame = pd.DataFrame({"source": ["SCB, Statistikdatabasen (TAB9901)"]})
    assert sources_text({"source": "SCB"}, frame) == "SCB, Statistikdatabasen (TAB9901)"
    assert sources_text({"source": None}, pd.DataFrame({"source": []})) == "uppgift saknas"
