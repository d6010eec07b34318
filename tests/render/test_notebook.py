"""An executed notebook reduced to report Markdown (helpers.render.notebook): only report content
survives, figures become files, cell options are honoured.

Fixture notebooks are built by hand with outputs as papermill would leave them; no kernel runs.
"""

from __future__ import annotations

from helpers.render import notebook as render
from helpers.render.notebook import notebook_to_markdown
from render_support import make_notebook

# ------------------------------------------------------------------------------ Markdown


def test_notebook_to_markdown_keeps_report_content_only(tmp_path):
    src = notebook_to_markdown(make_notebook(), tmp_path)
    md = src.markdown
    assert "# Ringkasan" in md and "| Bulan ke-7 | 7.000 |" in md
    for absent in (
        "INJECTED",
        "SOURCE_CODE",
        "ERROR_TEXT",
        "HIDDEN_BY_OUTPUT_FALSE",
        "HIDDEN_BY_INCLUDE_FALSE",
        "FIGURES_SENTINEL",
        "unit_id = ",
    ):
        assert absent not in md, absent
    # print() and a result's plain text are shown as printed; the error is named, not shown
    assert "```\nSTREAM_TEXT\n```" in md and "```\nPLAIN_RESULT\n```" in md
    assert [(w.cell, w.kind) for w in src.warnings] == [(11, "error")]
    assert src.figures == {
        "unit_id": "bnnk-lubuklinggau",
        "cases": 2,
        "sentinel": "FIGURES_SENTINEL",
    }
    assert src.meta["title"].startswith("Laporan Tahunan") and src.meta["year"] == 2022
    assert [p.name for p in src.images] == ["fig-1.svg", "fig-2.png"]
    assert all(p.parent == tmp_path.resolve() and p.exists() for p in src.images)
    svg = src.images[0].read_text(encoding="utf-8")
    assert "<script" not in svg and "onclick" not in svg and "<rect" in svg
    assert "![Tren kasus 2018–2022](fig-1.svg){#fig-tren" in md
    # The PNG's text/plain is real alt text; the SVG's is a repr and loses to fig-alt.
    assert 'bnn-alt="Logo BNN"' in md and 'bnn-alt="Grafik batang jumlah kasus"' in md


def test_cell_options_parse_quarto_yaml():
    opts = render.cell_options("#| fig-cap: 'A: b'\n#| include: false\nx = 1\n#| label: late")
    assert opts == {"fig-cap": "A: b", "include": False}
    assert render.cell_options("x = 1") == {}


def test_inline_code_takes_the_values_the_build_folded_into_the_markdown_cell(tmp_path):
    from nbformat import v4

    from helpers.render.inline_code import INLINE_TAG

    folded = v4.new_markdown_cell("Pada `{python} year`: `{python} kasus` kasus, `{python} z`.")
    folded.metadata["workbook"] = {"inline": [
        {"expression": "year", "markdown": "2022"},
        {"expression": "kasus", "markdown": "1.234.567"},
        {"expression": "z", "error": "NameError: name 'z' is not defined"}], "unshown": ["stdout"]}
    unfolded = v4.new_markdown_cell("Lagi `{python} year`.")
    added = v4.new_code_cell("display_inline_values(['year'], globals())",
                             metadata={"tags": [INLINE_TAG]})
    nb = v4.new_notebook(cells=[folded, unfolded, added, v4.new_code_cell("print(1)", outputs=[
        v4.new_output("stream", name="stdout", text="1\n"),
        v4.new_output("stream", name="stderr", text="UserWarning: x\n")])])
    src = notebook_to_markdown(nb, tmp_path)
    assert src.markdown == "Pada 2022: 1.234.567 kasus, `z`?.\n\nLagi `year`?.\n\n```\n1\n```\n"
    assert [(w.cell, w.kind) for w in src.warnings] == [
        (1, "inline code"), (1, "inline code"), (2, "inline code"),
        (3, "stderr")]  # the added cell is not counted: the print cell is cell 3
    assert "`{python} z`: NameError: name 'z' is not defined" in src.warnings[0].message
    assert "(stdout) is not shown" in src.warnings[1].message
    assert "not evaluated" in src.warnings[2].message


def test_cell_options_parsed_once_are_never_shared_between_cells():
    """A worker parses each options block once; every cell still gets its own dict, and a
    mutable value (a list) is parsed afresh, so changing one cell's options changes no other's."""
    first = render.cell_options("#| echo: false\n#| label: fig-kasus\nx = 1")
    first["echo"] = True
    assert render.cell_options("#| echo: false\n#| label: fig-kasus\ny = 2") == {
        "echo": False, "label": "fig-kasus"}
    tags = render.cell_options("#| tags: [a, b]\nx = 1")
    tags["tags"].append("c")
    assert render.cell_options("#| tags: [a, b]\nx = 1") == {"tags": ["a", "b"]}
