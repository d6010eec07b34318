"""A plain-text table's columns get their widths in the Typst source (typst_columns) so Typst
lays each cell out once: the printed table is the one Typst's own ``auto`` columns make (every
word on the same line of the same page, a column at most a point wider), and a table that
cannot be measured is left to Typst."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typst

from helpers.render import documents as render
from helpers.render import font_widths, typst_columns
from helpers.render import pandoc as pandoc_session
from helpers.render.pandoc import Writer
from pdf_layout_support import read_layout

TEMPLATES = render.TEMPLATES
VARIABLES = {"agency": "Badan Narkotika Nasional", "toc-title": "Daftar Isi",
             "draft-note": "Rancangan", "skip-label": "Langsung ke isi",
             "figure-label": "Gambar", "table-label": "Tabel", "document-date": "none"}
TYPST = Writer("typst", TEMPLATES / "report.typ", VARIABLES)
META = {"title": "BNN Kota Palembang", "pagetitle": "BNN Kota Palembang", "lang": "id"}

# Measured: words, bold (a whole cell, part of one, the header), the ▲ ▼ − of a change, a
# cell starting with "=" (typst.lua escapes it) and an empty cell.
MEASURED = """\
| Indikator | 2024 | 2023 | Perubahan dari 2023 |
|:----------|-----:|-----:|--------------------:|
| Kasus narkotika diungkap | 12 | 5 | ▲ +7 (+140,0%) |
| **Jumlah** tersangka | **13** | 6 | ▼ −3 (−5,1%) |
| Klien rehabilitasi | 97 | | = 0 |
| Berkas perkara lengkap (P-21), 2019-2023 | 1.234 | 5 | x -5 |
"""
# A column whose widest cell is nothing but pairs the font kerns wider ("-J"): measured
# without that kerning, it would wrap after a hyphen.
KERNED = """\
| Kode | Uraian |
|:-----|:-------|
| -J-J-J-J-J-J-J-J-J-J-J-J-J-J-J-J-J-J | AA LA SA AA LA SA |
| x | Kinerja |
"""

# Left to Typst: inline code, a link, a quote (Typst's smart quotes), a table wider than the
# page (60 em dashes: a short line of Markdown); pandoc's own widths (a line wider than
# --columns) stay pandoc's.
UNMEASURED = """\
| Berkas | Sidik jari |
|:-------|:-----------|
| data.csv | `9f86d081884c7d65` |

