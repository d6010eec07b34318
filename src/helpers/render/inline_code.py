"""Quarto's inline code in Markdown cells, `` `{python} expr` ``, and its values in the report.

An analyst writes "Pada tahun `` `{python} year` `` …" as in a Quarto document; as Quarto does
with the Jupyter engine, the expression is evaluated in the report's kernel, in the namespace as
it stands at that Markdown cell (after the code cells above it), and its value is written as
text in the report's number formats. The committed notebook is not changed, so Quarto still
renders it. The build does it in three steps, each here:

1. before execution, :func:`add_inline_cells` puts after each Markdown cell with inline code a
   code cell (tagged :data:`INLINE_TAG`) that evaluates its expressions in the kernel
   (:mod:`helpers.report.inline_values`) and displays their values as one output; a notebook
   without inline code gets no cell and costs no kernel round trip;
2. after execution, :func:`fold_inline_cells` moves those values into the Markdown cell's
   metadata and removes the added cells, so the executed, failed and published notebooks hold
   the analyst's cells only (and cell numbers stay the analyst's);
3. the renderer writes each value in place of its code (:func:`substituted`); a failed
   expression is shown as the expression in code font with "?", and named in a warning.

Only code spans count, found as CommonMark finds them: a run of backticks closed by the next run
of the same length in the same paragraph; ``\\``` is a backtick, not code; fenced code blocks
are code, left as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode, v4

from helpers.report.mimetypes import INLINE_MIME

__all__ = ["INLINE_TAG", "InlineCode", "add_inline_cells", "fold_inline_cells", "inline_code",
           "substituted"]

#: The tag of the code cells :func:`add_inline_cells` adds (never in the analyst's notebook).
INLINE_TAG = "workbook-inline"
_PREFIX = re.compile(r"^\{python\}\s+(\S.*?)\s*$", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPECIAL = re.compile(r"[`\\]")  # where a code span or an escape may start
_BACKTICKS = re.compile(r"`+")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_KERNEL_CALL = ('__import__("helpers.report.inline_values").report.inline_values'
                ".display_inline_values({expressions!r}, globals())")


@dataclass(frozen=True)
class InlineCode:
    """One `` `{python} expr` `` of a Markdown text: where it is (``text[start:end]``) and its
    expression."""

    start: int
    end: int
    expression: str


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    """The character ranges of fenced code blocks (an unclosed fence runs to the end)."""
    blocks, offset, opened = [], 0, None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if opened is None and match:
            opened = (offset, match.group(1))
        elif opened is not None and match and match.group(1)[0] == opened[1][0] \
                and len(match.group(1)) >= len(opened[1]) and not line[match.end():].strip():
            blocks.append((opened[0], offset + len(line)))
            opened = None
        offset += len(line)
    if opened is not None:
        blocks.append((opened[0], len(text)))
    return blocks


def _closing(text: str, start: int, run: int, limit: int) -> int | None:
    """Where the run of exactly ``run`` backticks closing a code span opened before ``start``
    begins, if the span closes before ``limit`` (the paragraph's end)."""
    closer = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
    match = closer.search(text, start, limit)
    return match.start() if match else None


def _expression(content: str) -> str | None:
    """The expression of a code span's content if it is inline code (`` {python} expr ``).

    As CommonMark reads a code span: line endings are spaces, and one space is stripped from
    each side when both have one (so ``` `` `{python} "`"` `` ``` can hold a backtick)."""
    content = content.replace("\r\n", " ").replace("\n", " ")
    if len(content) > 2 and content[0] == " " and content[-1] == " " and content.strip():
        content = content[1:-1]
    match = _PREFIX.match(content)
    return match.group(1) if match else None


def inline_code(text: str) -> list[InlineCode]:
    """Every `` `{python} expr` `` of a Markdown text, in order (none inside fenced code)."""
    found: list[InlineCode] = []
    blocks = _fenced_blocks(text)
    i, n = 0, len(text)
    # A code span ends in its paragraph: at the next blank line or fenced block.
    ends = sorted([m.start() for m in _BLANK_LINE.finditer(text)] + [b[0] for b in blocks] + [n])
    while (special := _SPECIAL.search(text, i)) is not None:
        i = special.start()
        block = next((b for b in blocks if b[0] <= i < b[1]), None)
        if block is not None:
            i = block[1]
            continue
        if text[i] == "\\":
            i += 2 if i + 1 < n and text[i + 1] in _ESCAPABLE else 1
            continue
        run = _BACKTICKS.match(text, i).end() - i
        close = _closing(text, i + run, run, ends[bisect.bisect_right(ends, i)])
        if close is None:
            i += run
            continue
        expression = _expression(text[i + run:close])
        if expression is not None:
            found.append(InlineCode(i, close + run, expression))
        i = close + run
    return found


def _source(cell: NotebookNode) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def add_inline_cells(nb: NotebookNode, skip_tags: frozenset[str] = frozenset()) -> int:
    """Put after each Markdown cell with inline code (except cells with a tag in ``skip_tags``)
    a code cell that evaluates its expressions in the kernel; how many were added."""
    cells, added = [], 0
    for cell in nb.cells:
        cells.append(cell)
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if cell.get("cell_type") != "markdown" or tags & skip_tags:
            continue
        expressions = [code.expression for code in inline_code(_source(cell))]
        if expressions:
            cells.append(v4.new_code_cell(_KERNEL_CALL.format(expressions=expressions),
                                          metadata={"tags": [INLINE_TAG]}))
            added += 1
    nb.cells = cells
    return added


def _is_inline_cell(cell: NotebookNode) -> bool:
    return INLINE_TAG in (cell.get("metadata", {}).get("tags", []) or [])


def fold_inline_cells(nb: NotebookNode, keep_failed: bool = True) -> None:
    """Move each added cell's values into the metadata of the Markdown cell before it
    (``metadata.workbook.inline``; any other output it had is named under ``unshown``), and
    remove it. A cell that failed stays, so that papermill reports the failure — unless the
    run broke off (a timeout, a dead kernel): then the exception says what happened and the
    notebook kept for the analyst holds only their own cells."""
    cells: list[NotebookNode] = []
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        failed = keep_failed and any(o.get("output_type") == "error" for o in outputs)
        if not _is_inline_cell(cell) or failed:
            cells.append(cell)
            continue
        values: list[Any] = []
        unshown: list[str] = []
        for output in outputs:
            data = output.get("data", {})
            if INLINE_MIME in data:
                values = list((data[INLINE_MIME] or {}).get("values", []))
            else:
                unshown.append(str(output.get("name") or next(iter(data), "")
                                   or output.get("output_type")))
        if cells and cells[-1].get("cell_type") == "markdown":
            folded: dict[str, Any] = {"inline": values}
            if unshown:
                folded["unshown"] = unshown
            cells[-1].setdefault("metadata", {})["workbook"] = folded
    nb.cells = cells


def inline_values(cell: NotebookNode) -> tuple[list[dict[str, Any]], list[str]]:
    """A Markdown cell's evaluated inline values and the kinds of output they did not show."""
    folded = cell.get("metadata", {}).get("workbook", {}) or {}
    return list(folded.get("inline", []) or []), list(folded.get("unshown", []) or [])


def _failed(expression: str) -> str:
    """The expression in code font, then "?": the reader sees a value is missing."""
    longest = max((len(m) for m in _BACKTICKS.findall(expression)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if expression.startswith("`") or expression.endswith("`") else ""
    return f"{fence}{pad}{expression}{pad}{fence}?"


def substituted(text: str, values: list[dict[str, Any]]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each inline code replaced by its value's Markdown; and each expression that
    has no value with why (its error, or that it was not evaluated)."""
    parts, failures, end = [], [], 0
    for index, code in enumerate(inline_code(text)):
        value = values[index] if index < len(values) else {}
        parts.append(text[end:code.start])
        if value.get("expression") == code.expression and "markdown" in value:
            parts.append(str(value["markdown"]))
        else:
            parts.append(_failed(code.expression))
            failures.append((code.expression, str(value.get("error") or "not evaluated (the "
                                                  "notebook was not run by workbook build)")))
        end = code.end
    parts.append(text[end:])
    return "".join(parts), failures
