"""Glyphs for the report's charts: the sizes, positions and outlines matplotlib's own SVG writer
uses, measured once per process."""

from __future__ import annotations

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from helpers.report import glyphs


@pytest.mark.parametrize("text", ["Jan", "1.234.567", "Tembakau sintetis", "AV Wa", "<5"])
@pytest.mark.parametrize("bold", [False, True])
def test_extent_is_what_matplotlib_measures(text, bold):
    prop = FontProperties(family=glyphs.FAMILY, weight="bold" if bold else "normal", size=9)
    width, height, descent = TextToPath().get_text_width_height_descent(text, prop, False)
    ours = glyphs.extent(text, 9, bold)
    assert (ours.width, ours.height, ours.descent) == pytest.approx((width, height, descent))


def test_glyph_run_keeps_kerning_and_every_outline_once():
    run = glyphs.glyph_run("AVAV")
    assert [g for g, _ in run] == ["DejaVuSans-24", "DejaVuSans-39"] * 2
    assert run[1][1] < glyphs.glyph_run("AA")[1][1]  # "AV" kerned closer than "AA"
    assert glyphs.outline("DejaVuSans-24").startswith("M")
    assert glyphs.glyph_run("AVAV") is run  # cached: a forked kernel inherits it


def test_line_metrics_come_from_the_fonts_table():
    ascent, descent, gap = glyphs.line_metrics(9)
    assert ascent == pytest.approx(6.837890625) and descent == pytest.approx(2.162109375)
    assert gap > 0
