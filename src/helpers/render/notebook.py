"""Render an executed report notebook to the published HTML page and the A4 PDF.

Quarto cannot be installed from package registries, so this module does what Quarto would do
with the two engines it drives, both installed from PyPI wheels: pandoc (``pypandoc-binary``)
turns the notebook's Markdown into one self-contained HTML file and into Typst source, and the
``typst`` Python binding compiles that to PDF in-process.

The notebook is reduced to Markdown first (:func:`notebook_to_markdown`): code is never shown,
papermill's parameter cells are dropped, Quarto-style ``#|`` cell options are honoured, figures
are written as files, and every output a published report must not show (streams, plain text,
errors) is counted so callers can warn. All Markdown is treated as untrusted: raw HTML/TeX are
disabled in the reader and a Lua filter strips attributes, unsafe links and foreign images.

Same notebook in → same bytes out, for HTML and PDF alike; each call works in its own
temporary directory and writes its outputs atomically, so batch renders can run in parallel.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml
from nbformat import NotebookNode

from helpers.common.atomic import write_atomic
from helpers.render import pandoc as pandoc_session
from helpers.render.pandoc import Writer
from helpers.report.mimetypes import FIGURES_MIME, META_MIME

__all__ = [
    "FIGURES_MIME",
    "META_MIME",
    "READER_FORMAT",
    "RenderError",
    "RenderResult",
    "ReportSource",
    "notebook_to_markdown",
    "pandoc_path",
    "publishable_notebook",
    "render_html",
    "render_notebook",
    "render_pdf",
]


#: How every piece of Markdown is read. Raw HTML, raw TeX and raw attributes are off so that
#: narrative text can never inject markup; ``tex_math_dollars`` is off because analysts write
#: amounts such as "US$ 5", not formulas.
READER_FORMAT = "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars"

TEMPLATES = Path(__file__).resolve().parent / "templates"
AGENCY = "Badan Narkotika Nasional"

_DROPPED_TAGS = frozenset({"parameters", "injected-parameters"})
_OPTION_LINE = re.compile(r"^\s*#\|\s?(.*)$")
_REPR = re.compile(r"^<.*>$", re.DOTALL)
_LABEL_CHARS = re.compile(r"[^A-Za-z0-9_-]")

_LABELS = {
    "id": {
        "toc-title": "Daftar Isi",
        "figure-label": "Gambar",
        "table-label": "Tabel",
        "draft-note": "Rancangan, belum final — tidak untuk dikutip.",
        "skip-label": "Langsung ke isi",
        "figure": "Gambar",
    },
    "en": {
        "toc-title": "Contents",
        "figure-label": "Figure",
        "table-label": "Table",
        "draft-note": "Draft, not final — do not quote.",
        "skip-label": "Skip to content",
        "figure": "Figure",
    },
}


class RenderError(RuntimeError):
    """pandoc or Typst failed; carries the tool's stderr and the file it was producing."""

    def __init__(self, message: str, *, stderr: str = "", path: Path | None = None) -> None:
        super().__init__(f"{message}: {path}\n{stderr}".rstrip() if path else message)
        self.stderr = stderr
        self.path = path


@dataclass
class ReportSource:
    """A notebook reduced to what the writers need: Markdown, figure files and report meta."""

    markdown: str
    figures: dict[str, Any] | None
    meta: dict[str, Any]
    images: list[Path] = field(default_factory=list)
    dropped_outputs: int = 0
    media_dir: Path | None = None


@dataclass
class RenderResult:
    """What :func:`render_notebook` produced, for the build summary and the ``.json`` file."""

    html: Path | None
    pdf: Path | None
    figures: dict[str, Any] | None
    meta: dict[str, Any]
    dropped_outputs: int


# --------------------------------------------------------------------------- notebook → Markdown


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


