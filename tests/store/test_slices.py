from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.ingest.commit import commit
from helpers.reference.schema import TABLES, conform, conforms, empty_frame
from helpers.store import access, slices
from helpers.store.slices import Store, StoreChangedError, StoreError, reads_store, write_slice_file
from store_support import cases_frame


def test_slice_round_trips_with_canonical_types(tmp_path):
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-lubuklinggau", cases_frame("bnnk-lubuklinggau", 3))
    back = store.read("cases", 2022, ["bnnk-lubuklinggau"])
    assert list(back.columns) == TABLES["cases"].column_names
    assert len(back) == 3
    assert str(back["suspects"].dtype) == "Int64"
    assert str(back["p21"].dtype) == "boolean"
    assert back["date"].dt.year.tolist() == [2022] * 3


def test_a_read_is_what_conforming_it_again_would_give(sample_store):
    """Store.read skips conforming a frame that already conforms: nothing may differ."""
    for name, table in TABLES.items():
        units = sample_store.units(name, 2022)[:3]
        back = sample_store.read(name, 2022, units)
        assert conforms(table, back) and len(back) > 0, name
        pd.testing.assert_frame_equal(back, conform(table, back), check_exact=True)


def test_slices_are_written_with_snappy_and_an_older_zstd_slice_reads_the_same(tmp_path):
    store = Store(tmp_path)
    frame = cases_frame("bnnk-a", 3)
    path = store.write_slice("cases", 2022, "bnnk-a", frame)
    meta = pq.ParquetFile(path).metadata
    codecs = {meta.row_group(g).column(c).compression
              for g in range(meta.num_row_groups) for c in range(meta.num_columns)}
    assert codecs == {"SNAPPY"}
    new = store.read("cases", 2022, ["bnnk-a"])
    pq.write_table(pq.read_table(path), path, compression="zstd")  # as an older store wrote it
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    pd.testing.assert_frame_equal(Store(tmp_path).read("cases", 2022, ["bnnk-a"]), new,
                                  check_exact=True)


def test_read_touches_only_the_requested_units(tmp_path):
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))
    store.write_slice("cases", 2022, "bnnk-b", cases_frame("bnnk-b", 5))
    assert len(store.read("cases", 2022, ["bnnk-a"])) == 2
    assert len(store.read("cases", 2022, ["bnnk-a", "bnnk-b"])) == 7


def test_a_slice_stored_with_other_types_or_fewer_columns_reads_as_the_schema(tmp_path):
    """A file written by another tool (int32 counts, a column left out) joins canonical slices."""
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))
    other = pa.table({"case_id": ["X-1"], "unit_id": ["bnnk-b"],
                      "date": pa.array([date(2022, 5, 1)]),
                      "suspects": pa.array([3], pa.int32()), "p21": [False], "tppu": [True]})
    pq.write_table(other, store.slice_path("cases", 2022, "bnnk-b"))
    back = store.read("cases", 2022, ["bnnk-a", "bnnk-b"])
    assert list(back.columns) == TABLES["cases"].column_names
    assert back["suspects"].tolist() == [1, 1, 3] and str(back["suspects"].dtype) == "Int64"
    assert back["assets_rp"].isna().all()


def test_missing_slice_reads_as_empty_table_with_columns(tmp_path):
    frame = Store(tmp_path).read("rehab", 2022, ["bnnk-none"])
    assert frame.empty
    assert list(frame.columns) == TABLES["rehab"].column_names


def test_write_replaces_a_slice_and_leaves_no_temporary_files(tmp_path):
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 4))
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 1))
    assert len(store.read("cases", 2022, ["bnnk-a"])) == 1
    assert [p.name for p in (tmp_path / "cases" / "2022").iterdir()] == ["bnnk-a.parquet"]


@pytest.mark.parametrize("bad", ["../etc", "BNNK-A", "a/b", "", "bnnk a"])
def test_unit_id_that_is_not_a_slug_never_becomes_a_path(tmp_path, bad):
    with pytest.raises(StoreError):
        Store(tmp_path).write_slice("cases", 2022, bad, cases_frame("x", 1))


def test_digest_changes_when_a_slice_changes(tmp_path):
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))
    before = store.digest([2022], ["bnnk-a"])
    assert store.digest([2022], ["bnnk-a"]) == before
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 3))
    assert store.digest([2022], ["bnnk-a"]) != before


