"""Report charts: one restrained style that stays readable in print and in greyscale.

Callers pass titles and axis labels already in the report's language; value axes and bar labels
use Indonesian number format (``1.234``, ``2,5``) via :mod:`helpers.report.fmt` (English with
``lang="en"``). Colours differ in lightness (navy, rust, steel, amber, pale grey-blue) and
bars of each series a distinct dark hatch (no outline: as matplotlib drew them), lines a
distinct marker and dash, so series survive a greyscale printer.

Each function decides what its chart shows (series, limits, ticks, labels, size) and returns a
:class:`~helpers.report.svg_chart.Chart`, which lays itself out and writes SVG directly, the
picture matplotlib drew with this style in a few milliseconds instead of 50-150 (its artists
are never built). Display a chart with :func:`show` (one SVG output with alt text) or turn it
into deterministic SVG with :func:`svg_text`; both take an analyst's own matplotlib ``Figure``
too, and importing this module applies :func:`apply_style` to matplotlib's rcParams for those.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.figure import Figure

from helpers.common.config import resolve_paths
from helpers.reference.vocab import lang_code, load_vocab
from helpers.report import fmt, glyphs, value_axis
from helpers.report.chart_texts import NO_DATA, WRAP, WRAP_VERTICAL, fixed_texts, wrap_label
from helpers.report.charts_svg import (  # noqa: F401  (re-exported: callers use charts.svg_text)
    SVG_HASHSALT,
    fit_layout,
    show,
    svg_text,
)
from helpers.report.svg_chart import Bars, Chart, Label, Line, Panel
from helpers.report.text import TEXT

PALETTE = ("#1f3b57", "#a4452c", "#6a9ccc", "#e3b04b", "#cfdbe6")
HATCHES = ("", "//", "..", "xx", "\\\\")
MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
#: Each line style's dash pattern per point of line width (matplotlib's, scaled by the width).
DASHES = {"-": (), "--": (3.7, 1.6), "-.": (6.4, 1.6, 1.0, 1.6), ":": (1.0, 1.65)}
EDGE = "#333333"
_MAX_LABELLED_BARS = 24
#: The tallest a chart is drawn, in inches: with its caption, three quarters of the A4 text
#: area, so a chart always fits under the last quarter page of a long table before it (a page
#: is never left a table's tail and white space while the chart waits for the next one).
MAX_HEIGHT = 7.5


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


def _label_room(labels: Sequence[str], bars: int, max_height: float | None) -> tuple[float, float]:
    """(figure height, label size): the height that gives every horizontal bar's label its own
    room, so no two labels overlap (38 provinces, two-line names); over ``max_height``, the
    labels get smaller type (the size, in points, 9 otherwise)."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    pitch = max(lines * _LABEL_LINE + _LABEL_GAP, 0.35 if bars <= 12 else 0.2)
    height = max(2.5, 1.2 + pitch * bars)
    if max_height is not None and height > max_height:
        room = (max_height - 1.2) / max(1, bars)  # per bar, in inches
        size = min(9.0, 72 * (room - _LABEL_GAP) / (lines * 11 / 9))
        return max_height, max(5.0, size)
    return height, 9.0


def _around(low: float, high: float) -> tuple[float, float]:
    """A category axis' limits: the bars' or points' span and 5 % on each side."""
    margin = (high - low) * 0.05
    return low - margin, high + margin


def _value_panel(values: Sequence[float], *, horizontal: bool, from_zero: bool, label: str,
                 lang: str, empty_text: str | None = None) -> Panel:
    """A panel's value axis (limits, Indonesian-formatted "nice" ticks, integer for counts,
    light gridlines) and, when there is nothing to draw, its note (by default "no data")."""
    low, high = value_axis.limits(values, from_zero=from_zero)
    ticks = value_axis.ticks(low, high, value_axis.integral(values))
    empty = value_axis.is_empty(values)
    return Panel(horizontal=horizontal, category_limits=(0.0, 1.0), categories=[],
                 category_labels=[], value_limits=(low, high), value_ticks=ticks,
                 value_tick_labels=[fmt.format_decimal(t, 3, lang) for t in ticks],
                 value_label=label,
                 note=(empty_text or NO_DATA[lang_code(lang)]) if empty else "")


