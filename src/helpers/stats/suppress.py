"""Small-number suppression for the rehabilitation breakdown tables (months, providers, sex, age).

Why: a BNNK with two women in rehabilitation would otherwise publish facts about two people.
Headline totals stay published (BNN publishes them), so every breakdown is a one-way table whose
total a reader knows. The rule, applied per table:

* primary: a cell with 1 ≤ value < threshold is shown as ``<threshold`` (e.g. ``<5``);
  a zero is not sensitive and is shown as 0;
* secondary: while any suppressed cell could still be worked out exactly from the table's total
  and the published cells (interval reasoning: a ``<5`` cell lies in 0..4, a ``×`` cell in
  5..total), the smallest published cell is suppressed too — as ``<5`` if it is below the
  threshold (a zero), otherwise as ``×``.

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


def recoverable(values: Sequence[int], hidden: Sequence[bool], threshold: int) -> list[int]:
    """Indexes of hidden cells whose value follows exactly from the total and the shown cells."""
    total = sum(values)
    idx = [i for i, h in enumerate(hidden) if h]
    if not idx:
        return []
    rest = total - sum(v for v, h in zip(values, hidden, strict=True) if not h)
    bounds = {i: _bounds(values[i], threshold, total) for i in idx}
    found = []
    for i in idx:
        lo_others = sum(bounds[j][0] for j in idx if j != i)
        hi_others = sum(bounds[j][1] for j in idx if j != i)
        low = max(bounds[i][0], rest - hi_others)
        high = min(bounds[i][1], rest - lo_others)
        if low >= high:
            found.append(i)
    return found


def suppress(values: Sequence[int], threshold: int) -> Suppressed:
    """Primary and secondary suppression of one table of counts whose total is published.

    ``threshold`` ≤ 1 switches suppression off. When every cell ends up hidden and one is still
    recoverable (a table of one person, or three cells of 4 with a total of 12), nothing more can
    be done without hiding the published headline total; that is the only such case.
    """
    vals = tuple(int(v) for v in values)
    hidden = [threshold > 1 and 1 <= v < threshold for v in vals]
    status: list[str | None] = [PRIMARY if h else None for h in hidden]
    while any(hidden) and recoverable(vals, hidden, threshold):
        candidates = [i for i, h in enumerate(hidden) if not h]
        if not candidates:
            break
        # The smallest positive published cell first: hiding a zero protects little.
        pick = min(candidates, key=lambda i: (vals[i] == 0, vals[i], i))
        hidden[pick] = True
        status[pick] = SECONDARY
    return Suppressed(vals, tuple(status), threshold)
