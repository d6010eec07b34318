"""Pipe tables in a cell's output (helpers.render.tables): printed ones recognised, captions as
Quarto's ``tbl-cap`` gives them (pandoc's ``: caption {#id}`` under the table)."""

from __future__ import annotations

from helpers.render.tables import captioned_tables, is_pipe_tables

# What pandas' DataFrame.to_markdown() prints (tabulate's pipe format).
TO_MARKDOWN = ("|    | Satuan   |   Kasus |\n|---:|:---------|--------:|\n"
               "|  0 | A        | 1234567 |\n|  1 | B        |      89 |")
TABLE = "| a | b |\n| :--- | ---: |\n| x | 1 |"


def test_printed_pipe_tables_are_tables_and_other_text_is_not():
    assert is_pipe_tables(TO_MARKDOWN + "\n")
    assert is_pipe_tables(f"{TABLE}\n\n{TO_MARKDOWN}\n")
    assert not is_pipe_tables(f"Jumlah kasus:\n{TO_MARKDOWN}")
    assert not is_pipe_tables("| bukan tabel |\n| juga bukan |")
    assert not is_pipe_tables("+----+\n| a  |\n+====+")  # a grid table stays printed text
    assert not is_pipe_tables("\n")


def test_one_caption_goes_under_the_first_table_with_the_label_as_its_id():
    text, count = captioned_tables(f"Teks.\n\n{TABLE}\n\n{TABLE}", "Kasus per bulan", "tbl-kasus")
    assert text == (f"Teks.\n\n{TABLE}\n\n: Kasus per bulan {{#tbl-kasus}}\n\n{TABLE}")
    assert count == 2


def test_a_list_of_captions_is_one_per_table_of_the_cell():
    first, count = captioned_tables(TABLE, ["Satu", "Dua"], "tbl-x")
    second, count = captioned_tables(TABLE, ["Satu", "Dua"], "tbl-x", count)
    assert first.endswith("\n\n: Satu {#tbl-x}") and second.endswith("\n\n: Dua {#tbl-x-2}")
    assert count == 2
    third, _ = captioned_tables(TABLE, ["Satu", "Dua"], "", 2)
    assert third == TABLE  # no caption left for a third table


def test_a_table_that_has_a_caption_keeps_it_and_code_is_not_a_table():
    own = f"{TABLE}\n\nTable: Milik analis"
    assert captioned_tables(own, "Lain", "")[0] == own
    fenced = f"```\n{TABLE}\n```"
    assert captioned_tables(fenced, "Lain", "") == (fenced, 0)
    assert captioned_tables(TABLE, None, "tbl-x") == (TABLE, 1)


def test_a_caption_is_one_line():
    text, _ = captioned_tables(TABLE, "Kasus\nper  bulan", "")
    assert text.endswith("\n\n: Kasus per bulan")
