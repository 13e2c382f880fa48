"""Administration (editors only): import and Kolada, column recipes and templates; follow-up
rounds and the report; school and delområde districts, comparison groups and the catalogue;
backups and example data. Grouped, one group at a time (``dashboard.ui.administration``)."""

from __future__ import annotations

from dashboard.ui import administration, frame

frame.ensure_app()
administration.page()
