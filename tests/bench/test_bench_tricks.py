"""bench/bench.py --tricks: it measures every adapter's tricks, found by listing the package."""

from __future__ import annotations

import importlib
import pkgutil

import helpers.adapters
from bench_support import bench_script


def test_every_adapter_trick_is_a_variant_turned_off_alone():
    variants = bench_script("bench")[1].trick_variants()
    declared = [name for info in pkgutil.iter_modules(helpers.adapters.__path__)
                for name in getattr(importlib.import_module(f"helpers.adapters.{info.name}"),
                                    "TRICKS", ())]
    assert {"quiet-flush", "output-nodes", "iso-dates", "iso-durations", "memory-fonts",
            "line-metrics", "kernel-hooks"} <= set(declared)
    assert variants["all tricks"] == ""
    assert variants["public API only (plain kernels)"] == "1"
    assert {value for label, value in variants.items() if label.startswith("no ")} == set(declared)
    assert len(variants) == len(declared) + 2
