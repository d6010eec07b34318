"""The save-at-end papermill engine: same executed notebook, written once, also on failure."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from papermill.exceptions import PapermillExecutionError
from papermill.iorw import papermill_io

from helpers.build import papermill_engine as engine

pytestmark = pytest.mark.integration


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def test_engine_writes_once_and_matches_papermill(tmp_path, monkeypatch):
    source = _notebook(tmp_path / "in.ipynb", "x = 1", "print(x * 21)", "x + 1")
    writes: list[str] = []
    real = papermill_io.write

    def counting(buf, path, *args, **kwargs):
        writes.append(path)
        return real(buf, path, *args, **kwargs)

    monkeypatch.setattr(papermill_io, "write", counting)
    ours = tmp_path / "ours.ipynb"
    pm.execute_notebook(str(source), str(ours), parameters={"x": 2}, engine_name=engine.register(),
                        progress_bar=False, kernel_name="python3")
    assert writes == [str(ours)]  # papermill's own engine writes 2 per cell + start and end
    writes.clear()
    theirs = tmp_path / "theirs.ipynb"
    pm.execute_notebook(str(source), str(theirs), parameters={"x": 2}, progress_bar=False,
                        kernel_name="python3")
    assert len(writes) > 6

    def outputs(path: Path) -> list:
        return [c.get("outputs") for c in json.loads(path.read_text())["cells"]]

    assert outputs(ours) == outputs(theirs)
    assert "".join(outputs(ours)[-2][0]["text"]) == "42\n"


def test_engine_keeps_failed_notebook_with_error_marker(tmp_path):
    source = _notebook(tmp_path / "in.ipynb", "x = 1", "raise ValueError('boom')", "x")
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError, match="boom"):
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3")
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata.papermill["exception"] is True
    assert any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in nb.cells)
    assert any(c.metadata.get("papermill", {}).get("status") == "failed" for c in nb.cells)


def test_engine_writes_what_ran_when_execution_breaks_off(tmp_path):
    source = _notebook(tmp_path / "in.ipynb", "x = 1", "print('before')",
                       "import time; time.sleep(60)", "x")
    out = tmp_path / "out.ipynb"
    with pytest.raises(Exception, match="(?i)timed? ?out"):
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3", execution_timeout=2)
    nb = nbformat.read(out, as_version=4)  # papermill writes nothing after a timeout
    assert "".join(nb.cells[1].outputs[0]["text"]) == "before\n"
    assert nb.cells[2].metadata.papermill["start_time"]  # the cell that was running
    assert not nb.cells[3].metadata.papermill.get("start_time")  # never reached


def test_publishable_run_writes_the_published_notebook_itself(tmp_path):
    from helpers.render.publish import publishable_notebook

    source = _notebook(tmp_path / "in.ipynb", "x = 1", "print(x * 21)")
    out = tmp_path / "out.ipynb"
    nb = pm.execute_notebook(str(source), str(out), parameters={"x": 2},
                             engine_name=engine.register(), progress_bar=False,
                             kernel_name="python3", publishable=True)
    written = out.read_text(encoding="utf-8")
    assert written == nbformat.writes(publishable_notebook(nb))  # nothing left to scrub
    assert str(tmp_path) not in written  # papermill's input and output paths are gone
    assert nb.metadata.papermill["parameters"] == {"x": 2}
    assert "".join(nb.cells[-1].outputs[0]["text"]) == "42\n"


def test_publishable_failed_notebook_keeps_the_error_marker_without_local_paths(tmp_path):
    source = _notebook(tmp_path / "in.ipynb", "x = 1", "raise ValueError('boom')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError, match="boom"):
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3", publishable=True)
    written = out.read_text(encoding="utf-8")
    assert "papermill-error-cell-tag" in written and str(tmp_path) not in written


def _with_markdown(path: Path, *cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def test_inline_code_sees_the_namespace_at_its_cell_and_eval_false_is_not_run(tmp_path):
    from helpers.render.inline_code import INLINE_TAG, inline_values

    v4 = nbformat.v4
    source = _with_markdown(
        tmp_path / "in.ipynb", v4.new_code_cell("x = 1"),
        v4.new_markdown_cell("Sebelum: `{python} x` dan `{python} y`"),
        v4.new_code_cell("y = x * 1000.5"),
        v4.new_markdown_cell("Sesudah: `{python} y`"),
        v4.new_code_cell("#| eval: false\nraise ValueError('not run')"),
        v4.new_code_cell("print('end')"))
    out = tmp_path / "out.ipynb"
    nb = pm.execute_notebook(str(source), str(out), parameters={"x": 2},
                             engine_name=engine.register(), progress_bar=False,
                             kernel_name="python3", publishable=True)
    assert out.read_text(encoding="utf-8") == nbformat.writes(nb)
    assert INLINE_TAG not in out.read_text(encoding="utf-8")  # folded back: the analyst's cells
    assert [c.cell_type for c in nb.cells] == ["code", "code", "markdown", "code", "markdown",
                                               "code", "code"]  # + papermill's parameters
    assert inline_values(nb.cells[2]) == ([
        {"expression": "x", "markdown": "2"},
        {"expression": "y", "error": "NameError: name 'y' is not defined"}], [])
    assert inline_values(nb.cells[4]) == ([{"expression": "y", "markdown": "2.001"}], [])
    assert nb.cells[5].outputs == [] and "".join(nb.cells[6].outputs[0]["text"]) == "end\n"


def test_a_slow_inline_expression_breaks_off_like_a_cell_and_leaves_the_analysts_cells(tmp_path):
    v4 = nbformat.v4
    source = _with_markdown(tmp_path / "in.ipynb", v4.new_code_cell("import time"),
                            v4.new_markdown_cell("`{python} time.sleep(60)`"),
                            v4.new_code_cell("print('never')"))
    out = tmp_path / "out.ipynb"
    with pytest.raises(Exception, match="(?i)timed? ?out"):
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3", execution_timeout=2)
    nb = nbformat.read(out, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code", "markdown", "code"]
    assert nb.cells[1].metadata.papermill["start_time"]  # the run log names this cell
    assert not nb.cells[2].metadata.papermill.get("start_time")


def test_a_notebook_without_inline_code_or_eval_false_runs_unchanged():
    """No added cell, no extra kernel round trip: the report notebook is executed as written."""
    from helpers.common.config import notebook_path

    nb = nbformat.read(notebook_path(), as_version=4)
    before = nbformat.writes(nb)
    assert engine.prepare_quarto_cells(nb) == 0
    assert nbformat.writes(nb) == before
