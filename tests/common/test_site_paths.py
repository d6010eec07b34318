"""The site's paths, defined once for the site's pages and the reports' navigation."""

from __future__ import annotations

import pytest

from helpers.build.plan import output_paths  # the build's own spelling of the report files
from helpers.common import site_paths


def test_pages_in_each_language():
    assert site_paths.home("id") == "index.html"
    assert site_paths.home("en") == "index.en.html"
    assert site_paths.year_index(2024, "en") == "2024/index.en.html"
    assert site_paths.province_page(2024, "bnnp-sumsel", "id") == (
        "2024/provinsi/bnnp-sumsel.html")
    assert site_paths.archive("en") == "arsip.en.html"
    assert site_paths.data_page(2024, "id") == "2024/data.html"


@pytest.mark.parametrize(("kind", "lang", "name"), [
    ("html", "id", "bnnk-x.html"), ("pdf", "en", "bnnk-x.en.pdf"),
    ("json", "en", "bnnk-x.json"),  # one figures file per report, whatever its language
])
def test_report_files(kind, lang, name):
    assert site_paths.report_file("bnnk-x", kind, lang) == name
    assert site_paths.report(2024, "bnnk-x", kind, lang) == f"2024/{name}"


@pytest.mark.parametrize(("source", "target", "href"), [
    ("2024/bnnk-x.html", "index.html", "../index.html"),
    ("2024/bnnk-x.html", "2024/index.html", "index.html"),
    ("2024/bnnk-x.html", "2024/provinsi/bnnp-y.html", "provinsi/bnnp-y.html"),
    ("2024/bnnk-x.html", "2023/bnnk-x.html", "../2023/bnnk-x.html"),
    ("2024/provinsi/bnnp-y.html", "2024/bnnp-y.html", "../bnnp-y.html"),
    ("index.html", "2024/index.html", "2024/index.html"),
])
def test_links_are_relative(source, target, href):
    assert site_paths.link(source, target) == href


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_build_writes_reports_where_the_site_links_them(tmp_path, lang):
    written = output_paths(tmp_path, "bnnk-x", 2024, lang)
    for kind in ("html", "pdf", "json"):
        assert written[kind] == tmp_path / "site" / site_paths.report(2024, "bnnk-x", kind, lang)
