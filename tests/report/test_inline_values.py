"""Inline code values as the report writes them (helpers.report.inline_values), evaluated in a
real IPython shell as the report's kernel evaluates them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.display import Markdown
from IPython.utils.capture import capture_output

from helpers.report import Report
from helpers.report.inline_values import display_inline_values, inline_markdown, report_language
from helpers.report.mimetypes import INLINE_MIME

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1234567, "id", "1.234.567"), (np.int64(1234567), "en", "1,234,567"),
    (307.527, "id", "307,527"), (np.float64(12.5), "en", "12.5"), (2.0, "id", "2"),
    (Decimal("307.527"), "id", "307,527"), (date(2022, 12, 30), "id", "30 Desember 2022"),
    ("BNNK *Lubuklinggau*", "id", "BNNK \\*Lubuklinggau\\*"), ("a | b", "id", "a \\| b"),
    (True, "id", "True"), (None, "id", "None"), (float("nan"), "en", "nan"),
    (Markdown("**tebal**"), "id", "**tebal**"),
])
def test_values_are_text_in_the_report_formats(value, lang, expected):
    assert inline_markdown(value, lang) == expected


def test_a_year_stays_a_year():
    assert inline_markdown(2022, "id", "year") == "2022"
    assert inline_markdown(2021, "id", "report.year - 1") == "2021"
    assert inline_markdown(2022, "id", "tahun_lalu") == "2022"
    assert inline_markdown(2022, "id", "kasus") == "2.022"  # a count is a count
    assert inline_markdown(12022, "id", "year") == "12.022"


def test_expressions_see_the_notebook_namespace_and_fail_alone():
    shell = InteractiveShell.instance()
    shell.run_cell("kasus = 1234567\nlanguage = 'en'", store_history=False)
    with capture_output() as captured:
        display_inline_values(["kasus", "kasus +", "nope", "{'a': {'b': 2}}['a']['b']"],
                              shell.user_ns)
    (output,) = captured.outputs
    assert output.data[INLINE_MIME] == {"values": [
        {"expression": "kasus", "markdown": "1,234,567"},  # the language parameter: English
        {"expression": "kasus +", "error": "SyntaxError: invalid syntax (<inline>, line 1)"},
        {"expression": "nope", "error": "NameError: name 'nope' is not defined"},
        {"expression": "{'a': {'b': 2}}['a']['b']", "markdown": "2"}]}


def test_the_language_is_the_open_reports(sample_data_dir):
    report = Report.open("bnnk-lubuklinggau", 2022, data_dir=sample_data_dir,
                         params_dir=ROOT / "params", language="en")
    assert report_language({"report": report, "language": None}) == "en"
    assert report_language({"laporan": report}) == "en"
    assert report_language({"language": "fr"}) == report_language({}) == "id"
