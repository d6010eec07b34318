"""Helpers for the BNN annual-report workbook: the tested code the notebooks and the CLI call."""

__version__ = "0.1.0"
