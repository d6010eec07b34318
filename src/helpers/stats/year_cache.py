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
RACY_SECONDS = 2.0


def cache_dir(store: Store) -> Path:
    return store.root.joinpath(*FOLDER)


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
    """
    if root is not None and len(subtree()) <= 1:
        # A unit with none below it (a BNNK): its own seven slices are read faster than the
        # year's key is taken (a stat of every slice of the year: ~15 ms at national size).
        return compute(root)
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
