"""The aggregation engine: the headline figures of every unit, own and rolled up, for a year.

Every headline figure a report, its figures file or the site shows comes from
:func:`unit_figures`, for every scope: a unit's own work (``own``), the unit with every unit below
it (``rolled``), the previous year, the five-year trend, each sub-unit and the national total. A
new headline figure is added here (and its per-unit count in :mod:`.own_counts`), once.

The figures, per unit and scope (docs/architecture.md, "The figures file"): cases, suspects,
P-21, TPPU, assets in rupiah, networks and clandestine labs; seizures per drug and unit of
measure; distinct rehabilitation clients per service (IBM among them); outreach activities,
participants and media reach; people assessed (asesmen terpadu) by recommendation; people tested
and positive per kind of examination (SKHPN, tes urine); what was formed or designated per
community item (penggiat, relawan, Desa Bersinar …); and how many units reported each of the
groups a unit may leave unreported (``reporting_units``). A figure that no unit of the scope
reported is None, never 0: "did not report" and "reported none" are different facts.

How: each table of a year is read once (every slice of the year, on a few threads), only the
columns the figures use, with repeating strings dictionary-encoded and personal codes replaced by
per-slice integer codes as they are read; every unit's *own* counts are computed grouped by
unit in one vectorised step per table (:mod:`.own_counts`), and then added up the hierarchy
with a unit × unit membership matrix (unit t includes unit s when s is t or below t in that
year's hierarchy).

That last step is exact because every headline figure is additive per unit by construction:
counts and sums add; clients, assessed people and networks are distinct per unit, so one seen by
two units counts once in each and twice above them; seizure quantities are rounded to three
decimals and rupiah to whole rupiah per unit before they are added, so a parent's total equals
the sum of its sub-units' published totals to the last digit. Hence rolled = own + Σ sub-units'
rolled, exactly, with None counting as 0 (``tests/stats/test_engine.py`` checks it, and checks
every figure against a plain computation over the rows).

Rows are attributed to the unit whose slice file holds them; a slice of a unit that does not
exist in the year is not read. A slice written before a column existed (``network``, ``lab``)
reads that column as empty.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES, arrow_schema
from helpers.reference.vocab import Vocab, load_vocab
from helpers.stats import own_counts as oc
from helpers.stats import year_cache
from helpers.stats.figures_file import HEADLINE_KEYS
from helpers.stats.own_counts import REPORTED_GROUPS, UNIT
from helpers.stats.own_counts import SERVICES as SERVICES  # the rehab services, re-exported
from helpers.store.slices import Store, read_slice_file, reads_store

Scope = Literal["own", "rolled"]
QUANTITY_DECIMALS = 3

Figures = dict[str, Any]
"""One unit's headline figures for one scope: the figures file's headline keys (``cases`` …
``community``, ``reporting_units``), as :func:`unit_figures` gives them."""
UnitFigures = dict[str, dict[Scope, Figures]]
"""``{unit_id: {"own": figures, "rolled": figures}}``: what :func:`unit_figures` returns."""
FiguresOf = Callable[[int], UnitFigures]
"""year → :func:`unit_figures` of one unit's subtree (:func:`subtree_figures` makes one)."""


def scope_units(registry: Registry, unit_id: str, year: int, scope: Scope = "rolled") -> list[str]:
    """The units whose rows a figure of this scope adds up (the unit first)."""
    if scope == "own":
        return [unit_id]
    return [unit_id, *registry.descendants(unit_id, year)]


def quantity_number(value: float) -> int | float:
    """A quantity as JSON shows it: 10 for ten tablets, 307.527 for grams."""
    value = round(float(value), QUANTITY_DECIMALS)
    return int(value) if value.is_integer() else value


def store_vocab(store: Store) -> Vocab:
    """The vocabularies of the deployment the store belongs to: its data folder's own
    ``reference/`` when that holds a registry (as :class:`helpers.common.config.Paths` decides),
    else the bundled one. Recommendations, kinds of test and community items come from it."""
    own = store.root.parent / "reference"
    return load_vocab(own if (own / "units.csv").exists() else None)


