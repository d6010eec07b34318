"""What validation works on: one submitted row's outcome (:class:`RowOutcome`) and what rows
are checked against (:class:`Context`), shared by the checks of one row
(:mod:`helpers.ingest.validate`) and those across rows (:mod:`helpers.ingest.across_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from helpers.ingest.messages import Problem
from helpers.ingest.readers import SheetData, SourceFile
from helpers.reference.vocab import Vocab

if TYPE_CHECKING:
    import pandas as pd


class UnitLike(Protocol):
    unit_id: str

    def exists_in(self, year: int) -> bool: ...


class UnitRegistry(Protocol):
    def get(self, unit_id: str) -> UnitLike: ...


class StoreLike(Protocol):
    def years(self, table: str | None = None) -> list[int]: ...

    def read(self, table: str, year: int, unit_ids: list[str]) -> pd.DataFrame: ...


@dataclass(slots=True)
class RowOutcome:
    """One submitted row: its typed values when accepted, its problems when rejected.

    Slotted, and its set of masked cells made only when a cell is masked: a submission of a
    million rows keeps a million of these.
    """

    source: SourceFile
    sheet: SheetData
    number: int
    raw: dict[str, object]
    values: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unit_id: str | None = None
    year: int | None = None
    _masked: set[str] | None = field(default=None, repr=False)

    @property
    def masked(self) -> set[str]:
        """The cells holding personal data, never written anywhere (add to it to mask one)."""
        if self._masked is None:
            self._masked = set()
        return self._masked

    def is_masked(self, column: str) -> bool:
        return self._masked is not None and column in self._masked

    @property
    def table(self) -> str:
        return self.sheet.table.name

    @property
    def accepted(self) -> bool:
        return not self.problems

    def reject(self, code: str, column: str | None, **params: object) -> None:
        self.problems.append(Problem(code, self.sheet.file, self.sheet.sheet, self.number,
                                     column, params))


@dataclass
class Context:
    """What validation checks rows against."""

    registry: UnitRegistry
    vocab: Vocab
    store: StoreLike | None = None
    year: int | None = None  # ``--year``; else each form's own year
    today: date = field(default_factory=date.today)  # no row may be dated after it


def submission_year(outcome: RowOutcome, ctx: Context) -> int | None:
    """The one year the submission is for: ``--year``, else the form's year, else none."""
    return ctx.year if ctx.year is not None else outcome.source.form_year
