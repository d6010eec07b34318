"""Everything the site's pages are made from, as one stamp: a build that changed none of it
skips the site (at national size its ~500 pages take ~2 s to render, most of a no-op build).

The stamp hashes the site's own code, templates and the report code it uses, the locked
packages, the registry, and a listing of every file under the site folder (reports, figures
files and the pages the site wrote), the publication records and the store (name, inode, size,
modification time; :mod:`helpers.common.file_state`, which also hashes by content a file
modified in the two seconds before the stamp). Kept outside the published folder
(``site.inputs.json`` in the outputs folder's ``notebooks``, beside the reports' manifests).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from helpers.common import file_state
from helpers.common.atomic import write_atomic
from helpers.common.codehash import code_digest, file_digest, tree_digest
from helpers.common.config import Paths, project_root

STAMP = Path("notebooks") / "site.inputs.json"


def site_inputs(paths: Paths, at_ns: int) -> str:
    """The stamp of what the site reads, as of ``at_ns`` (files changed since are hashed)."""
    since = file_state.since(at_ns)
    h = hashlib.sha256()
    site_code = Path(__file__).resolve().parent
    h.update(tree_digest([p for p in site_code.rglob("*") if p.suffix != ".pyc"],
                         site_code).encode())
    h.update(f"{code_digest()} {file_digest(project_root() / 'uv.lock')}\n".encode())
    h.update(tree_digest(Path(paths.reference_dir).glob("*"), Path(paths.reference_dir))
             .encode())
    for root in (paths.site_dir, Path(paths.data_dir) / "publications", paths.store_dir):
        file_state.hash_tree(h, root, since)
    return h.hexdigest()


def unchanged(paths: Paths) -> bool:
    """Whether nothing the site reads changed since :func:`remember` last ran."""
    try:
        kept = json.loads((paths.outputs_dir / STAMP).read_text(encoding="utf-8"))
        return kept["inputs"] == site_inputs(paths, int(kept["at_ns"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remember(paths: Paths) -> None:
    """Keep the stamp of what the site was just built from."""
    at = time.time_ns()
    data = {"at_ns": at, "inputs": site_inputs(paths, at)}
    write_atomic(paths.outputs_dir / STAMP, (json.dumps(data) + "\n").encode("utf-8"))