def test_a_settled_slice_s_digest_is_remembered_per_version_of_the_file(tmp_path, monkeypatch):
    """The data hash a report publishes hashes each settled slice once per version (its size,
    modification and change times, inode): the same hash, a replaced or rewritten slice hashed
    again (even with its modification time set back), a fresh one every time."""
    hashed = []
    monkeypatch.setattr(slices, "file_digest", lambda path, read=slices.file_digest:
                        hashed.append(path) or read(path))
    store = Store(tmp_path)
    path = store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))
    fresh = store.digest([2022], ["bnnk-a", "bnnk-b"])
    assert store.digest([2022], ["bnnk-a", "bnnk-b"]) == fresh and len(hashed) == 2
    monkeypatch.setattr(slices, "SETTLED_NS", 0)  # as if the slice were 2 s old
    hashed.clear()
    settled = [store.digest([2022], ["bnnk-a", "bnnk-b"]) for _ in range(3)]
    assert settled == [fresh] * 3 and len(hashed) == 1  # hashed once, then remembered
    assert slices._slice_digest(str(path)) == slices.file_digest(path)
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # the same size, in place
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # modification time set back
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert store.digest([2022], ["bnnk-a", "bnnk-b"]) != fresh
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))  # replaced
    assert store.digest([2022], ["bnnk-a", "bnnk-b"]) == fresh


def test_years_lists_years_with_data_and_require_explains_an_empty_store(tmp_path):
    store = Store(tmp_path / "store")
    with pytest.raises(StoreError, match="workbook sample"):
        store.require()
    store.write_slice("cases", 2021, "bnnk-a", cases_frame("bnnk-a", 1))
    assert store.years() == [2021]


def test_a_store_read_before_an_ingest_refuses_to_mix_it_with_what_the_ingest_wrote(tmp_path):
    """A notebook opened before an ingest: its next read says to run it again, never mixes."""
    writer = Store(tmp_path)
    commit(tmp_path, {"cases/2022/bnnk-a.parquet": lambda p: write_slice_file(
        TABLES["cases"], cases_frame("bnnk-a", 2), p)}, on_wait=None)
    opened = Store(tmp_path)
    assert len(opened.read("cases", 2022, ["bnnk-a"])) == 2
    commit(tmp_path, {"cases/2022/bnnk-a.parquet": lambda p: write_slice_file(
        TABLES["cases"], cases_frame("bnnk-a", 5), p)}, on_wait=None)
    with pytest.raises(StoreChangedError) as refused:
        opened.read("cases", 2022, ["bnnk-a"])
    assert "Restart Kernel and Run All" in str(refused.value)
    assert "diubah oleh ingest" in str(refused.value)
    assert len(writer.read("cases", 2022, ["bnnk-a"])) == 5  # a Store that had not read yet
    assert len(Store(tmp_path).read("cases", 2022, ["bnnk-a"])) == 5


def test_a_function_that_reads_many_slices_itself_reads_them_in_one_hold(tmp_path):
    store = Store(tmp_path)
    store.write_slice("cases", 2022, "bnnk-a", cases_frame("bnnk-a", 2))

    @reads_store
    def holding(inner: Store, unit: str) -> bool:
        return access.holds_reading(inner.root) and inner.has_slice("cases", 2022, unit)

    assert holding(store, "bnnk-a") and not access.holds_reading(tmp_path)


def test_years_are_the_year_folders_holding_a_slice_of_any_table(tmp_path):
    store = Store(tmp_path / "store")
    store.write_slice("cases", 2021, "bnnk-a", cases_frame("bnnk-a", 1))
    store.write_slice("rehab", 2023, "bnnk-a", empty_frame(TABLES["rehab"]))
    (store.root / "cases" / "2022").mkdir()  # a folder with no slice is no year
    (store.root / "cases" / "2022" / "notes.txt").write_text("x")
    (store.root / "outreach").mkdir()
    (store.root / "outreach" / "2024").write_text("a file, not a folder")
    (store.root / "outreach" / "old").mkdir()
    assert store.years() == [2021, 2023]
    assert store.years("rehab") == [2023]
    assert store.years("tests") == []
