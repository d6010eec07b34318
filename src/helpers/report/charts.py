"""Report charts: one restrained style that stays readable in print and in greyscale.

Callers pass titles and axis labels already in the report's language; value axes and bar labels
use Indonesian number format (``1.234``, ``2,5``) via :mod:`helpers.report.fmt` (English with
``lang="en"``). Colours differ in lightness (navy, rust, steel, amber, pale grey-blue) and
bars carry a dark edge, lines a distinct marker and dash, so series survive a greyscale printer.

Figures are plain :class:`matplotlib.figure.Figure` objects, not registered with pyplot: they
never pop up by themselves in Jupyter (no duplicate PNG from the inline backend) and need no
GUI backend. Display them with :func:`show` (one SVG output with alt text) or turn them into
deterministic SVG with :func:`svg_text`. Importing this module applies :func:`apply_style` to
matplotlib's global rcParams.
"""

from __future__ import annotations

import functools
import io
import math
import os
import sys
import textwrap
import threading
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties, fontManager
from matplotlib.ft2font import FT2Font
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation, Transform

from helpers.reference.vocab import lang_code
from helpers.report import fmt

PALETTE = ("#1f3b57", "#a4452c", "#6a9ccc", "#e3b04b", "#cfdbe6")
HATCHES = ("", "//", "..", "xx", "\\\\")
MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
EDGE = "#333333"
SVG_HASHSALT = "bnn-workbook"
NO_DATA = {"id": "Tidak ada data", "en": "No data"}
_MAX_LABELLED_BARS = 24
_VALUE_TICKS = 6
_LAYOUT_PAD = 3 / 72  # inches around each axes' decorations: constrained layout's default


def apply_style() -> None:
    """Set the report style on matplotlib's rcParams (fonts bundled with matplotlib only)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "figure.facecolor": "white",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            # A fixed title height (what matplotlib's automatic placement gives these charts,
            # which have nothing above the axes): the automatic one measures the whole y axis
            # again for every title at every layout pass, ~5 % of a chart. Same SVG (tested).
            "axes.titley": 1.0,
            "axes.labelsize": 9,
            "axes.edgecolor": EDGE,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
            "grid.color": "#d0d0d0",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
            "legend.fontsize": 8,
            "patch.edgecolor": EDGE,
            "patch.linewidth": 0.6,
            "hatch.color": EDGE,
            "hatch.linewidth": 0.5,
            "svg.fonttype": "path",
            "svg.hashsalt": SVG_HASHSALT,
        }
    )


apply_style()


def _values(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _is_empty(values: Sequence[float]) -> bool:
    return all(math.isnan(v) or v == 0 for v in values)


def _integral(values: Sequence[float]) -> bool:
    return all(math.isnan(v) or float(v).is_integer() for v in values)


def _formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: fmt.format_decimal(v, 3, lang))


def _value_axis(ax: Axes, axis: str, values: Sequence[float], label: str, lang: str) -> None:
    """Indonesian-formatted value axis with light gridlines; integer ticks for count data."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(_formatter(lang))
    # At most ~6 gridlines: readable, and each tick is a line, a gridline and a label to lay
    # out and draw (matplotlib's default 10 for counts made ticks a third of a chart's cost).
    target.set_major_locator(MaxNLocator(nbins=_VALUE_TICKS, steps=[1, 2, 2.5, 5, 10],
                                         integer=_integral(values)))
    ax.grid(True, axis=axis)
    ax.set_axisbelow(True)
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(label)
    if _is_empty(values):
        (ax.set_xlim if axis == "x" else ax.set_ylim)(0, 1)
        ax.text(0.5, 0.5, NO_DATA[lang_code(lang)], transform=ax.transAxes,
                ha="center", va="center", color="#555555", fontsize=11)  # fmt: skip
    else:  # room for the value labels at the bar ends, axis from 0
        ax.margins(**{axis: 0.1})
        ax.autoscale_view()
        if axis == "x":
            ax.set_xlim(left=_axis_start(values))
        else:
            ax.set_ylim(bottom=_axis_start(values))


