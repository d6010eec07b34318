"""The fixed texts of the report's charts: how a category label is wrapped, and every line of
fixed text a chart can show (vocabulary labels, axis titles, notes, marks, months).

The kernel fork-server's warm-up (:func:`helpers.report.charts.warm_up`) shapes them all once,
so a forked kernel inherits their glyphs and measures instead of shaping them again (~1 ms a
text). The widths here are the ones the charts wrap with, so the warm-up shapes the very lines
a chart draws.
"""

from __future__ import annotations

import textwrap

from helpers.reference.vocab import Vocab
from helpers.report import fmt
from helpers.report.text import TEXT
from helpers.stats.suppress import SECONDARY_MARK

#: The width, in characters, a horizontal bar's label (and a panel's) is wrapped at; a vertical
#: bar's, under it.
WRAP, WRAP_VERTICAL = 30, 12
NO_DATA = {"id": "Tidak ada data", "en": "No data"}


def wrap_label(label: object, width: int) -> str:
    """``label`` in lines of at most ``width`` characters (broken between words)."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


#: The vocabularies whose labels charts show, each with the widths the charts wrap them at
#: (0: never wrapped): bars' labels (``charts.bar_chart``: horizontal or vertical), the drugs of
#: ``charts.panel_bar_chart`` (their units of measure are its axis titles), the kinerja chart's
#: indicators (its section wraps them at 48, on one line where they fit).
CHART_VOCABULARIES = {"activity": (WRAP, WRAP_VERTICAL), "sector": (WRAP, WRAP_VERTICAL),
                      "service": (WRAP, WRAP_VERTICAL), "drug": (WRAP,), "indicator": (48,),
                      "uom": (0,)}
#: The report's wording charts show: axis titles, legend names, the suppressed chart's note.
CHART_WORDS = ("count", "cases", "suspects", "participants_unit", "clients_unit",
               "kinerja_axis", "chart_suppressed")


def fixed_texts(vocab: Vocab) -> list[str]:
    """Every line of fixed text a report's charts can show, in both languages, as the charts
    wrap it: ``vocab``'s labels (an indicator also with its proxy mark) at each width of
    :data:`CHART_VOCABULARIES`, the report's chart words, "no data", the marks, months."""
    # Imported here: the sections import the charts, which import this module.
    from helpers.report.sections.kinerja import PROXY_MARK

    texts: dict[str, None] = {}
    for lang in ("id", "en"):
        labels = [(vocab.label(field, code, lang), widths)
                  for field, widths in CHART_VOCABULARIES.items() for code in vocab.codes(field)]
        labels += [(f"{vocab.label('indicator', code, lang)} {PROXY_MARK}",
                    CHART_VOCABULARIES["indicator"]) for code in vocab.codes("indicator")]
        words = [TEXT[lang][key] for key in CHART_WORDS] + [NO_DATA[lang], SECONDARY_MARK]
        months = [fmt.month_abbr(m, lang) for m in range(1, 13)]
        for text in [*(wrap_label(label, width) if width else label
                       for label, widths in labels for width in widths), *words, *months]:
            texts.update(dict.fromkeys(text.split("\n")))
    return [text for text in texts if text]
