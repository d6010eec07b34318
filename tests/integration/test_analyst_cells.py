"""The analyst's own cells reach the report: a copy of the report notebook with a Markdown cell,
a DataFrame, a ``print``, a chart with alt text, a chart without, an output no report can show,
Markdown with inline code (`` `{python} expr` ``, one failing), ``df.to_markdown()`` printed and
displayed, a DataFrame with ``#| tbl-cap``, and an ``#| eval: false`` cell that would fail,
rendered for one unit by a real ``workbook build`` (papermill, pandoc, Typst). Each is found in
the HTML and in the PDF's text, and what the report cannot show is named in the build summary
and the run log."""

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
    v4.new_markdown_cell(
        "Pada tahun `{python} year`, INLINE_SENTINEL `{python} report.figures['cases']` kasus, "
        "`{python} 307.527` gram, `{python} tidak_ada` lalu."),
    v4.new_code_cell(
        "tomd = pd.DataFrame({'Baris': ['TOMD_ALPHA'], 'Jumlah': [7654321], 'Gram': [45.25]})\n"
        "print(tomd.to_markdown(index=False))"),
    v4.new_code_cell(
        "from IPython.display import Markdown\n\n"
        "display(Markdown(tomd.assign(Baris='MDDISPLAY_ROW').to_markdown(index=False)))"),
    v4.new_code_cell(
        "#| label: tbl-analis\n#| tbl-cap: Tabel TBLCAP_SENTINEL\n"
        "pd.DataFrame({'Satuan': ['TBLCAP_ROW'], 'Kasus': [4321]})"),
    v4.new_code_cell("#| eval: false\nraise RuntimeError('an eval: false cell ran')"),
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


def _pdf_row(path: Path, first: str) -> str:
    """The words printed on the line that starts with ``first``, left to right: a table row as
    a reader sees it (text extraction's reading order can interleave narrow centred tables
    with the draft watermark)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for word in words:
                if word["text"] == first:
                    line = [w for w in words if abs(w["top"] - word["top"]) < 2
                            and w["x0"] >= word["x0"]]
                    return " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
    return ""


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


def _cases(outputs: Path) -> str:
    """The unit's rolled-up case count, from its figures file, as the Indonesian report writes
    it."""
    figures = json.loads((outputs / "site" / str(YEAR) / f"{UNIT}.json").read_text("utf-8"))
    return f"{figures['cases']:,}".replace(",", ".")


def test_inline_values_and_markdown_tables_are_in_the_html(built):
    outputs, _, _ = built
    html = (outputs / "site" / str(YEAR) / f"{UNIT}.html").read_text(encoding="utf-8")
    assert (f"Pada tahun {YEAR}, INLINE_SENTINEL {_cases(outputs)} kasus, 307,527 gram, "
            "<code>tidak_ada</code>? lalu.") in html
    for row in ("TOMD_ALPHA", "MDDISPLAY_ROW"):  # printed and displayed to_markdown()
        assert re.search(rf"<td[^>]*>{row}</td>\s*<td[^>]*>7\.654\.321</td>\s*<td[^>]*>45,25</td>",
                         html), row
    assert re.search(r'<table id="tbl-analis">\s*<caption>Tabel TBLCAP_SENTINEL</caption>',
                     html)
    assert "TBLCAP_ROW" in html and "4.321" in html and "eval: false cell ran" not in html


def test_inline_values_and_markdown_tables_are_in_the_pdf(built):
    outputs, _, _ = built
    text = _pdf_text(outputs / "site" / str(YEAR) / f"{UNIT}.pdf")
    assert f"Pada tahun {YEAR}, INLINE_SENTINEL {_cases(outputs)} kasus, 307,527 gram" in text
    pdf = outputs / "site" / str(YEAR) / f"{UNIT}.pdf"
    assert _pdf_row(pdf, "TOMD_ALPHA") == "TOMD_ALPHA 7.654.321 45,25"
    assert _pdf_row(pdf, "MDDISPLAY_ROW") == "MDDISPLAY_ROW 7.654.321 45,25"
    assert re.search(r"Tabel \d+: Tabel TBLCAP_SENTINEL", text), text


def test_what_the_report_cannot_show_is_in_the_summary_and_the_log(built):
    outputs, printed, first = built
    chart_without_alt, javascript, inline = first + 4, first + 5, first + 6
    assert (f"Warning: {YEAR} {UNIT}, cell {javascript} (application/javascript): "
            "this kind of output cannot be placed in the report; not shown") in printed
    assert f"Warning: {YEAR} {UNIT}, cell {chart_without_alt} (image/" in printed
    assert "chart without alt text" in printed
    assert (f"Warning: {YEAR} {UNIT}, cell {inline} (inline code): `{{python}} tidak_ada`: "
            "NameError: name 'tidak_ada' is not defined; shown as the expression with \"?\""
            ) in printed
    assert printed.count("Warning:") == 3, printed  # the report's own charts carry alt text
    (log,) = (outputs / "logs").glob("*.jsonl")
    (record,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()
                 if '"unit"' in line]
    assert record["status"] == "ok"
    assert {(w["cell"], w["kind"]) for w in record["warnings"]} >= {
        (javascript, "application/javascript"), (inline, "inline code")}
    assert len(record["warnings"]) == 3


def test_the_summary_says_where_the_report_is(built):
    outputs, printed, _ = built
    report = outputs / "site" / str(YEAR) / UNIT
    assert f"\nReport {YEAR} {UNIT}: {report}.html, {report}.pdf\n" in printed