def _axis_start(values: Sequence[float]) -> float:
    """Value axes start at 0 (bars must not exaggerate), lower only for negative values."""
    finite = [v for v in values if not math.isnan(v)]
    return min(0.0, min(finite) * 1.1) if finite else 0.0


def _new(title: str) -> tuple[Figure, Axes]:
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title)
    return fig, ax


def _wrap(label: object, width: int) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _label_bars(ax: Axes, container: BarContainer, values: Sequence[float], lang: str,
                padding: float = 2) -> None:
    """Each bar's value at its end, ``padding`` points beyond it: what ``ax.bar_label`` draws.

    ``bar_label`` makes every label an annotation, which checks its anchor against the axes
    and resolves its offset each time it is measured and drawn; plain texts placed by an
    offset transform give the same SVG (tested) in ~30 % less time per label.
    """
    vertical = container.orientation == "vertical"
    low, high = ax.get_ylim() if vertical else ax.get_xlim()
    away = -1 if low > high else 1  # on an inverted axis "beyond the end" points the other way
    offsets: dict[float, Transform] = {}
    for bar, value in zip(container.patches, values, strict=True):
        if math.isnan(value):
            continue
        (x0, y0), (x1, y1) = bar.get_bbox().get_points()
        shift = away * (1 if value >= 0 else -1) * padding / 72
        if shift not in offsets:
            offsets[shift] = ax.transData + ScaledTranslation(
                0 if vertical else shift, shift if vertical else 0, ax.figure.dpi_scale_trans)
        towards_end = (value < 0) != (low > high)  # the label's side that faces the bar
        if vertical:
            xy = ((x0 + x1) / 2, max(y0, y1) if value >= 0 else min(y0, y1))
            align = {"ha": "center", "va": "top" if towards_end and value != 0 else "bottom"}
        else:
            xy = (max(x0, x1) if value >= 0 else min(x0, x1), (y0 + y1) / 2)
            align = {"ha": "right" if towards_end and value != 0 else "left", "va": "center"}
        ax.text(*xy, fmt.format_decimal(value, 3, lang), transform=offsets[shift],
                fontsize=7.5, **align)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
    horizontal: bool | None = None,
) -> Figure:
    """One series of bars, each labelled with its value.

    ``horizontal=None`` chooses horizontal bars when there are more than 8 labels or one is longer
    than 14 characters (long Indonesian names such as "Lingkungan instansi pemerintah").
    Horizontal bars read top-down in the given order.
    """
    vals = _values(values)
    if len(vals) != len(labels):
        raise ValueError("labels and values must have the same length")
    if horizontal is None:
        horizontal = len(labels) > 8 or any(len(str(label)) > 14 for label in labels)
    fig, ax = _new(title)
    positions = list(range(len(vals)))
    if horizontal:
        bars = ax.barh(positions, vals, color=PALETTE[0], height=0.6)
        ax.set_yticks(positions, [_wrap(label, 30) for label in labels])
        ax.invert_yaxis()
        _value_axis(ax, "x", vals, value_label, lang)
    else:
        bars = ax.bar(positions, vals, color=PALETTE[0], width=0.6)
        ax.set_xticks(positions, [_wrap(label, 12) for label in labels])
        _value_axis(ax, "y", vals, value_label, lang)
    if len(vals) <= _MAX_LABELLED_BARS and not _is_empty(vals):
        _label_bars(ax, bars, vals, lang)
    if horizontal:
        fig.set_figheight(max(2.5, 1.2 + 0.35 * len(vals)))
    return fig


