"""The report's charts keep the look matplotlib gave them: the axes where constrained layout put
them, every text where matplotlib drew it, and the same picture once Typst (the PDF's renderer)
draws both."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pytest
import typst
from PIL import Image, ImageChops

from chart_support import _chart_pairs
from helpers.report import charts

_TEXT = re.compile(r'<!-- (.*?) -->\s*<g (?:style="[^"]*" )?transform="translate\(([-\d.]+) '
                   r'([-\d.]+)\)')
_OURS = re.compile(r'translate\(([-\d.]+) ([-\d.]+)\)[^>]*><!-- (.*?) -->')


def _matplotlib(make) -> tuple[list[tuple[float, ...]], str]:
    fig = make()
    width, height = fig.get_size_inches() * 72
    svg = charts.svg_text(fig)
    boxes = [(p.x0 * width, p.y0 * height, p.x1 * width, p.y1 * height)
             for p in (ax.get_position() for ax in fig.axes)]
    return boxes, svg


@pytest.mark.parametrize("pair", _chart_pairs(), ids=["bars", "sectors", "grouped", "panels"])
def test_axes_and_texts_are_where_matplotlib_put_them(pair):
    make_figure, make_chart = pair
    boxes, theirs = _matplotlib(make_figure)
    chart = make_chart()
    assert chart.axes_boxes() == [pytest.approx(b, abs=0.01) for b in boxes]
    ours = chart.svg()
    expected = sorted((t, float(x), float(y)) for t, x, y in _TEXT.findall(theirs))
    drawn = sorted((t, float(x), float(y)) for x, y, t in _OURS.findall(ours))
    assert [t for t, _, _ in drawn] == [t for t, _, _ in expected]
    for (text, x, y), (_, ex, ey) in zip(drawn, expected, strict=True):
        assert (x, y) == pytest.approx((ex, ey), abs=0.01), text


def _pixels(svg: str) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "chart.svg").write_text(svg)
        source = Path(folder) / "page.typ"
        source.write_text('#set page(width: auto, height: auto, margin: 0pt)\n'
                          '#image("chart.svg")\n')
        return Image.open(io.BytesIO(typst.compile(str(source), format="png", ppi=144))).convert(
            "L")


@pytest.mark.parametrize("pair", _chart_pairs(), ids=["bars", "sectors", "grouped", "panels"])
def test_typst_draws_the_same_picture(pair):
    """A reader sees no difference: at 144 ppi, at most 1 pixel in 2,000 differs by more than a
    quarter of black (anti-aliasing of sub-pixel positions)."""
    make_figure, make_chart = pair
    theirs, ours = _pixels(_matplotlib(make_figure)[1]), _pixels(make_chart().svg())
    assert theirs.size == ours.size
    histogram = ImageChops.difference(theirs, ours).histogram()
    assert sum(histogram[64:]) <= theirs.size[0] * theirs.size[1] / 2000


def _marked() -> charts.Chart:
    return charts.marked_bar_chart(["Jan", "Feb & Mar", "Apr"], [10, None, 12],
                                   [None, "<5", "×"], title="Klien <rehabilitasi>",
                                   value_label="Orang")


@pytest.mark.parametrize("make", [pair[1] for pair in _chart_pairs()] + [_marked],
                         ids=["bars", "sectors", "grouped", "panels", "marked"])
def test_typst_draws_the_print_copy_as_the_outlines(make):
    """The PDF's copy (text as text, in the bundled DejaVu Sans) looks like the page's (text as
    outlines): at 144 ppi, at most 1 pixel in 10,000 differs by more than a quarter of black."""
    outlines, printed = make().svgs()
    assert outlines == make().svg()
    theirs, ours = _pixels(outlines), _pixels(printed)
    assert theirs.size == ours.size
    histogram = ImageChops.difference(theirs, ours).histogram()
    assert sum(histogram[64:]) <= theirs.size[0] * theirs.size[1] / 10000


def test_the_print_copy_shows_exactly_the_words_of_the_outlines():
    """Privacy: the PDF's chart says what the page's chart says, suppression marks included,
    nothing more (a hidden cell's value never reaches the chart)."""
    import html

    chart = _marked()
    outlines, printed = chart.svgs()
    written = [html.unescape(t) for t in re.findall(r"<text [^>]*>(.*?)</text>", printed)]
    drawn = [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", outlines)]
    assert written == drawn
    assert sorted(written) == sorted(line for text in chart.texts() for line in text.split("\n")
                                     if line)
    assert "<5" in written and "×" in written and "Feb & Mar" in written
