"""Loaders: read indicator spreadsheets and the measure register into one DuckDB store."""
