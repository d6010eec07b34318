"""Worker start-up: unused optional imports are skipped, and notebooks still validate."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.config import notebook_path

_PROBE = """
import json, sys
from helpers.executors import skip_unused_imports
skip_unused_imports()
import nbformat, papermill
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
bad = nbformat.from_dict({**nb, "cells": [{"cell_type": "code"}]})
try:
    nbformat.validate(bad)
    invalid = "accepted"
except nbformat.ValidationError:
    invalid = "rejected"
print(json.dumps({"loaded": sys.modules.get("rfc3987_syntax") is not None, "invalid": invalid}))
"""


def test_worker_skips_the_iri_grammar_and_still_validates_notebooks():
    out = subprocess.run([sys.executable, "-c", _PROBE, str(notebook_path())],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"loaded": False, "invalid": "rejected"}


def test_local_workers_share_the_build_s_one_fork_server(tmp_path):
    from helpers import kernels
    from helpers.executors import LocalExecutor

    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    executor = LocalExecutor(2, tmp_path, fork=True)
    address, process = executor.server.address, executor.server.process
    seen = list(executor.run_all(kernels.server_in_use, list(range(8))))
    assert {s["borrowed"] for s in seen} == {address}  # every worker forks from the build's
    assert {s["own"] for s in seen} == {None}  # and none started a fork-server of its own
    assert process.poll() is not None  # stopped with the build
    assert executor.server is None
