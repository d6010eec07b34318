"""The rows one report reads: the unit's own, or rolled up with its sub-units'; targets always
the unit's own."""

from __future__ import annotations

from helpers.stats.frames import load_frames

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
