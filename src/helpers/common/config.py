"""Where the data, the params and the outputs live.

Real BNN data is sensitive and must never have to live inside the repository, so every command
and the notebook resolve their folders the same way: an explicit option wins, then the
environment (``WORKBOOK_DATA_DIR``, ``WORKBOOK_PARAMS_DIR``, ``WORKBOOK_OUTPUTS_DIR``), then the
project's own ``data/``, ``params/`` and ``outputs/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "WORKBOOK_DATA_DIR"
ENV_PARAMS_DIR = "WORKBOOK_PARAMS_DIR"
ENV_OUTPUTS_DIR = "WORKBOOK_OUTPUTS_DIR"


def project_root() -> Path:
    """The repository checkout this package is installed from (editable install)."""
    return Path(__file__).resolve().parents[3]


def notebook_path() -> Path:
    """The report notebook that papermill executes for every unit and year."""
    return project_root() / "notebooks" / "annual_report.ipynb"


@dataclass(frozen=True)
class Paths:
    """The three folders a run reads from and writes to, absolute."""

    data_dir: Path
    params_dir: Path
    outputs_dir: Path

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def reference_dir(self) -> Path:
        """The deployment's reference data, or the bundled sample registry when it has none."""
        own = self.data_dir / "reference"
        if (own / "units.csv").exists():
            return own
        return project_root() / "data" / "reference"

    @property
    def site_dir(self) -> Path:
        return self.outputs_dir / "site"


def _pick(option: str | os.PathLike[str] | None, env: str, default: Path) -> Path:
    if option not in (None, ""):
        return Path(option).expanduser().resolve()
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser().resolve()
    return default


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    params_dir: str | os.PathLike[str] | None = None,
    outputs_dir: str | os.PathLike[str] | None = None,
) -> Paths:
    """Resolve the folders: option, then environment variable, then the project's own."""
    root = project_root()
    return Paths(
        data_dir=_pick(data_dir, ENV_DATA_DIR, root / "data"),
        params_dir=_pick(params_dir, ENV_PARAMS_DIR, root / "params"),
        outputs_dir=_pick(outputs_dir, ENV_OUTPUTS_DIR, root / "outputs"),
    )
