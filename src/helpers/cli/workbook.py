"""``workbook``: the command line, a thin layer over the same helpers the notebooks use.

``workbook build --help`` takes ~0.05 s because this module and the parsers import only the
standard library and :mod:`helpers.common.config` (~0.03 s): each command imports its stage when
it runs. The stages cost far more: the store, planning and the sample import pandas (~0.5 s),
the executors the kernel machinery (~0.15 s), the registry ~5 ms, report params (YAML) ~20 ms.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.build import stamp
from helpers.build.progress import make_progress
from helpers.cli.ingest import add_subcommands as add_ingest_subcommands
from helpers.cli.publish import add_subcommands as add_publish_subcommands
from helpers.cli.publish import after_build, guard_published
from helpers.cli.site import add_subcommands as add_site_subcommands
from helpers.common.config import Paths, resolve_paths

if TYPE_CHECKING:
    from helpers.build.executors import LocalStart

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _add_locations(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("locations (default: the project's own folders)")
    group.add_argument("--data-dir", help="data folder (env WORKBOOK_DATA_DIR)")
    group.add_argument("--params-dir", help="params folder (env WORKBOOK_PARAMS_DIR)")
    group.add_argument("--outputs-dir", help="outputs folder (env WORKBOOK_OUTPUTS_DIR)")


def _paths(args: argparse.Namespace) -> Paths:
    return resolve_paths(args.data_dir, args.params_dir, args.outputs_dir)


def cmd_sample(args: argparse.Namespace) -> int:
    """Build the deterministic sample store."""
    # Lazy (see the module's docstring): the sample and the store import pandas (~0.5 s).
    from helpers.ingest.sample import SAMPLE_YEARS, generate_sample
    from helpers.reference.registry import Registry
    from helpers.store.slices import Store

    paths = _paths(args)
    registry = Registry.load(paths.reference_dir)
    years = args.year or list(SAMPLE_YEARS)
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            print(f"  sample: {done}/{total} unit-years", file=sys.stderr)

    summary = generate_sample(Store(paths.store_dir), registry, years=years, size=args.size,
                              progress=progress)
    rows = ", ".join(f"{t} {n:,}" for t, n in summary.rows.items())
    print(f"Sample store written to {paths.store_dir} in {time.perf_counter() - start:.1f} s: "
          f"{summary.units} units, years {min(years)}–{max(years)}; rows: {rows}")
    return EXIT_OK


def _stop_on_sigterm() -> None:
    """CI cancels a job with SIGTERM: stop as cleanly as on Ctrl-C (no kernels left behind)."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, interrupt)


def cmd_build(args: argparse.Namespace) -> int:
    """Render reports: papermill → HTML and PDF, plus the figures file and the site index."""
    from helpers.build.executors import LocalStart  # lazy: the kernel machinery, ~0.15 s
    from helpers.store.access import reading  # standard library only

    # The kernel fork-server imports while this process plans (see LocalStart).
    start = LocalStart(args.fork) if args.executor == "local" and not args.dry_run else None
    try:
        # One version of the store from planning to the last report: a commit under way is
        # waited for, and an ingest's commit waits for the build (docs/architecture.md).
        with reading(_paths(args).store_dir):
            return _build(args, start)
    finally:
        if start is not None:
            start.close()


