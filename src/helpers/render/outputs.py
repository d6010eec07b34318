"""One code cell's outputs as report Markdown, each kind by its own handler, and a warning for
every output the report does not show.

Which outputs are report content is one table, :data:`OUTPUT_HANDLERS` (a mimetype and what it
becomes), so a new kind of output is one handler, not another branch. What happens to the rest
follows Quarto's cell options (``output``, ``warning``, ``error``, ``fig-cap``, ``fig-alt``,
``tbl-cap``, ``label``) with one difference a published report needs: Quarto shows warnings
(``stderr``) by default, the report shows them only when the cell says ``#| warning: true``.
Anything a reader does not get and the analyst did not hide on purpose becomes an
:class:`OutputWarning` (cell, kind, why), which the build prints in its summary and writes to
its run log: nothing is dropped silently. Printed pipe tables and captions: :mod:`.tables`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.render.tables import captioned_tables, is_pipe_tables
from helpers.report.mimetypes import FIGURES_MIME, META_MIME, PRINT_SVG_MIME

_REPR = re.compile(r"^<.*>$", re.DOTALL)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BACKTICKS = re.compile(r"`{3,}")

#: Image kinds a report can show (pandoc, the HTML page's data URIs and Typst all read them):
#: mimetype → the figure file's extension.
IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg",
               "image/gif": "gif", "image/webp": "webp"}


@dataclass(frozen=True)
class OutputWarning:
    """An output the report does not show as the notebook did, for the build summary and log.

    ``cell`` counts the notebook's cells as the analyst sees them (1-based, Markdown cells
    included, papermill's own cells not), like a failed run's cell number.
    """

    cell: int
    kind: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"cell": self.cell, "kind": self.kind, "message": self.message}


@dataclass
class Reduction:
    """What reading a notebook has collected so far, in report order."""

    media_dir: Path
    blocks: list[str] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    #: A figure's file name → its print copy (``fig-3.print.svg``), the file the PDF shows.
    print_images: dict[str, Path] = field(default_factory=dict)
    figures: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[OutputWarning] = field(default_factory=list)

    def warn(self, cell: int, kind: str, message: str) -> None:
        self.warnings.append(OutputWarning(cell, kind, message))


@dataclass
class Cell:
    """One code cell: its number, options, label, and how many figures and tables it has shown
    so far (its ``fig-cap``/``fig-alt``/``tbl-cap`` lists are per figure or table)."""

    number: int
    options: dict[str, Any]
    label: str
    figures: int = 0
    tables: int = 0
    shown: int = 0

    def option(self, key: str) -> bool | str | None:
        """A boolean option as True/False (YAML or the strings "true"/"false"), else as given."""
        value = self.options.get(key)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return value


def _text(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _json_payload(data: Any) -> Any:
    return json.loads(data) if isinstance(data, str) else data


def _md_inline(text: str) -> str:
    """Make caption text safe inside ``![...]``: one line, brackets and backslashes escaped."""
    text = " ".join(text.split())
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _md_attr(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def preformatted(text: str, lang: str = "") -> str:
    """Text as a fenced code block shown exactly as printed (colour codes removed); the fence is
    longer than any run of backticks inside, so the text cannot close it."""
    text = _ANSI.sub("", text).rstrip("\n")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


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


def _markdown_block(out: Reduction, cell: Cell, markdown: str) -> None:
    """Markdown a cell shows, its tables captioned (``tbl-cap``, one per table of the cell)."""
    label = cell.label if cell.label.startswith("tbl-") else ""  # Quarto's table prefix
    text, cell.tables = captioned_tables(markdown.strip("\n"), cell.options.get("tbl-cap"),
                                         label, cell.tables)
    out.blocks.append(text)


def _markdown_output(out: Reduction, cell: Cell, data: dict[str, Any], mime: str) -> None:
    _markdown_block(out, cell, _text(data[mime]))


def _image_output(out: Reduction, cell: Cell, data: dict[str, Any], mime: str) -> None:
    path = out.media_dir / f"fig-{len(out.images) + 1}.{IMAGE_TYPES[mime]}"
    if mime == "image/svg+xml":
        path.write_text(_clean_svg(_text(data[mime])), encoding="utf-8")
        if PRINT_SVG_MIME in data:  # a report chart's copy with real text, for the PDF
            printed = path.with_suffix(".print.svg")
            printed.write_text(_clean_svg(_text(data[PRINT_SVG_MIME])), encoding="utf-8")
            out.print_images[path.name] = printed
    else:
        path.write_bytes(base64.b64decode(_text(data[mime])))
    _add_figure(out, cell, data, path, mime)


def _add_figure(out: Reduction, cell: Cell, data: dict[str, Any], path: Path, mime: str) -> None:
    """The figure's Markdown: caption and alt text from the cell's options (one per figure of
    the cell), else the output's own plain text when it is not a repr, else the caption; with
    none of these a reader of a screen reader gets nothing, so the build warns."""
    out.images.append(path)
    index = cell.figures
    caption = _pick(cell.options.get("fig-cap"), index) or ""
    alt = _pick(cell.options.get("fig-alt"), index)
    if not alt:
        plain = _text(data.get("text/plain", "")).strip()
        alt = plain if plain and not _REPR.match(plain) else caption
    if not alt.strip():
        out.warn(cell.number, mime, "chart without alt text: add `#| fig-alt: …` "
                 "(or `#| fig-cap: …`) to the cell")
    ident = ""
    if cell.label and not cell.label.startswith("tbl-"):  # a table's label (Quarto's prefixes)
        ident = f"#{cell.label}" if index == 0 else f"#{cell.label}-{index + 1}"
    attrs = " ".join(a for a in (ident, f'bnn-alt="{_md_attr(alt)}"') if a)
    out.blocks.append(f"![{_md_inline(caption)}]({path.name}){{{attrs}}}")
    cell.figures += 1


def _plain_output(out: Reduction, cell: Cell, data: dict[str, Any], mime: str) -> None:
    """A result's plain text (``42``, a list): shown as printed, as Quarto does; Markdown
    instead under ``#| output: asis``."""
    text = _text(data[mime])
    if cell.option("output") == "asis":
        _markdown_block(out, cell, text)
    else:
        out.blocks.append(preformatted(text))


