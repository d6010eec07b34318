"""An executed report notebook reduced to the Markdown the document writers read.

Code is never shown, papermill's parameter cells are dropped, Quarto-style ``#|`` cell options
are honoured, figures are written as files, and every output a published report must not show
(streams, plain text, errors) is counted so callers can warn. Which outputs are report content
is one table, :data:`_OUTPUT_HANDLERS` (a mimetype and what it becomes), so a new kind of
output is one handler, not another branch. The HTML and PDF writers are
:mod:`helpers.render.documents`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from nbformat import NotebookNode

from helpers.report.mimetypes import FIGURES_MIME, META_MIME

__all__ = ["FIGURES_MIME", "META_MIME", "ReportSource", "cell_options", "notebook_to_markdown"]

_DROPPED_TAGS = frozenset({"parameters", "injected-parameters"})
_OPTION_LINE = re.compile(r"^\s*#\|\s?(.*)$")
_REPR = re.compile(r"^<.*>$", re.DOTALL)
_LABEL_CHARS = re.compile(r"[^A-Za-z0-9_-]")


@dataclass
class ReportSource:
    """A notebook reduced to what the writers need: Markdown, figure files and report meta."""

    markdown: str
    figures: dict[str, Any] | None
    meta: dict[str, Any]
    images: list[Path] = field(default_factory=list)
    dropped_outputs: int = 0
    media_dir: Path | None = None


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
    try:
        parsed = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _json_payload(data: Any) -> Any:
    return json.loads(data) if isinstance(data, str) else data


def _text(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _md_inline(text: str) -> str:
    """Make caption text safe inside ``![...]``: one line, brackets and backslashes escaped."""
    text = " ".join(text.split())
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _md_attr(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


_SVG_DANGER = [
    re.compile(r"<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"<foreignObject\b.*?</foreignObject\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(r"\son[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE),
]


def _clean_svg(svg: str) -> str:
    """Drop scripts and event handlers: the SVG may be inlined into the published page."""
    for pattern in _SVG_DANGER:
        svg = pattern.sub("", svg)
    return svg


def _pick(value: Any, index: int) -> str | None:
    if isinstance(value, list):
        return str(value[index]) if index < len(value) else None
    return None if value is None else str(value)


# ------------------------------------------------------------------------- output handlers


@dataclass
class _Reduction:
    """What reading a notebook has collected so far, in report order."""

    media_dir: Path
    blocks: list[str] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    figures: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    dropped: int = 0


@dataclass
class _Cell:
    """One code cell's options, and how many figures it has shown (for captions and labels)."""

    options: dict[str, Any]
    label: str
    figures: int = 0


def _markdown_output(out: _Reduction, cell: _Cell, data: dict[str, Any]) -> None:
    out.blocks.append(_text(data["text/markdown"]).strip("\n"))


def _svg_output(out: _Reduction, cell: _Cell, data: dict[str, Any]) -> None:
    path = out.media_dir / f"fig-{len(out.images) + 1}.svg"
    path.write_text(_clean_svg(_text(data["image/svg+xml"])), encoding="utf-8")
    _add_figure(out, cell, data, path)


def _png_output(out: _Reduction, cell: _Cell, data: dict[str, Any]) -> None:
    path = out.media_dir / f"fig-{len(out.images) + 1}.png"
    path.write_bytes(base64.b64decode(_text(data["image/png"])))
    _add_figure(out, cell, data, path)


def _add_figure(out: _Reduction, cell: _Cell, data: dict[str, Any], path: Path) -> None:
    """The figure's Markdown: caption and alt text from the cell's options (one per figure of
    the cell), else the output's own plain text when it is not a repr, else the caption."""
    out.images.append(path)
    index = cell.figures
    caption = _pick(cell.options.get("fig-cap"), index) or ""
    alt = _pick(cell.options.get("fig-alt"), index)
    if not alt:
        plain = _text(data.get("text/plain", "")).strip()
        alt = plain if plain and not _REPR.match(plain) else caption
    ident = ""
    if cell.label:
        ident = f"#{cell.label}" if index == 0 else f"#{cell.label}-{index + 1}"
    attrs = " ".join(a for a in (ident, f'bnn-alt="{_md_attr(alt)}"') if a)
    out.blocks.append(f"![{_md_inline(caption)}]({path.name}){{{attrs}}}")
    cell.figures += 1


#: The outputs that are report content, by mimetype, in order of preference: an output carrying
#: several is shown as the first one listed. Any other output is counted as dropped.
_OUTPUT_HANDLERS: dict[str, Callable[[_Reduction, _Cell, dict[str, Any]], None]] = {
    "text/markdown": _markdown_output,
    "image/svg+xml": _svg_output,
    "image/png": _png_output,
}


def _read_payloads(out: _Reduction, data: dict[str, Any]) -> None:
    """The figures dict and the report meta: returned to the caller, never rendered."""
    if FIGURES_MIME in data:
        out.figures = _json_payload(data[FIGURES_MIME])
    if META_MIME in data:
        out.meta.update(_json_payload(data[META_MIME]) or {})


def _read_code_cell(out: _Reduction, code: NotebookNode) -> None:
    options = cell_options(_source(code))
    show = not _is_false(options.get("include", True))
    show_outputs = show and not _is_false(options.get("output", True))
    cell = _Cell(options, _LABEL_CHARS.sub("", str(options.get("label", "") or "")))
    for output in code.get("outputs", []):
        if output.get("output_type") not in ("display_data", "execute_result"):
            out.dropped += 1  # stream, error
            continue
        data = output.get("data", {})
        if FIGURES_MIME in data or META_MIME in data:  # one output may carry both
            _read_payloads(out, data)
            continue
        if not show_outputs:
            continue
        kind = next((mime for mime in _OUTPUT_HANDLERS if mime in data), None)
        if kind is None:
            out.dropped += 1  # text/plain, text/html, …: not report content
            continue
        _OUTPUT_HANDLERS[kind](out, cell, data)


def notebook_to_markdown(nb: NotebookNode, media_dir: Path) -> ReportSource:
    """Reduce an executed notebook to report Markdown; write figures as fig-1.svg, fig-2.png, ….

    Code is never shown and only report content survives (Markdown cells, ``text/markdown``
    outputs, SVG/PNG figures); everything else a reader must not see is counted in
    ``dropped_outputs``. The figures dict and the report meta travel in custom mimetypes and are
    returned, never rendered.
    """
    media_dir = Path(media_dir).resolve()
    media_dir.mkdir(parents=True, exist_ok=True)
    out = _Reduction(media_dir)
    for cell in nb.get("cells", []):
        kind = cell.get("cell_type")
        if kind == "markdown":
            out.blocks.append(_source(cell).strip("\n"))
        elif kind == "code":  # raw cells could carry raw HTML/TeX: never published
            tags = set(cell.get("metadata", {}).get("tags", []) or [])
            if not tags & _DROPPED_TAGS:
                _read_code_cell(out, cell)
    markdown = "\n\n".join(b for b in out.blocks if b.strip()) + "\n"
    return ReportSource(markdown=markdown, figures=out.figures, meta=out.meta, images=out.images,
                        dropped_outputs=out.dropped, media_dir=media_dir)
