"""Report pages that navigate, on a real build: every year of a BNNK created in 2021 (BNN
Kabupaten Ogan Ilir, published in both languages) and of its BNNP, rendered by papermill, pandoc
and Typst with the site written after them. Every relative link of every page resolves to a file
the build wrote, and the printed PDF gives its HTML version's address."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers.build.batch import build
from helpers.build.plan import plan
from helpers.store.slices import Store
from paths_support import sample_paths

pytestmark = pytest.mark.integration
YEARS = (2020, 2021, 2022)  # the test sample's years
BNNK, BNNP = "bnnk-ogan-ilir", "bnnp-sumsel"  # Ogan Ilir exists from 2021
SITE_URL = "https://laporan.bnn.go.id/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_data_dir, registry) -> Path:
    paths = sample_paths(tmp_path_factory.mktemp("navigation"), sample_data_dir)
    params = paths.params_dir
    defaults = params / "defaults.yaml"
    text = defaults.read_text(encoding="utf-8")
    assert 'site_url: ""' in text
    defaults.write_text(text.replace('site_url: ""', f"site_url: {SITE_URL}"), encoding="utf-8")
    for year in YEARS[1:]:
        (params / str(year)).mkdir(exist_ok=True)
        (params / str(year) / f"{BNNK}.yaml").write_text("bilingual: true\n", encoding="utf-8")
    store = Store(paths.store_dir)
    runs = plan(paths, registry, store, years=YEARS, units=[BNNP, BNNK])  # bilingual: both
    assert len(runs) == 7  # the BNNP three years, the BNNK two years in two languages
    summary = build(paths, runs, jobs=2)
    assert not summary.failed, summary.failed
    return paths.site_dir


class _Hrefs(HTMLParser):
    """Every href and src of a page; the links of each ``nav`` by its aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.navs: dict[str, list[dict[str, str | None]]] = {}
        self._nav: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "nav":
            self._nav = attributes.get("aria-label") or ""
            self.navs[self._nav] = []
        elif tag == "a" and self._nav is not None:
            self.navs[self._nav].append(attributes)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = None


def _page(path: Path) -> _Hrefs:
    parser = _Hrefs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _reports(site: Path) -> list[Path]:
    return sorted(p for year in YEARS for p in (site / str(year)).glob("*.html")
                  if p.name.startswith(("bnnk-", "bnnp-")))


def test_every_relative_link_of_every_report_leads_to_a_written_file(site):
    reports = _reports(site)
    assert [p.relative_to(site).as_posix() for p in reports] == [
        "2020/bnnp-sumsel.html",
        "2021/bnnk-ogan-ilir.en.html", "2021/bnnk-ogan-ilir.html", "2021/bnnp-sumsel.html",
        "2022/bnnk-ogan-ilir.en.html", "2022/bnnk-ogan-ilir.html", "2022/bnnp-sumsel.html"]
    checked = 0
    for report in reports:
        for target in _page(report).targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith("#"):
                continue  # data: URIs of the charts, anchors of the contents
            assert (report.parent / parts.path).resolve().is_file(), (report.name, target)
            checked += 1
    assert checked >= 7 * 8


def _nav(site: Path, page: str, label: str) -> list[tuple[str, str | None]]:
    return [(a["href"], a.get("aria-current")) for a in _page(site / page).navs[label]]


def test_a_bnnk_links_its_province_page_and_only_the_years_it_exists(site):
    assert _nav(site, f"2021/{BNNK}.html", "Lokasi halaman") == [
        ("../index.html", None), ("index.html", None),
        ("provinsi/bnnp-sumsel.html", None), (f"{BNNK}.html", "page")]
    assert _nav(site, f"2021/{BNNK}.html", "Laporan ini") == [
        (f"{BNNK}.html", "page"), (f"../2022/{BNNK}.html", None),  # no 2020: not created yet
        (f"{BNNK}.pdf", None), (f"{BNNK}.en.html", None)]
    assert _nav(site, f"2022/{BNNK}.en.html", "This report") == [
        (f"../2021/{BNNK}.en.html", None), (f"{BNNK}.en.html", "page"),
        (f"{BNNK}.en.pdf", None), (f"{BNNK}.html", None)]


def test_a_bnnp_published_in_one_language_links_no_other(site):
    assert _nav(site, f"2020/{BNNP}.html", "Laporan ini") == [
        (f"{BNNP}.html", "page"), (f"../2021/{BNNP}.html", None),
        (f"../2022/{BNNP}.html", None), (f"{BNNP}.pdf", None)]


def test_the_province_page_the_breadcrumb_leads_to_links_back_to_both_reports(site):
    page = site / "2022" / "provinsi" / f"{BNNP}.html"
    reached = {(page.parent / target).resolve() for target in _page(page).targets}
    assert {site / "2022" / f"{BNNP}.html", site / "2022" / f"{BNNK}.html"} <= reached


def test_the_pdf_cover_gives_the_html_version_s_address(site):
    for name, url in ((f"{BNNK}.pdf", f"{SITE_URL}2022/{BNNK}.html"),
                      (f"{BNNK}.en.pdf", f"{SITE_URL}2022/{BNNK}.en.html")):
        cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(site / "2022" / name), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert url in re.sub(r"\s+", " ", cover), name
