"""A plain-text table's column widths, written into the Typst source so Typst lays each cell out
once.

Typst sizes an ``auto`` column by laying out each of its cells to measure it and then again at
the width found: ~15 % of a BNNK report's Typst time. pandoc's Typst writer leaves a table it
did not size (``columns: 4``) to Typst; here, a table whose cells are words, numbers and bold
gets the widths Typst would find: each cell's advances and only the kerning that widens a pair,
in the table's font and size (:mod:`helpers.render.font_widths`), plus its inset. A column is
never narrower than Typst's own (no cell wraps that would not have) and at most about a point
wider. A table with anything else in a cell (code, a link, a quote, a line break, a span), a
character not measured, or wider than the page is left to Typst.

Done on pandoc's Typst output rather than in ``typst.lua``: handing every cell to Lua cost
pandoc as much as Typst saved. pandoc writes a table one row a line (``wrap-none``); a line of
any other shape leaves its table as it is.
"""

from __future__ import annotations

import math
import re

from helpers.render.font_widths import faces

# What templates/report.typ sets for a table (tests/render/test_typst_columns.py reads them
# there): an A4 page's width less 22 mm margins each side, the cells' 8.5 pt text and 5 pt
# inset each side. SLACK covers rounding.
TEXT_WIDTH = 595.2756 - 2 * 22 * 72 / 25.4
CELL_SIZE = 8.5
CELL_INSET = 2 * 5
SLACK = 0.25

_TABLE = re.compile(r"#table\(\n( +)columns: ([0-9]+),\n")
#: A line opening or closing a raw block (pandoc writes a code block as one): what is inside is
#: printed as it is, whatever it looks like.
_FENCE = re.compile(r"^[ \t]*(`{3,})", re.MULTILINE)
#: Typst's markup shorthands pandoc writes (dashes, ellipsis, non-breaking space) and what they
#: print; a hyphen before a digit prints as a minus sign where it starts a token (after a space,
#: at the start of the cell), not inside a word ("P-21", "2019-2023").
_SHORTHANDS = (("---", "\u2014"), ("--", "\u2013"), ("-?", ""), ("...", "\u2026"),
               ("~", "\u00a0"))
_DIGITS = frozenset("0123456789")
#: Markup that is not plain text when not escaped: strong/emph, raw, math, labels, references,
#: quotes (smart quotes), brackets, comments.
_MARKUP = frozenset("*_`$<>@\"'[")


def _content(text: str, i: int, face: str, runs: list[list[str]]) -> int | None:
    """Read a cell's content from ``text[i]`` to its closing bracket into ``runs`` ([face,
    text] pairs); the index after the bracket, or None if it is not plain text."""
    token_start = True  # where Typst's lexer starts a token: a hyphen before a digit is a minus
    while i < len(text):
        char = text[i]
        if char == "]":
            return i + 1
        if char == "\\":
            if i + 1 >= len(text) or text[i + 1].isspace():
                return None  # a line break
            printed, i, token_start = text[i + 1], i + 2, True
        elif text.startswith("#strong[", i):
            end = _content(text, i + 8, "bold", runs)
            if end is None:
                return None
            i, token_start = end, True
            continue
        elif char == "#" or char in _MARKUP or text.startswith(("//", "/*"), i):
            return None
        else:
            for short, long in _SHORTHANDS:
                if text.startswith(short, i):
                    printed, i, token_start = long, i + len(short), True
                    break
            else:
                after = text[i + 1] if i + 1 < len(text) else ""
                minus = char == "-" and after in _DIGITS and token_start
                printed, i, token_start = ("\u2212" if minus else char), i + 1, char.isspace()
        if runs and runs[-1][0] == face:
            runs[-1][1] += printed
        else:
            runs.append([face, printed])
    return None


def _row(text: str, face: str) -> list[float] | None:
    """The widths (points) of a row's cells: ``[a], [b], [c],``; None if not plain text."""
    fonts = faces()
    scale = CELL_SIZE / fonts["regular"].units_per_em
    widths, i = [], 0
    while i < len(text):
        if text[i] != "[":
            return None
        runs: list[list[str]] = []
        i = _content(text, i + 1, face, runs)
        if i is None:
            return None
        units = 0
        for run_face, run in runs:
            found = fonts[run_face].width(run)
            if found is None:
                return None
            units += found
        widths.append(units * scale)
        if text.startswith(", ", i):
            i += 2
        elif text[i:] == ",":
            i += 1
        else:
            return None
    return widths


def _widths(lines: list[str], columns: int) -> list[float] | None:
    """The columns' widths (points) for a table's lines after ``columns:``, up to its end."""
    widest = [0.0] * columns
    for line in lines:
        if line.startswith(("align: (", "table.hline(")) and line.endswith("),"):
            continue
        if line.startswith("table.header(") and line.endswith("),"):
            widths = _row(line[len("table.header("):-2], "bold")
        elif line.startswith("table.footer(") and line.endswith("),"):
            widths = _row(line[len("table.footer("):-2], "regular")
        else:
            widths = _row(line, "regular")
        if widths is None or len(widths) != columns:
            return None
        widest = [max(a, b) for a, b in zip(widest, widths, strict=True)]
    sized = [math.ceil((w + CELL_INSET + SLACK) * 100) / 100 for w in widest]
    return sized if columns and sum(sized) <= TEXT_WIDTH else None


def _raw_blocks(source: str) -> list[tuple[int, int]]:
    """Where the raw blocks are: (start, end) offsets, a fence closing the one of its length."""
    spans, opened = [], None
    for fence in _FENCE.finditer(source):
        if opened is None:
            opened = fence
        elif len(fence[1]) == len(opened[1]):
            spans.append((opened.start(), fence.end()))
            opened = None
    if opened is not None:
        spans.append((opened.start(), len(source)))
    return spans


def with_measured_columns(source: str) -> str:
    """``source`` (pandoc's Typst) with every plain-text ``auto`` table's columns sized."""
    out, done = [], 0
    raw = _raw_blocks(source) if "```" in source else []
    for match in _TABLE.finditer(source):
        if any(start <= match.start() < end for start, end in raw):
            continue  # a code block that shows a table's source
        indent, columns = match[1], int(match[2])
        end = source.find(f"\n{indent[:-2]})", match.end() - 1)
        if end < 0:
            continue
        widths = _widths([line[len(indent):] if line.startswith(indent) else "\0"
                          for line in source[match.end():end].split("\n")], columns)
        if widths is None:
            continue
        out += [source[done:match.start()], f"#table(\n{indent}columns: (",
                ", ".join(f"{w:.2f}pt" for w in widths), "),\n"]
        done = match.end()
    return "".join(out) + source[done:] if out else source
