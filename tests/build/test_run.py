"""One report's run: the figures file's bytes, the run log's record, and how a failure is told
(its last line, the failing cell as the analyst counts it, a renderer's own reason); all without
a kernel but the last."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat import v4
from papermill.exceptions import PapermillExecutionError

from helpers.build.run import Run, RunOptions, RunResult, _failed, execute_run, figures_json
from helpers.stats.figures_file import KEY_ORDER

RUN = Run("bnnk-lubuklinggau", 2022, {"unit_id": "bnnk-lubuklinggau", "language": "en"})


def _executed(path: Path, *, failing: bool) -> Path:
    """A notebook as papermill leaves it: its own cells added, cells marked as they ran."""
    started = {"papermill": {"start_time": "2025-01-01T00:00:00", "status": "completed"}}
    last = {"papermill": {"start_time": "2025-01-01T00:00:01",
                          **({"exception": True, "status": "failed"} if failing
                             else {"status": "running"})}}
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("An Exception was encountered",
                             metadata={"tags": ["papermill-error-cell-tag"]}),
        v4.new_code_cell("unit_id = 'bnn-ri'", metadata={"tags": ["parameters"], **started}),
        v4.new_code_cell("unit_id = 'x'", metadata={"tags": ["injected-parameters"], **started}),
        v4.new_markdown_cell("# Ringkasan"),
        v4.new_code_cell("r = Report.open(unit_id)", metadata=started),
        v4.new_code_cell("r.summary()", metadata=last),
        v4.new_code_cell("r.rehab()", metadata={"papermill": {"status": "pending"}}),
    ]
    nbformat.write(nb, path)
    return path


def test_the_figures_file_is_utf8_in_the_contract_s_order_with_one_newline():
    data = figures_json({"provenance": {}, "unit_name": "BNN Kota Lubuklinggau – Sumsel",
                         "cases": 2, "unit_id": "bnnk-lubuklinggau", "extra": True})
    text = data.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "Lubuklinggau – Sumsel" in text  # not escaped as \u2013
    assert list(json.loads(text)) == ["unit_id", "unit_name", "cases", "provenance", "extra"]
    assert [k for k in json.loads(text) if k in KEY_ORDER] == [
        k for k in KEY_ORDER if k in json.loads(text)]


def test_a_run_log_record_names_the_unit_first_and_leaves_the_files_out():
    result = RunResult("bnnk-dumai", 2024, "ok", 1.25, files={"html": b"<html>"},
                       language="en")
    record = result.log_record()
    assert next(iter(record)) == "unit" and record["unit"] == "bnnk-dumai"
    assert "files" not in record and "unit_id" not in record
    assert (record["year"], record["status"], record["language"]) == (2024, "ok", "en")
    assert Run("bnnk-dumai", 2024, {}).language == "id"


def test_a_notebook_error_is_its_last_line_at_the_cell_the_analyst_counts(tmp_path: Path):
    executed = _executed(tmp_path / "executed.ipynb", failing=True)
    error = PapermillExecutionError(5, 3, "r.summary()", "ValueError",
                                    "data bnnk-lubuklinggau rusak\n\ncek tabel kasus", [])
    result = _failed(RUN, executed, error, time.perf_counter())
    assert result.status == "failed" and result.language == "en"
    assert result.error == "cek tabel kasus"
    assert result.cell == 4  # papermill's own cells are not counted; Markdown cells are
    assert result.files == {"failed": executed.read_bytes()}


def test_a_timeout_names_the_cell_that_was_running_and_the_first_line_of_the_error(
        tmp_path: Path):
    executed = _executed(tmp_path / "executed.ipynb", failing=False)
    error = TimeoutError("Cell execution timed out\nafter 600 seconds")
    result = _failed(RUN, executed, error, time.perf_counter())
    assert result.error == "TimeoutError: Cell execution timed out"
    assert result.cell == 4


def test_a_failure_before_any_notebook_was_written_has_no_cell_and_no_file(tmp_path: Path):
    result = _failed(RUN, tmp_path / "executed.ipynb", RuntimeError("\nkernel died\n"),
                     time.perf_counter())
    assert (result.error, result.cell, result.files) == ("RuntimeError: kernel died", None, {})
    rendering = _failed(RUN, _executed(tmp_path / "done.ipynb", failing=True),
                        OSError("pandoc: not found"), time.perf_counter(), executing=False)
    assert (rendering.error, rendering.cell) == ("OSError: pandoc: not found", None)
    assert "failed" in rendering.files  # the executed notebook is still kept


def test_a_report_typst_cannot_compile_fails_saying_why_not_where_it_ran(tmp_path: Path):
    """A real run (kernel, pandoc, Typst) of a notebook whose chart is not an SVG: the run's
    error is Typst's reason and the figure's name, never the run's private temporary path."""
    notebook = tmp_path / "analyst.ipynb"
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("unit_id = 'bnnk-lubuklinggau'\nyear = 2022",
                         metadata={"tags": ["parameters"]}),
        v4.new_markdown_cell("# Grafik"),
        v4.new_code_cell("from IPython.display import display\n"
                         "display({'image/svg+xml': 'bukan svg', 'text/plain': 'Grafik kasus'},"
                         " raw=True)"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, notebook)
    run = Run("bnnk-lubuklinggau", 2022, {"unit_id": "bnnk-lubuklinggau", "year": 2022})
    result = execute_run((run, RunOptions(formats=("html", "pdf"), timeout=60,
                                          notebook=str(notebook))))
    assert result.status == "failed", result
    assert result.error.startswith("RenderError: Typst failed: failed to parse SVG")
    assert "fig-1.svg" in result.error
    assert tempfile.gettempdir() not in result.error and "\n" not in result.error


def test_a_kernel_that_dies_at_start_is_started_again_on_new_ports(tmp_path: Path,
                                                                    monkeypatch):
    """Another process takes the first kernel's shell port between the connection file and the
    kernel's bind (a real kernel then dies before answering): the report runs in a new kernel
    and succeeds; a kernel that keeps dying is reported once, as before."""
    import socket

    from helpers.build import kernels

    notebook = tmp_path / "analyst.ipynb"
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("unit_id = 'bnnk-lubuklinggau'", metadata={"tags": ["parameters"]}),
        v4.new_markdown_cell("# Laporan"), v4.new_code_cell("print('jalan')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, notebook)
    held: list[socket.socket] = []
    original = kernels.kernel_manager_class

    def port_taken(times: int):
        def manager_class(fork: bool):
            class PortTaken(original(fork)):
                def write_connection_file(self, **kw):
                    super().write_connection_file(**kw)
                    if len(held) < times:
                        taken = socket.socket()
                        taken.bind((self.ip, self.shell_port))
                        taken.listen()
                        held.append(taken)
            return PortTaken
        return manager_class

    run = Run("bnnk-lubuklinggau", 2022, {"unit_id": "bnnk-lubuklinggau"})
    options = RunOptions(formats=("html",), timeout=60, notebook=str(notebook))
    try:
        monkeypatch.setattr(kernels, "kernel_manager_class", port_taken(1))
        result = execute_run((run, options))
        assert result.status == "ok", result
        assert len(held) == 1 and "jalan" in result.files["notebook"].decode()
        monkeypatch.setattr(kernels, "kernel_manager_class", port_taken(3))
        result = execute_run((run, options))
        assert result.status == "failed" and "died before replying" in result.error
        assert len(held) == 3  # the first try and one more, not a third
    finally:
        for taken in held:
            taken.close()
