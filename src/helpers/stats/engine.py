"""The aggregation engine: the headline figures of every unit, own and rolled up, for a year.

Every headline figure a report, its figures file or the site shows (cases, suspects, seizures
per drug and unit of measure, distinct rehabilitation clients per service, outreach activities,
participants and media reach) comes from :func:`unit_figures`, for every scope: a unit's own
work (``own``), the unit with every unit below it (``rolled``), the previous year, the five-year
trend, each sub-unit and the national total. A new headline figure is added here, once.

How: each table of a year is read once (every slice of the year, on a few threads), only the
columns the figures use, with repeating strings dictionary-encoded and client codes replaced by
per-slice integer codes as they are read; every unit's *own* figures are computed grouped by
unit in one vectorised step per table, and then added up the hierarchy with a unit × unit
membership matrix (unit t includes unit s when s is t or below t in that year's hierarchy).

That last step is exact because every headline figure is additive per unit by construction:
counts and sums add; clients are distinct per (unit, client_ref), so a client seen by two units
counts once in each and twice above them; seizure quantities are rounded to three decimals per
unit before they are added, so a parent's total equals the sum of its sub-units' published
totals to the last digit. Hence rolled = own + Σ sub-units' rolled, exactly
(``tests/stats/test_engine.py`` checks it, and checks every figure against a plain computation over
the rows).

Rows are attributed to the unit whose slice file holds them; a slice of a unit that does not
exist in the year is not read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES, arrow_schema
from helpers.store.slices import Store, read_slice_file

Scope = Literal["own", "rolled"]
SERVICES = ("rawat_jalan", "rawat_inap", "pasca_rehab")
QUANTITY_DECIMALS = 3

Figures = dict[str, Any]
"""One unit's headline figures for one scope: the figures file's ``cases``, ``suspects``,
``seizures``, ``rehab`` and ``outreach``."""
UnitFigures = dict[str, dict[Scope, Figures]]
"""``{unit_id: {"own": figures, "rolled": figures}}``: what :func:`unit_figures` returns."""
FiguresOf = Callable[[int], UnitFigures]
"""year → :func:`unit_figures` of one unit's subtree (:func:`subtree_figures` makes one)."""

UNIT = "__unit"  # the column holding a row's unit, as an index into the year's unit list
# The integer figures, in the order of the columns of the per-unit count matrix.
COUNTS = ("cases", "suspects", *SERVICES, "clients", "activities", "participants",
          "media_reach")


def scope_units(registry: Registry, unit_id: str, year: int, scope: Scope = "rolled") -> list[str]:
    """The units whose rows a figure of this scope adds up (the unit first)."""
    if scope == "own":
        return [unit_id]
    return [unit_id, *registry.descendants(unit_id, year)]


def quantity_number(value: float) -> int | float:
    """A quantity as JSON shows it: 10 for ten tablets, 307.527 for grams."""
    value = round(float(value), QUANTITY_DECIMALS)
    return int(value) if value.is_integer() else value


def subtree_figures(store: Store, registry: Registry, unit_id: str) -> FiguresOf:
    """year → :func:`unit_figures` of ``unit_id`` and the units below it, each year computed
    once for the life of the returned function (a report asks for the same year from its
    figures file, its trend and its sub-unit comparison)."""
    return cache(lambda year: unit_figures(store, registry, year, root=unit_id))


def unit_figures(store: Store, registry: Registry, year: int,
                 root: str | None = None) -> UnitFigures:
    """``{unit_id: {"own": figures, "rolled": figures}}`` for every unit existing in ``year``.

    Units come in registry order; a unit with no slices gets zero counts and no seizures, and a
    unit that does not exist in ``year`` is absent. With ``root``, only that unit and the units
    below it (what a BNNP's report needs: its slices, not the whole country's).
    """
    unit_ids = [u.unit_id for u in registry.units(year)]
    if root is not None:
        subtree = set(scope_units(registry, root, year, "rolled")) if any(
            u == root for u in unit_ids) else set()
        unit_ids = [u for u in unit_ids if u in subtree]
    n = len(unit_ids)
    index = {unit_id: i for i, unit_id in enumerate(unit_ids)}
    # pairs[t] = the units whose own figures make up unit t's rolled figures (t first).
    pairs = [(index[t], index[s]) for t in unit_ids
             for s in scope_units(registry, t, year, "rolled")]
    member = np.zeros((n, n), dtype=np.int64)
    for target, source in pairs:
        member[target, source] = 1

    own = np.zeros((n, len(COUNTS)), dtype=np.int64)
    column = {name: k for k, name in enumerate(COUNTS)}
    _cases(_read(store, "cases", year, unit_ids, ["suspects"]), own, column)
    _rehab(_read(store, "rehab", year, unit_ids, ["client_ref", "service"], ["service"],
                 codes=["client_ref"]), own, column)
    _outreach(_read(store, "outreach", year, unit_ids, ["participants", "media_reach"]),
              own, column)
    rolled = member @ own

    per_unit = _seizures_per_unit(
        _read(store, "seizures", year, unit_ids, ["drug", "uom", "quantity"], ["drug", "uom"]))
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.array(unit_ids, dtype=object), kind="stable")] = np.arange(n)
    own_seizures = _own_seizure_lists(per_unit, n)
    rolled_seizures = (_seizure_lists(per_unit, pairs, rank, n) if len(pairs) > n
                       else [[dict(item) for item in items] for items in own_seizures])

    return {
        unit_id: {
            "own": _figures(own[i], column, own_seizures[i]),
            "rolled": _figures(rolled[i], column, rolled_seizures[i]),
        }
        for i, unit_id in enumerate(unit_ids)
    }


