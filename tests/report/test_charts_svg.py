"""Charts to SVG: the same bytes for the same chart, no date, text as paths; for a matplotlib
figure (an analyst's own, the province map), one layout pass that puts the axes where
constrained layout would; one Jupyter output per chart, the report's own or matplotlib's."""

from __future__ import annotations

import io
import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from chart_support import _bar, _layout_cases
from helpers.report import charts, charts_svg


def test_svg_is_deterministic_and_undated():
    first, second = charts_svg.svg_text(_bar()), charts_svg.svg_text(_bar())
    assert first == second
    assert first.lstrip().startswith("<?xml")
    assert "<svg" in first
    assert "<dc:date>" not in first
    assert "<text" not in first  # text drawn as paths: no fonts needed to view


def _report_chart():
    return charts.bar_chart(["Sabu", "Ganja"], [307.527, 1200], title="Barang bukti",
                            value_label="gram")


@pytest.mark.parametrize("make", [_bar, _report_chart], ids=["matplotlib", "report"])
def test_show_emits_one_svg_output_with_alt(monkeypatch, make):
    calls = []
    monkeypatch.setattr(charts_svg, "display", lambda *a, **k: calls.append((a, k)))
    charts_svg.show(make(), alt="Barang bukti per jenis narkoba")
    assert len(calls) == 1
    (bundle,), kwargs = calls[0]
    assert kwargs == {"raw": True}
    printed = {"application/vnd.bnn.print+svg"} if make is _report_chart else set()
    assert set(bundle) == {"image/svg+xml", "text/plain", *printed}
    assert bundle["text/plain"] == "Barang bukti per jenis narkoba"
    assert re.search(r"<svg[^>]*>", bundle["image/svg+xml"])
    assert bundle["image/svg+xml"] == charts_svg.svg_text(make())  # the page's is as it was
    if printed:  # the PDF's copy: the same chart, its words as text
        assert "<text " in bundle["application/vnd.bnn.print+svg"]
        assert "<text" not in bundle["image/svg+xml"]


def test_a_report_chart_writes_its_own_svg():
    chart = _report_chart()
    svg = charts_svg.svg_text(chart)
    assert svg == chart.svg() and svg.lstrip().startswith("<?xml")
    assert "<text" not in svg and "<dc:date>" not in svg


def test_svg_text_closes_pyplot_figures():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    charts_svg.svg_text(fig)
    assert not plt.fignum_exists(fig.number)


def _agg_renderer(fig: Figure):
    return FigureCanvasAgg(fig).get_renderer()


def _svg_renderer(fig: Figure):
    fig.dpi = 72  # SVG units are points, as when the SVG writer draws
    width, height = fig.get_size_inches()
    return RendererSVG(width * 72, height * 72, io.StringIO())


@pytest.mark.parametrize("writer", ["agg", "svg"])
@pytest.mark.parametrize("make", _layout_cases())
def test_fit_layout_places_axes_where_constrained_layout_does_and_keeps_text_inside(make, writer):
    """Laid out with the renderer that draws it (svg_text lays out with the SVG writer), each
    axes lands where constrained layout puts it when drawing with that renderer."""
    reference = make()
    if writer == "agg":
        reference.draw_without_rendering()
    else:
        reference.savefig(io.StringIO(), format="svg")
    expected = [ax.get_position().bounds for ax in reference.axes]
    fig = make()
    if writer == "agg":
        charts_svg.fit_layout(fig)
    else:
        charts_svg.svg_text(fig)
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # saved in one draw
    size = (fig.bbox.width, fig.bbox.height) * 2
    for ax, bounds in zip(fig.axes, expected, strict=True):
        moved = [abs(a - b) * s
                 for a, b, s in zip(ax.get_position().bounds, bounds, size, strict=True)]
        assert max(moved) < 3.0, (ax.get_title(), moved)  # pixels at 100 dpi
    renderer = _agg_renderer(fig) if writer == "agg" else _svg_renderer(fig)
    box = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    assert box.x0 >= 0 and box.y0 >= 0
    assert box.x1 <= fig.bbox.width + 0.5 and box.y1 <= fig.bbox.height + 0.5


def test_fit_layout_leaves_a_figure_without_axes_as_it_was():
    fig = Figure(layout="constrained")
    charts_svg.fit_layout(fig)
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert "<svg" in charts_svg.svg_text(fig)


def test_svg_text_leaves_the_figure_s_own_labels_where_they_were_placed():
    fig = _bar()
    labelled = [a for ax in fig.axes for a in (ax.xaxis, ax.yaxis) if a.label.get_text()]
    assert labelled  # the value axis names its unit
    before = [a.label.get_transform() for a in labelled]
    charts_svg.svg_text(fig)
    assert [a.label.get_transform() for a in labelled] == before
    assert all(a.label.get_transform() is not a.axes.transAxes for a in labelled)