def _build(args: argparse.Namespace, start: LocalStart | None) -> int:
    started = time.perf_counter()
    paths = _paths(args)
    notebook = Path(args.notebook).resolve() if args.notebook else None
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in ("html", "pdf")]
    if unknown or not formats:
        print(f"workbook build: error: --formats takes html and/or pdf, got {args.formats!r}",
              file=sys.stderr)
        return EXIT_USAGE
    options = {"year": sorted(args.year or []), "all_years": args.all_years,
               "unit": args.unit or [], "province": args.province or [],
               "language": args.language, "status": args.status, "formats": formats,
               "notebook": str(notebook) if notebook else None, "only": args.only,
               "site": args.site}
    if not (args.force or args.dry_run or args.correction):
        entry = stamp.unchanged(paths, options, notebook)
        if entry is not None:
            return _nothing_changed(paths, entry, started, args)

    # Lazy (see the module's docstring): planning and the store import pyarrow (~0.4 s).
    from helpers.build.batch import build
    from helpers.build.plan import check, output_paths, plan, stale_dependents
    from helpers.build.run import RunResult
    from helpers.reference.registry import Registry
    from helpers.site.placeholders import stand_ins
    from helpers.store.slices import Store

    registry = Registry.load(paths.reference_dir)
    overrides = {"language": args.language, "status": args.status}
    store = Store(paths.store_dir)
    dependents: list = []  # stale reports that include the named units' data

    def replan() -> list:
        runs = plan(paths, registry, store, years=args.year or [], units=args.unit or [],
                    provinces=args.province or [], all_years=args.all_years,
                    overrides=overrides, notebook=notebook)
        if args.unit or args.province:
            dependents[:] = stale_dependents(paths, registry, store, runs, formats=formats,
                                             overrides=overrides, notebook=notebook)
        return runs if args.only else runs + dependents

    runs = replan()
    if dependents and not args.only:
        print(f"Also rendering {len(dependents)} stale report(s) that include these units' "
              f"data: {_names(dependents)} (--only leaves them stale).", file=sys.stderr)
    if args.dry_run:
        checks = check(paths, registry, runs, formats=formats, force=args.force,
                       notebook=notebook)
        stale = [c for c in checks if c.stale]
        for c in checks:
            mark = "render" if c.stale else "skip  "
            why = "; ".join(c.reasons) if c.stale else "up to date"
            print(f"{mark} {_name(c.run)}: {why}")
        print(f"\n{len(stale)} of {len(checks)} report(s) would be rendered.")
        return EXIT_OK
    runs = guard_published(paths, registry, store, runs, args.correction, replan,
                           notebook=notebook, force=args.force)
    if runs is None:
        return EXIT_FAILED
    jobs, note = worker_count(args.jobs, args.executor, os.cpu_count() or 1)
    if note:
        print(note, file=sys.stderr)
    _stop_on_sigterm()
    print(f"{len(runs)} report(s) planned; up to {jobs} at once, executor {args.executor}"
          f"{'' if args.fork else ', plain kernels'}.", file=sys.stderr)
    summary = build(paths, runs, jobs=jobs, formats=formats, timeout=args.timeout,
                    force=args.force, executor=args.executor, scheduler=args.scheduler,
                    fork=args.fork, site=args.site, notebook=notebook,
                    progress=make_progress(), prestart=start)
    after_build(paths, runs)
    print(f"\n{len(summary.ok)} report(s) rendered, {len(summary.failed)} failed, "
          f"{len(summary.skipped)} up to date (skipped), in {summary.seconds:.1f} s.")
    print(f"Reports: {paths.site_dir}/<year>/<unit_id>.html, .pdf, .json")
    if len(summary.results) <= NAMED_REPORTS:  # a preview of one unit: say exactly where it is
        for r in (r for r in summary.results if r.status != "failed"):
            out = output_paths(paths.outputs_dir, r.unit_id, r.year, r.language)
            files = [str(out[f]) for f in formats if out[f].exists()]
            print(f"Report {_name(r)}: {', '.join(files)}")
    not_built = None
    if summary.site_dir is not None:
        print(f"Site index: {summary.site_dir / 'index.html'}")
        not_built = _not_built_line(paths, stand_ins(summary.site_dir), args)
        if not_built:
            print(not_built)
    print(f"Run log: {summary.log}")
    if dependents and args.only:
        print(f"Left stale (--only): {_names(dependents)}; they include the data just "
              "rendered — build them before publishing.")
    for note in summary.notes:
        print(f"Note: {note}")
    for warning in summary.warnings:  # outputs a report does not show: never silent
        print(f"Warning: {warning}")
    for failed in summary.failed:
        where = f"cell {failed.cell}" if failed.cell is not None else "render"
        print(f"FAILED {_name(failed)} ({where}): {failed.error}")
        if failed.outputs:
            print(f"  notebook kept at {paths.outputs_dir / failed.outputs[0]}")
    if not summary.failed and not (dependents and args.only):
        stamp.remember(paths, options, notebook, [RunResult(
            r.unit_id, r.year, "skipped", 0.0, reason="up to date", language=r.language)
            .log_record() for r in summary.results], not_built)
    return EXIT_FAILED if summary.failed else EXIT_OK


