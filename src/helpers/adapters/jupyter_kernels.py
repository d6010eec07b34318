"""jupyter_client behind one door: whether the build may customise how kernels start and stop.

The build's kernels (:mod:`helpers.build.kernels`) are jupyter_client's, customised only
through its public extension points: a kernel provisioner (``LocalProvisioner``'s
``launch_kernel``, ``kill`` and ``cleanup``) set on the manager's public ``provisioner``
attribute before ``start_kernel``, the public ``shutdown_kernel`` and ``start_channels``
methods, and ``wait_for_ready`` built from public client calls. No private jupyter_client,
ipykernel or ``atexit`` name is used for them (the private method overrides they replaced were
no faster: see ``bench/README.md``). One private name is, by the worker's clients, here only:
``jsonutil._dateutil_parse``, the messages' date parser (trick ``iso-dates``,
:func:`install_date_parser`), turned off by ``WORKBOOK_PUBLIC_API`` naming ``iso-dates``.
The worker's clients read a message already queued without awaiting it (trick
``direct-recv``: :mod:`helpers.build.kernel_channels`, public names only, a
``*_channel_class`` setting of the client), turned off by naming ``direct-recv``.

Public, but their interplay (that ``start_kernel`` keeps a provisioner set beforehand, that
nbclient stops a kernel only through ``shutdown_kernel``, what the kernel publishes while it
starts) is what was tested, with the versions in :data:`TESTED`. Outside them, or when
``WORKBOOK_PUBLIC_API`` turns ``kernel-hooks`` off (``1`` or ``all``: everything; or a
comma-separated list naming ``kernel-hooks`` or ``jupyter-client``), the build runs
jupyter_client's own ``AsyncKernelManager`` and client, unmodified: plain kernels (the same
reports, several times the CPU), and :func:`fallbacks` says so for the build log. Importing this
module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
from datetime import datetime
from typing import Any

from helpers.adapters import versions

LIBRARY = "jupyter-client"
#: The versions the kernel hooks were tested with (uv.lock): from the first, below the second.
TESTED = ((8, 10), (8, 11))
TRICKS = ("kernel-hooks", "iso-dates", "direct-recv")
ENV_PUBLIC_API = versions.ENV_PUBLIC_API


@functools.cache
def installed_version() -> str:
    """jupyter_client's installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(LIBRARY)


def in_tested_range(version: str | None = None) -> bool:
    """True when ``version`` (default: the installed one) is one the hooks were tested with."""
    return versions.in_range(version if version is not None else installed_version(), TESTED)


def public_api_requested(trick: str) -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return versions.public_api_requested(trick, LIBRARY)


def fast(trick: str = "kernel-hooks") -> bool:
    """Whether ``trick`` is used: a tested jupyter_client and not turned off."""
    return in_tested_range() and not public_api_requested(trick)


def fallbacks() -> list[str]:
    """What the build's kernels do without the hooks, for the build log (empty: nothing)."""
    low, high = (".".join(map(str, v)) for v in TESTED)
    if not in_tested_range():
        return [f"jupyter-client {installed_version()} is outside the tested range "
                f"(>={low},<{high}): reports run in jupyter_client's own plain kernels "
                "(same reports, slower)"]
    notes = []
    if public_api_requested("kernel-hooks"):
        notes.append(f"{ENV_PUBLIC_API}: reports run in jupyter_client's own plain kernels "
                     "(same reports, slower)")
    elif public_api_requested("direct-recv"):  # plain kernels read with their own channels
        notes.append(f"{ENV_PUBLIC_API}: every kernel message is awaited through ZeroMQ's "
                     "poller (same reports, slower)")
    if public_api_requested("iso-dates"):
        notes.append(f"{ENV_PUBLIC_API}: the kernels' message dates are parsed by dateutil "
                     "(same reports, slower)")
    return notes


# ------------------------------------------------------------ iso-dates: a private name


def install_date_parser() -> bool:
    """Let jupyter_client parse the messages' dates with :func:`parse_iso_date` where
    :func:`fast` allows ``iso-dates``, with dateutil otherwise (idempotent). True when in use.

    Every message a worker reads has its header's and its parent's dates parsed by
    ``extract_dates``, through dateutil's ``isoparse`` (~10 ms of a report's worker CPU): the
    module-level name ``jupyter_client.jsonutil._dateutil_parse`` (private) is pointed at
    :func:`parse_iso_date`, which gives the same datetimes.
    """
    from jupyter_client import jsonutil  # lazy: see the module docstring

    public = _PUBLIC_PARSE.setdefault("isoparse", jsonutil._dateutil_parse)
    use = fast("iso-dates")
    jsonutil._dateutil_parse = parse_iso_date if use else public
    return use


_PUBLIC_PARSE: dict[str, Any] = {}


def parse_iso_date(text: str) -> Any:
    """dateutil's ``isoparse`` for what jupyter_client hands it (strings matching its
    ``ISO8601_PAT``): Python's ``datetime.fromisoformat``, the offset as dateutil's own tzinfo
    (``tz.UTC`` or ``tzoffset``), so the datetime is equal and alike; dateutil for anything
    Python reads differently or not at all (``24:00``)."""
    from dateutil import tz  # lazy: jupyter_client's own dependency

    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return _PUBLIC_PARSE["isoparse"](text)
    offset = parsed.utcoffset()
    if offset is None:
        return parsed
    return parsed.replace(tzinfo=tz.UTC if not offset else
                          tz.tzoffset(None, int(offset.total_seconds())))