def grouped_bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Figure:
    """Bars side by side per category, one colour and hatch per series (e.g. years, services).

    Every series must have one value per category.
    """
    data = {name: _values(vals) for name, vals in series.items()}
    if any(len(vals) != len(categories) for vals in data.values()):
        raise ValueError("every series needs one value per category")
    fig, ax = _new(title)
    width = 0.8 / max(1, len(data))
    every: list[float] = []
    for i, (name, vals) in enumerate(data.items()):
        offset = (i - (len(data) - 1) / 2) * width
        bars = ax.bar(
            [c + offset for c in range(len(categories))], vals, width=width, label=name,
            color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)],
        )  # fmt: skip
        if len(categories) * len(data) <= _MAX_LABELLED_BARS and not _is_empty(vals):
            _label_bars(ax, bars, vals, lang)
        every.extend(vals)
    ax.set_xticks(range(len(categories)), [_wrap(c, 12) for c in categories])
    _value_axis(ax, "y", every, value_label, lang)
    if data:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def line_chart(
    x: Sequence[int],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Figure:
    """Trend lines over integer years (five-year trend); None/NaN leaves a gap.

    Years are printed plainly (``2022``, never ``2.022``).
    """
    data = {name: _values(vals) for name, vals in series.items()}
    if any(len(vals) != len(x) for vals in data.values()):
        raise ValueError("every series needs one value per x")
    fig, ax = _new(title)
    every: list[float] = []
    for i, (name, vals) in enumerate(data.items()):
        ax.plot(
            list(x), vals, label=name, color=PALETTE[i % len(PALETTE)],
            marker=MARKERS[i % len(MARKERS)], linestyle=LINESTYLES[i % len(LINESTYLES)],
            linewidth=1.8, markersize=5,
        )  # fmt: skip
        every.extend(vals)
    ax.set_xticks(list(x), [str(int(year)) for year in x])
    if len(x) == 1:
        ax.set_xlim(x[0] - 1, x[0] + 1)
    _value_axis(ax, "y", every, value_label, lang)
    if len(data) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def monthly_chart(
    values_by_month: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Figure:
    """Twelve bars January to December, labelled ``Jan … Des`` (English ``Jan … Dec``)."""
    if len(values_by_month) != 12:
        raise ValueError(f"need 12 monthly values, got {len(values_by_month)}")
    labels = [fmt.month_abbr(m, lang) for m in range(1, 13)]
    return bar_chart(
        labels, values_by_month, title=title, value_label=value_label, lang=lang, horizontal=False
    )


def fit_layout(fig: Figure, pad: float = _LAYOUT_PAD, renderer: RendererBase | None = None) -> None:
    """Place the axes so their labels, titles and legends just fit, in one measuring pass.

    What ``layout="constrained"`` does for these charts (one column of axes; the positions
    agree within 2 px, see tests), without its cost: saving a constrained figure measures every
    text three times and draws the figure twice, a third of a report's chart time. The axes
    share the widest left and right margins; each keeps its share of the height by the grid's
    height ratios. Afterwards the figure has no layout engine, so saving draws it once.
    ``renderer`` is the one that will draw the figure (:func:`svg_text` passes its SVG writer):
    the text sizes measured here are then not measured again while drawing. By default, Agg's.
    """
    axes = fig.axes
    if not axes:
        return
    if renderer is None:
        renderer = FigureCanvasAgg(fig).get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad_px = pad * fig.dpi
    margins = []
    for ax in axes:
        inner, tight = ax.get_window_extent(renderer), ax.get_tightbbox(renderer)
        margins.append((inner.x0 - tight.x0, tight.x1 - inner.x1,
                        inner.y0 - tight.y0, tight.y1 - inner.y1))
    left = max(m[0] for m in margins) + pad_px
    right = max(m[1] for m in margins) + pad_px
    spec = axes[0].get_subplotspec()
    ratios = (spec.get_gridspec().get_height_ratios() if spec is not None else None)
    ratios = list(ratios or [1] * len(axes))
    free = height - sum(m[2] + m[3] + 2 * pad_px for m in margins)
    top = height
    for ax, (_, _, below, above), ratio in zip(axes, margins, ratios, strict=True):
        box = max(free * ratio / sum(ratios), 1.0)
        top -= pad_px + above
        ax.set_position([left / width, (top - box) / height,
                         max(width - left - right, 1.0) / width, box / height])
        top -= box + below + pad_px
    fig.set_layout_engine("none")


@functools.cache
def _font_file(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


#: FT2Font objects from memory, per font files, thread and setting, like matplotlib's own
#: cache; they must not cross a fork (they share FreeType's library object), so a forked
#: kernel starts with none (the file bytes above it keeps).
_MEMORY_FONTS: dict[tuple, FT2Font] = {}
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_MEMORY_FONTS.clear)


def _memory_font(prop: FontProperties) -> FT2Font:
    """:func:`matplotlib.font_manager.get_font` for ``prop``, reading the files from memory."""
    found = fontManager._find_fonts_by_props(prop)
    paths = tuple((f.path, f.face_index) if isinstance(f, FontPath) else (f, 0) for f in found)
    options = {"_kerning_factor": mpl.rcParams["text.kerning_factor"],
               "thread_id": threading.get_ident(),
               "enable_last_resort": mpl.rcParams["font.enable_last_resort"]}
    key = (paths, *options.values())
    font = _MEMORY_FONTS.get(key)
    if font is None:
        files = tuple((io.BytesIO(_font_file(os.path.realpath(path))), index)
                      for path, index in paths)
        font = _MEMORY_FONTS[key] = font_manager._get_font.__wrapped__(files, **options)
    font._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])  # as get_font does
    return font


