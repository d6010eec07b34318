"""A province map of Indonesia with proportional symbols, drawn offline in the report's style.

Counts (cases, suspects, clients) are shown as circles whose *area* is proportional to the
value, over pale province outlines: a choropleth of raw counts would paint the large, sparsely
peopled provinces as the worst. A province whose figure is withheld (suppressed) or not
reported gets no circle and a hatched outline, said in the legend, never a zero. The map needs
no network (outlines from :mod:`helpers.reference.provinces`), carries the boundary credit, and
comes with alt text naming the largest values; the report prints the table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from helpers.reference.provinces import MAP_CREDIT, load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.reference.vocab import lang_code
from helpers.report import fmt
from helpers.report.charts import EDGE, PALETTE
from helpers.report.map_alt import map_alt_text  # noqa: F401  (re-exported beside the map)

_LAND = PALETTE[4]
_SYMBOL = PALETTE[0]
_MAX_DIAMETER_PT = 30.0
_WORDS = {
    "withheld": {"id": "disamarkan / tidak dilaporkan", "en": "withheld / not reported"},
}


def _legend_values(largest: float) -> list[float]:
    """Three round reference values up to ``largest`` (1, 2, 5 × a power of ten)."""
    if largest <= 0:
        return []
    power = 10 ** math.floor(math.log10(largest))
    top = max(step * power for step in (1, 2, 5) if step * power <= largest)
    return sorted({v for v in (top, top / 5, top / 25) if v >= 1 or top < 1})[-3:]


def _marker_size(value: float, largest: float) -> float:
    """Scatter size (points²): area proportional to the value."""
    return (_MAX_DIAMETER_PT ** 2) * value / largest if largest > 0 else 0.0


def province_map(values: Mapping[str, float | None], title: str, what: str, lang: str = "id",
                 reference_dir: Path | None = None) -> Figure:
    """The map of ``values`` per province code (``"32"``); ``None`` = withheld or not reported.

    ``what`` names the figure for the legend and alt text ("tersangka"). Provinces missing
    from ``values`` are drawn without a symbol, as zero would be.
    """
    lang = lang_code(lang)
    provinces = load_provinces(reference_dir or bundled_reference_dir())
    known = {code: float(v) for code, v in values.items() if v is not None}
    largest = max(known.values(), default=0.0)
    fig = Figure(figsize=(7.0, 3.6))
    ax = fig.add_axes((0.0, 0.04, 1.0, 0.86))
    fig.text(0.01, 0.97, title, fontsize=11, fontweight="bold", va="top")
    withheld = [p for p in provinces if p.code in values and values[p.code] is None]
    for province in provinces:
        hatch = "////" if province in withheld else ""
        for ring in province.rings:
            ax.add_patch(Polygon(ring, closed=True, facecolor=_LAND, edgecolor="white",
                                 linewidth=0.4, hatch=hatch))
    shown = [p for p in provinces if known.get(p.code, 0) > 0]
    shown.sort(key=lambda p: -known[p.code])  # small circles drawn over large ones
    if shown:
        ax.scatter([p.anchor[0] for p in shown], [p.anchor[1] for p in shown],
                   s=[_marker_size(known[p.code], largest) for p in shown],
                   facecolor=_SYMBOL, alpha=0.55, edgecolor=EDGE, linewidth=0.5, zorder=3)
    ax.set_xlim(94.5, 141.5)
    ax.set_ylim(-15.5, 6.5)  # room below Java for the legend
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [Line2D([], [], linestyle="", marker="o", markersize=math.sqrt(
        _marker_size(v, largest)), markerfacecolor=_SYMBOL, alpha=0.55, markeredgecolor=EDGE,
        label=fmt.format_decimal(v, 0, lang)) for v in _legend_values(largest)]
    if withheld:
        handles.append(Patch(facecolor=_LAND, edgecolor=EDGE, hatch="////",
                             label=_WORDS["withheld"][lang]))
    if handles:
        ax.legend(handles=handles, title=what, loc="lower left", ncols=len(handles),
                  fontsize=7, title_fontsize=7.5, columnspacing=1.6, handletextpad=0.6,
                  borderpad=0.3, frameon=False, alignment="left")
    fig.text(0.99, 0.01, MAP_CREDIT[lang], fontsize=6, ha="right", va="bottom", color="#555555")
    return fig

