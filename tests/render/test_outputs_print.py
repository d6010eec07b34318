"""A report chart's print copy (its words as text, not outlines): the PDF's figure file, while
the HTML page keeps the outlines (helpers.render.outputs, helpers.render.documents).

The chart is displayed as the report displays it (``charts.show``); the notebook is then
written and read back as papermill leaves it, and rendered with pandoc and Typst."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import nbformat
import pytest
from nbformat import v4

from helpers.render.documents import render_notebook
from helpers.render.notebook import notebook_to_markdown
from helpers.report import charts, charts_svg
from helpers.report.mimetypes import PRINT_SVG_MIME
from render_support import SVG, display, make_notebook


def _chart_output(monkeypatch) -> dict:
    shown = []
    monkeypatch.setattr(charts_svg, "display", lambda bundle, raw: shown.append(bundle))
    chart = charts.marked_bar_chart(["Zamrud", "Yakut", "Xenon"], [41, None, 17],
                                    [None, "<5", None], title="Klien Qorvex",
                                    value_label="Orang")
    charts_svg.show(chart, alt="Klien per layanan")
    return shown[0]


def _notebook(monkeypatch, *, printed: bool = True) -> nbformat.NotebookNode:
    """The sample report with a report chart, round-tripped through nbformat's JSON."""
    bundle = _chart_output(monkeypatch)
    if not printed:
        del bundle[PRINT_SVG_MIME]
    nb = make_notebook(rows=5)
    nb.cells.insert(-1, v4.new_code_cell("report.rehab_chart()", outputs=[display(bundle)]))
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    nbformat.validate(nb)
    return nb


def test_the_chart_s_print_copy_is_written_beside_its_figure(monkeypatch, tmp_path):
    bundle = _chart_output(monkeypatch)
    nb = _notebook(monkeypatch)
    src = notebook_to_markdown(nb, tmp_path)
    chart = next(p for p in src.images if p.read_bytes().startswith(b"<?xml"))
    assert chart.read_text() == bundle["image/svg+xml"]  # the page's figure, unchanged
    assert src.print_images == {chart.name: tmp_path / chart.name.replace(".svg", ".print.svg")}
    assert src.print_images[chart.name].read_text() == bundle[PRINT_SVG_MIME]
    assert f"]({chart.name})" in src.markdown and ".print.svg" not in src.markdown
    assert not [w for w in src.warnings if w.kind == PRINT_SVG_MIME]  # not an unshown output


def test_a_figure_without_a_print_copy_is_the_pdf_s_figure(tmp_path):
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell("plt.show()", outputs=[
        display({"image/svg+xml": SVG, "text/plain": "Grafik batang"})])]
    src = notebook_to_markdown(nb, tmp_path)
    assert src.print_images == {} and [p.name for p in src.images] == ["fig-1.svg"]


def _pdf_text(path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed")
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("printed", [True, False], ids=["print-copy", "outlines-only"])
def test_the_pdf_chart_s_words_are_text_and_the_page_keeps_outlines(monkeypatch, tmp_path,
                                                                    printed):
    bundle = _chart_output(monkeypatch)
    result = render_notebook(_notebook(monkeypatch, printed=printed), tmp_path / "r.html",
                             tmp_path / "r.pdf")
    text = _pdf_text(result.pdf)
    words = ("Klien Qorvex", "Zamrud", "Yakut", "Xenon", "<5")
    if printed:  # searchable, copyable, read aloud: the words of the chart, nothing more
        assert all(word in text for word in words)
    else:
        assert not any(word in text for word in words[:4])
    html = result.html.read_text(encoding="utf-8")
    figures = [base64.b64decode(data).decode() for data in re.findall(
        r'src="data:image/svg\+xml;base64,([^"]+)"', html)]
    assert bundle["image/svg+xml"] in figures  # the page draws the outlines, as before
    assert not any("<text" in figure for figure in figures)


def test_only_the_figure_call_names_the_print_copy_not_the_same_words_in_text():
    """An analyst's paragraph quoting ``#image("fig-1.svg")`` keeps its words in the PDF:
    pandoc's Typst writer escapes them (``\\#image``), and only the real call is renamed."""
    from pathlib import Path

    from helpers.render.documents import _print_figures
    from helpers.render.notebook import ReportSource

    source = ReportSource(markdown="", figures=None, meta={},
                          print_images={"fig-1.svg": Path("fig-1.print.svg")})
    typst = ('Tulis \\#image("fig-1.svg") di sel.\n\n'
             '#image("fig-1.svg", alt: "Klien")\n#image("fig-2.svg", alt: "Kasus")\n')
    assert _print_figures(source, typst) == (
        'Tulis \\#image("fig-1.svg") di sel.\n\n'
        '#image("fig-1.print.svg", alt: "Klien")\n#image("fig-2.svg", alt: "Kasus")\n')