def subtree_figures(store: Store, registry: Registry, unit_id: str) -> FiguresOf:
    """year → :func:`unit_figures` of ``unit_id`` and the units below it, each year computed
    once for the life of the returned function (a report asks for the same year from its
    figures file, its trend and its sub-unit comparison)."""
    return cache(lambda year: unit_figures(store, registry, year, root=unit_id))


def scope_figures(store: Store, registry: Registry, unit_id: str, year: int,
                  scope: Scope = "rolled") -> Figures:
    """One unit's headline figures for one year and scope (reads only its subtree's slices).

    A report holding :func:`subtree_figures` asks that instead; this is for a caller that wants
    one unit's figures, e.g. a notebook cell: ``scope_figures(store, registry,
    "bnnk-lubuklinggau", 2024)["tests"]["skhpn"]`` → ``{"tested": 412, "positive": 3}``, or
    ``{"tested": None, "positive": None}`` when the unit did not report its examinations.
    """
    return unit_figures(store, registry, year, root=unit_id)[unit_id][scope]


def unit_figures(store: Store, registry: Registry, year: int,
                 root: str | None = None, vocab: Vocab | None = None) -> UnitFigures:
    """``{unit_id: {"own": figures, "rolled": figures}}`` for every unit existing in ``year``.

    Units come in registry order; a unit with no slices gets zero counts, no seizures and None
    for what it did not report; a unit that does not exist in ``year`` is absent. With ``root``,
    only that unit and the units below it (what a BNNP's report needs: its slices, not the
    whole country's). ``vocab``: the vocabularies (default :func:`store_vocab`). A year computed
    for every unit is kept beside the store and read again while its slices stay as they were
    (:mod:`.year_cache`).
    """
    vocab = vocab or store_vocab(store)
    codes = {field: _codes(vocab, field)
             for field in ("recommendation", "test_kind", "community_item")}
    return year_cache.cached(
        store, registry, year, root, codes,
        lambda subtree_root: _computed_figures(store, registry, year, subtree_root, vocab),
        lambda: _subtree(registry, root, year))


def _subtree(registry: Registry, root: str | None, year: int) -> list[str]:
    """The units of ``year`` in registry order, only ``root`` and those below it with a root."""
    if root is not None and (root not in registry or not registry.get(root).exists_in(year)):
        return []
    if root is not None and not registry.children(root, year):
        return [root]  # a BNNK: no need to list the year's units
    unit_ids = [u.unit_id for u in registry.units(year)]
    if root is None:
        return unit_ids
    subtree = set(scope_units(registry, root, year, "rolled")) if root in unit_ids else set()
    return [u for u in unit_ids if u in subtree]


@reads_store  # its seven tables of one version, the store held once (not per table)
def _computed_figures(store: Store, registry: Registry, year: int, root: str | None,
                      vocab: Vocab) -> UnitFigures:
    """:func:`unit_figures` computed from the slices (no cache)."""
    unit_ids = _subtree(registry, root, year)
    n = len(unit_ids)
    index = {unit_id: i for i, unit_id in enumerate(unit_ids)}
    # pairs[t] = the units whose own figures make up unit t's rolled figures (t first).
    pairs = [(index[t], index[s]) for t in unit_ids
             for s in scope_units(registry, t, year, "rolled")]
    member = np.zeros((n, n), dtype=np.int64)
    for target, source in pairs:
        member[target, source] = 1

    counts = _own_counts(store, year, unit_ids, vocab)
    paths = list(counts)
    own = np.column_stack([counts[p] for p in paths]) if n else np.zeros((0, len(paths)),
                                                                           dtype=np.int64)
    rolled = member @ own

    totals = oc.seizure_totals(
        read_year(store, "seizures", year, unit_ids, ["drug", "uom", "quantity"],
                  ["drug", "uom"]).rows, QUANTITY_DECIMALS)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.array(unit_ids, dtype=object), kind="stable")] = np.arange(n)
    own_seizures = _own_seizure_lists(totals, n)
    rolled_seizures = (_seizure_lists(totals, pairs, rank, n) if len(pairs) > n
                       else [[dict(item) for item in items] for items in own_seizures])

    return {
        unit_id: {
            "own": _figures(paths, own[i], own_seizures[i]),
            "rolled": _figures(paths, rolled[i], rolled_seizures[i]),
        }
        for i, unit_id in enumerate(unit_ids)
    }


