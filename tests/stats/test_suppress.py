"""Small-number suppression: no cell below the threshold can be read or worked out."""

from __future__ import annotations

import itertools

import pytest

from helpers.stats.suppress import SECONDARY_MARK, may_derive, recoverable, suppress


def _hidden(s) -> list[bool]:
    return [bool(x) for x in s.status]


def test_cells_below_the_threshold_are_shown_as_less_than_five():
    s = suppress([3, 2, 20, 30], 5)
    assert [s.mark(i) for i in range(4)] == ["<5", "<5", None, None]
    assert s.shown(2) == 20 and s.shown(0) is None


def test_a_single_small_cell_gets_a_secondary_partner():
    s = suppress([3, 10, 20], 5)
    assert s.mark(0) == "<5"
    assert s.mark(1) == SECONDARY_MARK  # the smallest other cell, not the zero-protecting 20
    assert s.shown(2) == 20
    assert not recoverable(s.values, _hidden(s), 5)


def test_two_small_cells_whose_sum_pins_them_down_get_more_cover():
    # total 36 − 28 shown = 8 → both "<5" cells must be 4 unless a third cell is hidden
    s = suppress([4, 4, 28], 5)
    assert sum(_hidden(s)) == 3


def test_zeros_are_published_and_not_chosen_first_as_cover():
    s = suppress([2, 0, 9, 40], 5)
    assert s.shown(1) == 0 and s.mark(2) == SECONDARY_MARK


def test_no_suppression_when_nothing_is_small_or_threshold_off():
    assert not suppress([5, 6, 0], 5).any
    assert not suppress([1, 2, 3], 0).any


@pytest.mark.parametrize("values", list(itertools.product([0, 1, 3, 4, 5, 7, 12], repeat=3)))
def test_no_small_cell_can_be_recovered_from_the_total(values):
    s = suppress(values, 5)
    leaks = recoverable(s.values, _hidden(s), 5)
    # Only when every cell is already hidden may a value still follow (three cells of 4 with a
    # published total of 12): nothing more can be hidden without hiding BNN's headline total.
    assert not leaks or all(_hidden(s))


def test_a_derived_figure_may_be_shown_only_when_every_cell_it_uses_is_published():
    s = suppress([12, 8, 4, 0], 5)  # Palembang 2024's statuses: 12, ×, <5, 0
    assert not may_derive(s, [0, 2, 3])  # the completion rate uses the hidden drop-outs
    assert may_derive(s, [0, 3])  # 12 and 0 are in the table already
    assert may_derive(suppress([86, 9, 30], 5), [0, 1, 2])
