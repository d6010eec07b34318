"""``workbook ingest`` and ``workbook template``: thin commands over :mod:`helpers.ingest`.

Exit codes follow the rest of ``workbook``: 0 when everything was accepted, 1 when any row or
file was rejected, 2 for usage errors (a path that does not exist, an unknown unit, a bad year).
Progress and the problem list go to stderr-friendly lines; the summary always ends the run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from helpers.common.config import Paths

if TYPE_CHECKING:  # the pipeline imports pandas: only a command that ingests needs it
    from helpers.ingest.messages import Problem
    from helpers.ingest.pipeline import IngestReport

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
PROGRESS_MIN_ROWS = 2000  # files smaller than this read too fast to need progress lines
PROGRESS_EVERY = 2.0  # seconds between two progress lines of one sheet
#: Rows shown of one problem (one file, sheet, column and kind of problem); the others are
#: counted in one line, and every one of them is in the quarantine file with its reason.
EXAMPLES_PER_PROBLEM = 10

TEXT = {
    "id": {
        "problems": "Masalah ({n}):",
        "summary": "Ringkasan",
        "head": ("tabel", "satuan kerja", "dibaca", "diterima", "ditolak"),
        "total": "jumlah",
        "quarantine": "Baris yang ditolak disimpan di karantina (perbaiki lalu ingest ulang):",
        "written": "{n} irisan data diganti di {store}.",
        "checked": "Pemeriksaan saja: tidak ada yang ditulis.",
        "nothing": "Tidak ada baris yang diterima; penyimpanan tidak berubah.",
        "no_path": "tidak ditemukan: {path}",
        "progress": "  {label}: {done}/{total} baris",
        "more": ("  … dan {n} baris lain di {where} dengan masalah yang sama di kolom {column} "
                 "— semuanya tercantum di berkas karantina bersama alasannya"),
        "template": "Formulir ditulis: {path}",
        "busy": "penyimpanan sedang dipakai ingest lain: {error}",
        "bad_out": "berkas keluaran harus berakhiran .xlsx: {path}",
        "no_files": "tidak ada berkas .xlsx atau .csv untuk di-ingest",
        "plausibility": "Peringatan kewajaran ({n}; data tetap disimpan — periksa dan kirim "
                        "ulang bila salah):",
        "flag": "  {unit} {year}: {figure} = {value}, biasanya {usual} ({history}). {fix}",
    },
    "en": {
        "problems": "Problems ({n}):",
        "summary": "Summary",
        "head": ("table", "unit", "read", "accepted", "rejected"),
        "total": "total",
        "quarantine": "Rejected rows are kept in quarantine (fix them and ingest again):",
        "written": "{n} data slice(s) replaced in {store}.",
        "checked": "Check only: nothing was written.",
        "nothing": "No row was accepted; the store is unchanged.",
        "no_path": "not found: {path}",
        "progress": "  {label}: {done}/{total} rows",
        "plausibility": "Plausibility warnings ({n}; the data is stored — check it and send "
                        "it again if it is wrong):",
        "flag": "  {unit} {year}: {figure} = {value}, usually {usual} ({history}). {fix}",
        "more": ("  … and {n} more rows of {where} with the same problem in column {column} "
                 "— every one is in the quarantine file with its reason"),
        "template": "Form written: {path}",
        "busy": "the store is in use by another ingest: {error}",
        "bad_out": "the output file must end in .xlsx: {path}",
        "no_files": "no .xlsx or .csv file to ingest",
    },
}


def add_subcommands(sub: argparse._SubParsersAction,
                    add_locations: Callable[[argparse.ArgumentParser], None],
                    paths_from_args: Callable[[argparse.Namespace], Paths]) -> None:
    """Add ``ingest`` and ``template`` to the ``workbook`` parser."""
    p = sub.add_parser("ingest", help="validate unit submissions (.xlsx form, CSV) into the store")
    p.add_argument("inputs", nargs="+", metavar="PATH", type=Path,
                   help="filled forms (.xlsx), CSV files, or folders of them")
    p.add_argument("--year", type=int, help="the submission's year: rows outside it are refused")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="message language")
    p.add_argument("--check", action="store_true", help="validate and report, write nothing")
    add_locations(p)
    p.set_defaults(func=lambda args: cmd_ingest(args, paths_from_args(args)))

    p = sub.add_parser("template", help="write the Excel form a unit fills in")
    p.add_argument("-o", "--output", required=True, type=Path, help="FILE.xlsx to write")
    p.add_argument("--unit", help="pre-fill this unit (unit_id or region code)")
    p.add_argument("--year", type=int, help="the form's year: dates outside it are refused")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="message language")
    add_locations(p)
    p.set_defaults(func=lambda args: cmd_template(args, paths_from_args(args)))


def cmd_ingest(args: argparse.Namespace, paths: Paths, out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    """Run one ingest and print its problems and summary; returns the exit code."""
    # Lazy: the pipeline and the readers import pandas and openpyxl (~0.6 s); `--help` does not.
    from helpers.ingest.commit import StoreBusyError
    from helpers.ingest.pipeline import ingest
    from helpers.ingest.readers import list_files

    out, err = out or sys.stdout, err or sys.stderr
    text = TEXT[args.lang]
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        for path in missing:
            print(f"workbook ingest: {text['no_path'].format(path=path)}", file=err)
        return EXIT_USAGE
    found, refused = list_files(Path(p) for p in args.inputs)
    if not found:  # a refused link or device is named, never just "no files"
        for problem in refused:
            print(problem.line(args.lang), file=out)
        print(f"workbook ingest: {text['no_files']}", file=err)
        return EXIT_REJECTED if any(not p.warning for p in refused) else EXIT_USAGE
    if args.year is not None and not 1900 <= args.year <= 2200:
        print(f"workbook ingest: --year {args.year}?", file=err)
        return EXIT_USAGE

    shown: dict[str, float] = {}

    def progress(label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total >= PROGRESS_MIN_ROWS and (done == total
                                           or now - shown.get(label, 0.0) >= PROGRESS_EVERY):
            shown[label] = now
            print(text["progress"].format(label=label, done=done, total=total), file=err)

    try:
        report = ingest(args.inputs, paths, year=args.year, lang=args.lang,
                        check_only=args.check, progress=progress)
    except StoreBusyError as exc:
        print(f"workbook ingest: {text['busy'].format(error=exc)}", file=err)
        return EXIT_USAGE
    print_report(report, paths, args.lang, out)
    if report.written and not report.checked_only:
        for line in plausibility_lines(paths, report.written, args.lang):
            print(line, file=out)
    return EXIT_OK if report.ok else EXIT_REJECTED


def plausibility_lines(paths: Paths, written: list[Path], lang: str) -> list[str]:
    """Warnings for figures of the units and years just stored that lie far outside the
    unit's own history (:mod:`helpers.stats.plausibility`): a likely kg/gram slip is said at
    once, while the data officer still has the form at hand. Never blocks the ingest."""
    from helpers.reference.registry import Registry
    from helpers.report.fmt import format_decimal
    from helpers.stats.plausibility import plausibility_flags
    from helpers.store.slices import Store

    touched: dict[int, set[str]] = {}
    for path in written:  # <store>/<table>/<year>/<unit_id>.parquet
        if path.parent.parent.name in ("cases", "seizures") and path.parent.name.isdigit():
            touched.setdefault(int(path.parent.name), set()).add(path.stem)
    registry = Registry.load(paths.reference_dir)
    store = Store(paths.store_dir)
    flags = [f for year, units in sorted(touched.items())
             for f in plausibility_flags(store, registry, [year], units)]
    if not flags:
        return []
    text = TEXT[lang]

    def num(value: float) -> str:
        return format_decimal(value, 3, lang)

    return [text["plausibility"].format(n=len(flags))] + [
        text["flag"].format(unit=f.unit_id, year=f.year, figure=f.figure, value=num(f.value),
                            usual=num(f.usual), fix=f.fix(lang),
                            history="; ".join(f"{y}: {num(v)}" for y, v in f.history))
        for f in flags]


def print_report(report: IngestReport, paths: Paths, lang: str, out: TextIO) -> None:
    """The problems (each kind of row problem up to its first examples, the rest counted), then
    the summary table (always)."""
    text = TEXT[lang]
    if report.problems:
        print(text["problems"].format(n=len(report.problems)), file=out)
        for line in problem_lines(report.problems, lang):
            print(line, file=out)
        print(file=out)
    print(summary_table(report, lang), file=out)
    if report.checked_only:
        print(text["checked"], file=out)
    elif report.written:
        print(text["written"].format(n=len(report.written), store=paths.store_dir), file=out)
    else:
        print(text["nothing"], file=out)
    if report.quarantine_files:
        print(text["quarantine"], file=out)
        for path in report.quarantine_files:
            print(f"  {path}", file=out)


def problem_lines(problems: list[Problem], lang: str,
                  examples: int = EXAMPLES_PER_PROBLEM) -> list[str]:
    """One line per problem, in order; of a row problem repeated in one file, sheet and column
    (a million rows with a negative count), the first ``examples`` and a line counting the rest.
    """
    def kind(p: Problem) -> Hashable:
        return (p.file, p.sheet, p.column, p.code, p.warning) if p.row is not None else id(p)

    totals = Counter(kind(p) for p in problems)
    seen: Counter[Hashable] = Counter()
    lines = []
    for problem in problems:
        key = kind(problem)
        seen[key] += 1
        if seen[key] <= examples:
            lines.append(problem.line(lang))
        if seen[key] == examples and totals[key] > examples:
            where = ":".join(str(part) for part in (problem.file, problem.sheet) if part)
            lines.append(TEXT[lang]["more"].format(n=f"{totals[key] - examples:,}".replace(
                ",", "." if lang == "id" else ","), where=where, column=problem.column or "-"))
    return lines


def summary_table(report: IngestReport, lang: str) -> str:
    """Rows read / accepted / rejected per table and unit, with a total line."""
    text = TEXT[lang]
    rows = [(t, u, c.read, c.accepted, c.rejected) for (t, u), c in report.counts().items()]
    rows.append((text["total"], "", sum(r[2] for r in rows), sum(r[3] for r in rows),
                 sum(r[4] for r in rows)))
    cells = [text["head"], *[tuple(str(v) for v in row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(5)]
    lines = [text["summary"]]
    for index, row in enumerate(cells):
        lines.append("  ".join(v.ljust(w) if i < 2 else v.rjust(w)
                               for i, (v, w) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_template(args: argparse.Namespace, paths: Paths, out: TextIO | None = None,
                 err: TextIO | None = None) -> int:
    """Write the form; an unknown unit or a wrong file name is a usage error."""
    # Lazy: the template imports pandas and openpyxl (~0.6 s); `--help` does not.
    from helpers.ingest.template import write_template
    from helpers.reference.registry import Registry
    from helpers.reference.units import UnknownUnitError
    from helpers.reference.vocab import load_vocab

    out, err = out or sys.stdout, err or sys.stderr
    text = TEXT[args.lang]
    if Path(args.output).suffix.lower() != ".xlsx":
        print(f"workbook template: {text['bad_out'].format(path=args.output)}", file=err)
        return EXIT_USAGE
    registry = Registry.load(paths.reference_dir)
    unit_id = None
    if args.unit:
        try:
            unit_id = registry.resolve(args.unit, year=args.year).unit_id
        except UnknownUnitError as exc:
            print(f"workbook template: {exc}", file=err)
            return EXIT_USAGE
    unit_ids = [u.unit_id for u in registry.units(args.year)] if args.year else [
        u.unit_id for u in registry.units()]
    path = write_template(Path(args.output), load_vocab(paths.reference_dir), unit_ids,
                          unit_id=unit_id, year=args.year)
    print(text["template"].format(path=path), file=out)
    return EXIT_OK