| Sumber | Tautan |
|:-------|:-------|
| BNN | [situs](https://bnn.go.id) |

| Kutipan | Kasus |
|:--------|------:|
| "Bersinar" | 3 |

| Garis | Kasus |
|:------|------:|
| {dashes} | 12 |

| Satuan kerja yang sangat panjang namanya | Kasus narkotika | Tersangka | Klien |
|:-----|-----:|-----:|-----:|
| BNN Kota Palembang | 12 | 13 | 97 |
""".format(dashes="\u2014" * 60)


def _typst_source(markdown: str) -> str:
    """What the renderer hands Typst: pandoc's Typst, its plain-text tables' columns sized."""
    return typst_columns.with_measured_columns(pandoc_session.convert(
        render.pandoc_path(), markdown, reader=render.READER_FORMAT, meta=META,
        filters=render.FILTERS, writers=[TYPST])["typst"])


def _auto(source: str) -> str:
    """The same Typst source with every table left to Typst's auto columns."""
    return re.sub(r"columns: \(([0-9.]+pt(, )?)+\)",
                  lambda m: f"columns: {m[0].count('pt')}", source)


def _pdf(tmp_path, name: str, source: str):
    (tmp_path / f"{name}.typ").write_text(source, encoding="utf-8")
    pdf = typst.compile(str(tmp_path / f"{name}.typ"), root=str(tmp_path), format="pdf",
                        font_paths=render._font_paths(), ignore_system_fonts=True)
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    return read_layout(tmp_path / f"{name}.pdf")


def _same_lines(tmp_path, markdown: str) -> list[float]:
    """Print ``markdown``'s tables measured and as Typst's auto columns; every word on the same
    line of the same page in both (no cell wrapped that Typst would not have wrapped); the
    words' horizontal shifts."""
    source = _typst_source(markdown)
    assert "columns: (" in source and not re.search(r"columns: [0-9]", source)  # measured
    measured, auto = _pdf(tmp_path, "measured", source), _pdf(tmp_path, "auto", _auto(source))
    assert len(measured.pages) == len(auto.pages)
    shifts = []
    for ours, theirs in zip(measured.pages, auto.pages, strict=True):
        assert [(w.text, round(w.box.top, 2)) for w in ours.words] == \
            [(w.text, round(w.box.top, 2)) for w in theirs.words]
        shifts += [abs(a.box.x0 - b.box.x0) for a, b in zip(ours.words, theirs.words,
                                                            strict=True)]
    return shifts


def test_measured_tables_print_as_typsts_own_auto_columns(tmp_path):
    # At most a point off: Typst's widths, bar rounding and the kerning that narrows a pair.
    assert max(_same_lines(tmp_path, MEASURED)) < 1.5


def test_kerning_that_widens_a_pair_is_measured(tmp_path):
    _same_lines(tmp_path, KERNED)


def test_a_table_it_cannot_measure_is_left_to_typst():
    source = _typst_source(UNMEASURED)
    columns = re.findall(r"columns: (.+),\n", source)
    # code, link, quote, too wide: auto (a count); pandoc's own widths (100 %) stay pandoc's.
    assert columns[:4] == ["2", "2", "2", "2"] and len(columns) == 5
    pandoc_own = next(c for c in columns if "%" in c)
    assert sum(float(x) for x in re.findall(r"([0-9.]+)%", pandoc_own)) > 99


def test_the_widths_use_what_the_template_sets_for_a_table():
    template = (TEMPLATES / "report.typ").read_text(encoding="utf-8")
    assert 'paper: "a4"' in template
    margin_mm = float(re.search(r"#set page\(paper: \"a4\", margin: \(x: ([0-9.]+)mm,",
                                template)[1])
    assert pytest.approx((210 - 2 * margin_mm) * 72 / 25.4) == typst_columns.TEXT_WIDTH
    assert re.search(r"#set table\(\n  inset: \(x: 5pt,", template)
    assert typst_columns.CELL_INSET == 2 * 5
    assert re.search(r"#show table: set text\(size: 8\.5pt", template)
    assert typst_columns.CELL_SIZE == 8.5
    # The fonts the PDF is given are the ones measured.
    assert {p.name for p in font_widths.font_dir().iterdir()} >= set(font_widths.FACES.values())
    assert str(font_widths.font_dir()) in render._font_paths()


def test_the_fonts_folder_is_matplotlib_s_found_without_importing_it():
    """A worker renders PDFs and draws nothing: finding the fonts must not import matplotlib."""
    import matplotlib

    assert font_widths.font_dir() == Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    probe = ("import sys; from helpers.render import font_widths; "
             "print(font_widths.font_dir(), 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == [str(font_widths.font_dir()), "False"]


def test_the_committed_widths_are_the_installed_fonts():
    assert font_widths.OUT.read_text(encoding="utf-8") == font_widths.json_source(), (
        "the PDF's fonts changed: run `python -m helpers.render.font_widths`")


@pytest.mark.parametrize("face", list(font_widths.FACES))
def test_widening_pairs_are_the_fonts_positive_kerning(face):
    per_em, advances, pairs = font_widths.face_widths(font_widths.font_dir()
                                                      / font_widths.FACES[face])
    assert per_em == 2048 and advances[ord("A")] > 0 and ord("▲") in advances
    assert all(v > 0 for v in pairs.values())
    if face == "regular":
        assert pairs[(ord("-"), ord("J"))] > 0 and (ord("A"), ord("V")) not in pairs  # AV narrows


def _one_row(cells: str, columns: int = 2) -> str:
    return (f"#figure(\n  align(center)[#table(\n    columns: {columns},\n"
            f"    align: (left,right,),\n    table.header([A], [],),\n    table.hline(),\n"
            f"    {cells},\n  )]\n  , kind: table\n  )\n")


@pytest.mark.parametrize("cells", [
    "[a], [#emph[b]]", "[a], [#link(\"https://bnn.go.id\")[b]]", "[a], [`b`]", "[a], [$x$]",
    "[a], [\"b\"]", "[a], [b\\\n c]", "[a], [http://b]", "[a], [table.cell(colspan: 2)[b]]",
    "[a], [b], [c]", "[a], [e\u0301]",
])
def test_a_row_that_is_not_plain_text_leaves_its_table_to_typst(cells):
    source = _one_row(cells)
    assert typst_columns.with_measured_columns(source) == source


def test_shorthands_and_escapes_are_measured_as_typst_prints_them():
    regular = font_widths.faces()["regular"]
    scale = typst_columns.CELL_SIZE / regular.units_per_em

    def width(cell: str) -> float:
        out = typst_columns.with_measured_columns(_one_row(f"[x], [{cell}]"))
        return float(re.search(r"columns: \([0-9.]+pt, ([0-9.]+)pt\)", out)[1])

    def expected(text: str) -> float:
        return math.ceil((regular.width(text) * scale + 10 + 0.25) * 100) / 100

    assert width("B") == expected("B")
    assert width("a--b---c...d~e") == expected("a\u2013b\u2014c\u2026d\u00a0e")
    # A hyphen before a digit is a minus sign where Typst starts a token, not inside a word.
    assert width("-5 x -5 ~-5 \\#7 \\*") == expected("\u22125 x \u22125 \u00a0\u22125 #7 *")
    assert width("P-21 (-5) 2019-2023") == expected("P-21 (-5) 2019-2023")
    assert width("#strong[Jumlah] 12") > expected("Jumlah 12")  # bold is wider


def test_a_table_shown_in_a_code_block_is_printed_as_it_is():
    shown = "```\n" + _one_row("[a], [b]") + "```\n"
    source = shown + "\n" + _one_row("[a], [b]")
    out = typst_columns.with_measured_columns(source)
    assert out.startswith(shown)  # the code block's text untouched
    assert out.count("columns: 2,") == 1 and "pt)," in out[len(shown):]
