"""bench/bench.py's change_one_bnnk: every call changes the data, even after many runs."""

from __future__ import annotations

import shutil

from bench_support import bench_script
from helpers.store.slices import Store


def test_every_change_changes_the_slice_even_once_its_cases_are_gone(tmp_path, sample_data_dir):
    """A reused national deployment loses a case per run; once a year has none, the next run
    adds one instead of writing the same empty slice (which left every report up to date)."""
    change = bench_script("bench")[1].change_one_bnnk
    shutil.copytree(sample_data_dir / "store" / "cases", tmp_path / "store" / "cases")
    store = Store(tmp_path / "store")
    unit, year = "bnnk-lubuklinggau", 2022
    counts, digests = [len(store.read("cases", year, [unit]))], []
    for _ in range(counts[0] + 2):
        change(tmp_path, unit, year)
        counts.append(len(store.read("cases", year, [unit])))
        digests.append(Store(tmp_path / "store").slice_digest("cases", year, unit))
    assert counts[0] > 0
    assert counts[1:] == [*range(counts[0] - 1, -1, -1), 1, 0]
    assert all(a != b for a, b in zip(digests, digests[1:], strict=False))
