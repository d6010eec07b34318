"""The Lua filters (layout.lua, sanitize.lua, typst.lua) on every kind of place a chart, a Div for
one format or a cell's first character can be, and the session walking them once a report:
the command line's bytes for both writers."""

from __future__ import annotations

from pathlib import Path

from helpers.render import documents as render
from helpers.render import pandoc as pandoc_session
from helpers.render.pandoc import Writer
from render_support import pandoc_command_line

# A chart's caption inside a Div, a list item, a grid table's cell and a footnote; a Div for
# one format between a bold line and a chart (captioned in the format that leaves it out); a
# cell starting with Typst markup; hostile attributes, links and images.
MARKDOWN = r"""## Bagian {#bagian onclick="x()"}

::: catatan
**Judul dalam Div**

![](fig-1.svg){bnn-alt="Alt satu"}
:::

- **Judul dalam daftar**

  ![](fig-2.svg){bnn-alt="Alt dua"}

- butir kedua

**Judul melewati Div**

::: only-html
Hanya di HTML.
:::

![](fig-3.svg){bnn-alt="Alt tiga"}

**Judul melewati Div PDF**

::: {.only-pdf onclick="y()"}
Hanya di PDF.
:::

![](fig-4.svg){bnn-alt="Alt \"empat\" \\ x" onclick="z()" style="s"}

+-----------------+------------------+
| Sel             | Grafik           |
+=================+==================+
| = 0             | **Judul sel**    |
|                 |                  |
|                 | ![](fig-5.svg)   |
+-----------------+------------------+

| Indikator | Perubahan |
|---|--:|
| Kasus | = 0 |
| Klien | +3 |

Catatan kaki.[^1]

[^1]: **Judul catatan**

    ![](fig-6.svg){bnn-alt="Alt enam"}

![luar](https://example.org/x.png) dan [tautan](javascript:alert(1)){onclick="w()"}
"""
HTML = Writer("html5", render.TEMPLATES / "report.html", {"agency": "BNN"}, toc=True)
TYPST = Writer("typst", render.TEMPLATES / "report.typ", {"document-date": "none"})
META = {"title": "Uji", "pagetitle": "Uji", "lang": "id"}


def _command_line(writer: Writer, filters: list[Path], markdown: str = MARKDOWN) -> str:
    return pandoc_command_line(writer, filters, META, markdown)


def _convert(filters: list[Path], writers: list[Writer], markdown: str = MARKDOWN) -> dict:
    return pandoc_session.convert(render.pandoc_path(), markdown, reader=render.READER_FORMAT,
                                  meta=META, filters=filters, writers=writers)


def test_the_session_writes_the_command_lines_bytes_in_either_writer_order():
    for writers in ([HTML, TYPST], [TYPST, HTML]):
        outputs = _convert(render.FILTERS, writers)
        assert outputs["html5"] == _command_line(HTML, render.FILTERS)
        assert outputs["typst"] == _command_line(TYPST, render.FILTERS)


def test_charts_are_captioned_in_divs_lists_cells_and_footnotes():
    outputs = _convert(render.FILTERS, [HTML, TYPST])
    html, typst = outputs["html5"], outputs["typst"]
    for n, title in [(1, "Judul dalam Div"), (2, "Judul dalam daftar"), (6, "Judul catatan")]:
        assert f'<img src="fig-{n}.svg" alt="Alt {["satu", "dua", "", "", "", "enam"][n - 1]}" />' \
            f"\n<figcaption>{title}</figcaption>" in html
        assert f'#figure([#image("fig-{n}.svg", alt: "Alt ' in typst
        assert "caption: [\n" in typst and title in typst and f"#strong[{title}]" not in typst
    assert '<img src="fig-5.svg" />\n<figcaption>Judul sel</figcaption>' in html
    assert '[#figure([#image("fig-5.svg", alt: "")],' in typst


def test_a_div_for_one_format_is_left_out_before_captions_are_made():
    outputs = _convert(render.FILTERS, [HTML, TYPST])
    html, typst = outputs["html5"], outputs["typst"]
    # only-html between a bold line and a chart: a caption in the PDF, not in the HTML.
    assert "<p><strong>Judul melewati Div</strong></p>" in html and "Hanya di HTML." in html
    assert '<p><img src="fig-3.svg" alt="Alt tiga" /></p>' in html
    assert ('#figure([#image("fig-3.svg", alt: "Alt tiga")],\n  caption: [\n'
            "    Judul melewati Div\n") in typst
    assert "Hanya di HTML." not in typst
    # only-pdf: the other way round.
    assert "<figcaption>Judul melewati Div PDF</figcaption>" in html
    assert "Hanya di PDF." not in html
    assert "#strong[Judul melewati Div PDF]" in typst and "Hanya di PDF." in typst


