"""An executed report notebook reduced to the Markdown the document writers read.

papermill's parameter cells are dropped, Quarto-style ``#|`` cell options are honoured (code is
shown only under ``echo: true``), Markdown cells (their inline code `` `{python} expr` ``
replaced by its values, :mod:`helpers.render.inline_code`) and Markdown raw cells are report
content, and each code cell's outputs go through :mod:`helpers.render.outputs`: Markdown (an
analyst's DataFrames arrive as Markdown tables, :mod:`helpers.report.dataframes`), images
written as files, printed text, and a warning (cell, kind, why) for anything the report does
not show.
The HTML and PDF writers are :mod:`helpers.render.documents`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from nbformat import NotebookNode

from helpers.render.inline_code import INLINE_TAG, inline_values, substituted
from helpers.render.outputs import (
    Cell,
    OutputWarning,
    Reduction,
    preformatted,
    read_outputs,
)
from helpers.report.mimetypes import FIGURES_MIME, META_MIME

__all__ = ["DROPPED_TAGS", "FIGURES_MIME", "META_MIME", "OutputWarning", "ReportSource",
           "cell_options", "is_false", "notebook_to_markdown"]

#: Cells that are never report content: the parameters, as written and as papermill injects them.
DROPPED_TAGS = frozenset({"parameters", "injected-parameters"})
#: Cells papermill or the build adds: not in the analyst's notebook, so not counted in cell
#: numbers (the build folds its inline-code cells away after the run; a notebook that still
#: has one was not run by the build, and its values are missing).
_ADDED_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag", INLINE_TAG})
_OPTION_LINE = re.compile(r"^\s*#\|\s?(.*)$")
_LABEL_CHARS = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class ReportSource:
    """A notebook reduced to what the writers need: Markdown, figure files and report meta, and
    the warnings about outputs the report does not show."""

    markdown: str
    figures: dict[str, Any] | None
    meta: dict[str, Any]
    images: list[Path] = field(default_factory=list)
    warnings: list[OutputWarning] = field(default_factory=list)
    media_dir: Path | None = None
    #: A figure's file name → the copy the PDF shows instead (a report chart's real text).
    print_images: dict[str, Path] = field(default_factory=dict)


def _source(cell: NotebookNode) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def cell_options(source: str) -> dict[str, Any]:
    """Quarto-style ``#| key: value`` options at the top of a code cell, parsed as YAML."""
    lines: list[str] = []
    for line in source.splitlines():
        match = _OPTION_LINE.match(line)
        if not match:
            break
        lines.append(match.group(1))
    if not lines:
        return {}
    return dict(_parsed_options("\n".join(lines)))


#: Option values a parse may share between cells: none of them can be changed in place.
_SCALARS = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=1024)
def _options_once(text: str) -> tuple[tuple[str, Any], ...] | None:
    """The options block parsed once per worker (a report's cells repeat a few blocks, every
    report the same ones: YAML parsing was ~10 ms a report); None when a value is mutable."""
    parsed = _parse_options(text)
    if all(isinstance(value, _SCALARS) for value in parsed.values()):
        return tuple(parsed.items())
    return None


def _parsed_options(text: str) -> Any:
    cached = _options_once(text)
    return cached if cached is not None else _parse_options(text)


def _parse_options(text: str) -> dict[str, Any]:
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def is_false(value: Any) -> bool:
    """A cell option set to false (YAML ``false`` or the string "false")."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true",
                                                                                 "fenced"))


def _code_without_options(source: str) -> str:
    lines = source.splitlines()
    while lines and _OPTION_LINE.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


def _read_code_cell(out: Reduction, code: NotebookNode, number: int) -> None:
    """Quarto's options: ``include: false`` hides code and outputs, ``output: false`` the
    outputs, ``echo: true`` shows the code (the report's default is ``echo: false``: a document
    for readers, as if its front matter said ``execute: echo: false``)."""
    source = _source(code)
    options = cell_options(source)
    include = not is_false(options.get("include", True))
    cell = Cell(number, options, _LABEL_CHARS.sub("", str(options.get("label", "") or "")))
    if include and _is_true(options.get("echo", False)) and _code_without_options(source):
        out.blocks.append(preformatted(_code_without_options(source), "python"))
    show = include and not is_false(options.get("output", True))
    read_outputs(out, cell, code.get("outputs", []), show)


def _read_raw_cell(out: Reduction, raw: NotebookNode, number: int) -> None:
    """A raw cell is passed through as Quarto does when it is Markdown (no format, or
    ``text/markdown``), read like every Markdown (raw HTML off); a raw cell for another
    format (HTML, LaTeX) could inject markup, so it is never published, and the build says so."""
    meta = raw.get("metadata", {})
    fmt = str(meta.get("raw_mimetype") or meta.get("format") or "").strip().lower()
    if fmt in ("", "text/markdown", "markdown", "md"):
        out.blocks.append(_source(raw).strip("\n"))
    elif _source(raw).strip():
        out.warn(number, f"raw cell ({fmt})", "raw output for another format cannot be "
                 "placed in the report; not shown")


def _read_markdown_cell(out: Reduction, cell: NotebookNode, number: int) -> None:
    """The cell's Markdown, its inline code (`` `{python} expr` ``) replaced by the values the
    build evaluated (:mod:`helpers.render.inline_code`); a missing value is named."""
    values, unshown = inline_values(cell)
    text, failures = substituted(_source(cell).strip("\n"), values)
    out.blocks.append(text)
    for expression, why in failures:
        out.warn(number, "inline code", f"`{{python}} {expression}`: {why}; shown as the "
                 "expression with \"?\"")
    for kind in unshown:
        out.warn(number, "inline code", f"an inline expression's output ({kind}) is not "
                 "shown: inline code gives a value, a code cell shows output")
    if cell.get("attachments"):
        out.warn(number, "attachment", "images pasted into a Markdown cell are not shown; "
                 "display the image from a code cell instead")


def notebook_to_markdown(nb: NotebookNode, media_dir: Path) -> ReportSource:
    """Reduce an executed notebook to report Markdown; write figures as fig-1.svg, fig-2.png, ….

    Markdown cells, Markdown raw cells and every output :mod:`helpers.render.outputs` can place
    become report content; what a reader does not get (and the analyst did not hide on
    purpose) is in ``warnings``. The figures dict and the report meta travel in custom
    mimetypes and are returned, never rendered. Cells are numbered as in the analyst's
    notebook: papermill's own cells are not counted.
    """
    media_dir = Path(media_dir).resolve()
    media_dir.mkdir(parents=True, exist_ok=True)
    out = Reduction(media_dir)
    number = 0
    for cell in nb.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & _ADDED_TAGS:
            continue
        number += 1
        kind = cell.get("cell_type")
        if tags & DROPPED_TAGS:
            continue
        if kind == "markdown":
            _read_markdown_cell(out, cell, number)
        elif kind == "raw":
            _read_raw_cell(out, cell, number)
        elif kind == "code":
            _read_code_cell(out, cell, number)
    markdown = "\n\n".join(b for b in out.blocks if b.strip()) + "\n"
    return ReportSource(markdown=markdown, figures=out.figures, meta=out.meta, images=out.images,
                        warnings=out.warnings, media_dir=media_dir,
                        print_images=out.print_images)
