"""The two questions every adapter asks: is the installed library a version its internals were
tested with, and has ``WORKBOOK_PUBLIC_API`` turned a trick off? Standard library only."""

from __future__ import annotations

import os
import re

ENV_PUBLIC_API = "WORKBOOK_PUBLIC_API"
Release = tuple[int, ...]


def release(version: str) -> Release:
    """``"3.11.2"`` → ``(3, 11, 2)``; a pre-release suffix ends the number (``3.12.0rc1``)."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def in_range(version: str, tested: tuple[Release, Release]) -> bool:
    """True when ``version`` is at least ``tested[0]`` and below ``tested[1]``."""
    return tested[0] <= release(version) < tested[1]


def public_api_requested(trick: str, library: str) -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off: ``1``/``all`` turns everything
    off; otherwise a comma-separated list of trick or library names (tests and the bench)."""
    value = os.environ.get(ENV_PUBLIC_API, "").strip().lower()
    if value in ("", "0", "no", "false"):
        return False
    if value in ("1", "yes", "true", "all"):
        return True
    names = {name.strip() for name in value.split(",")}
    return trick in names or library in names


def fallback_notes(found: str, tested: dict[str, tuple[Release, Release]], in_tested: bool,
                   off: bool, without: str) -> list[str]:
    """An adapter's line for the build log (empty: its trick is in use): the installed
    versions ``found`` outside ``tested`` (library → its tested range), or
    ``WORKBOOK_PUBLIC_API`` turning it off; ``without`` says what the build does instead."""
    if not in_tested:
        ranges = ", ".join(f"{'' if len(tested) == 1 else name + ' '}>="
                           f"{'.'.join(map(str, low))},<{'.'.join(map(str, high))}"
                           for name, (low, high) in tested.items())
        return [f"{found} {'is ' if len(tested) == 1 else ''}outside the tested range "
                f"({ranges}): {without}"]
    if off:
        return [f"{ENV_PUBLIC_API}: {without}"]
    return []
