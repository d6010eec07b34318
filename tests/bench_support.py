"""Shared by the bench tests: a script of bench/ imported as a module (bench/ is no package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from helpers.common.config import project_root


def bench_script(name: str) -> tuple[Path, ModuleType]:
    """``bench/<name>.py``'s path and the module it defines (registered as ``bench_<name>``)."""
    path = project_root() / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return path, module
