"""Worker start-up: unused optional imports are skipped, and notebooks still validate."""

from __future__ import annotations

import json
import subprocess
import sys

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
