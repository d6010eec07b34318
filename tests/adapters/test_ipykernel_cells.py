"""A forked kernel that skips parsing its empty command line and reads each cell once: the same
outputs, errors and execution counts as ipykernel's own kernel, and ipykernel's own wherever
the tricks are off or untested."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat import v4

from helpers.adapters import ipykernel_batch, ipykernel_cells
from helpers.build import kernels

PUBLIC = "empty-argv,cell-once"
MODULE = "helpers.adapters.ipykernel_cells"
needs_fork = pytest.mark.skipif(not kernels.fork_available(), reason="no fork on this platform")

#: The analyst's own code transforms one string twice, the namespace changed in between: a
#: name that shadows a magic is no longer an automagic call (IPython's answer both times).
SHADOWED = ("line = 'pwd'\nbefore = ip.transform_cell(line)\npwd = 'variabel'\n"
            "after = ip.transform_cell(line)\ndel pwd\n(before, after)")

#: Cells that go through every step the trick touches: the input transformers (magics, shell
#: escapes, help), the prefilter of a single line, a syntax error, a transform that fails, an
#: error and its traceback, top-level await, a silent-looking cell, and a cell that transforms
#: the same string twice itself.
CELLS = [
    "x = 1\nx",
    "%time y = 2",
    "!echo shell",
    "print?",
    "%%capture out\nprint('tertangkap')",
    "out.stdout",
    "def f(:\n    pass",
    "%%nonexistent_magic\nx",
    "1 / 0",
    "import asyncio\nawait asyncio.sleep(0)\n'ditunggu'",
    "x = 3;",
    "ip = get_ipython()\ncode = '%time z = 4'\n(ip.transform_cell(code), ip.transform_cell(code))",
    "ip.transform_cell('x?') == ip.transform_cell('x?')",
    SHADOWED,
    "ip.run_cell('y = 5')\n" + SHADOWED.replace("ip.transform", "get_ipython().transform"),
    "",
    "print(ip.execution_count, x)",
]


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    monkeypatch.delenv(ipykernel_cells.ENV_PUBLIC_API, raising=False)


def test_the_tricks_are_used_only_where_tested_and_not_turned_off(monkeypatch):
    from ipykernel.kernelapp import IPKernelApp

    assert ipykernel_cells.fallbacks() == []
    assert ipykernel_cells.kernel_class() == f"{MODULE}.BatchCellOnceKernel"
    assert issubclass(ipykernel_cells.app_class(), IPKernelApp)
    assert ipykernel_cells.app_class() is not IPKernelApp
    monkeypatch.setenv(ipykernel_cells.ENV_PUBLIC_API, "batch-cells")
    assert ipykernel_cells.kernel_class() == f"{MODULE}.CellOnceKernel"
    monkeypatch.setenv(ipykernel_cells.ENV_PUBLIC_API, "cell-once")
    assert ipykernel_cells.kernel_class() == f"{MODULE}.BatchKernel"
    monkeypatch.setenv(ipykernel_cells.ENV_PUBLIC_API, "cell-once,batch-cells")
    assert ipykernel_cells.kernel_class() == ipykernel_cells.PUBLIC_KERNEL
    assert ipykernel_cells.app_class() is not IPKernelApp  # only the trick named is off
    assert "read each cell twice" in ipykernel_cells.fallbacks()[0]
    monkeypatch.setenv(ipykernel_cells.ENV_PUBLIC_API, "ipykernel")
    assert ipykernel_cells.app_class() is IPKernelApp
    found = dict(ipykernel_cells.installed_versions(), ipykernel="7.5.0")
    assert not ipykernel_cells.in_tested_range(found)
    monkeypatch.delenv(ipykernel_cells.ENV_PUBLIC_API)
    monkeypatch.setattr(ipykernel_cells, "installed_versions", lambda: found)
    monkeypatch.setattr(ipykernel_batch, "installed_version", lambda: "7.5.0")
    assert ipykernel_cells.app_class() is IPKernelApp
    assert ipykernel_cells.kernel_class() == ipykernel_cells.PUBLIC_KERNEL
    assert "ipykernel 7.5.0" in ipykernel_cells.fallbacks()[0]


@pytest.mark.parametrize("argv", [[], ["--IPKernelApp.log_level=50", "--", "extra"]])
def test_the_app_s_command_line_leaves_what_traitlets_parse_leaves(argv):
    from ipykernel.kernelapp import IPKernelApp
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    apps = [IPKernelApp(config=config), ipykernel_cells.app_class()(config=config)]
    for app in apps:
        app.parse_command_line(list(argv))
    public, fast = ({"config": app.config, "cli_config": app.cli_config, "argv": app.argv,
                     "extra_args": app.extra_args, "log_level": app.log_level} for app in apps)
    assert fast == public
    assert public["extra_args"] == (["extra"] if argv else [])


def _outputs(notebook, monkeypatch, public: str) -> list:
    """The executed cells' counts and outputs, run by nbclient in a forked kernel with errors
    allowed (the build stops at the first; these cells show every kind)."""
    from nbclient import NotebookClient

    monkeypatch.setenv(ipykernel_cells.ENV_PUBLIC_API, public)  # the kernel inherits it
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60,
                   kernel_manager_class=kernels.kernel_manager_class(True)).execute()
    text = re.sub(r"ipykernel_\d+", "ipykernel_PID", nbformat.writes(nb))
    text = re.sub(r"(Wall time|CPU times): [^\\]*", r"\1: T", text)  # %time's own clock
    cells = json.loads(text)["cells"]
    return [(c["execution_count"], c["outputs"]) for c in cells if c["cell_type"] == "code"]


def _notebook(tmp_path, cells: list[str]) -> str:
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("unit_id = 'bnnk-lubuklinggau'\nyear = 2022",
                         metadata={"tags": ["parameters"]}),
        *(v4.new_code_cell(source) for source in cells)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    notebook = tmp_path / "cells.ipynb"
    nbformat.write(nb, notebook)
    return str(notebook)


@needs_fork
def test_a_forked_kernel_s_outputs_are_the_same_as_ipykernel_s_own(tmp_path, monkeypatch):
    notebook = _notebook(tmp_path, CELLS)
    once = _outputs(notebook, monkeypatch, "")
    public = _outputs(notebook, monkeypatch, PUBLIC)
    assert once == public
    by_source = dict(zip(CELLS, once[-len(CELLS):], strict=True))
    assert by_source["def f(:\n    pass"][1][0]["ename"] == "SyntaxError"
    assert by_source["1 / 0"][1][0]["ename"] == "ZeroDivisionError"
    assert "UsageError" in json.dumps(by_source["%%nonexistent_magic\nx"][1])
    assert by_source["out.stdout"][1][0]["data"]["text/plain"] == ["'tertangkap\\n'"]
    assert by_source[SHADOWED][1][0]["data"]["text/plain"] == [
        "(\"get_ipython().run_line_magic('pwd', '')\\n\", 'pwd\\n')"]
    assert by_source["import asyncio\nawait asyncio.sleep(0)\n'ditunggu'"][1][0]["data"] == {
        "text/plain": ["'ditunggu'"]}


@needs_fork
def test_a_cell_is_transformed_once_with_the_trick_and_twice_without(tmp_path, monkeypatch):
    counter = ("ip = get_ipython()\nmanager = ip.input_transformer_manager\n"
               "seen = []\nreal = manager.transform_cell\n"
               "manager.transform_cell = lambda cell: seen.append(cell) or real(cell)")
    notebook = _notebook(tmp_path, [counter, "a = 1", "print(len(seen), type(ip).__name__)"])
    once = _outputs(notebook, monkeypatch, "")
    public = _outputs(notebook, monkeypatch, PUBLIC)
    # Two cells ran after the counter was set: "a = 1" and the print itself.
    assert once[-1][1][0]["text"] == ["2 CellOnceShell\n"]
    assert public[-1][1][0]["text"] == ["4 ZMQInteractiveShell\n"]
