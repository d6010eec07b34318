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


def _both() -> tuple[str, str]:
    canvas = svg_canvas.Canvas(100, 50)
    canvas.rect((0, 0, 15, 30), "#1f3b57", hatch="//")
    canvas.text(svg_canvas.layout_text("Sabu & <Ganja>", 9, ha="right"), 60, 40, "#555555")
    canvas.text(svg_canvas.layout_text("Judul", 11, bold=True), 5, 45)
    canvas.text(svg_canvas.layout_text("Jumlah", 9, ha="center", va="bottom", rotation=90),
                8, 25)
    canvas.text(svg_canvas.layout_text("dua\nbaris  lebar", 7.5, ha="center"), 50, 20)
    canvas.markers("^", 5, [(10, 10)], "#a4452c")
    return canvas.svg(), canvas.print_svg()


_G = re.compile(r'<g fill="([^"]*)" transform="(translate\([^)]*\)(?: rotate\(-90\))?) '
                r'scale\(([\d.]+) -[\d.]+\)"><!-- (.*?) -->.*?</g>')
_T = re.compile(r'<text fill="([^"]*)" transform="([^"]*)" font-family="DejaVu Sans" '
                r'font-size="([\d.]+)"( font-weight="bold")? xml:space="preserve">(.*?)</text>')


def test_the_print_copy_writes_each_line_as_text_where_its_outlines_are():
    outlines, printed = _both()
    drawn = _G.findall(outlines)
    written = _T.findall(printed)
    assert [(fill, at, text) for fill, at, _, text in drawn] == [
        (fill, at, text) for fill, at, _, _, text in written]
    assert [w[4] for w in written] == ["Sabu &amp; &lt;Ganja&gt;", "Judul", "Jumlah", "dua",
                                       "baris  lebar"]
    assert [(w[2], bool(w[3])) for w in written] == [("9", False), ("11", True), ("9", False),
                                                     ("7.5", False), ("7.5", False)]
    assert "rotate(-90)" in written[2][1]  # the axis title still reads upwards


def test_the_print_copy_is_the_same_picture_without_glyph_outlines():
    outlines, printed = _both()
    assert "DejaVuSans-" not in printed and "<use xlink:href=\"#marker-0\"" in printed
    assert '<pattern id="hatch-0"' in printed and '<polygon id="marker-0"' in printed
    assert _G.sub("", re.sub(r'<path id="DejaVuSans-[^>]*/>', "", outlines)) == _T.sub(
        "", printed)
    assert printed == _both()[1]
