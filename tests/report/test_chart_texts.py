"""The charts' fixed texts: every line a chart draws of a label, a word or a mark is among
them, wrapped as the chart wraps it, in both languages."""

from __future__ import annotations

import pytest

from helpers.reference.vocab import load_vocab
from helpers.report import charts
from helpers.report.chart_texts import CHART_VOCABULARIES, fixed_texts
from helpers.report.text import TEXT


def _lines(chart: charts.Chart) -> set[str]:
    return {line for text in chart.texts() for line in text.split("\n")}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("horizontal", [True, False])
def test_every_vocabulary_label_is_a_fixed_text_as_a_bar_chart_wraps_it(lang, horizontal):
    vocab, fixed = load_vocab(), set(fixed_texts(load_vocab()))
    for field in ("activity", "sector", "service"):
        labels = [vocab.label(field, code, lang) for code in vocab.codes(field)]
        chart = charts.bar_chart(labels, [1.0] * len(labels), title="", value_label="",
                                 lang=lang, horizontal=horizontal)
        assert set(chart.panels[0].category_labels) - {""}
        assert {line for label in chart.panels[0].category_labels
                for line in label.split("\n")} <= fixed


@pytest.mark.parametrize("lang", ["id", "en"])
def test_drugs_units_and_indicators_are_fixed_texts_as_their_charts_draw_them(lang):
    vocab, fixed = load_vocab(), set(fixed_texts(load_vocab()))
    drugs = [vocab.label("drug", code, lang) for code in vocab.codes("drug")]
    uom = vocab.label("uom", vocab.codes("uom")[0], lang)
    panels = charts.panel_bar_chart({uom: (drugs, [1.0] * len(drugs))}, title="", lang=lang)
    indicators = [vocab.label("indicator", code, lang) for code in vocab.codes("indicator")]
    kinerja = charts.bar_chart(indicators, [50.0] * len(indicators), title="",
                               value_label=TEXT[lang]["kinerja_axis"], lang=lang,
                               horizontal=True, wrap=CHART_VOCABULARIES["indicator"][0])
    drawn = _lines(panels) | _lines(kinerja)
    numbers = {line for line in drawn if all(c in "0123456789.,-" for c in line)}
    assert numbers and drawn - numbers <= fixed  # values and ticks are composed, not fixed


def test_the_suppressed_chart_s_note_is_fixed_in_both_languages():
    fixed = set(fixed_texts(load_vocab()))
    for lang in ("id", "en"):
        assert set(TEXT[lang]["chart_suppressed"].split("\n")) <= fixed
        assert charts.NO_DATA[lang] in fixed
