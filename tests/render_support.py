"""Shared by the render tests: a report notebook built by hand, with outputs as papermill would
leave them (no kernel runs), and the untrusted content it carries."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
from nbformat import v4

from helpers.report.mimetypes import FIGURES_MIME, META_MIME

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
    '<script>alert("svg")</script>'
    '<rect x="10" y="10" width="60" height="100" fill="#1f5f99" onclick="alert(2)"/>'
    '<rect x="90" y="40" width="60" height="70" fill="#1f5f99"/></svg>'
)
# A 1×1 PNG.
PNG_B64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQj58JAAG4ARiGoC5qAAAAAElFTkSuQmCC"
)


def meta(**overrides):
    base = {
        "title": "Laporan Tahunan BNN Kota Lubuklinggau 2022",
        "subtitle": "Catatan Akhir Tahun",
        "lang": "id",
        "draft": False,
        "date": "30 Desember 2022",
        "unit_id": "bnnk-lubuklinggau",
        "year": 2022,
    }
    base.update(overrides)
    return base


def display(data: dict) -> nbformat.NotebookNode:
    return v4.new_output("display_data", data=data)


def make_notebook(*, draft: bool = False, lang: str = "id", rows: int = 60):
    table = "| Bulan | Kasus |\n|:---|---:|\n" + "\n".join(
        f"| Bulan ke-{i} | {i * 1000:,} |".replace(",", ".") for i in range(1, rows + 1)
    )
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["papermill"] = {
        "input_path": "/home/ani/bnn/notebooks/annual_report.ipynb",
        "output_path": "/home/ani/bnn/outputs/notebooks/2022/bnnk-lubuklinggau.ipynb",
        "cwd": "/home/ani/bnn",
        "environment_variables": {"USER": "ani"},
        "parameters": {"unit_id": "bnnk-lubuklinggau", "data_dir": "C:\\Users\\ani\\data"},
        "version": "2.6.0",
    }
    nb.cells = [
        v4.new_code_cell("unit_id = 'bnn-ri'", metadata={"tags": ["parameters"]}),
        v4.new_code_cell(
            "unit_id = 'INJECTED_PARAM_VALUE'",
            metadata={"tags": ["injected-parameters"]},
            outputs=[display({"text/markdown": "INJECTED_OUTPUT"})],
        ),
        v4.new_code_cell(
            "#| include: false\nshow_meta(SECRET_SOURCE_CODE)",
            outputs=[display({META_MIME: meta(draft=draft, lang=lang), "text/plain": "meta"})],
        ),
        v4.new_markdown_cell("# Ringkasan\n\nLaporan ini menyajikan *capaian* tahun 2022."),
        v4.new_code_cell(
            "print('debug'); TABLE_SOURCE_CODE()",
            outputs=[
                v4.new_output("stream", name="stdout", text="STREAM_TEXT\n"),
                display({"text/markdown": "## Kasus per bulan\n\n" + table}),
                display(
                    {
                        FIGURES_MIME: {
                            "unit_id": "bnnk-lubuklinggau",
                            "cases": 2,
                            "sentinel": "FIGURES_SENTINEL",
                        }
                    }
                ),
                v4.new_output(
                    "execute_result", data={"text/plain": "PLAIN_RESULT"}, execution_count=3
                ),
            ],
            execution_count=3,
        ),
        v4.new_markdown_cell("## Narasi\n\n" + XSS_SCRIPT + " dan " + XSS_IMG),
        v4.new_code_cell(
            "narrative()",
            outputs=[
                display(
                    {
                        "text/markdown": (
                            "Catatan analis: " + XSS_SCRIPT + "\n\n"
                            '[tautan](javascript:alert(3)) [merah]{onmouseover="alert(4)"} '
                            "![gambar luar](https://example.com/track.png)\n\n"
                            "```{=html}\n<iframe src=x></iframe>\n```\n"
                        )
                    }
                )
            ],
        ),
        v4.new_code_cell(
            "#| fig-cap: Tren kasus 2018–2022\n#| fig-alt: Grafik batang jumlah kasus\n"
            "#| label: fig-tren\nplot_cases()",
            outputs=[
                display(
                    {
                        "image/svg+xml": SVG,
                        "image/png": PNG_B64,
                        "text/plain": "<Figure size 640x480 with 1 Axes>",
                    }
                )
            ],
        ),
        v4.new_code_cell(
            "#| fig-cap: Logo\nshow_png()",
            outputs=[display({"image/png": PNG_B64, "text/plain": "Logo BNN"})],
        ),
        v4.new_code_cell(
            "#| output: false\nhidden()",
            outputs=[display({"text/markdown": "HIDDEN_BY_OUTPUT_FALSE"})],
        ),
        v4.new_code_cell(
            "#| include: false\nhidden()",
            outputs=[display({"text/markdown": "HIDDEN_BY_INCLUDE_FALSE"})],
        ),
        v4.new_code_cell(
            "1/0",
            outputs=[
                v4.new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="ERROR_TEXT",
                    traceback=["ERROR_TEXT"],
                )
            ],
        ),
        v4.new_markdown_cell("# Penutup\n\nDemikian laporan ini disampaikan."),
    ]
    return nb


def pandoc_command_line(writer, filters: Iterable[Path], meta: Mapping[str, str],
                        markdown: str) -> str:
    """What pandoc's command line writes for ``writer`` (:class:`helpers.render.pandoc.Writer`)
    with these Lua filters and metadata: the bytes the pandoc session must give."""
    from helpers.render import documents

    args = [documents.pandoc_path(), "--from", documents.READER_FORMAT]
    for path in filters:
        args += ["--lua-filter", str(path)]
    for key, value in meta.items():
        args += ["--metadata", f"{key}={value}"]
    args += ["--to", writer.format, "--standalone", "--template", str(writer.template)]
    if writer.toc:
        args += ["--toc", f"--toc-depth={writer.toc_depth}"]
    for key, value in writer.variables.items():
        args += ["--variable", f"{key}={value}"]
    args += ["--syntax-highlighting=none", "--wrap=none"]
    return subprocess.run(args, input=markdown.encode(), capture_output=True,
                          check=True).stdout.decode("utf-8")


_POOL: dict[str, object] = {}


def typst_pool_threads(_item: object = None) -> dict[str, object]:
    """In a build's worker: its Rayon setting (``RAYON_THREADS_ENV``) and the threads its first
    Typst document (through the renderer's own compiler) started: Rayon's pool, measured once
    per worker."""
    import os
    import tempfile

    from helpers.build.executors import RAYON_THREADS_ENV
    from helpers.render import documents

    if not _POOL:
        before = len(os.listdir("/proc/self/task"))
        with tempfile.TemporaryDirectory() as folder, documents._TYPST_LOCK:
            source = Path(folder) / "probe.typ"
            source.write_text("#set page(width: 4cm, height: 2cm)\n= Uji\n#lorem(30)\n")
            # The worker's own compiler, as its reports' PDFs use it.
            documents._typst_compiler().compile(input=str(source), root=folder, format="pdf")
        _POOL.update(env=os.environ.get(RAYON_THREADS_ENV),
                     started=len(os.listdir("/proc/self/task")) - before)
    return dict(_POOL)
