"""National scale, measured: `workbook build` over a national-size deployment, in one run.

Generates a deployment of its own (``<work>/data``: registry and store, see
``bench/national_deployment.py``): BNN RI, the 38 BNNP and 181 BNNK, some serving several
regencies, over 2019–2024: 1,300 reports.

Modes (none given: all, in this order, on the same data): ``--cold`` every report of every year
(HTML + PDF); ``--noop`` the same build again; ``--baselines`` the competent pool
(``bench/competent.py``) and ``bench/bench.py``'s naive loop on ``--sample`` reports,
extrapolated per level; ``--changed`` one case removed from one BNNK's year, then the reports
it feeds (that BNNK, its BNNP and BNN RI, that year and each later year whose five-year window
shows it) rebuilt twice: by the whole build (``--all-years``, which finds what is stale) and by
naming them (``--unit`` … ``--year`` …). Prints medians and ratios, all from this one run, and
why each no-op or changed build rendered what it did. ``--scale small`` (BNN RI, BNNP Sumatera
Selatan, 5 BNNK, 2 years: 14 reports) is a smoke run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

from helpers.reference.registry import Registry
from helpers.stats.figures_file import TREND_YEARS

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LEVELS = ("pusat", "provinsi", "kabkota")
#: Targets from issue #18 (2 cores): cold seconds, ratios, share of cold, no-op seconds.
TARGETS = {"cold": 480.0, "competent": 4.0, "naive": 10.0, "changed": 0.10, "noop": 1.0}


def _sibling(name: str):
    """A script beside this one (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", Path(__file__).with_name(
        f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Bench:
    """One national run: the deployment, the build command, and every measured step."""

    def __init__(self, work: Path, registry: Registry, years: tuple[int, ...], jobs: int) -> None:
        self.work, self.registry, self.years, self.jobs = work, registry, years, jobs
        self.data, self.outputs = work / "data", work / "outputs"
        self.tools = _sibling("bench")
        self.env = {**os.environ, "WORKBOOK_DATA_DIR": str(self.data),
                    "WORKBOOK_OUTPUTS_DIR": str(self.outputs),
                    "WORKBOOK_PARAMS_DIR": str(ROOT / "params"),
                    "JUPYTER_DATA_DIR": str(work / "jupyter")}  # the notebooks it signs
        self.reports = [(u.unit_id, y) for y in years for u in registry.units(y)]
        self.levels = {u.unit_id: u.level for u in registry.units()}

    def build(self, label: str, *options: str) -> dict:
        """``workbook build`` timed, with what its run log says it rendered."""
        logs = self.outputs / "logs"
        before = set(logs.glob("*.jsonl")) if logs.exists() else set()
        command = [str(BIN / "workbook"), "build", "--jobs", str(self.jobs), *options]
        result = self.tools.measure(label, [command], self.env, check=False)
        new = sorted(set(logs.glob("*.jsonl")) - before)
        records = [json.loads(line) for path in new for line in path.read_text().splitlines()]
        done = [r for r in records if r.get("status") == "ok"]
        result["rendered"] = len(done)
        result["failed"] = sum(r.get("status") == "failed" for r in records)
        result["rendered_reports"] = [(r["unit"], r["year"]) for r in done]
        # Why each report rendered ("data changed (cases/2023/…)" → "data changed"): a no-op
        # that renders, or a change that renders more than it feeds, says why in the table.
        result["reasons"] = Counter(re.sub(r" \(.*?\)", "", why) for r in done
                                    for why in (r.get("reason") or "").split("; ") if why)
        if not new or result["failed"]:
            print(f"{label}: {result['failed']} failed or no run log; see {logs}", flush=True)
        return result

    def fed_by(self, unit_id: str, year: int) -> list[tuple[str, int]]:
        """The reports whose data includes ``unit_id``'s slices of ``year``."""
        found = []
        for y in self.years:
            if not year <= y < year + TREND_YEARS or not self.registry.get(unit_id).exists_in(y):
                continue
            parent = self.registry.parent(unit_id, y)
            found += [(unit_id, y), (parent, y), ("bnn-ri", y)]
        return found

    def changed(self, unit_id: str, year: int, reps: int) -> list[dict]:
        """Remove one case, rebuild everything; remove another, rebuild the named reports."""
        fed = self.fed_by(unit_id, year)
        selection = [o for u in dict.fromkeys(u for u, _ in fed) for o in ("--unit", u)]
        selection += [o for y in dict.fromkeys(y for _, y in fed) for o in ("--year", str(y))]
        rows = []
        for label, options in ((f"{unit_id} {year} changed: `--all-years`", ["--all-years"]),
                               (f"{unit_id} {year} changed: `{' '.join(selection)}`", selection)):
            runs = []
            for _ in range(reps):
                self.tools.change_one_bnnk(self.data, unit_id, year)
                runs.append(self.build(label, *options))
            missed = {r for run in runs for r in fed if r not in run["rendered_reports"]}
            rows.append({**median_of(runs), "fed": len(fed), "missed": sorted(missed)})
        return rows

    def competent(self, sample: list[tuple[str, int]]) -> dict:
        """The competent pool on ``sample``; its wall and CPU extrapolated to every report."""
        out, summary = self.work / "competent", self.work / "competent.json"
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, str(Path(__file__).with_name("competent.py")),
                   "--data-dir", str(self.data), "--params-dir", str(ROOT / "params"),
                   "--out", str(out), "--jobs", str(self.jobs), "--summary", str(summary),
                   *[o for unit, year in sample for o in ("--report", f"{unit}:{year}")]]
        label = f"competent pool ({self.jobs} processes)"
        result = self.tools.measure(label, [command], self.env, check=False)
        pool = json.loads(summary.read_text()) if summary.exists() else {"reports": []}
        timed = [{**r, "level": self.levels[r["unit"]], "error": r["error"] or (
            None if all((out / str(r["year"]) / f"{r['unit']}.{kind}").exists()
                        for kind in ("html", "pdf")) else "no HTML or PDF")}
                 for r in pool["reports"]]
        if len(timed) < len(sample):
            print(f"{label}: {len(sample) - len(timed)} report(s) not run; see {summary}")
        return self._extrapolated(label, timed, result)

    def naive(self, sample: list[tuple[str, int]]) -> dict:
        """bench/bench.py's naive loop, report by report, extrapolated to every report."""
        shutil.rmtree(self.work / "naive", ignore_errors=True)
        timed = []
        for unit, year in sample:
            folder = self.work / "naive" / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            one = self.tools.naive([unit], year, self.env, folder, {unit: self.levels[unit]})
            made = all((folder / f"{unit}.{kind}").exists() for kind in ("html", "pdf"))
            timed.append({**one, "unit": unit, "year": year, "level": self.levels[unit],
                          "error": None if made else "no HTML or PDF"})
        return self._extrapolated("naive loop (4 processes per report)", timed, {
            "wall": sum(t["wall"] for t in timed), "cpu": sum(t["cpu"] for t in timed),
            "peak_mib": max(t["peak_mib"] for t in timed)})

    def _extrapolated(self, label: str, timed: list[dict], measured: dict) -> dict:
        """``measured`` (wall, CPU of ``timed``) scaled to every report, level by level."""
        levels = [self.levels[unit] for unit, _ in self.reports]
        factor = extrapolate(timed, levels, "wall") / (sum(t["wall"] for t in timed) or 1)
        return {**measured, "label": label, "timed": len(timed), "measured_wall": measured["wall"],
                "wall": measured["wall"] * factor, "cpu": measured["cpu"] * factor,
                "ok": sum(not t["error"] for t in timed),
                "errors": [f"{t['year']} {t['unit']}: {t['error']}" for t in timed if t["error"]]}


