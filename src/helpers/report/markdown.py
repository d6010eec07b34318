"""Markdown the report writes: pipe tables, and an analyst's text made safe for the report's
heading order."""

from __future__ import annotations

import re
from collections.abc import Sequence


def md_table(header: list[str], rows: list[list[str]], align: str | None = None,
             widths: Sequence[float] | None = None) -> str:
    """A pipe table; ``align`` is one letter per column (l or r).

    ``widths`` (relative, e.g. ``(4, 30, 10)``) become the separator's dash counts, which pandoc
    reads as relative column widths when a line of the table is longer than 72 characters;
    without them a table that long gets :func:`column_widths` (pandoc would give every column
    the same width, and a header word wider than its column is printed over its neighbour's).
    A shorter table keeps pandoc's automatic widths: it fits the page as it is.
    """
    align = align or "l" + "r" * (len(header) - 1)
    esc = [[c.replace("|", "\\|") for c in row] for row in [header, *rows]]
    if widths is None and max(len(" | ".join(r)) + 4 for r in esc) > PANDOC_COLUMNS:
        widths = [2 * w for w in column_widths(esc[0], esc[1:])]  # half-em steps
    if widths is not None and len(widths) != len(align):
        raise ValueError("one width per column")
    dashes = [max(3, round(w)) for w in widths] if widths else [3] * len(align)
    marks = [":" + "-" * d if a == "l" else "-" * d + ":" for a, d in zip(align, dashes,
                                                                       strict=True)]
    lines = ["| " + " | ".join(esc[0]) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in esc[1:]]
    return "\n".join(lines)


#: pandoc's ``--columns``: a pipe table with a longer line gets the separator's relative widths.
PANDOC_COLUMNS = 72
#: The PDF's text width in ems of table text (170 mm less the margins' 44 mm = 470 pt, at 8.5 pt),
#: less a cell's inset (5 pt a side) per column.
_TEXT_EMS = 470 / 8.5
_INSET_EMS = 10 / 8.5
#: DejaVu Sans advance widths in ems, roughly, by kind of character; bold is wider.
_BOLD = 1.15


def _ems(text: str, bold: bool = False) -> float:
    """About how wide ``text`` prints in the report's font, in ems."""
    width = sum(0.64 if c.isdigit() else 0.72 if c.isupper() else 0.32 if c.isspace()
                else 0.58 if c.isalpha() else 0.4 for c in text.replace("**", ""))
    return width * (_BOLD if bold or text.startswith("**") else 1)


def column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Relative column widths (in ems of table text) that keep every word inside its column.

    Each column gets at least its widest word (a header's in bold), and what the page has left
    goes to the columns whose text would otherwise wrap, in proportion to how much they would
    need to fit on one line: numbers keep narrow columns, long names the room.
    """
    cells = list(zip(*[header, *rows], strict=True))
    least = [max(max((_ems(w, bold=True) for w in column[0].split()), default=0),
                 max((_ems(w) for c in column[1:] for w in c.split()), default=0)) + _INSET_EMS
             for column in cells]
    wanted = [max(least[i], max((_ems(c) for c in column[1:]), default=0) + _INSET_EMS)
              for i, column in enumerate(cells)]
    spare = _TEXT_EMS - sum(least)
    if sum(wanted) <= _TEXT_EMS or spare <= 0:
        return wanted if sum(wanted) <= _TEXT_EMS else least
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def md_escape(text: str) -> str:
    """Text that Markdown prints as written (``*``, ``_``, ``<``, brackets … escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#~^@$!{}|])")


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
