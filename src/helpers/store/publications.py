"""The publication record of a year: what leadership announced, kept with the data.

``<data-dir>/publications/<year>.json`` is written by ``workbook publish`` and by a build given
``--correction``. It holds, per report, the figures as published (every number of the figures
file, flattened to ``figure → value`` by :func:`helpers.stats.published.flat_figures`), the
provenance they came from and the content hashes of the published files, plus the year's
corrections (Ralat) in order. It lives beside the store, not under outputs/, because it is a
fact about the data — deleting the outputs must not un-publish a year — and it is pandas-free
so the build's planning and the site can read it cheaply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers.common.atomic import write_atomic

FOLDER = "publications"
FORMAT = 1


class PublicationError(RuntimeError):
    """A publication record that cannot be read as one (never silently ignored)."""


def record_path(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / FOLDER / f"{int(year)}.json"


def read_record(data_dir: Path, year: int) -> dict[str, Any] | None:
    """The year's record, or None when the year was never published."""
    path = record_path(data_dir, year)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PublicationError(f"{path}: not a publication record ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT \
            or record.get("year") != int(year) or not isinstance(record.get("reports"), dict):
        raise PublicationError(f"{path}: not a publication record of {year} (format {FORMAT})")
    return record


def write_record(data_dir: Path, record: dict[str, Any]) -> Path:
    """Write the record atomically (a reader sees the old record or the new one)."""
    record = {"format": FORMAT, **{k: v for k, v in record.items() if k != "format"}}
    data = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return write_atomic(record_path(data_dir, record["year"]), data.encode("utf-8"))


def published_years(data_dir: Path) -> list[int]:
    """Years that have a publication record, in order."""
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit())


def unit_publication(record: dict[str, Any] | None, unit_id: str) -> dict[str, Any] | None:
    """What one report shows of its year's publication: the date and the corrections that
    changed its own figures (the ``publication`` parameter of its notebook run)."""
    if record is None or unit_id not in record["reports"]:
        return None
    corrections = [
        {"on": c["on"], "note": c["note"],
         "changes": [ch for ch in c["changes"] if ch["unit_id"] == unit_id]}
        for c in record.get("corrections", [])
        if any(ch["unit_id"] == unit_id for ch in c["changes"])
    ]
    return {"published_on": record["published_on"], "corrections": corrections}