def _own_counts(store: Store, year: int, unit_ids: Sequence[str], vocab: Vocab) -> oc.Counts:
    """Every unit's own counts of every table, by figure path (:mod:`.own_counts`)."""
    n = len(unit_ids)
    cases = read_year(store, "cases", year, unit_ids,
                      ["suspects", "p21", "tppu", "assets_rp", "network", "lab"])
    rehab = read_year(store, "rehab", year, unit_ids, ["client_ref", "service"], ["service"],
                      codes=["client_ref"])
    outreach = read_year(store, "outreach", year, unit_ids, ["participants", "media_reach"])
    assessments = read_year(store, "assessments", year, unit_ids,
                            ["assessment_ref", "date", "recommendation"], ["recommendation"],
                            codes=["assessment_ref"])
    tests = read_year(store, "tests", year, unit_ids, ["kind", "tested", "positive"], ["kind"])
    community = read_year(store, "community", year, unit_ids, ["item", "count"], ["item"])
    return {
        **oc.case_counts(cases.rows, n),
        **oc.rehab_counts(rehab.rows, n),
        **oc.outreach_counts(outreach.rows, n),
        **oc.assessment_counts(assessments.rows, n, assessments.present,
                               _codes(vocab, "recommendation")),
        **oc.examination_counts(tests.rows, n, tests.present, _codes(vocab, "test_kind")),
        **oc.community_counts(community.rows, n, community.present,
                              _codes(vocab, "community_item")),
    }


def _codes(vocab: Vocab, field: str) -> list[str]:
    """A field's codes; the bundled ones for a deployment whose vocabulary predates the field
    (its figures file still has every key)."""
    return (vocab if field in vocab.fields else load_vocab()).codes(field)


@dataclass(frozen=True)
class YearRows:
    """The rows of one table and year (with each row's unit index in ``UNIT``), and which units
    have a slice of it at all: an empty slice is a table sent with nothing in it."""

    rows: pa.Table
    present: np.ndarray  # bool per unit


@reads_store  # every unit's slice of one version, even while an ingest commits
def read_year(store: Store, table: str, year: int, unit_ids: Sequence[str], columns: list[str],
              dictionary: Sequence[str] = (), codes: Sequence[str] = ()) -> YearRows:
    """These columns of every unit's slice of one table and year, plus the unit's index.

    Only the listed columns are decoded; ``dictionary`` columns stay dictionary-encoded, and
    ``codes`` columns are replaced by int32 codes numbering their distinct values within each
    slice (null is one value): distinct per unit without holding or hashing a whole year's
    strings at once. A column the slice was written without reads as all null. The files are
    read on a few threads (Parquet decoding releases the GIL).
    """
    spec = arrow_schema(TABLES[table])
    fields = [spec.field(c) for c in columns]
    paths = [(i, store.slice_path(table, year, u)) for i, u in enumerate(unit_ids)]
    paths = [(i, p) for i, p in paths if p.exists()]
    present = np.zeros(len(unit_ids), dtype=bool)
    present[[i for i, _ in paths]] = True

    def one(item: tuple[int, Path]) -> pa.Table:
        i, path = item
        part = read_slice_file(path, columns, dictionary)
        # A column stored with another numeric type is read as the canonical one; a column
        # the slice does not have (written before it existed) as nulls.
        for f in fields:
            k = part.schema.get_field_index(f.name)
            if k < 0:
                part = part.append_column(f, pa.nulls(part.num_rows, f.type))
                continue
            if f.name not in dictionary and part.schema.field(k).type != f.type:
                part = part.set_column(k, f, part.column(k).cast(f.type))
        part = part.select(columns)
        for name in codes:
            k = part.schema.get_field_index(name)
            encoded = pc.dictionary_encode(part.column(k), null_encoding="encode")
            part = part.set_column(k, pa.field(name, pa.int32()), pa.chunked_array(
                [chunk.indices for chunk in encoded.chunks], pa.int32()))
        return part.append_column(UNIT, pa.array(np.full(part.num_rows, i, dtype=np.int32)))

    if not paths:
        empty = [pa.field(f.name, pa.dictionary(pa.int32(), f.type) if f.name in dictionary
                          else pa.int32() if f.name in codes else f.type) for f in fields]
        return YearRows(pa.schema([*empty, pa.field(UNIT, pa.int32())]).empty_table(), present)
    if len(paths) == 1:  # a BNNK's own slice: no thread to start
        parts = [one(paths[0])]
    else:
        with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
            parts = list(pool.map(one, paths))
    return YearRows(pa.concat_tables(parts).unify_dictionaries(),
                    present)


