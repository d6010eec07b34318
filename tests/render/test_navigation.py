"""A report's navigation in the published files (helpers.render.navigation and the templates):
the breadcrumbs and the bar "Laporan ini" at the top of the HTML, the HTML version's address on
the PDF's cover. Real pandoc and Typst; the notebook is built by hand (no kernel runs)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.reference.registry import Registry
from helpers.render.documents import render_notebook
from helpers.render.navigation import html_variables, typst_variables
from helpers.report.mimetypes import META_MIME
from helpers.report.navigation import navigation
from render_support import make_notebook

STORE_YEARS = (2020, 2021, 2022)
URL = "https://laporan.bnn.go.id/"


def _meta(registry: Registry, lang: str = "id", **kw) -> dict:
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, lang, store_years=STORE_YEARS, **kw)
    return {"navigation": nav.to_meta()}


def _notebook(nav: dict | None, lang: str = "id"):
    nb = make_notebook(lang=lang)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if META_MIME in output.get("data", {}) and nav is not None:
                output["data"][META_MIME]["navigation"] = nav
    return nb


class _Links(HTMLParser):
    """Each ``nav`` of the page: its aria-label and its links (attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: list[tuple[str, list[tuple[dict, str]]]] = []
        self._link: dict | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self._depth += 1
            self.navs.append((dict(attrs).get("aria-label") or "", []))
        elif tag == "a" and self._depth:
            self._link = dict(attrs)
            self.navs[-1][1].append((self._link, ""))

    def handle_data(self, data):
        if self._link is not None:
            attrs, text = self.navs[-1][1][-1]
            self.navs[-1][1][-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        elif tag == "nav":
            self._depth -= 1


def _navs(html: str) -> dict[str, list[tuple[dict, str]]]:
    parser = _Links()
    parser.feed(html.split("</style>", 1)[1])
    return dict(parser.navs)


# ------------------------------------------------------------------------- the variables


def test_labels_are_escaped_and_only_relative_links_inside_the_site_are_kept():
    nav = {"label": "Lokasi <b>", "report_label": "Laporan ini", "crumbs": [
        {"label": "Beranda & <i>", "href": "../index.html"},
        {"label": "x", "href": "javascript:alert(1)"},
        {"label": "x", "href": "https://example.com/a.html"},
        {"label": "x", "href": "//example.com/a.html"},
        {"label": "x", "href": "/etc/passwd"},
        {"label": "x", "href": "a.html?q=<script>"},
        {"label": "Unit \"kita\"", "href": "bnnk-x.html", "current": True}],
        "languages": [{"label": "English", "href": "bnnk-x.en.html", "lang": "en\" onclick=\""}],
        "pdf": {"label": "PDF", "href": "bnnk-x.pdf"}}
    variables = html_variables({"navigation": nav}, with_pdf=True)
    assert variables["nav-label"] == "Lokasi &lt;b&gt;"
    assert variables["crumbs"] == [
        {"label": "Beranda &amp; &lt;i&gt;", "href": "../index.html"},
        {"label": "Unit &quot;kita&quot;", "href": "bnnk-x.html", "current": True}]
    assert "languages" not in variables  # a language that is not a language code is dropped
    assert variables["pdf"] == {"label": "PDF", "href": "bnnk-x.pdf"}


def test_the_pdf_is_linked_only_when_it_is_rendered_beside_the_page(registry):
    meta = _meta(registry)
    assert html_variables(meta, with_pdf=True)["pdf"]["href"] == "bnnk-lubuklinggau.pdf"
    assert "pdf" not in html_variables(meta, with_pdf=False)


def test_a_single_year_and_nothing_else_leaves_the_bar_out(registry):
    nav = navigation(registry, "bnnk-ogan-ilir", 2021, "id", store_years=[2021])
    variables = html_variables({"navigation": nav.to_meta()}, with_pdf=False)
    assert "years" not in variables and "this-report" not in variables
    assert len(variables["crumbs"]) == 4
    assert html_variables({"navigation": nav.to_meta()}, with_pdf=True)["this-report"] is True


def test_no_navigation_no_variables():
    assert html_variables({}, with_pdf=True) == {}
    assert html_variables({"navigation": "x"}, with_pdf=True) == {}
    assert typst_variables({}) == {}


def test_the_pdf_gets_the_address_only_when_it_is_a_web_address(registry):
    assert typst_variables(_meta(registry, site_url=URL)) == {
        "html-url": "https://laporan.bnn.go.id/2022/bnnk-lubuklinggau.html",
        "html-url-label": "Versi daring laporan ini:"}
    assert typst_variables(_meta(registry)) == {}
    bad = {"navigation": {"url": 'https://x.id/") #sys.exit("', "url_label": "a"}}
    assert typst_variables(bad) == {}


# ---------------------------------------------------------------------- the rendered files


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, registry):
    out = tmp_path_factory.mktemp("nav")
    nav = _meta(registry, bilingual=True, site_url=URL)["navigation"]
    result = render_notebook(_notebook(nav), out / "r.html", out / "r.pdf")
    return result.html.read_text(encoding="utf-8"), result.pdf


def test_the_page_starts_with_breadcrumbs_and_the_bar_this_report(rendered):
    html, _ = rendered
    navs = _navs(html)
    assert [(a["href"], text, a.get("aria-current")) for a, text in navs["Lokasi halaman"]] == [
        ("../index.html", "Beranda", None), ("index.html", "2022", None),
        ("provinsi/bnnp-sumsel.html", "Sumatera Selatan", None),
        ("bnnk-lubuklinggau.html", "BNN Kota Lubuklinggau", "page")]
    bar = [(a["href"], text) for a, text in navs["Laporan ini"]]
    assert bar == [("../2020/bnnk-lubuklinggau.html", "2020"),
                   ("../2021/bnnk-lubuklinggau.html", "2021"),
                   ("bnnk-lubuklinggau.html", "2022"),
                   ("bnnk-lubuklinggau.pdf", "Unduh PDF"),
                   ("bnnk-lubuklinggau.en.html", "English")]
    english = navs["Laporan ini"][-1][0]
    assert english["hreflang"] == english["lang"] == "en"
    assert navs["Laporan ini"][2][0]["aria-current"] == "page"
    body = html.split("</style>", 1)[1]
    assert body.index('class="report-nav"') < body.index('class="title-block"')
    assert '<link rel="alternate" hreflang="en" href="bnnk-lubuklinggau.en.html">' in html


def test_the_html_only_render_links_no_pdf(registry, tmp_path):
    nav = _meta(registry)["navigation"]
    result = render_notebook(_notebook(nav), tmp_path / "r.html", None)
    links = [a["href"] for a, _ in _navs(result.html.read_text(encoding="utf-8"))["Laporan ini"]]
    assert links == ["../2020/bnnk-lubuklinggau.html", "../2021/bnnk-lubuklinggau.html",
                     "bnnk-lubuklinggau.html"]


def test_a_notebook_without_navigation_renders_without_the_bars(tmp_path):
    result = render_notebook(_notebook(None), tmp_path / "r.html", None)
    body = result.html.read_text(encoding="utf-8").split("</style>", 1)[1]
    assert "<nav" in body and 'class="report-nav"' not in body  # only the contents remain


def _cover_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is missing: install poppler-utils (make test does it as root)")
    text = subprocess.run([tool, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def test_the_pdf_cover_gives_the_html_version_s_address(rendered):
    _, pdf = rendered
    assert ("Versi daring laporan ini: https://laporan.bnn.go.id/2022/bnnk-lubuklinggau.html"
            in _cover_text(pdf))
    assert b"/URI(https://laporan.bnn.go.id/2022/bnnk-lubuklinggau.html)" in pdf.read_bytes()


def test_without_a_site_url_the_cover_gives_no_address(registry, tmp_path):
    result = render_notebook(_notebook(_meta(registry, lang="en")["navigation"], lang="en"),
                             None, tmp_path / "r.pdf")
    cover = _cover_text(result.pdf)
    assert "online" not in cover and "http" not in cover
