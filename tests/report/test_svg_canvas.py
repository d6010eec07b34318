"""The charts' SVG canvas: text laid out where matplotlib lays it out, each glyph defined once,
hatches as patterns, the same bytes every time."""

from __future__ import annotations

import io
import re

import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from helpers.report import svg_canvas


def _matplotlib_box(text: str, size: float, ha: str, va: str, rotation: int) -> tuple:
    fig = Figure(figsize=(4, 4), dpi=72)
    t = fig.text(0.5, 0.5, text, fontsize=size, ha=ha, va=va, rotation=rotation,
                 rotation_mode="anchor" if rotation else "default")
    box = t.get_window_extent(RendererSVG(288, 288, io.StringIO()))
    return box.x0 - 144, box.y0 - 144, box.x1 - 144, box.y1 - 144


@pytest.mark.parametrize("text", ["Sabu", "Lingkungan instansi\npemerintah", "1.250", "Agu"])
@pytest.mark.parametrize("ha,va", [("center", "top"), ("right", "center_baseline"),
                                   ("left", "center"), ("center", "bottom"),
                                   ("left", "baseline")])
def test_text_box_is_where_matplotlib_puts_it(text, ha, va):
    ours = svg_canvas.layout_text(text, 9, ha=ha, va=va).box
    assert ours == pytest.approx(_matplotlib_box(text, 9, ha, va, 0), abs=1e-6)


def test_a_turned_axis_label_is_where_matplotlib_puts_it():
    ours = svg_canvas.layout_text("Jumlah", 9, ha="center", va="bottom", rotation=90).box
    assert ours == pytest.approx(_matplotlib_box("Jumlah", 9, "center", "bottom", 90), abs=1e-6)


def _picture() -> str:
    canvas = svg_canvas.Canvas(100, 50)
    for i, hatch in enumerate(("", "//", "..", "xx", "\\\\")):
        canvas.rect((i * 20, 0, i * 20 + 15, 30), "#1f3b57", hatch=hatch)
    canvas.text(svg_canvas.layout_text("Sabu Sabu", 9), 5, 40)
    canvas.markers("^", 5, [(10, 10), (20, 20)], "#a4452c")
    return canvas.svg()


def test_each_glyph_is_defined_once_and_used_where_it_appears():
    svg = _picture()
    defined = re.findall(r'<path id="(DejaVuSans-[0-9a-f]+)"', svg)
    assert len(defined) == len(set(defined)) == 5  # S, a, b, u, space
    assert svg.count('xlink:href="#DejaVuSans-') == 9
    assert "<text" not in svg  # text as outlines: no font needed to read it


def test_hatches_are_patterns_and_the_bytes_never_change():
    svg = _picture()
    assert svg.count("<pattern ") == 4 and svg.count('fill="url(#hatch-') == 4
    assert svg == _picture()
    assert svg.startswith("<?xml") and "<dc:date>" not in svg
