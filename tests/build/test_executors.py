"""Worker start-up: unused optional imports are skipped, and notebooks still validate."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.common.config import notebook_path

_PROBE = """
import json, sys
from helpers.build.executors import skip_unused_imports
skip_unused_imports()
import nbformat, papermill
import helpers.build.run, helpers.build.papermill_engine  # what a worker imports
import helpers.render.documents
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
bad = nbformat.from_dict({**nb, "cells": [{"cell_type": "code"}]})
try:
    nbformat.validate(bad)
    invalid = "accepted"
except nbformat.ValidationError:
    invalid = "rejected"
print(json.dumps({"loaded": sys.modules.get("rfc3987_syntax") is not None, "invalid": invalid,
                  "pandas": "pandas" in sys.modules}))
"""


def test_worker_skips_the_iri_grammar_and_pandas_and_still_validates_notebooks():
    """Workers import neither (~1.3 s and ~0.2 s each): their kernels compute, they render."""
    out = subprocess.run([sys.executable, "-c", _PROBE, str(notebook_path())],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"loaded": False, "invalid": "rejected", "pandas": False}


def test_local_workers_share_the_build_s_one_fork_server(tmp_path):
    from helpers.build import kernels
    from helpers.build.executors import LocalExecutor

    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    executor = LocalExecutor(2, tmp_path, fork=True)
    address, process = executor.server.address, executor.server.process
    seen = list(executor.run_all(kernels.server_in_use, list(range(8))))
    assert {s["borrowed"] for s in seen} == {address}  # every worker forks from the build's
    assert {s["own"] for s in seen} == {None}  # and none started a fork-server of its own
    workers = executor.exiting
    executor.close()
    assert len(workers) == 2 and not any(w.is_alive() for w in workers)
    assert process.poll() is not None  # stopped with the build
    assert executor.server is None


def test_a_build_started_early_hands_its_fork_server_to_the_workers(tmp_path):
    from helpers.build import kernels
    from helpers.build.executors import LocalExecutor, LocalStart

    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    start = LocalStart(fork=True)
    address, process, scratch = start.server.address, start.server.process, start.scratch
    executor = LocalExecutor(2, scratch, fork=True, server=start.take_server())
    seen = list(executor.run_all(kernels.server_in_use, list(range(4))))
    assert {s["borrowed"] for s in seen} == {address}
    executor.close()
    assert process.poll() == 0  # the executor stopped it the usual way: it served
    start.close()
    assert not scratch.exists()


def test_a_build_with_nothing_to_render_kills_its_early_fork_server_unused():
    from helpers.build import kernels
    from helpers.build.executors import LocalStart

    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    start = LocalStart(fork=True)
    process, scratch = start.server.process, start.scratch
    start.close()  # the server is still importing: it is killed, not waited for
    assert process.poll() == -9
    assert start.server is None and not scratch.exists()
    start.close()  # closing twice is harmless


def test_the_command_line_parses_without_importing_pandas():
    """A build starts its fork-server first: nothing before it may import pandas (~0.4 s)."""
    probe = ("import sys; from helpers.cli.workbook import make_parser; "
             "make_parser().parse_args(['build', '--year', '2024']); "
             "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_typst_threads_share_the_cores_among_the_workers():
    from helpers.build.executors import typst_threads

    assert typst_threads(2, cores=2) == 1  # a build as wide as the machine: one each
    assert typst_threads(1, cores=2) == 2  # a single report: every core
    assert typst_threads(3, cores=8) == 2
    assert typst_threads(16, cores=2) == 1  # never none


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
@pytest.mark.parametrize("preset", [None, "3"])
def test_each_worker_s_typst_starts_the_threads_it_is_given(tmp_path, monkeypatch, preset):
    """Workers size Rayon's pool before Typst starts it; a setting of the user's wins."""
    from helpers.build.executors import RAYON_THREADS_ENV, LocalExecutor, typst_threads
    from render_support import typst_pool_threads

    if preset is None:
        monkeypatch.delenv(RAYON_THREADS_ENV, raising=False)
    else:
        monkeypatch.setenv(RAYON_THREADS_ENV, preset)
    expected = preset or str(typst_threads(2))
    executor = LocalExecutor(2, tmp_path, fork=False)
    try:
        seen = list(executor.run_all(typst_pool_threads, list(range(4))))
    finally:
        executor.close()
    assert {s["env"] for s in seen} == {expected}
    assert {s["started"] for s in seen} == {int(expected)}