def _nothing_changed(paths: Paths, entry: dict, started: float, args: argparse.Namespace
                     ) -> int:
    """The summary of a build whose inputs are as the last one with its options left them."""
    from datetime import UTC, datetime

    from helpers.adapters import fallbacks

    notes = fallbacks()
    log = stamp.write_up_to_date_log(paths, datetime.now(tz=UTC), entry, notes)
    n = len(entry["records"])
    print("Nothing changed since the last build with these options (tidak ada yang berubah): "
          "planning skipped; --force renders anyway.", file=sys.stderr)
    print(f"\n0 report(s) rendered, 0 failed, {n} up to date (skipped), in "
          f"{time.perf_counter() - started:.1f} s.")
    print(f"Reports: {paths.site_dir}/<year>/<unit_id>.html, .pdf, .json")
    if args.site:
        print(f"Site index: {paths.site_dir / 'index.html'}")
        if entry.get("placeholders"):
            print(entry["placeholders"])
    print(f"Run log: {log}")
    for note in notes:
        print(f"Note: {note}")
    return EXIT_OK


def _not_built_line(paths: Paths, waiting: list, args: argparse.Namespace) -> str | None:
    """The line on the reports the built ones link that nobody built yet (a placeholder page
    stands in for each): how many, and the command that builds them. An English version of a
    year whose params do not say ``bilingual: true`` is linked from an English report of a
    year that does, and only its page's own command (``--language en``) builds it."""
    from helpers.report.params import ParamsError, load_params  # lazy: YAML (module docstring)

    def bilingual(year: int, unit_id: str) -> bool:
        try:
            return bool(load_params(paths.params_dir, year, unit_id).get("bilingual"))
        except ParamsError:  # a year this build did not plan; its own build names the error
            return False

    if not waiting:
        return None
    line = (f"{len(waiting)} linked report(s) not built yet (laporan yang ditautkan belum "
            f"dibuat); build them all with: {_all_years_command(args)}")
    alone = [m for m in waiting if m.lang != "id" and not bilingual(m.year, m.unit_id)]
    if alone:
        line += (f"; {len(alone)} of them are English versions of years whose params do not "
                 "say bilingual: true (each page gives its command)")
    return line


def _all_years_command(args: argparse.Namespace) -> str:
    """``workbook build --all-years`` with the folders this build was given."""
    words = ["workbook", "build", "--all-years"]
    for name in ("data_dir", "params_dir", "outputs_dir"):
        if getattr(args, name):
            words += [f"--{name.replace('_', '-')}", getattr(args, name)]
    return shlex.join(words)


#: Up to this many reports, the build's summary names each report's files.
NAMED_REPORTS = 3

def _name(run: Any) -> str:
    """A run or its result as ``2024 bnnk-x``, or ``2024 bnnk-x (en)`` in another language."""
    language = getattr(run, "language", "id")
    return f"{run.year} {run.unit_id}" + ("" if language == "id" else f" ({language})")


def _names(runs: list, limit: int = 8) -> str:
    """Runs as ``2024 bnnp-sumsel, 2024 bnn-ri (en) …`` for a one-line summary."""
    names = [_name(r) for r in sorted(runs, key=lambda r: (r.year, r.unit_id, r.language))]
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more"
                                        if len(names) > limit else "")


