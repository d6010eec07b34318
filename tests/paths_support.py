"""A deployment's folders for a test: the shared sample data, a params copy of its own (tests
edit it) and an outputs folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.common.config import Paths, project_root


def own_params(root: Path) -> Path:
    """A copy of the project's params folder at ``root/params``."""
    params = Path(root) / "params"
    shutil.copytree(project_root() / "params", params)
    return params


def sample_paths(root: Path, data_dir: Path) -> Paths:
    """``data_dir`` (read-only), a params copy and an outputs folder under ``root``."""
    return Paths(data_dir=data_dir, params_dir=own_params(root), outputs_dir=Path(root) / "outputs")
