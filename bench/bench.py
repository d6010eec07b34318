"""Benchmark: `workbook build` against the loop a user would otherwise write, in one run.

Measures, side by side on the same synthetic store:
  floor   a bare kernel start plus importing pandas and matplotlib in it (per report);
  naive   per report, each a new process: the papermill CLI, `jupyter nbconvert --to html
          --no-input`, pandoc to Typst, and the `typst` package's compile (on --sample-naive
          reports, extrapolated to all);
  cold    `workbook build --force` on all cores;
  no-op   `workbook build` again with nothing changed;
  one     `workbook build` after changing one BNNK's data (3 reports: BNNK, BNNP, BNN RI).
Prints wall time, CPU time (the process tree's), peak memory (sum of the tree's RSS, sampled)
and the ratios. Usage: ``python bench/bench.py [--size 1] [--units N] [--sample-naive 3]``.

``--tricks`` measures instead what each use of a library's internals saves (``helpers.adapters``):
the same `workbook build --force` of ``--units`` reports (default 10), once per variant of
``WORKBOOK_PUBLIC_API`` (unset: every trick; a trick's name: that trick off; ``1``: matplotlib's
and jupyter_client's public API only, i.e. plain kernels), the variants alternating for
``--reps`` rounds. It prints each variant's median kernel CPU per report (the run log's
``kernel_cpu``, forked kernels only), its ratio to all tricks on, and the build's tree CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import pkgutil
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakRSS(threading.Thread):
    """Samples the summed RSS of this process's descendants every 0.25 s (sampling costs CPU
    the measured build would otherwise have: ~3 % of a core at 0.1 s)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        me = psutil.Process()
        while self.running:
            total = 0
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.25)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak


