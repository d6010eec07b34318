"""The per-report figures file's contract: its key order and its provenance.

The file itself is built by :func:`helpers.stats.report_figures.report_figures`, once, inside the
report's notebook run, so the ``.json`` beside a report holds exactly the numbers that report
shows; the site and other tools read it and never recompute. This module holds what the build
also needs (the key order it writes the file in, the parameters provenance may name, the years a
report depends on) and imports no pandas, so a build that only plans and hashes starts fast. The
contract is described in docs/architecture.md ("The figures file").
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from functools import cache

import helpers
from helpers.common.codehash import code_digest, notebooks_digest
from helpers.reference.registry import Registry

TREND_YEARS = 5
# Parameters that name places on the machine: never published.
LOCAL_PARAMETERS = frozenset({"data_dir", "params_dir", "outputs_dir"})


# The headline figures of one unit and scope, in order, as the engine gives them
# (helpers.stats.engine): on top (rolled up), in ``own`` and in ``previous``.
HEADLINE_KEYS = ("cases", "suspects", "p21", "tppu", "assets_rp", "networks", "labs",
                 "seizures", "rehab", "outreach", "assessments", "tests", "community",
                 "reporting_units")
KEY_ORDER = ("unit_id", "unit_name", "year", "level", "parent_id", "region_codes", "language",
             *HEADLINE_KEYS, "own", "previous", "provenance")
HEADLINE_ORDER = ("year", *HEADLINE_KEYS)


def ordered(figures: dict) -> dict:
    """The figures in the contract's key order (a notebook's JSON output comes back sorted)."""
    out = {k: figures[k] for k in KEY_ORDER if k in figures}
    for scope in ("own", "previous"):
        if isinstance(out.get(scope), dict):
            out[scope] = {k: out[scope][k] for k in HEADLINE_ORDER if k in out[scope]}
    out.update({k: v for k, v in figures.items() if k not in out})
    return out


def generation_time() -> datetime:
    """Now, or the fixed time ``SOURCE_DATE_EPOCH`` stands for (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


@cache
def code_version() -> str:
    """The package version plus a hash of the code and notebook that shape a report.

    The same code hash decides when a report is stale (:mod:`helpers.common.codehash`), so editing
    the batch runner changes neither.
    """
    h = hashlib.sha256(f"{code_digest()}\n{notebooks_digest()}".encode())
    return f"{helpers.__version__}+{h.hexdigest()[:12]}"


def data_units(registry: Registry, unit_id: str, years: range) -> list[str]:
    """Every unit whose rows a report over these years reads (the unit and its sub-units)."""
    found = {unit_id}
    for year in years:
        found.update(registry.descendants(unit_id, year))
    return sorted(found)


def public_parameters(parameters: dict) -> dict:
    """The run's parameters without local paths, for provenance."""
    return {k: v for k, v in sorted(parameters.items()) if k not in LOCAL_PARAMETERS}
