"""One BNN unit (:class:`Unit`), the rule every unit_id follows (:data:`UNIT_ID_PATTERN`) and
the error naming a unit that does not exist: what the registry (:mod:`.registry`) hands out.

An unknown unit is an input error, never a path: every ``unit_id`` matches
:data:`UNIT_ID_PATTERN`, so it cannot name anything outside the folder it is used in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNIT_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

LEVELS = ("pusat", "provinsi", "kabkota")


class UnknownUnitError(ValueError):
    """A unit_id or region code that names no unit; ``suggestions`` holds close unit_ids."""

    def __init__(self, value: str, suggestions: tuple[str, ...] = (), detail: str = "") -> None:
        self.value = value
        self.suggestions = suggestions
        message = f"unknown unit {value!r}" + (f": {detail}" if detail else "")
        if suggestions:
            message += f"; did you mean {' or '.join(suggestions)}?"
        super().__init__(message)


@dataclass(frozen=True)
class Unit:
    """One BNN unit as listed in units.csv (``parent_id`` is its parent in its latest year)."""

    unit_id: str
    name: str
    level: str
    parent_id: str | None
    region_code: str | None
    from_year: int
    to_year: int | None

    def exists_in(self, year: int) -> bool:
        """True when the unit operates in ``year`` (from_year and to_year inclusive)."""
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


def span(start: int, end: int | None) -> str:
    """A unit's years for messages: ``2014–2022`` or ``since 2014``."""
    return f"{start}–{end}" if end is not None else f"since {start}"
