"""A kernel's output streams that skip an empty flush: the same outputs as ipykernel's own
streams, and ipykernel's own wherever the trick is off or untested."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat import v4

from helpers.adapters import ipykernel_streams
from helpers.build import kernels
from helpers.build.run import Run, RunOptions, execute_run

#: Cells that write in every way a report's cells do: lines, a partial line, stderr, a display
#: between two prints, a warning, and a cell that writes nothing.
CELLS = [
    "print('a')\nprint('b', end='')",
    "import sys\nsys.stderr.write('peringatan\\n')\nprint('c')",
    "from IPython.display import display\nprint('sebelum')\n"
    "display({'text/plain': 'tabel'}, raw=True)\nprint('sesudah')",
    "import warnings\nwarnings.warn('kolom kosong')",
    "x = 1",
    "sys.stdout.writelines(['d\\n', 'e\\n'])\nsys.stdout.flush()\nprint('f')",
    "print(type(sys.stdout).__name__, type(sys.stderr).__name__)",
]


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    monkeypatch.delenv(ipykernel_streams.ENV_PUBLIC_API, raising=False)


def test_the_kernels_stream_class_is_the_adapter_s_only_on_the_fast_path(monkeypatch):
    assert ipykernel_streams.fast() and ipykernel_streams.fallbacks() == []
    name = ipykernel_streams.outstream_class()
    assert name == "helpers.adapters.ipykernel_streams.QuietFlushOutStream"
    from ipykernel.iostream import OutStream

    assert issubclass(ipykernel_streams.QuietFlushOutStream, OutStream)
    monkeypatch.setenv(ipykernel_streams.ENV_PUBLIC_API, "quiet-flush")
    assert ipykernel_streams.outstream_class() == ipykernel_streams.PUBLIC_STREAM
    assert "empty output streams" in ipykernel_streams.fallbacks()[0]
    monkeypatch.setenv(ipykernel_streams.ENV_PUBLIC_API, "ipykernel")
    assert not ipykernel_streams.fast()


def test_outside_the_tested_range_kernels_keep_ipykernel_s_stream(monkeypatch):
    assert not ipykernel_streams.in_tested_range("7.5.0")
    assert not ipykernel_streams.in_tested_range("6.29.5")
    monkeypatch.setattr(ipykernel_streams, "installed_version", lambda: "7.5.0")
    assert ipykernel_streams.outstream_class() == ipykernel_streams.PUBLIC_STREAM
    assert ipykernel_streams.fallbacks()[0].startswith(
        "ipykernel 7.5.0 is outside the tested range (>=7.4,<7.5)")


def _outputs(notebook, monkeypatch, public: str) -> list:
    monkeypatch.setenv(ipykernel_streams.ENV_PUBLIC_API, public)  # the kernel inherits it
    run = Run("bnnk-lubuklinggau", 2022, {"unit_id": "bnnk-lubuklinggau", "year": 2022})
    result = execute_run((run, RunOptions(formats=("html",), timeout=60, notebook=notebook)))
    assert result.status == "ok", result.error
    text = re.sub(r"ipykernel_\d+", "ipykernel_PID", result.files["notebook"].decode())
    cells = json.loads(text)["cells"]  # a warning names the kernel's folder, by its PID
    return [c["outputs"] for c in cells if c["cell_type"] == "code"]


@pytest.mark.skipif(not kernels.fork_available(), reason="no fork on this platform")
def test_a_forked_kernel_s_outputs_are_the_same_with_ipykernel_s_own_streams(tmp_path,
                                                                              monkeypatch):
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("unit_id = 'bnnk-lubuklinggau'\nyear = 2022",
                         metadata={"tags": ["parameters"]}),
        *(v4.new_code_cell(source) for source in CELLS)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    notebook = tmp_path / "streams.ipynb"
    nbformat.write(nb, notebook)
    quiet = _outputs(str(notebook), monkeypatch, "")
    public = _outputs(str(notebook), monkeypatch, "quiet-flush")
    assert quiet[-1][0]["text"] == ["QuietFlushOutStream QuietFlushOutStream\n"]
    assert public[-1][0]["text"] == ["OutStream OutStream\n"]
    assert quiet[:-1] == public[:-1]
    assert quiet[2] == [{"name": "stdout", "output_type": "stream", "text": ["a\n", "b"]}]
    assert [o.get("name") for o in quiet[3]] == ["stdout", "stderr"]
