"""A build's inputs as one stamp: a build asked again with nothing changed has nothing to do.

The content hashes of :mod:`helpers.build.incremental` decide which reports are stale, but at
national size (1,300 reports) planning and hashing every report's inputs takes ~2 s, and the
site ~2 s more. Build tools answer "nothing changed" from file stats first (make, ninja, git's
index); so does this: after a build that left nothing failed or stale, the stamp records, for
that command's options, a hash of every input's state (``helpers.common.file_state``: the
registry, params, store, publication records, the outputs folder's reports, manifests and
pages, the code, notebook, locked packages, interpreter and ``WORKBOOK_*`` settings). A build
with the same options whose stamp still matches writes its run log (every report up to date)
and stops, in a few hundred ms; any difference, or ``--force``, ``--dry-run`` or
``--correction``, and it plans and checks as always. Kept beside the manifests, never
published (``build.inputs.json`` in the outputs folder's ``notebooks``); deleting it only
costs one slower no-op.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from helpers.build.run_log import write_run_log
from helpers.common import file_state
from helpers.common.atomic import write_atomic
from helpers.common.codehash import file_digest, tree_digest
from helpers.common.config import Paths, notebook_path, project_root

STAMP = Path("notebooks") / "build.inputs.json"
#: Option sets remembered (``workbook build`` and ``workbook build --all-years`` alternate).
KEPT = 8
_SETTINGS = ("SOURCE_DATE_EPOCH",)


def options_key(options: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode()).hexdigest()


def build_inputs(paths: Paths, notebook: Path | None, at_ns: int) -> str:
    """The hash of everything a build reads, as of ``at_ns`` (see the module docstring)."""
    since = file_state.since(at_ns)
    h = hashlib.sha256()
    helpers_dir = Path(__file__).resolve().parents[1]
    h.update(tree_digest([p for p in helpers_dir.rglob("*") if p.suffix != ".pyc"],
                         helpers_dir).encode())
    root = project_root()
    settings = {k: v for k, v in os.environ.items()
                if k.startswith("WORKBOOK_") or k in _SETTINGS}
    h.update(json.dumps([file_digest(Path(notebook or notebook_path())),
                         file_digest(root / "uv.lock"), sys.implementation.name,
                         platform.python_version(), settings], sort_keys=True).encode())
    for folder in (paths.reference_dir, paths.params_dir, paths.store_dir,
                   Path(paths.data_dir) / "publications", paths.site_dir,
                   paths.outputs_dir / "failed"):
        file_state.hash_tree(h, Path(folder), since)
    file_state.hash_tree(h, paths.outputs_dir / "notebooks", since, skip=[STAMP.name])
    return h.hexdigest()


def _read(paths: Paths) -> dict[str, Any]:
    try:
        kept = json.loads((paths.outputs_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def unchanged(paths: Paths, options: Mapping[str, Any], notebook: Path | None
              ) -> dict[str, Any] | None:
    """What the last build with these options recorded (its run log lines, the placeholder
    count), when nothing it read changed since; else None."""
    entry = _read(paths).get(options_key(options))
    try:
        if entry and entry["inputs"] == build_inputs(paths, notebook, int(entry["at_ns"])):
            return entry
    except (KeyError, TypeError, ValueError):
        return None
    return None


def remember(paths: Paths, options: Mapping[str, Any], notebook: Path | None,
             records: Sequence[Mapping[str, Any]], placeholders: int) -> None:
    """Record the state this build left, for these options (after a build with nothing failed
    or left stale). ``records``: each report's run log line as an up-to-date one."""
    at = time.time_ns()
    kept = _read(paths)
    kept[options_key(options)] = {"at_ns": at, "inputs": build_inputs(paths, notebook, at),
                                  "records": list(records), "placeholders": placeholders}
    newest = sorted(kept.items(), key=lambda kv: -int(kv[1].get("at_ns", 0)))[:KEPT]
    write_atomic(paths.outputs_dir / STAMP,
                 (json.dumps(dict(newest), ensure_ascii=False) + "\n").encode("utf-8"))


def write_up_to_date_log(paths: Paths, started_at: datetime, entry: Mapping[str, Any],
                         notes: Sequence[str]) -> Path:
    """The run log of a build that found nothing changed: every report up to date."""
    return write_run_log(paths.outputs_dir, started_at, entry["records"], notes)