def notebook_to_markdown(nb: NotebookNode, media_dir: Path) -> ReportSource:
    """Reduce an executed notebook to report Markdown; write figures as fig-1.svg, fig-2.png, ….

    Code is never shown and only report content survives (Markdown cells, ``text/markdown``
    outputs, SVG/PNG figures); everything else a reader must not see is counted in
    ``dropped_outputs``. The figures dict and the report meta travel in custom mimetypes and are
    returned, never rendered.
    """
    media_dir = Path(media_dir).resolve()
    media_dir.mkdir(parents=True, exist_ok=True)
    blocks: list[str] = []
    images: list[Path] = []
    figures: dict[str, Any] | None = None
    meta: dict[str, Any] = {}
    dropped = 0

    for cell in nb.get("cells", []):
        kind = cell.get("cell_type")
        if kind == "markdown":
            blocks.append(_source(cell).strip("\n"))
            continue
        if kind != "code":
            continue  # raw cells could carry raw HTML/TeX: never published
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & _DROPPED_TAGS:
            continue
        opts = cell_options(_source(cell))
        show = not _is_false(opts.get("include", True))
        show_outputs = show and not _is_false(opts.get("output", True))
        label = _LABEL_CHARS.sub("", str(opts.get("label", "") or ""))
        fig_index = 0

        for output in cell.get("outputs", []):
            otype = output.get("output_type")
            if otype not in ("display_data", "execute_result"):
                dropped += 1  # stream, error
                continue
            data = output.get("data", {})
            if FIGURES_MIME in data or META_MIME in data:  # one output may carry both
                if FIGURES_MIME in data:
                    figures = _json_payload(data[FIGURES_MIME])
                if META_MIME in data:
                    meta.update(_json_payload(data[META_MIME]) or {})
                continue
            if not show_outputs:
                continue
            if "text/markdown" in data:
                blocks.append(_text(data["text/markdown"]).strip("\n"))
            elif "image/svg+xml" in data or "image/png" in data:
                n = len(images) + 1
                if "image/svg+xml" in data:
                    path = media_dir / f"fig-{n}.svg"
                    path.write_text(_clean_svg(_text(data["image/svg+xml"])), encoding="utf-8")
                else:
                    path = media_dir / f"fig-{n}.png"
                    path.write_bytes(base64.b64decode(_text(data["image/png"])))
                images.append(path)
                caption = _pick(opts.get("fig-cap"), fig_index) or ""
                alt = _pick(opts.get("fig-alt"), fig_index)
                if not alt:
                    plain = _text(data.get("text/plain", "")).strip()
                    alt = plain if plain and not _REPR.match(plain) else caption
                ident = ""
                if label:
                    ident = f"#{label}" if fig_index == 0 else f"#{label}-{fig_index + 1}"
                attrs = " ".join(a for a in (ident, f'bnn-alt="{_md_attr(alt)}"') if a)
                blocks.append(f"![{_md_inline(caption)}]({path.name}){{{attrs}}}")
                fig_index += 1
            else:
                dropped += 1  # text/plain, text/html, …: not report content

    markdown = "\n\n".join(b for b in blocks if b.strip()) + "\n"
    return ReportSource(
        markdown=markdown,
        figures=figures,
        meta=meta,
        images=images,
        dropped_outputs=dropped,
        media_dir=media_dir,
    )


# --------------------------------------------------------------------------------- pandoc


