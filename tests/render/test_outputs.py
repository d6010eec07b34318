"""Each kind of notebook output an analyst can produce, as report Markdown or as a warning
(helpers.render.outputs through helpers.render.notebook).

Notebooks are built by hand with outputs as papermill leaves them; no kernel runs (the real
papermill run is tests/integration/test_analyst_cells.py).
"""

from __future__ import annotations

import base64

from nbformat import v4

from helpers.render.notebook import notebook_to_markdown

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nnot-a-real-png").decode()


def _display(data: dict) -> dict:
    return v4.new_output("display_data", data=data)


def _reduce(tmp_path, *cells):
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell("x = 1", metadata={"tags": ["injected-parameters"]}),
                *cells]
    return notebook_to_markdown(nb, tmp_path)


def _kinds(src) -> list[tuple[int, str]]:
    return [(w.cell, w.kind) for w in src.warnings]


def test_print_is_preformatted_and_stderr_is_named_not_shown(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("print(...)", outputs=[
        v4.new_output("stream", name="stdout", text="Jumlah: 1.234\n"),
        v4.new_output("stream", name="stderr", text="\x1b[31mFutureWarning: berubah\x1b[0m\n"),
    ]))
    assert "```\nJumlah: 1.234\n```" in src.markdown and "FutureWarning" not in src.markdown
    assert _kinds(src) == [(1, "stderr")] and "FutureWarning: berubah" in src.warnings[0].message


def test_warning_option_shows_or_hides_stderr(tmp_path):
    err = v4.new_output("stream", name="stderr", text="UserWarning: cek data\n")
    src = _reduce(tmp_path, v4.new_code_cell("#| warning: true\nf()", outputs=[err]),
                  v4.new_code_cell("#| warning: false\nf()", outputs=[err]))
    assert src.markdown.count("UserWarning: cek data") == 1 and not src.warnings


def test_a_printed_fence_cannot_close_the_block(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("print(...)", outputs=[
        v4.new_output("stream", name="stdout", text="```\n# bukan judul\n")]))
    assert src.markdown.startswith("````\n```\n# bukan judul\n````")


def test_output_asis_is_markdown(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("#| output: asis\nprint('**tebal**')", outputs=[
        v4.new_output("stream", name="stdout", text="**tebal**\n")]))
    assert src.markdown == "**tebal**\n"


def test_echo_true_shows_the_code_without_its_options(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("#| echo: true\ntotal = 1 + 1"),
                  v4.new_code_cell("hidden = 2"))
    assert src.markdown == "```python\ntotal = 1 + 1\n```\n"


def test_images_of_every_kind_are_figures(tmp_path):
    outputs = [_display({mime: PNG, "text/plain": f"Grafik {mime}"})
               for mime in ("image/jpeg", "image/gif", "image/webp")]
    src = _reduce(tmp_path, v4.new_code_cell("charts()", outputs=outputs))
    assert [p.name for p in src.images] == ["fig-1.jpg", "fig-2.gif", "fig-3.webp"]
    assert 'bnn-alt="Grafik image/webp"' in src.markdown and not src.warnings


def test_a_chart_without_alt_text_is_a_warning(tmp_path):
    src = _reduce(tmp_path,
                  v4.new_code_cell("plt.show()", outputs=[
                      _display({"image/png": PNG, "text/plain": "<Figure size 640x480>"})]),
                  v4.new_code_cell("#| fig-alt: Grafik batang\nplt.show()", outputs=[
                      _display({"image/png": PNG, "text/plain": "<Figure size 640x480>"})]),
                  v4.new_code_cell("report.chart()", outputs=[
                      _display({"image/svg+xml": "<svg/>", "text/plain": "Kasus per bulan"})]))
    assert _kinds(src) == [(1, "image/png")] and "fig-alt" in src.warnings[0].message


