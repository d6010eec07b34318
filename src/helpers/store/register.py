"""The submission register: which unit sent which table for which year, when, from which file.

Reports use it to list units that did not submit; analysts use it to trace a figure back to the
file it came from (by name and SHA-256 — never a local path, which could name a person's laptop).
It lives in the store (``<store>/_register.parquet``) and is replaced in the same commit as the
slices it describes, so it never claims data the store does not hold, or the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandas.api.types import pandas_dtype

from helpers.store import access
from helpers.store.slices import Store

REGISTER_FILE = "_register.parquet"
REGISTER_COLUMNS = {
    "ingested_at": "datetime64[ns]",  # UTC, naive
    "unit_id": "string",
    "year": "Int64",
    "table": "string",
    "file_name": "string",
    "file_sha256": "string",
    "mode": "string",  # replace (a submission) | merge (a quarantine file read back) | check
    "rows_accepted": "Int64",
    "rows_rejected": "Int64",
}


def empty_register() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in REGISTER_COLUMNS.items()})


#: What telling who submitted needs (every report asks): not the files' names and hashes.
SUBMISSION_COLUMNS = ("unit_id", "year", "table", "mode", "rows_accepted")


def read_register(store: Path | Store, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ingest recorded so far, oldest first (empty, with its columns, before the first):
    all columns, or only ``columns`` (a column the file lacks reads as all missing).

    ``store``: the store's folder, or a :class:`Store` whose other reads this one must agree
    with (the register is committed together with the slices it describes).
    """
    root, held = _reading(store)
    path = root / REGISTER_FILE
    names = list(columns or REGISTER_COLUMNS)
    with held:
        if not path.exists():
            return empty_register()[names]
        with pq.ParquetFile(path) as handle:  # not pd.read_parquet: no dataset set up per call
            present = [c for c in names if c in handle.schema_arrow.names]
            frame = handle.read(columns=present, use_threads=False).to_pandas(
                types_mapper=_register_type)  # the register's dtypes at once: no astype
    return conform_register(frame, names)


def _register_type(arrow_type: pa.DataType) -> object:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    return None


def _reading(store: Path | Store) -> tuple[Path, AbstractContextManager[object]]:
    if isinstance(store, Store):
        return store.root, store.reading()
    return Path(store), access.reading(Path(store))


def conform_register(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The register's columns in their dtypes (a column already in its dtype is kept as it is:
    a report reads the national register's ~10,000 rows, and each astype costs ~1 ms)."""
    out = {}
    for column in columns or REGISTER_COLUMNS:
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        dtype = pandas_dtype(REGISTER_COLUMNS[column])  # "str" == "string": compare dtypes
        out[column] = values if values.dtype == dtype else values.astype(dtype)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def register_writer(store_dir: Path, new_rows: pd.DataFrame) -> Callable[[Path], None]:
    """A commit writer producing the register with ``new_rows`` appended."""
    old = read_register(store_dir)
    rows = conform_register(new_rows)
    merged = rows if old.empty else pd.concat([old, rows], ignore_index=True)

    def write(path: Path) -> None:
        merged.to_parquet(path, index=False)

    return write


def units_without_submission(store_dir: Path | Store, year: int, unit_ids: list[str],
                             table: str | None = None, *,
                             register: pd.DataFrame | None = None) -> list[str]:
    """Of ``unit_ids``, those with no accepted row registered for ``year`` (and ``table``);
    ``register``: the register (its :data:`SUBMISSION_COLUMNS` at least) if already read."""
    if register is None:
        register = read_register(store_dir, SUBMISSION_COLUMNS)
    hits = register[(register["year"] == year) & (register["rows_accepted"] > 0)
                    & (register["mode"] != "check")]
    if table is not None:
        hits = hits[hits["table"] == table]
    sent = set(hits["unit_id"].dropna())
    return [u for u in unit_ids if u not in sent]
