"""``workbook publish`` and the build's guard over published years (``--correction``).

The guard runs in ``workbook build`` between planning and rendering: a build that would change
a figure of a published year stops with the list of changes, unless ``--correction "…"`` says
why; then the correction is recorded and the touched reports show a Ralat.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.common.config import Paths

if TYPE_CHECKING:
    from helpers.build.run import Run
    from helpers.reference.registry import Registry
    from helpers.store.slices import Store

EXIT_OK, EXIT_FAILED = 0, 1

AddLocations = Callable[[argparse.ArgumentParser], None]
PathsFromArgs = Callable[[argparse.Namespace], Paths]


def guard_published(paths: Paths, registry: Registry, store: Store, runs: list[Run],
                    correction: str | None, replan: Callable[[], list[Run]],
                    notebook: Path | None = None, force: bool = False) -> list[Run] | None:
    """The runs to build, or None (after printing why) when they would change published
    figures without a correction note. With a note, the correction is recorded first and the
    runs planned again, so the reports it touches carry their Ralat."""
    from helpers.build.publication import record_correction, review

    found = review(paths, registry, store, runs, notebook=notebook, force=force)
    if not found:
        return runs
    if correction is None:
        print("workbook build: berhenti: angka yang sudah diterbitkan akan berubah "
              "(stopped: published figures would change):\n" + found.table() +
              "\nJika perubahan ini benar, bangun lagi dengan --correction \"alasan ralat\": "
              "laporan yang berubah akan memuat kotak Ralat (what changed, when, why). "
              "(If the change is right, build again with --correction \"why\".)",
              file=sys.stderr)
        return None
    for year, year_changes in sorted(found.changes.items()):
        if year_changes:
            record_correction(paths, year, correction, year_changes)
            units = sorted({c.unit_id for c in year_changes})
            print(f"Ralat {year} dicatat untuk {', '.join(units)} ({len(year_changes)} "
                  "angka) — correction recorded.", file=sys.stderr)
    return replan()


def after_build(paths: Paths, runs: list[Run]) -> None:
    """Keep the hashes of published years' files current in their records."""
    from helpers.build.publication import refresh_files
    from helpers.store.publications import published_years

    published = set(published_years(paths.data_dir))
    for year in sorted({run.year for run in runs} & published):
        refresh_files(paths, year, [r.unit_id for r in runs if r.year == year])


def add_subcommands(sub: argparse._SubParsersAction, add_locations: AddLocations,
                    paths_from_args: PathsFromArgs, build_command: Callable[[list[str]], int]
                    ) -> None:
    """Add ``publish`` to ``sub``; ``build_command`` runs ``workbook build`` with arguments."""

    def cmd_publish(args: argparse.Namespace) -> int:
        from helpers.build.plan import plan
        from helpers.build.publication import publication_date, publish
        from helpers.reference.registry import Registry
        from helpers.store.slices import Store

        paths = paths_from_args(args)
        registry = Registry.load(paths.reference_dir)
        on = publication_date(args.date) if args.date else None
        runs = plan(paths, registry, Store(paths.store_dir), years=[args.year],
                    overrides={"language": "id"})
        record = publish(paths, registry, runs, args.year, on=on)
        print(f"{args.year} diterbitkan {record['published_on']}: {len(record['reports'])} "
              "laporan dicatat; laporan dibangun ulang dengan tanggal terbit "
              f"(published: {len(record['reports'])} reports recorded).", file=sys.stderr)
        locations = [f"--{name.replace('_', '-')}={getattr(args, name)}"
                     for name in ("data_dir", "params_dir", "outputs_dir")
                     if getattr(args, name)]
        # Planned as a plain build is: the Indonesian reports, and the English ones of units
        # whose params say bilingual, all showing the publication date.
        return build_command(["build", "--year", str(args.year), *locations])

    p = sub.add_parser("publish", help="publish a year: record its figures; a later build that "
                       "changes one needs --correction")
    p.add_argument("--year", type=int, required=True, help="the year to publish")
    p.add_argument("--date", help="publication date YYYY-MM-DD (default: today)")
    add_locations(p)
    p.set_defaults(func=cmd_publish)
