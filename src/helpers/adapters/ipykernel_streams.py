"""ipykernel behind one door: a kernel's stdout and stderr that skip a flush with nothing to send.

ipykernel flushes ``sys.stdout`` and ``sys.stderr`` after every request it handles and before
every reply: four flushes a cell. Each hands two callbacks to the kernel's IOPub thread and
waits for the second, even when nothing was written: ~0.13 ms of the kernel's main thread and
~0.3 ms of its CPU in all (measured in a forked kernel), ~1 ms a cell, ~35 ms (a tenth) of a
BNNK report's kernel CPU. The trick ``quiet-flush`` gives the kernel
(through ipykernel's public ``IPKernelApp.outstream_class`` setting) a stream that remembers
whether anything was written since its last flush and, when not, returns at once: that flush
would have sent nothing. What it would also have done, wait until the IOPub thread has sent the
messages queued before it, no client of the build's kernels needs: nbclient reads a cell's
outputs until the kernel's "idle" status, which that thread sends after them.

Used only with the ipykernel versions it was tested with (:data:`TESTED`) and unless
``WORKBOOK_PUBLIC_API`` turns it off (``1`` or ``all``, or a list naming ``quiet-flush`` or
``ipykernel``); otherwise the kernel keeps ipykernel's own ``OutStream``, and :func:`fallbacks`
says so for the build log. Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from helpers.adapters import versions

LIBRARY = "ipykernel"
#: The versions the trick was tested with (uv.lock): from the first, below the second.
TESTED = ((7, 4), (7, 5))
TRICKS = ("quiet-flush",)
ENV_PUBLIC_API = versions.ENV_PUBLIC_API
#: ipykernel's own stream class (its ``IPKernelApp.outstream_class`` default).
PUBLIC_STREAM = "ipykernel.iostream.OutStream"


@functools.cache
def installed_version() -> str:
    """ipykernel's installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(LIBRARY)


def in_tested_range(version: str | None = None) -> bool:
    """True when ``version`` (default: the installed one) is one the trick was tested with."""
    return versions.in_range(version if version is not None else installed_version(), TESTED)


def public_api_requested(trick: str = "quiet-flush") -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return versions.public_api_requested(trick, LIBRARY)


def fast() -> bool:
    """Whether the trick is used: a tested ipykernel and not turned off."""
    return in_tested_range() and not public_api_requested()


def fallbacks() -> list[str]:
    """What the kernels do without the trick, for the build log (empty: nothing)."""
    return versions.fallback_notes(
        f"{LIBRARY} {installed_version()}", {LIBRARY: TESTED}, in_tested_range(),
        public_api_requested(), "kernels flush their empty output streams before every reply "
        "(same reports, slower)")


def outstream_class() -> str:
    """The kernel's ``IPKernelApp.outstream_class``: this module's :class:`QuietFlushOutStream`
    where :func:`fast` allows, ipykernel's own otherwise (read in the kernel, per kernel)."""
    return f"{__name__}.QuietFlushOutStream" if fast() else PUBLIC_STREAM


def __getattr__(name: str) -> Any:
    """The stream class, made on first use (ipykernel imports it by its dotted name)."""
    if name == "QuietFlushOutStream":
        return _stream_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _stream_class() -> type:
    from ipykernel.iostream import OutStream  # lazy: see the module docstring

    class QuietFlushOutStream(OutStream):
        """ipykernel's ``OutStream``; a flush with nothing written since the last returns."""

        _written = False

        def write(self, string: str) -> int | None:
            self._written = True  # before the text is buffered: a flush racing it goes through
            return super().write(string)

        def flush(self) -> None:
            if not self._written:
                return
            self._written = False  # before flushing: what is written meanwhile flushes next
            super().flush()

    return QuietFlushOutStream
