"""Rendering a report to the published HTML and the A4 PDF (helpers.render.documents: pandoc and
Typst).

Fixture notebooks are built by hand with outputs as papermill would leave them; no kernel runs.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pdfplumber
import pytest
from nbformat import v4

from helpers.render import documents as render
from helpers.render.documents import (
    RenderError,
    pandoc_path,
    render_html,
    render_notebook,
    render_pdf,
)
from helpers.render.notebook import notebook_to_markdown
from render_support import SVG, make_notebook


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    result = render_notebook(make_notebook(), out / "r.html", out / "r.pdf")
    return result, out, result.html.read_text(encoding="utf-8"), result.pdf.read_bytes()


# ---------------------------------------------------------------------------------- HTML


def test_html_content_title_table_figure(rendered):
    _, _, html, _ = rendered
    assert "<title>Laporan Tahunan BNN Kota Lubuklinggau 2022</title>" in html
    assert '<h1 class="title">Laporan Tahunan BNN Kota Lubuklinggau 2022</h1>' in html
    assert "Catatan Akhir Tahun" in html and "30 Desember 2022" in html
    assert re.search(r"<html lang=\"id\"", html)
    assert '<meta name="viewport"' in html
    found = tags(html)
    assert any(t == "table" for t, _ in found)
    assert re.search(r"<td[^>]*>Bulan ke-12</td>\s*<td[^>]*>12\.000</td>", html)
    imgs = [a for t, a in found if t == "img"]
    assert any(a.get("alt") == "Grafik batang jumlah kasus" for a in imgs)
    assert all(a.get("alt") for a in imgs)
    assert all((a.get("src") or "").startswith("data:image/") for a in imgs)
    assert "Tren kasus 2018–2022" in html  # caption
    # Table of contents
    assert 'class="toc"' in html and "Daftar Isi" in html and 'href="#penutup"' in html


def test_html_is_not_a_notebook(rendered):
    """Printed text and a result's plain text are report content (as in Quarto); code, papermill's
    cells, errors and hidden outputs are not."""
    _, _, html, _ = rendered
    assert "<pre><code>STREAM_TEXT" in html and "<pre><code>PLAIN_RESULT" in html
    for absent in (
        "In [",
        "Out[",
        "INJECTED",
        "SOURCE_CODE",
        "unit_id =",
        "ERROR_TEXT",
        "Traceback",
        "HIDDEN_BY",
        "FIGURES_SENTINEL",
        "show_meta",
        "plot_cases",
        "jp-",
        "prompt",
    ):
        assert absent not in html, absent


def test_html_is_self_contained(rendered):
    _, _, html, _ = rendered
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    for tag, attrs in tags(html):
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)
        assert tag not in ("link", "script", "iframe"), tag
    assert "<style" in html and "@import" not in html and "mathjax" not in html.lower()
    assert "@page" in html and "A4" in html  # print CSS embedded


def test_html_figures_are_the_written_figures_as_data_uris(tmp_path):
    nb = make_notebook()
    source = notebook_to_markdown(nb, tmp_path / "media")
    html = render.render_html(source, tmp_path / "r.html").read_text(encoding="utf-8")
    srcs = [a["src"] for t, a in tags(html) if t == "img"]
    assert len(srcs) == len(source.images) > 0
    for src, image in zip(srcs, source.images, strict=True):
        mime = "image/svg+xml" if image.suffix == ".svg" else "image/png"
        assert src == f"data:{mime};base64," + base64.b64encode(image.read_bytes()).decode()
    assert "fig-1." not in html  # no reference to a file left behind


def test_report_css_is_safe_to_include_as_a_pandoc_partial():
    # The HTML template includes report.css as a partial, which pandoc reads as a template.
    assert "$" not in (render.TEMPLATES / "report.css").read_text(encoding="utf-8")


def test_untrusted_markdown_is_escaped(rendered):
    _, _, html, _ = rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    found = tags(html)
    assert not any(t in ("script", "iframe") for t, _ in found)
    for tag, attrs in found:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert "example.com" not in html  # the remote image became text, never fetched
    assert "gambar luar" in html and "tautan" in html


def test_draft_mark_only_when_draft_in_the_reports_language(tmp_path, rendered):
    _, _, final_html, _ = rendered
    assert "DRAF" not in final_html and "draft-banner" not in final_html.split("</style>")[1]
    res = render_notebook(make_notebook(draft=True), tmp_path / "d.html", None)
    html = res.html.read_text(encoding="utf-8")
    body = html.split("</style>", 1)[1]
    assert 'class="draft-banner"' in body and 'class="draft-watermark"' in body
    assert "<strong>DRAF</strong>" in body and 'class="report draft"' in body
    assert "DRAFT" not in body  # Indonesian throughout
    english = render_notebook(make_notebook(draft=True, lang="en"), tmp_path / "e.html", None)
    assert "<strong>DRAFT</strong>" in english.html.read_text(encoding="utf-8")


def test_english_report(tmp_path):
    res = render_notebook(make_notebook(lang="en"), tmp_path / "e.html", None)
    html = res.html.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Contents" in html and "Daftar Isi" not in html


# ----------------------------------------------------------------------------------- PDF


def test_pdf_is_a_multipage_a4_pdf(rendered):
    _, _, _, pdf = rendered
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) > 1
    assert re.search(rb"/Type\s*/Pages\s*/Count\s*([2-9]|\d\d)", pdf)
    assert b"/MediaBox[0 0 595.2" in pdf  # A4 (595.28 × 841.89 pt)
    assert b"Laporan Tahunan BNN Kota Lubuklinggau 2022" in pdf  # document title
    assert b"Grafik batang jumlah kasus" in pdf  # tagged figure alt text
    assert b"/Lang(id)" in pdf
    assert b"CreationDate" not in pdf and b"CreateDate" not in pdf


@pytest.mark.parametrize(("lang", "mark"), [("id", "DRAF"), ("en", "DRAFT")])
def test_pdf_draft_marks_cover_header_and_watermark_in_the_reports_language(tmp_path, lang, mark):
    res = render_notebook(make_notebook(draft=True, lang=lang), None, tmp_path / "d.pdf")
    with pdfplumber.open(res.pdf) as pdf:
        cover, contents = ([c for c in page.chars if c["text"].strip()] for page in pdf.pages[:2])
    watermark = "".join(c["text"] for c in sorted(cover, key=lambda c: c["x0"])
                        if c["matrix"][1])  # drawn at an angle across the page
    box = "".join(c["text"] for c in cover if not c["matrix"][1])
    header = "".join(c["text"] for c in contents if c["top"] < 50)
    assert watermark == mark and header.endswith(mark)
    assert f"{mark}Rancangan," in box if lang == "id" else f"{mark}Draft,notfinal" in box
    if lang == "id":
        assert "DRAFT" not in watermark + box + header  # Indonesian throughout


def test_pdf_text_with_pdftotext(rendered, tmp_path):
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed")
    _, out, _, _ = rendered
    text = subprocess.run(
        [tool, "-layout", str(out / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Laporan Tahunan BNN Kota Lubuklinggau 2022" in text
    assert "Daftar Isi" in text and "Bulan ke-12" in text and "12.000" in text
    assert "<script>alert(1)</script>" in text  # shown as text, escaped for Typst
    assert "DRAFT" not in text and "SOURCE_CODE" not in text


def test_pdf_date_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672358400")
    res = render_notebook(make_notebook(), None, tmp_path / "s.pdf")
    assert b"D:20221230000000" in res.pdf.read_bytes()


def test_the_shared_typst_compiler_writes_what_a_fresh_compile_writes(tmp_path):
    """One compiler serves every report of a process: after other reports, the bytes are still
    those of ``typst.compile`` on the same source."""
    import typst

    render_notebook(make_notebook(draft=True, lang="en"), None, tmp_path / "other.pdf")
    src = notebook_to_markdown(make_notebook(rows=12), tmp_path / "media")
    pdf = render_pdf(src, tmp_path / "x.pdf", tmp_path / "media").read_bytes()
    fresh = typst.compile(str(tmp_path / "media" / "report.typ"), root=str(tmp_path / "media"),
                          font_paths=render._font_paths(), ignore_system_fonts=True, format="pdf")
    assert pdf == fresh


# ------------------------------------------------------------------------- reproducibility


def test_rerender_is_byte_identical(rendered, tmp_path):
    _, out, html, pdf = rendered
    again = render_notebook(
        make_notebook(), tmp_path / "r.html", tmp_path / "r.pdf", workdir=tmp_path / "work"
    )
    assert again.html.read_text(encoding="utf-8") == html
    assert again.pdf.read_bytes() == pdf
    # The private work directory is gone and nothing but the outputs is left behind.
    assert list((tmp_path / "work").iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["r.html", "r.pdf"]


def test_concurrent_renders_do_not_interfere(tmp_path):
    def one(i):
        res = render_notebook(
            make_notebook(rows=10 + i), tmp_path / f"{i}.html", tmp_path / f"{i}.pdf"
        )
        return res.html.read_text(encoding="utf-8")

    with ThreadPoolExecutor(max_workers=3) as pool:
        pages = list(pool.map(one, range(3)))
    for i, html in enumerate(pages):
        assert f"Bulan ke-{10 + i}<" in html and f"Bulan ke-{11 + i}<" not in html


def test_render_from_path_and_returned_values(tmp_path):
    path = tmp_path / "executed.ipynb"
    nbformat.write(make_notebook(), path)
    res = render_notebook(path, tmp_path / "p.html", None)
    assert res.pdf is None and res.html == tmp_path / "p.html"
    assert res.figures["cases"] == 2 and res.meta["unit_id"] == "bnnk-lubuklinggau"
    assert [(w.cell, w.kind) for w in res.warnings] == [(11, "error")]


# ---------------------------------------------------------------------------------- errors


def test_pandoc_failure_raises_render_error(tmp_path, monkeypatch):
    src = notebook_to_markdown(make_notebook(), tmp_path / "media")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path / "missing")
    with pytest.raises(RenderError) as info:
        render_html(src, tmp_path / "x.html")
    assert info.value.path == tmp_path / "x.html" and info.value.stderr
    assert not (tmp_path / "x.html").exists()


def test_typst_failure_raises_render_error(tmp_path, monkeypatch):
    src = notebook_to_markdown(make_notebook(), tmp_path / "media")
    (tmp_path / "media" / "fig-1.svg").write_text("not an svg", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render_pdf(src, tmp_path / "x.pdf", tmp_path / "media")
    assert info.value.path == tmp_path / "x.pdf" and info.value.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_pandoc_path_is_pandoc_3():
    out = subprocess.run(
        [pandoc_path(), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert re.match(r"pandoc 3\.", out)


def test_only_the_bundled_pandoc_gets_a_smaller_initial_heap():
    from helpers.render.documents import _pandoc_env, pandoc_path

    bundled = pandoc_path()
    assert "pypandoc" in Path(bundled).parts  # the tests run the pinned pypandoc-binary
    assert _pandoc_env(bundled)["GHCRTS"] == render.PANDOC_RTS
    assert _pandoc_env("/usr/bin/pandoc") is None  # another build might refuse RTS options
    version = subprocess.run([bundled, "--version"], env=_pandoc_env(bundled),
                             capture_output=True, text=True, check=True)
    assert version.stderr == ""  # the runtime took the option without a warning


def test_handles_and_bracketed_at_signs_are_text_in_html_and_pdf(tmp_path):
    nb = make_notebook(rows=2)
    text = "Ikuti akun Instagram @infobnn_ri dan [@bnn], surel humas@bnn.go.id, {x}."
    nb.cells.append(v4.new_markdown_cell(text))
    res = render_notebook(nb, tmp_path / "a.html", tmp_path / "a.pdf")
    html = res.html.read_text(encoding="utf-8")
    assert "@infobnn_ri dan [@bnn], surel humas@bnn.go.id, {x}." in html
    assert "cite" not in html
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed")
    pdf_text = subprocess.run([tool, str(res.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert "@infobnn_ri dan [@bnn], surel humas@bnn.go.id, {x}." in " ".join(pdf_text.split())


# ------------------------------------------------------------------- layout (layout.lua)


def _chart_notebook(*outputs: dict) -> nbformat.NotebookNode:
    """A report notebook whose last cell shows ``outputs`` (each a display's data)."""
    nb = make_notebook()
    nb.cells.append(v4.new_code_cell("chart()", outputs=[
        v4.new_output("display_data", data=data) for data in outputs]))
    return nb


def _typst_and_html(tmp_path: Path, nb: nbformat.NotebookNode) -> tuple[str, str]:
    source = notebook_to_markdown(nb, tmp_path / "media")
    out = render._pandoc(source, tmp_path / "r.pdf", html=True, typst=True)
    return out["typst"], out["html5"]


def test_a_bold_line_above_a_chart_becomes_its_caption(tmp_path):
    title = "Klien per bulan masuk, 2024 (bulan bertanda \\<5 disamarkan)"
    svg = {"image/svg+xml": SVG, "text/plain": "Klien per bulan masuk, 2024. Jan: 5."}
    typ, html = _typst_and_html(tmp_path, _chart_notebook({"text/markdown": f"**{title}**"},
                                                          svg))
    assert '#figure([#image("fig-3.svg", alt: "Klien per bulan masuk, 2024. Jan: 5.")]' in typ
    assert re.search(r"caption: \[\s*Klien per bulan masuk, 2024 \(bulan bertanda \\<5 "
                     r"disamarkan\)\s*\]", typ)
    assert re.search(r"<figure>\s*<img [^>]*alt=\"Klien per bulan masuk, 2024\. Jan: 5\.\"[^>]*>"
                     r"\s*<figcaption>Klien per bulan masuk, 2024 \(bulan bertanda &lt;5 "
                     r"disamarkan\)</figcaption>", html)
    # the PDF prints it above the chart, numbered, on the chart's page
    pdf = render_notebook(_chart_notebook({"text/markdown": f"**{title}**"}, svg), None,
                          tmp_path / "r.pdf").pdf
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Gambar 3. Klien per bulan masuk, 2024" in text


def test_a_bold_line_not_followed_by_a_chart_stays_a_paragraph(tmp_path):
    typ, html = _typst_and_html(tmp_path, _chart_notebook(
        {"text/markdown": "**Catatan penting**"}, {"text/markdown": "Teks biasa."}))
    assert "#strong[Catatan penting]" in typ and "<p><strong>Catatan penting</strong></p>" in html
    assert "<figcaption>Catatan penting" not in html


def test_content_for_one_format_is_left_out_of_the_other(tmp_path):
    typ, html = _typst_and_html(tmp_path, _chart_notebook({"text/markdown": (
        "::: only-html\nDAFTAR LENGKAP\n:::\n\n::: only-pdf\nLIHAT VERSI HTML\n:::\n")}))
    assert "DAFTAR LENGKAP" in html and "LIHAT VERSI HTML" not in html
    assert "LIHAT VERSI HTML" in typ and "DAFTAR LENGKAP" not in typ
