"""A report links the unit's other years and its other language before anyone built them: the
site stands in for each with a page that says so and how to build it, lists none of them as a
report, and lets the real report replace it."""

from __future__ import annotations

from pathlib import Path

from helpers.build.run import figures_json
from helpers.reference.registry import Registry
from helpers.site import write_site
from helpers.site.placeholders import (
    Missing,
    is_placeholder,
    placeholder_files,
    report_links,
    resolve,
)
from site_support import synthetic_figures

UNIT = "bnnk-lubuklinggau"


def _report(site: Path, registry: Registry, year: int, lang: str = "id", *,
            years: tuple[int, ...] = (2020, 2021, 2022), bilingual: bool = False) -> Path:
    """A report page as the renderer writes its navigation: breadcrumbs, the unit's years, its
    other language (and an analyst's relative link in the content, which is not navigation)."""
    folder = site / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == "id" else f".{lang}"
    other = ".en" if lang == "id" else ""
    if lang == "id":
        (folder / f"{UNIT}.json").write_bytes(figures_json(synthetic_figures(registry, UNIT,
                                                                              year)))
    alternate = f'<link rel="alternate" hreflang="x" href="{UNIT}{other}.html">' \
        if bilingual else ""
    years_links = "".join(f'<li><a href="../{y}/{UNIT}{suffix}.html">{y}</a></li>'
                          for y in years)
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{alternate}'
            '<style>body{}</style></head><body><div class="report-nav"><nav><ol>'
            f'<li><a href="../index{suffix}.html">Beranda</a></li>'
            f'<li><a href="index{suffix}.html">{year}</a></li>'
            f'<li><a href="provinsi/bnnp-sumsel{suffix}.html">Sumatera Selatan</a></li></ol>'
            f'</nav><nav><ul>{years_links}<li><a href="https://bnn.go.id/">BNN</a></li>'
            '<li><a href="#isi">isi</a></li></ul></nav></div>'
            '<main id="isi"><p><a href="../2019/bnnk-lain.html">catatan analis</a></p>'
            '<img src="data:image/svg+xml;base64,PHN2Zy8+"></main></body></html>\n')
    path = folder / f"{UNIT}{suffix}.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_a_report_s_navigation_is_read_up_to_its_content(tmp_path, registry):
    links = report_links(_report(tmp_path, registry, 2022, bilingual=True))
    assert links[0] == f"{UNIT}.en.html"  # the alternate version in the head
    assert "../2020/bnnk-lubuklinggau.html" in links
    assert "../2019/bnnk-lain.html" not in links  # the content's links are not navigation
    assert [resolve("2022/x.html", h) for h in (
        "../2020/x.html", "provinsi/p.html", "https://bnn.go.id/", "#isi", "../../etc/passwd",
        "x.pdf#page=2")] == ["2020/x.html", "2022/provinsi/p.html", None, None, None,
                             "2022/x.pdf"]


def test_every_report_a_built_report_links_gets_a_page_saying_how_to_build_it(
        tmp_path, registry):
    site = tmp_path / "site"
    _report(site, registry, 2022, bilingual=True)
    summary = write_site(site, registry)
    assert summary.placeholders == 3 and summary.years == (2022,)
    assert [p.relative_to(site).as_posix() for p in placeholder_files(site)] == [
        f"2020/{UNIT}.html", f"2021/{UNIT}.html", f"2022/{UNIT}.en.html"]
    page = (site / "2021" / f"{UNIT}.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "Laporan BNN Kota Lubuklinggau 2021 belum dibuat" in page
    assert f"workbook build --year 2021 --unit {UNIT}</code>" in page
    assert "workbook build --all-years</code>" in page
    assert 'href="../index.en.html"' in page  # its language link: no English version
    english = (site / "2022" / f"{UNIT}.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english
    assert "BNN Kota Lubuklinggau 2022: report not built yet" in english
    assert f"workbook build --year 2022 --unit {UNIT} --language en</code>" in english
    assert f'href="{UNIT}.html" lang="id"' in english  # the Indonesian report is built
    assert Missing(2022, UNIT, "en").command.endswith("--language en")


def test_a_placeholder_is_never_listed_as_a_report(tmp_path, registry):
    site = tmp_path / "site"
    _report(site, registry, 2022)
    write_site(site, registry)
    for page in ("index.html", "arsip.html", "2022/index.html", "2022/index.en.html",
                 "2022/provinsi/bnnp-sumsel.html", "2022/data.html"):
        text = (site / page).read_text(encoding="utf-8")
        for year in (2020, 2021):  # neither in the year menu, the archive nor any listing
            assert f">{year}</a>" not in text and f"{year}/{UNIT}" not in text, (page, year)
    year_page = (site / "2022" / "index.html").read_text(encoding="utf-8")
    assert f'href="../2022/{UNIT}.html"' in year_page  # the real one is listed
    assert "1 laporan tersedia" in year_page  # and counted alone
    assert not (site / "2021" / "index.html").exists()  # no year of placeholders only
    assert not (site / "2021" / "data.html").exists()


def test_the_report_built_later_replaces_its_placeholder(tmp_path, registry):
    site = tmp_path / "site"
    _report(site, registry, 2022)
    write_site(site, registry)
    built = _report(site, registry, 2021)  # the build writes over the placeholder
    assert not is_placeholder(built)
    summary = write_site(site, registry)
    assert summary.years == (2022, 2021) and summary.placeholders == 1
    assert not is_placeholder(built) and "report-nav" in built.read_text(encoding="utf-8")
    assert [p.name for p in placeholder_files(site)] == [f"{UNIT}.html"]  # 2020's only
    assert f'href="../2021/{UNIT}.html"' in (site / "2021" / "index.html").read_text(
        encoding="utf-8")


def test_a_placeholder_nothing_links_any_more_is_removed(tmp_path, registry):
    site = tmp_path / "site"
    report = _report(site, registry, 2022)
    write_site(site, registry)
    assert len(placeholder_files(site)) == 2
    _report(site, registry, 2022, years=(2022,))  # rebuilt linking no other year
    assert write_site(site, registry).placeholders == 0
    assert placeholder_files(site) == [] and report.exists()
    assert not (site / "2020" / f"{UNIT}.html").exists()


def test_a_link_to_no_unit_of_that_year_gets_no_placeholder(tmp_path, registry):
    site = tmp_path / "site"
    page = _report(site, registry, 2022, years=())
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<ul>", '<ul><li><a href="../2022/bnnk-tidak-ada.html">x</a></li>'
                '<li><a href="../2015/bnnk-ogan-ilir.html">y</a></li>'), encoding="utf-8")
    assert write_site(site, registry).placeholders == 0
