"""What the ingest crash tests and the soak (bench/soak.py) both make: a submission from stored
rows, with a count changed, and a child environment that crashes where it is told to."""

from __future__ import annotations

import os

import pandas as pd

from helpers.reference.schema import Table
from helpers.store import journal


def _cell(kind: str, value: object) -> str:
    """A stored value as a unit would type it in a CSV (Indonesian decimals, ya/tidak)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "date":
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    if kind == "bool":
        return "ya" if value else "tidak"
    if kind == "float":
        return f"{float(value):.3f}".replace(".", ",")
    return str(value)


def submission_csv(table: Table, frame: pd.DataFrame) -> str:
    """Stored rows of ``table`` as the CSV a unit submits."""
    lines = [";".join(table.column_names)]
    for row in frame.itertuples(index=False):
        lines.append(";".join(_cell(c.kind, getattr(row, c.name)) for c in table.columns))
    return "\n".join(lines) + "\n"


def counts_raised(table: Table, frame: pd.DataFrame, step: int = 1) -> pd.DataFrame:
    """The same rows, each with one count ``step`` more: the slice of a table with counts
    changes."""
    frame = frame.copy()
    for column in table.columns:
        if column.kind == "int" and column.required and column.name not in table.key:
            frame[column.name] = frame[column.name] + step
            break
    return frame


def crash_env(crash: str | None = None, stop: bool = False) -> dict[str, str]:
    """This process's environment for a child that crashes at ``crash`` (a named commit
    point), or stops itself there (``stop``), and otherwise never."""
    out = {k: v for k, v in os.environ.items() if k not in (journal.CRASH_ENV,
                                                            journal.CRASH_SIGNAL_ENV)}
    if crash:
        out[journal.CRASH_ENV] = crash
    if stop:
        out[journal.CRASH_SIGNAL_ENV] = "STOP"
    return out
