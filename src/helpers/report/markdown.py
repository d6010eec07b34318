"""Markdown the report writes: pipe tables, and an analyst's text made safe for the report's
heading order."""

from __future__ import annotations

import re
from collections.abc import Sequence


def md_table(header: list[str], rows: list[list[str]], align: str | None = None,
             widths: Sequence[int] | None = None) -> str:
    """A pipe table; ``align`` is one letter per column (l or r).

    ``widths`` (relative, e.g. ``(4, 30, 10)``) become the separator's dash counts, which pandoc
    reads as relative column widths when the table is wider than a line, so long unit and
    indicator names get room instead of wrapping word by word.
    """
    align = align or "l" + "r" * (len(header) - 1)
    dashes = [max(3, w) for w in widths] if widths else [3] * len(align)
    marks = [":" + "-" * d if a == "l" else "-" * d + ":" for a, d in zip(align, dashes,
                                                                       strict=True)]
    esc = [[c.replace("|", "\\|") for c in row] for row in [header, *rows]]
    lines = ["| " + " | ".join(esc[0]) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in esc[1:]]
    return "\n".join(lines)


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def analyst_markdown(text: str) -> str:
    """An analyst's Markdown as report content: headings become bold lines, so the report's own
    heading order (and table of contents) stays intact; everything else is left as written."""
    lines = []
    for line in str(text or "").strip().splitlines():
        match = _HEADING.match(line)
        lines.append(f"**{match.group(1)}**" if match else line)
    return "\n".join(lines)
