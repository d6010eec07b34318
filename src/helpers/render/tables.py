"""Pipe tables in a cell's Markdown output: recognised when printed, captioned as Quarto's
``tbl-cap`` captions them.

``print(df.to_markdown())`` prints a pipe table: shown as printed text it would be a block of
bars and dashes, so printed text that is nothing but pipe tables is taken as Markdown (as under
``#| output: asis``). A cell's ``#| tbl-cap:`` becomes pandoc's table caption (``: caption``
under the table), which the HTML writes as the table's ``<caption>`` and Typst as a numbered
"Tabel n" above it; the cell's ``#| label: tbl-…`` becomes the table's id.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["captioned_tables", "is_pipe_tables"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: A pipe table's header separator (``|:---|--:|``), as md_table and ``DataFrame.to_markdown``
#: write it: every line of a pipe table they write starts and ends with ``|``.
_TABLE_RULE = re.compile(r"^\s*\|(\s*:?-+:?\s*\|)+\s*$")
#: A caption pandoc reads, under or above a table.
_CAPTION = re.compile(r"^\s*(Table)?:\s", re.IGNORECASE)


def _is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|") and line.rstrip().endswith("|")


def is_pipe_tables(text: str) -> bool:
    """Whether printed text is nothing but pipe tables (``print(df.to_markdown())``)."""
    blocks = [b.splitlines() for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]
    return bool(blocks) and all(len(b) >= 2 and all(_is_table_line(x) for x in b)
                                and _TABLE_RULE.match(b[1]) for b in blocks)


def _caption(captions: Any, index: int) -> str:
    if isinstance(captions, list):
        return str(captions[index]) if index < len(captions) else ""
    return "" if captions is None or index else str(captions)


def captioned_tables(markdown: str, captions: Any, label: str = "",
                     counted: int = 0) -> tuple[str, int]:
    """``markdown`` with a caption under each pipe table (``captions``: one string for the
    cell's first table, or a list, one per table of the cell; ``counted`` tables of the cell
    came before), and the cell's table count after it. The first table gets ``label`` as its
    id, later ones ``label-2``, …; a table with a caption of its own keeps it. Tables inside
    fenced code are code."""
    lines, out, fence, i = markdown.split("\n"), [], None, 0
    while i < len(lines):
        line = lines[i]
        opened = _FENCE.match(line)
        if fence is not None or opened:
            closes = fence is not None and opened and opened.group(1)[0] == fence
            fence = None if closes else (fence or opened.group(1)[0])
            out.append(line)
            i += 1
            continue
        starts = (_is_table_line(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1])
                  and (i == 0 or not lines[i - 1].strip()))
        if not starts:
            out.append(line)
            i += 1
            continue
        end = i + 2
        while end < len(lines) and _is_table_line(lines[end]):
            end += 1
        out += lines[i:end]
        caption = " ".join(_caption(captions, counted).split())
        under = next((x for x in lines[end:] if x.strip()), "")
        above = next((x for x in reversed(lines[:i]) if x.strip()), "")
        if caption and not _CAPTION.match(under) and not _CAPTION.match(above):
            ident = label if counted == 0 else f"{label}-{counted + 1}"
            out += ["", f": {caption}" + (f" {{#{ident}}}" if label else "")]
        counted += 1
        i = end
    return "\n".join(out), counted