#: The most reports one build runs at once, and how many local workers a core may have: each
#: local worker is a process with papermill, a pandoc session and Typst (~100 MB), so more than
#: a few per core only add memory and contention.
MAX_JOBS = 256
LOCAL_JOBS_PER_CORE = 4


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(
            f"harus bilangan bulat 1–{MAX_JOBS} (must be a whole number 1–{MAX_JOBS}): {text!r}")
    return value


def worker_count(requested: int | None, executor: str, cores: int) -> tuple[int, str | None]:
    """How many reports run at once, and a note when the request was lowered: local workers are
    capped at :data:`LOCAL_JOBS_PER_CORE` per core (a Dask cluster has cores of its own)."""
    jobs = requested or cores
    cap = LOCAL_JOBS_PER_CORE * cores
    if executor == "local" and jobs > cap:
        return cap, (f"--jobs {jobs}: at most {cap} local workers on {cores} core(s); "
                     f"running {cap} at once.")
    return jobs, None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook", description="BNN annual-report workbook: data → reports → site.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="build the deterministic sample data store")
    p.add_argument("--year", type=int, action="append", help="year to generate (repeatable)")
    p.add_argument("--size", type=float, default=1.0, help="scale every count (benchmarks)")
    _add_locations(p)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("build", help="render reports (HTML, PDF, figures) and the site index")
    p.add_argument("--year", type=int, action="append", help="year (repeatable; default latest)")
    p.add_argument("--all-years", action="store_true", help="every year that has data")
    p.add_argument("--unit", action="append", help="unit_id or region code (repeatable)")
    p.add_argument("--province", action="append",
                   help="a BNNP (unit_id or province code) and all its sub-units (repeatable)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None,
                   help=f"parallel reports, 1–{MAX_JOBS} (default: cores)")
    p.add_argument("--formats", default="html,pdf", help="comma-separated: html,pdf")
    p.add_argument("--language", choices=("id", "en"), default=None)
    p.add_argument("--status", choices=("draft", "final"), default=None)
    p.add_argument("--timeout", type=int, default=600,
                   help="seconds a cell may run before its kernel is stopped (default 600)")
    p.add_argument("--force", action="store_true", help="render even reports that are up to date")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would be rendered and why, render nothing")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local worker processes, or a Dask cluster")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786); "
                   "without it --executor dask starts a local cluster")
    p.add_argument("--no-fork", dest="fork", action="store_false",
                   help="start every kernel as a new Python (automatic where fork is unavailable)")
    p.add_argument("--no-site", dest="site", action="store_false",
                   help="do not rebuild the site index (CI province jobs)")
    p.add_argument("--notebook", help="notebook to execute (default notebooks/annual_report.ipynb)")
    p.add_argument("--only", action="store_true",
                   help="render only the named units, not the stale reports that include them")
    p.add_argument("--correction", metavar="NOTE",
                   help="why published figures change (a Ralat in every report it touches)")
    _add_locations(p)
    p.set_defaults(func=cmd_build)

    add_ingest_subcommands(sub, _add_locations, _paths)
    add_site_subcommands(sub, _add_locations, _paths)
    add_publish_subcommands(sub, _add_locations, _paths, lambda argv: main(argv))
    return parser


def _usage_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "fix the command or the inputs", reported in one line. Imported only
    once one is raised: helpers.build.plan and helpers.store.slices import pandas (~0.5 s),
    which would otherwise delay everything a command starts first (a build's fork-server)."""
    from helpers.build.plan import PlanError
    from helpers.build.publication import PublishError
    from helpers.reference.registry_files import RegistryError
    from helpers.reference.units import UnknownUnitError
    from helpers.report.params import ParamsError
    from helpers.store.publications import PublicationError
    from helpers.store.slices import StoreError

    return (PlanError, ParamsError, RegistryError, UnknownUnitError, StoreError, PublishError,
            PublicationError)


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if not isinstance(exc, _usage_errors()):
            raise
        print(f"workbook {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
