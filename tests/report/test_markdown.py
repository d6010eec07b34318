"""The report's Markdown: pipe tables pandoc reads as written, and an analyst's text that keeps
the report's own heading order."""

from __future__ import annotations

import pytest

from helpers.report.markdown import analyst_markdown, md_table


def test_analyst_markdown_keeps_text_but_not_its_headings():
    assert analyst_markdown("# Judul\n\nTeks *miring* <b>x</b>") == (
        "**Judul**\n\nTeks *miring* <b>x</b>")


def test_every_heading_level_and_closing_hashes_become_a_bold_line():
    text = "  ## Capaian ##\n###### Catatan\n####### tujuh\n#tagar\n    # kode\nTeks # biasa"
    assert analyst_markdown(f"\n{text}\n\n") == (
        "**Capaian**\n**Catatan**\n####### tujuh\n#tagar\n    # kode\nTeks # biasa")


def test_no_analyst_text_is_empty():
    assert analyst_markdown(None) == "" and analyst_markdown("  \n") == ""


def test_a_table_aligns_text_left_and_numbers_right_by_default():
    table = md_table(["Bulan", "Kasus", "Tersangka"], [["Jan", "1.200", "3"], ["Feb", "0", "0"]])
    assert table.splitlines() == [
        "| Bulan | Kasus | Tersangka |",
        "| :--- | ---: | ---: |",
        "| Jan | 1.200 | 3 |",
        "| Feb | 0 | 0 |"]


def test_a_table_escapes_pipes_in_cells_and_gives_relative_widths_as_dashes():
    table = md_table(["No", "Satuan kerja"], [["1", "BNN | Kota"]], align="rl", widths=(2, 30))
    assert table.splitlines() == [
        "| No | Satuan kerja |",
        "| ---: | :------------------------------ |",
        "| 1 | BNN \\| Kota |"]


def test_a_table_needs_one_width_per_column_it_aligns():
    with pytest.raises(ValueError):
        md_table(["a", "b"], [["1", "2"]], align="lr", widths=(4, 30, 10))