def pandoc_path() -> str:
    """The pandoc 3.x binary bundled by pypandoc-binary (Debian's 2.17 cannot write Typst)."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:  # pragma: no cover - environment problem
        found = shutil.which("pandoc")
        if not found:
            raise RenderError("pandoc not found (install pypandoc-binary)") from exc
        return found
    return str(path)


def _lang(meta: dict[str, Any]) -> str:
    lang = str(meta.get("lang") or "id")
    return lang if lang in _LABELS else "id"


def _document(source: ReportSource) -> tuple[dict[str, str], dict[str, str]]:
    """The metadata (``--metadata``) and template variables (``--variable``) of both writers."""
    meta = source.meta
    lang = _lang(meta)
    labels = _LABELS[lang]
    title = str(meta.get("title") or "Laporan Tahunan")
    metadata = {"title": title, "pagetitle": title, "lang": lang}
    variables = {"agency": AGENCY}
    for key in ("subtitle", "date"):
        if meta.get(key):
            metadata[key] = str(meta[key])
    for key in ("toc-title", "draft-note", "skip-label", "figure-label", "table-label"):
        variables[key] = labels[key]
    if meta.get("draft"):
        variables["draft"] = "true"
    return metadata, variables


#: GHC runtime options for pypandoc-binary's pandoc (the long-lived session). It asks for a 64 MB
#: heap up front (``-H64m``) where a report needs a few MB: ``-H4m``. Each full collection of the
#: old generation walks the whole (large) program's static data, ~20 ms: ``-O32m`` lets the old
#: generation grow to 32 MB first, so a session collects it every few dozen reports (~30 % of
#: its time without). 64 MB is no faster and holds 30 MB more per session.
PANDOC_RTS = "-H4m -O32m"


def _pandoc_env(path: str) -> dict[str, str] | None:
    """:data:`PANDOC_RTS` for the bundled pandoc only: another build may refuse runtime options
    (it reads them from ``GHCRTS``)."""
    if "pypandoc" not in Path(path).parts:
        return None
    return {**os.environ, "GHCRTS": PANDOC_RTS}


def _pandoc(source: ReportSource, target: Path, *, html: bool = False,
            typst: bool = False) -> dict[str, str]:
    """The report as HTML (``"html5"``, with its table of contents) and/or Typst (``"typst"``),
    from one reading of its Markdown (a pandoc session: :mod:`helpers.render.pandoc`);
    pandoc's errors become RenderError for ``target``."""
    metadata, variables = _document(source)
    writers = []
    if html:
        writers.append(Writer("html5", TEMPLATES / "report.html", variables, toc=True))
    if typst:
        stamp = "auto" if _timestamp() is not None else "none"
        writers.append(Writer("typst", TEMPLATES / "report.typ",
                              {**variables, "document-date": stamp}))
    if not writers:
        return {}
    path = pandoc_path()
    try:
        return pandoc_session.convert(
            path, source.markdown, reader=READER_FORMAT, meta=metadata,
            filters=[TEMPLATES / "sanitize.lua"], writers=writers, env=_pandoc_env(path))
    except pandoc_session.PandocError as exc:
        raise RenderError("pandoc failed", stderr=str(exc), path=target) from exc


def _media_dir(source: ReportSource) -> Path:
    if source.media_dir is not None:
        return Path(source.media_dir).resolve()
    if source.images:
        return source.images[0].resolve().parent
    return Path(tempfile.gettempdir())


def render_html(source: ReportSource, out: Path) -> Path:
    """One self-contained HTML file (CSS and figures inline, no network reference), atomically."""
    html = _pandoc(source, Path(out), html=True)["html5"]
    return _write_html(source, html, Path(out))


def _write_html(source: ReportSource, html: str, out: Path) -> Path:
    """The template includes ``report.css`` itself (a pandoc partial) and the figures become
    data URIs here, the bytes pandoc's ``--embed-resources`` wrote: it also fetched and parsed
    every figure to do so, a third of the run."""
    return write_atomic(out, _embed_figures(html.encode("utf-8"), _media_dir(source)))


#: The only images a report can show: the figures :func:`notebook_to_markdown` wrote (the
#: sanitize filter turns any other image into text).
_FIGURE_SRC = re.compile(rb'src="(fig-[0-9]+\.(svg|png))"')
_FIGURE_MIME = {b"svg": "image/svg+xml", b"png": "image/png"}


def _embed_figures(html: bytes, media: Path) -> bytes:
    def data_uri(match: re.Match[bytes]) -> bytes:
        data = base64.b64encode((media / match[1].decode()).read_bytes())
        return b'src="data:' + _FIGURE_MIME[match[2]].encode() + b";base64," + data + b'"'

    return _FIGURE_SRC.sub(data_uri, html)


# ---------------------------------------------------------------------------------- Typst


