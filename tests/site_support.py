"""Builders shared by the site tests and browser tests (no tests of its own).

Real figures files come from :func:`helpers.stats.report_figures.report_figures`, the function
the report notebook itself calls, so the site is tested on exactly the numbers reports publish;
the HTML and PDF beside them are tiny placeholders except where a test renders a real report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from helpers.build.run import figures_json
from helpers.reference.registry import Registry
from helpers.stats.report_figures import report_figures
from helpers.store.slices import Store

PLACEHOLDER_PDF = b"%PDF-1.4\n% placeholder\n%%EOF\n"


def placeholder_html(name: str) -> str:
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{name}</title>'
            f'</head><body><main><h1>{name}</h1></main></body></html>\n')


def write_reports(site_dir: Path, store: Store, registry: Registry, years: Iterable[int],
                  units: Iterable[str] | None = None, *, skip: Iterable[str] = ()) -> int:
    """Write figures files (real numbers) plus placeholder HTML/PDF; return how many reports."""
    wanted = set(units) if units is not None else None
    skipped = set(skip)
    count = 0
    for year in years:
        folder = site_dir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for unit in registry.units(year):
            if unit.unit_id in skipped or (wanted is not None and unit.unit_id not in wanted):
                continue
            figures = report_figures(store, registry, unit.unit_id, year, parameters={})
            (folder / f"{unit.unit_id}.json").write_bytes(figures_json(figures))
            (folder / f"{unit.unit_id}.html").write_text(placeholder_html(unit.name),
                                                          encoding="utf-8")
            (folder / f"{unit.unit_id}.pdf").write_bytes(PLACEHOLDER_PDF)
            count += 1
    return count


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def synthetic_figures(registry: Registry, unit_id: str, year: int, scale: int = 1) -> dict:
    """A figures file with the contract's shape and made-up numbers (for speed and scale tests).

    Deterministic per unit and year, so tests can predict rankings from the files they wrote.
    """
    unit = registry.get(unit_id)
    seed = sum(map(ord, unit_id)) * 7 + year

    def headline(shift: int) -> dict:
        base = (seed + shift) % 97 + 3
        return {
            "cases": base * scale, "suspects": base * 2 * scale,
            "seizures": [{"drug": "sabu", "quantity": round(base * 12.345, 3), "uom": "gram"},
                         {"drug": "ekstasi", "quantity": base, "uom": "butir"}],
            "p21": base // 2, "tppu": base % 3, "assets_rp": (base % 3) * 125_000_000,
            "networks": base % 4, "labs": base % 2,
            "rehab": {"clients": base * 3 * scale, "pasca_rehab": base, "rawat_inap": base,
                      "rawat_jalan": base, "ibm": base // 3},
            "outreach": {"activities": base * 4, "media_reach": 0,
                         "participants": base * 1234 * scale},
            "assessments": {"total": base * 2, "rawat_jalan": base, "rawat_inap": base // 2,
                            "proses_hukum": base - base // 2},
            "tests": {"skhpn": {"tested": base * 10, "positive": base % 5},
                      "tes_urine": {"tested": base * 30, "positive": base % 7}},
            "community": {"penggiat": base * 5, "relawan": base * 4, "desa_bersinar": base % 6,
                          "sekolah_bersinar": base % 9, "ibm_lembaga": base % 2,
                          "kerja_sama": base % 4},
        }

    previous = ({"year": year - 1, **headline(-1)} if unit.exists_in(year - 1) else None)
    return {"unit_id": unit_id, "unit_name": unit.name, "year": year, "level": unit.level,
            "parent_id": registry.parent(unit_id, year),
            "region_codes": registry.region_codes(unit_id), "language": "id",
            **headline(0), "own": headline(5), "previous": previous,
            "provenance": {"data": "store", "data_sha256": "0" * 64, "code_version": "test",
                           "parameters": {}, "generated_at": "2025-01-01T00:00:00+00:00"}}


def write_synthetic(site_dir: Path, registry: Registry, years: Iterable[int], *,
                    skip: Iterable[str] = (), keep: bool = True) -> int:
    """Synthetic figures plus placeholder HTML/PDF for every unit; existing files are kept."""
    skipped = set(skip)
    count = 0
    for year in years:
        folder = site_dir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for unit in registry.units(year):
            target = folder / f"{unit.unit_id}.json"
            if unit.unit_id in skipped or (keep and target.exists()):
                continue
            target.write_bytes(figures_json(synthetic_figures(registry, unit.unit_id, year)))
            (folder / f"{unit.unit_id}.html").write_text(placeholder_html(unit.name),
                                                          encoding="utf-8")
            (folder / f"{unit.unit_id}.pdf").write_bytes(PLACEHOLDER_PDF)
            count += 1
    return count
