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
