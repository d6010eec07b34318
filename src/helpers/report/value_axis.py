"""A chart's value axis: where it starts and ends, and its "nice" ticks.

The limits follow what matplotlib's autoscaling gave the report's charts (data range, a margin
of a tenth for the value labels, bars from 0), and the ticks what ``MaxNLocator(6, steps=[1, 2,
2.5, 5, 10], integer=...)`` chose (the same arithmetic; tests compare the two on many ranges):
at most ~6 gridlines, whole numbers for counts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

TICKS = 6
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
MARGIN = 0.1
_MIN_TICKS = 2


def finite(values: Sequence[float]) -> list[float]:
    """The values that are numbers (NaN marks a missing value)."""
    return [v for v in values if not math.isnan(v)]


def is_empty(values: Sequence[float]) -> bool:
    """Nothing to draw: every value missing or zero."""
    return all(math.isnan(v) or v == 0 for v in values)


def integral(values: Sequence[float]) -> bool:
    """Count data: every value a whole number (the ticks are then whole numbers too)."""
    return all(math.isnan(v) or float(v).is_integer() for v in values)


def axis_start(values: Sequence[float]) -> float:
    """Value axes start at 0 (bars must not exaggerate), lower only for negative values."""
    known = finite(values)
    return min(0.0, min(known) * 1.1) if known else 0.0


def limits(values: Sequence[float], *, from_zero: bool) -> tuple[float, float]:
    """The axis' (low, high) for ``values``: (0, 1) when there is nothing to draw; else the data
    range (with 0 for bars, ``from_zero``) widened by :data:`MARGIN` above, starting at
    :func:`axis_start`."""
    known = finite(values)
    if is_empty(values) or not known:
        return 0.0, 1.0
    low, high = min(known), max(known)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    low, high = _nonsingular(low, high, 0.05)
    top = high + (high - low) * MARGIN
    if from_zero and high == 0.0:  # a bar's end at 0 is sticky: no margin beyond it
        top = 0.0
    return axis_start(values), top


def _nonsingular(low: float, high: float, expander: float, tiny: float = 1e-15) -> tuple[
        float, float]:
    if abs(high - low) <= max(abs(low), abs(high)) * tiny:
        if high == 0 and low == 0:
            return -expander, expander
        return low - expander * abs(low), high + expander * abs(high)
    return low, high


def ticks(low: float, high: float, integer: bool) -> list[float]:
    """The ticks between ``low`` and ``high`` (inclusive): MaxNLocator's choice."""
    vmin, vmax = _nonsingular(min(low, high), max(low, high), 1e-13, 1e-14)
    dv = abs(vmax - vmin)
    mean = (vmax + vmin) / 2
    offset = 0.0 if abs(mean) / dv < 100 else math.copysign(
        10 ** (math.log10(abs(mean)) // 1), mean)
    scale = 10 ** (math.log10(dv / TICKS) // 1)
    lo, hi = vmin - offset, vmax - offset
    steps = [s * scale for s in (*(0.1 * s for s in STEPS[:-1]), *STEPS, 10 * STEPS[1])]
    if integer:
        steps = [s for s in steps if s < 1 or abs(s - round(s)) < 0.001]
    raw = (hi - lo) / TICKS
    large = [i for i, s in enumerate(steps) if s >= raw]
    first = large[0] if large else len(steps) - 1
    found: list[float] = []
    for step in reversed(steps[:first + 1]):
        if integer and math.floor(hi) - math.ceil(lo) >= _MIN_TICKS - 1:
            step = max(1.0, step)
        best = (lo // step) * step
        start = _edge(lo - best, step, offset, below=True)
        stop = _edge(hi - best, step, offset, below=False)
        found = [n * step + best for n in range(int(start), int(stop) + 1)]
        if sum(1 for t in found if lo <= t <= hi) >= _MIN_TICKS:
            break
    slack = abs(high - low) * 1e-10
    a, b = min(low, high), max(low, high)
    return [t + offset for t in found if a - slack <= t + offset <= b + slack]


def _edge(x: float, step: float, offset: float, *, below: bool) -> float:
    """The largest n with n·step ≤ x (``below``), or the smallest with n·step ≥ x, allowing for
    floating-point error as matplotlib's ``_Edge_integer`` does."""
    tol = 1e-10  # more slack when the offset is large against the step
    if offset:
        tol = min(0.4999, max(tol, 10 ** (math.log10(abs(offset) / step) - 12)))
    d, m = divmod(x, step)
    if below:
        return d + 1 if abs(m / step - 1) < tol else d
    return d if abs(m / step) < tol else d + 1
