"""The competent baseline: the loop a good engineer writes in an afternoon without this project.

papermill's Python API in a ``concurrent.futures`` process pool over all cores (papermill
starts a fresh kernel for every report), nbconvert's ``HTMLExporter`` for the HTML and its
``MarkdownExporter`` for the PDF's source (inputs and prompts hidden, as ``jupyter nbconvert
--no-input``; charts written as files), pypandoc from that Markdown to Typst and the ``typst``
package for the PDF. Same notebook as the build, same parameters (``unit_id``, ``year``,
``data_dir``, ``params_dir``; the notebook reads the params files itself), HTML + PDF per
report; one failing report does not stop the others.

``bench/national.py --baselines`` runs it as a command of its own and times the whole process
tree. Usage::

    python bench/competent.py --data-dir D --params-dir P --out O --report bnn-ri:2024 [...]

Prints one JSON object (and writes it to ``--summary FILE``): the pool's wall time and, per
report, its wall time in its worker and its error if it failed.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import papermill
import pypandoc
import typst
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.exporters import TemplateExporter

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "annual_report.ipynb"

_exporters: dict[type, TemplateExporter] = {}


def exporter(kind: type[TemplateExporter]) -> TemplateExporter:
    """One exporter of each kind per worker process (templates load once, not per report),
    inputs and prompts hidden as ``jupyter nbconvert --no-input`` does."""
    if kind not in _exporters:
        _exporters[kind] = kind(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
    return _exporters[kind]


def render(unit_id: str, year: int, data_dir: str, params_dir: str, out: str) -> dict:
    """Execute, then write ``<out>/<year>/<unit_id>.html`` and ``.pdf``; never raises."""
    start = time.perf_counter()
    folder = Path(out) / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / f"{unit_id}.ipynb"
    try:
        notebook = papermill.execute_notebook(
            str(NOTEBOOK), str(executed), kernel_name="python3", progress_bar=False,
            cwd=str(NOTEBOOK.parent), parameters={"unit_id": unit_id, "year": year,
                                                 "data_dir": data_dir, "params_dir": params_dir})
        html, _ = exporter(HTMLExporter).from_notebook_node(notebook)
        (folder / f"{unit_id}.html").write_text(html, encoding="utf-8")
        # The PDF without code either: the notebook as Markdown (inputs hidden, charts as files)
        markdown, resources = exporter(MarkdownExporter).from_notebook_node(
            notebook, resources={"output_files_dir": unit_id})
        for name, data in resources.get("outputs", {}).items():
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
        typ = folder / f"{unit_id}.typ"
        pypandoc.convert_text(markdown, "typst", format="markdown", outputfile=str(typ),
                              extra_args=["--standalone"])
        typst.compile(str(typ), output=str(folder / f"{unit_id}.pdf"), root=str(folder))
        error = None
    except Exception as exc:  # one report's failure is recorded, the pool goes on
        error = f"{type(exc).__name__}: {str(exc)[:300]}"
    return {"unit": unit_id, "year": year, "wall": time.perf_counter() - start, "error": error}


def render_all(reports: list[tuple[str, int]], data_dir: str, params_dir: str, out: str,
               jobs: int) -> dict:
    """Every report through a pool of ``jobs`` processes; the pool's wall time and each
    report's result."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(render, unit, year, data_dir, params_dir, out)
                   for unit, year in reports]
        results = [future.result() for future in as_completed(futures)]
    return {"wall": time.perf_counter() - start, "jobs": jobs, "reports": results}


def parse_report(text: str) -> tuple[str, int]:
    unit, _, year = text.rpartition(":")
    if not unit or not year.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not UNIT:YEAR (e.g. bnn-ri:2024)")
    return unit, int(year)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--params-dir", required=True)
    parser.add_argument("--out", required=True, help="folder for the executed notebooks, "
                        "HTML and PDF (<out>/<year>/<unit_id>.*)")
    parser.add_argument("--report", type=parse_report, action="append", required=True,
                        help="UNIT:YEAR (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--summary", help="also write the JSON summary to this file")
    args = parser.parse_args()
    summary = render_all(args.report, str(Path(args.data_dir).resolve()),
                         str(Path(args.params_dir).resolve()), str(Path(args.out).resolve()),
                         args.jobs)
    text = json.dumps(summary)
    if args.summary:
        Path(args.summary).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
