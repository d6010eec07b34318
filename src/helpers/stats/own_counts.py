"""Each table's counts per unit, vectorised: the *own* figures the engine adds up the hierarchy.

One function per table. Each takes the rows the engine read for a year (every unit's slice, with
the unit's index in the ``UNIT`` column, :func:`helpers.stats.engine.read_year`) and returns, per
figure, an int64 array with one value per unit. A figure is named by its path in the figures file
(``("rehab", "ibm")``, ``("tests", "skhpn", "positive")``), so the engine can assemble the file
from the paths alone.

Every count here is additive per unit, so the engine's roll-up (a unit × unit membership matrix
times these arrays) is exact: counts and sums add; distinct things (clients, assessed people,
networks) are distinct per unit, so one seen by two units counts once in each and twice above
them; rupiah are rounded to whole rupiah per unit before they are added.

A table a unit did not send is told apart from a table of zeros: the arrays under
``("reporting_units", group)`` hold 1 for a unit that reported the group and 0 otherwise; rolled
up, they count the reporting units in a scope, and the engine publishes None for a figure no unit
of the scope reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

UNIT = "__unit"  # the column holding a row's unit, as an index into the year's unit list
SERVICES = ("rawat_jalan", "rawat_inap", "ibm", "pasca_rehab")
SERVICE_BITS = 3  # SERVICES and "any other service" packed below the client code
# The groups a unit may leave unreported, and so be published as None rather than 0.
REPORTED_GROUPS = ("networks", "labs", "assessments", "tests", "community")

Path = tuple[str, ...]
Counts = dict[Path, np.ndarray]


def units_of(table: pa.Table) -> np.ndarray:
    """Each row's unit index."""
    return table.column(UNIT).to_numpy()