def measure(label: str, commands: list[list[str]], env: dict[str, str],
            check: bool = True) -> dict:
    """Run commands one after the other; wall, CPU of all their processes, peak tree RSS."""
    sampler = PeakRSS()
    sampler.start()
    cpu0, t0 = _cpu_children(), time.perf_counter()
    for command in commands:
        proc = subprocess.run(command, env=env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            sampler.stop()
            raise SystemExit(f"{label}: {' '.join(command)} failed\n{proc.stderr[-3000:]}")
    wall, cpu = time.perf_counter() - t0, _cpu_children() - cpu0
    return {"label": label, "wall": wall, "cpu": cpu, "peak_mib": sampler.stop() / 2**20}


def floor(env: dict[str, str], n: int = 3) -> dict:
    """A bare kernel: start, import pandas and matplotlib, shut down (in a new process each)."""
    code = ("from jupyter_client.manager import start_new_kernel\n"
            "km, kc = start_new_kernel(kernel_name='python3')\n"
            "kc.execute_interactive('import pandas, matplotlib.pyplot', timeout=120)\n"
            "kc.stop_channels(); km.shutdown_kernel(now=False)\n")
    result = measure("floor", [[sys.executable, "-c", code]] * n, env)
    return {**result, "wall": result["wall"] / n, "cpu": result["cpu"] / n}


def naive(units: list[str], year: int, env: dict[str, str], work: Path,
          levels: dict[str, str]) -> dict:
    """The loop a user would write: four new processes per report, on a sample of the reports.

    Each sampled report is timed alone; the loop's time for all ``levels`` (unit → level) is
    extrapolated per level (BNN RI, a BNNP and a BNNK differ: a parent's report reads and shows
    more), i.e. Σ over levels of (mean sampled time of that level × reports of that level).
    """
    from helpers.render.documents import pandoc_path

    notebook = ROOT / "notebooks" / "annual_report.ipynb"
    timed: dict[str, dict] = {}
    for unit in units:
        executed = work / f"{unit}.ipynb"
        typ = work / f"{unit}.typ"
        timed[unit] = measure(f"naive {unit}", [
            [str(BIN / "papermill"), str(notebook), str(executed), "-p", "unit_id", unit,
             "-p", "year", str(year), "-p", "data_dir", env["WORKBOOK_DATA_DIR"],
             "--cwd", str(notebook.parent), "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            [pandoc_path(), str(executed), "-f", "ipynb", "-t", "typst", "-s",
             f"--extract-media={work / unit}", "-o", str(typ)],
            [sys.executable, "-c", f"import typst; typst.compile({str(typ)!r}, "
             f"output={str(work / (unit + '.pdf'))!r}, root='/')"],
        ], env, check=False)
    mean_all = {k: sum(t[k] for t in timed.values()) / len(timed) for k in ("wall", "cpu")}
    total = {"wall": 0.0, "cpu": 0.0}
    for level in levels.values():
        same = [t for u, t in timed.items() if levels.get(u) == level]
        for k in total:
            total[k] += sum(t[k] for t in same) / len(same) if same else mean_all[k]
    n = len(levels)
    return {"label": "naive", "wall": total["wall"], "cpu": total["cpu"],
            "peak_mib": max(t["peak_mib"] for t in timed.values()), "reports": len(timed),
            "per_report_wall": total["wall"] / n, "per_report_cpu": total["cpu"] / n,
            "sampled": {u: round(t["wall"], 2) for u, t in timed.items()}}


def naive_sample(units: list[str], levels: dict[str, str], size: int) -> list[str]:
    """One report of each level first (BNN RI, the first BNNP, the last BNNK), then more."""
    firsts = []
    for level in dict.fromkeys(levels[u] for u in units):
        of_level = [u for u in units if levels[u] == level]
        firsts.append(of_level[-1] if level == "kabkota" else of_level[0])
    rest = [u for u in units if u not in firsts]
    return (firsts + rest)[:max(1, size)]


def plain_papermill(unit: str, year: int, env: dict[str, str], work: Path) -> dict:
    """One plain papermill run of the report notebook (the CPU a report costs without fork)."""
    notebook = ROOT / "notebooks" / "annual_report.ipynb"
    return measure("papermill", [[str(BIN / "papermill"), str(notebook), str(work / "p.ipynb"),
                                  "-p", "unit_id", unit, "-p", "year", str(year),
                                  "-p", "data_dir", env["WORKBOOK_DATA_DIR"],
                                  "--no-progress-bar"]], env)


def change_one_bnnk(data_dir: Path, unit: str, year: int) -> None:
    """Change one BNNK's cases of one year: its last case removed, or, when none is left (a
    deployment reused by many runs has removed them all), one case added, so that every call
    changes the data and the reports it feeds are stale."""
    import pandas as pd

    from helpers.store.slices import Store

    store = Store(data_dir / "store")
    frame = store.read("cases", year, [unit])
    if len(frame):
        frame = frame.iloc[:-1]
    else:
        frame = pd.DataFrame([{
            "case_id": f"LKN-{year}-{unit.upper()}-BENCH", "unit_id": unit,
            "date": pd.Timestamp(year, 7, 1), "suspects": 1, "p21": False, "tppu": False,
            "assets_rp": None, "network": None, "lab": False}])
    store.write_slice("cases", year, unit, frame)


def kernel_cpu(outputs: Path) -> float | None:
    logs = sorted((outputs / "logs").glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
    values = [json.loads(x).get("kernel_cpu") for x in logs[-1].read_text().splitlines()]
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def trick_names() -> list[str]:
    """Every trick of every adapter module (``helpers.adapters.<module>.TRICKS``), found by
    listing the package: an adapter added later is measured without editing this file."""
    import helpers.adapters

    names: list[str] = []
    for module in pkgutil.iter_modules(helpers.adapters.__path__):
        adapter = importlib.import_module(f"helpers.adapters.{module.name}")
        names.extend(getattr(adapter, "TRICKS", ()))
    return names


def trick_variants() -> dict[str, str]:
    """WORKBOOK_PUBLIC_API values the --tricks run compares (label → value; "" = every trick
    on): all on, each trick off alone, and the public API only (plain kernels)."""
    return {"all tricks": "", **{f"no {name}": name for name in trick_names()},
            "public API only (plain kernels)": "1"}


def kernel_cpu_by_unit(outputs: Path) -> dict[str, float]:
    """Each report's kernel CPU seconds from the latest run log (forked kernels only)."""
    logs = sorted((outputs / "logs").glob("*.jsonl"), key=lambda p: p.stat().st_mtime)
    records = [json.loads(x) for x in logs[-1].read_text().splitlines()]
    return {r["unit"]: r["kernel_cpu"] for r in records if r.get("kernel_cpu") is not None}


def tricks(build: list[str], env: dict[str, str], outputs: Path, reps: int) -> None:
    """Alternate the variants of :func:`trick_variants` for ``reps`` rounds; print the medians.

    A trick's saving is the share of a report's kernel CPU it removes: (CPU without it − CPU
    with every trick) / CPU without it, from the per-report medians summed over the reports.
    Only ratios within this one run mean anything (the machine is shared).
    """
    import statistics

    variants = trick_variants()
    kernel: dict[str, dict[str, list[float]]] = {label: {} for label in variants}
    tree: dict[str, list[float]] = {label: [] for label in variants}
    for rep in range(reps):
        order = list(variants) if rep % 2 == 0 else list(reversed(variants))
        for label in order:
            variant = {**env, "WORKBOOK_PUBLIC_API": variants[label]}
            result = measure(label, [build + ["--force"]], variant)
            tree[label].append(result["cpu"])
            for unit, cpu in kernel_cpu_by_unit(outputs).items():
                kernel[label].setdefault(unit, []).append(cpu)
            print(f"round {rep + 1}: {label}: tree CPU {result['cpu']:.1f} s, "
                  f"wall {result['wall']:.1f} s", flush=True)
    base_units = kernel["all tricks"]
    base = sum(statistics.median(v) for v in base_units.values())
    print(f"\n{len(base_units)} reports, {reps} rounds alternating; kernel CPU = sum over the "
          "reports of each report's median")
    print("| variant | kernel CPU s (sum of medians) | per report | vs all tricks | "
          "trick saves (share of the report's kernel CPU without it) | build tree CPU s "
          "(median) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label in variants:
        per_unit = kernel[label]
        cpu_tree = statistics.median(tree[label])
        if set(per_unit) != set(base_units):  # plain kernels: no kernel CPU in the log
            print(f"| {label} | – | – | – | – | {cpu_tree:.1f} |")
            continue
        total = sum(statistics.median(v) for v in per_unit.values())
        saves = (total - base) / total
        print(f"| {label} | {total:.2f} | {total / len(per_unit):.3f} | {total / base:.3f}× | "
              f"{saves:.1%} | {cpu_tree:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="sample size factor")
    parser.add_argument("--units", type=int, default=0, help="limit to the first N units")
    parser.add_argument("--province", help="limit to BNN RI, this BNNP and its BNNKs")
    parser.add_argument("--sample-naive", type=int, default=3,
                        help="reports measured in the naive loop (one per level first; "
                        "extrapolated per level)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--formats", default="html,pdf")
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--tricks", action="store_true",
                        help="measure each library-internals trick (WORKBOOK_PUBLIC_API) instead")
    parser.add_argument("--reps", type=int, default=3, help="rounds of --tricks")
    args = parser.parse_args()
    if args.tricks and not args.units and not args.province:
        args.units = 10

    from helpers.ingest.sample import SAMPLE_YEARS, generate_sample
    from helpers.reference.registry import Registry, bundled_reference_dir
    from helpers.store.slices import Store

    work = Path(args.keep or tempfile.mkdtemp(prefix="workbook-bench-"))
    data, outputs = work / "data", work / "outputs"
    registry = Registry.load(bundled_reference_dir())
    year = SAMPLE_YEARS[-1]
    t0 = time.perf_counter()
    if not (data / "store").exists():
        generate_sample(Store(data / "store"), registry, size=args.size)
    print(f"store: size {args.size}, {time.perf_counter() - t0:.1f} s to generate", flush=True)
    units = [u.unit_id for u in registry.units(year)]
    if args.province:
        top = registry.resolve(args.province, year).unit_id
        units = ["bnn-ri", top, *registry.descendants(top, year)]
    if args.units:
        units = units[:args.units]
    bnnk = next((u for u in units if u.startswith("bnnk-")), units[-1])
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(data), "WORKBOOK_OUTPUTS_DIR": str(outputs),
           "WORKBOOK_PARAMS_DIR": str(ROOT / "params")}
    build = [str(BIN / "workbook"), "build", "--year", str(year), "--jobs", str(args.jobs),
             "--formats", args.formats]
    for unit in ([] if not (args.units or args.province) else units):
        build += ["--unit", unit]

    if args.tricks:
        tricks(build, env, outputs, args.reps)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return
    rows = [floor(env)]
    print(f"floor: {rows[-1]['wall']:.2f} s", flush=True)
    naive_dir = work / "naive"
    naive_dir.mkdir(exist_ok=True)
    levels = {u: registry.get(u).level for u in units}
    sample = naive_sample(units, levels, args.sample_naive)
    rows.append(naive(sample, year, env, naive_dir, levels))
    print(f"naive: {rows[-1]['sampled']} s; {rows[-1]['per_report_wall']:.2f} s per report "
          "(extrapolated per level)", flush=True)
    rows.append(plain_papermill(bnnk, year, env, naive_dir))
    rows.append(measure("cold", [build + ["--force"]], env))
    cold_kernel_cpu = kernel_cpu(outputs)
    rows.append(measure("no-op", [build], env))
    change_one_bnnk(data, bnnk, year)
    rows.append(measure("one BNNK", [build], env))
    report(rows, len(units), args, cold_kernel_cpu, bnnk, year)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def report(rows: list[dict], n: int, args: argparse.Namespace, cold_kernel_cpu: float | None,
           bnnk: str, year: int) -> None:
    by = {r["label"]: r for r in rows}
    naive_total = by["naive"]["per_report_wall"] * n
    cold = by["cold"]
    print(f"\n{n} reports, year {year}, formats {args.formats}, {args.jobs} job(s), "
          f"{os.cpu_count()} core(s), Python {sys.version.split()[0]} "
          f"({os.path.realpath(sys.executable)}); "
          f"naive measured on {by['naive']['reports']} report(s) "
          f"({by['naive']['sampled']} s) and extrapolated per level (BNN RI, BNNP, BNNK)")
    print("| step | wall s | CPU s | peak MiB | per report wall s | per report CPU s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| floor (kernel + pandas + matplotlib) | {by['floor']['wall']:.2f} | "
          f"{by['floor']['cpu']:.2f} | {by['floor']['peak_mib']:.0f} | | |")
    print(f"| naive loop (extrapolated to {n}) | {naive_total:.1f} | "
          f"{by['naive']['per_report_cpu'] * n:.1f} | {by['naive']['peak_mib']:.0f} | "
          f"{by['naive']['per_report_wall']:.2f} | {by['naive']['per_report_cpu']:.2f} |")
    print(f"| plain papermill, one report | {by['papermill']['wall']:.2f} | "
          f"{by['papermill']['cpu']:.2f} | {by['papermill']['peak_mib']:.0f} | | |")
    for label in ("cold", "no-op", "one BNNK"):
        r = by[label]
        per = f"{r['wall'] / n:.2f} | {r['cpu'] / n:.2f}" if label == "cold" else " | "
        print(f"| workbook build {label} | {r['wall']:.1f} | {r['cpu']:.1f} | "
              f"{r['peak_mib']:.0f} | {per} |")
    print(f"\nnaive / cold: {naive_total / cold['wall']:.1f}×")
    print(f"cold per report: {cold['cpu'] / n:.2f} CPU s = "
          f"{cold['cpu'] / n / by['floor']['cpu']:.2f}× the floor's CPU; forked kernel median "
          f"{cold_kernel_cpu} CPU s vs plain papermill {by['papermill']['cpu']:.2f} CPU s")
    print(f"one BNNK ({bnnk}) / cold: {by['one BNNK']['wall'] / cold['wall']:.1%}; "
          f"no-op {by['no-op']['wall']:.2f} s")


if __name__ == "__main__":
    main()