def _read(store: Store, table: str, year: int, unit_ids: Sequence[str], columns: list[str],
          dictionary: Sequence[str] = (), codes: Sequence[str] = ()) -> pa.Table:
    """These columns of every unit's slice of one table and year, plus the unit's index.

    Only the listed columns are decoded; ``dictionary`` columns stay dictionary-encoded, and
    ``codes`` columns are replaced by int32 codes numbering their distinct values within each
    slice (null is one value): distinct per unit without holding or hashing a whole year's
    strings at once. The files are read on a few threads (Parquet decoding releases the GIL).
    """
    spec = arrow_schema(TABLES[table])
    fields = [spec.field(c) for c in columns]
    paths = [(i, store.slice_path(table, year, u)) for i, u in enumerate(unit_ids)]
    paths = [(i, p) for i, p in paths if p.exists()]

    def one(item: tuple[int, Path]) -> pa.Table:
        i, path = item
        part = read_slice_file(path, columns, dictionary)
        # A column stored with another numeric type is read as the canonical one.
        for f in fields:
            k = part.schema.get_field_index(f.name)
            if f.name not in dictionary and part.schema.field(k).type != f.type:
                part = part.set_column(k, f, part.column(k).cast(f.type))
        for name in codes:
            k = part.schema.get_field_index(name)
            encoded = pc.dictionary_encode(part.column(k), null_encoding="encode")
            part = part.set_column(k, pa.field(name, pa.int32()), pa.chunked_array(
                [chunk.indices for chunk in encoded.chunks], pa.int32()))
        return part.append_column(UNIT, pa.array(np.full(part.num_rows, i, dtype=np.int32)))

    if not paths:
        empty = [pa.field(f.name, pa.dictionary(pa.int32(), f.type) if f.name in dictionary
                          else pa.int32() if f.name in codes else f.type) for f in fields]
        return pa.schema([*empty, pa.field(UNIT, pa.int32())]).empty_table()
    with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        parts = list(pool.map(one, paths))
    return pa.concat_tables(parts).unify_dictionaries()


def _units(table: pa.Table) -> np.ndarray:
    return table.column(UNIT).to_numpy()


def _group_sums(table: pa.Table, columns: Sequence[str], n: int) -> dict[str, np.ndarray]:
    """Per unit: the number of rows (``"rows"``) and each column's sum (nulls count as 0)."""
    grouped = table.group_by(UNIT).aggregate([([], "count_all"), *((c, "sum") for c in columns)])
    units = _units(grouped)
    out = {}
    for name, source in [("rows", "count_all"), *((c, f"{c}_sum") for c in columns)]:
        values = np.zeros(n, dtype=np.int64)
        values[units] = grouped.column(source).fill_null(0).to_numpy()
        out[name] = values
    return out


def _cases(table: pa.Table, own: np.ndarray, column: dict[str, int]) -> None:
    sums = _group_sums(table, ["suspects"], len(own))
    own[:, column["cases"]] = sums["rows"]
    own[:, column["suspects"]] = sums["suspects"]


def _outreach(table: pa.Table, own: np.ndarray, column: dict[str, int]) -> None:
    sums = _group_sums(table, ["participants", "media_reach"], len(own))
    own[:, column["activities"]] = sums["rows"]
    own[:, column["participants"]] = sums["participants"]
    own[:, column["media_reach"]] = sums["media_reach"]


