"""Checks across the rows of a submission, and against the store: duplicate keys, a seizure's
case (which also gives the seizure its year), and the submission year.

They run after every row was checked on its own (:mod:`helpers.ingest.validate`), on the typed
values of all of them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from helpers.ingest.numbers import is_blank
from helpers.ingest.outcomes import Context, RowOutcome, submission_year


def row_key(outcome: RowOutcome) -> tuple[object, ...] | None:
    """The table key of a row, or None when a required key cell is missing or invalid.

    An optional key column left empty is one value, "": two rows of one day and item in
    ``pemberdayaan`` without a name are the same row twice.
    """
    table = outcome.sheet.table
    values = []
    for name in table.key:
        value = outcome.values.get(name)
        if value is None and not table.column(name).required and is_blank(outcome.raw.get(name)):
            value = ""
        values.append(value)
    return None if any(v is None for v in values) else tuple(values)


# What to say after "remove one", per table, when two rows can both be right.
DUPLICATE_HINTS = {
    "seizures": ("; jumlahkan barang bukti yang sama dalam satu baris",
                 "; add up identical seizures in one row"),
    "community": ("; bila keduanya benar, jumlahkan dalam satu baris atau isi kolom nama "
                  "(mis. nama desa atau sekolah) agar berbeda",
                  "; if both are right, add them up in one row or fill in the name column "
                  "(e.g. the village or school) to tell them apart"),
    "assessments": ("; orang yang sama diasesmen dua kali pada hari yang sama dicatat sekali",
                    "; a person assessed twice on the same day is recorded once"),
}


def check_duplicates(outcomes: list[RowOutcome]) -> None:
    """Rows sharing a key are all refused: which one is right is the unit's call, not ours."""
    groups: dict[tuple[str, tuple[object, ...]], list[RowOutcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.sheet.rejected_reason is None and (key := row_key(outcome)) is not None:
            groups[(outcome.table, key)].append(outcome)
    for (table, key), group in groups.items():
        if len(group) < 2:
            continue
        for outcome in group:
            others = ", ".join(f"{o.number}" if o.source is outcome.source else
                               f"{o.source.display}:{o.number}" for o in group if o is not outcome)
            extra = DUPLICATE_HINTS.get(table, ("", ""))
            outcome.reject("duplicate_key", None, key=", ".join(map(_show, key)), rows=others,
                           extra_id=extra[0], extra_en=extra[1])


def _show(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def place_seizures(outcomes: list[RowOutcome], ctx: Context) -> None:
    """Give each seizure its case's year; refuse a seizure whose case is nowhere to be found."""
    submitted: dict[tuple[str, str], list[RowOutcome]] = defaultdict(list)
    replaced: set[tuple[str, int]] = set()
    for outcome in outcomes:
        if outcome.table == "cases" and outcome.values.get("case_id") and outcome.unit_id:
            submitted[(outcome.unit_id, str(outcome.values["case_id"]))].append(outcome)
            if outcome.accepted and not outcome.source.quarantine and outcome.year:
                replaced.add((outcome.unit_id, outcome.year))
    stored = _StoredCases(ctx, replaced)
    for outcome in outcomes:
        if outcome.table != "seizures" or outcome.sheet.rejected_reason is not None:
            continue
        unit_id, case_id = outcome.values.get("unit_id"), outcome.values.get("case_id")
        if unit_id is None or case_id is None:
            outcome.year = outcome.year or submission_year(outcome, ctx)
            continue
        cases = submitted.get((str(unit_id), str(case_id)), [])
        good = [c for c in cases if c.accepted]
        if good:
            outcome.year = good[0].year
        elif cases:
            outcome.year = cases[0].year or submission_year(outcome, ctx)
            outcome.reject("case_rejected", "case_id", value=case_id)
        elif (year := stored.year_of(str(unit_id), str(case_id))) is not None:
            outcome.year = year
        else:
            outcome.year = submission_year(outcome, ctx)
            outcome.reject("case_missing", "case_id", value=case_id, unit=unit_id)


class _StoredCases:
    """Case ids already in the store, per unit, read once; slices being replaced don't count."""

    def __init__(self, ctx: Context, replaced: set[tuple[str, int]]) -> None:
        self.ctx = ctx
        self.replaced = replaced
        self.cache: dict[str, dict[str, int]] = {}

    def year_of(self, unit_id: str, case_id: str) -> int | None:
        if unit_id not in self.cache:
            self.cache[unit_id] = self._load(unit_id)
        return self.cache[unit_id].get(case_id)

    def _load(self, unit_id: str) -> dict[str, int]:
        store = self.ctx.store
        if store is None:
            return {}
        years = store.years("cases")
        if self.ctx.year is not None:
            years = [y for y in years if y == self.ctx.year]
        found: dict[str, int] = {}
        for year in years:
            if (unit_id, year) in self.replaced:
                continue
            frame = store.read("cases", year, [unit_id])
            for case_id in frame["case_id"].dropna().astype(str):
                found.setdefault(case_id, year)
        return found


def check_years(outcomes: list[RowOutcome], ctx: Context) -> None:
    """Rows outside the submission's year are refused; units must exist in the row's year."""
    for outcome in outcomes:
        if outcome.sheet.rejected_reason is not None:
            continue
        year = submission_year(outcome, ctx)
        table = outcome.sheet.table
        if year is not None and outcome.year is not None and outcome.year != year:
            if table.date_column and outcome.values.get(table.date_column) is not None:
                outcome.reject("date_outside_year", table.date_column,
                               value=_show(outcome.values[table.date_column]), year=year,
                               actual=outcome.year)
            elif table.name == "targets":
                outcome.reject("year_mismatch", "year", value=outcome.year, year=year)
            elif outcome.accepted:
                outcome.reject("date_outside_year", "case_id",
                               value=f"{outcome.values.get('case_id')} ({outcome.year})",
                               year=year, actual=outcome.year)
        unit_id = outcome.values.get("unit_id")
        if unit_id and outcome.year is not None:
            unit = ctx.registry.get(str(unit_id))
            if not unit.exists_in(outcome.year):
                outcome.reject("unit_not_in_year", "unit_id", value=unit_id, year=outcome.year)
        if outcome.year is None and outcome.accepted:
            outcome.reject("unit_unresolved", None)
