"""The analyst guide's worked example is a real notebook cell: run against the sample store, it
shows what the guide says it shows, and the report renderer places all of it.

The example is the fenced ``python`` block after the ``<!-- example-cell`` marker, the same in
the English guide and the Indonesian one (so neither drifts). It runs in a real IPython shell,
as in the notebook's kernel, after ``Report.open``, as the notebook's first cells do.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from helpers.render.notebook import notebook_to_markdown
from helpers.report import Report

ROOT = Path(__file__).resolve().parents[1]
GUIDES = [ROOT / "docs" / "analyst-guide.md", ROOT / "docs" / "panduan-analis.md"]
EXAMPLE = re.compile(r"<!-- example-cell[^\n]*-->\n```python\n(.*?)\n```", re.S)


def example_cell(guide: Path) -> str:
    found = EXAMPLE.findall(guide.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{guide.name}: one example cell expected, found {len(found)}"
    return found[0]


def run_cell(code: str, report: Report) -> list:
    """The cell's displayed outputs, executed as the kernel would (``report`` already open)."""
    shell = InteractiveShell.instance()
    shell.user_ns["report"] = report
    with capture_output() as captured:
        result = shell.run_cell(code, store_history=False)
    result.raise_error()
    return captured.outputs


def test_both_guides_show_the_same_example_cell():
    assert example_cell(GUIDES[0]) == example_cell(GUIDES[1])


@pytest.fixture(scope="module")
def example() -> str:
    return example_cell(GUIDES[0])


def test_the_example_shows_a_table_and_a_chart_in_a_bnnk_report(example, sample_data_dir,
                                                                 tmp_path):
    report = Report.open("bnnk-lubuklinggau", 2022, data_dir=sample_data_dir,
                         params_dir=ROOT / "params")
    outputs = run_cell(example, report)
    assert [sorted(o.data) for o in outputs] == [
        ["text/markdown", "text/plain"],
        ["application/vnd.bnn.print+svg", "image/svg+xml", "text/plain"]]  # + the PDF's copy
    table = outputs[0].data["text/markdown"]
    total = report.figures["outreach"]["participants"]
    assert table.startswith("### Kegiatan tatap muka per jenis\n")
    assert f"Seluruhnya {total:,} peserta".replace(",", ".") in table
    assert "| Jenis kegiatan | Kegiatan | Peserta |" in table
    rows = [line for line in table.splitlines()[6:] if line.startswith("| ")]
    shown = sum(int(row.split("|")[3].strip().replace(".", "")) for row in rows)
    assert shown == total  # the table adds up to the report's published total
    assert "Penyebaran informasi melalui media" not in table  # reach is not participants
    assert outputs[1].data["image/svg+xml"].lstrip().startswith("<?xml")
    assert outputs[1].data["text/plain"].startswith("Grafik batang peserta")

    # The report renderer places both, with the cell's caption, and warns about nothing.
    cell = nbformat.v4.new_code_cell(example, outputs=[
        nbformat.v4.new_output("display_data", data=o.data, metadata=o.metadata or {})
        for o in outputs])
    source = notebook_to_markdown(nbformat.v4.new_notebook(cells=[cell]), tmp_path / "media")
    assert "| Jenis kegiatan | Kegiatan | Peserta |" in source.markdown
    assert "Peserta kegiatan tatap muka per jenis kegiatan" in source.markdown  # fig-cap
    assert list((tmp_path / "media").glob("fig-1.svg"))
    assert source.warnings == []


@pytest.mark.parametrize("unit_id", ["bnnp-sumsel", "bnn-ri"])
def test_the_example_adds_nothing_to_bnnp_and_bnn_ri_reports(example, sample_data_dir, unit_id):
    report = Report.open(unit_id, 2022, data_dir=sample_data_dir, params_dir=ROOT / "params")
    assert run_cell(example, report) == []


INLINE_EXAMPLE = re.compile(r"<!-- example-inline[^\n]*-->\n```markdown\n(.*?)\n```", re.S)


def test_the_inline_code_example_gives_the_sentence_the_guides_quote(sample_data_dir):
    """The Markdown cell with `{python} …` values, evaluated as the build evaluates it (in the
    kernel, after ``Report.open``) and written into the Markdown as the renderer writes it."""
    from helpers.render.inline_code import inline_code, substituted
    from helpers.report.inline_values import display_inline_values
    from helpers.report.mimetypes import INLINE_MIME

    (markdown,) = INLINE_EXAMPLE.findall(GUIDES[0].read_text(encoding="utf-8"))
    report = Report.open("bnnk-lubuklinggau", 2022, data_dir=sample_data_dir,
                         params_dir=ROOT / "params")
    shell = InteractiveShell.instance()
    shell.user_ns.update(report=report, year=2022)
    with capture_output() as captured:
        display_inline_values([c.expression for c in inline_code(markdown)], shell.user_ns)
    sentence, failures = substituted(markdown, captured.outputs[0].data[INLINE_MIME]["values"])
    assert failures == []
    sentence = " ".join(sentence.split())
    media = f"{report.figures['outreach']['media_reach']:,}".replace(",", ".")
    assert f"mencatat {report.figures['cases']} kasus dan menjangkau {media} orang" in sentence
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        assert INLINE_EXAMPLE.findall(text) == [markdown], guide.name
        assert f'"{sentence}"' in " ".join(text.split()), guide.name
