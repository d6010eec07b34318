"""The build's run log: ``logs/<start>-<runs hash>.jsonl`` in the outputs folder.

A ``{"note": …}`` line per note on the build as a whole (a library speed-up it ran without),
then one JSON line per run (ok, failed, skipped). The short hash of the runs keeps logs of
builds started the same second in separate province jobs apart, so their outputs merge without
conflict; a second build of the same runs within that second (a no-op answered from its stamp)
gets ``-2``, ``-3`` … rather than replacing the first one's log. Standard library only: a no-op
writes it without importing the build's machinery.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from helpers.common.atomic import write_atomic


def write_run_log(outputs_dir: Path, started_at: datetime,
                  records: Sequence[Mapping[str, Any]], notes: Iterable[str] = ()) -> Path:
    """Write the log of one build: its notes, then each run's record (``unit``, ``year`` …)."""
    token = hashlib.sha256(",".join(f"{r['year']}/{r['unit']}" for r in records).encode())
    base = f"{started_at.strftime('%Y%m%dT%H%M%SZ')}-{token.hexdigest()[:8]}"
    folder = Path(outputs_dir) / "logs"
    name, n = f"{base}.jsonl", 1
    while (folder / name).exists():
        n += 1
        name = f"{base}-{n}.jsonl"
    lines = [json.dumps({"note": note}, ensure_ascii=False) for note in notes]
    lines += [json.dumps(dict(r), ensure_ascii=False) for r in records]
    return write_atomic(folder / name, ("\n".join(lines) + "\n").encode("utf-8"))