def extrapolate(timed: list[dict], levels: list[str], key: str) -> float:
    """Σ over levels of (mean ``key`` of the timed reports of that level × reports of that level):
    BNN RI's, a BNNP's and a BNNK's reports differ (a parent's reads and shows more). With every
    report timed, this is their sum."""
    if not timed:
        return 0.0
    overall = statistics.fmean(t[key] for t in timed)
    total = 0.0
    for level in dict.fromkeys(levels):
        same = [t[key] for t in timed if t["level"] == level]
        total += levels.count(level) * (statistics.fmean(same) if same else overall)
    return total


def sample_reports(reports: list[tuple[str, int]], levels: dict[str, str], n: int,
                   seed: int = 18) -> list[tuple[str, int]]:
    """``n`` reports at random (seeded), one of each level first; all when ``n`` is 0 or more."""
    if n <= 0 or n >= len(reports):
        return list(reports)
    shuffled = random.Random(seed).sample(reports, len(reports))
    firsts = [next(r for r in shuffled if levels[r[0]] == level) for level in LEVELS
              if any(levels[u] == level for u, _ in reports)]
    return (firsts + [r for r in shuffled if r not in firsts])[:n]


def median_of(runs: list[dict]) -> dict:
    """One row from repeated runs: the median of each measure, and every wall time."""
    keys = ("wall", "cpu", "peak_mib", "rendered", "failed")
    return {"label": runs[0]["label"], "walls": [r["wall"] for r in runs],
            "reasons": dict(sum((r["reasons"] for r in runs), Counter())),
            **{k: statistics.median(r[k] for r in runs) for k in keys}}


