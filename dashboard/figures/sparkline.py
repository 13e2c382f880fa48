"""The Översikt cards' small trends, as accessible HTML bars.

Streamlit's metric sparkline is a Vega chart whose marks carry a graphics role and no text
alternative, which axe-core reports as a serious WCAG failure (svg-img-alt), and each is one
more chart element for the browser to lay out. ``st.html`` keeps only HTML (its sanitizer drops
SVG), so the trend is a row of bars: one element with role="img" and the trend in words as its
name, its bars hidden from assistive technology. The value, the change and the comparisons stay
the card's text beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

MIN_SHARE = 8   # per cent of the height for the lowest value, so every year shows as a bar


def sparkline_html(values: Sequence[float], label: str) -> str:
    """One bar per value (oldest first), heights scaled between the lowest and highest; ``label``
    is the text alternative. Empty for fewer than two values."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    bars = "".join(f'<span style="height:{MIN_SHARE + (v - low) / span * (100 - MIN_SHARE):.0f}%"></span>'
                   for v in values)
    return f'<div class="ip-spark" role="img" aria-label="{escape(label, quote=True)}">{bars}</div>'
