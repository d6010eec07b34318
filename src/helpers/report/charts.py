"""Report charts: one restrained style that stays readable in print and in greyscale.

Callers pass titles and axis labels already in the report's language; value axes and bar labels
use Indonesian number format (``1.234``, ``2,5``) via :mod:`helpers.report.fmt` (English with
``lang="en"``). Colours differ in lightness (navy, rust, steel, amber, pale grey-blue) and
bars carry a dark edge, lines a distinct marker and dash, so series survive a greyscale printer.

Figures are plain :class:`matplotlib.figure.Figure` objects, not registered with pyplot: they
never pop up by themselves in Jupyter (no duplicate PNG from the inline backend) and need no
GUI backend. Display them with :func:`show` (one SVG output with alt text) or turn them into
deterministic SVG with :func:`svg_text` (both from :mod:`helpers.report.charts_svg`).
Importing this module applies :func:`apply_style` to matplotlib's global rcParams.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation, Transform

from helpers.reference.vocab import lang_code
from helpers.report import fmt
from helpers.report.charts_svg import (  # noqa: F401  (re-exported: callers use charts.svg_text)
    SVG_HASHSALT,
    fit_layout,
    show,
    svg_text,
)
from helpers.report.text import TEXT

PALETTE = ("#1f3b57", "#a4452c", "#6a9ccc", "#e3b04b", "#cfdbe6")
HATCHES = ("", "//", "..", "xx", "\\\\")
MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
EDGE = "#333333"
NO_DATA = {"id": "Tidak ada data", "en": "No data"}
_MAX_LABELLED_BARS = 24
#: The tallest a chart is drawn, in inches: with its caption, three quarters of the A4 text
#: area, so a chart always fits under the last quarter page of a long table before it (a page
#: is never left a table's tail and white space while the chart waits for the next one).
MAX_HEIGHT = 7.5
_VALUE_TICKS = 6


def apply_style() -> None:
    """Set the report style on matplotlib's rcParams (fonts bundled with matplotlib only)."""
    mpl.rcParams.update(
        {
            # A chart and the table it draws share a page: 2.9 inches (a third of the text area
            # with its caption) leave room for a 13-row monthly table and its chapter's opening.
            "figure.figsize": (7.0, 2.9),
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


def _value_axis(ax: Axes, axis: str, values: Sequence[float], label: str, lang: str,
                empty_text: str | None = None) -> None:
    """Indonesian-formatted value axis with light gridlines; integer ticks for count data.

    An axis with nothing to draw says ``empty_text``, by default "no data"."""
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
        ax.text(0.5, 0.5, empty_text or NO_DATA[lang_code(lang)], transform=ax.transAxes,
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


def short_labels(labels: Sequence[str]) -> list[str]:
    """Labels without the words they all begin with ("BNN Provinsi Aceh", "BNN Provinsi Bali"
    → "Aceh", "Bali"): what tells the bars apart, on one line where it fits. The caption says
    what they are; the alt text keeps the full names."""
    words = [str(label).split() for label in labels]
    shared = 0
    while len(words) > 1 and all(len(w) > shared + 1 for w in words) and len(
            {w[shared] for w in words}) == 1:
        shared += 1
    return [" ".join(w[shared:]) for w in words]


#: A tick label's line, in inches (9 pt text and its leading); a bar's slot holds its label.
_LABEL_LINE = 11 / 72
_LABEL_GAP = 3 / 72


def _label_room(ax: Axes, labels: Sequence[str], bars: int, max_height: float | None) -> float:
    """The figure height that gives every horizontal bar's label its own room, so no two labels
    overlap (38 provinces, two-line names); over ``max_height``, the labels get smaller type."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    pitch = max(lines * _LABEL_LINE + _LABEL_GAP, 0.35 if bars <= 12 else 0.2)
    height = max(2.5, 1.2 + pitch * bars)
    if max_height is not None and height > max_height:
        room = (max_height - 1.2) / max(1, bars)  # per bar, in inches
        size = min(9.0, 72 * (room - _LABEL_GAP) / (lines * 11 / 9))
        ax.tick_params(axis="y", labelsize=max(5.0, size))
        height = max_height
    return height


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
    empty_text: str | None = None,
    max_height: float | None = MAX_HEIGHT,
    wrap: int = 30,
) -> Figure:
    """One series of bars, each labelled with its value (``empty_text`` when there is none).

    ``horizontal=None`` chooses horizontal bars when there are more than 8 labels or one is longer
    than 14 characters (long Indonesian names such as "Lingkungan instansi pemerintah").
    Horizontal bars read top-down in the given order, each label in room of its own: the figure
    is as tall as its labels need, at most ``max_height`` inches (then in smaller type); a label
    longer than ``wrap`` characters takes more than one line (and so more room).
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
        wrapped = [_wrap(label, wrap) for label in labels]
        ax.set_yticks(positions, wrapped)
        ax.invert_yaxis()
        _value_axis(ax, "x", vals, value_label, lang, empty_text)
    else:
        bars = ax.bar(positions, vals, color=PALETTE[0], width=0.6)
        ax.set_xticks(positions, [_wrap(label, 12) for label in labels])
        _value_axis(ax, "y", vals, value_label, lang, empty_text)
    if len(vals) <= _MAX_LABELLED_BARS and not _is_empty(vals):
        _label_bars(ax, bars, vals, lang)
    if horizontal:
        fig.set_figheight(_label_room(ax, wrapped, len(vals), max_height))
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
    table does. When every bar with a value is hidden the chart says the data are hidden to
    protect identities: "no data" would be false (Palembang 2024 had 20 clients).
    """
    if len(marks) != len(labels):
        raise ValueError("labels and marks must have the same length")
    shown = [None if mark else value for value, mark in zip(values, marks, strict=True)]
    if horizontal is None:
        horizontal = len(labels) > 8 or any(len(str(label)) > 14 for label in labels)
    hidden = any(marks) and _is_empty(_values(shown))
    fig = bar_chart(labels, shown, title=title, value_label=value_label, lang=lang,
                    horizontal=horizontal,
                    empty_text=TEXT[lang_code(lang)]["chart_suppressed"] if hidden else None)
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
    # 0.3 inch per bar and 0.6 per panel's axis: BNN RI's four units of measure in half a page.
    fig.set_figheight(min(MAX_HEIGHT, max(2.5, 0.9 + sum(0.3 * r + 0.6 for r in rows))))
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