def _set_categories(panel: Panel, positions: Sequence[float], labels: Sequence[str],
                    span: tuple[float, float] | None) -> None:
    panel.categories, panel.category_labels = list(positions), list(labels)
    low, high = _around(*span) if span else (-0.055, 0.055)  # matplotlib's empty axis
    panel.category_limits = (high, low) if panel.horizontal else (low, high)


def _bar_labels(bars: Bars, horizontal: bool, lang: str, padding: float = 2) -> list[Label]:
    """Each bar's value at its end, ``padding`` points beyond it (where ``bar_label`` put it)."""
    out = []
    for pos, value in zip(bars.positions, bars.values, strict=True):
        if math.isnan(value):
            continue
        shift = padding if value >= 0 else -padding
        text = fmt.format_decimal(value, 3, lang)
        if horizontal:
            out.append(Label(text, pos, value, (shift, 0.0), "right" if value < 0 else "left",
                             "center"))
        else:
            out.append(Label(text, pos, value, (0.0, shift), "center",
                             "top" if value < 0 else "bottom"))
    return out


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
    wrap: int = WRAP,
) -> Chart:
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
    positions = [float(i) for i in range(len(vals))]
    panel = _value_panel(vals, horizontal=horizontal, from_zero=True, label=value_label,
                         lang=lang, empty_text=empty_text)
    panel.title = title
    wrapped = [wrap_label(label, wrap if horizontal else WRAP_VERTICAL) for label in labels]
    _set_categories(panel, positions, wrapped, (-0.3, len(vals) - 0.7) if vals else None)
    bars = Bars("", positions, vals, 0.6, PALETTE[0])
    panel.bars.append(bars)
    if len(vals) <= _MAX_LABELLED_BARS and not value_axis.is_empty(vals):
        panel.labels.extend(_bar_labels(bars, horizontal, lang))
    if not horizontal:
        return Chart([panel])
    height, panel.label_size = _label_room(wrapped, len(vals), max_height)
    return Chart([panel], height=height)


def grouped_bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Chart:
    """Bars side by side per category, one colour and hatch per series (e.g. years, services).

    Every series must have one value per category.
    """
    data = {name: _values(vals) for name, vals in series.items()}
    if any(len(vals) != len(categories) for vals in data.values()):
        raise ValueError("every series needs one value per category")
    every = [v for vals in data.values() for v in vals]
    panel = _value_panel(every, horizontal=False, from_zero=True, label=value_label, lang=lang)
    panel.title = title
    width = 0.8 / max(1, len(data))
    for i, (name, vals) in enumerate(data.items()):
        offset = (i - (len(data) - 1) / 2) * width
        bars = Bars(name, [c + offset for c in range(len(categories))], vals, width,
                    PALETTE[i % len(PALETTE)], HATCHES[i % len(HATCHES)])
        panel.bars.append(bars)
        if len(categories) * len(data) <= _MAX_LABELLED_BARS and not value_axis.is_empty(vals):
            panel.labels.extend(_bar_labels(bars, False, lang))
    span = (-0.4, len(categories) - 0.6) if categories and data else None
    _set_categories(panel, [float(c) for c in range(len(categories))],
                    [wrap_label(c, WRAP_VERTICAL) for c in categories], span)
    panel.legend = bool(data)
    return Chart([panel])


