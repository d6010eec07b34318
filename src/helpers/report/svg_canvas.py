"""A small SVG canvas for the report's charts: rectangles, lines, markers, hatches and text.

Coordinates are points from the bottom-left corner (y up), as a chart lays itself out; the
canvas turns them into SVG's y-down user units (1 unit = 1 pt). Text is laid out as matplotlib
lays it out (each line at least the font's ascent and descent, the box aligned by its
horizontal and vertical alignment) and drawn as glyph outlines from :mod:`helpers.report.glyphs`,
each glyph defined once per file in ``<defs>`` and ``<use>``-d wherever it appears. Ids are
fixed names, never random or dated: the same chart is the same bytes.

The same drawing also gives a print copy (:meth:`Canvas.print_svg`) whose text is ``<text>`` in
DejaVu Sans at the same baselines: the PDF's Typst sets it from the font it already has (real,
searchable text; no glyph paths to parse, ~5 % of a BNNK report's Typst CPU); a browser may lack
DejaVu Sans, so the page keeps the outlines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_text  # &, < and > as character data

from helpers.report import glyphs

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def num(value: float) -> str:
    """A coordinate for SVG: at most 3 decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class TextLayout:
    """Where a text's lines sit around its anchor (points, y up): each line's baseline start,
    and the box the text covers, as matplotlib's ``Text`` places them."""

    lines: tuple[tuple[str, float, float], ...]
    box: Box
    size: float
    bold: bool
    rotation: int


def layout_text(text: str, size: float, *, bold: bool = False, ha: str = "left",
                va: str = "baseline", rotation: int = 0) -> TextLayout:
    """Lay out ``text`` (lines split at ``\\n``) around its anchor; ``rotation`` 90 turns it to
    read upwards around the anchor (an axis label's ``rotation_mode="anchor"``). Kept: a chart
    lays its texts out twice (to place its axes, then to draw), and labels repeat."""
    key = (text, size, bold, ha, va, rotation)
    found = _LAYOUTS.get(key)
    if found is None:
        found = _LAYOUTS[key] = _layout(text, size, bold, ha, va, rotation)
    return found


#: layout_text's arguments → its layout (immutable).
_LAYOUTS: dict[tuple[str, float, bool, str, str, int], TextLayout] = {}
#: (bold, line) → the ``<use>`` elements that draw its glyphs, and the glyphs.
_USES: dict[tuple[bool, str], tuple[str, tuple[str, ...]]] = {}


def _layout(text: str, size: float, bold: bool, ha: str, va: str, rotation: int) -> TextLayout:
    ascent, descent_min, gap = glyphs.line_metrics(size, bold)
    lines = text.split("\n")
    if len(lines) == 1:
        gap = 0.0
    rows: list[tuple[str, float, float]] = []  # line, width, baseline y
    y = 0.0
    baseline = descent = 0.0
    for line in lines:
        e = glyphs.extent(line, size, bold) if line else glyphs.Extent(0.0, 0.0, 0.0)
        above = max(e.height - e.descent, ascent) + gap / 2
        descent = max(e.descent, descent_min) + gap / 2
        baseline = above - y
        y -= above
        rows.append((line, e.width, y))
        y -= descent
    width = max(w for _, w, _ in rows)
    bottom = rows[-1][2] - descent
    placed = [(line, {"left": 0.0, "center": width / 2 - w / 2, "right": width - w}[ha], ly)
              for line, w, ly in rows]
    dx = {"left": 0.0, "right": width, "center": width / 2}[ha]
    dy = {"bottom": bottom, "top": 0.0, "center": bottom / 2, "baseline": bottom + descent,
          "center_baseline": -baseline / 2}[va]
    if rotation == 90:  # aligned upright, then turned about the anchor
        dx, dy = -dy, dx
        placed = [(line, -ly, lx) for line, lx, ly in placed]
        box = (-dx, -dy, -bottom - dx, width - dy)
    else:
        box = (-dx, bottom - dy, width - dx, -dy)
    return TextLayout(tuple((line, lx - dx, ly - dy) for line, lx, ly in placed), box, size,
                      bold, rotation)


def shifted(box: Box, x: float, y: float) -> Box:
    """``box`` moved by (x, y)."""
    return (box[0] + x, box[1] + y, box[2] + x, box[3] + y)


#: Marker outlines at size 1 (a marker's size in points scales them), as matplotlib draws them.
_S = math.sqrt(0.5)
MARKER_PATHS = {
    "s": [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)],
    "^": [(0, 0.5), (-0.5, -0.5), (0.5, -0.5)],
    "v": [(0, -0.5), (0.5, 0.5), (-0.5, 0.5)],
    "D": [(0, -_S), (_S, 0), (0, _S), (-_S, 0)],
}


