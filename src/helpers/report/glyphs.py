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

A new text costs FreeType's shaping (~0.2 ms for a number, ~1 ms for a label), never the
outlines of glyphs already known. A number (digits, separators, minus, ``<5``) is not shaped at all
once :func:`learn_numerals` has checked, against FreeType, that the font shapes any two of its
characters as their concatenation (no kerning, no substitution): its run and extent are then
composed from its characters' own, the same numbers FreeType gives (a test compares thousands).
"""

from __future__ import annotations

import math
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
#: bold → the font file's path.
_FONT_FILES: dict[bool, str] = {}
#: glyph id → (advance, lowest and highest ink) in FreeType's 1/64 units at FONT_SCALE.
_METRICS: dict[str, tuple[int, int, int]] = {}
#: The characters numbers are written with (both languages' separators, a minus, the "<" of
#: a suppressed cell's mark).
NUMERALS = "0123456789.,-<"
#: bold → whether a text of NUMERALS is its characters' runs and extents put end to end.
_COMPOSABLE: dict[bool, bool] = {}
#: How many texts FreeType shaped in this process (composed numbers are not shaped).
_SHAPED = [0]


@dataclass(frozen=True)
class Extent:
    """A line of text's size in points, as matplotlib measures it (ink box, not advances)."""

    width: float
    height: float
    descent: float


def _font(bold: bool) -> FT2Font:
    path = _FONT_FILES.get(bold)
    if path is None:  # findfont weighs every font it knows (~0.1 ms): once per face
        prop = FontProperties(family=FAMILY, weight="bold" if bold else "normal")
        path = _FONT_FILES[bold] = font_manager.findfont(prop)
    font = font_manager.get_font(path)
    font.set_size(FONT_SCALE, 72)
    return font


def extent(text: str, size: float, bold: bool = False) -> Extent:
    """The width, height and descent of one line of ``text`` at ``size`` points."""
    found = _EXTENTS.get((bold, text))
    if found is None:
        found = _extent_at_scale(text, bold)
    scale = size / FONT_SCALE
    return Extent(found[0] * scale, found[1] * scale, found[2] * scale)


def _extent_at_scale(text: str, bold: bool) -> tuple[float, float, float]:
    """FreeType's extent of ``text`` at FONT_SCALE, kept: the pen's advance over the line and
    the ink's height and descent (the glyphs' boxes at their pen positions, as ``set_text``
    measures them), from the glyph run and each glyph's own metrics."""
    run = glyph_run(text, bold)
    if not run:
        found = (0.0, 0.0, 0.0)
    else:
        top, bottom = -math.inf, math.inf
        for glyph_id, _x in run:
            _advance, low, high = _METRICS[glyph_id]
            top, bottom = max(top, high), min(bottom, low)
        last_id, last_x = run[-1]
        found = ((last_x * 64 + _METRICS[last_id][0]) / 64, (top - bottom) / 64, -bottom / 64)
    _EXTENTS[(bold, text)] = found
    return found


def shaped_extent(text: str, bold: bool = False) -> tuple[float, float, float]:
    """FreeType's own measure of ``text`` at FONT_SCALE (``set_text``): what :func:`extent`
    must equal (tests compare them)."""
    font = _font(bold)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    w, h = font.get_width_height()
    return w / 64, h / 64, font.get_descent() / 64


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
    if run is not None:
        return run
    if _is_composed(text, bold):
        run = _RUNS[key] = _composed_run(text, bold)
        return run
    # Glyphs already outlined are not outlined again (matplotlib checks only membership).
    font = _font(bold)
    glyphs, paths, _ = _TEXT_TO_PATH.get_glyphs_with_font(
        font, text, glyph_map=_OUTLINES, return_new_glyphs_only=True)
    _SHAPED[0] += 1
    for glyph_id, (vertices, codes) in paths.items():
        _OUTLINES[glyph_id] = _path_data(vertices, codes)
        # matplotlib names a glyph "<font>-<index in hex>"
        glyph = font.load_glyph(int(glyph_id.rsplit("-", 1)[1], 16), LoadFlags.NO_HINTING)
        _METRICS[glyph_id] = (glyph.horiAdvance, glyph.bbox[1], glyph.bbox[3])
    run = _RUNS[key] = tuple((glyph_id, float(x)) for glyph_id, x, _y, _s in glyphs)
    return run


def texts_cached() -> int:
    """How many texts this process has laid out (a kernel forked from the warm fork-server
    inherits them)."""
    return len(_RUNS)


def texts_shaped() -> int:
    """How many texts FreeType shaped in this process (a number composed from its characters
    is not shaped): what a chart drawn after the warm-up should not add to."""
    return _SHAPED[0]


def learn_numerals(bold: bool = False) -> bool:
    """Shape each character of :data:`NUMERALS` and each pair of them; when every pair is its
    two characters end to end, numbers are composed from then on instead of shaped. Returns
    whether they are. ~80 ms: the fork-server's warm-up calls it."""
    _COMPOSABLE[bold] = False
    for char in NUMERALS:
        glyph_run(char, bold)
    _COMPOSABLE[bold] = all(glyph_run(a + b, bold) == _composed_run(a + b, bold)
                            for a in NUMERALS for b in NUMERALS)
    return _COMPOSABLE[bold]


def _is_composed(text: str, bold: bool) -> bool:
    return len(text) > 1 and _COMPOSABLE.get(bold, False) and all(c in NUMERALS for c in text)


def _composed_run(text: str, bold: bool) -> tuple[tuple[str, float], ...]:
    """The characters' glyphs, each at the sum of the advances before it."""
    pieces, x = [], 0
    for char in text:
        glyph_id = _RUNS[(bold, char)][0][0]
        pieces.append((glyph_id, x / 64))
        x += _METRICS[glyph_id][0]
    return tuple(pieces)


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
