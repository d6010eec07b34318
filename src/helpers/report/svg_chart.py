"""The report's charts as data, laid out and written as SVG without matplotlib's artists.

A :class:`Chart` is one or more :class:`Panel` s stacked in a column: each a value axis, a
category axis, bars, lines and labels. :mod:`helpers.report.charts` decides what a chart shows
(its series, limits, ticks, sizes); this module places it as matplotlib did with the report's
style (ticks 3.5 pt out and labels 3.5 pt beyond, axis labels 4 pt further, a left title 6 pt
above the axes, a legend outside the upper right, the axes fitted so their decorations just fit
with 3 pt to spare, as constrained layout does) and writes it with
:mod:`helpers.report.svg_canvas`. A chart costs a few milliseconds: the artists, transforms and
repeated text layout of matplotlib cost 50-150 ms for the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from helpers.report.svg_canvas import Box, Canvas, TextLayout, layout_text, shifted

EDGE = "#333333"
GRID = "#d0d0d0"
TICK, TICK_PAD, LABEL_PAD, TITLE_PAD, LAYOUT_PAD = 3.5, 3.5, 4.0, 6.0, 3.0
FONT, TITLE_FONT, VALUE_FONT, LEGEND_FONT, NOTE_FONT = 9.0, 11.0, 7.5, 8.0, 11.0
#: Dash patterns per line width (matplotlib's, scaled by the line's width).
DASHES = {"-": (), "--": (3.7, 1.6), "-.": (6.4, 1.6, 1.0, 1.6), ":": (1.0, 1.65)}


@dataclass
class Bars:
    """One series of bars: a bar per category position (NaN: no bar), ``width`` in category
    units, its fill, hatch (matplotlib's names: ``//``, ``..``, …) and legend name."""

    name: str
    positions: list[float]
    values: list[float]
    width: float
    colour: str
    hatch: str = ""


@dataclass
class Line:
    """One series as a line with a marker at each value; NaN leaves a gap."""

    name: str
    x: list[float]
    values: list[float]
    colour: str
    marker: str
    dashes: tuple[float, ...] = ()
    width: float = 1.8
    marker_size: float = 5.0


@dataclass
class Label:
    """A text at a data point (category, value), ``offset`` points away, aligned by ha/va:
    a bar's value (``role="value"``) or a suppression mark (``"mark"``)."""

    text: str
    category: float
    value: float
    offset: tuple[float, float]
    ha: str
    va: str
    role: str = "value"
    size: float = VALUE_FONT
    colour: str = "#000000"


@dataclass
class Panel:
    """One axes: ``horizontal`` panels have the value axis along x and categories top-down."""

    horizontal: bool
    category_limits: tuple[float, float]
    categories: list[float]
    category_labels: list[str]
    value_limits: tuple[float, float]
    value_ticks: list[float]
    value_tick_labels: list[str]
    value_label: str = ""
    title: str = ""
    bars: list[Bars] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    note: str = ""
    legend: bool = False
    reference_lines: list[float] = field(default_factory=list)
    label_size: float = FONT
    height_ratio: float = 1.0


@dataclass(frozen=True)
class Placed:
    """A text placed on the picture: its role, words, layout and anchor (points, y up)."""

    role: str
    text: str
    layout: TextLayout
    x: float
    y: float
    colour: str = "#000000"

    @property
    def box(self) -> Box:
        return shifted(self.layout.box, self.x, self.y)


class Chart:
    """A report chart: ``width`` × ``height`` inches of stacked panels. Show it with
    ``charts.show(chart, alt=...)``; JupyterLab displays it as it is (``_repr_svg_``)."""

    def __init__(self, panels: Sequence[Panel], width: float = 7.0, height: float = 2.9) -> None:
        self.panels = list(panels)
        self.width, self.height = width, height

    @property
    def title(self) -> str:
        return self.panels[0].title if self.panels else ""

    @title.setter
    def title(self, value: str) -> None:
        for i, panel in enumerate(self.panels):
            panel.title = value if i == 0 else ""

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in inches."""
        return self.width, self.height

    @property
    def series(self) -> dict[str, list[float]]:
        """Every series' values by name (bars and lines; NaN where nothing is drawn)."""
        return {s.name: list(s.values) for p in self.panels for s in (*p.bars, *p.lines)}

    def add_reference_line(self, value: float) -> None:
        """A dashed line across the first panel at ``value`` (e.g. 100 % of a target)."""
        self.panels[0].reference_lines.append(value)

    def texts(self, role: str | None = None) -> list[str]:
        """The words drawn, in drawing order; ``role`` picks one kind: ``title``,
        ``category``, ``tick``, ``axis``, ``value``, ``mark``, ``note``, ``legend``."""
        return [p.text for p in self.placed() if role is None or p.role == role]

    def placed(self) -> list[Placed]:
        """Every text where it is drawn (points from the bottom-left corner)."""
        return [t for panel, box in zip(self.panels, self._boxes(), strict=True)
                for t in _texts(panel, box)]

    def axes_boxes(self) -> list[Box]:
        """Each panel's axes rectangle, in points from the bottom-left corner."""
        return self._boxes()

    def svg(self) -> str:
        """The chart as SVG text: identical bytes for an identical chart."""
        return self._canvas().svg()

    def svgs(self) -> tuple[str, str]:
        """The chart as SVG with its text as outlines (:meth:`svg`, for any reader) and as
        ``<text>`` in the font (:meth:`Canvas.print_svg`, for the PDF), drawn once."""
        canvas = self._canvas()
        return canvas.svg(), canvas.print_svg()

    def _canvas(self) -> Canvas:
        canvas = Canvas(self.width * 72, self.height * 72)
        for panel, box in zip(self.panels, self._boxes(), strict=True):
            _draw(canvas, panel, box)
        return canvas

    def _repr_svg_(self) -> str:
        return self.svg()

    def _boxes(self) -> list[Box]:
        """Place the axes so their decorations just fit (constrained layout's result, in one
        measuring pass from matplotlib's default subplot positions, as the report did)."""
        width, height = self.width * 72, self.height * 72
        if not self.panels:
            return []
        ratios = [p.height_ratio for p in self.panels]
        margins = []
        for panel, box in zip(self.panels, _initial_boxes(width, height, ratios), strict=True):
            tight = _union([box, *(t.box for t in _texts(panel, box)), *_legend_box(panel, box)])
            margins.append((box[0] - tight[0], tight[2] - box[2], box[1] - tight[1],
                            tight[3] - box[3]))
        left = max(m[0] for m in margins) + LAYOUT_PAD
        right = max(m[1] for m in margins) + LAYOUT_PAD
        free = height - sum(m[2] + m[3] + 2 * LAYOUT_PAD for m in margins)
        top, boxes = height, []
        for (_, _, below, above), ratio in zip(margins, ratios, strict=True):
            size = max(free * ratio / sum(ratios), 1.0)
            top -= LAYOUT_PAD + above
            boxes.append((left, top - size, left + max(width - left - right, 1.0), top))
            top -= size + below + LAYOUT_PAD
        return boxes


def _initial_boxes(width: float, height: float, ratios: Sequence[float]) -> list[Box]:
    """matplotlib's default subplot grid (left .125, right .9, bottom .11, top .88, hspace .2)."""
    left, right, bottom, top = 0.125 * width, 0.9 * width, 0.11 * height, 0.88 * height
    n = len(ratios)
    cell = (top - bottom) / (n + 0.2 * (n - 1))
    norm = cell * n / sum(ratios)
    boxes, y = [], top
    for i, ratio in enumerate(ratios):
        y -= 0.2 * cell if i else 0.0
        boxes.append((left, y - ratio * norm, right, y))
        y -= ratio * norm
    return boxes


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


class _Scale:
    """Data to points for one panel's axes box."""

    def __init__(self, panel: Panel, box: Box) -> None:
        self.panel, self.box = panel, box
        vlo, vhi = panel.value_limits
        clo, chi = panel.category_limits
        if panel.horizontal:
            self._x, self._y = (box[0], box[2], vlo, vhi), (box[1], box[3], clo, chi)
        else:
            self._x, self._y = (box[0], box[2], clo, chi), (box[1], box[3], vlo, vhi)

    @staticmethod
    def _map(v: float, spec: tuple[float, float, float, float]) -> float:
        p0, p1, d0, d1 = spec
        return p0 + (v - d0) / (d1 - d0) * (p1 - p0)

    def point(self, category: float, value: float) -> tuple[float, float]:
        if self.panel.horizontal:
            return self._map(value, self._x), self._map(category, self._y)
        return self._map(category, self._x), self._map(value, self._y)

    def value(self, value: float) -> float:
        return self._map(value, self._x if self.panel.horizontal else self._y)

    def category(self, category: float) -> float:
        return self._map(category, self._y if self.panel.horizontal else self._x)


def _inside(v: float, limits: tuple[float, float]) -> bool:
    lo, hi = min(limits), max(limits)
    slack = (hi - lo) * 1e-10
    return lo - slack <= v <= hi + slack


def _texts(panel: Panel, box: Box) -> list[Placed]:
    """Every text of a panel, placed for its axes ``box``: tick labels, axis label, title,
    value labels, marks, the note and the legend's names."""
    s = _Scale(panel, box)
    x0, y0, x1, y1 = box
    out: list[Placed] = []
    ticks = [(s.value(t), label) for t, label in zip(panel.value_ticks,
                                                     panel.value_tick_labels, strict=True)]
    cats = [(s.category(c), label, panel.label_size) for c, label in zip(
        panel.categories, panel.category_labels, strict=True)
        if _inside(c, panel.category_limits)]
    below = [(p, label, FONT, "tick") for p, label in ticks] if panel.horizontal else [
        (p, label, size, "category") for p, label, size in cats]
    beside = [(p, label, size, "category") for p, label, size in cats] if panel.horizontal else [
        (p, label, FONT, "tick") for p, label in ticks]
    for p, label, size, role in below:
        out.append(Placed(role, label, layout_text(label, size, ha="center", va="top"),
                          p, y0 - TICK - TICK_PAD))
    for p, label, size, role in beside:
        out.append(Placed(role, label, layout_text(label, size, ha="right",
                                                   va="center_baseline"),
                          x0 - TICK - TICK_PAD, p))
    if panel.value_label:
        if panel.horizontal:
            low = min([y0 - TICK, *(t.box[1] for t in out if t.y < y0)])
            out.append(Placed("axis", panel.value_label, layout_text(
                panel.value_label, FONT, ha="center", va="top"), (x0 + x1) / 2, low - LABEL_PAD))
        else:
            low = min([x0 - TICK, *(t.box[0] for t in out if t.x < x0)])
            out.append(Placed("axis", panel.value_label, layout_text(
                panel.value_label, FONT, ha="center", va="bottom", rotation=90),
                low - LABEL_PAD, (y0 + y1) / 2))
    if panel.title:
        out.append(Placed("title", panel.title, layout_text(panel.title, TITLE_FONT, bold=True),
                          x0, y1 + TITLE_PAD))
    for label in panel.labels:
        px, py = s.point(label.category, label.value)
        out.append(Placed(label.role, label.text, layout_text(
            label.text, label.size, ha=label.ha, va=label.va),
            px + label.offset[0], py + label.offset[1], label.colour))
    if panel.note:
        out.append(Placed("note", panel.note, layout_text(panel.note, NOTE_FONT, ha="center",
                                                          va="center"),
                          (x0 + x1) / 2, (y0 + y1) / 2, "#555555"))
    for entry in _legend(panel, box):
        out.append(entry[0])
    return out


def _legend_series(panel: Panel) -> list[Bars | Line]:
    return [*panel.bars, *panel.lines] if panel.legend else []


def _legend(panel: Panel, box: Box) -> list[tuple[Placed, Box, Bars | Line]]:
    """The legend's rows outside the axes' upper right: (name, key box, series)."""
    series = _legend_series(panel)
    pad, key_w, key_h, gap, spacing = (0.4 * LEGEND_FONT, 2.0 * LEGEND_FONT,
                                       0.7 * LEGEND_FONT, 0.8 * LEGEND_FONT,
                                       0.5 * LEGEND_FONT)
    left, top = box[2] + 0.5 * LEGEND_FONT + pad, box[3] - 0.5 * LEGEND_FONT - pad
    rows = []
    for item in series:
        layout = layout_text(item.name, LEGEND_FONT)
        ascent = max(layout.box[3], key_h)
        baseline = top - ascent
        rows.append((Placed("legend", item.name, layout, left + key_w + gap, baseline),
                     (left, baseline, left + key_w, baseline + key_h), item))
        top = baseline + layout.box[1] - spacing
    return rows


def _legend_box(panel: Panel, box: Box) -> list[Box]:
    rows = _legend(panel, box)
    if not rows:
        return []
    pad = 0.4 * LEGEND_FONT
    boxes = [b for row in rows for b in (row[0].box, row[1])]
    x0, y0, x1, y1 = _union(boxes)
    return [(x0 - pad, y0 - pad, x1 + pad, y1 + pad)]


def _draw(canvas: Canvas, panel: Panel, box: Box) -> None:
    s = _Scale(panel, box)
    x0, y0, x1, y1 = box
    texts = _texts(panel, box)
    values = [s.value(t) for t in panel.value_ticks]
    cats = [s.category(c) for c in panel.categories if _inside(c, panel.category_limits)]
    if panel.horizontal:
        canvas.segments((((v, y0), (v, y1)) for v in values), GRID, 0.6, cap="butt")
        canvas.segments([*(((v, y0), (v, y0 - TICK)) for v in values),
                         *(((x0, c), (x0 - TICK, c)) for c in cats)], "#000000", 0.8, "butt")
    else:
        canvas.segments((((x0, v), (x1, v)) for v in values), GRID, 0.6, cap="butt")
        canvas.segments([*(((x0, v), (x0 - TICK, v)) for v in values),
                         *(((c, y0), (c, y0 - TICK)) for c in cats)], "#000000", 0.8, "butt")
    for t in texts:
        if t.role in ("tick", "category", "axis", "title"):
            canvas.text(t.layout, t.x, t.y, t.colour)
    for bars in panel.bars:
        for pos, value in zip(bars.positions, bars.values, strict=True):
            if not math.isnan(value):
                a = s.point(pos - bars.width / 2, 0.0)
                b = s.point(pos + bars.width / 2, value)
                canvas.rect((*a, *b), bars.colour, hatch=bars.hatch,
                            hatch_colour=EDGE, hatch_width=0.5)
    for line in panel.lines:
        _draw_line(canvas, s, line)
    for value in panel.reference_lines:
        if _inside(value, panel.value_limits):
            v = s.value(value)
            ends = [(v, y0), (v, y1)] if panel.horizontal else [(x0, v), (x1, v)]
            canvas.polyline(ends, EDGE, 1.0, dashes=DASHES["--"])
    canvas.segments([((x0, y0), (x0, y1)), ((x0, y0), (x1, y0))], EDGE, 0.8)
    for t in texts:
        if t.role in ("value", "mark", "note", "legend"):
            canvas.text(t.layout, t.x, t.y, t.colour)
    for _, (kx0, ky0, kx1, ky1), item in _legend(panel, box):
        if isinstance(item, Bars):
            canvas.rect((kx0, ky0, kx1, ky1), item.colour,
                        hatch=item.hatch, hatch_colour=EDGE, hatch_width=0.5)
        else:
            mid = (ky0 + ky1) / 2
            canvas.polyline([(kx0, mid), (kx1, mid)], item.colour, item.width,
                            dashes=[d * item.width for d in item.dashes])
            canvas.markers(item.marker, item.marker_size, [((kx0 + kx1) / 2, mid)],
                           item.colour)


def _draw_line(canvas: Canvas, s: _Scale, line: Line) -> None:
    """A line in runs between gaps, and its markers."""
    run: list[tuple[float, float]] = []
    dots: list[tuple[float, float]] = []
    dashes = [d * line.width for d in line.dashes]
    for x, value in [*zip(line.x, line.values, strict=True), (math.nan, math.nan)]:
        if math.isnan(value):
            canvas.polyline(run, line.colour, line.width, dashes=dashes)
            run = []
            continue
        point = s.point(x, value)
        run.append(point)
        dots.append(point)
    canvas.markers(line.marker, line.marker_size, dots, line.colour)