class Canvas:
    """An SVG picture of ``width`` × ``height`` points, drawn in order (later on top)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self._body: list[str | tuple[str, str]] = []  # a text: (its outlines, its <text>)
        self._glyphs: dict[str, None] = {}
        self._patterns: dict[tuple[str, str], str] = {}
        self._markers: dict[tuple[str, float], str] = {}

    def _y(self, y: float) -> str:
        return num(self.height - y)

    def rect(self, box: Box, fill: str, *, stroke: str | None = None, width: float = 0.0,
             hatch: str = "", hatch_colour: str = "#000000", hatch_width: float = 1.0) -> None:
        """A rectangle (a bar, a legend key); ``hatch`` as matplotlib names hatches."""
        x0, y0, x1, y1 = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(
            box[1], box[3])
        paint = self._pattern(hatch, fill, hatch_colour, hatch_width) if hatch else fill
        edge = (f' stroke="{stroke}" stroke-width="{num(width)}" stroke-linejoin="miter"'
                if stroke else "")
        self._body.append(f'<rect x="{num(x0)}" y="{self._y(y1)}" width="{num(x1 - x0)}" '
                          f'height="{num(y1 - y0)}" fill="{paint}"{edge}/>')

    def segments(self, segments: Iterable[tuple[Point, Point]], stroke: str, width: float,
                 cap: str = "square") -> None:
        """Straight strokes in one path (gridlines, ticks, spines)."""
        d = "".join(f"M{num(a[0])} {self._y(a[1])}L{num(b[0])} {self._y(b[1])}"
                    for a, b in segments)
        if d:
            self._body.append(f'<path d="{d}" fill="none" stroke="{stroke}" '
                              f'stroke-width="{num(width)}" stroke-linecap="{cap}"/>')

    def polyline(self, points: Sequence[Point], stroke: str, width: float,
                 dashes: Sequence[float] = (), offset: float = 0.0) -> None:
        """A data line, round joins; solid lines with square caps, dashed ones with butt caps."""
        if len(points) < 2:
            return
        d = "M" + "L".join(f"{num(x)} {self._y(y)}" for x, y in points)
        dash = (f' stroke-dasharray="{",".join(num(v) for v in dashes)}"'
                f' stroke-dashoffset="{num(offset)}"' if dashes else "")
        cap = "butt" if dashes else "square"
        self._body.append(f'<path d="{d}" fill="none" stroke="{stroke}" '
                          f'stroke-width="{num(width)}" stroke-linejoin="round" '
                          f'stroke-linecap="{cap}"{dash}/>')

    def markers(self, kind: str, size: float, points: Sequence[Point], colour: str,
                edge_width: float = 1.0) -> None:
        """One marker (``o s ^ D v``) of ``size`` points at each point, filled and edged."""
        key = (kind, size)
        if key not in self._markers:
            self._markers[key] = _marker_def(f"marker-{len(self._markers)}", kind, size)
        mid = self._markers[key].split('"', 2)[1]
        join = "round" if kind == "o" else "miter"
        for x, y in points:
            self._body.append(f'<use xlink:href="#{mid}" x="{num(x)}" y="{self._y(y)}" '
                              f'fill="{colour}" stroke="{colour}" '
                              f'stroke-width="{num(edge_width)}" stroke-linejoin="{join}"/>')

    def text(self, layout: TextLayout, x: float, y: float, colour: str = "#000000") -> None:
        """Draw a laid-out text with its anchor at (x, y)."""
        scale = num(layout.size / glyphs.FONT_SCALE)
        turn = " rotate(-90)" if layout.rotation == 90 else ""
        font = (f'font-family="DejaVu Sans" font-size="{num(layout.size)}"'
                + (' font-weight="bold"' if layout.bold else ""))
        for line, lx, ly in layout.lines:
            if not line:
                continue
            uses, ids = _line_uses(line, layout.bold)
            self._glyphs.update(dict.fromkeys(ids))
            at = f"translate({num(x + lx)} {self._y(y + ly)}){turn}"
            self._body.append((
                f'<g fill="{colour}" transform="{at} scale({scale} -{scale})">'
                f'<!-- {_escape(line)} -->{uses}</g>',
                f'<text fill="{colour}" transform="{at}" {font} xml:space="preserve">'
                f'{xml_text(line)}</text>'))

    def _pattern(self, hatch: str, fill: str, colour: str, width: float) -> str:
        key = (hatch, fill)
        if key not in self._patterns:
            pid = f"hatch-{len(self._patterns)}"
            self._patterns[key] = (
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" x="0" y="0" width="72" '
                f'height="72"><rect x="0" y="0" width="73" height="73" fill="{fill}"/>'
                f'<path d="{_hatch_path(hatch)}" fill="{colour}" stroke="{colour}" '
                f'stroke-width="{num(width)}" stroke-linecap="butt" stroke-linejoin="miter"/>'
                f'</pattern>')
        return f"url(#{self._patterns[key].split(chr(34), 2)[1]})"

    def svg(self) -> str:
        """The picture as an SVG document, its text as glyph outlines (any reader draws it)."""
        unit = repr(glyphs.OUTLINE_UNIT)  # 0.015625, exactly
        outlines = [f'<path id="{g}" d="{glyphs.outline(g)}" transform="scale({unit})"/>'
                    for g in self._glyphs]
        return self._document(outlines, [e if isinstance(e, str) else e[0] for e in self._body])

    def print_svg(self) -> str:
        """The same picture with its text as ``<text>`` in DejaVu Sans (regular or bold, the
        same size, colour and baselines): for a reader that has the font, Typst."""
        return self._document([], [e if isinstance(e, str) else e[1] for e in self._body])

    def _document(self, glyph_defs: list[str], body: list[str]) -> str:
        defs = [*glyph_defs, *self._patterns.values(), *self._markers.values()]
        w, h = num(self.width), num(self.height)
        return (
            '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" version="1.1">\n'
            f'<defs>{"".join(defs)}</defs>\n'
            f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>\n'
            + "\n".join(body) + "\n</svg>\n")


def _line_uses(line: str, bold: bool) -> tuple[str, tuple[str, ...]]:
    """The ``<use>`` elements of a line's glyphs (pen x at FONT_SCALE) and its glyph ids, kept:
    a tick value or a month is drawn in many charts."""
    found = _USES.get((bold, line))
    if found is None:
        run = glyphs.glyph_run(line, bold)
        uses = "".join(f'<use xlink:href="#{glyph_id}"' + (f' x="{num(gx)}"' if gx else "") + "/>"
                       for glyph_id, gx in run)
        found = _USES[(bold, line)] = (uses, tuple(glyph_id for glyph_id, _ in run))
    return found


def _escape(text: str) -> str:
    """The text as an XML comment may hold it (no ``--``, no ``-`` at its end)."""
    text = xml_text(text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def _marker_def(mid: str, kind: str, size: float) -> str:
    if kind == "o":
        return f'<circle id="{mid}" cx="0" cy="0" r="{num(size / 2)}"/>'
    points = " ".join(f"{num(x * size)},{num(-y * size)}" for x, y in MARKER_PATHS[kind])
    return f'<polygon id="{mid}" points="{points}"/>'


def _hatch_path(hatch: str) -> str:
    """matplotlib's hatch of a 72-point tile (density 6 per mark), in SVG's y-down units."""
    density = 6
    parts: list[str] = []

    def line(x0: float, y0: float, x1: float, y1: float) -> None:
        parts.append(f"M{num(x0 * 72)} {num(72 - y0 * 72)}L{num(x1 * 72)} {num(72 - y1 * 72)}")

    rising = (hatch.count("/") + hatch.count("x") + hatch.count("X")) * density
    falling = (hatch.count("\\") + hatch.count("x") + hatch.count("X")) * density
    for i in range(rising + 1 if rising else 0):
        s = -0.5 + i / rising
        line(s, -s, 1 + s, 1 - s)
    for i in range(falling + 1 if falling else 0):
        s = -0.5 + i / falling
        line(s, 1 + s, 1 + s, s)
    rows = hatch.count(".") * density
    if rows:
        step = 1 / rows
        r = step * 0.1  # matplotlib's small filled circles: a tenth of the row pitch across
        for row in range(rows + 1):
            cols = ([c * step for c in range(rows + 1)] if row % 2 == 0
                    else [step / 2 + c * step for c in range(rows)])
            for cx in cols:
                x, y = cx * 72, 72 - row * step * 72
                rr = r * 72
                parts.append(f"M{num(x - rr)} {num(y)}a{num(rr)} {num(rr)} 0 1 0 {num(2 * rr)} 0"
                             f"a{num(rr)} {num(rr)} 0 1 0 {num(-2 * rr)} 0z")
    return "".join(parts)
