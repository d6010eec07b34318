"""The ``workbook`` command: one parser over the stages (:mod:`.workbook`), with the ingest
(:mod:`.ingest`) and site (:mod:`.site`) subcommands."""

from helpers.cli.workbook import main

__all__ = ["main"]
