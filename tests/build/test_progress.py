"""Build progress: a rich bar on a terminal, one plain line per run in a log."""

from __future__ import annotations

import io
import re

from helpers.build.progress import PlainProgress, RichProgress, make_progress
from helpers.build.run import RunResult


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _results() -> list[RunResult]:
    return [RunResult("bnnk-dumai", 2024, "ok", 1.25),
            RunResult("bnnp-riau", 2024, "failed", 2.5, error="ValueError: data rusak"),
            RunResult("bnn-ri", 2024, "ok", 3.0)]


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_a_terminal_gets_the_rich_bar_and_a_log_gets_plain_lines():
    assert isinstance(make_progress(_Terminal()), RichProgress)
    assert isinstance(make_progress(io.StringIO()), PlainProgress)


def test_rich_bar_counts_done_failed_skipped_and_names_the_failure():
    out = _Terminal()
    bar = make_progress(out)
    bar.start(3, skipped=85)
    for result in _results():
        bar.update(result)
    bar.close()
    text = _plain(out.getvalue())
    assert "3/3" in text
    assert "ok 2 · gagal 1 · dilewati 85" in text
    assert "GAGAL 2024 bnnp-riau: ValueError: data rusak" in text
    assert "sisa" in text


def test_plain_lines_number_each_run_and_show_its_time():
    out = io.StringIO()
    bar = make_progress(out)
    bar.start(3, skipped=1)
    for result in _results():
        bar.update(result)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Rendering 3 report(s); 1 up to date, skipped."
    assert lines[1] == "  [1/3] 2024 bnnk-dumai: ok (1.2 s)"
    assert lines[2] == "  [2/3] 2024 bnnp-riau: FAILED: ValueError: data rusak (2.5 s)"
    assert lines[3].startswith("  [3/3] 2024 bnn-ri: ok")
