"""Small-number suppression: no cell below the threshold can be read or worked out."""

from __future__ import annotations

import itertools

import pytest

from helpers.stats.suppress import (
    SECONDARY_MARK,
    may_derive,
    recoverable,
    suppress,
    suppress_within,
)


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


def _solutions(tested: tuple[int, ...], positive: tuple[int, ...], t, p) -> dict:
    """Brute force: every (tested, positive) pair of tables a reader cannot tell from the
    published pair (the same totals, the same published cells, the marks' bounds, and no
    sector with more positives than people tested); per hidden cell, its possible values."""
    def tables(s, total):
        hidden = [i for i, status in enumerate(s.status) if status]
        ranges = [range(0, s.threshold) if s.values[i] < s.threshold
                  else range(s.threshold, total + 1) for i in hidden]
        for combo in itertools.product(*ranges):
            values = list(s.values)
            for i, v in zip(hidden, combo, strict=True):
                values[i] = v
            if sum(values) == total:
                yield tuple(values)
    found: dict[tuple[str, int], set[int]] = {}
    for tv in tables(t, sum(tested)):
        for pv in tables(p, sum(positive)):
            if all(a <= b for a, b in zip(pv, tv, strict=True)):
                for i, status in enumerate(t.status):
                    if status:
                        found.setdefault(("tested", i), set()).add(tv[i])
                for i, status in enumerate(p.status):
                    if status:
                        found.setdefault(("positive", i), set()).add(pv[i])
    return found


@pytest.mark.parametrize(("tested", "positive"), [
    ((3, 40, 12, 0), (1, 2, 0, 0)),  # a sector of three people, one positive
    ((0, 22, 9, 30), (0, 1, 3, 0)),
    ((6, 7, 40), (2, 6, 1)),  # 6 positive of 7 tested: a published 7 caps the hidden 6
    ((5, 5, 60, 2), (5, 1, 0, 2)),
    ((12, 4, 4, 30), (0, 4, 0, 0)),
])
def test_positives_within_tested_reveal_no_hidden_cell_of_either_table(tested, positive):
    t = suppress(tested, 5)
    p = suppress_within(positive, t)
    assert all(p.status[i] for i, status in enumerate(t.status) if status)  # hidden together
    for (table, i), values in _solutions(tested, positive, t, p).items():
        value = (tested if table == "tested" else positive)[i]
        assert value in values and (len(values) > 1 or value == 0), (table, i, values)


def test_a_forced_cell_is_hidden_even_when_large_and_a_cap_of_zero_pins_nothing_hidden():
    s = suppress([9, 30, 2], 5, hide=[True, False, False])
    assert s.mark(0) == SECONDARY_MARK and s.mark(2) == "<5"
    assert not recoverable(s.values, _hidden(s), 5)
    assert recoverable([0, 3, 3], [True, True, True], 5, caps=[0, None, None]) == []
