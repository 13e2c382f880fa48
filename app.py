"""Indikatorpanelen: Linköpings kommuns uppföljning av åtgärdsplanen mot segregation.

Run with ``streamlit run app.py``. The store is the DuckDB file INDIKATORPANEL_DB names
(default data/indikatorpanel.duckdb, built from data/ on the first start). The frame (page
setup, navigation, the example-data banner) is ``dashboard.ui.frame.run_app``; each page in
pages/ lays out one view.
"""

from dashboard.ui.frame import run_app

run_app()
