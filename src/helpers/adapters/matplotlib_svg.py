"""The SVG writer of matplotlib figures: the one place that uses matplotlib's private names.

The report's own charts write their SVG themselves (:mod:`helpers.report.svg_chart`); this
writer draws the figures matplotlib still draws: BNN RI's province map and an analyst's own.

Two speed-ups reach into matplotlib's internals, both in the SVG writer :func:`svg_renderer`
hands out; each draws exactly what matplotlib's public ``RendererSVG`` draws (tested byte for
byte), only cheaper:

``memory-fonts``
    FreeType reads a font through matplotlib's Python file object, a seek and a read for each
    table and glyph it loads, and text shaping loads the tables again for every text: ~13,000
    reads (65 MB) per report. The writer's text-to-path converter gets its fonts from the files'
    bytes instead, read once per process (a forked kernel inherits them). Uses
    ``FontManager._find_fonts_by_props``, ``font_manager._get_font``, ``FT2Font._set_transform``,
    ``TextToPath._get_font`` and ``RendererSVG._text2path``.
``line-metrics``
    Every text layout (thousands per report: each label, at each layout pass and draw) looks
    its font up and reads two of its tables for the line metrics. The writer answers
    matplotlib's ``_get_font_height_metrics`` hook from a per-font cache, with the values
    matplotlib computes (same formula, at SVG's 72 dpi).

Both are used only with the matplotlib versions they were tested with (:data:`TESTED`) and
unless ``WORKBOOK_PUBLIC_API`` turns them off (``1`` or ``all``: everything; or a comma-separated
list of trick names, or ``matplotlib``). Otherwise the figures are written by matplotlib's public
``RendererSVG``, and :func:`fallbacks` says so for the build log. Importing this module imports
only the standard library: the build asks for :func:`fallbacks` without importing matplotlib.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import os
import threading
from typing import IO, TYPE_CHECKING, Any

from helpers.adapters import versions

if TYPE_CHECKING:
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.font_manager import FontProperties
    from matplotlib.ft2font import FT2Font

LIBRARY = "matplotlib"
#: The versions these internals were tested with (uv.lock): from the first, below the second.
TESTED = ((3, 11), (3, 12))
TRICKS = ("memory-fonts", "line-metrics")
ENV_PUBLIC_API = versions.ENV_PUBLIC_API


@functools.cache
def installed_version() -> str:
    """matplotlib's installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(LIBRARY)


def in_tested_range(version: str | None = None) -> bool:
    """True when ``version`` (default: the installed one) is one the internals were tested with."""
    return versions.in_range(version if version is not None else installed_version(), TESTED)


def public_api_requested(trick: str) -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return versions.public_api_requested(trick, LIBRARY)


def fast(trick: str) -> bool:
    """Whether ``trick`` (one of :data:`TRICKS`) is used: tested version and not turned off."""
    return in_tested_range() and not public_api_requested(trick)


def fallbacks() -> list[str]:
    """What matplotlib figures do without its internals, for the build log (empty: nothing)."""
    low, high = (".".join(map(str, v)) for v in TESTED)
    if not in_tested_range():
        return [f"matplotlib {installed_version()} is outside the tested range (>={low},<{high}): "
                "matplotlib figures (the province map, an analyst's own) use its public SVG "
                "writer (same SVG, slower)"]
    off = [trick for trick in TRICKS if public_api_requested(trick)]
    if off:
        return [f"{ENV_PUBLIC_API}: matplotlib figures (the province map, an analyst's own) use "
                f"its public SVG writer without {', '.join(off)} (same SVG, slower)"]
    return []


def svg_renderer(width: float, height: float, svg_file: IO[str], *, image_dpi: float,
                 metadata: dict[str, Any] | None = None) -> RendererSVG:
    """An SVG writer for a ``width`` × ``height`` (points) figure: matplotlib's ``RendererSVG``,
    with the tricks :func:`fast` allows (the same bytes either way)."""
    memory_fonts, line_metrics = fast("memory-fonts"), fast("line-metrics")
    if not (memory_fonts or line_metrics):
        from matplotlib.backends.backend_svg import RendererSVG  # lazy: see the module docstring

        return RendererSVG(width, height, svg_file, image_dpi=image_dpi, metadata=metadata)
    renderer = _classes()[1](width, height, svg_file, image_dpi=image_dpi, metadata=metadata)
    if memory_fonts:
        renderer._text2path = _classes()[0]()
    renderer.line_metrics = line_metrics
    return renderer


def font_files_in_memory() -> int:
    """How many font files this process holds in memory (a forked kernel inherits them)."""
    return _font_file.cache_info().currsize


# ------------------------------------------------------------------ matplotlib's internals


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

#: Line metrics per font properties (a copy: FontProperties is mutable), at SVG's 72 dpi.
_HEIGHTS: dict[FontProperties, tuple[float, float, float] | tuple[None, None, None]] = {}


def _memory_font(prop: FontProperties) -> FT2Font:
    """``font_manager.get_font`` for ``prop``, reading the files from memory."""
    # matplotlib on first use (here and below): the build imports this module for fallbacks().
    import matplotlib as mpl
    from matplotlib import font_manager
    from matplotlib.font_manager import FontPath, fontManager

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


def _font_height_metrics(prop: FontProperties, dpi: float, memory_fonts: bool) -> tuple:
    """(min ascent, min descent, line gap) in pixels, as ``Text._get_layout`` reads them."""
    if memory_fonts:
        font = _memory_font(prop)
    else:
        from matplotlib.font_manager import fontManager, get_font  # lazy: module docstring

        font = get_font(fontManager._find_fonts_by_props(prop))
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


@functools.cache
def _classes() -> tuple[type, type]:
    """The text-to-path converter and the SVG writer with the tricks (made on first use, so that
    importing this module does not import matplotlib)."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.textpath import TextToPath

    class MemoryTextToPath(TextToPath):
        """matplotlib's text-to-path converter with the font files in memory."""

        def _get_font(self, prop: FontProperties) -> FT2Font:
            font = _memory_font(prop)
            font.set_size(self.FONT_SCALE, self.DPI)
            return font

    class ReportSVGRenderer(RendererSVG):
        """matplotlib's SVG writer telling text layout each font's line metrics once (when
        :attr:`line_metrics`); :func:`svg_renderer` also gives it a :class:`MemoryTextToPath`."""

        line_metrics = True

        def _get_font_height_metrics(self, prop: FontProperties) -> tuple:
            if not self.line_metrics:
                return (None, None, None)  # matplotlib then looks the font up itself
            key = prop.copy()
            if key not in _HEIGHTS:
                memory_fonts = isinstance(self._text2path, MemoryTextToPath)
                _HEIGHTS[key] = _font_height_metrics(prop, dpi=72, memory_fonts=memory_fonts)
            return _HEIGHTS[key]

    return MemoryTextToPath, ReportSVGRenderer
