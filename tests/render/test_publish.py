"""The executed notebook as published (helpers.render.publish): no local paths, users or hosts."""

from __future__ import annotations

import nbformat

from helpers.render.publish import publishable_notebook
from render_support import make_notebook


def test_publishable_notebook_strips_local_paths():
    nb = make_notebook()
    clean = publishable_notebook(nb)
    pm = clean.metadata["papermill"]
    for key in ("input_path", "output_path", "cwd", "environment_variables"):
        assert key not in pm
    assert pm["parameters"]["unit_id"] == "bnnk-lubuklinggau"
    dumped = nbformat.writes(clean)
    assert "/home/ani" not in dumped and "Users\\\\ani" not in dumped
    assert clean.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["papermill"]["cwd"] == "/home/ani/bnn"  # the original is untouched
    assert [c.get("outputs") for c in clean.cells] == [c.get("outputs") for c in nb.cells]
    assert [c.source for c in clean.cells] == [c.source for c in nb.cells]
    nbformat.validate(clean)
