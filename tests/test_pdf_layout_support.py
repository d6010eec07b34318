"""The PDF layout rules (tests/pdf_layout_support.py) on tiny PDFs made with Typst: each rule
finds what it must, and nothing on a page laid out as the report lays its pages out."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import typst

from pdf_layout_support import (
    Margins,
    charts_apart_from_caption,
    fill,
    layout_problems,
    overlapping_words,
    read_layout,
    report_margins,
    stranded_headings,
    underfilled_pages,
    words_outside_margins,
)

FONTS = [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]
CHART = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="{h}" viewBox="0 0 400 {h}">'
         '<rect x="0" y="0" width="400" height="{h}" fill="#eef"/>'
         '<rect x="20" y="20" width="80" height="{b}" fill="#1f3b57"/></svg>')
# The report's page: its margins, a running header and footer, headings kept with what follows.
PAGE = """
#set page(paper: "a4", margin: (x: 22mm, top: 20mm, bottom: 22mm),
          header: [Laporan #h(1fr) DRAF], footer: [#h(1fr) #context counter(page).display()])
#set text(font: "DejaVu Sans", size: 9.5pt, lang: "id")
#set par(justify: true)
#show figure.where(kind: image): set figure.caption(position: top)
#show figure: set block(breakable: false)
"""
LOREM = ("Sepanjang tahun ini satuan kerja mengungkap kasus narkotika dan menyita barang bukti "
         "dalam satuannya masing-masing, gram, butir dan batang tidak dijumlahkan. ")


def _layout(tmp_path: Path, body: str, *, page: str = PAGE, chart_height: int = 200):
    (tmp_path / "chart.svg").write_text(CHART.format(h=chart_height, b=chart_height - 40),
                                        encoding="utf-8")
    source = tmp_path / "page.typ"
    source.write_text(page + body, encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(typst.compile(str(source), root=str(tmp_path), font_paths=FONTS,
                                  ignore_system_fonts=True))
    return read_layout(pdf, report_margins())


def _figure(caption: str = "Kasus per bulan, 2024") -> str:
    cap = f", caption: [{caption}]" if caption else ""
    return f'#figure(image("chart.svg", width: 100%, alt: "Grafik kasus"){cap})\n'


def _filler(lines: int) -> str:
    """About ``lines`` lines of justified text."""
    return LOREM * max(1, lines // 2) + "\n\n"


def test_the_margins_are_the_report_templates():
    m = report_margins()
    assert m == Margins(pytest.approx(62.36, abs=0.01), pytest.approx(62.36, abs=0.01),
                        pytest.approx(56.69, abs=0.01), pytest.approx(62.36, abs=0.01))


def test_a_page_laid_out_as_the_report_has_no_problem(tmp_path):
    layout = _layout(tmp_path, "= Ringkasan\n\n== Pemberantasan\n\n" + _filler(12)
                     + _figure() + _filler(6))
    assert [e.kind for e in layout.elements][:3] == ["heading", "heading", "text"]
    assert {e.kind for e in layout.elements} >= {"chart", "caption"}
    assert layout_problems(layout.path) == []


def test_words_drawn_over_each_other_are_found(tmp_path):
    body = "#place(dx: 40pt, dy: 10pt)[Tersangka]\n#place(dx: 70pt, dy: 10pt)[Klien]\n"
    found = overlapping_words(_layout(tmp_path, body))
    assert len(found) == 1 and "“Tersangka” and “Klien”" in found[0] and "page 1" in found[0]


def test_kerning_ligatures_and_the_watermark_are_not_overprints(tmp_path):
    page = PAGE.replace("header:", "background: rotate(-40deg, text(size: 110pt)[DRAF]),\n"
                                   "          header:")
    body = "Tersangka, AVATAR, Wa, fi, To, “Kepala”. " * 20
    assert overlapping_words(_layout(tmp_path, body, page=page)) == []


def test_a_word_past_the_margin_is_found_and_a_hanging_comma_is_not(tmp_path):
    sha = "c9a2ee7eb934f705ddcab84c567f531ded4702f3e53a21b3993949acd64b6e7c"
    found = words_outside_margins(_layout(tmp_path, f"Sidik data: `{sha}{sha}`\n"))
    assert len(found) == 1 and "crosses the margin" in found[0] and sha[:30] in found[0]
    # Justified lines end in commas that Typst hangs a little into the margin.
    assert words_outside_margins(_layout(tmp_path, "kasus, tersangka, " * 200)) == []


def test_a_page_left_nearly_empty_inside_its_section_is_found(tmp_path):
    body = ("== Rehabilitasi\n\n" + _filler(4) + "#pagebreak()\n" + _filler(40)
            + "== Pencegahan\n\nSatu baris.\n")
    found = underfilled_pages(_layout(tmp_path, "#show heading.where(level: 2): it => "
                                                "{ pagebreak(weak: true); it }\n" + body),
                              cover=False)
    assert len(found) == 1 and found[0].startswith("page 1: only ") and "page 2" in found[0]


def test_the_last_page_of_a_section_may_be_nearly_empty(tmp_path):
    body = ("#show heading.where(level: 2): it => { pagebreak(weak: true); it }\n"
            "== Rehabilitasi\n\n" + _filler(64) + "== Pencegahan\n\nSatu baris.\n")
    layout = _layout(tmp_path, body)
    # Rehabilitasi runs a line or two into page 2; Pencegahan, on page 3, is one line.
    assert [fill(layout, p) < 0.1 for p in layout.pages] == [False, True, True]
    assert underfilled_pages(layout, cover=False) == []


def test_a_chart_that_opens_a_page_without_its_text_is_found(tmp_path):
    # A caption-less chart after a nearly full page moves alone to the next page.
    layout = _layout(tmp_path, "== Pemberantasan\n\n" + _filler(44) + _figure(caption=""),
                     chart_height=300)
    found = charts_apart_from_caption(layout)
    assert len(found) == 1 and "opens the page" in found[0] and "“Grafik kasus”" in found[0]


def test_a_chart_moves_with_its_caption(tmp_path):
    layout = _layout(tmp_path, "== Pemberantasan\n\n" + _filler(44) + _figure(),
                     chart_height=300)
    assert charts_apart_from_caption(layout) == []
    chart = next(e for e in layout.elements if e.kind == "chart")
    caption = next(e for e in layout.elements if e.kind == "caption")
    assert chart.page == caption.page == 2


@pytest.mark.parametrize("sticky", [False, True])
def test_a_heading_left_at_the_foot_of_a_page_is_found(tmp_path, sticky):
    page = PAGE + f"#show heading: set block(sticky: {str(sticky).lower()})\n"
    layout = _layout(tmp_path, "== Rehabilitasi\n\n" + _filler(44) + "=== Klien per bulan\n"
                     + _figure(caption=""), page=page, chart_height=300)
    found = stranded_headings(layout)
    if sticky:
        assert found == []
    else:
        assert len(found) == 1 and "“Klien per bulan” ends the page" in found[0]


def test_a_tables_repeated_header_counts_as_the_pages_content(tmp_path):
    rows = "".join(f"[Satuan kerja {n}], [{n}]," for n in range(1, 64))
    body = (f"#table(columns: 2, table.header([Satuan kerja], [Kasus]), {rows})\n"
            + _figure())
    layout = _layout(tmp_path, body, chart_height=200)
    second, m = layout.pages[1], report_margins()
    # the table's header, drawn again at the top of page 2, is an artifact in the text area
    # (the running header above it is in the margin)
    top = min(b.top for b in second.furniture if b.top > m.top - 1)
    assert top == pytest.approx(m.top, abs=2)
    last = max(e.box.bottom for e in second.elements)
    height = second.height - m.top - m.bottom
    assert fill(layout, second) == pytest.approx((last - top) / height)
