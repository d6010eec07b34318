"""The submission register: which unit sent which table for which year, when, from which file.

Reports use it to list units that did not submit; analysts use it to trace a figure back to the
file it came from (by name and SHA-256 — never a local path, which could name a person's laptop).
It lives in the store (``<store>/_register.parquet``) and is replaced in the same commit as the
slices it describes, so it never claims data the store does not hold, or the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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


def read_register(store: Path | Store, columns: Sequence[str] | None = None, *,
                  year: int | None = None) -> pd.DataFrame:
    """Every ingest recorded so far, oldest first (empty, with its columns, before the first):
    all columns, or only ``columns`` (a column the file lacks reads as all missing); with
    ``year``, only that year's rows.

    ``store``: the store's folder, or a :class:`Store` whose other reads this one must agree
    with (the register is committed together with the slices it describes).

    A year's rows are picked in Arrow, before pandas: a report reads one year of the national
    register's ~10,000 rows, and making Python strings of all of them cost it ~10 ms.
    """
    root, held = _reading(store)
    path = root / REGISTER_FILE
    names = list(columns or REGISTER_COLUMNS)
    with held:
        if not path.exists():
            return empty_register()[names]
        with pq.ParquetFile(path) as handle:  # not pd.read_parquet: no dataset set up per call
            present = [c for c in names if c in handle.schema_arrow.names]
            wanted = present if year is None or "year" in present else [*present, "year"]
            table = handle.read(columns=wanted, use_threads=False)
    if year is not None:
        table = table.filter(pc.equal(table["year"], year)).select(present)
    frame = table.to_pandas(types_mapper=_register_type)  # the register's dtypes: no astype
    return conform_register(frame, names)


#: A register entry as :func:`year_entries` gives it: column → value (None where missing).
Entry = dict[str, Any]


def year_entries(store: Path | Store, year: int, unit_ids: Iterable[str],
                 columns: Sequence[str] = SUBMISSION_COLUMNS) -> list[Entry] | None:
    """The register's entries of ``year`` by ``unit_ids`` (these ``columns``), oldest first, as
    plain records; None when nothing at all is registered for ``year`` (so who did not submit
    cannot be told).

    What every report asks of the register, answered without pandas: in a forked kernel the
    DataFrame's first use costs a report ~8 ms, for a handful of rows."""
    root, held = _reading(store)
    path = root / REGISTER_FILE
    with held:
        if not path.exists():
            return None
        with pq.ParquetFile(path) as handle:
            names = handle.schema_arrow.names
            if "year" not in names:
                return None
            present = [c for c in dict.fromkeys([*columns, "unit_id"]) if c in names]
            table = handle.read(columns=[*present, "year"], use_threads=False)
    table = table.filter(pc.equal(table["year"], year))
    if not table.num_rows:
        return None
    ours = table.filter(pc.is_in(table["unit_id"], value_set=pa.array(
        list(unit_ids), table.schema.field("unit_id").type)))
    found = ours.select([c for c in columns if c in present]).to_pylist()
    return [{c: entry.get(c) for c in columns} for entry in found]


def accepted(entry: Entry) -> bool:
    """Whether a register entry brought data: rows accepted, by a submission (``replace``) or
    a quarantine file read back (``merge``), not a ``check``; an unknown count or mode does
    not (as the DataFrame's missing values never matched)."""
    rows, mode = entry.get("rows_accepted"), entry.get("mode")
    return rows is not None and rows > 0 and mode is not None and mode != "check"


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
        register = read_register(store_dir, SUBMISSION_COLUMNS, year=year)
    hits = register[(register["year"] == year) & (register["rows_accepted"] > 0)
                    & (register["mode"] != "check")]
    if table is not None:
        hits = hits[hits["table"] == table]
    sent = set(hits["unit_id"].dropna())
    return [u for u in unit_ids if u not in sent]