Handler = Callable[[Reduction, Cell, dict[str, Any], str], None]

#: The outputs that are report content, by mimetype, in order of preference: an output carrying
#: several is shown as the first one listed. ``text/plain`` is last and only taken when it is
#: not an object's ``<…>`` repr; any other output is named in a warning.
OUTPUT_HANDLERS: dict[str, Handler] = {
    "text/markdown": _markdown_output,
    **dict.fromkeys(IMAGE_TYPES, _image_output),
    "text/plain": _plain_output,
}


def _handler_for(data: dict[str, Any]) -> str | None:
    for mime in OUTPUT_HANDLERS:
        if mime in data:
            if mime == "text/plain" and _REPR.match(_text(data[mime]).strip()):
                return None
            return mime
    return None


def _rich_kinds(data: dict[str, Any]) -> list[str]:
    """The output's kinds a reader of the notebook would see instead of its plain text."""
    return [m for m in data if m != "text/plain" and m not in OUTPUT_HANDLERS]


def _display_output(out: Reduction, cell: Cell, data: dict[str, Any]) -> None:
    mime = _handler_for(data)
    rich = _rich_kinds(data)
    if mime is None:
        kind = rich[0] if rich else "text/plain"
        why = ("an object without a printable form" if not rich
               else "this kind of output cannot be placed in the report")
        out.warn(cell.number, kind, f"{why}; not shown")
        return
    if mime == "text/plain" and rich:
        out.warn(cell.number, rich[0], "cannot be placed in the report; its plain text is "
                 "shown instead")
    OUTPUT_HANDLERS[mime](out, cell, data, mime)


def _stream_output(out: Reduction, cell: Cell, output: dict[str, Any]) -> None:
    """``print`` (stdout) as printed, Markdown under ``#| output: asis`` and when it is nothing
    but pipe tables (``print(df.to_markdown())``); stderr (warnings, logging) only under ``#|
    warning: true``, and named in a warning unless the cell hides it with ``#| warning:
    false``."""
    text = _text(output.get("text", ""))
    if not text.strip():
        return
    if output.get("name") != "stderr":
        if cell.option("output") == "asis" or is_pipe_tables(text):
            _markdown_block(out, cell, text)
        else:
            out.blocks.append(preformatted(text))
        return
    shown = cell.option("warning")
    if shown is True:
        out.blocks.append(preformatted(text))
    elif shown is not False:
        first = next(line for line in _ANSI.sub("", text).splitlines() if line.strip())
        out.warn(cell.number, "stderr", f"not shown (add `#| warning: true` to show it, "
                 f"`#| warning: false` to hide it): {first.strip()[:200]}")


def _error_output(out: Reduction, cell: Cell, output: dict[str, Any]) -> None:
    """An error the run went on after (a ``raises-exception`` cell): shown only under
    ``#| error: true``, as Quarto does, and named in a warning otherwise."""
    text = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
    if cell.option("error") is True:
        out.blocks.append(preformatted(text))
    else:
        out.warn(cell.number, "error", f"not shown (add `#| error: true` to show it): "
                 f"{text[:200]}")


def read_payloads(out: Reduction, data: dict[str, Any]) -> None:
    """The figures dict and the report meta: returned to the caller, never rendered."""
    if FIGURES_MIME in data:
        out.figures = _json_payload(data[FIGURES_MIME])
    if META_MIME in data:
        out.meta.update(_json_payload(data[META_MIME]) or {})


def read_outputs(out: Reduction, cell: Cell, outputs: list[dict[str, Any]],
                 show: bool) -> None:
    """A code cell's outputs in order; ``show`` is False under ``output: false`` or
    ``include: false`` (then only the report's data payloads are read)."""
    for output in outputs:
        kind = output.get("output_type")
        data = output.get("data", {})
        if FIGURES_MIME in data or META_MIME in data:  # one output may carry both
            read_payloads(out, data)
            continue
        if not show:
            continue
        cell.shown += 1
        if kind == "stream":
            _stream_output(out, cell, output)
        elif kind == "error":
            _error_output(out, cell, output)
        elif kind in ("display_data", "execute_result"):
            _display_output(out, cell, data)
        else:
            out.warn(cell.number, str(kind), "unknown output type; not shown")
    if cell.shown and cell.options.get("tbl-cap") and not cell.tables:
        out.warn(cell.number, "tbl-cap", "the cell shows no table to caption (a DataFrame, a "
                 "Markdown table); the caption is not shown")
