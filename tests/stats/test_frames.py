"""The rows one report reads: the unit's own, or rolled up with its sub-units'; targets always
the unit's own."""

from __future__ import annotations

import dataclasses

import pandas as pd

from helpers.stats.frames import load_frames, load_report_frames
from helpers.store import slices

PROVINCE, BNNK = "bnnp-sumsel", "bnnk-lubuklinggau"


def test_rolled_frames_hold_the_rows_of_the_unit_and_every_sub_unit_of_that_year(sample_store,
                                                                                 registry):
    frames = load_frames(sample_store, registry, PROVINCE, 2022)
    units = (PROVINCE, *registry.descendants(PROVINCE, 2022))
    assert frames.unit_ids == units and frames.year == 2022
    for table in ("cases", "seizures", "rehab", "assessments", "outreach", "tests", "community"):
        rows = getattr(frames, table)
        assert set(rows["unit_id"]) <= set(units), table
        assert len(rows) == len(sample_store.read(table, 2022, list(units))), table
    assert set(frames.cases["unit_id"]) > {PROVINCE}  # the sub-units' cases are there too
    assert (frames.cases["date"].dt.year == 2022).all()


def test_own_frames_hold_only_the_unit_s_rows(sample_store, registry):
    own = load_frames(sample_store, registry, PROVINCE, 2022, scope="own")
    rolled = load_frames(sample_store, registry, PROVINCE, 2022)
    assert own.unit_ids == (PROVINCE,)
    assert set(own.cases["unit_id"]) == {PROVINCE}
    assert len(own.cases) < len(rolled.cases)


def test_targets_are_the_unit_s_own_whatever_the_scope(sample_store, registry):
    rolled = load_frames(sample_store, registry, PROVINCE, 2022)
    own = load_frames(sample_store, registry, PROVINCE, 2022, scope="own")
    assert len(rolled.targets) > 0
    assert set(rolled.targets["unit_id"]) == {PROVINCE}
    assert rolled.targets.equals(own.targets)
    bnnk = load_frames(sample_store, registry, BNNK, 2022)
    assert set(bnnk.targets["unit_id"]) == {BNNK}


def test_a_report_s_rolled_and_own_rows_read_each_slice_once(sample_store, registry,
                                                            monkeypatch):
    """What a report opens: the same rows as reading each scope on its own, each slice file
    read once (a BNNP's own slices are among its rolled ones)."""
    reads = []
    monkeypatch.setattr(slices, "read_slice_file",
                        lambda path, *a, read=slices.read_slice_file: reads.append(path)
                        or read(path, *a))
    for unit in (PROVINCE, BNNK):
        rolled, own = load_report_frames(sample_store, registry, unit, 2022)
        for got, scope in ((rolled, "rolled"), (own, "own")):
            expected = load_frames(sample_store, registry, unit, 2022, scope)
            assert (got.unit_ids, got.year) == (expected.unit_ids, expected.year)
            for field in dataclasses.fields(expected):
                if isinstance(getattr(expected, field.name), pd.DataFrame):
                    pd.testing.assert_frame_equal(getattr(got, field.name),
                                                  getattr(expected, field.name))
    reads.clear()
    load_report_frames(sample_store, registry, PROVINCE, 2022)
    assert len(reads) == len(set(reads)) > 8