def test_unplaceable_outputs_are_named(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("widgets()", outputs=[
        _display({"application/javascript": "alert(1)",
                  "text/plain": "<IPython.core.display.Javascript object>"}),
        _display({"application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                  "text/plain": "IntSlider(value=3)"}),
        _display({"text/plain": "<object at 0x7f>"}),
    ]))
    assert _kinds(src) == [(1, "application/javascript"),
                           (1, "application/vnd.jupyter.widget-view+json"), (1, "text/plain")]
    assert "alert" not in src.markdown and "```\nIntSlider(value=3)\n```" in src.markdown


def test_html_without_markdown_is_its_plain_text_and_a_warning(tmp_path):
    src = _reduce(tmp_path, v4.new_code_cell("df", outputs=[v4.new_output(
        "execute_result", data={"text/html": "<table onclick=x></table>",
                                "text/plain": "   a\n0  1"}, execution_count=1)]))
    assert "<table" not in src.markdown and "```\n   a\n0  1\n```" in src.markdown
    assert _kinds(src) == [(1, "text/html")]


def test_errors_are_named_and_shown_only_with_error_true(tmp_path):
    err = v4.new_output("error", ename="ValueError", evalue="data kosong", traceback=["tb"])
    src = _reduce(tmp_path, v4.new_code_cell("f()", outputs=[err]),
                  v4.new_code_cell("#| error: true\nf()", outputs=[err]))
    assert _kinds(src) == [(1, "error")]
    assert src.markdown == "```\nValueError: data kosong\n```\n"


def test_hidden_outputs_are_neither_shown_nor_warned(tmp_path):
    js = _display({"application/javascript": "alert(1)", "text/plain": "<Javascript>"})
    src = _reduce(tmp_path, v4.new_code_cell("#| output: false\nf()", outputs=[js]),
                  v4.new_code_cell("#| include: false\nf()", outputs=[js]))
    assert src.markdown == "\n" and not src.warnings


def test_raw_cells_markdown_shown_other_formats_named(tmp_path):
    src = _reduce(tmp_path, v4.new_raw_cell("Teks *mentah*"),
                  v4.new_raw_cell("<b>x</b>", metadata={"raw_mimetype": "text/html"}))
    assert src.markdown == "Teks *mentah*\n" and _kinds(src) == [(2, "raw cell (text/html)")]


def test_markdown_attachments_are_named(tmp_path):
    cell = v4.new_markdown_cell("![logo](attachment:logo.png)",
                                attachments={"logo.png": {"image/png": PNG}})
    src = _reduce(tmp_path, cell)
    assert _kinds(src) == [(1, "attachment")]


TABLE_MD = "| Satuan | Kasus |\n| :--- | ---: |\n| A | 1.234.567 |"


def test_a_printed_to_markdown_table_is_a_table(tmp_path):
    printed = ("|    | Satuan   |   Kasus |\n|---:|:---------|--------:|\n"
               "|  0 | A        |  1.234 |\n")
    src = _reduce(tmp_path, v4.new_code_cell("print(df.to_markdown())", outputs=[
        v4.new_output("stream", name="stdout", text=printed)]),
        v4.new_code_cell("print(...)", outputs=[
            v4.new_output("stream", name="stdout", text="Tabel:\n" + printed)]))
    assert src.markdown.startswith(printed.rstrip("\n") + "\n\n```\nTabel:\n|    |")
    assert not src.warnings


def test_tbl_cap_captions_a_dataframe_table_with_its_label(tmp_path):
    table = _display({"text/markdown": TABLE_MD, "text/html": "<table/>",
                      "text/plain": "  Satuan Kasus"})
    chart = _display({"image/png": PNG, "text/plain": "Grafik kasus"})
    src = _reduce(tmp_path, v4.new_code_cell(
        "#| label: tbl-kasus\n#| tbl-cap: Kasus per satuan\ndf", outputs=[table, chart]))
    assert src.markdown.startswith(f"{TABLE_MD}\n\n: Kasus per satuan {{#tbl-kasus}}\n\n![](")
    assert "{#tbl-kasus bnn-alt" not in src.markdown  # a table's label is not the figure's id
    assert not src.warnings


def test_tbl_cap_applies_to_asis_markdown_and_is_named_when_there_is_no_table(tmp_path):
    src = _reduce(tmp_path,
                  v4.new_code_cell("#| output: asis\n#| tbl-cap: [Satu]\nprint(md)", outputs=[
                      v4.new_output("stream", name="stdout", text=f"**Judul**\n\n{TABLE_MD}\n")]),
                  v4.new_code_cell("#| tbl-cap: Tanpa tabel\nprint(1)", outputs=[
                      v4.new_output("stream", name="stdout", text="1\n")]),
                  v4.new_code_cell("#| tbl-cap: Hanya di BNNK\nif False: df"))
    assert src.markdown.startswith(f"**Judul**\n\n{TABLE_MD}\n\n: Satu\n\n```\n1\n```")
    assert _kinds(src) == [(2, "tbl-cap")]  # a cell that shows nothing is not named
