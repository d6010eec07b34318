"""The published documents of a report: one self-contained HTML page and the A4 PDF.

Quarto cannot be installed from package registries, so this module does what Quarto would do
with the two engines it drives, both installed from PyPI wheels: pandoc (``pypandoc-binary``)
turns the report's Markdown (:mod:`helpers.render.notebook`) into one self-contained HTML file
and into Typst source, and the ``typst`` Python binding compiles that to PDF in-process. All
Markdown is treated as untrusted: raw HTML/TeX are disabled in the reader and a Lua filter
strips attributes, unsafe links and foreign images.

Same notebook in → same bytes out, for HTML and PDF alike; each call works in its own
temporary directory and writes its outputs atomically, so batch renders can run in parallel.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import typst
from nbformat import NotebookNode

from helpers.common.atomic import write_atomic
from helpers.render import font_widths, navigation, typst_columns
from helpers.render import pandoc as pandoc_session
from helpers.render.notebook import OutputWarning, ReportSource, notebook_to_markdown
from helpers.render.outputs import IMAGE_TYPES
from helpers.render.pandoc import Writer

try:
    import pypandoc
except ImportError:  # pragma: no cover - environment problem: pandoc_path falls back to PATH
    pypandoc = None

__all__ = [
    "READER_FORMAT",
    "RenderError",
    "RenderResult",
    "pandoc_path",
    "render_html",
    "render_notebook",
    "render_pdf",
]


#: How every piece of Markdown is read. Raw HTML, raw TeX and raw attributes are off so that
#: narrative text can never inject markup; ``tex_math_dollars`` is off because analysts write
#: amounts such as "US$ 5", not formulas; ``citations`` is off because analysts write
#: "@infobnn_ri" and "[@…]" as text (pandoc would read a citation, and Typst fail on it).
READER_FORMAT = "markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-citations"

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The Lua filters every document goes through, in order: where things go (a chart's caption,
#: content for one format), what is safe to show, then what pandoc's Typst writer leaves to us.
FILTERS = [TEMPLATES / "layout.lua", TEMPLATES / "sanitize.lua", TEMPLATES / "typst.lua"]
AGENCY = "Badan Narkotika Nasional"

_LABELS = {
    "id": {
        "toc-title": "Daftar Isi",
        "figure-label": "Gambar",
        "table-label": "Tabel",
        "draft-mark": "DRAF",
        "draft-note": "Rancangan, belum final — tidak untuk dikutip.",
        "skip-label": "Langsung ke isi",
        "figure": "Gambar",
    },
    "en": {
        "toc-title": "Contents",
        "figure-label": "Figure",
        "table-label": "Table",
        "draft-mark": "DRAFT",
        "draft-note": "Draft, not final — do not quote.",
        "skip-label": "Skip to content",
        "figure": "Figure",
    },
}


class RenderError(RuntimeError):
    """pandoc or Typst failed; carries the tool's stderr and the file it was producing."""

    def __init__(self, message: str, *, stderr: str = "", path: Path | None = None) -> None:
        super().__init__(f"{message}: {stderr}" if stderr else message)  # the reason, one line
        self.stderr = stderr
        self.path = path


@dataclass
class RenderResult:
    """What :func:`render_notebook` produced, for the build summary and the ``.json`` file."""

    html: Path | None
    pdf: Path | None
    figures: dict[str, Any] | None
    meta: dict[str, Any]
    #: Outputs the report does not show (cell, kind, why), for the build summary and run log.
    warnings: list[OutputWarning]


# --------------------------------------------------------------------------------- pandoc


def pandoc_path() -> str:
    """The pandoc 3.x binary bundled by pypandoc-binary (Debian's 2.17 cannot write Typst)."""
    try:
        if pypandoc is None:
            raise ImportError("pypandoc is not installed")
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
    for key in ("toc-title", "draft-mark", "draft-note", "skip-label", "figure-label",
                "table-label"):
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
    if html:  # the page links its PDF only when the PDF is written beside it
        nav = navigation.html_variables(source.meta, with_pdf=typst)
        writers.append(Writer("html5", TEMPLATES / "report.html", {**variables, **nav},
                              toc=True))
    if typst:
        stamp = "auto" if _timestamp() is not None else "none"
        writers.append(Writer("typst", TEMPLATES / "report.typ", {
            **variables, **navigation.typst_variables(source.meta), "document-date": stamp}))
    if not writers:
        return {}
    path = pandoc_path()
    try:
        return pandoc_session.convert(
            path, source.markdown, reader=READER_FORMAT, meta=metadata,
            filters=FILTERS, writers=writers, env=_pandoc_env(path))
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
_FIGURE_MIME = {ext.encode(): mime for mime, ext in IMAGE_TYPES.items()}
_FIGURE_SRC = re.compile(rb'src="(fig-[0-9]+\.(' + b"|".join(_FIGURE_MIME) + rb'))"')


def _embed_figures(html: bytes, media: Path) -> bytes:
    def data_uri(match: re.Match[bytes]) -> bytes:
        data = base64.b64encode((media / match[1].decode()).read_bytes())
        return b'src="data:' + _FIGURE_MIME[match[2]].encode() + b";base64," + data + b'"'

    return _FIGURE_SRC.sub(data_uri, html)


# ---------------------------------------------------------------------------------- Typst


def _font_paths() -> list[str]:
    """matplotlib's bundled DejaVu fonts: the same on every machine, and the charts' font."""
    return [str(font_widths.font_dir())]


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
    for image in [*source.images, *source.print_images.values()]:
        if image.parent.resolve() != workdir:
            shutil.copyfile(image, workdir / image.name)
    typ = workdir / "report.typ"
    typst_source = typst_columns.with_measured_columns(typst_source)
    typ.write_bytes(_print_figures(source, typst_source).encode("utf-8"))
    try:
        with _TYPST_LOCK:  # one compilation at a time per compiler (Dask runs tasks on threads)
            pdf = _typst_compiler().compile(input=str(typ), root=str(workdir), format="pdf",
                                            timestamp=_timestamp())
    except Exception as exc:  # typst.TypstError and friends
        raise RenderError("Typst failed", stderr=pandoc_session.typst_reason(exc, [workdir]),
                          path=out) from exc
    return write_atomic(out, bytes(pdf))


#: A figure in the Typst source, as typst.lua writes it (not the same words in a paragraph,
#: which pandoc's Typst writer escapes as ``\#image``).
_TYPST_FIGURE = re.compile(r'(?<!\\)#image\("(fig-[0-9]+\.svg)"')


def _print_figures(source: ReportSource, typst_source: str) -> str:
    """The PDF shows a report chart's print copy (its text as text, in the bundled font) where
    the chart has one; the HTML keeps the outlines a browser without DejaVu Sans needs."""
    if not source.print_images:
        return typst_source
    return _TYPST_FIGURE.sub(lambda m: f'#image("{source.print_images[m[1]].name}"'
                             if m[1] in source.print_images else m[0], typst_source)


# --------------------------------------------------------------------------- both, at once


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
        warnings=source.warnings,
    )