def line_chart(
    x: Sequence[int],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Chart:
    """Trend lines over integer years (five-year trend); None/NaN leaves a gap.

    Years are printed plainly (``2022``, never ``2.022``).
    """
    data = {name: _values(vals) for name, vals in series.items()}
    if any(len(vals) != len(x) for vals in data.values()):
        raise ValueError("every series needs one value per x")
    every = [v for vals in data.values() for v in vals]
    panel = _value_panel(every, horizontal=False, from_zero=False, label=value_label, lang=lang)
    panel.title = title
    for i, (name, vals) in enumerate(data.items()):
        style = LINESTYLES[i % len(LINESTYLES)]
        dashes = tuple(style[1]) if isinstance(style, tuple) else DASHES[style]
        panel.lines.append(Line(name, [float(v) for v in x], vals, PALETTE[i % len(PALETTE)],
                                MARKERS[i % len(MARKERS)], dashes))
    drawn = [year for vals in data.values() for year, v in zip(x, vals, strict=True)
             if not math.isnan(v)] or list(x)
    _set_categories(panel, [float(v) for v in x], [str(int(year)) for year in x],
                    (min(drawn), max(drawn)) if drawn else None)
    if len(x) == 1:
        panel.category_limits = (x[0] - 1, x[0] + 1)
    panel.legend = len(data) > 1
    return Chart([panel])


def monthly_chart(
    values_by_month: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    lang: str = "id",
) -> Chart:
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
) -> Chart:
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
    hidden = any(marks) and value_axis.is_empty(_values(shown))
    chart = bar_chart(labels, shown, title=title, value_label=value_label, lang=lang,
                      horizontal=horizontal,
                      empty_text=TEXT[lang_code(lang)]["chart_suppressed"] if hidden else None)
    panel = chart.panels[0]
    for i, mark in enumerate(marks):
        if mark:
            panel.labels.append(
                Label(mark, i, 0.0, (3.0, 0.0), "left", "center", "mark", colour=EDGE)
                if horizontal else
                Label(mark, i, 0.0, (0.0, 3.0), "center", "bottom", "mark", colour=EDGE))
    return chart


def panel_bar_chart(
    panels: dict[str, tuple[Sequence[str], Sequence[float]]],
    *,
    title: str,
    lang: str = "id",
) -> Chart:
    """One horizontal-bar panel per measure (e.g. per unit of measure: gram, butir, batang).

    Quantities in different units never share an axis, so grams are never set against tablets;
    ``panels`` maps each panel's axis label to its (labels, values).
    """
    rows = [max(1, len(labels)) for labels, _ in panels.values()] or [1]
    # 0.3 inch per bar and 0.6 per panel's axis: BNN RI's four units of measure in half a page.
    height = min(MAX_HEIGHT, max(2.5, 0.9 + sum(0.3 * r + 0.6 for r in rows)))
    if not panels:
        empty = _value_panel([], horizontal=True, from_zero=True, label="", lang=lang)
        empty.title = title
        return Chart([empty], height=height)
    drawn = []
    for i, (axis_label, (labels, values)) in enumerate(panels.items()):
        vals = _values(values)
        panel = _value_panel(vals, horizontal=True, from_zero=True, label=axis_label, lang=lang)
        positions = [float(p) for p in range(len(vals))]
        _set_categories(panel, positions, [wrap_label(label, WRAP) for label in labels],
                        (-0.3, len(vals) - 0.7) if vals else None)
        bars = Bars(axis_label, positions, vals, 0.6, PALETTE[i % len(PALETTE)],
                    HATCHES[i % len(HATCHES)])
        panel.bars.append(bars)
        if not value_axis.is_empty(vals):
            panel.labels.extend(_bar_labels(bars, True, lang))
        panel.height_ratio = rows[i]
        drawn.append(panel)
    drawn[0].title = title
    return Chart(drawn, height=height)


def drop_title(fig: Chart | Figure) -> None:
    """Draw no title on ``fig`` (a report chart or a matplotlib figure): the report writes it
    as the chart's caption instead."""
    if isinstance(fig, Chart):
        fig.title = ""
    else:
        for ax in fig.axes:
            ax.set_title("")


def warm_up() -> None:
    """Shape every fixed text of the report's charts (``chart_texts.fixed_texts`` of the
    vocabularies of WORKBOOK_DATA_DIR, else the bundled ones), learn to compose numbers from
    their digits, and draw a chart in both languages (the SVG writer's own code paths): the
    kernel fork-server calls this before it forks, so a forked kernel shapes only the few texts
    no report shares (~0.2 s once). A text it missed is only shaped in the kernel, never wrong."""
    for text in fixed_texts(load_vocab(resolve_paths().reference_dir)):
        glyphs.glyph_run(text)
        glyphs.extent(text, glyphs.FONT_SCALE)
    glyphs.learn_numerals()
    for lang in ("id", "en"):
        svg_text(grouped_bar_chart(
            [fmt.month_abbr(m, lang) for m in range(1, 13)],
            {"a": [1234.5, *range(11)], "b": [67890.0, *range(11)]}, title="t", value_label="v",
            lang=lang))
