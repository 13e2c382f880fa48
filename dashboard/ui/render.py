"""Putting a built view on the page: charts, tables with their Excel download, texts.

Every text that may hold imported words (indicator names, sources, area names, comments)
is shown escaped (``fmt.md``) or as plain text, never as Markdown or HTML from a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from .. import formatting as fmt
from .. import tables
from ..export import xlsx
from ..figures.layout import chart_config
from ..textwidth import column_px
from ..views import Chart, KeyFigure, Message, TableView, View
from . import database

_SVG_SCRIPT = (Path(__file__).with_name("svg_toolbar.html")).read_text(encoding="utf-8")
_SVG_DONE = "_svg_knapp_inlagd"


def begin_run() -> None:
    """Called by the frame before a page runs: the SVG script is added again in this run."""
    st.session_state[_SVG_DONE] = False


def svg_toolbar() -> None:
    """Once per run: the script that adds an SVG button next to every chart's camera."""
    if st.session_state.get(_SVG_DONE):
        return
    st.session_state[_SVG_DONE] = True
    st.html(_SVG_SCRIPT, unsafe_allow_javascript=True, width="content")


def style(name: str) -> None:
    """One of the app's own style sheets (``dashboard/ui/<name>.css``): static, never data."""
    st.html(Path(__file__).with_name(f"{name}.css"))


def caption(text: str) -> None:
    """Plain text (possibly with imported words) as a caption, line breaks kept."""
    if text:
        st.caption("  \n".join(fmt.md(line) for line in text.split("\n")))


def chart(item: Chart, *, key: str | None = None, notes: bool = True, height: int | str | None = None) -> None:
    """One chart with its source caption and notes; PNG (1920×1080) and SVG download.

    ``height="stretch"`` fills the parent's height (the presentation's slide, sized to the
    screen by CSS): the figure then has no height of its own and Plotly follows the element.
    """
    svg_toolbar()
    figure = item.figure
    if height is not None:
        figure = type(figure)(figure)  # a copy: the built view is shared and stays as it is
        figure.update_layout(height=None if height == "stretch" else height, autosize=True)
        if height == "stretch":
            legend_in_rows(figure)
    st.plotly_chart(figure, config=chart_config(item.filename, figure.layout.height), theme=None, key=key, width="stretch",
                    height="stretch" if height == "stretch" else "content", alt=item.alt)
    # the figure itself says «Källa: …» (so does every exported image); the definition is said here
    caption("\n".join(line for line in item.caption.splitlines() if not line.startswith("Källa:")))
    if notes:
        for note in item.notes:
            caption(note)


# Beside the plot a legend holds about ten lines on a 720 px screen; more, and Plotly makes it
# scroll, hiding some. Then the legend goes above the plot in rows of three, each a third of
# the plot's width, and the top margin grows by the rows (as the figures' own «top» legends).
LEGEND_BESIDE_MAX = 8
LEGEND_PER_ROW = 3


def legend_in_rows(figure) -> None:
    """A legend beside the plot with more than ``LEGEND_BESIDE_MAX`` entries moves above it."""
    layout = figure.layout
    entries = sum(1 for t in figure.data if t.showlegend is not False and t.name)
    if entries <= LEGEND_BESIDE_MAX or layout.showlegend is False or layout.legend.orientation == "h":
        return
    size = layout.legend.font.size or layout.font.size or 18
    rows = -(-entries // LEGEND_PER_ROW)
    figure.update_layout(
        legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "yref": "paper",
                "entrywidth": 1 / LEGEND_PER_ROW, "entrywidthmode": "fraction"},
        margin={"t": int((layout.margin.t or 0) + size * 1.55 * rows + 10)})


def messages(items: Sequence[Message]) -> None:
    for message in items:
        (st.warning if message.kind == "warning" else st.info)(fmt.md(message.text))


def notes(items: Sequence[str]) -> None:
    for note in items:
        caption(note)


