"""Build progress on stderr: a live bar with counts and an ETA, or plain lines for CI logs.

A terminal gets a rich progress bar (done / failed / skipped and the time left); when stderr is
not a terminal (CI, a redirected log) every finished run is one plain line instead, because a
redrawn bar turns into noise in a log file.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol


class Progress(Protocol):
    def start(self, total: int, skipped: int) -> None: ...
    def update(self, result: Any) -> None: ...
    def close(self) -> None: ...


class PlainProgress:
    """One line per finished run: ``[3/88] 2024 bnnk-x: ok (1.2 s)``."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.done = self.total = 0

    def start(self, total: int, skipped: int) -> None:
        self.total = total
        print(f"Rendering {total} report(s); {skipped} up to date, skipped.",
              file=self.stream, flush=True)

    def update(self, result: Any) -> None:
        self.done += 1
        mark = "ok" if result.status == "ok" else f"FAILED: {result.error}"
        print(f"  [{self.done}/{self.total}] {result.year} {result.unit_id}: {mark} "
              f"({result.seconds:.1f} s)", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """A live bar: rendered, failed and skipped counts, elapsed time and ETA."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        # Lazy: rich.progress takes ~35 ms; `workbook build --help` and CI's plain lines skip it.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("[bold]Laporan"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("ok {task.fields[ok]} · gagal {task.fields[failed]} · "
                                  "dilewati {task.fields[skipped]}"),
                       TimeElapsedColumn(), TextColumn("sisa"), TimeRemainingColumn(),
                       console=Console(file=stream or sys.stderr, force_terminal=True),
                       transient=False)
        self.task: Any = None
        self.ok = self.failed = 0

    def start(self, total: int, skipped: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("build", total=total, ok=0, failed=0, skipped=skipped)

    def update(self, result: Any) -> None:
        if result.status == "ok":
            self.ok += 1
        else:
            self.failed += 1
            self.bar.console.print(f"[red]GAGAL[/red] {result.year} {result.unit_id}: "
                                   f"{result.error}", markup=True, highlight=False)
        self.bar.update(self.task, advance=1, ok=self.ok, failed=self.failed)

    def close(self) -> None:
        self.bar.stop()


def make_progress(stream: IO[str] | None = None) -> Progress:
    """A rich bar when stderr is a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    if stream.isatty():
        return RichProgress(stream)
    return PlainProgress(stream)
