"""Planning a build: which (unit, year) reports it makes, where their files go, and which of
them are stale (their inputs, code or outputs changed since they were last rendered) and why.

Runs only in the build's own process (it reads the store, so it imports pandas); the workers get
the planned :class:`~helpers.build.run.Run` objects, defined in the pandas-free
:mod:`helpers.build.run`.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpers.build import incremental
from helpers.build.run import FORMATS, Run
from helpers.common.config import Paths, notebook_path
from helpers.reference.registry import Registry
from helpers.report.params import load_params
from helpers.report.params_messages import LANGUAGES
from helpers.site.placeholders import is_placeholder
from helpers.stats.figures_file import TREND_YEARS
from helpers.store.publications import read_record, unit_publication
from helpers.store.slices import Store


class PlanError(ValueError):
    """The requested years or units cannot be built (nothing there, or unknown)."""


def notebook_parameters(notebook: Path) -> tuple[str, ...]:
    """The names a notebook's ``parameters`` cell assigns (papermill's convention), in order.

    Read as JSON and Python syntax, never run; a notebook without such a cell declares none.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            names: list[str] = []
            for node in ast.parse(source).body:
                targets = (node.targets if isinstance(node, ast.Assign) else
                           [node.target] if isinstance(node, ast.AnnAssign) else [])
                names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
            return tuple(names)
    return ()


def province_units(registry: Registry, token: str, year: int) -> list[str]:
    """A BNNP (by unit_id or province code) and all its sub-units in ``year``."""
    unit = registry.resolve(token, year)
    if unit.level != "provinsi":
        raise PlanError(f"{token!r} is {unit.unit_id}, not a BNNP (--province takes a BNNP "
                        "unit_id or a province code such as 16)")
    return [unit.unit_id, *registry.descendants(unit.unit_id, year)]


def plan(paths: Paths, registry: Registry, store: Store, *, years: Iterable[int] = (),
         units: Iterable[str] = (), provinces: Iterable[str] = (), all_years: bool = False,
         overrides: dict | None = None, notebook: Path | None = None) -> list[Run]:
    """The runs a build makes: every requested unit that exists in each requested year, in
    its language and, when its params say ``bilingual: true`` and ``overrides`` name no
    language, in the other one too (:func:`language_params`).

    No years: the latest year that has data (``all_years``: every year with data). No units and
    no provinces: every unit that exists in that year. Units may be named by unit_id or region
    code; a province means that BNNP and all its sub-units. Every run's params are checked here,
    before any kernel starts; params files may also set what ``notebook`` (default: the report
    notebook) declares in its parameters cell.
    """
    declared = notebook_parameters(notebook or notebook_path())
    available = store.years()
    if not available:
        store.require()
    years = sorted(set(years)) or (available if all_years else [available[-1]])
    missing = [y for y in years if y not in available]
    if missing:
        raise PlanError(f"no data for year {', '.join(map(str, missing))}; "
                        f"the store has {', '.join(map(str, available))}")
    units, provinces = list(units), list(provinces)
    named = [registry.resolve(u).unit_id for u in units]
    runs = []
    for year in years:
        wanted = set(named)
        for token in provinces:
            wanted.update(province_units(registry, token, year))
        record = read_record(paths.data_dir, year)
        for unit in registry.units(year):
            if (units or provinces) and unit.unit_id not in wanted:
                continue
            publication = unit_publication(record, unit.unit_id)
            for params in language_params(paths.params_dir, year, unit.unit_id, overrides,
                                          declared):
                if publication is not None:  # the date and Ralat it shows: the record's
                    params["publication"] = publication
                runs.append(Run(unit.unit_id, year, {
                    "unit_id": unit.unit_id, "year": year, "data_dir": str(paths.data_dir),
                    "params_dir": str(paths.params_dir), **params}))
    if (units or provinces) and not runs:
        raise PlanError(f"none of {', '.join(units + provinces)} exists in "
                        f"{', '.join(map(str, years))}")
    return runs


def language_params(params_dir: Path, year: int, unit_id: str, overrides: dict | None,
                    declared: Iterable[str] = ()) -> list[dict]:
    """The params of each language a report of ``unit_id`` and ``year`` is built in: its own
    language, then, when its params say ``bilingual: true``, the other one, since its page
    links that version (:mod:`helpers.report.navigation`). A language given explicitly
    (``--language``) is the only one."""
    params = load_params(params_dir, year, unit_id, overrides, declared=declared)
    if (overrides or {}).get("language") is not None or not params.get("bilingual"):
        return [params]
    other = next(lang for lang in LANGUAGES if lang != params["language"])
    return [params, load_params(params_dir, year, unit_id, {**(overrides or {}),
                                                            "language": other},
                                declared=declared)]


def ancestors(registry: Registry, unit_id: str, year: int) -> list[str]:
    """The units above ``unit_id`` in ``year``: its parent, that one's parent, … BNN RI."""
    found = []
    while (parent := registry.parent(unit_id, year)) is not None:
        found.append(parent)
        unit_id = parent
    return found


