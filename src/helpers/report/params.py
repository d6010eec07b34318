"""The parameters of one report: layered YAML files, then command-line values (later wins).

``params/defaults.yaml`` → ``params/<year>/defaults.yaml`` → ``params/<year>/<unit_id>.yaml`` →
values given on the command line or by the notebook. Nested mappings (``signatory``,
``narrative``) merge key by key, so a unit file may set only the signatory's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from helpers.reference.units import UNIT_ID_PATTERN

BUILTIN_DEFAULTS: dict[str, Any] = {
    "language": "id",
    "status": "draft",
    "suppression_threshold": 5,
    "signatory": {"name": "", "title": "", "place": ""},
    "narrative": {"highlights": "", "obstacles": "", "actions": ""},
}
LANGUAGES = ("id", "en")
STATUSES = ("draft", "final")


class ParamsError(ValueError):
    """A params file is malformed or holds a value the report cannot use."""


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge two mappings; ``None`` in the override means "not given"."""
    out = dict(base)
    for key, value in override.items():
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParamsError(
            f"{path}: expected a mapping of keys to values, got {type(loaded).__name__}")
    return loaded


def param_files(params_dir: Path, year: int, unit_id: str) -> list[Path]:
    """The files that apply to one report, in the order they are merged."""
    if not UNIT_ID_PATTERN.fullmatch(unit_id):
        raise ParamsError(f"invalid unit_id {unit_id!r}")
    return [params_dir / "defaults.yaml", params_dir / str(year) / "defaults.yaml",
            params_dir / str(year) / f"{unit_id}.yaml"]


def load_params(params_dir: Path | None, year: int, unit_id: str,
                overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The merged parameters of one report, validated."""
    merged = dict(BUILTIN_DEFAULTS)
    if params_dir is not None:
        for path in param_files(Path(params_dir), year, unit_id):
            merged = merge(merged, _read(path))
    merged = merge(merged, overrides or {})
    validate(merged)
    return merged


def validate(params: Mapping[str, Any]) -> None:
    if params.get("language") not in LANGUAGES:
        raise ParamsError(f"language must be one of {LANGUAGES}, got {params.get('language')!r}")
    if params.get("status") not in STATUSES:
        raise ParamsError(f"status must be one of {STATUSES}, got {params.get('status')!r}")
    threshold = params.get("suppression_threshold")
    if not isinstance(threshold, int) or threshold < 0:
        raise ParamsError(f"suppression_threshold must be a whole number ≥ 0, got {threshold!r}")
    for key in ("signatory", "narrative"):
        if not isinstance(params.get(key), Mapping):
            raise ParamsError(f"{key} must be a mapping, got {params.get(key)!r}")
