"""The embedded store: one Parquet file per (table, year, unit).

Why Parquet files and not DuckDB: the unit of everything in this project is a (unit, year, table)
slice. An ingest replaces exactly the slices a submission covers, a report reads its unit's slices
(and its sub-units'), and an incremental build asks whether a slice changed. With one file per
slice each of these is one file operation: a replacement is an atomic ``os.replace``, a read opens
only the files it needs (never scanning the rest), a slice's content hash is the hash of its
bytes, and any number of report processes can read at once with no database lock. Parquet keeps
the column types, compresses well, and opens in pandas, DuckDB or Excel-side tools alike.

Layout: ``<data-dir>/store/<table>/<year>/<unit_id>.parquet``.

Every read goes through :meth:`Store.reading` (:mod:`helpers.store.access`): it holds the store
still for the read, finishes a commit a killed ingest left behind, and checks that an ingest did
not change the store since this :class:`Store` first read it. So a report (or a build) reads one
version of the store, or stops with :class:`StoreChangedError` saying to read again; never a mix.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from helpers.common.atomic import replacing
from helpers.common.codehash import file_digest
from helpers.reference.schema import TABLES, Table, arrow_schema, conform, conforms, empty_frame
from helpers.reference.units import UNIT_ID_PATTERN
from helpers.store import access
from helpers.store.access import Notify, StoreChangedError, StoreError
from helpers.store.journal import Version

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Store", "StoreChangedError", "StoreError", "read_slice_file", "reads_store",
           "slices_frame", "write_slice_file"]

P = ParamSpec("P")
R = TypeVar("R")

_UNREAD = Version("", "")  # a Store that has not read yet has no version to keep to


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise StoreError(f"unknown table {name!r}; tables are {', '.join(TABLES)}") from None


class Store:
    """Read and replace year slices of the canonical tables under one folder."""

    def __init__(self, root: Path, *, on_wait: Notify | None = access.tell_stderr) -> None:
        self.root = Path(root)
        self.on_wait = on_wait  # told when a read waits for an ingest's commit
        self._key = access.store_key(self.root)
        self._version: Version | None = _UNREAD

    def reading(self) -> _PinnedReading:
        """Hold the store still for the block; every read of this Store sees one version.

        The first read fixes the version; a later read that finds another (an ingest committed
        in between) raises :class:`StoreChangedError` instead of mixing the two.
        """
        return _PinnedReading(self)

    def exists(self) -> bool:
        """Whether any table has a slice (files a killed ingest staged do not count)."""
        with self.reading():
            return any(any((self.root / table).glob("*/*.parquet")) for table in TABLES)

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
        path = self.slice_path(table, year, unit_id)
        with self.reading():
            return path.exists()

    def read(self, table: str, year: int, unit_ids: Iterable[str]) -> pd.DataFrame:
        """The rows of these units for one year; a unit with no slice contributes no rows."""
        return slices_frame(table, self.read_slices(table, year, unit_ids).values())

    def read_slices(self, table: str, year: int, unit_ids: Iterable[str]) -> dict[str, pa.Table]:
        """Each of these units' slice for one year, in the table's schema, by unit (a unit with
        no slice has none): :func:`slices_frame` makes rows of any of them, so a report reads
        each file once for its rolled-up rows and its own."""
        schema = arrow_schema(_table(table))
        paths = {unit_id: self.slice_path(table, year, unit_id) for unit_id in unit_ids}
        with self.reading():
            return {unit_id: _as_schema(read_slice_file(path), schema)
                    for unit_id, path in paths.items() if path.exists()}

    def years(self, table: str | None = None) -> list[int]:
        """Years that have at least one slice (of one table, or of any).

        A year already found is not looked into again, and a year's folder only until its first
        slice: every report lists the years (~8 ms when each of ~50 folders of ~220 slices
        was listed whole)."""
        tables = [table] if table else list(TABLES)
        found: set[int] = set()
        with self.reading():
            for name in tables:
                for entry in _entries(self.root / name):
                    if entry.name.isdigit() and int(entry.name) not in found \
                            and any(e.name.endswith(".parquet") for e in _entries(entry.path)):
                        found.add(int(entry.name))
        return sorted(found)

    def units(self, table: str, year: int) -> list[str]:
        folder = self.root / table / str(int(year))
        with self.reading():
            return sorted(p.stem for p in folder.glob("*.parquet")) if folder.is_dir() else []

    def slice_digest(self, table: str, year: int, unit_id: str) -> str | None:
        """SHA-256 of a slice's bytes, or None when the slice does not exist."""
        path = self.slice_path(table, year, unit_id)
        with self.reading():
            return file_digest(path)

    def digest(self, years: Iterable[int], unit_ids: Iterable[str],
               tables: Iterable[str] = tuple(TABLES)) -> str:
        """One hash over every slice a report reads: changes when any of their bytes change."""
        h = hashlib.sha256()
        unit_list = sorted(set(unit_ids))
        for unit_id in unit_list:  # checked once here, not per table and year (BNN RI: ~9,000)
            self.slice_path(next(iter(TABLES)), 0, unit_id)
        with self.reading():
            for table in tables:
                _table(table)
                for year in sorted(set(years)):
                    folder = os.path.join(self.root, table, str(int(year)))
                    for unit_id in unit_list:
                        digest = _slice_digest(os.path.join(folder, f"{unit_id}.parquet"))
                        h.update(f"{table}/{year}/{unit_id}={digest}\n".encode())
        return h.hexdigest()


