"""bench/bench.py --tricks: it measures every adapter's tricks, found by listing the package."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys

import helpers.adapters
from helpers.common.config import project_root

SCRIPT = project_root() / "bench" / "bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_adapter_trick_is_a_variant_turned_off_alone():
    variants = _bench().trick_variants()
    declared = [name for info in pkgutil.iter_modules(helpers.adapters.__path__)
                for name in getattr(importlib.import_module(f"helpers.adapters.{info.name}"),
                                    "TRICKS", ())]
    assert {"quiet-flush", "output-nodes", "iso-dates", "iso-durations", "memory-fonts",
            "line-metrics", "kernel-hooks"} <= set(declared)
    assert variants["all tricks"] == ""
    assert variants["public API only (plain kernels)"] == "1"
    assert {value for label, value in variants.items() if label.startswith("no ")} == set(declared)
    assert len(variants) == len(declared) + 2