def table(rows: dict[str, dict], reports: int) -> list[str]:
    """The results as Markdown: medians, ratios to the cold build, the targets; then why the
    no-op and changed builds rendered what they did."""
    cold = rows.get("cold")
    lines = ["| step | reports rendered | wall s | CPU s | peak MiB | per report wall s | "
             "against cold | target |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for key, row in rows.items():
        count, per, against, target = f"{row.get('rendered', 0):g}", "", "", ""
        if key in ("cold", "noop"):
            limit = TARGETS[key]
            target = f"< {limit:g} s: {_met(row['wall'] < limit)}"
            per = f"{row['wall'] / reports:.2f}" if key == "cold" else ""
        elif key.startswith("changed"):
            count += f" ({row['fed']} fed" + (f", {len(row['missed'])} of them not rendered)"
                                               if row["missed"] else ")")
            if cold:
                against = f"{row['wall'] / cold['wall']:.1%}"
                target = f"< {TARGETS['changed']:.0%}: " + _met(
                    row["wall"] / cold["wall"] < TARGETS["changed"])
        else:
            count = (f"{reports}, all timed" if row["timed"] >= reports else
                     f"{reports}, extrapolated from {row['timed']} timed "
                     f"({row['measured_wall']:.1f} s)") + f"; {row['ok']} made HTML + PDF"
            per = f"{row['wall'] / reports:.2f}"
            if cold:
                against = f"{row['wall'] / cold['wall']:.1f}×"
                target = f"≥ {TARGETS[key]:g}×: {_met(row['wall'] / cold['wall'] >= TARGETS[key])}"
        lines.append(f"| {row['label']} | {count} | {row['wall']:.1f} | {row['cpu']:.1f} | "
                     f"{row['peak_mib']:.0f} | {per} | {against} | {target} |")
    for key, row in rows.items():
        if row.get("reasons") and key != "cold":
            why = ", ".join(f"{reason} ×{n}" for reason, n in row["reasons"].items())
            runs = f" (over its {len(row['walls'])} runs)" if len(row["walls"]) > 1 else ""
            lines.append(f"- {row['label']}: rendered because {why}{runs}")
    return lines


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def main() -> dict[str, dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("national", "small"), default="national")
    for mode in ("cold", "noop", "baselines", "changed"):
        parser.add_argument(f"--{mode}", action="store_true")
    parser.add_argument("--sample", type=int, default=40, help="reports the baselines time "
                        "(one of each level first, then at random; 0: all)")
    parser.add_argument("--reps", type=int, default=1, help="runs of the cold and changed "
                        "builds (the table shows medians); the no-op runs three times")
    parser.add_argument("--bnnk", default="bnnk-lubuklinggau", help="the BNNK --changed changes")
    parser.add_argument("--changed-year", type=int, help="default: the earliest year every "
                        "later year's report shows")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", help="work in this folder and keep it (a deployment "
                        "generated there before is reused)")
    parser.add_argument("--json", help="also write the measured rows to this file")
    args = parser.parse_args()

    deployment = _sibling("national_deployment")
    scale = deployment.scales()[args.scale]
    work = Path(args.work or tempfile.mkdtemp(prefix="workbook-national-")).resolve()
    took = deployment.write_deployment(work / "data", scale)
    registry = Registry.load(work / "data" / "reference")
    bench = Bench(work, registry, scale.years, args.jobs)
    units = registry.units()
    rayon = sum(len(registry.region_codes(u.unit_id)) > 1 for u in units)
    print(f"{args.scale}: {len(units)} units ("
          + ", ".join(f"{sum(u.level == lv for u in units)} {lv}" for lv in LEVELS)
          + f"; {rayon} BNNK serve more than one region), years {scale.years[0]}–"
          f"{scale.years[-1]}, {len(bench.reports)} reports; registry {took['registry']:.1f} s, "
          f"store {took['store']:.1f} s (not timed); {work}", flush=True)
    modes = [m for m in ("cold", "noop", "baselines", "changed") if getattr(args, m)] or [
        "cold", "noop", "baselines", "changed"]
    if "cold" not in modes and not (bench.outputs / "site").exists():
        print("building once first (not measured)", flush=True)
        bench.build("first", "--all-years")
    rows: dict[str, dict] = {}
    if "cold" in modes:
        rows["cold"] = median_of([bench.build("cold: `workbook build --all-years --force`",
                                              "--all-years", "--force")
                                  for _ in range(args.reps)])
        print(f"cold: {rows['cold']['walls']} s", flush=True)
    if "noop" in modes:
        rows["noop"] = median_of([bench.build("no-op: `workbook build --all-years`",
                                              "--all-years") for _ in range(3)])
        print(f"no-op: {rows['noop']['walls']} s", flush=True)
    if "baselines" in modes:
        sample = sample_reports(bench.reports, bench.levels, args.sample)
        rows["competent"] = bench.competent(sample)
        print(f"competent: {rows['competent']['measured_wall']:.1f} s on {len(sample)}",
              flush=True)
        rows["naive"] = bench.naive(sample)
        print(f"naive: {rows['naive']['measured_wall']:.1f} s on {len(sample)}", flush=True)
    if "changed" in modes:
        year = args.changed_year or max(scale.years[0], scale.years[-1] - TREND_YEARS + 1)
        rows["changed"], rows["changed named"] = bench.changed(args.bnnk, year, args.reps)
        print(f"changed {args.bnnk} {year}: {rows['changed']['walls']} / "
              f"{rows['changed named']['walls']} s", flush=True)
    print(f"\n{args.scale}, {len(bench.reports)} reports (HTML + PDF), {args.jobs} job(s), "
          f"{os.cpu_count()} core(s), Python {sys.version.split()[0]}")
    print("\n".join(table(rows, len(bench.reports))))
    if args.scale != "national":
        print(f"Targets are for --scale national on 2 cores; this is --scale {args.scale}.")
    for row in rows.values():
        for error in row.get("errors", [])[:5]:
            print(f"{row['label']}: {error}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return rows


if __name__ == "__main__":
    main()
