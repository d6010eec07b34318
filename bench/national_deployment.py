"""The national-size deployment ``bench/national.py`` measures: a registry and a store.

BNN RI, the 38 BNNP and 181 BNNK over 2019–2024 (1,300 reports). The bundled sample registry
(50 BNNK, with its openings, closures and the 2023 moves to the new Papua provinces) is extended
with BNNKs seated in the regencies and cities of ``data/reference/regions.csv`` (the project's
copy of the shared Kemendagri list) that it does not cover, shared out over the provinces by their
uncovered regions, cities first; every third new BNNK also serves a neighbouring regency, every
ninth two ("rayonisasi"). Deterministic: no randomness, the same files every time. The store is
:func:`helpers.ingest.sample.generate_sample` over that registry. ``small`` is BNN RI, BNNP
Sumatera Selatan and five BNNK over two years (14 reports), for a smoke run.
"""

from __future__ import annotations

import csv
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from helpers.ingest.sample import SAMPLE_YEARS, generate_sample
from helpers.reference.registry import Registry
from helpers.store.slices import Store

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
VOCABULARY_FILES = ("regions.csv", "drugs.csv", "uom.csv", "vocabulary.csv")
REGISTRY_FILES = {"units.csv": ("unit_id", "name", "level", "parent_id", "region_code",
                                "from_year", "to_year"),
                  "unit_regions.csv": ("unit_id", "region_code"),
                  "unit_parents.csv": ("unit_id", "parent_id", "from_year", "to_year")}
NEW_BNNK_FROM = 2015  # generated BNNKs open before the first year measured


@dataclass(frozen=True)
class Scale:
    provinces: tuple[str, ...]  # province codes; empty: all 38
    bnnk: int  # BNNKs in all: the bundled sample's first, then generated ones
    years: tuple[int, ...]


def scales() -> dict[str, Scale]:
    return {"national": Scale((), 181, tuple(SAMPLE_YEARS)),
            "small": Scale(("16",), 5, tuple(SAMPLE_YEARS[-2:]))}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _base_name(name: str) -> tuple[str, str]:
    """``"Kota Administrasi Jakarta Utara"`` → ``("Kota", "Jakarta Utara")``."""
    kind, _, rest = name.partition(" ")
    return kind, rest.removeprefix("Administrasi ")


def registry_rows(scale: Scale) -> dict[str, list[dict[str, str]]]:
    """The rows of ``units.csv``, ``unit_regions.csv`` and ``unit_parents.csv`` at ``scale``."""
    regions = _rows(REFERENCE / "regions.csv")
    units = _rows(REFERENCE / "units.csv")
    coverage = _rows(REFERENCE / "unit_regions.csv")
    links = _rows(REFERENCE / "unit_parents.csv")
    wanted = set(scale.provinces) or {r["region_code"] for r in regions if "." not in
                                      r["region_code"]}
    bnnp = {u["region_code"]: u for u in units if u["level"] == "provinsi"
            and u["region_code"] in wanted}
    bnnk = [u for u in units if u["level"] == "kabkota"
            and u["region_code"].split(".")[0] in wanted][:scale.bnnk]
    kept = {u["unit_id"] for u in [*units[:1], *bnnp.values(), *bnnk]}
    units = [u for u in units if u["unit_id"] in kept]
    coverage = [c for c in coverage if c["unit_id"] in kept]
    links = [x for x in links if x["unit_id"] in kept]
    # A BNNP younger than its BNNKs (the 2022 split of Papua): the parent its bundled BNNKs had.
    before = {x["parent_id"]: prev["parent_id"] for prev, x in zip(links, links[1:], strict=False)
              if prev["unit_id"] == x["unit_id"]}
    covered = {c["region_code"] for c in coverage}
    pools = {p: [r for r in sorted(regions, key=lambda r: (r["level"] != "kota", r["region_code"]))
                 if r["province_code"] == p and "." in r["region_code"]
                 and r["region_code"] not in covered] for p in sorted(bnnp)}
    names = [_base_name(r["name"]) for r in regions if "." in r["region_code"]]
    shared = {name for kind, name in names if (("Kota" if kind != "Kota" else "Kabupaten"),
                                                name) in names}  # bnnk-kota-x, bnnk-kab-x
    taken = {u["unit_id"] for u in units}
    counts = _share(scale.bnnk - len(bnnk), {p: len(pool) for p, pool in pools.items()})
    made = 0
    for code, pool in pools.items():
        seats, rest = pool[:counts[code]], [r for r in pool[counts[code]:]
                                            if r["level"] == "kabupaten"]
        parent = bnnp[code]
        for seat in seats:
            kind, name = _base_name(seat["name"])
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            if name in shared:
                slug = f"{'kota' if kind == 'Kota' else 'kab'}-{slug}"
            unit_id = f"bnnk-{slug}"
            if unit_id in taken:
                raise ValueError(f"{unit_id} (for {seat['name']}) is already a unit")
            taken.add(unit_id)
            start = max(NEW_BNNK_FROM, int(parent["from_year"]))
            if parent["unit_id"] in before:
                start = NEW_BNNK_FROM
                links += [{"unit_id": unit_id, "parent_id": before[parent["unit_id"]],
                           "from_year": str(start), "to_year": str(int(parent["from_year"]) - 1)},
                          {"unit_id": unit_id, "parent_id": parent["unit_id"],
                           "from_year": parent["from_year"], "to_year": ""}]
            units.append({"unit_id": unit_id, "name": f"BNN {kind} {name}", "level": "kabkota",
                          "parent_id": parent["unit_id"], "region_code": seat["region_code"],
                          "from_year": str(start), "to_year": ""})
            extra = 2 if made % 9 == 0 else 1 if made % 3 == 0 else 0
            served = [seat, *rest[:extra]]
            rest = rest[extra:]
            coverage += [{"unit_id": unit_id, "region_code": r["region_code"]} for r in served]
            made += 1
    return {"units.csv": units, "unit_regions.csv": coverage, "unit_parents.csv": links}


def _share(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` split in proportion to ``weights`` (largest remainder; none above its weight)."""
    whole = sum(weights.values()) or 1
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[:total - sum(counts.values())]:
        counts[k] += 1
    return {k: min(v, weights[k]) for k, v in counts.items()}


def write_registry(reference: Path, scale: Scale) -> None:
    """A deployment's reference folder: the bundled vocabularies and regions, the units at
    ``scale``."""
    reference.mkdir(parents=True, exist_ok=True)
    for name in VOCABULARY_FILES:
        shutil.copyfile(REFERENCE / name, reference / name)
    for name, rows in registry_rows(scale).items():
        with (reference / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, REGISTRY_FILES[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def write_deployment(data_dir: Path, scale: Scale) -> dict[str, float]:
    """The registry under ``<data_dir>/reference`` and the store of ``scale.years``; a folder
    generated before is reused. Returns the seconds each part took."""
    t0 = time.perf_counter()
    if not (data_dir / "reference" / "units.csv").exists():
        write_registry(data_dir / "reference", scale)
    registry = Registry.load(data_dir / "reference")
    t1 = time.perf_counter()
    if not (data_dir / "store").exists():
        generate_sample(Store(data_dir / "store"), registry, years=scale.years)
    return {"registry": t1 - t0, "store": time.perf_counter() - t1}
