"""The embedded store: one Parquet file per (table, year, unit).

Why Parquet files and not DuckDB: the unit of everything in this project is a (unit, year, table)
slice. An ingest replaces exactly the slices a submission covers, a report reads its unit's slices
(and its sub-units'), and an incremental build asks whether a slice changed. With one file per
slice each of these is one file operation: a replacement is an atomic ``os.replace``, a read opens
only the files it needs (never scanning the rest), a slice's content hash is the hash of its
bytes, and any number of report processes can read at once with no database lock. Parquet keeps
the column types, compresses well, and opens in pandas, DuckDB or Excel-side tools alike.

Layout: ``<data-dir>/store/<table>/<year>/<unit_id>.parquet``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.common.atomic import replacing
from helpers.reference.schema import TABLES, Table, arrow_schema, conform, conforms, empty_frame
from helpers.reference.units import UNIT_ID_PATTERN


class StoreError(RuntimeError):
    """The store is missing or a request is outside it."""


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise StoreError(f"unknown table {name!r}; tables are {', '.join(TABLES)}") from None


class Store:
    """Read and replace year slices of the canonical tables under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def exists(self) -> bool:
        return self.root.is_dir() and any(self.root.glob("*/*/*.parquet"))

    def require(self) -> Store:
        """Fail with instructions when the store has no data yet."""
        if not self.exists():
            raise StoreError(
                f"no data store at {self.root}: build the sample with `workbook sample` "
                "(or `make report`), or ingest submissions with `workbook ingest`, "
                "or point --data-dir / WORKBOOK_DATA_DIR at an existing data folder"
            )
        return self

    def slice_path(self, table: str, year: int, unit_id: str) -> Path:
        """Where a slice lives; a unit_id that is not a slug is refused, so it is never a path."""
        _table(table)
        if not UNIT_ID_PATTERN.fullmatch(str(unit_id)):
            raise StoreError(
                f"invalid unit_id {unit_id!r}: expected a slug like 'bnnk-lubuklinggau'")
        return self.root / table / str(int(year)) / f"{unit_id}.parquet"

    def write_slice(self, table: str, year: int, unit_id: str, frame: pd.DataFrame) -> Path:
        """Replace one slice atomically: readers see the old file or the new one, never half."""
        spec = _table(table)
        path = self.slice_path(table, year, unit_id)
        with replacing(path) as tmp:
            write_slice_file(spec, frame, tmp)
        return path

    def has_slice(self, table: str, year: int, unit_id: str) -> bool:
        return self.slice_path(table, year, unit_id).exists()

    def read(self, table: str, year: int, unit_ids: Iterable[str]) -> pd.DataFrame:
        """The rows of these units for one year; a unit with no slice contributes no rows."""
        spec = _table(table)
        parts = []
        for unit_id in unit_ids:
            path = self.slice_path(table, year, unit_id)
            if path.exists():
                parts.append(_as_schema(read_slice_file(path), arrow_schema(spec)))
        if not parts:
            return empty_frame(spec)
        frame = pa.concat_tables(parts).to_pandas(types_mapper=_pandas_type)
        # Slices in the table's schema come out conformed (checking costs a fraction of
        # conforming again, which is 2-4 ms a read, ~20 reads a report).
        return frame if conforms(spec, frame) else conform(spec, frame)

    def years(self, table: str | None = None) -> list[int]:
        """Years that have at least one slice (of one table, or of any)."""
        tables = [table] if table else list(TABLES)
        found: set[int] = set()
        for name in tables:
            folder = self.root / name
            if folder.is_dir():
                found.update(int(p.name) for p in folder.iterdir()
                             if p.name.isdigit() and any(p.glob("*.parquet")))
        return sorted(found)

    def units(self, table: str, year: int) -> list[str]:
        folder = self.root / table / str(int(year))
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.is_dir() else []

    def slice_digest(self, table: str, year: int, unit_id: str) -> str | None:
        """SHA-256 of a slice's bytes, or None when the slice does not exist."""
        path = self.slice_path(table, year, unit_id)
        if not path.exists():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def digest(self, years: Iterable[int], unit_ids: Iterable[str],
               tables: Iterable[str] = tuple(TABLES)) -> str:
        """One hash over every slice a report reads: changes when any of their bytes change."""
        h = hashlib.sha256()
        unit_list = sorted(set(unit_ids))
        for table in tables:
            for year in sorted(set(years)):
                for unit_id in unit_list:
                    h.update(f"{table}/{year}/{unit_id}={self.slice_digest(table, year, unit_id)}\n"
                             .encode())
        return h.hexdigest()


def read_slice_file(path: Path, columns: Sequence[str] | None = None,
                    read_dictionary: Sequence[str] = ()) -> pa.Table:
    """One slice file as stored (these columns, or all; ``read_dictionary`` ones encoded).

    Through ``pq.ParquetFile``: ``pq.read_table`` sets up a dataset on every call, which makes it
    2.6× slower on files this small, and a BNN RI report reads about 2,000 of them.
    """
    with pq.ParquetFile(path, read_dictionary=list(read_dictionary) or None) as handle:
        return handle.read(columns=None if columns is None else list(columns),
                           use_threads=False)


def _as_schema(part: pa.Table, schema: pa.Schema) -> pa.Table:
    """A slice in the table's schema: its column order and types, a missing column all null."""
    if part.schema.equals(schema):  # as write_slice_file wrote it: the usual case
        return part
    return pa.Table.from_arrays(
        [part.column(f.name).cast(f.type) if f.name in part.column_names
         else pa.nulls(part.num_rows, f.type) for f in schema], schema=schema)


def write_slice_file(table: Table, frame: pd.DataFrame, path: Path) -> None:
    """Encode one slice as Parquet at ``path`` (the one encoding every writer uses)."""
    data = pa.Table.from_pandas(conform(table, frame), schema=arrow_schema(table),
                                preserve_index=False).replace_schema_metadata(None)
    pq.write_table(data, path, compression="zstd")


def _pandas_type(arrow_type: pa.DataType) -> object:
    if pa.types.is_string(arrow_type):
        return pd.StringDtype()
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None
