"""Glyphs for the report's charts: the sizes, positions and outlines matplotlib's own SVG writer
uses, measured once per process."""

from __future__ import annotations

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from helpers.reference.vocab import load_vocab
from helpers.report import chart_texts, fmt, glyphs


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


def _freetype_run(text: str, bold: bool = False) -> tuple[tuple[str, float], ...]:
    glyph_list, _, _ = TextToPath().get_glyphs_with_font(glyphs._font(bold), text,
                                                         glyph_map=glyphs._OUTLINES,
                                                         return_new_glyphs_only=True)
    return tuple((glyph_id, float(x)) for glyph_id, x, _y, _s in glyph_list)


@pytest.mark.parametrize("bold", [False, True])
def test_extent_from_the_glyph_run_is_freetype_s_own_measure(bold):
    texts = [*chart_texts.fixed_texts(load_vocab()), "AV Wa", "jf", "Tj_", " ", "× ¹"]
    for text in texts:
        assert glyphs.extent(text, glyphs.FONT_SCALE, bold) == glyphs.Extent(
            *glyphs.shaped_extent(text, bold)), text


def test_numbers_are_composed_from_their_digits_exactly_as_freetype_shapes_them():
    assert glyphs.learn_numerals()
    numbers = [fmt.format_decimal(v, 3, lang) for lang in ("id", "en")
               for v in [*range(-20, 300, 3), *range(300, 10**7, 99_991),
                         *(i / 1000 for i in range(-2000, 100_000, 4999))]]
    numbers += [str(year) for year in range(2015, 2031)] + ["<5", "<10"]
    shaped = glyphs.texts_shaped()
    for text in numbers:
        assert glyphs.glyph_run(text) == _freetype_run(text), text
        assert glyphs.extent(text, glyphs.FONT_SCALE) == glyphs.Extent(
            *glyphs.shaped_extent(text)), text
    assert glyphs.texts_shaped() == shaped  # composed, not shaped

