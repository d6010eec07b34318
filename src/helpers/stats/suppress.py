"""Small-number suppression for the breakdown tables that count people: rehabilitation clients
(months, providers, sex, age, referral, funding), people assessed (sex, age) and people given a
urine test, and those testing positive, per sector.

Why: a BNNK with two women in rehabilitation would otherwise publish facts about two people.
Headline totals stay published (BNN publishes them), so every breakdown is a one-way table whose
total a reader knows. The rule, applied per table:

* primary: a cell with 1 ≤ value < threshold is shown as ``<threshold`` (e.g. ``<5``);
  a zero is not sensitive and is shown as 0;
* secondary: while any suppressed cell could still be worked out exactly from the table's total
  and the published cells (interval reasoning: a ``<5`` cell lies in 0..4, a ``×`` cell in
  5..total), the smallest published cell is suppressed too — as ``<5`` if it is below the
  threshold (a zero), otherwise as ``×``.

Two tables whose cells are parts of each other's (positives per sector within the number tested
per sector) are suppressed together by :func:`suppress_within`: a reader also knows that a hidden
positive cell is at most the number tested beside it.

The result says, per cell, whether it is shown, and which mark replaces it. Charts of these
breakdowns draw no bar for a suppressed cell, so they reveal nothing the table hides.

Suppression protects a table only if nothing published beside it undoes it: a completion rate
printed to one decimal, with the total, pins the hidden cells it is computed from (Palembang
2024: 12 selesai, total 24, 75,0 % → putus layanan 4, berlangsung 8). :func:`may_derive` is the
rule for every such figure (docs/report.md, "Penyamaran angka kecil: apa yang boleh tampil di
dekatnya").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_MARK = "×"


@dataclass(frozen=True)
class Suppressed:
    """One table after suppression: ``values`` as given, ``status`` per cell (None = shown)."""

    values: tuple[int, ...]
    status: tuple[str | None, ...]
    threshold: int

    @property
    def total(self) -> int:
        return sum(self.values)

    def shown(self, i: int) -> int | None:
        """The value a reader may see, or None when the cell is suppressed."""
        return None if self.status[i] else self.values[i]

    def mark(self, i: int) -> str | None:
        """``<5`` for a cell below the threshold, ``×`` for a larger secondary cell, else None."""
        if not self.status[i]:
            return None
        return f"<{self.threshold}" if self.values[i] < self.threshold else SECONDARY_MARK

    @property
    def any(self) -> bool:
        return any(self.status)


def may_derive(table: Suppressed, used: Iterable[int]) -> bool:
    """May a figure computed from the cells ``used`` of ``table`` (a rate, a share, a
    difference, or the statement that it cannot be computed) be published beside the table?

    Only when every one of those cells is itself published: the figure is then a function of what
    a reader already sees and tells them nothing new. A figure that uses a hidden cell adds an
    equation to the ones suppression was designed against (the total and the marks' bounds), and
    no rounding makes that safe in general: with small counts even a whole-percent or a
    "more than half" rate can leave one integer solution. Proving a particular rounding safe
    table by table would make the published precision depend on the data, so the figure is
    withheld instead, and the report says why.
    """
    return all(table.status[i] is None for i in used)


def _bounds(value: int, threshold: int, total: int) -> tuple[int, int]:
    """What a reader knows of a suppressed cell from its mark alone."""
    return (0, threshold - 1) if value < threshold else (threshold, total)


Caps = Sequence[int | None] | None
"""Per cell, an upper bound a reader knows from elsewhere (positives per sector ≤ the number
tested in that sector, where that is published), or None."""


def recoverable(values: Sequence[int], hidden: Sequence[bool], threshold: int,
                caps: Caps = None) -> list[int]:
    """Indexes of hidden cells whose value follows exactly from the total and the shown cells
    (and ``caps``). A cell its cap alone pins (a cap of 0) is not listed: nothing hidden
    beside it could help, and it tells no more than the cap, which is published."""
    total = sum(values)
    idx = [i for i, h in enumerate(hidden) if h]
    if not idx:
        return []
    rest = total - sum(v for v, h in zip(values, hidden, strict=True) if not h)
    bounds = {i: _capped(_bounds(values[i], threshold, total), caps, i) for i in idx}
    found = []
    for i in idx:
        if bounds[i][0] >= bounds[i][1]:
            continue
        lo_others = sum(bounds[j][0] for j in idx if j != i)
        hi_others = sum(bounds[j][1] for j in idx if j != i)
        low = max(bounds[i][0], rest - hi_others)
        high = min(bounds[i][1], rest - lo_others)
        if low >= high:
            found.append(i)
    return found


def _capped(bounds: tuple[int, int], caps: Caps, i: int) -> tuple[int, int]:
    cap = None if caps is None else caps[i]
    return bounds if cap is None else (bounds[0], min(bounds[1], cap))


def suppress(values: Sequence[int], threshold: int, *, caps: Caps = None,
             hide: Sequence[bool] | None = None) -> Suppressed:
    """Primary and secondary suppression of one table of counts whose total is published.

    ``threshold`` ≤ 1 switches suppression off. When every cell ends up hidden and one is still
    recoverable (a table of one person, or three cells of 4 with a total of 12), nothing more can
    be done without hiding the published headline total; that is the only such case.

    A table tied to another one (positives per sector beside the number tested per sector,
    :func:`suppress_within`) passes ``caps`` (what the other table publishes bounds each cell)
    and ``hide`` (cells to hide whatever their value: the other table hides their partner).
    """
    vals = tuple(int(v) for v in values)
    forced = list(hide) if hide is not None else [False] * len(vals)
    hidden = [threshold > 1 and (1 <= v < threshold or f) for v, f in zip(vals, forced,
                                                                           strict=True)]
    status: list[str | None] = [(PRIMARY if 1 <= v < threshold else SECONDARY) if h else None
                                for v, h in zip(vals, hidden, strict=True)]
    while any(hidden) and recoverable(vals, hidden, threshold, caps):
        # A cell its cap pins to 0 covers nothing: a reader knows it is 0.
        candidates = [i for i, h in enumerate(hidden)
                      if not h and (caps is None or caps[i] != 0)]
        if not candidates:
            break
        # The smallest positive published cell first: hiding a zero protects little.
        pick = min(candidates, key=lambda i: (vals[i] == 0, vals[i], i))
        hidden[pick] = True
        status[pick] = SECONDARY
    return Suppressed(vals, tuple(status), threshold)


def suppress_within(parts: Sequence[int], whole: Suppressed) -> Suppressed:
    """Suppression of a table whose every cell is part of the same cell of ``whole``
    (positives per sector within the number tested per sector), so that neither reveals the
    other: a part is hidden wherever its whole is (a shown part would bound a hidden whole from
    below), and a hidden part is known to be at most its whole where that is shown."""
    return suppress(parts, whole.threshold, caps=[whole.shown(i) for i in range(len(parts))],
                    hide=[status is not None for status in whole.status])
