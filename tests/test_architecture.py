"""Imports point down the pipeline only: the import contract of pyproject.toml holds.

The contract (``[tool.importlinter]``) orders the stage packages from the command line down to
the common plumbing; a module may import only from stages below its own, and sibling stages
joined by ``|`` not from each other. ``make test`` and ``make lint`` run the same check with
``lint-imports``; this test also proves the check bites, on a copy of the package with one
import pointing up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.common.config import project_root

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:  # this folder's ``helpers`` before the installed one
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath),
                                                          env.get("PYTHONPATH")]))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=project_root(),
                          env=env, capture_output=True, text=True, check=False)


def test_imports_point_down_the_pipeline() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_pointing_up_breaks_the_contract(tmp_path: Path) -> None:
    package = tmp_path / "helpers"
    shutil.copytree(project_root() / "src" / "helpers", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    atomic = package / "common" / "atomic.py"
    atomic.write_text(atomic.read_text(encoding="utf-8") + "\nimport helpers.cli  # noqa\n",
                      encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "helpers.common.atomic -> helpers.cli" in result.stdout