def table(item: TableView, *, height: int | None = None, show_notes: bool = True,
          selectable: bool = False, heading: bool = False) -> int | None:
    """The table as shown, its notes, and the Excel download of exactly these rows.

    With ``selectable`` a row can be picked; its position is returned.
    """
    if heading:
        st.subheader(fmt.md(item.heading), anchor=False)
    data = item.table
    picked = None
    if len(data) == 0:
        st.info("Inga rader att visa med de här valen.")
    else:
        options = {"on_select": "rerun", "selection_mode": "single-row", "key": f"{item.key}_tabell"} \
            if selectable else {}
        event = st.dataframe(tables.screen_frame(data), hide_index=True, width="stretch",
                             height=height or tables.screen_height(data),
                             column_order=tables.shown_columns(data, column_chooser(item)),
                             column_config=header_wide(tables.column_config(data)), placeholder="–", **options)
        if selectable:
            rows = event.selection.rows if event is not None else []
            picked = int(rows[0]) if rows else None
    if show_notes:
        for note in data.notes:
            caption(note)
    download_button(item)
    return picked


def column_chooser(item: TableView) -> list[str]:
    """The table's optional column groups as toggles above it («Fler kolumner»), none chosen at
    first: the table then fits a 1280 px screen. Returns the groups chosen."""
    groups = list(item.table.optional)
    if not groups:
        return []
    chosen = st.pills("Fler kolumner", groups, selection_mode="multi", default=[], key=f"{item.key}_kolumner",
                      help="Utan fler kolumner får tabellen plats på skärmen utan att rullas i sidled. "
                           "Excel-filen har alltid alla kolumner.")
    return list(chosen or [])


def header_wide(config: dict) -> dict:
    """Column widths no narrower than their headers: a width chosen for the values (a rank, a
    yes/no) must not cut «Prioriterat område». The data grid draws its headers on a canvas and
    cuts one wider than its column, without «…». Columns without a width the grid sizes itself,
    headers included."""
    return {column: {**spec, "width": max(int(spec["width"]), column_px([spec.get("label", column)]))}
            if isinstance(spec, dict) and isinstance(spec.get("width"), int) else spec
            for column, spec in config.items()}


def download_button(item: TableView) -> None:
    build: Callable[[], bytes] = lambda: xlsx.xlsx_bytes(item.table, item.info)  # noqa: E731
    rows = len(item.table)
    st.download_button(
        f"Ladda ner Excel ({rows} {'rad' if rows == 1 else 'rader'})", data=build,
        file_name=xlsx.file_name(item.file_page, item.file_parts), mime=xlsx.MIME, on_click="ignore",
        key=f"{item.key}_excel", icon=":material/download:",
        help="Exakt raderna i tabellen, med ett blad «Om exporten» om urval, källor och definitioner.")
    if item.values is not None:
        shown = item.values
        st.download_button(
            "Ladda ner CSV (värdena)", data=lambda: database.store().values_csv(shown),
            file_name=xlsx.file_name(item.file_page, item.file_parts).removesuffix(".xlsx") + ".csv",
            mime="text/csv", on_click="ignore", key=f"{item.key}_csv", icon=":material/download:",
            help="Värdena bakom vyn i långt format, en rad per indikator, område, år och kön, med flagga, "
                 "källfil och rad: samma tabell som «python -m loaders export --format csv». Kan importeras "
                 "tillbaka som mall.")


def key_figures(items: Sequence[KeyFigure]) -> None:
    """Key figures, one paragraph of plain (escaped) text per area: the heading, the value (set
    large by app.css: the second bold part of a key figure) and the lines. No Markdown heading:
    a value is not a heading, and Streamlit gives every heading a link named in English."""
    with st.container(key="nyckeltal_lista"):
        for item in items:
            st.markdown("  \n".join([f"**{fmt.md(item.heading)}**", f"**{fmt.md(item.value)}**",
                                     *(fmt.md(line) for line in item.lines)]))


def view_header(view: View) -> None:
    """The messages a view has for its page (why a choice was changed, what is missing)."""
    messages(view.messages)
