"""The engine's figures of a whole year, kept beside the store, so reports stop re-reading it.

BNN RI's report needs every unit's figures for five years (its figures file, trend and sub-unit
comparison), a BNNP's its province's: at national size (220 units) that is ~7,700 slice files
read and counted per BNN RI report, ~4 s of its kernel, and the same years again for every year's
report. The engine's result for a whole year is a pure function of the year's slices, the
registry's hierarchy of that year, the vocabularies it counts by and the code; this module keeps
it as one JSON file per year (``<store>/_cache/figures/<year>-<key>.json``), written by the
report that computed every unit of the year, read by any later report whose subtree lies in it.

The key is taken while the store is held still for the read (:meth:`Store.reading`): the code
digest, the year's units and parents, the vocabularies' codes, and for every slice file of the
year its name, inode, size and modification and change times (what git's index trusts): a
replaced slice (every write is an ``os.replace``, a new inode), a hand-copied one, a new or
removed slice, a moved unit or edited code each give another key, and so a fresh computation. A
cache file is data, never code (JSON), and a broken or unreadable one is ignored and replaced.

A report below BNN RI also keeps its own subtree's figures of each year it computed
(``<store>/_cache/figures/units/<year>-<unit_id>.json``, the key inside), under a key of the same
kind taken over the subtree's slices only (a BNNK: its seven): a BNNK's report computes five
years and every one of them is also in four other reports' trends, so each unit's year is
counted once per store version instead of up to five times, and read back for the price of a
few stats.

File times are coarse (a few ms), and a freed inode number is reused: a slice rewritten within
one tick of the last write, to the same size, could show the same stat. So, as git does with
its index, a year whose newest slice is younger than :data:`RACY_SECONDS` is computed but not
kept: any later rewrite then has a later time than every slice a kept key saw.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from helpers.common.atomic import write_atomic
from helpers.common.codehash import code_digest
from helpers.reference.registry import Registry
from helpers.store.slices import Store

#: The tables the engine counts (a slice of another table does not change a year's figures).
ENGINE_TABLES = ("cases", "seizures", "rehab", "outreach", "assessments", "tests", "community")
FOLDER = ("_cache", "figures")
SUBTREES = "units"  # the subtrees' files, in a folder of the cache
RACY_SECONDS = 2.0


def cache_dir(store: Store) -> Path:
    return store.root.joinpath(*FOLDER)


def subtree_key(store: Store, registry: Registry, year: int, units: Sequence[str],
                vocab_codes: dict[str, list[str]]) -> tuple[str, int]:
    """:func:`year_key` over a subtree: the code digest, these units (registry order) and their
    parents, the vocabularies' codes, and each of their slices' stat (or its absence); call it
    holding ``store.reading()``."""
    h, newest = hashlib.sha256(), 0
    h.update(code_digest().encode())
    h.update(json.dumps([[(u, registry.parent(u, year)) for u in units], vocab_codes],
                        sort_keys=True).encode())
    for table in ENGINE_TABLES:
        folder = os.path.join(store.root, table, str(int(year)))
        entries = []
        for unit_id in units:
            try:
                s = os.stat(os.path.join(folder, f"{unit_id}.parquet"))
            except (FileNotFoundError, NotADirectoryError):
                continue
            entries.append((unit_id, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns))
            newest = max(newest, s.st_mtime_ns, s.st_ctime_ns)
        h.update(f"{table}\0{entries!r}\n".encode())
    return h.hexdigest()[:32], newest


def _subtree_path(store: Store, year: int, root: str) -> Path:
    return cache_dir(store) / SUBTREES / f"{int(year)}-{root}.json"


def read_subtree(store: Store, year: int, root: str, key: str) -> dict[str, Any] | None:
    """The figures of ``root``'s subtree in ``year`` kept under ``key``, or None."""
    try:
        found = json.loads(_subtree_path(store, year, root).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("key") != key:
        return None
    figures = found.get("figures")
    return figures if isinstance(figures, dict) else None


def write_subtree(store: Store, year: int, root: str, key: str, figures: dict[str, Any]) -> None:
    """Keep the subtree's figures (replacing the ones of an older key); as :func:`write_year`,
    a store that cannot be written is left as it is."""
    target = _subtree_path(store, year, root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps({"key": key, "figures": figures},
                                        separators=(",", ":")).encode())
    except OSError:
        return


def year_key(store: Store, registry: Registry, year: int, vocab_codes: dict[str, list[str]]
             ) -> tuple[str, int]:
    """What the year's figures depend on, hashed, and the newest time (ns) a slice of the year
    was modified or changed; call it holding ``store.reading()``."""
    h, newest = hashlib.sha256(), 0
    h.update(code_digest().encode())
    units = [(u.unit_id, registry.parent(u.unit_id, year)) for u in registry.units(year)]
    h.update(json.dumps([units, vocab_codes], sort_keys=True).encode())
    for table in ENGINE_TABLES:
        folder = store.root / table / str(int(year))
        try:
            entries = sorted(
                (e.name, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
                for e in os.scandir(folder) if e.name.endswith(".parquet")
                for s in (e.stat(follow_symlinks=True),))
        except FileNotFoundError:
            entries = []
        h.update(f"{table}\0{entries!r}\n".encode())
        newest = max([newest, *(max(e[3], e[4]) for e in entries)])
    return h.hexdigest()[:32], newest


def _path(store: Store, year: int, key: str) -> Path:
    return cache_dir(store) / f"{int(year)}-{key}.json"


def read_year(store: Store, year: int, key: str) -> dict[str, Any] | None:
    """Every unit's figures of ``year`` under ``key``, or None (not kept, or unreadable)."""
    try:
        found = json.loads(_path(store, year, key).read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def write_year(store: Store, year: int, key: str, figures: dict[str, Any]) -> None:
    """Keep the year's figures under ``key`` and drop the year's older files; a store that
    cannot be written (read-only, full) is left as it is: the cache only saves time."""
    target = _path(store, year, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps(figures, separators=(",", ":")).encode())
        for old in target.parent.glob(f"{int(year)}-*.json"):
            if old.name != target.name:
                old.unlink(missing_ok=True)
    except OSError:
        return


def cached(store: Store, registry: Registry, year: int, root: str | None,
           vocab_codes: dict[str, list[str]], compute: Callable[[str | None], dict[str, Any]],
           subtree: Callable[[], Sequence[str]]) -> dict[str, Any]:
    """The engine's figures of ``root``'s subtree (every unit: ``root=None``) for ``year``.

    From the year's cache file when its key still holds, in registry order; otherwise computed
    by ``compute(root)``, and kept when that covered the whole year (the national root or
    every unit). A unit's figures do not depend on which subtree was asked for (rolled-up
    figures only add the units below it), so a BNNP's report reads its part of the year.
    A root below BNN RI first looks for its subtree's own file, and keeps it.
    """
    if root is None or registry.parent(root, year) is None:
        return _year_cached(store, registry, year, root, vocab_codes, compute, subtree)
    with store.reading():
        wanted = list(subtree())
        if not wanted:  # the unit does not exist in the year
            return compute(root)
        key, newest = subtree_key(store, registry, year, wanted, vocab_codes)
        found = read_subtree(store, year, root, key)
        if found is not None:
            return found
        # A unit with none below it (a BNNK): its own seven slices are read faster than the
        # year's key is taken (a stat of every slice of the year: ~15 ms at national size).
        figures = (compute(root) if len(wanted) == 1 else
                   _year_cached(store, registry, year, root, vocab_codes, compute, subtree))
        if newest < (time.time() - RACY_SECONDS) * 1e9:
            write_subtree(store, year, root, key, figures)
        return figures


def _year_cached(store: Store, registry: Registry, year: int, root: str | None,
                 vocab_codes: dict[str, list[str]],
                 compute: Callable[[str | None], dict[str, Any]],
                 subtree: Callable[[], Sequence[str]]) -> dict[str, Any]:
    """:func:`cached` through the whole year's file."""
    with store.reading():
        key, newest = year_key(store, registry, year, vocab_codes)
        whole = read_year(store, year, key)
        if whole is not None:
            if root is None:
                return whole
            wanted = subtree()
            if all(u in whole for u in wanted):
                return {u: whole[u] for u in wanted}
        national = root is None or registry.parent(root, year) is None
        figures = compute(root)
        settled = newest < (time.time() - RACY_SECONDS) * 1e9
        if national and settled and len(figures) == len(registry.units(year)):
            write_year(store, year, key, figures)
        return figures
