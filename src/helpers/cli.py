"""``workbook``: the command line, a thin layer over the same helpers the notebooks use."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from helpers.config import Paths, resolve_paths

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
    from helpers.registry import Registry
    from helpers.sample import SAMPLE_YEARS, generate_sample
    from helpers.store import Store

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


def cmd_build(args: argparse.Namespace) -> int:
    """Render reports: papermill → HTML and PDF, plus the figures file and the site index."""
    from helpers.batch import build, plan
    from helpers.registry import Registry
    from helpers.store import Store

    paths = _paths(args)
    registry = Registry.load(paths.reference_dir)
    units = list(args.unit or []) + list(args.province or [])
    overrides = {"language": args.language, "status": args.status}
    runs = plan(paths, registry, Store(paths.store_dir), years=args.year or [], units=units,
                all_years=args.all_years, overrides=overrides)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    total = len(runs)
    print(f"Rendering {total} report(s) with {args.jobs or os.cpu_count()} job(s)…",
          file=sys.stderr)
    done = 0

    def on_result(result) -> None:
        nonlocal done
        done += 1
        mark = "ok" if result.status == "ok" else f"GAGAL: {result.error}"
        print(f"  [{done}/{total}] {result.year} {result.unit_id}: {mark} "
              f"({result.seconds:.1f} s)", file=sys.stderr)

    summary = build(paths, runs, jobs=args.jobs, formats=formats, timeout=args.timeout,
                    on_result=on_result)
    print(f"\n{len(summary.ok)} report(s) rendered, {len(summary.failed)} failed, "
          f"in {summary.seconds:.1f} s.")
    print(f"Reports: {paths.site_dir}/<year>/<unit_id>.html, .pdf, .json")
    print(f"Site index: {summary.site_dir / 'index.html'}")
    for failed in summary.failed:
        where = f"cell {failed.cell}" if failed.cell is not None else "render"
        print(f"FAILED {failed.year} {failed.unit_id} ({where}): {failed.error}\n"
              f"  notebook kept at {paths.outputs_dir / 'failed' / str(failed.year)}/"
              f"{failed.unit_id}.ipynb")
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Rebuild the site index from the reports already rendered."""
    from helpers.site import build_site

    site = build_site(_paths(args))
    print(f"Site index: {site / 'index.html'}")
    return EXIT_OK


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
    p.add_argument("--province", action="append", help="a BNNP by unit_id or province code")
    p.add_argument("--jobs", "-j", type=int, default=None, help="parallel reports (default: cores)")
    p.add_argument("--formats", default="html,pdf", help="comma-separated: html,pdf")
    p.add_argument("--language", choices=("id", "en"), default=None)
    p.add_argument("--status", choices=("draft", "final"), default=None)
    p.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    _add_locations(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("site", help="rebuild the site index from rendered reports")
    _add_locations(p)
    p.set_defaults(func=cmd_site)

    from helpers.ingest.cli import add_subcommands

    add_subcommands(sub, _add_locations, _paths)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from helpers.batch import PlanError
    from helpers.params import ParamsError
    from helpers.registry import RegistryError, UnknownUnitError
    from helpers.store import StoreError

    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (PlanError, ParamsError, RegistryError, UnknownUnitError, StoreError) as exc:
        print(f"workbook {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())