def test_typst_markup_starting_a_cell_is_escaped_and_hostile_input_is_cleaned():
    outputs = _convert(render.FILTERS, [HTML, TYPST])
    html, typst = outputs["html5"], outputs["typst"]
    assert "[\\= 0], [#figure(" in typst and "[Kasus], [\\= 0]," in typst
    assert "[Klien], [\\+3]," in typst
    assert '<td style="text-align: right;">= 0</td>' in html and "<td>= 0</td>" in html
    assert '#image("fig-4.svg", alt: "Alt \\"empat\\" \\\\ x")' in typst
    assert 'alt="Alt &quot;empat&quot; \\ x"' in html
    for text in (html, typst):
        assert "onclick" not in text and "javascript" not in text and "example.org" not in text
        assert 'style="s"' not in text
    assert "<em>luar</em> dan <span>tautan</span>" in html and "#emph[luar] dan tautan" in typst


def test_a_filter_walks_once_for_both_writers_unless_it_reads_format(tmp_path):
    """A walk that does not read FORMAT gives every writer the same document: the session walks
    it once (the counter says 1 in both outputs); one that reads it is walked for each writer;
    one with `formats` only for those."""
    counted = tmp_path / "counted.lua"
    counted.write_text('local n = 0\nreturn {{ Pandoc = function(doc)\n  n = n + 1\n'
                       '  doc.blocks:insert(pandoc.Para("walk " .. n))\n  return doc\nend }}\n')
    by_format = tmp_path / "by_format.lua"
    by_format.write_text('return {{ Str = function(s)\n  if s.text == "FMT" then\n'
                         '    return pandoc.Str(FORMAT)\n  end\nend }}\n')
    typst_only = tmp_path / "typst_only.lua"
    typst_only.write_text('return {{ Str = function(s)\n  if FORMAT == "typst" and s.text == "X"'
                          ' then\n    return pandoc.Str("Y")\n  end\nend, formats = {"typst"} }}\n')
    filters = [counted, by_format, typst_only]
    plain_html = Writer("html5", HTML.template)
    plain_typst = Writer("typst", TYPST.template)
    outputs = _convert(filters, [plain_html, plain_typst], "FMT X\n")
    assert "<p>html5 X</p>" in outputs["html5"] and "walk 1" in outputs["html5"]
    assert "typst Y" in outputs["typst"] and "walk 1" in outputs["typst"]
    # FORMAT read before the count: each writer's own walk (the count goes on: 2 and 3).
    outputs = _convert([by_format, counted], [plain_html, plain_typst], "FMT X\n")
    assert "walk 2" in outputs["html5"] and "walk 3" in outputs["typst"]


def test_without_a_grid_table_the_cells_are_not_walked_and_the_bytes_are_the_same(tmp_path):
    """Only a grid table's cells hold blocks: a report without one has layout.lua skip every
    table's cells (the session tells it, :data:`WORKBOOK_PLAIN_CELLS`), and writes the command
    line's bytes all the same (which walks every cell); pipe, simple and multiline tables'
    cells starting with Typst markup are still escaped."""
    grid = MARKDOWN[MARKDOWN.index("+-----"):MARKDOWN.index("| Indikator")]
    no_grid = MARKDOWN.replace(grid, "") + (
        "\n  Kanan     Kiri\n-------     ------\n     = 1     **a**\n\n"
        "-------------------------------\nKolom A   Kolom B\n--------- ---------------------\n"
        "**Tebal** ![](fig-7.svg)\n\n+ 2       baris dua\n-------------------------------\n")
    for writer, kind in ((HTML, "html5"), (TYPST, "typst")):
        assert _convert(render.FILTERS, [writer], no_grid)[kind] == _command_line(
            writer, render.FILTERS, no_grid)
    typst = _convert(render.FILTERS, [TYPST], no_grid)["typst"]
    assert "[\\= 1]" in typst and "[\\+ 2]" in typst and "[Kasus], [\\= 0]," in typst
    # What the session tells the filters, for Markdown with and without a grid table.
    told = tmp_path / "told.lua"
    told.write_text('return {{ Pandoc = function(doc)\n  doc.blocks:insert(pandoc.Para('
                    '"plain cells " .. tostring(WORKBOOK_PLAIN_CELLS)))\n  return doc\nend }}\n')
    plain = Writer("html5", HTML.template)
    for markdown, expected in ((no_grid, "true"), (MARKDOWN, "false"),
                               ("- a\n\n  +---+---+\n  | x | y |\n  +---+---+\n", "false"),
                               ("+ butir\n+ butir dua\n", "true")):
        assert f"plain cells {expected}" in _convert([told], [plain], markdown)["html5"]
