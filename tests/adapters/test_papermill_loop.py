"""A notebook's cells in one turn of the event loop: the same executed notebook as papermill's
own client (outputs, counts, statuses, markers), on success, on an error and on a timeout."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import papermill.engines
import pytest
from papermill.clientwrap import PapermillNotebookClient

from helpers.adapters import papermill_loop
from helpers.build import papermill_engine as engine

TIMES = ("start_time", "end_time", "duration")


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    """Every test starts on the fast path and leaves papermill as it found it."""
    monkeypatch.delenv(papermill_loop.ENV_PUBLIC_API, raising=False)
    monkeypatch.setattr(papermill.engines, "PapermillNotebookClient",
                        papermill.engines.PapermillNotebookClient)


def test_install_uses_the_trick_only_on_the_fast_path(monkeypatch):
    assert papermill_loop.install() is True
    assert papermill.engines.PapermillNotebookClient is papermill_loop.one_loop_client()
    assert issubclass(papermill_loop.one_loop_client(), PapermillNotebookClient)
    monkeypatch.setenv(papermill_loop.ENV_PUBLIC_API, "one-loop")
    assert papermill_loop.install() is False
    assert papermill.engines.PapermillNotebookClient is PapermillNotebookClient
    assert papermill_loop.fallbacks() == [
        "WORKBOOK_PUBLIC_API: each cell of a report runs in its own turn of the event loop "
        "(same reports, slower)"]


def test_outside_the_tested_range_papermill_runs_as_installed(monkeypatch):
    assert papermill_loop.fast() and papermill_loop.fallbacks() == []
    assert not papermill_loop.in_tested_range({"papermill": "2.8.0", "nbclient": "0.11.0"})
    assert not papermill_loop.in_tested_range({"papermill": "2.7.0", "nbclient": "0.12.1"})
    monkeypatch.setattr(papermill_loop, "installed_version",
                        lambda name: {"papermill": "2.6.0", "nbclient": "0.11.0"}[name])
    assert papermill_loop.install() is False
    assert papermill.engines.PapermillNotebookClient is PapermillNotebookClient
    assert papermill_loop.fallbacks()[0].startswith(
        "papermill 2.6.0, nbclient 0.11.0 outside the tested range")


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("Teks"))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


def _run(source: Path, out: Path, monkeypatch, trick: bool, **kwargs) -> dict:
    """The executed notebook (JSON), its times blanked; the exception's text if it failed."""
    monkeypatch.setenv(papermill_loop.ENV_PUBLIC_API, "" if trick else "one-loop")
    error = None
    try:
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3", **kwargs)
    except Exception as exc:  # noqa: BLE001 - compared between the two paths
        said = getattr(exc, "evalue", None) or str(exc).strip().splitlines()[0]
        error = f"{type(exc).__name__}: {said}"
    assert (papermill.engines.PapermillNotebookClient is papermill_loop.one_loop_client()) is trick
    nb = json.loads(out.read_text(encoding="utf-8"))
    cells = [c["metadata"]["papermill"] for c in nb["cells"] if "papermill" in c["metadata"]]
    for meta in [nb["metadata"]["papermill"], *cells]:
        for key in TIMES:
            meta[key] = meta[key] is not None  # recorded or not, never the instant
        meta.pop("input_path", None), meta.pop("output_path", None)
    for cell in nb["cells"]:  # nbclient's message times: which were recorded, not when
        timing = cell["metadata"].get("execution", {})
        cell["metadata"]["execution"] = sorted(timing)
        if set(cell["metadata"].get("tags", [])) & {"injected-parameters",
                                                    "papermill-error-cell-tag"}:
            cell["id"] = "added"  # papermill gives the cells it adds a new id every run
    return {"notebook": nb, "error": error}


@pytest.mark.integration
@pytest.mark.parametrize("sources,kwargs", [
    (("x = 1", "print(x * 21)", "x + 1", "import sys; print('hati-hati', file=sys.stderr)"), {}),
    (("x = 1", "print('sebelum')", "raise ValueError('boom')", "x"), {}),
    (("x = 1", "print('sebelum')", "import time; time.sleep(30)", "x"),
     {"execution_timeout": 1}),
], ids=["ok", "error", "timeout"])
def test_one_loop_gives_the_notebook_papermills_client_gives(tmp_path, monkeypatch, sources,
                                                           kwargs):
    source = _notebook(tmp_path / "in.ipynb", *sources)
    ours = _run(source, tmp_path / "ours.ipynb", monkeypatch, True, parameters={"x": 2}, **kwargs)
    theirs = _run(source, tmp_path / "theirs.ipynb", monkeypatch, False, parameters={"x": 2},
                  **kwargs)
    assert ours == theirs
    statuses = [c["metadata"]["papermill"]["status"] for c in ours["notebook"]["cells"]
                if "papermill" in c["metadata"]]
    if "execution_timeout" in kwargs:  # the running cell completed, the next not started
        assert ours["error"].startswith("CellTimeoutError")
        running, after = (c["metadata"]["papermill"] for c in ours["notebook"]["cells"][-2:])
        assert running["end_time"] is running["duration"] is True
        assert after["start_time"] is False
    elif ours["error"]:
        assert "boom" in ours["error"] and "failed" in statuses
    else:
        assert ours["error"] is None and set(statuses) == {"completed"}