def per_unit(units: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Rows (or ``weights`` summed) per unit, as int64."""
    if weights is None:
        return np.bincount(units, minlength=n).astype(np.int64)
    return np.rint(np.bincount(units, weights=weights, minlength=n)).astype(np.int64)


def _numbers(table: pa.Table, name: str) -> np.ndarray:
    """A numeric or boolean column as float64, nulls as 0."""
    column = table.column(name)
    if pa.types.is_boolean(column.type):
        column = pc.cast(column, pa.int64())
    return column.fill_null(0).to_numpy().astype(np.float64)


def _code_index(column: pa.ChunkedArray, codes: Sequence[str]) -> np.ndarray:
    """Each value's position in ``codes``; ``len(codes)`` for any other value or none."""
    found = pc.index_in(column, value_set=pa.array(list(codes), pa.string()))
    return found.fill_null(len(codes)).to_numpy().astype(np.int64)


def reported(present: np.ndarray) -> np.ndarray:
    """1 for each unit whose slice exists (even empty: it sent the table), else 0."""
    return present.astype(np.int64)


def case_counts(table: pa.Table, n: int) -> Counts:
    """Cases (LKN), suspects, P-21, TPPU, assets, distinct networks and clandestine labs.

    Networks and labs are new columns: a unit whose cases leave both empty did not report them
    (an old submission, or a form filled in without them).
    """
    units = units_of(table)
    network = pc.utf8_trim_whitespace(pc.replace_substring_regex(
        pc.utf8_lower(table.column("network")), r"\s+", " "))
    network = pc.if_else(pc.equal(network, ""), pa.scalar(None, pa.string()), network)
    named = pc.is_valid(network).to_numpy(zero_copy_only=False)
    codes = pc.dictionary_encode(network).combine_chunks().indices.to_numpy(
        zero_copy_only=False)
    pairs = _distinct((units[named].astype(np.int64) << 32) | codes[named].astype(np.int64))
    answered = named | pc.is_valid(table.column("lab")).to_numpy(zero_copy_only=False)
    details = (per_unit(units[answered], n) > 0).astype(np.int64)
    return {
        ("cases",): per_unit(units, n),
        ("suspects",): per_unit(units, n, _numbers(table, "suspects")),
        ("p21",): per_unit(units, n, _numbers(table, "p21")),
        ("tppu",): per_unit(units, n, _numbers(table, "tppu")),
        ("assets_rp",): per_unit(units, n, _numbers(table, "assets_rp")),
        ("networks",): per_unit(pairs >> 32, n),
        ("labs",): per_unit(units, n, _numbers(table, "lab")),
        ("reporting_units", "networks"): details,
        ("reporting_units", "labs"): details,
    }


def rehab_counts(table: pa.Table, n: int) -> Counts:
    """Distinct clients per (unit, service), and per unit (a client in two services counts once).

    ``client_ref`` holds per-slice codes (the engine reads it so), so (unit, client, service)
    packs into one int64: the unit above bit 35, the client code in bits 3–34, the service in
    bits 0–2 (0–3 for SERVICES, 4 for any other value or none, which counts only in the total).
    """
    units = units_of(table).astype(np.int64)
    client = table.column("client_ref").to_numpy().astype(np.int64)
    service = _code_index(table.column("service"), SERVICES)
    mask = (1 << SERVICE_BITS) - 1
    distinct = _distinct((units << (32 + SERVICE_BITS)) | (client << SERVICE_BITS) | service)
    out: Counts = {("rehab", name): per_unit(distinct[(distinct & mask) == k]
                                             >> (32 + SERVICE_BITS), n)
                   for k, name in enumerate(SERVICES)}
    clients = _distinct(distinct >> SERVICE_BITS)
    out[("rehab", "clients")] = per_unit(clients >> 32, n)
    return out


def outreach_counts(table: pa.Table, n: int) -> Counts:
    """Activities, people met face to face, and media reach (never added to participants)."""
    units = units_of(table)
    return {
        ("outreach", "activities"): per_unit(units, n),
        ("outreach", "participants"): per_unit(units, n, _numbers(table, "participants")),
        ("outreach", "media_reach"): per_unit(units, n, _numbers(table, "media_reach")),
    }


def assessment_counts(table: pa.Table, n: int, present: np.ndarray,
                      recommendations: Sequence[str]) -> Counts:
    """People assessed (asesmen terpadu) per unit, each by their latest recommendation.

    A person is a distinct ``assessment_ref`` within the unit; one assessed twice in the year
    counts once, with the recommendation of the later assessment, so the recommendations add up
    to the total (as BNN publishes them: "46 orang: rawat jalan 33, rawat inap 6, proses hukum 7").
    """
    units = units_of(table).astype(np.int64)
    person = (units << 32) | table.column("assessment_ref").to_numpy().astype(np.int64)
    when = table.column("date").cast(pa.int64()).fill_null(0).to_numpy()
    order = np.lexsort((when, person))
    ordered = person[order]
    last = order[np.append(ordered[1:] != ordered[:-1], True)] if len(order) else order
    kind = _code_index(table.column("recommendation"), recommendations)[last]
    latest = units[last]
    out: Counts = {("assessments", "total"): per_unit(latest, n)}
    for k, code in enumerate(recommendations):
        out[("assessments", code)] = per_unit(latest[kind == k], n)
    out[("reporting_units", "assessments")] = reported(present)
    return out


def examination_counts(table: pa.Table, n: int, present: np.ndarray,
                       kinds: Sequence[str]) -> Counts:
    """People tested (SKHPN: letters issued) and positive results, per kind of examination."""
    units = units_of(table)
    kind = _code_index(table.column("kind"), kinds)
    tested, positive = _numbers(table, "tested"), _numbers(table, "positive")
    out: Counts = {}
    for k, code in enumerate(kinds):
        rows = kind == k
        out[("tests", code, "tested")] = per_unit(units[rows], n, tested[rows])
        out[("tests", code, "positive")] = per_unit(units[rows], n, positive[rows])
    out[("reporting_units", "tests")] = reported(present)
    return out


def community_counts(table: pa.Table, n: int, present: np.ndarray,
                     items: Sequence[str]) -> Counts:
    """What the unit formed or designated, per item: penggiat, relawan, Desa Bersinar …"""
    units = units_of(table)
    item = _code_index(table.column("item"), items)
    count = _numbers(table, "count")
    out: Counts = {("community", code): per_unit(units[item == k], n, count[item == k])
                   for k, code in enumerate(items)}
    out[("reporting_units", "community")] = reported(present)
    return out


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` is many times slower on int64 in numpy 2.4)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


@dataclass(frozen=True)
class SeizureTotals:
    """Quantity per (unit, drug, uom) that rows named, rounded per unit, ordered by (unit, drug
    code, uom code): one row per combination (0 when its rows hold no quantity).

    ``drug`` and ``uom`` are codes into ``drugs`` and ``uoms`` (the names): the read's
    dictionary codes, in the dictionary's order, so the engine groups and orders them again
    exactly as pandas grouped the categorical columns it replaced.
    """

    unit: np.ndarray  # int64 unit index
    drug: np.ndarray  # int64 code into drugs
    uom: np.ndarray  # int64 code into uoms
    quantity: np.ndarray  # float64, rounded
    drugs: list[str]
    uoms: list[str]


def seizure_key(first: np.ndarray, drug: np.ndarray, uom: np.ndarray) -> np.ndarray:
    """One int64 per (first, drug, uom), ordered as the triples are: ``first`` above bit 40."""
    return (first.astype(np.int64) << 40) | (drug << 20) | uom


def seizure_totals(table: pa.Table, decimals: int) -> SeizureTotals:
    """Quantity per (unit, drug, uom), rounded per unit: grams and tablets are never added.

    A row without a drug or a unit of measure is left out; a missing quantity adds nothing.
    The sums are :func:`group_sums`, in row order.
    """
    drug, drugs = _dictionary_codes(table.column("drug"))
    uom, uoms = _dictionary_codes(table.column("uom"))
    named = (drug >= 0) & (uom >= 0)
    key = seizure_key(units_of(table), drug, uom)
    groups = _distinct(key[named])
    ids = np.where(named, np.searchsorted(groups, key), -1)
    quantity = table.column("quantity").cast(pa.float64()).fill_null(np.nan).to_numpy()
    sums = group_sums(ids, quantity, len(groups))
    return SeizureTotals(groups >> 40, (groups >> 20) & 0xFFFFF, groups & 0xFFFFF,
                         np.round(sums, decimals), drugs, uoms)


def group_sums(ids: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """The sum of ``values`` per group id (0 … ``groups`` − 1; −1: left out), bit for bit as
    pandas' groupby sum of float64 gives it, without pandas' per-call cost (a BNNK report sums
    a handful of rows for five years).

    pandas adds a group's values in row order with Kahan compensation, skipping NaN (and
    resetting the compensation an infinite value makes NaN); when the ids never decrease and no
    value is NaN it adds each group's run with ``np.add.reduceat`` instead (pandas 3.1). Both
    are done here as pandas does them, the Kahan steps vectorised across groups: step k adds
    every group's k-th value at once.
    """
    total = np.zeros(groups, dtype=np.float64)
    if not len(ids):
        return total
    if bool(np.all(ids[1:] >= ids[:-1])) and not np.isnan(values).any():
        dropped = int(np.count_nonzero(ids < 0))  # the left-out rows come first
        kept = ids[dropped:]
        if len(kept):
            starts = np.flatnonzero(np.r_[True, kept[1:] != kept[:-1]])
            total[kept[starts]] = np.add.reduceat(values[dropped:], starts)
        return total
    compensation = np.zeros(groups, dtype=np.float64)
    counted = (ids >= 0) & ~np.isnan(values)
    ids, values = ids[counted], values[counted]
    order = np.argsort(ids, kind="stable")
    ids, values = ids[order], values[order]
    step = np.arange(len(ids)) - np.searchsorted(ids, ids, side="left")
    by_step = np.argsort(step, kind="stable")
    bounds = np.searchsorted(step[by_step], np.arange(int(step.max(initial=-1)) + 2))
    with np.errstate(invalid="ignore"):  # inf − inf: pandas' NaN compensation, reset below
        for start, end in zip(bounds[:-1], bounds[1:], strict=True):
            rows = by_step[start:end]
            group = ids[rows]
            y = values[rows] - compensation[group]
            before = total[group]
            t = before + y
            c = t - before - y
            c[np.isnan(c)] = 0.0
            compensation[group] = c
            total[group] = t
    return total


def _dictionary_codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Each value's code (-1 for none) and the strings coded, ordered as pandas orders them
    when it groups the column: a dictionary column's own codes (its categorical's), a plain
    one's sorted values."""
    if not pa.types.is_dictionary(column.type):
        distinct = pc.unique(column).drop_null()
        values = pc.take(distinct, pc.sort_indices(distinct))
        codes = pc.index_in(column, value_set=values)
        return (codes.cast(pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False),
                values.to_pylist())
    if column.num_chunks == 0:
        return np.zeros(0, dtype=np.int64), []
    encoded = (column.unify_dictionaries().combine_chunks() if column.num_chunks > 1
               else column.chunk(0))
    codes = encoded.indices.cast(pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary.to_pylist()
