"""Breakdowns the report's sections show, beyond the headline figures of :mod:`.engine`.

Every rehabilitation breakdown counts each distinct client once, by the first admission of that
client at that unit in the year (its month, provider, sex, age, voluntary/referred), so each table
adds up to the published number of clients and small-number suppression can reason with that
total. Completion is counted per client and service (the status of that enrolment), so it adds up
to the sum of the per-service figures. Outreach tables keep media reach apart from participants.

The rows of a table that counts people come in an order its values do not decide: months,
sexes, age bands, statuses, funding and sectors in their fixed order, providers by name. A table
printed largest first would tell a reader that a hidden cell lies between its neighbours (``9,
<5, <5`` with a total of 16: the first hidden cell is 4 and the second 3), which suppression does
not count with (``tests/stats/test_disclosure.py`` reads the order as a reader would).

They count in plain Python over each column's values (:func:`_values`) rather than with pandas'
groupby: a BNNK's tables have a few hundred rows, where building a groupby's index and
categoricals costs ~5 ms a call and the counting itself well under one (issue #18: ~45 ms of CPU
per BNNK report); at BNN RI's ~25,000 rows the plain loop is no slower than the groupby.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

AGE_GROUPS = ((0, 19, "<20"), (20, 29, "20–29"), (30, 39, "30–39"), (40, 49, "40–49"),
              (50, 200, "≥50"))
STATUSES = ("selesai", "berlangsung", "drop_out", "dirujuk")
SEXES = ("L", "P")


def _values(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column as Python values, a missing one (NA, NaN, None) as None."""
    return frame[column].to_numpy(dtype=object, na_value=None).tolist()


def row_months(frame: pd.DataFrame, column: str) -> list[int]:
    """Each row's month of the date ``column`` (1–12), 0 where the date is missing."""
    dates = frame[column].to_numpy()
    if dates.dtype.kind != "M":  # not a NumPy datetime (a time zone): ask pandas
        return frame[column].dt.month.fillna(0).astype("int64").tolist()
    months = dates.astype("datetime64[M]").astype("int64") % 12 + 1
    return np.where(np.isnat(dates), 0, months).tolist()


def _ordinals(frame: pd.DataFrame, column: str) -> list[int | None]:
    """A date column as comparable integers (its ticks), a missing date as None."""
    dates = frame[column].to_numpy()
    if dates.dtype.kind != "M":
        return _values(frame, column)
    missing = np.isnat(dates).tolist()
    return [None if gone else tick
            for tick, gone in zip(dates.view("int64").tolist(), missing, strict=True)]


def _sortable(values: list[Any]) -> list[Any]:
    """A column's values as sort keys with missing ones after every other, as pandas sorts:
    as they are when none is missing (the usual case)."""
    if None not in values:
        return values
    return [(1, 0) if value is None else (0, value) for value in values]


def _pick(keys: list[list[Any]], ranks: list[list[Any]], *, last: bool) -> list[int]:
    """Row positions of one row per distinct key (the columns ``keys``), ordered by key: the row
    of lowest rank (the columns ``ranks``; with ``last``, of highest), an earlier row first
    among equal ranks (a later one with ``last``). As a stable ``sort_values(keys + ranks)``
    then ``drop_duplicates(keys)``, missing values last."""
    best: dict[tuple[Any, ...], tuple[tuple[Any, ...], int]] = {}
    rows = zip(zip(*map(_sortable, keys), strict=True), zip(*map(_sortable, ranks), strict=True),
               strict=True)
    for i, (key, rank) in enumerate(rows):
        held = best.get(key)
        if held is None or (rank >= held[0] if last else rank < held[0]):
            best[key] = (rank, i)
    return [best[key][1] for key in sorted(best)]


def per_month(frame: pd.DataFrame, date_column: str, value: str | None = None) -> list[int]:
    """Twelve monthly totals (rows counted, or a column summed), January first."""
    if frame.empty:
        return [0] * 12
    totals = [0] * 13  # [0]: rows without a date, left out
    months = row_months(frame, date_column)
    if value is None:
        for month in months:
            totals[month] += 1
    else:
        for month, amount in zip(months, _values(frame, value), strict=True):
            if amount is not None:
                totals[month] += amount
    return [int(total) for total in totals[1:]]