def _font_paths() -> list[str]:
    """matplotlib's bundled DejaVu fonts: the same on every machine, and the charts' font."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def _timestamp() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def render_pdf(source: ReportSource, out: Path, workdir: Path) -> Path:
    """pandoc → Typst source with the project template, then Typst → A4 PDF, atomically."""
    typst_source = _pandoc(source, Path(out), typst=True)["typst"]
    return _write_pdf(source, typst_source, Path(out), workdir)


_TYPST_LOCK = threading.Lock()
_TYPST_COMPILERS: dict[int, Any] = {}


def _typst_compiler() -> Any:
    """This process's Typst compiler (a forked child makes its own): it loads the fonts once, and
    what Typst memoises for one report (the template's styles, shaped text) serves the next.
    Same bytes as ``typst.compile``. Call it holding ``_TYPST_LOCK``."""
    import typst

    pid = os.getpid()
    if pid not in _TYPST_COMPILERS:
        _TYPST_COMPILERS.clear()
        _TYPST_COMPILERS[pid] = typst.Compiler(font_paths=_font_paths(), ignore_system_fonts=True)
    return _TYPST_COMPILERS[pid]


def _write_pdf(source: ReportSource, typst_source: str, out: Path, workdir: Path) -> Path:
    """The PDF carries no date unless SOURCE_DATE_EPOCH is set, and only bundled fonts are used
    (system fonts ignored), so the bytes do not depend on the time or the machine."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for image in source.images:
        if image.parent.resolve() != workdir:
            shutil.copyfile(image, workdir / image.name)
    typ = workdir / "report.typ"
    typ.write_bytes(typst_source.encode("utf-8"))
    try:
        with _TYPST_LOCK:  # one compilation at a time per compiler (Dask runs tasks on threads)
            pdf = _typst_compiler().compile(input=str(typ), root=str(workdir), format="pdf",
                                            timestamp=_timestamp())
    except Exception as exc:  # typst.TypstError and friends
        raise RenderError("Typst failed", stderr=str(exc), path=out) from exc
    return write_atomic(out, bytes(pdf))


# ------------------------------------------------------------------------------ notebook


def render_notebook(
    nb_path_or_node: str | os.PathLike[str] | NotebookNode,
    html_out: Path | None,
    pdf_out: Path | None,
    *,
    workdir: Path | None = None,
) -> RenderResult:
    """Render one executed notebook to HTML and/or PDF in a private temporary directory.

    ``workdir`` only chooses where that temporary directory is created; no file is shared
    between calls and the working directory of the process is never changed. pandoc reads the
    Markdown once for both formats (the process's pandoc session; Typst's compiler is also the
    process's: both keep no report's files, only caches keyed by content).
    """
    if isinstance(nb_path_or_node, NotebookNode):
        nb = nb_path_or_node
    else:
        nb = nbformat.read(os.fspath(nb_path_or_node), as_version=4)
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bnn-render-", dir=workdir) as tmp:
        work = Path(tmp)
        source = notebook_to_markdown(nb, work)
        target = Path(html_out if html_out is not None else pdf_out or work)
        outputs = _pandoc(source, target, html=html_out is not None,  # one reading, both formats
                          typst=pdf_out is not None)
        html = (_write_html(source, outputs["html5"], Path(html_out))
                if html_out is not None else None)
        pdf = (_write_pdf(source, outputs["typst"], Path(pdf_out), work)
               if pdf_out is not None else None)
    return RenderResult(
        html=html,
        pdf=pdf,
        figures=source.figures,
        meta=source.meta,
        dropped_outputs=source.dropped_outputs,
    )


# ------------------------------------------------------------------- publishable notebook

_PAPERMILL_PRIVATE = ("input_path", "output_path", "cwd", "environment_variables")
_PRIVATE_KEYS = frozenset({"hostname", "host", "user", "username", "home"})
_ABS_PATH = re.compile(r"^(?:/|~|[A-Za-z]:[\\/]|\\\\)")


def _scrub(value: Any) -> Any:
    """Replace absolute local paths (which name users and machines) by their last component."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if str(k).lower() not in _PRIVATE_KEYS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str) and _ABS_PATH.match(value) and "\n" not in value:
        name = re.split(r"[\\/]", value.rstrip("\\/"))[-1]
        return f"…/{name}" if name else "…"
    return value


def publishable_notebook(nb: NotebookNode) -> NotebookNode:
    """A copy fit to keep under outputs/notebooks: no local paths, user or host names in metadata.

    papermill records where it ran (input/output paths, cwd, environment); those name the
    analyst's machine and home folder. The kernelspec and timings are kept.
    """
    # Only metadata changes: copy it, and share the cells' (large, untouched) sources and outputs.
    metadata = copy.deepcopy(dict(nb.get("metadata", {})))
    papermill = metadata.get("papermill")
    if isinstance(papermill, dict):
        for key in _PAPERMILL_PRIVATE:
            papermill.pop(key, None)
    clean = nbformat.from_dict({k: v for k, v in nb.items() if k not in ("metadata", "cells")})
    clean["metadata"] = nbformat.from_dict(_scrub(metadata))
    clean["cells"] = []
    for cell in nb.get("cells", []):
        copied = NotebookNode(cell)
        if "metadata" in cell:
            copied["metadata"] = nbformat.from_dict(_scrub(copy.deepcopy(dict(cell["metadata"]))))
        clean["cells"].append(copied)
    return clean