def _rehab(table: pa.Table, own: np.ndarray, column: dict[str, int]) -> None:
    """Distinct clients per (unit, service), and per unit (a client in two services counts once).

    ``client_ref`` holds per-slice codes (see :func:`_read`), so (unit, client, service) packs
    into one int64: the unit above bit 34, the client code in bits 2–33, the service in bits
    0–1 (0–2 for SERVICES, 3 for any other value or none, which counts only in the total).
    """
    n = len(own)
    units = _units(table).astype(np.int64)
    client = table.column("client_ref").to_numpy().astype(np.int64)
    service = pc.index_in(table.column("service"), value_set=pa.array(SERVICES))
    service = service.fill_null(len(SERVICES)).to_numpy().astype(np.int64)
    distinct = _distinct((units << 34) | (client << 2) | service)
    for k, name in enumerate(SERVICES):
        own[:, column[name]] = np.bincount(distinct[(distinct & 3) == k] >> 34, minlength=n)
    clients = _distinct(distinct >> 2)
    own[:, column["clients"]] = np.bincount(clients >> 32, minlength=n)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` is many times slower on int64 in numpy 2.4)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _seizures_per_unit(table: pa.Table) -> pd.DataFrame:
    """Quantity per (unit, drug, uom), rounded per unit: grams and tablets are never added.

    A row without a drug or a unit of measure is left out.
    """
    frame = table.to_pandas()
    return (frame.groupby([UNIT, "drug", "uom"], observed=True)["quantity"].sum()
            .round(QUANTITY_DECIMALS).reset_index())


def _own_seizure_lists(per_unit: pd.DataFrame, n: int) -> list[list[dict[str, Any]]]:
    """Each unit's own seizures list: its rounded quantities above zero, largest first.

    What :func:`_seizure_lists` gives when every unit is its own only source (a sum of one
    rounded value is that value), without its merge and group sums: a BNNK report rolls up five
    years, and each roll-up used to spend most of its time here.
    """
    lists: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    if per_unit.empty:
        return lists
    kept = per_unit[per_unit["quantity"] > 0]
    for unit, drug, uom, quantity in zip(kept[UNIT].to_numpy().tolist(),
                                         kept["drug"].astype(str).tolist(),
                                         kept["uom"].astype(str).tolist(),
                                         kept["quantity"].to_numpy().tolist(), strict=True):
        lists[unit].append({"drug": drug, "quantity": quantity_number(quantity), "uom": uom})
    for items in lists:
        items.sort(key=lambda item: (-item["quantity"], item["drug"], item["uom"]))
    return lists


def _seizure_lists(per_unit: pd.DataFrame, pairs: Sequence[tuple[int, int]], rank: np.ndarray,
                   n: int) -> list[list[dict[str, Any]]]:
    """Each target unit's seizures list from its source units' rounded quantities.

    A target adds its sources' rounded quantities in unit_id order (so the float sum is the
    same whichever way the hierarchy is walked), rounds, drops what is not above zero, and lists
    the largest first (ties by drug, then uom).
    """
    lists: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    if per_unit.empty:
        return lists
    links = pd.DataFrame(pairs, columns=["target", UNIT])
    links["rank"] = rank[links[UNIT].to_numpy()]
    joined = links.merge(per_unit, on=UNIT).sort_values(["target", "rank"], kind="stable")
    total = (joined.groupby(["target", "drug", "uom"], observed=True)["quantity"].sum()
             .round(QUANTITY_DECIMALS).reset_index())
    total = total[total["quantity"] > 0]
    total = pd.DataFrame({"target": total["target"].to_numpy(),
                          "drug": total["drug"].astype(str).to_numpy(dtype=object),
                          "uom": total["uom"].astype(str).to_numpy(dtype=object),
                          "quantity": total["quantity"].to_numpy()})
    total = total.sort_values(["target", "quantity", "drug", "uom"],
                              ascending=[True, False, True, True], kind="stable")
    for target, drug, uom, quantity in total.itertuples(index=False):
        lists[target].append({"drug": drug, "quantity": quantity_number(quantity), "uom": uom})
    return lists


def _figures(counts: np.ndarray, column: dict[str, int],
             seizures: list[dict[str, Any]]) -> Figures:
    value = {name: int(counts[k]) for name, k in column.items()}
    return {
        "cases": value["cases"],
        "suspects": value["suspects"],
        "seizures": seizures,
        "rehab": {**{s: value[s] for s in SERVICES}, "clients": value["clients"]},
        "outreach": {k: value[k] for k in ("activities", "participants", "media_reach")},
    }
