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


_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$")
# A line of = or - under a block's first line makes that line a heading (pandoc's setext).
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def analyst_markdown(text: str) -> str:
    """An analyst's Markdown as report content: headings become bold lines, so the report's own
    heading order (and table of contents) stays intact; everything else is left as written.

    A demoted heading is a paragraph of its own (a blank line before and after): a bold line
    written directly above text would otherwise run into it as one paragraph in HTML and PDF.
    An empty heading (``##``) becomes a paragraph break, an underlined one (``Judul`` over
    ``=====``) a bold line too, since pandoc would read either as a heading of the report.
    Lines inside a fenced code block are code, never headings: they are left as written.
    """
    lines = str(text or "").strip().splitlines()
    out: list[str] = []
    own_paragraph = False  # the last line written is a demoted heading
    fence = None  # the fence (``` or ~~~) of the code block the line is in
    for i, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None or opened:
            fence = None if fence is not None and opened and opened.group(1) == fence else (
                fence or opened.group(1))
            if own_paragraph:
                out.append("")
            own_paragraph = False
            out.append(line)
            continue
        if i and _UNDERLINE.match(line) and _is_setext(lines, i - 1):
            continue  # its heading line was demoted when it was read
        match = _HEADING.match(line)
        if match is None and _is_setext(lines, i):
            match = re.match(r"\s*(.*?)\s*$", line)
        if match is not None:
            _end_paragraph(out)
            if match.group(1):
                out.append(f"**{match.group(1)}**")
            own_paragraph = bool(match.group(1))
            continue
        if own_paragraph and line.strip():
            out.append("")
        own_paragraph = False
        out.append(line)
    return "\n".join(out).strip()


def _is_setext(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` is a heading underlined by the next line: the first line of a block
    (pandoc reads a later line of a paragraph with its underline as text and a dash)."""
    return (i + 1 < len(lines) and bool(lines[i].strip()) and not _HEADING.match(lines[i])
            and not _FENCE.match(lines[i])
            and (i == 0 or not lines[i - 1].strip()) and bool(_UNDERLINE.match(lines[i + 1])))


def _end_paragraph(out: list[str]) -> None:
    if out and out[-1].strip():
        out.append("")
