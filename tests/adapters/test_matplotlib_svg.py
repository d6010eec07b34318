"""The charts' SVG writer behind its adapter: matplotlib's internals only where they were tested,
and the same bytes from matplotlib's public writer everywhere else."""

from __future__ import annotations

import io
import os

import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from chart_support import _bar, _layout_cases
from helpers.adapters import matplotlib_svg
from helpers.report import charts
from helpers.report.report import Report

#: A report's pictures drawn by matplotlib (its charts write their own SVG): BNN RI's map.
REPORT_FIGURES = ("subunits_map",)


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    """Every test starts on the fast path (the bench or a developer may have set the variable)."""
    monkeypatch.delenv(matplotlib_svg.ENV_PUBLIC_API, raising=False)


def _count_tricks(monkeypatch) -> dict[str, int]:
    """Count what the fast path's tricks do (so a test knows they ran, or did not)."""
    memory_text_to_path, report_renderer = matplotlib_svg._classes()
    calls = {"fonts": 0, "metrics": 0}
    get_font = memory_text_to_path._get_font
    metrics = report_renderer._get_font_height_metrics

    def counted_font(self, prop):
        calls["fonts"] += 1
        return get_font(self, prop)

    def counted_metrics(self, prop):
        answer = metrics(self, prop)
        calls["metrics"] += answer[0] is not None  # None: matplotlib looks the font up itself
        return answer

    monkeypatch.setattr(memory_text_to_path, "_get_font", counted_font)
    monkeypatch.setattr(report_renderer, "_get_font_height_metrics", counted_metrics)
    return calls


def _report_svgs(paths, monkeypatch, unit_id: str) -> list[str]:
    """Every matplotlib picture of a real report on the sample store, as the report shows it."""
    svgs: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: svgs.append(charts.svg_text(fig)))
    report = Report.open(unit_id, 2022, data_dir=paths.data_dir, params_dir=paths.params_dir)
    for name in REPORT_FIGURES:
        getattr(report, name)()
    return svgs


@pytest.mark.parametrize("unit_id", ["bnn-ri"])
def test_public_svg_writer_draws_a_reports_charts_byte_for_byte_as_the_fast_path(
        paths, monkeypatch, unit_id):
    calls = _count_tricks(monkeypatch)
    fast = _report_svgs(paths, monkeypatch, unit_id)
    assert len(fast) == 1 and calls["fonts"] and calls["metrics"]  # the tricks did run
    monkeypatch.setenv(matplotlib_svg.ENV_PUBLIC_API, "1")
    before = dict(calls)
    public = _report_svgs(paths, monkeypatch, unit_id)
    assert calls == before  # ...and here they did not
    assert public == fast


@pytest.mark.parametrize("off", ["memory-fonts", "line-metrics"])
def test_each_trick_can_be_turned_off_alone_with_the_same_svg(monkeypatch, off):
    calls = _count_tricks(monkeypatch)
    fast = charts.svg_text(_layout_cases()[2]())
    monkeypatch.setenv(matplotlib_svg.ENV_PUBLIC_API, off)
    calls.update(fonts=0, metrics=0)
    assert charts.svg_text(_layout_cases()[2]()) == fast
    assert (calls["fonts"] == 0) == (off == "memory-fonts")
    assert (calls["metrics"] == 0) == (off == "line-metrics")
    assert off in matplotlib_svg.fallbacks()[0]


def test_a_matplotlib_outside_the_tested_range_gets_the_public_writer_and_a_message(
        monkeypatch):
    fast = charts.svg_text(_bar())
    assert matplotlib_svg.fallbacks() == []
    assert type(matplotlib_svg.svg_renderer(10, 10, io.StringIO(), image_dpi=72)) \
        is not RendererSVG
    monkeypatch.setattr(matplotlib_svg, "installed_version", lambda: "3.12.0")
    renderer = matplotlib_svg.svg_renderer(10, 10, io.StringIO(), image_dpi=72)
    assert type(renderer) is RendererSVG  # matplotlib's own, no private hook
    (message,) = matplotlib_svg.fallbacks()
    assert "matplotlib 3.12.0 is outside the tested range (>=3.11,<3.12)" in message
    calls = _count_tricks(monkeypatch)
    assert charts.svg_text(_bar()) == fast
    assert calls == {"fonts": 0, "metrics": 0}