def _own_seizure_lists(totals: oc.SeizureTotals, n: int) -> list[list[dict[str, Any]]]:
    """Each unit's own seizures list: its rounded quantities above zero, largest first.

    What :func:`_seizure_lists` gives when every unit is its own only source (a sum of one
    rounded value is that value), without its grouping: a BNNK report rolls up five years.
    """
    return _listed(totals.unit, totals.drug, totals.uom, totals.quantity, totals, n)


def _seizure_lists(totals: oc.SeizureTotals, pairs: Sequence[tuple[int, int]],
                   rank: np.ndarray, n: int) -> list[list[dict[str, Any]]]:
    """Each target unit's seizures list from its source units' rounded quantities.

    A target adds its sources' rounded quantities in unit_id order (so the float sum is the
    same whichever way the hierarchy is walked), rounds, drops what is not above zero, and lists
    the largest first (ties by drug, then uom).
    """
    if not len(totals.unit):
        return [[] for _ in range(n)]
    links = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    links = links[np.lexsort((rank[links[:, 1]], links[:, 0]))]  # by target, then unit_id
    # Each link's source rows (totals are ordered by unit): the rows each target adds up.
    counts = np.bincount(totals.unit, minlength=n)
    first = np.cumsum(counts) - counts
    sizes = counts[links[:, 1]]
    at = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    rows = np.repeat(first[links[:, 1]], sizes) + at
    target = np.repeat(links[:, 0], sizes)
    key = oc.seizure_key(target, totals.drug[rows], totals.uom[rows])
    groups = oc._distinct(key)
    sums = np.round(oc.group_sums(np.searchsorted(groups, key), totals.quantity[rows],
                                  len(groups)), QUANTITY_DECIMALS)
    return _listed(groups >> 40, (groups >> 20) & 0xFFFFF, groups & 0xFFFFF, sums, totals, n)


def _listed(units: np.ndarray, drugs: np.ndarray, uoms: np.ndarray, quantities: np.ndarray,
            names: oc.SeizureTotals, n: int) -> list[list[dict[str, Any]]]:
    """Per unit, its (drug, uom, quantity) above zero as the figures list them: largest first,
    ties by drug, then uom."""
    lists: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    kept = quantities > 0
    for unit, drug, uom, quantity in zip(units[kept].tolist(), drugs[kept].tolist(),
                                         uoms[kept].tolist(), quantities[kept].tolist(),
                                         strict=True):
        lists[unit].append({"drug": names.drugs[drug], "quantity": quantity_number(quantity),
                            "uom": names.uoms[uom]})
    for items in lists:
        items.sort(key=lambda item: (-item["quantity"], item["drug"], item["uom"]))
    return lists


def _figures(paths: Sequence[oc.Path], counts: np.ndarray,
             seizures: list[dict[str, Any]]) -> Figures:
    """One unit's figures for one scope from its counts, by path, in the file's key order.

    A group no unit of the scope reported (``reporting_units`` 0) is None in every figure."""
    nested: dict[str, Any] = {"seizures": seizures}
    unreported = {group for group in REPORTED_GROUPS
                  if counts[paths.index(("reporting_units", group))] == 0}
    for path, value in zip(paths, counts.tolist(), strict=True):
        shown = None if path[0] in unreported else int(value)
        node = nested
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = shown
    return {key: nested[key] for key in HEADLINE_KEYS}
