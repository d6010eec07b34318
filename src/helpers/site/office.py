"""What the site shows from the data folder, beside the figures files: each year's publication
record (date and corrections) and the data office's overview (submissions, refusals,
plausibility flags).

The overview needs the store (pandas); it is kept as ``<year>/kantor-data.json`` with the key it
was computed for (the store files it reads and the code), so a build that changed nothing does
not compute it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from helpers.common.atomic import write_atomic
from helpers.reference.registry import Registry
from helpers.store.publications import read_record

OVERVIEW_FILE = "kantor-data.json"
#: The tables the overview and its flags read, and how many earlier years the flags compare.
_READS = ("cases", "seizures")
_HISTORY = 5


def publication(data_dir: Path | None, year: int) -> dict[str, Any] | None:
    """The year's publication record, or None (never published, or no data folder)."""
    return read_record(data_dir, year) if data_dir is not None else None


def _store_key(store_dir: Path, year: int) -> str:
    """What the overview of ``year`` depends on, by size and change time of each file (a copy
    only recomputes it): the register and the read tables' slices of the compared years."""
    h = hashlib.sha256(str(year).encode())
    for name in ("_register.parquet", "_version.json"):
        path = store_dir / name
        if path.exists():
            st = path.stat()
            h.update(f"{name} {st.st_size} {st.st_mtime_ns}\n".encode())
    for table in _READS:
        for y in range(year - _HISTORY, year + 1):
            folder = store_dir / table / str(y)
            if folder.is_dir():
                for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                    st = entry.stat()
                    h.update(f"{table}/{y}/{entry.name} {st.st_size} {st.st_mtime_ns}\n"
                             .encode())
    from helpers.stats.figures_file import code_version

    h.update(code_version().encode())
    return h.hexdigest()


def office_overview(data_dir: Path | None, registry: Registry, year: int,
                    site_dir: Path) -> dict[str, Any] | None:
    """The data office's overview of ``year`` (see :mod:`helpers.stats.data_office`), from
    the cache beside the year's pages when the store did not change; None without a store."""
    return office_overviews(data_dir, registry, [year], site_dir).get(year)


def office_overviews(data_dir: Path | None, registry: Registry, years: list[int],
                     site_dir: Path) -> dict[int, dict[str, Any]]:
    """:func:`office_overview` of each of ``years`` (none without a store). The years whose
    cache no longer holds are computed together: their plausibility flags compare each year
    with the five before it, and one call reads each of those years' rows once, not once per
    year that compares with it."""
    store_dir = Path(data_dir) / "store" if data_dir is not None else None
    if store_dir is None or not store_dir.is_dir():
        return {}
    found: dict[int, dict[str, Any]] = {}
    keys = {year: _store_key(store_dir, year) for year in years}
    for year in years:
        try:
            cached = json.loads((site_dir / str(year) / OVERVIEW_FILE).read_text(
                encoding="utf-8"))
            if cached.get("key") == keys[year]:
                found[year] = cached["overview"]
        except (FileNotFoundError, ValueError, AttributeError):
            pass
    stale = [year for year in years if year not in found]
    if not stale:
        return found
    # Lazy: the store and the flags import pandas, which a site build otherwise never needs.
    from helpers.stats.data_office import data_office_overview
    from helpers.stats.plausibility import plausibility_flags
    from helpers.store.slices import Store

    store = Store(store_dir)
    flags = plausibility_flags(store, registry, stale)
    for year in stale:
        units = {u.unit_id for u in registry.units(year)}  # as if the year were judged alone
        overview = found[year] = data_office_overview(
            store, registry, year, [f for f in flags if f.year == year and f.unit_id in units])
        data = json.dumps({"key": keys[year], "overview": overview}, ensure_ascii=False,
                          indent=1)
        write_atomic(site_dir / str(year) / OVERVIEW_FILE, (data + "\n").encode("utf-8"))
    return found