class _PinnedReading:
    """:meth:`Store.reading`: the store's shared hold, checked against the Store's version."""

    __slots__ = ("_reading", "_store")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._reading = access.reading(store.root, store.on_wait, key=store._key)

    def __enter__(self) -> None:
        version = self._reading.__enter__()
        store = self._store
        if store._version is _UNREAD:
            store._version = version
        elif version != store._version:
            self._reading.__exit__(None, None, None)
            raise StoreChangedError(_changed_message(store.root, version))

    def __exit__(self, *exc: object) -> None:
        self._reading.__exit__(*exc)


def _entries(folder: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
    """A folder's entries as they are read (none when it is missing, a file or unreadable)."""
    try:
        with os.scandir(folder) as entries:
            yield from entries
    except OSError:
        return


#: How old (ns) a slice must be for its digest to be remembered by its stat.
SETTLED_NS = 2_000_000_000
#: path → (size, modification time, change time, inode) and the SHA-256 of the bytes that
#: stat described (the change time: any write moves it, and no tool sets it back).
_digests: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def _slice_digest(path: str) -> str | None:
    """A slice's SHA-256 (None: no such slice), remembered per version of the file: a BNN RI
    report hashes ~9,000 slices and a BNNP ~700, and the kernel fork-server hashed them all
    before it forked (:func:`helpers.report.report.warm_up`). Called under the store's hold,
    so no commit replaces a file between its stat and its read; a file written in the last
    2 s is hashed every time (a rewrite within one tick of the file clock could keep its
    stat, as git's index knows)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    version = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _digests.get(path)
    if known is not None and known[0] == version:
        return known[1]
    digest = file_digest(path)
    if digest is not None and max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - SETTLED_NS:
        _digests[path] = (version, digest)
    return digest


def reads_store(func: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Decorate a function whose first argument is a :class:`Store` and that reads several of
    its files itself (through :meth:`Store.slice_path`): it reads them in one version."""

    @functools.wraps(func)
    def held(store: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        with store.reading():
            return func(store, *args, **kwargs)

    return held


def _changed_message(root: Path, now: Version | None) -> str:
    when = f" ({now.committed_at} UTC)" if now is not None and now.committed_at else ""
    return (f"store {root} diubah oleh ingest{when} setelah dibaca pertama kali — jalankan "
            "ulang dari awal (notebook: Restart Kernel and Run All; atau build lagi), agar "
            f"semua angka berasal dari data yang sama (the store was changed by an ingest{when} "
            "after this reader first read it: run again from the start — notebook: Restart "
            "Kernel and Run All, or build again — so that every figure comes from the same data)")


def read_slice_file(path: Path, columns: Sequence[str] | None = None,
                    read_dictionary: Sequence[str] = ()) -> pa.Table:
    """One slice file as stored (these columns, or all; ``read_dictionary`` ones encoded).

    Through ``pq.ParquetFile``: ``pq.read_table`` sets up a dataset on every call, which makes it
    2.6× slower on files this small, and a BNN RI report reads about 2,000 of them.
    """
    with pq.ParquetFile(path, read_dictionary=list(read_dictionary) or None) as handle:
        return handle.read(columns=None if columns is None else list(columns),
                           use_threads=False)


def slices_frame(table: str, slices: Iterable[pa.Table]) -> pd.DataFrame:
    """The rows of these slices (:meth:`Store.read_slices`) as one frame, conformed."""
    spec = _table(table)
    parts = list(slices)
    if not parts:
        return empty_frame(spec)
    frame = pa.concat_tables(parts).to_pandas(types_mapper=_pandas_type)
    # Slices in the table's schema come out conformed (checking costs a fraction of
    # conforming again, which is 2-4 ms a read, ~20 reads a report).
    return frame if conforms(spec, frame) else conform(spec, frame)


def _as_schema(part: pa.Table, schema: pa.Schema) -> pa.Table:
    """A slice in the table's schema: its column order and types, a missing column all null."""
    if part.schema.equals(schema):  # as write_slice_file wrote it: the usual case
        return part
    return pa.Table.from_arrays(
        [part.column(f.name).cast(f.type) if f.name in part.column_names
         else pa.nulls(part.num_rows, f.type) for f in schema], schema=schema)


#: The slices' Parquet codec. A slice is small (a unit's year of one table, a few kB), and
#: decompressing its column chunks costs more than their size: with zstd every chunk set up a
#: decompression context (a BNNK report's eight slices ~1.7 ms more, in a forked kernel).
#: Snappy files are as small here, read faster, and every Parquet reader knows it.
#: A slice of another codec (an older store's zstd) reads the same.
CODEC = "snappy"


def write_slice_file(table: Table, frame: pd.DataFrame, path: Path) -> None:
    """Encode one slice as Parquet at ``path`` (the one encoding every writer uses)."""
    data = pa.Table.from_pandas(conform(table, frame), schema=arrow_schema(table),
                                preserve_index=False).replace_schema_metadata(None)
    pq.write_table(data, path, compression=CODEC)


def _pandas_type(arrow_type: pa.DataType) -> object:
    import pandas as pd  # only a read into pandas needs it (the build's hashing does not)

    if pa.types.is_string(arrow_type):
        return pd.StringDtype()
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None
