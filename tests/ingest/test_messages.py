"""Every ingest problem as one line: its location, then what is wrong and how to fix it, in
Bahasa Indonesia or English."""

from __future__ import annotations

import string

import pytest

from helpers.ingest.messages import CATALOG, Problem, render


def test_a_line_names_file_sheet_row_and_column_and_leaves_unknown_parts_out():
    cell = Problem("negative", "kasus.csv", "kasus", 2, "suspects", {"value": -2})
    assert cell.line("en") == "kasus.csv:kasus:2:suspects: value -2 is negative — enter 0 or more"
    assert cell.line() == "kasus.csv:kasus:2:suspects: nilai -2 negatif — isi angka 0 atau lebih"
    whole_file = Problem("old_xls", "lama.xls")
    assert whole_file.line("en") == (
        "lama.xls: old .xls files cannot be read — open it in Excel and Save As .xlsx")
    sheet = Problem("empty_sheet", "form.xlsx", "rehabilitasi", None, "", warning=True)
    assert sheet.line("en").startswith("form.xlsx:rehabilitasi: warning: the sheet holds no")
    assert sheet.line("id").startswith("form.xlsx:rehabilitasi: peringatan: lembar tidak")


def test_a_suggestion_becomes_a_did_you_mean_hint_in_either_language():
    params = {"value": "shabu", "allowed": "sabu, ganja"}
    assert render("vocab_unknown", params, "en") == (
        "'shabu' is not known — choose one of: sabu, ganja")
    hinted = {**params, "suggestion": "sabu"}
    assert render("vocab_unknown", hinted, "en") == (
        "'shabu' is not known (did you mean 'sabu'?) — choose one of: sabu, ganja")
    assert render("vocab_unknown", hinted, "id") == (
        "'shabu' tidak dikenal (maksud Anda 'sabu'?) — pilih salah satu: sabu, ganja")


def test_an_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        render("required", {}, "fr")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_both_languages_ask_for_the_same_values_and_say_how_to_fix_it(code):
    indonesian, english = CATALOG[code]
    shared = {"hint", "hint_en", "extra_id", "extra_en"}  # one per language
    assert _fields(indonesian) - shared == _fields(english) - shared
    assert " — " in indonesian and " — " in english
    values = dict.fromkeys(_fields(indonesian) | _fields(english), "X")
    assert render(code, values, "id") and render(code, values, "en")


def test_messages_about_personal_data_do_not_repeat_the_value():
    for code in ("client_ref_nik", "client_ref_name", "client_ref_chars"):
        for template in CATALOG[code]:
            assert not _fields(template), code