@pytest.mark.parametrize("version,tested", [
    ("3.11.0", True), ("3.11.2", True), ("3.11.10.post1", True), ("3.10.9", False),
    ("3.12.0rc1", False), ("3.12.0", False), ("4.0", False), ("3", False)])
def test_tested_range_reads_release_numbers(version, tested):
    assert matplotlib_svg.in_tested_range(version) is tested


def test_the_installed_matplotlib_is_the_tested_one():
    """pyproject.toml bounds matplotlib to the tested range: the fast path is the normal one."""
    assert matplotlib_svg.in_tested_range()


@pytest.mark.parametrize("make", [_bar, *_layout_cases()])
def test_svg_text_draws_once_and_matches_savefig(monkeypatch, make):
    """One draw, with the report's SVG writer (it tells text layout the fonts' line metrics
    and reads the font files from memory, and empty axis labels are not placed), and the bytes
    matplotlib's own savefig writes for the same layout (fonts read from their files)."""
    import matplotlib as mpl

    fig = make()
    draws, heights, fonts = [], [], []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: draws.append(1) or original(self, r))
    memory_text_to_path, report_renderer = matplotlib_svg._classes()
    lookup = report_renderer._get_font_height_metrics
    monkeypatch.setattr(report_renderer, "_get_font_height_metrics",
                        lambda self, prop: heights.append(1) or lookup(self, prop))
    memory = memory_text_to_path._get_font
    monkeypatch.setattr(memory_text_to_path, "_get_font",
                        lambda self, prop: fonts.append(f := memory(self, prop)) or f)
    svg = charts.svg_text(fig)
    assert len(draws) == 1  # savefig would draw twice: once with output disabled
    assert heights  # matplotlib still asks the renderer (else the hook silently does nothing)
    assert fonts and all(isinstance(f.fname, io.BytesIO) for f in fonts)  # read from memory
    unlabelled = [a for ax in fig.axes for a in (ax.xaxis, ax.yaxis) if not a.label.get_text()]
    assert unlabelled  # their empty labels were pinned, not placed from the tick labels:
    assert all(a.label.get_transform() is a.axes.transAxes for a in unlabelled)
    monkeypatch.undo()

    expected_fig = make()  # the same figure, laid out where svg_text laid it out
    expected_fig.set_layout_engine("none")
    for ax, laid_out in zip(expected_fig.axes, fig.axes, strict=True):
        ax.set_position(laid_out.get_position())
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": charts.SVG_HASHSALT, "svg.fonttype": "path"}):
        expected_fig.savefig(buffer, format="svg", metadata={"Date": None})
    assert svg == buffer.getvalue()
    assert fig.dpi == 100 and fig.canvas.figure is fig  # the SVG writer's dpi is not left behind


def test_fonts_read_from_memory_are_not_shared_with_a_forked_process():
    """FreeType's objects must not cross a fork: a forked kernel opens its own (from the
    bytes it inherits)."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    charts.svg_text(_bar())
    assert matplotlib_svg._MEMORY_FONTS
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what it inherited, then draw with fonts of its own
        os.close(read)
        inherited = len(matplotlib_svg._MEMORY_FONTS)
        drawn = charts.svg_text(_bar()) == charts.svg_text(_bar())
        os.write(write, f"{inherited} {drawn} {matplotlib_svg.font_files_in_memory()}".encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        reported = pipe.read()
    os.waitpid(pid, 0)
    assert reported.split()[:2] == ["0", "True"]
    assert int(reported.split()[2]) >= 2  # the font files' bytes came with the fork
