"""The unit_id rule: a unit_id can never name a path outside the folder it is used in."""

from __future__ import annotations

import pytest

from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.units import UNIT_ID_PATTERN


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(bundled_reference_dir())


@pytest.mark.parametrize("bad", ["../bnnk-x", "bnnk/x", "BNNK-X", "bnnk--x", "-bnnk", "bnnk x", ""])
def test_unit_id_pattern_refuses(bad: str) -> None:
    assert UNIT_ID_PATTERN.fullmatch(bad) is None


def test_unit_id_pattern_accepts_registry(reg: Registry) -> None:
    assert all(UNIT_ID_PATTERN.fullmatch(u.unit_id) for u in reg.units())
