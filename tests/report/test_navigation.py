"""A report page's links: breadcrumbs up the site, the unit's other years, its PDF and its other
language, each leading to a page the site or the build writes."""

from __future__ import annotations

import posixpath

import pytest

from helpers.common import site_paths
from helpers.report.navigation import navigation, report_years

STORE_YEARS = range(2019, 2025)


def _resolved(page: str, href: str) -> str:
    """The site path a relative link on ``page`` leads to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def _crumbs(nav) -> list[tuple[str, str]]:
    return [(link.label, _resolved(nav.page, link.href)) for link in nav.crumbs]


def test_a_bnnk_s_breadcrumbs_go_home_to_its_year_and_its_province_page(registry):
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "id", store_years=STORE_YEARS)
    assert nav.page == "2022/bnnk-lubuklinggau.html"
    assert _crumbs(nav) == [("Beranda", "index.html"), ("2022", "2022/index.html"),
                            ("Sumatera Selatan", "2022/provinsi/bnnp-sumsel.html"),
                            ("BNN Kota Lubuklinggau", "2022/bnnk-lubuklinggau.html")]
    assert [link.current for link in nav.crumbs] == [False, False, False, True]
    assert [link.href for link in nav.crumbs][:3] == [
        "../index.html", "index.html", "provinsi/bnnp-sumsel.html"]


def test_a_bnnp_s_province_crumb_is_its_own_province_page(registry):
    nav = navigation(registry, "bnnp-sumsel", 2022, "id", store_years=STORE_YEARS)
    assert _crumbs(nav)[2:] == [("Sumatera Selatan", "2022/provinsi/bnnp-sumsel.html"),
                                ("BNN Provinsi Sumatera Selatan", "2022/bnnp-sumsel.html")]


def test_bnn_ri_has_no_province(registry):
    nav = navigation(registry, "bnn-ri", 2022, "en", store_years=STORE_YEARS)
    assert _crumbs(nav) == [("Home", "index.en.html"), ("2022", "2022/index.en.html"),
                            ("Badan Narkotika Nasional Republik Indonesia",
                             "2022/bnn-ri.en.html")]


def test_a_bnnk_moved_to_a_new_province_links_the_province_of_each_year(registry):
    before = navigation(registry, "bnnk-merauke", 2022, "id", store_years=STORE_YEARS)
    after = navigation(registry, "bnnk-merauke", 2023, "id", store_years=STORE_YEARS)
    assert _crumbs(before)[2] == ("Papua", "2022/provinsi/bnnp-papua.html")
    assert _crumbs(after)[2] == ("Papua Selatan", "2023/provinsi/bnnp-papua-selatan.html")
    # its reports of every year are one series, whatever province it was under
    assert [y.label for y in after.years] == [str(y) for y in STORE_YEARS]


def test_the_papua_bnnp_created_in_2023_links_only_its_own_years(registry):
    nav = navigation(registry, "bnnp-papua-selatan", 2024, "id", store_years=STORE_YEARS)
    assert [(y.label, _resolved(nav.page, y.href), y.current) for y in nav.years] == [
        ("2023", "2023/bnnp-papua-selatan.html", False),
        ("2024", "2024/bnnp-papua-selatan.html", True)]
    assert report_years(registry, "bnnp-papua-selatan", STORE_YEARS) == [2023, 2024]


@pytest.mark.parametrize(("unit_id", "years"), [
    ("bnnk-ogan-ilir", [2021, 2022, 2023, 2024]),  # created in 2021
    ("bnnk-tebing-tinggi", [2019, 2020, 2021, 2022]),  # closed after 2022
    ("bnn-ri", list(STORE_YEARS)),
])
def test_other_years_are_those_the_store_holds_while_the_unit_exists(registry, unit_id, years):
    assert report_years(registry, unit_id, STORE_YEARS) == years
    assert report_years(registry, unit_id, [2022, 2020, 2022]) == [y for y in (2020, 2022)
                                                                   if y in years]


def test_the_report_s_own_year_is_listed_even_before_the_store_has_it(registry):
    nav = navigation(registry, "bnnk-lubuklinggau", 2025, "id", store_years=STORE_YEARS)
    assert nav.years[-1].label == "2025" and nav.years[-1].current


def test_pdf_and_language_versions_sit_beside_the_page(registry):
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "en", store_years=STORE_YEARS,
                     bilingual=True)
    assert _resolved(nav.page, nav.pdf.href) == "2022/bnnk-lubuklinggau.en.pdf"
    assert nav.pdf.label == "Download PDF"
    assert [(link.label, link.href, link.lang) for link in nav.languages] == [
        ("Bahasa Indonesia", "bnnk-lubuklinggau.html", "id")]
    assert _resolved(nav.page, nav.years[0].href) == "2019/bnnk-lubuklinggau.en.html"


def test_other_years_in_another_language_are_those_that_publish_it(registry):
    published = {2020: {"id"}, 2021: {"id", "en"}, 2022: {"id", "en"}}
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "en", store_years=STORE_YEARS,
                     bilingual=True, year_languages=lambda y: published.get(y, {"id"}))
    assert [_resolved(nav.page, link.href) for link in nav.years] == [
        "2021/bnnk-lubuklinggau.en.html", "2022/bnnk-lubuklinggau.en.html"]


def test_the_other_language_is_linked_only_when_the_unit_publishes_both(registry):
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "id", store_years=STORE_YEARS)
    assert nav.languages == []
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "id", store_years=STORE_YEARS,
                     bilingual=True)
    assert [(link.label, link.href) for link in nav.languages] == [
        ("English", "bnnk-lubuklinggau.en.html")]


@pytest.mark.parametrize("site_url", ["https://laporan.bnn.go.id", "https://laporan.bnn.go.id/"])
def test_the_html_version_s_address_is_the_site_url_and_the_page(registry, site_url):
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "en", store_years=STORE_YEARS,
                     site_url=site_url)
    assert nav.url == "https://laporan.bnn.go.id/2022/bnnk-lubuklinggau.en.html"
    assert nav.url_label == "This report online:"


@pytest.mark.parametrize("site_url", [None, ""])
def test_no_site_url_means_no_address_rather_than_a_guessed_one(registry, site_url):
    nav = navigation(registry, "bnnk-lubuklinggau", 2022, "id", store_years=STORE_YEARS,
                     site_url=site_url)
    assert nav.url is None


def test_every_link_is_relative_and_stays_inside_the_site(registry):
    for unit_id in ("bnn-ri", "bnnp-sumsel", "bnnk-lubuklinggau"):
        for lang in ("id", "en"):
            nav = navigation(registry, unit_id, 2022, lang, store_years=STORE_YEARS,
                             bilingual=True)
            links = [*nav.crumbs, *nav.years, nav.pdf, *nav.languages]
            for link in links:
                assert ":" not in link.href and not link.href.startswith("/"), link
                assert not _resolved(nav.page, link.href).startswith(".."), link
            meta = nav.to_meta()
            assert meta["crumbs"][-1] == {"label": nav.crumbs[-1].label,
                                          "href": site_paths.report_file(unit_id, "html", lang),
                                          "current": True, "lang": None}
