"""The report's Markdown: pipe tables pandoc reads as written, and an analyst's text that keeps
the report's own heading order."""

from __future__ import annotations

import pypandoc
import pytest

from helpers.common.config import project_root
from helpers.render.documents import READER_FORMAT
from helpers.report.markdown import analyst_markdown, column_widths, md_escape, md_table
from helpers.report.params import load_params


def test_analyst_markdown_keeps_text_but_not_its_headings():
    assert analyst_markdown("# Judul\n\nTeks *miring* <b>x</b>") == (
        "**Judul**\n\nTeks *miring* <b>x</b>")


def test_every_heading_level_and_closing_hashes_become_a_bold_line():
    text = "  ## Capaian ##\n###### Catatan\n####### tujuh\n#tagar\n    # kode\nTeks # biasa"
    assert analyst_markdown(f"\n{text}\n\n") == (
        "**Capaian**\n\n**Catatan**\n\n####### tujuh\n#tagar\n    # kode\nTeks # biasa")


def test_a_heading_is_a_paragraph_of_its_own_without_doubling_blank_lines():
    assert analyst_markdown("Awal\n## Capaian\nTeks\n\n## Kendala\n\nLagi") == (
        "Awal\n\n**Capaian**\n\nTeks\n\n**Kendala**\n\nLagi")


def _html(markdown: str) -> str:
    return pypandoc.convert_text(markdown, "html", format=READER_FORMAT).strip()


def test_a_heading_no_longer_runs_into_the_next_paragraph_in_the_rendered_report():
    html = _html(analyst_markdown("## Capaian\nPengungkapan kasus sabu."))
    assert html == "<p><strong>Capaian</strong></p>\n<p>Pengungkapan kasus sabu.</p>"


def test_empty_and_underlined_headings_cannot_become_report_headings_either():
    text = "Judul\n=====\nTeks\n\n##\n\nSub\n---\nLagi\nbaris\n---"
    demoted = analyst_markdown(text)
    assert demoted == "**Judul**\n\nTeks\n\n\n**Sub**\n\nLagi\nbaris\n---"
    assert "<h" not in _html(demoted) and "<h" in _html(text)


def test_lines_in_a_fenced_code_block_are_code_not_headings():
    text = "```\n# bukan judul\n\nJudul\n===\n```\n# Judul"
    assert analyst_markdown(text) == "```\n# bukan judul\n\nJudul\n===\n```\n\n**Judul**"


def test_the_sample_narrative_renders_exactly_as_before():
    """It has no heading, so it is passed through as written (only trimmed)."""
    narrative = load_params(project_root() / "params", 2022, "bnnk-lubuklinggau")["narrative"]
    assert all("#" not in text for text in narrative.values())
    assert {k: analyst_markdown(v) for k, v in narrative.items()} == {
        k: v.strip() for k, v in narrative.items()}


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


def test_a_wide_table_gives_every_header_word_room_and_long_names_the_rest():
    header = ["No.", "Satuan kerja", "Kasus narkotika diungkap", "Tersangka",
              "Klien rehabilitasi", "Kegiatan P2M", "Peserta kegiatan P2M (tatap muka)"]
    rows = [["22", "BNN Provinsi Kepulauan Bangka Belitung", "50", "78", "185", "158", "11.942"],
            ["", "**Jumlah gabungan**", "**2.224**", "**3.424**", "**9.840**", "**7.298**",
             "**610.308**"]]
    widths = column_widths(header, rows)
    assert sum(widths) == pytest.approx(470 / 8.5)  # the PDF's text width, in ems
    assert widths[1] == max(widths)  # the names get what the numbers leave
    # "rehabilitasi" in bold (≈ 6.4 em at DejaVu Sans Bold) and the cell's inset fit
    assert widths[4] >= 6.4 + 10 / 8.5
    dashes = md_table(header, rows, "ll" + "r" * 5).splitlines()[1].split(" | ")
    assert [d.count("-") for d in dashes] == [max(3, round(2 * w)) for w in widths]


def test_a_narrow_table_keeps_pandocs_own_widths():
    table = md_table(["Layanan", "Klien"], [["Rawat jalan", "8.625"]])
    assert table.splitlines()[1] == "| :--- | ---: |"


def test_text_is_escaped_to_print_as_written():
    assert md_escape("Klien <5 *bulan* [x]") == "Klien \\<5 \\*bulan\\* \\[x\\]"
