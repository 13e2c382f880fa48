"""How wide a text is in Streamlit's data grid, which draws its cells and headers on a canvas
and cuts what does not fit its column (no wrapping, often no «…»).

The widths are the grid's own font (Source Sans, 400, 14,875 px) as Chromium measures it,
rounded up to a tenth of a pixel; a character not listed counts as wide as the widest letter.
``tests/e2e/test_screens_browser.py`` measures the drawn grid in the browser, so a change of
font or size shows there.
"""

from __future__ import annotations

# (pixels, characters of that width)
_WIDTHS: tuple[tuple[float, str], ...] = (
    (1.5, "\u2009"), (1.8, "\u202f"), (3.0, " \xa0"), (3.6, "|"), (3.7, "',.:;ij’‘·"), (3.8, "l"), (4.0, "I"),
    (4.3, "!"), (4.4, "f"), (4.5, "()[]{}"), (4.6, "•"), (4.7, "-"), (5.0, "°"), (5.1, "t"), (5.2, "/\\r"),
    (6.3, "*s"), (6.4, '"?z«»”“'), (6.7, "x"), (6.8, "c"), (7.0, "vy"), (7.1, "Y"), (7.2, "J–"), (7.3, "L"),
    (7.4, "0123456789#$+<=>F^ek~éè−×§"), (7.5, "_agåäáà"), (7.7, "VX"), (7.9, "EÉ"), (8.0, "ST"),
    (8.1, "AZ`houöÅÄüø"), (8.2, "n"), (8.3, "bdpq"), (8.5, "CPR"), (8.6, "K"), (8.8, "B"), (9.1, "&"),
    (9.2, "DG"), (9.6, "UÜ"), (9.7, "HN"), (9.8, "✔"), (9.9, "OQÖØ"), (10.7, "w"), (10.8, "M"), (11.6, "æ"),
    (11.7, "W"), (11.9, "—"), (12.3, "%Æ"), (12.4, "m"), (12.5, "➜✖"), (12.6, "@"), (14.1, "…"),
)
_CHAR_PX: dict[str, float] = {c: px for px, chars in _WIDTHS for c in chars}
_UNKNOWN_PX = 12.6
GRID_FONT_PX = 14.875  # the font size the widths above were measured at

# The grid's padding on each side of a cell's or header's text.
CELL_PADDING_PX = 9
# Room for rounding and kerning: a column this much wider than its text never cuts it.
SLACK_PX = 4


def text_px(text: object) -> float:
    """The text's width in pixels in the data grid's font."""
    return sum(_CHAR_PX.get(c, _UNKNOWN_PX) for c in str(text))


def column_px(texts) -> int:
    """The width a grid column needs to show every one of ``texts`` whole."""
    widest = max((text_px(t) for t in texts), default=0.0)
    return int(widest + 2 * CELL_PADDING_PX + SLACK_PX + 0.999)