def cases_per_month(cases: pd.DataFrame) -> list[int]:
    return per_month(cases, "date")


def first_admissions(rehab: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (unit, client): that client's earliest admission in the year."""
    if rehab.empty:
        return rehab
    keys = [_values(rehab, "unit_id"), _values(rehab, "client_ref")]
    ranks = [_ordinals(rehab, "admission_date"), _values(rehab, "service")]
    return rehab.take(_pick(keys, ranks, last=False)).reset_index(drop=True)


def _first(rehab: pd.DataFrame, first: pd.DataFrame | None) -> pd.DataFrame:
    return first_admissions(rehab) if first is None else first


# The client breakdowns below take ``first``: ``first_admissions(rehab)`` when the caller has it
# already (a report computes it once for its five client tables and its chart, ~3 ms each).


def clients_per_month(rehab: pd.DataFrame, *, first: pd.DataFrame | None = None) -> list[int]:
    """Distinct clients by the month of their first admission, January first."""
    return per_month(_first(rehab, first), "admission_date")


def counts_by(frame: pd.DataFrame, column: str, order: tuple[str, ...] | None = None,
              ) -> dict[str, int]:
    """Rows per value of ``column``; with ``order``, every listed value (0 when absent) first."""
    return _tally(_values(frame, column) if not frame.empty else [], order)


def _tally(values: Sequence[Any], order: tuple[str, ...] | None = None) -> dict[str, int]:
    """:func:`counts_by` of values already read: missing ones left out, the others by text."""
    counts: dict[str, int] = {}
    for value in values:
        if value is not None:
            key = str(value)
            counts[key] = counts.get(key, 0) + 1
    out = {str(k): counts.get(str(k), 0) for k in (order or ())}
    out.update({k: counts[k] for k in sorted(k for k in counts if k not in out)})
    return out


def clients_by_provider(rehab: pd.DataFrame, *,
                        first: pd.DataFrame | None = None) -> dict[str, int]:
    """Distinct clients per provider of their first admission, by name (ignoring case): never
    by size, which would bound a hidden cell by its neighbours."""
    counts = counts_by(_first(rehab, first), "provider")
    return dict(sorted(counts.items(), key=lambda kv: (kv[0].casefold(), kv[0])))


def clients_by_sex(rehab: pd.DataFrame, *, first: pd.DataFrame | None = None) -> dict[str, int]:
    return counts_by(_first(rehab, first), "sex", SEXES)


def age_group(age: int) -> str:
    """The report's age band of an age in whole years (``<20``, ``20–29``, …, ``≥50``)."""
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return AGE_GROUPS[-1][2]


def clients_by_age_group(rehab: pd.DataFrame, *,
                         first: pd.DataFrame | None = None) -> dict[str, int]:
    first = _first(rehab, first)
    bands = {label: 0 for _, _, label in AGE_GROUPS}
    for age in _values(first, "age") if not first.empty else []:
        if age is not None:
            bands[age_group(int(age))] += 1
    return bands


def clients_by_referral(rehab: pd.DataFrame, *,
                        first: pd.DataFrame | None = None) -> dict[str, int]:
    """``sukarela`` (own request) vs ``rujukan`` (referred by law enforcement), distinct clients."""
    first = _first(rehab, first)
    voluntary = sum(1 for v in _values(first, "voluntary") if v) if len(first) else 0
    return {"sukarela": voluntary, "rujukan": int(len(first)) - voluntary}


def enrolments_by_status(rehab: pd.DataFrame) -> dict[str, int]:
    """Per (client, service) enrolment, its latest status: selesai, berlangsung, drop out, …"""
    if rehab.empty:
        return {s: 0 for s in STATUSES}
    keys = [_values(rehab, "unit_id"), _values(rehab, "client_ref"), _values(rehab, "service")]
    ranks = [_ordinals(rehab, "admission_date")]
    statuses = _values(rehab, "status")
    latest = [statuses[i] for i in _pick(keys, ranks, last=True)]
    return _tally(latest, STATUSES)


# The statuses the completion rate is computed from (ongoing enrolments are not yet decided).
# The report shows the rate only when none of these cells is suppressed
# (:func:`helpers.stats.suppress.may_derive`): the rate with the total would reveal them.
COMPLETION_USES = ("selesai", "drop_out", "dirujuk")


def completion_rate(status: dict[str, int]) -> float | None:
    """Completed share of the enrolments that ended (ongoing ones are not yet decided)."""
    ended = sum(status.get(k, 0) for k in COMPLETION_USES)
    return status.get("selesai", 0) / ended if ended else None


def suspects_per_month(cases: pd.DataFrame) -> list[int]:
    return per_month(cases, "date", "suspects")


def _outreach_by(outreach: pd.DataFrame, column: str) -> dict[str, list[int]]:
    """Per value of ``column`` (rows without one left out): activities (rows), participants and
    media reach (missing counts as nothing)."""
    groups: dict[str, list[int]] = {}
    if outreach.empty:
        return groups
    for key, participants, reach in zip(_values(outreach, column),
                                        _values(outreach, "participants"),
                                        _values(outreach, "media_reach"), strict=True):
        if key is not None:
            row = groups.setdefault(str(key), [0, 0, 0])
            row[0] += 1
            row[1] += participants or 0
            row[2] += reach or 0
    return groups


def _outreach_frame(column: str, rows: list[tuple[str, list[int]]]) -> pd.DataFrame:
    return pd.DataFrame({column: [key for key, _ in rows],
                         **{name: np.array([counts[n] for _, counts in rows], dtype="int64")
                            for n, name in enumerate(("activities", "participants",
                                                      "media_reach"))}})


def outreach_by_sector(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per sector, largest participation first."""
    groups = _outreach_by(outreach, "sector")
    return _outreach_frame("sector", sorted(groups.items(),
                                            key=lambda kv: (-kv[1][1], -kv[1][0], kv[0])))


def outreach_by_activity(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per activity type, largest first."""
    groups = _outreach_by(outreach, "activity")
    return _outreach_frame("activity", sorted(groups.items(),
                                              key=lambda kv: (-kv[1][0], kv[0])))


def seizures_by_uom(seizures: Sequence[dict[str, Any]]) -> dict[str, list[tuple[str, float]]]:
    """A figures file's seizures list grouped by unit of measure, largest first within each:
    grams, tablets and plants never share a chart's axis."""
    out: dict[str, list[tuple[str, float]]] = {}
    for item in seizures:
        out.setdefault(str(item["uom"]), []).append((str(item["drug"]),
                                                     float(item["quantity"])))
    return out


# -- the year-end services: funding, asesmen terpadu, tes urine --------------------------------
# Each table that counts people adds up to a headline figure of the figures file, so it is
# suppressed as the rehabilitation tables are (helpers.stats.suppress).

UNKNOWN = "unknown"  # the row of people whose optional sex or age was left empty
FUNDING = ("dipa", "non_dipa")


def clients_by_funding(rehab: pd.DataFrame, *, first: pd.DataFrame | None = None
                       ) -> dict[str, int]:
    """Distinct clients by the funding of their first admission (DIPA BNN, non-DIPA)."""
    return counts_by(_first(rehab, first), "funding", FUNDING)


def latest_assessments(assessments: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (unit, person): their latest assessment of the year, the one whose
    recommendation the headline counts (:func:`helpers.stats.own_counts.assessment_counts`)."""
    if assessments.empty:
        return assessments
    keys = [_values(assessments, "unit_id"), _values(assessments, "assessment_ref")]
    # a missing date counts as the latest, as a sort puts it last
    latest = _pick(keys, [_ordinals(assessments, "date")], last=True)
    return assessments.take(latest).reset_index(drop=True)


def _latest(assessments: pd.DataFrame, latest: pd.DataFrame | None) -> pd.DataFrame:
    return latest_assessments(assessments) if latest is None else latest


# The people-assessed breakdowns take ``latest``: ``latest_assessments(assessments)`` when the
# caller has it already (a report's two tables; at BNN RI's ~10,000 rows ~10 ms each).


def assessed_by_sex(assessments: pd.DataFrame, *,
                    latest: pd.DataFrame | None = None) -> dict[str, int]:
    """People assessed by sex (``L``, ``P``, then ``unknown`` where it was left empty): adds up
    to the headline ``assessments.total``."""
    latest = _latest(assessments, latest)
    sexes = _values(latest, "sex") if len(latest) else []
    counts = _tally(sexes, SEXES)
    counts[UNKNOWN] = sum(1 for sex in sexes if sex is None)
    return counts


def assessed_by_age_group(assessments: pd.DataFrame, *,
                          latest: pd.DataFrame | None = None) -> dict[str, int]:
    """People assessed per age band of the report (then ``unknown``): adds up to the total."""
    latest = _latest(assessments, latest)
    bands = {label: 0 for _, _, label in AGE_GROUPS}
    bands[UNKNOWN] = 0
    for age in _values(latest, "age") if len(latest) else []:
        bands[UNKNOWN if age is None else age_group(int(age))] += 1
    return bands


def assessments_per_month(assessments: pd.DataFrame) -> list[int]:
    """Assessments held per month (every assessment, a person assessed twice twice)."""
    return per_month(assessments, "date")


def tests_per_month(tests: pd.DataFrame, kind: str, column: str = "tested") -> list[int]:
    """People tested (or ``positive``) per month for one kind of examination (``skhpn``,
    ``tes_urine``)."""
    totals = [0] * 13
    if len(tests):
        for month, this, amount in zip(row_months(tests, "date"), _values(tests, "kind"),
                                       _values(tests, column), strict=True):
            if this == kind and amount is not None:
                totals[month] += amount
    return [int(total) for total in totals[1:]]


def urine_tests_by_sector(tests: pd.DataFrame, sectors: Sequence[str] = ()) -> pd.DataFrame:
    """Urine-test events, people tested and positive results per sector, in a fixed order: every
    sector of ``sectors`` in its order (0 where none; pass the vocabulary's, so a zero row can
    cover a hidden one), then any other found by code, then ``unknown`` where the sector was
    left empty. Never most tested first: the order would bound a hidden cell.

    ``tested`` adds up to the headline ``tests.tes_urine.tested`` and ``positive`` to its
    ``positive``: suppress ``tested`` with :func:`~helpers.stats.suppress.suppress` and
    ``positive`` within it with :func:`~helpers.stats.suppress.suppress_within`."""
    columns = ["sector", "events", "tested", "positive"]
    rows = {code: [0, 0, 0] for code in sectors}
    if len(tests):
        for kind, sector, tested, positive in zip(
                _values(tests, "kind"), _values(tests, "sector"), _values(tests, "tested"),
                _values(tests, "positive"), strict=True):
            if kind == "tes_urine":
                row = rows.setdefault(UNKNOWN if sector is None else str(sector), [0, 0, 0])
                row[0] += 1
                row[1] += tested or 0
                row[2] += positive or 0
    given = list(dict.fromkeys(sectors))
    others = sorted(code for code in rows if code not in given and code != UNKNOWN)
    order = [*given, *others, *([UNKNOWN] if UNKNOWN in rows and UNKNOWN not in given else [])]
    return pd.DataFrame({"sector": order, **{
        name: np.array([rows[code][n] for code in order], dtype="int64")
        for n, name in enumerate(columns[1:])}})


def positive_rate(tested: int | None, positive: int | None) -> float | None:
    """Share positive among those tested (SKHPN, tes urine); None when nothing was tested or the
    unit did not report (publish a sector's rate only when both its cells are published:
    :func:`~helpers.stats.suppress.may_derive`)."""
    if not tested or positive is None:
        return None
    return positive / tested
