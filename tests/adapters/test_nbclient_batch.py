"""A report's cells in one kernel request: the same executed notebook as one request per cell
(outputs, counts, metadata keys, the error cell, papermill's banner, the exception), used only
where a forked kernel offers it and the trick is on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from nbformat import v4

from helpers.adapters import nbclient_batch
from helpers.build import kernels
from helpers.build import papermill_engine as engine
from helpers.build.plan import plan
from helpers.store.slices import Store
from paths_support import sample_paths

needs_fork = pytest.mark.skipif(not kernels.fork_available(), reason="no fork on this platform")
TIMES = ("start_time", "end_time", "duration")
START = nbclient_batch.start

#: Every kind of output and cell the worker handles: streams (stdout, stderr, stdout again),
#: a display updated by its id from a later cell, a delayed clear, magics, an expression,
#: an allowed error, an empty and two skipped cells, then an error that stops the report (and
#: before them a Markdown cell's inline code, run in a cell the engine adds).
CELLS = [
    ("import sys\nprint('satu')\nprint('dua', file=sys.stderr)\nprint('tiga')", []),
    ("from IPython.display import clear_output, display, update_display\n"
     "h = display({'text/plain': 'lama'}, raw=True, display_id='tabel')", []),
    ("print('sebelum')\nclear_output(wait=True)\nprint('sesudah')\n"
     "update_display({'text/plain': 'baru'}, raw=True, display_id='tabel')", []),
    ("%time z = 2", []),
    ("%%capture tangkap\nprint('tertangkap')", []),
    ("tangkap.stdout, x + z", []),
    ("1 / 0", ["raises-exception"]),
    ("", []),
    ("print('tidak dijalankan')", ["skip-execution"]),
    ("#| eval: false\nprint('tidak dijalankan juga')", []),
    ("print('lanjut')\nraise ValueError('boom')", []),
    ("print('tidak sampai')", []),
]


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    monkeypatch.delenv(nbclient_batch.ENV_PUBLIC_API, raising=False)


def test_the_trick_is_used_only_where_tested_and_not_turned_off(monkeypatch):
    assert nbclient_batch.fast() and nbclient_batch.fallbacks() == []
    assert nbclient_batch.TRICKS == ("batch-cells",)
    for off in ("batch-cells", "nbclient", "papermill", "all"):
        monkeypatch.setenv(nbclient_batch.ENV_PUBLIC_API, off)
        assert not nbclient_batch.fast()
    assert "its own kernel request" in nbclient_batch.fallbacks()[0]
    monkeypatch.delenv(nbclient_batch.ENV_PUBLIC_API)
    assert not nbclient_batch.in_tested_range({"nbclient": "0.12.0", "papermill": "2.7.0"})
    monkeypatch.setattr(nbclient_batch, "installed_version",
                        lambda name: {"nbclient": "0.10.2", "papermill": "2.7.0"}[name])
    assert not nbclient_batch.fast()
    assert nbclient_batch.fallbacks()[0].startswith(
        "nbclient 0.10.2, papermill 2.7.0 outside the tested range")


def _notebook(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    nb = v4.new_notebook(cells=[v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                                v4.new_markdown_cell("Nilai `{python} x * 2`")])
    nb.cells += [v4.new_code_cell(source, metadata={"tags": tags} if tags else {})
                 for source, tags in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _masked(text: str) -> dict:
    """An executed notebook without what differs between any two runs: times, the ids of the
    cells papermill adds, %time's clock and the kernel's PID."""
    text = re.sub(r"ipykernel_\d+", "ipykernel_PID", text)
    text = re.sub(r"(Wall time|CPU times)[^\\\"]*", r"\1: T", text)
    nb = json.loads(text)
    for meta in [nb["metadata"]["papermill"],
                 *(c["metadata"]["papermill"] for c in nb["cells"]
                   if "papermill" in c["metadata"])]:
        for key in TIMES:
            meta[key] = meta[key] is not None  # recorded or not, never the instant
        meta.pop("input_path", None), meta.pop("output_path", None)
    for cell in nb["cells"]:
        if "execution" in cell["metadata"]:  # which times nbclient recorded, not when
            cell["metadata"]["execution"] = sorted(cell["metadata"]["execution"])
        if set(cell["metadata"].get("tags", [])) & {"injected-parameters",
                                                    "papermill-error-cell-tag"}:
            cell["id"] = "added"
    return nb


def _run(source: Path, out: Path, monkeypatch, trick: bool, fork: bool = True,
         **kwargs) -> dict:
    """The masked executed notebook, the exception (type and text) and whether the cells went
    in one request."""
    monkeypatch.setenv(nbclient_batch.ENV_PUBLIC_API, "" if trick else "batch-cells")
    batched: list[bool] = []

    def recording_start(client):
        run = START(client)
        batched.append(run is not None)
        return run

    monkeypatch.setattr(nbclient_batch, "start", recording_start)
    error = None
    try:
        pm.execute_notebook(str(source), str(out), engine_name=engine.register(),
                            progress_bar=False, kernel_name="python3",
                            kernel_manager_class=kernels.kernel_manager_class(fork), **kwargs)
    except (Exception, KeyboardInterrupt) as exc:  # compared between the two paths
        text = re.sub(r"ipykernel_\d+", "ipykernel_PID", str(exc))
        error = f"{type(exc).__name__}: {text}"
    return {"notebook": _masked(out.read_text(encoding="utf-8")), "error": error,
            "batched": batched}


def _same_both_ways(source: Path, tmp_path: Path, monkeypatch, **kwargs) -> dict:
    ours = _run(source, tmp_path / "ours.ipynb", monkeypatch, True, **kwargs)
    theirs = _run(source, tmp_path / "theirs.ipynb", monkeypatch, False, **kwargs)
    assert ours["batched"] == [True] and theirs["batched"] == [False]
    assert ours["notebook"] == theirs["notebook"]
    assert ours["error"] == theirs["error"]
    return ours


@needs_fork
@pytest.mark.integration
def test_every_kind_of_cell_gives_the_notebook_one_request_per_cell_gives(tmp_path,
                                                                          monkeypatch):
    source = _notebook(tmp_path / "in.ipynb", CELLS)
    ours = _same_both_ways(source, tmp_path, monkeypatch, parameters={"x": 40})
    assert ours["error"].startswith("PapermillExecutionError") and "boom" in ours["error"]
    cells = [c for c in ours["notebook"]["cells"] if c["cell_type"] == "code"]
    by_source = {"".join(c["source"]): c for c in cells}
    first = by_source[CELLS[0][0]]["outputs"]
    assert [(o["name"], o["text"]) for o in first] == [("stdout", ["satu\n", "tiga\n"]),
                                                        ("stderr", ["dua\n"])]
    assert by_source[CELLS[1][0]]["outputs"][0]["data"] == {"text/plain": ["baru"]}
    assert [o.get("text") for o in by_source[CELLS[2][0]]["outputs"]] == [["sesudah\n"]]
    assert by_source[CELLS[5][0]]["outputs"][0]["data"]["text/plain"] == [
        "('tertangkap\\n', 42)"]
    assert by_source["1 / 0"]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert by_source[""]["execution_count"] is None
    assert by_source[CELLS[8][0]]["execution_count"] is None
    assert by_source[CELLS[10][0]]["metadata"]["papermill"]["exception"] is True
    assert by_source[CELLS[11][0]]["execution_count"] is None  # never ran
    assert by_source[CELLS[9][0]]["execution_count"] is None
    counts = [c["execution_count"] for c in cells if c["execution_count"]]
    assert counts == [1, 2, *range(4, 12)]  # 3: the inline code's cell, folded into its text
    (markdown,) = [c for c in ours["notebook"]["cells"] if c["cell_type"] == "markdown"
                   and "{python}" in "".join(c["source"])]
    assert "80" in json.dumps(markdown["metadata"])  # x * 2, x = 40 from the parameters


@needs_fork
@pytest.mark.integration
@pytest.mark.parametrize("cell,kwargs,error", [
    ("print('mulai')\nimport time\ntime.sleep(30)", {"execution_timeout": 1},
     "CellTimeoutError"),
    ("print('mulai')\nimport os, time\ntime.sleep(0.5)\nos._exit(1)", {}, "DeadKernelError"),
], ids=["timeout", "dead-kernel"])
def test_a_cell_cut_short_raises_what_one_request_per_cell_raises(tmp_path, monkeypatch, cell,
                                                                   kwargs, error):
    source = _notebook(tmp_path / "in.ipynb", [("y = 2", []), (cell, []), ("y", [])])
    ours = _same_both_ways(source, tmp_path, monkeypatch, **kwargs)
    assert ours["error"].startswith(error)
    cut, after = ours["notebook"]["cells"][-2:]
    assert cut["outputs"][0]["text"] == ["mulai\n"]  # what it printed before, kept
    assert cut["metadata"]["papermill"]["end_time"] is True
    assert after["metadata"]["papermill"]["start_time"] is False


@needs_fork
@pytest.mark.integration
def test_a_plain_kernel_runs_each_cell_in_its_own_request(tmp_path, monkeypatch):
    source = _notebook(tmp_path / "in.ipynb", CELLS[:6])
    plain = _run(source, tmp_path / "plain.ipynb", monkeypatch, True, fork=False)
    forked = _run(source, tmp_path / "forked.ipynb", monkeypatch, True)
    assert plain["batched"] == [False] and forked["batched"] == [True]
    assert plain["notebook"] == forked["notebook"] and plain["error"] is None


@needs_fork
@pytest.mark.integration
@pytest.mark.parametrize("unit", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_a_real_report_is_the_same_notebook_in_one_request(tmp_path, monkeypatch, registry,
                                                           sample_data_dir, unit):
    from helpers.build.run import notebook_path

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the figures' generation time
    paths = sample_paths(tmp_path, sample_data_dir)
    (run,) = [r for r in plan(paths, registry, Store(paths.store_dir), years=[2022],
                              units=[unit]) if r.language == "id"]
    notebook = notebook_path()
    kwargs = {"parameters": run.parameters, "execution_timeout": 120,
              "resources": {"metadata": {"path": str(notebook.parent)}},
              "coalesce_streams": True}
    ours = _same_both_ways(notebook, tmp_path, monkeypatch, **kwargs)
    assert ours["error"] is None
    executed = [c for c in ours["notebook"]["cells"] if c.get("execution_count")]
    assert len(executed) > 15 and any(c["outputs"] for c in executed)


@needs_fork
@pytest.mark.integration
def test_ctrl_c_while_a_cell_runs_leaves_the_notebook_one_request_per_cell_leaves(tmp_path,
                                                                                monkeypatch):
    """Ctrl-C arrives in the worker while it handles the cell's first output (both ways)."""
    from helpers.adapters import papermill_loop

    client = papermill_loop.one_loop_client()
    process_message = client.process_message

    def interrupted(self, msg, cell, cell_index):
        if msg["msg_type"] == "stream" and "berhenti" in msg["content"]["text"]:
            raise KeyboardInterrupt
        return process_message(self, msg, cell, cell_index)

    monkeypatch.setattr(client, "process_message", interrupted)
    source = _notebook(tmp_path / "in.ipynb", [("y = 2", []), ("print('berhenti')", []),
                                                ("y", [])])
    ours = _same_both_ways(source, tmp_path, monkeypatch)
    assert ours["error"] == "KeyboardInterrupt: "
    cut, after = ours["notebook"]["cells"][-2:]
    assert cut["metadata"]["papermill"]["end_time"] is True
    assert after["metadata"]["papermill"]["start_time"] is False
