"""The site's words in both languages and its headline metrics, named once."""

from __future__ import annotations

import string

import pytest

from helpers.site import labels
from helpers.site.labels import LANGUAGES, METRIC, METRICS, PILLARS, Words
from site_support import synthetic_figures


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_words_with_the_same_fields():
    indonesian, english = (labels._WORDS[lang] for lang in LANGUAGES)
    assert set(indonesian) == set(english)
    differ = [k for k in indonesian if _fields(indonesian[k]) != _fields(english[k])]
    assert differ == []
    assert all(indonesian[k] != english[k] for k in ("site_title", "skip", "home"))


def test_words_format_their_values_and_an_unknown_language_reads_indonesian():
    en = Words("en")
    assert en("year_title", year=2024) == "Annual Reports 2024"
    assert en.search_heading == "Find a unit" and en.pillar("p2m").startswith("Prevention")
    fallback = Words("fr")
    assert fallback.lang == "id" and fallback("year_title", year=2024) == (
        "Laporan Akhir Tahun 2024")
    with pytest.raises(AttributeError):
        _ = en.no_such_word


def test_every_metric_is_a_number_of_the_figures_file_under_a_pillar_with_words(registry):
    figures = synthetic_figures(registry, "bnnk-lubuklinggau", 2022)
    for metric in METRICS:
        value = figures
        for key in metric.path:
            value = value[key]
        assert isinstance(value, int), metric.key
        assert metric.label("en") == metric.label_en != metric.label("id") == metric.label_id
        for lang in LANGUAGES:
            assert Words(lang).pillar(metric.pillar)
    assert {key for _, key in PILLARS} <= set(METRIC)
    assert {pillar for pillar, _ in PILLARS} == {m.pillar for m in METRICS}
