"""Small pieces every section shares: a bold total row, a chart shown under its title with its
alt text, and the "cases, suspects" phrase of an alt text.

They live here, once, so that a total row or an alt text reads the same in every section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from IPython.display import Markdown, display

from helpers.report import charts, fmt
from helpers.report.markdown import md_escape

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from helpers.report.report import Report
    from helpers.report.svg_chart import Chart


def bold(cells: list[str]) -> list[str]:
    """A table row in bold (a total); empty cells stay empty, since ``****`` is not Markdown."""
    return [f"**{c}**" if c else c for c in cells]


def show(fig: Chart | Figure, title: str, pairs: Sequence[tuple[str, str]], alt: str = "") -> None:
    """Display a chart under its title, with an alt text that names every value it draws.

    The title is a bold line above the chart, not drawn inside it: the renderer makes that line
    the chart's caption (``render/templates/layout.lua``), text a reader can find and select,
    which the PDF keeps on the chart's page ("Gambar 3. …"). A reader who cannot see the
    picture (a screen reader, a text-only copy) gets every number it shows, in its order; or,
    for a picture too rich to list (a map), ``alt``: what it shows and where its table is.
    """
    charts.drop_title(fig)
    display(Markdown(f"**{md_escape(title)}**"))
    listing = "; ".join(f"{k}: {v}" for k, v in pairs)
    if alt:
        charts.show(fig, alt=f"{title}. {alt}")
    else:
        charts.show(fig, alt=f"{title}. {listing}." if listing else title)


def cases_suspects(report: Report, cases: int, suspects: int) -> str:
    """``10 kasus, 13 tersangka`` (en ``10 cases, 13 suspects``) for alt texts.

    Indonesian nouns do not inflect for number; English ones do, so English goes through
    :func:`helpers.report.fmt.number_label`.
    """
    if report.lang == "id":
        return f"{report.i(cases)} kasus, {report.i(suspects)} tersangka"
    return (f"{fmt.number_label(cases, 'case', 'en')}, "
            f"{fmt.number_label(suspects, 'suspect', 'en')}")