class _MemoryTextToPath(TextToPath):
    """matplotlib's text-to-path converter (text measured and drawn as glyph outlines), with
    the font files in memory.

    FreeType reads a font through matplotlib's file object: a seek and a read, two system
    calls, for each table and glyph it loads, and text shaping loads the tables again for every
    text: ~13,000 reads (65 MB) per report. Read from memory they are the same bytes (same
    SVG, tested) for ~60 ms less CPU per report.
    """

    def _get_font(self, prop: FontProperties) -> FT2Font:
        font = _memory_font(prop)
        font.set_size(self.FONT_SCALE, self.DPI)
        return font


class _ReportSVGRenderer(RendererSVG):
    """matplotlib's SVG writer, reading fonts from memory (:class:`_MemoryTextToPath`) and
    telling text layout each font's line metrics once.

    Without the line-metrics hook every text layout (thousands per report: each label, at each
    layout pass and draw) looks the font up and reads two of its tables. The values are those
    matplotlib computes (same formula, at SVG's 72 dpi), remembered per font properties: same
    SVG (tested), charts ~8 % less CPU.
    """

    _heights: dict[FontProperties, tuple[float, float, float] | tuple[None, None, None]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._text2path = _MemoryTextToPath()

    def _get_font_height_metrics(self, prop: FontProperties):  # noqa: ANN202
        key = prop.copy()  # FontProperties is mutable: remember a copy
        if key not in self._heights:
            self._heights[key] = _font_height_metrics(prop, dpi=72)
        return self._heights[key]


def _font_height_metrics(prop: FontProperties, dpi: float) -> tuple:
    """(min ascent, min descent, line gap) in pixels, as ``Text._get_layout`` reads them."""
    font = _memory_font(prop)
    for table_name, linegap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72
        return (table[ascent_key] * scale, -table[descent_key] * scale,
                table[linegap_key] * scale)
    return (None, None, None)  # matplotlib then measures "lp" instead


def svg_text(fig: Figure) -> str:
    """The figure as SVG text, identical for identical input, then closes the figure.

    Text is drawn as paths (no fonts needed by the reader), element ids come from a fixed hash
    salt, and the metadata carries no date, so re-rendering an unchanged report changes no byte.
    What ``savefig`` does, in one pass: ``savefig`` draws a figure with a layout engine (even
    the placeholder :func:`fit_layout` leaves) once with output disabled first, and laying the
    figure out with the SVG writer itself, not with Agg, measures each text once and allocates
    no pixel buffer.
    """
    buffer = io.StringIO()
    canvas, dpi = fig.canvas, fig.dpi
    try:
        with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
            FigureCanvasSVG(fig)
            fig.dpi = 72  # what FigureCanvasSVG.print_svg does: SVG units are points
            width, height = fig.get_size_inches()
            renderer = MixedModeRenderer(
                fig, width, height, dpi,
                _ReportSVGRenderer(width * 72, height * 72, buffer, image_dpi=dpi,
                                   metadata={"Date": None}))
            _pin_empty_axis_labels(fig)
            if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
                fit_layout(fig, renderer=renderer)
            fig.draw(renderer)
            renderer.finalize()
    finally:
        fig.set_canvas(canvas)
        fig.dpi = dpi
    _close(fig)
    return buffer.getvalue()


def _pin_empty_axis_labels(fig: Figure) -> None:
    """Give every axis without a label a fixed label position.

    matplotlib places an axis label below (or beside) the tick labels, measuring all of them to
    do so, at each layout pass and each draw, even when the label is empty (a bar chart's
    category axis). An empty label draws nothing, so its position changes no byte (tested);
    ~2.5 % of a chart's time.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.set_label_coords(0.5, 0.5)


def _close(fig: Figure) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # only figures made through pyplot are registered there
        pyplot.close(fig)


def show(fig: Figure, alt: str) -> None:
    """Display the figure in Jupyter as one SVG output whose text/plain is ``alt``, and close it.

    Prefer ``#| fig-cap:`` / ``#| fig-alt:`` cell comments for the report; ``alt`` is the
    fallback the renderer uses when a cell has none.
    """
    from IPython.display import display

    display({"image/svg+xml": svg_text(fig), "text/plain": alt}, raw=True)


def marked_bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    marks: Sequence[str | None],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
    horizontal: bool | None = None,
) -> Figure:
    """:func:`bar_chart` for a table with suppressed cells: no bar where ``marks`` has a mark.

    A suppressed cell's value must be passed as None (the chart never sees it); its mark
    (``<5``, ``×``) is written at the bar's base instead, so the chart reveals no more than the
    table does.
    """
    if len(marks) != len(labels):
        raise ValueError("labels and marks must have the same length")
    shown = [None if mark else value for value, mark in zip(values, marks, strict=True)]
    if horizontal is None:
        horizontal = len(labels) > 8 or any(len(str(label)) > 14 for label in labels)
    fig = bar_chart(labels, shown, title=title, value_label=value_label, lang=lang,
                    horizontal=horizontal)
    ax = fig.axes[0]
    for i, mark in enumerate(marks):
        if not mark:
            continue
        if horizontal:
            ax.annotate(mark, (0, i), xytext=(3, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=7.5, color="#333333")
        else:
            ax.annotate(mark, (i, 0), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7.5, color="#333333")
    return fig


def panel_bar_chart(
    panels: dict[str, tuple[Sequence[str], Sequence[float]]],
    *,
    title: str,
    lang: str = "id",
) -> Figure:
    """One horizontal-bar panel per measure (e.g. per unit of measure: gram, butir, batang).

    Quantities in different units never share an axis, so grams are never set against tablets;
    ``panels`` maps each panel's axis label to its (labels, values).
    """
    fig = Figure(layout="constrained")
    rows = [max(1, len(labels)) for labels, _ in panels.values()] or [1]
    fig.set_figheight(max(2.5, 0.9 + sum(0.45 * r + 0.7 for r in rows)))
    if not panels:
        ax = fig.add_subplot()
        ax.set_title(title)
        _value_axis(ax, "x", [], "", lang)
        ax.set_yticks([])
        return fig
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=rows)[:, 0]
    axes[0].set_title(title)
    for i, (ax, (axis_label, (labels, values))) in enumerate(
            zip(axes, panels.items(), strict=True)):
        vals = _values(values)
        positions = list(range(len(vals)))
        bars = ax.barh(positions, vals, color=PALETTE[i % len(PALETTE)],
                       hatch=HATCHES[i % len(HATCHES)], height=0.6)
        ax.set_yticks(positions, [_wrap(label, 30) for label in labels])
        ax.invert_yaxis()
        _value_axis(ax, "x", vals, axis_label, lang)
        if not _is_empty(vals):
            _label_bars(ax, bars, vals, lang)
    return fig
