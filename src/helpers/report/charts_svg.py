"""Charts to deterministic SVG, and to Jupyter: the report's own and matplotlib figures.

:func:`svg_text` is what every picture of a report goes through and :func:`show` displays one.
A report chart (:class:`~helpers.report.svg_chart.Chart`) writes its own SVG. A matplotlib
``Figure`` (an analyst's own, the province map) is laid out by :func:`fit_layout` (what
constrained layout gives, in one measuring pass) and drawn once by the SVG writer of
:mod:`helpers.adapters.matplotlib_svg`, the one module that uses matplotlib's private names (and
falls back to matplotlib's public writer, same bytes, outside the versions it was tested with).
"""

from __future__ import annotations

import io
import sys

import matplotlib as mpl
from IPython.display import display
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from helpers.adapters import matplotlib_svg
from helpers.report.mimetypes import PRINT_SVG_MIME
from helpers.report.svg_chart import Chart

SVG_HASHSALT = "bnn-workbook"
_LAYOUT_PAD = 3 / 72  # inches around each axes' decorations: constrained layout's default


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


def svg_text(fig: Chart | Figure) -> str:
    """The chart or figure as SVG text, identical for identical input (a figure is closed).

    Text is drawn as paths (no fonts needed by the reader), element ids come from a fixed hash
    salt, and the metadata carries no date, so re-rendering an unchanged report changes no byte.
    What ``savefig`` does, in one pass: ``savefig`` draws a figure with a layout engine (even
    the placeholder :func:`fit_layout` leaves) once with output disabled first, and laying the
    figure out with the SVG writer itself, not with Agg, measures each text once and allocates
    no pixel buffer.
    """
    if isinstance(fig, Chart):
        return fig.svg()
    buffer = io.StringIO()
    canvas, dpi = fig.canvas, fig.dpi
    try:
        with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
            FigureCanvasSVG(fig)
            fig.dpi = 72  # what FigureCanvasSVG.print_svg does: SVG units are points
            width, height = fig.get_size_inches()
            renderer = MixedModeRenderer(
                fig, width, height, dpi,
                matplotlib_svg.svg_renderer(width * 72, height * 72, buffer, image_dpi=dpi,
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


def show(fig: Chart | Figure, alt: str) -> None:
    """Display the chart or figure in Jupyter as one SVG output whose text/plain is ``alt``.

    Prefer ``#| fig-cap:`` / ``#| fig-alt:`` cell comments for the report; ``alt`` is the
    fallback the renderer uses when a cell has none. A report chart also carries its print copy
    (``PRINT_SVG_MIME``: its text as text), the PDF's figure; a matplotlib figure has none.
    """
    if isinstance(fig, Chart):
        screen, printed = fig.svgs()
        display({"image/svg+xml": screen, PRINT_SVG_MIME: printed, "text/plain": alt}, raw=True)
    else:
        display({"image/svg+xml": svg_text(fig), "text/plain": alt}, raw=True)
