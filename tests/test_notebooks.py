"""Committed notebooks carry no outputs and no execution counts.

Outputs are what "Run All" leaves (535 KB of charts for the report notebook); committed, they
bloat the history and hide the change in a diff. nbstripout strips them as a notebook is
committed (.gitattributes; ``make setup`` installs the filter), and this test is the check that
holds where the filter is not installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.common.config import project_root

ROOT = project_root()
NOTEBOOKS = sorted([*(ROOT / "notebooks").rglob("*.ipynb"),
                    *(ROOT / "tests" / "notebooks").rglob("*.ipynb")])
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]


def test_there_are_notebooks_to_check():
    assert ROOT / "notebooks" / "annual_report.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_committed_notebook_has_no_outputs_or_execution_counts(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [f"cell {n}: {what}" for n, cell in enumerate(nb["cells"], 1)
             for what in (["outputs"] if cell.get("outputs") else [])
             + (["execution_count"] if cell.get("execution_count") is not None else [])]
    assert not dirty, (f"{path.relative_to(ROOT)} was saved with outputs ({', '.join(dirty)}): "
                       "run `make setup` (installs nbstripout) or `.venv/bin/nbstripout "
                       f"--keep-id {path.relative_to(ROOT)}` before committing")
