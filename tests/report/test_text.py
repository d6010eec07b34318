"""The report's wording: both languages have exactly the same keys, with the same fields.

A key missing from one language is a KeyError in the middle of a render of that language only;
a field named differently (``{year}`` in one, ``{tahun}`` in the other) is a KeyError too, and a
field left out silently drops a number from one language's report. Both are checked here, for
every key, and every key the sections ask for exists.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from helpers.report import sections
from helpers.report.params import LANGUAGES
from helpers.report.sections import data_notes, enforcement, narrative
from helpers.report.sections import summary as summary_section
from helpers.report.text import TEXT
from helpers.stats import breakdowns as bd
from helpers.stats import subunits as su


def fields(template: str) -> set[tuple[str, str, str | None]]:
    """The ``str.format`` fields of a template: (name, format spec, conversion)."""
    return {(name, spec or "", conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def key_differences(texts: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """Per language, the keys some other language has and this one lacks."""
    every = set().union(*(set(t) for t in texts.values()))
    return {lang: every - set(t) for lang, t in texts.items() if every - set(t)}


def field_differences(texts: dict[str, dict[str, str]]) -> dict[str, dict[str, set]]:
    """Keys whose fields differ between languages: key → language → its fields."""
    out = {}
    for key in set().union(*(set(t) for t in texts.values())):
        per = {lang: fields(t[key]) for lang, t in texts.items() if key in t}
        if len({frozenset(f) for f in per.values()}) > 1:
            out[key] = per
    return out


def test_the_languages_are_the_ones_params_accept():
    assert tuple(TEXT) == LANGUAGES


def test_both_languages_have_exactly_the_same_keys():
    assert key_differences(TEXT) == {}
    assert set(TEXT["id"]) == set(TEXT["en"])


def test_each_key_has_the_same_format_fields_in_both_languages():
    assert field_differences(TEXT) == {}


def test_every_field_is_named():
    # Report.t fills fields by name only; a bare "{}" would fail at render time.
    for lang, texts in TEXT.items():
        for key, template in texts.items():
            for name, _, _ in fields(template):
                assert name.isidentifier(), (lang, key, template)


def test_the_checks_catch_a_missing_key_and_a_renamed_field():
    broken = {"id": {"a": "{year}", "b": "x"}, "en": {"a": "{tahun}"}}
    assert key_differences(broken) == {"en": {"b"}}
    assert set(field_differences(broken)) == {"a"}
    assert field_differences({"id": {"a": "{rate:.1f}"}, "en": {"a": "{rate}"}})


def test_table_names_list_the_three_tables_in_both_languages():
    for texts in TEXT.values():
        assert len(texts["table_names"].split("|")) == 3
        assert len(texts["service_table_names"].split("|")) == 3  # caveats.SERVICE_TABLES
        assert len(texts["reported_groups"].split("|")) == len(data_notes.GROUPS)
        assert len(texts["data_tables"].split("|")) == len(data_notes.DATA_TABLES)


def _keys_the_code_asks_for() -> set[str]:
    """Literal keys of ``.t("…")`` calls in the sections and Report, plus the keys they loop
    over (headline rows, definitions, narrative parts, compared counts)."""
    folder = Path(sections.__file__).parent
    sources = [*folder.glob("*.py"), folder.parent / "report.py"]
    literal = {m for p in sources
               for m in re.findall(r"\bt\(\s*[\"']([a-z0-9_]+)[\"']", p.read_text("utf-8"))}
    looped = {*data_notes.DEFINITIONS, *narrative.PARTS, *su.COMPARED, *enforcement.RESULTS}
    return literal | looped


def test_every_key_the_sections_use_exists(paths):
    from helpers.report.report import Report

    report = Report.open("bnnk-lubuklinggau", 2022, data_dir=paths.data_dir,
                         params_dir=paths.params_dir)
    headline = {key for key, _, _ in summary_section.headline_rows(report)}
    referral = set(bd.clients_by_referral(report.frames.rehab))  # labelled by r.t(key)
    used = _keys_the_code_asks_for() | headline | referral
    assert len(used) > 60
    for lang in LANGUAGES:
        assert used - set(TEXT[lang]) == set(), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_formats_with_its_own_fields(lang):
    # Report.t formats every text, fields or not: a stray brace fails here, not in a render.
    for key, template in TEXT[lang].items():
        assert template.format(**{name: 1 for name, _, _ in fields(template)}), key
