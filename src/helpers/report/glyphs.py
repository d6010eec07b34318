"""Text as glyph outlines for the report's SVG charts: measured and shaped once per process.

A chart's text is drawn as paths, so a reader needs no font and Typst draws it as a browser
does. The outlines, advances, kerning and line metrics come from the font files matplotlib
bundles (DejaVu Sans, regular and bold), read through its FreeType binding
(:mod:`matplotlib.font_manager`, :class:`matplotlib.textpath.TextToPath`): the same numbers
matplotlib's own SVG writer uses, so a chart reads as it did when matplotlib drew it.

Everything is cached at module level, per string and per glyph: a report's labels repeat (month
names, tick values), and a kernel forked from the warm fork-server inherits the caches, so most
texts cost a dict lookup. FreeType objects themselves are not kept (they must not cross a fork):
matplotlib's ``get_font`` hands them out, and only a string never seen before needs one.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.textpath import TextToPath

FAMILY = "DejaVu Sans"
#: Outlines are taken at 100 pt and scaled (what matplotlib's text-to-path converter does).
FONT_SCALE = 100.0
#: :func:`outline` 's unit in FONT_SCALE units.
OUTLINE_UNIT = 1 / 64

_TEXT_TO_PATH = TextToPath()
#: (bold, text) → its extent at FONT_SCALE: (width, height, descent).
_EXTENTS: dict[tuple[bool, str], tuple[float, float, float]] = {}
#: (bold, text) → its glyphs: (glyph id, x at FONT_SCALE).
_RUNS: dict[tuple[bool, str], tuple[tuple[str, float], ...]] = {}
#: glyph id → the SVG path of its outline (in 1/64 of FONT_SCALE units, y up).
_OUTLINES: dict[str, str] = {}
#: bold → (ascent, descent, line gap) per point of size.
_LINE_METRICS: dict[bool, tuple[float, float, float]] = {}


@dataclass(frozen=True)
class Extent:
    """A line of text's size in points, as matplotlib measures it (ink box, not advances)."""

    width: float
    height: float
    descent: float


def _font(bold: bool) -> FT2Font:
    prop = FontProperties(family=FAMILY, weight="bold" if bold else "normal")
    font = font_manager.get_font(font_manager.findfont(prop))
    font.set_size(FONT_SCALE, 72)
    return font


def extent(text: str, size: float, bold: bool = False) -> Extent:
    """The width, height and descent of one line of ``text`` at ``size`` points."""
    key = (bold, text)
    found = _EXTENTS.get(key)
    if found is None:
        font = _font(bold)
        font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
        w, h = font.get_width_height()
        found = _EXTENTS[key] = (w / 64, h / 64, font.get_descent() / 64)
    scale = size / FONT_SCALE
    return Extent(found[0] * scale, found[1] * scale, found[2] * scale)


def line_metrics(size: float, bold: bool = False) -> tuple[float, float, float]:
    """(ascent, descent, line gap) of the font at ``size`` points: the least room a line takes,
    from the font's OS/2 table as matplotlib's text layout reads it."""
    found = _LINE_METRICS.get(bold)
    if found is None:
        font = _font(bold)
        per_em = font.get_sfnt_table("head")["unitsPerEm"]
        table = font.get_sfnt_table("OS/2")
        found = _LINE_METRICS[bold] = (table["sTypoAscender"] / per_em,
                                       -table["sTypoDescender"] / per_em,
                                       table["sTypoLineGap"] / per_em)
    return found[0] * size, found[1] * size, found[2] * size


def glyph_run(text: str, bold: bool = False) -> tuple[tuple[str, float], ...]:
    """The glyphs that draw ``text``: (glyph id, pen x at FONT_SCALE), kerning included; each
    new glyph's outline is kept for :func:`outline`."""
    key = (bold, text)
    run = _RUNS.get(key)
    if run is None:
        glyphs, paths, _ = _TEXT_TO_PATH.get_glyphs_with_font(_font(bold), text)
        for glyph_id, (vertices, codes) in paths.items():
            if glyph_id not in _OUTLINES:
                _OUTLINES[glyph_id] = _path_data(vertices, codes)
        run = _RUNS[key] = tuple((glyph_id, float(x)) for glyph_id, x, _y, _s in glyphs)
    return run


def texts_cached() -> int:
    """How many texts this process has shaped (a kernel forked from the warm fork-server
    inherits them)."""
    return len(_RUNS)


def outline(glyph_id: str) -> str:
    """The SVG path data of a glyph :func:`glyph_run` returned, in whole 1/64 units of
    FONT_SCALE (FreeType's own: exact, and the shortest numbers; scale by :data:`OUTLINE_UNIT`),
    y up."""
    return _OUTLINES[glyph_id]


_COMMANDS = {1: ("M", 1), 2: ("L", 1), 3: ("Q", 2), 4: ("C", 3)}


def _path_data(vertices, codes) -> str:
    """An outline's vertices and path codes as SVG path data (matplotlib's path codes)."""
    parts: list[str] = []
    i = 0
    while i < len(codes):
        code = int(codes[i])
        if code == 79:  # CLOSEPOLY
            parts.append("z")
            i += 1
            continue
        letter, count = _COMMANDS[code]
        points = " ".join(f"{_num(x)} {_num(y)}" for x, y in vertices[i:i + count])
        parts.append(f"{letter}{points}")
        i += count
    return "".join(parts)


def _num(value: float) -> str:
    return str(round(value * 64))