def reports_including(registry: Registry, years: Iterable[int], unit_id: str,
                      year: int) -> set[tuple[str, int]]:
    """The reports (unit, year) whose figures include ``unit_id``'s data of ``year``, other
    than its own: every unit above it that year and in the later years whose trend shows it,
    and the unit itself in those later years (last year's figures and the trend)."""
    found: set[tuple[str, int]] = set()
    for later in years:
        if not year <= later < year + TREND_YEARS:
            continue
        for unit in {*ancestors(registry, unit_id, year), *ancestors(registry, unit_id, later),
                     *([unit_id] if later != year else [])}:
            if registry.get(unit).exists_in(later):
                found.add((unit, later))
    return found


def dependent_runs(paths: Paths, registry: Registry, store: Store, runs: list[Run], *,
                   overrides: dict | None = None, notebook: Path | None = None) -> list[Run]:
    """The runs of reports that include the data of ``runs`` but are not among them (a BNNK's
    BNNP and BNN RI, that year and later): built with a subset, they would go stale silently."""
    planned = {(r.unit_id, r.year, r.language) for r in runs}
    wanted: dict[int, set[str]] = {}
    for run in runs:
        for unit, year in reports_including(registry, store.years(), run.unit_id, run.year):
            if (unit, year, run.language) not in planned:
                wanted.setdefault(year, set()).add(unit)
    extra: list[Run] = []
    for year, units in sorted(wanted.items()):
        extra += plan(paths, registry, store, years=[year], units=sorted(units),
                      overrides=overrides, notebook=notebook)
    return [r for r in extra if (r.unit_id, r.year, r.language) not in planned]


def stale_dependents(paths: Paths, registry: Registry, store: Store, runs: list[Run], *,
                     formats: tuple[str, ...] = FORMATS, overrides: dict | None = None,
                     notebook: Path | None = None) -> list[Run]:
    """Of :func:`dependent_runs`, those built before and now stale: what a subset build must
    also render (or, with ``--only``, name as left stale). A report never built is missing,
    not silently wrong: a first build of one unit (a preview) renders just that unit."""
    extra = [run for run in dependent_runs(paths, registry, store, runs, overrides=overrides,
                                           notebook=notebook)
             if output_paths(paths.outputs_dir, run.unit_id, run.year,
                             run.language)["manifest"].exists()]
    return [c.run for c in check(paths, registry, extra, formats=formats, notebook=notebook)
            if c.stale]


def output_paths(outputs_dir: Path, unit_id: str, year: int, language: str = "id") -> dict:
    """Where one report's files go (docs/architecture.md, "Where outputs go")."""
    suffix = "" if language == "id" else f".{language}"
    site = outputs_dir / "site" / str(year)
    notebooks = outputs_dir / "notebooks" / str(year)
    return {
        "html": site / f"{unit_id}{suffix}.html",
        "pdf": site / f"{unit_id}{suffix}.pdf",
        "json": site / f"{unit_id}.json",
        "notebook": notebooks / f"{unit_id}{suffix}.ipynb",
        "manifest": notebooks / f"{unit_id}{suffix}.build.json",
        "failed": outputs_dir / "failed" / str(year) / f"{unit_id}{suffix}.ipynb",
    }


def expected_outputs(run: Run, outputs_dir: Path, formats: Iterable[str],
                     figures: bool = True) -> list[Path]:
    """The files a rendered report must have (``figures``: it wrote a figures file)."""
    language = run.parameters.get("language", "id")
    out = output_paths(outputs_dir, run.unit_id, run.year, language)
    kinds = [*formats, "notebook"] + (["json"] if figures and language == "id" else [])
    return [out[k] for k in kinds]


@dataclass
class Check:
    """A planned run with its dependency hashes and why it must (or need not) render."""

    run: Run
    deps: incremental.Dependencies
    reasons: list[str]

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


def check(paths: Paths, registry: Registry, runs: list[Run], *,
          formats: tuple[str, ...] = FORMATS, force: bool = False,
          notebook: Path | None = None) -> list[Check]:
    """Which runs are stale, and why (``workbook build --dry-run`` prints this)."""
    fingerprint = incremental.Fingerprint.current(paths.reference_dir, notebook or notebook_path())
    slices = incremental.SliceDigests(Store(paths.store_dir))
    checks = []
    for run in runs:
        deps = incremental.report_dependencies(
            fingerprint=fingerprint, slices=slices, registry=registry,
            params_dir=paths.params_dir, unit_id=run.unit_id, year=run.year,
            parameters=run.parameters, formats=formats)
        language = run.parameters.get("language", "id")
        manifest = incremental.read_manifest(
            output_paths(paths.outputs_dir, run.unit_id, run.year, language)["manifest"])
        outputs = expected_outputs(run, paths.outputs_dir, formats,
                                   figures=bool(manifest and "json" in manifest.get("outputs", {})))
        reasons = incremental.staleness(deps, manifest, outputs, force=force).reasons
        stand_ins = [p.name for p in outputs
                     if not reasons and p.suffix == ".html" and is_placeholder(p)]
        if stand_ins:  # its page was removed and the site stood in for it since
            reasons = [f"output missing ({', '.join(stand_ins)}: a placeholder page)"]
        checks.append(Check(run, deps, reasons))
    return checks
