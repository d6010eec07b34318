"""The value axis: the limits matplotlib's autoscaling gave the report's charts, and the ticks
``MaxNLocator`` chose, compared with matplotlib itself on many ranges."""

from __future__ import annotations

import math
import random

import pytest
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.report import value_axis


def _locator_ticks(low: float, high: float, integer: bool) -> list[float]:
    locator = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer)
    slack = (high - low) * 1e-10
    return [float(t) for t in locator.tick_values(low, high)
            if low - slack <= t <= high + slack]


@pytest.mark.parametrize("integer", [True, False])
def test_ticks_are_the_ones_max_n_locator_chooses_on_many_ranges(integer):
    rng = random.Random(18)
    ranges = [(0.0, 1.0), (0.0, 1.1), (0.0, 13.2), (0.0, 1320.0), (-6.05, 3.575), (0.0, 0.33)]
    for _ in range(3000):
        high = rng.random() * 10 ** rng.uniform(-2, 9)
        if integer:
            high = max(1.0, round(high)) * 1.1
        low = rng.choice([0.0, 0.0, -rng.random() * high, rng.random() * high * 0.9])
        ranges.append((low, high))
    for low, high in ranges:
        expected = _locator_ticks(low, high, integer)
        ours = value_axis.ticks(low, high, integer)
        assert len(ours) == len(expected), (low, high)
        assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
                   for a, b in zip(ours, expected, strict=True)), (low, high)


def test_count_ticks_are_whole_numbers():
    assert value_axis.ticks(0, 2.2, True) == [0, 1, 2]
    assert all(float(t).is_integer() for t in value_axis.ticks(0, 7.7, True))


def _matplotlib_limits(values: list[float], bars: bool) -> tuple[float, float]:
    """What the report's charts did: the data (bars from 0), a tenth's margin, start at 0."""
    ax = Figure().add_subplot()
    if bars:
        ax.bar(range(len(values)), values)
    else:
        ax.plot(range(len(values)), values)
    ax.margins(y=0.1)
    ax.autoscale_view()
    ax.set_ylim(bottom=value_axis.axis_start(values))
    return ax.get_ylim()


@pytest.mark.parametrize("values", [[307.527, 1200.0, 10.0], [1.0], [5.0, 5.0], [-5.5, 3.25, 0.0],
                                    [3.0, math.nan, 4.0], [0.0, 2.0, 0.0], [120.0, 4.0, 37.0]])
@pytest.mark.parametrize("bars", [True, False])
def test_limits_are_what_matplotlib_autoscaling_gave(values, bars):
    ours = value_axis.limits(values, from_zero=bars)
    assert ours == pytest.approx(_matplotlib_limits(values, bars), rel=1e-12, abs=1e-12)


def test_nothing_to_draw_gets_zero_to_one():
    assert value_axis.limits([0.0, math.nan], from_zero=True) == (0.0, 1.0)
    assert value_axis.limits([], from_zero=False) == (0.0, 1.0)
    assert value_axis.is_empty([0.0, math.nan]) and not value_axis.is_empty([0.0, 1.0])
