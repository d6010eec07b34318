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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

AGE_GROUPS = ((0, 19, "<20"), (20, 29, "20–29"), (30, 39, "30–39"), (40, 49, "40–49"),
              (50, 200, "≥50"))
STATUSES = ("selesai", "berlangsung", "drop_out", "dirujuk")
SEXES = ("L", "P")


def per_month(frame: pd.DataFrame, date_column: str, value: str | None = None) -> list[int]:
    """Twelve monthly totals (rows counted, or a column summed), January first."""
    if frame.empty:
        return [0] * 12
    months = frame[date_column].dt.month
    series = (frame.groupby(months)[value].sum() if value
              else frame.groupby(months).size())
    return [int(series.get(m, 0)) for m in range(1, 13)]


def cases_per_month(cases: pd.DataFrame) -> list[int]:
    return per_month(cases, "date")


def first_admissions(rehab: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (unit, client): that client's earliest admission in the year."""
    if rehab.empty:
        return rehab
    ordered = rehab.sort_values(["unit_id", "client_ref", "admission_date", "service"],
                                kind="stable")
    return ordered.drop_duplicates(["unit_id", "client_ref"]).reset_index(drop=True)


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
    counts = frame[column].astype("string").value_counts() if not frame.empty else pd.Series()
    out = {str(k): int(counts.get(k, 0)) for k in (order or ())}
    extra = sorted((str(k) for k in counts.index if str(k) not in out), key=str)
    out.update({k: int(counts[k]) for k in extra})
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
    for age in first["age"].dropna() if not first.empty else []:
        bands[age_group(int(age))] += 1
    return bands


def clients_by_referral(rehab: pd.DataFrame, *,
                        first: pd.DataFrame | None = None) -> dict[str, int]:
    """``sukarela`` (own request) vs ``rujukan`` (referred by law enforcement), distinct clients."""
    first = _first(rehab, first)
    voluntary = int(first["voluntary"].fillna(False).astype(bool).sum()) if len(first) else 0
    return {"sukarela": voluntary, "rujukan": int(len(first)) - voluntary}


def enrolments_by_status(rehab: pd.DataFrame) -> dict[str, int]:
    """Per (client, service) enrolment, its latest status: selesai, berlangsung, drop out, …"""
    if rehab.empty:
        return {s: 0 for s in STATUSES}
    latest = (rehab.sort_values(["unit_id", "client_ref", "service", "admission_date"],
                                kind="stable")
              .drop_duplicates(["unit_id", "client_ref", "service"], keep="last"))
    return counts_by(latest, "status", STATUSES)


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


def outreach_by_sector(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per sector, largest participation first."""
    columns = ["sector", "activities", "participants", "media_reach"]
    if outreach.empty:
        return pd.DataFrame(columns=columns)
    grouped = outreach.groupby("sector", observed=True).agg(
        activities=("activity_id", "size"), participants=("participants", "sum"),
        media_reach=("media_reach", "sum")).fillna(0).astype("int64").reset_index()
    grouped["sector"] = grouped["sector"].astype(str)
    return grouped.sort_values(["participants", "activities", "sector"],
                               ascending=[False, False, True], kind="stable",
                               ).reset_index(drop=True)[columns]


def outreach_by_activity(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per activity type, largest first."""
    grouped = outreach.groupby("activity", observed=True).agg(
        activities=("activity_id", "size"),
        participants=("participants", "sum"),
        media_reach=("media_reach", "sum"),
    )
    grouped = grouped.astype("int64").reset_index()
    return grouped.sort_values(["activities", "activity"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)


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
    ordered = assessments.sort_values(["unit_id", "assessment_ref", "date"], kind="stable")
    return ordered.drop_duplicates(["unit_id", "assessment_ref"], keep="last").reset_index(
        drop=True)


def assessed_by_sex(assessments: pd.DataFrame) -> dict[str, int]:
    """People assessed by sex (``L``, ``P``, then ``unknown`` where it was left empty): adds up
    to the headline ``assessments.total``."""
    latest = latest_assessments(assessments)
    counts = counts_by(latest, "sex", SEXES)
    counts[UNKNOWN] = int(latest["sex"].isna().sum()) if len(latest) else 0
    return counts


def assessed_by_age_group(assessments: pd.DataFrame) -> dict[str, int]:
    """People assessed per age band of the report (then ``unknown``): adds up to the total."""
    latest = latest_assessments(assessments)
    bands = {label: 0 for _, _, label in AGE_GROUPS}
    ages = latest["age"] if len(latest) else pd.Series(dtype="Int64")
    for age in ages.dropna():
        bands[age_group(int(age))] += 1
    bands[UNKNOWN] = int(ages.isna().sum())
    return bands


def assessments_per_month(assessments: pd.DataFrame) -> list[int]:
    """Assessments held per month (every assessment, a person assessed twice twice)."""
    return per_month(assessments, "date")


def tests_per_month(tests: pd.DataFrame, kind: str, column: str = "tested") -> list[int]:
    """People tested (or ``positive``) per month for one kind of examination (``skhpn``,
    ``tes_urine``)."""
    return per_month(tests[tests["kind"] == kind] if len(tests) else tests, "date", column)


def urine_tests_by_sector(tests: pd.DataFrame, sectors: Sequence[str] = ()) -> pd.DataFrame:
    """Urine-test events, people tested and positive results per sector, in a fixed order: every
    sector of ``sectors`` in its order (0 where none; pass the vocabulary's, so a zero row can
    cover a hidden one), then any other found by code, then ``unknown`` where the sector was
    left empty. Never most tested first: the order would bound a hidden cell.

    ``tested`` adds up to the headline ``tests.tes_urine.tested`` and ``positive`` to its
    ``positive``: suppress ``tested`` with :func:`~helpers.stats.suppress.suppress` and
    ``positive`` within it with :func:`~helpers.stats.suppress.suppress_within`."""
    columns = ["sector", "events", "tested", "positive"]
    urine = tests[tests["kind"] == "tes_urine"] if len(tests) else tests
    rows = {code: [0, 0, 0] for code in sectors}
    if not urine.empty:
        sector = urine["sector"].astype("string").fillna(UNKNOWN)
        grouped = urine.groupby(sector, observed=True).agg(
            events=("test_id", "size"), tested=("tested", "sum"), positive=("positive", "sum"))
        for code, row in grouped.fillna(0).astype("int64").iterrows():
            rows[str(code)] = [int(row["events"]), int(row["tested"]), int(row["positive"])]
    given = list(dict.fromkeys(sectors))
    others = sorted(code for code in rows if code not in given and code != UNKNOWN)
    order = [*given, *others, *([UNKNOWN] if UNKNOWN in rows and UNKNOWN not in given else [])]
    table = pd.DataFrame([[code, *rows[code]] for code in order], columns=columns)
    return table.astype({c: "int64" for c in columns[1:]})


def positive_rate(tested: int | None, positive: int | None) -> float | None:
    """Share positive among those tested (SKHPN, tes urine); None when nothing was tested or the
    unit did not report (publish a sector's rate only when both its cells are published:
    :func:`~helpers.stats.suppress.may_derive`)."""
    if not tested or positive is None:
        return None
    return positive / tested
