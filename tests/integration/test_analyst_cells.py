"""The analyst's own cells reach the report: a copy of the report notebook with a Markdown cell,
a DataFrame, a ``print``, a chart with alt text, a chart without, and an output no report can
show, rendered for one unit by a real ``workbook build`` (papermill, pandoc, Typst). Each is
found in the HTML and in the PDF's text, and what the report cannot show is named in the
build summary and the run log."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from helpers.cli import main
from helpers.common.config import notebook_path, project_root

pytestmark = pytest.mark.integration
UNIT, YEAR = "bnnk-lubuklinggau", 2022

ANALYST_CELLS = [
    v4.new_markdown_cell("**Catatan analis.** Kalimat MARKDOWN_SENTINEL dari analis."),
    v4.new_code_cell(
        "#| echo: false\nimport pandas as pd\n\n"
        "pd.DataFrame({'Satuan': ['Satuan ALPHA', 'Satuan BETA'],\n"
        "              'Kasus': [1234567, 89], 'Sabu (gram)': [307.527, 12.5]})"),
    v4.new_code_cell("#| echo: false\nprint('PRINTED_SENTINEL 42')"),
    v4.new_code_cell(
        "#| echo: false\n#| fig-cap: Gambar CAPTION_SENTINEL\n#| fig-alt: Grafik ALT_SENTINEL\n"
        "import matplotlib.pyplot as plt\n\n"
        "fig, ax = plt.subplots(figsize=(4, 2))\nax.bar(['a', 'b'], [1, 2])\nplt.show()"),
    v4.new_code_cell(
        "#| echo: false\nfig, ax = plt.subplots(figsize=(4, 2))\nax.plot([1, 2, 3])\nplt.show()"),
    v4.new_code_cell(
        "#| echo: false\nfrom IPython.display import Javascript, display\n\n"
        "display(Javascript('console.log(\"UNPLACEABLE_SENTINEL\")'))"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_data_dir):
    """One real build of the notebook copy; its outputs folder, printed summary and cells."""
    root = tmp_path_factory.mktemp("analyst")
    nb = nbformat.read(notebook_path(), as_version=4)
    first = len(nb.cells) + 1  # the analyst's numbering: 1-based, every cell counted
    nb.cells += ANALYST_CELLS
    copy = root / "annual_report.ipynb"
    nbformat.write(nb, copy)
    outputs = root / "outputs"
    capture = root / "stdout.txt"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["build", "--unit", UNIT, "--year", str(YEAR), "--notebook", str(copy),
                     "--data-dir", str(sample_data_dir), "--params-dir",
                     str(project_root() / "params"), "--outputs-dir", str(outputs),
                     "--no-site", "--jobs", "1", "--force"])
    capture.write_text(buffer.getvalue(), encoding="utf-8")
    assert code == 0, buffer.getvalue()
    return outputs, buffer.getvalue(), first


def _pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def test_each_analyst_cell_is_in_the_html(built):
    outputs, _, _ = built
    html = (outputs / "site" / str(YEAR) / f"{UNIT}.html").read_text(encoding="utf-8")
    assert "MARKDOWN_SENTINEL" in html
    table = html[html.index("Satuan ALPHA") - 2000:html.index("Satuan BETA") + 500]
    assert "<table" in table and "1.234.567" in table and "307,527" in table and "12,5" in table
    assert re.search(r"<pre><code>PRINTED_SENTINEL 42\s*</code></pre>", html)
    assert "Gambar CAPTION_SENTINEL" in html and 'alt="Grafik ALT_SENTINEL"' in html
    assert "UNPLACEABLE_SENTINEL" not in html and "<script" not in html
    assert "import pandas" not in html and "plt.show" not in html  # echo: false


def test_each_analyst_cell_is_in_the_pdf(built):
    outputs, _, _ = built
    pdf = outputs / "site" / str(YEAR) / f"{UNIT}.pdf"
    text = _pdf_text(pdf)
    for expected in ("MARKDOWN_SENTINEL", "Satuan ALPHA", "1.234.567", "307,527",
                     "PRINTED_SENTINEL 42", "CAPTION_SENTINEL"):
        assert expected in text, expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            text=True, check=True).stdout
    assert len(images.splitlines()) - 2 >= 2, images  # both analyst charts (raster: PNG)


def test_what_the_report_cannot_show_is_in_the_summary_and_the_log(built):
    outputs, printed, first = built
    chart_without_alt, javascript = first + 4, first + 5
    assert (f"Warning: {YEAR} {UNIT}, cell {javascript} (application/javascript): "
            "this kind of output cannot be placed in the report; not shown") in printed
    assert f"Warning: {YEAR} {UNIT}, cell {chart_without_alt} (image/" in printed
    assert "chart without alt text" in printed
    assert printed.count("Warning:") == 2, printed  # the report's own charts carry alt text
    (log,) = (outputs / "logs").glob("*.jsonl")
    (record,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()
                 if '"unit"' in line]
    assert record["status"] == "ok"
    assert {(w["cell"], w["kind"]) for w in record["warnings"]} >= {
        (javascript, "application/javascript")}
    assert len(record["warnings"]) == 2
