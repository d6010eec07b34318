"""jupyter_client behind one door: whether the build may customise how kernels start and stop.

The build's kernels (:mod:`helpers.build.kernels`) are jupyter_client's, customised only
through its public extension points: a kernel provisioner (``LocalProvisioner``'s
``launch_kernel``, ``kill`` and ``cleanup``) set on the manager's public ``provisioner``
attribute before ``start_kernel``, the public ``shutdown_kernel`` and ``start_channels``
methods, and ``wait_for_ready`` built from public client calls. No private jupyter_client,
ipykernel or ``atexit`` name is used anywhere (the private method overrides they replaced were
no faster: see ``bench/README.md``).

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

from helpers.adapters import versions

LIBRARY = "jupyter-client"
#: The versions the kernel hooks were tested with (uv.lock): from the first, below the second.
TESTED = ((8, 10), (8, 11))
TRICKS = ("kernel-hooks",)
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
    if public_api_requested("kernel-hooks"):
        return [f"{ENV_PUBLIC_API}: reports run in jupyter_client's own plain kernels "
                "(same reports, slower)"]
    return []
