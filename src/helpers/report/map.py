"""A province map of Indonesia with proportional symbols, drawn offline in the report's style.

Counts (cases, suspects, clients) are shown as circles whose *area* is proportional to the
value, over pale province outlines: a choropleth of raw counts would paint the large, sparsely
peopled provinces as the worst. A province whose figure is withheld (suppressed) or not
reported gets no circle and a hatched outline, said in the legend, never a zero. The map needs
no network (outlines from :mod:`helpers.reference.provinces`), carries the boundary credit, and
comes with alt text naming the largest values; the report prints the table beside it.

The outlines are today's 38 provinces. In a year before a province formed in 2022 had its own
BNNP (its code has no entry in the values), its land is drawn as part of the province it was
formed from: no border between them, hatched with it, so a map of 2019–2022 shows the 34
provinces of those years and never leaves Papua Selatan looking like a zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.reference.provinces import MAP_CREDIT, Province, load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.reference.vocab import lang_code
from helpers.report import fmt
from helpers.report.charts import EDGE, PALETTE
from helpers.report.map_alt import map_alt_text  # noqa: F401  (re-exported beside the map)

_LAND = PALETTE[4]
_SYMBOL = PALETTE[0]
_HATCH = "////"
_MAX_DIAMETER_PT = 30.0
_WORDS = {
    "withheld": {"id": "disamarkan / tidak dilaporkan", "en": "withheld / not reported"},
}
#: The provinces formed in 2022, by their 2025 codes, and the province each was formed from:
#: Papua Selatan, Papua Tengah and Papua Pegunungan from Papua (UU 14, 15 and 16/2022), Papua
#: Barat Daya from Papua Barat (UU 29/2022). The boundary file carries the same parent codes.
FORMED_2022 = {"93": "91", "94": "91", "95": "91", "96": "92"}


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


def outline_owners(values: Mapping[str, object]) -> dict[str, str]:
    """Outline code → the province code it is drawn as part of, for the outlines that are not
    their own province on this map: a province formed in 2022 without an entry in ``values``
    while the province it was formed from has one (a year before its own BNNP)."""
    return {code: parent for code, parent in FORMED_2022.items()
            if code not in values and parent in values}


def _inner_edges(provinces: tuple[Province, ...], owners: Mapping[str, str]) -> set[frozenset]:
    """The border segments between outlines drawn as one province (the boundary file gives
    neighbouring outlines exactly the same vertices along their border)."""
    group = {p.code: owners.get(p.code, p.code) for p in provinces}
    merged = set(owners) | set(owners.values())
    seen: dict[frozenset, str] = {}
    inner = set()
    for province in (p for p in provinces if p.code in merged):
        for ring in province.rings:
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                other = seen.setdefault(frozenset((a, b)), province.code)
                if other != province.code and group[other] == group[province.code]:
                    inner.add(frozenset((a, b)))
    return inner


def _border_lines(rings: list, inner: set[frozenset]) -> list[list[tuple[float, float]]]:
    """The rings' borders as polylines, broken where a segment is an inner border."""
    lines = []
    for ring in rings:
        closed = [*ring, ring[0]]
        line = [closed[0]]
        for a, b in zip(closed, closed[1:], strict=False):
            if frozenset((a, b)) in inner:
                if len(line) > 1:
                    lines.append(line)
                line = [b]
            else:
                line.append(b)
        if len(line) > 1:
            lines.append(line)
    return lines


def _draw_outlines(ax, provinces: tuple[Province, ...], withheld: set[str],
                   owners: Mapping[str, str]) -> None:
    """Every outline, pale with white borders, in a few collections (one artist each instead
    of 200 patches: a tenth of the map's drawing time). Outlines drawn as one province get
    their borders as lines without the ones between them."""
    merged = set(owners) | set(owners.values())
    faces: dict[tuple[bool, str], list] = {}
    for province in provinces:
        hatch = _HATCH if owners.get(province.code, province.code) in withheld else ""
        faces.setdefault((province.code in merged, hatch), []).extend(province.rings)
    for (one_of_merged, hatch), rings in sorted(faces.items()):
        ax.add_collection(PolyCollection(
            rings, facecolors=_LAND, edgecolors="none" if one_of_merged else "white",
            linewidths=0.4, hatch=hatch), autolim=False)
    if merged:
        rings = [ring for p in provinces if p.code in merged for ring in p.rings]
        ax.add_collection(LineCollection(_border_lines(rings, _inner_edges(provinces, owners)),
                                         colors="white", linewidths=0.4), autolim=False)


def province_map(values: Mapping[str, float | None], title: str, what: str, lang: str = "id",
                 reference_dir: Path | None = None) -> Figure:
    """The map of ``values`` per province code (``"32"``); ``None`` = withheld or not reported.

    ``what`` names the figure for the legend and alt text ("tersangka"). Provinces missing
    from ``values`` are drawn without a symbol, as zero would be; a code without an outline is
    left out (and out of the legend's scale). An empty ``title`` draws none (a report shows
    its chart titles as captions) and the figure is shorter by the title's strip.
    """
    lang = lang_code(lang)
    provinces = load_provinces(reference_dir or bundled_reference_dir())
    codes = {p.code for p in provinces}
    known = {code: float(v) for code, v in values.items() if v is not None and code in codes}
    largest = max(known.values(), default=0.0)
    height = 3.6 if title else 3.3
    fig = Figure(figsize=(7.0, height))
    ax = fig.add_axes((0.0, 0.144 / height, 1.0, 3.1 / height))
    if title:
        fig.text(0.01, 0.97, title, fontsize=11, fontweight="bold", va="top")
    withheld = {code for code, v in values.items() if v is None and code in codes}
    _draw_outlines(ax, provinces, withheld, outline_owners(values))
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
        handles.append(Patch(facecolor=_LAND, edgecolor=EDGE, hatch=_HATCH,
                             label=_WORDS["withheld"][lang]))
    if handles:
        ax.legend(handles=handles, title=what, loc="lower left", ncols=len(handles),
                  fontsize=7, title_fontsize=7.5, columnspacing=1.6, handletextpad=0.6,
                  borderpad=0.3, frameon=False, alignment="left")
    fig.text(0.99, 0.01, MAP_CREDIT[lang], fontsize=6, ha="right", va="bottom", color="#555555")
    return fig
