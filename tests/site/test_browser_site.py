"""The site in a real browser (Debian's chromium through Playwright), as leadership would use it.

One report (BNN Kota Lubuklinggau 2022) is really rendered; the other units get real (BNN RI,
BNNP Sumatera Selatan) or synthetic figures files with placeholder reports, for three years, so
the site is complete but quick to build. Screenshots are kept under ``test-artifacts/`` for a
person to look at.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpers.build.batch import build
from helpers.build.plan import plan
from helpers.common.config import Paths, project_root
from helpers.reference.registry import Registry
from helpers.reference.vocab import load_vocab
from helpers.report.fmt import format_number, format_quantity_text
from helpers.site import write_site
from helpers.site.serve import make_server, server_url
from helpers.store.slices import Store
from site_support import read_json, write_reports, write_synthetic

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
AXE = project_root() / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = project_root() / "test-artifacts"
YEAR = 2022
YEARS = (2020, 2021, 2022)
UNIT = "bnnk-lubuklinggau"
PROVINCE = "bnnp-sumsel"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_data_dir: Path,
         registry: Registry) -> Path:
    """A site with one really rendered report and figures files for every other unit."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(project_root() / "params", root / "params")
    paths = Paths(sample_data_dir, root / "params", root / "outputs")
    store = Store(paths.store_dir)
    runs = plan(paths, registry, store, years=[YEAR], units=[UNIT])
    summary = build(paths, runs, jobs=1, formats=("html", "pdf"))
    assert not summary.failed, summary.failed
    write_reports(paths.site_dir, store, registry, [YEAR], units=[PROVINCE, "bnn-ri"])
    write_synthetic(paths.site_dir, registry, YEARS, skip=["bnnk-prabumulih"])
    for kind in ("html", "pdf", "json"):  # never built: the report's link to it stands in
        (paths.site_dir / str(YEARS[0]) / f"{UNIT}.{kind}").unlink()
    write_site(paths.site_dir, registry, data_dir=sample_data_dir)
    return paths.site_dir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server_url(server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


class Watched:
    """A page whose console errors and every request leaving 127.0.0.1 (blocked) are recorded."""

    def __init__(self, browser, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "file", "blob") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def desktop(browser) -> Iterator[Watched]:
    watched = Watched(browser, 1280)
    yield watched
    watched.close()


def _axe_serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def _shoot(browser, url: str, name: str) -> None:
    """Keep desktop and phone screenshots of a page under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        watched = Watched(browser, width)
        watched.page.goto(url)
        overflow = watched.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        watched.page.screenshot(path=str(ARTIFACTS / f"site-{name}-{width}.png"), full_page=True)
        watched.close()
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"


def test_leader_finds_a_unit_opens_its_report_and_pdf(desktop: Watched, base_url: str,
                                                      site: Path) -> None:
    page = desktop.page
    page.goto(base_url)
    page.fill("#q", "linggau")
    result = page.locator("#results .unit-name a", has_text="BNN Kota Lubuklinggau")
    assert result.count() == 1
    assert "1 satuan kerja ditemukan" in page.locator("#search-status").inner_text()
    page.fill("#q", "16.73")
    assert page.locator("#results li").count() == 1
    page.locator("#results .unit-name a").first.click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR}/{UNIT}.html"

    figures = read_json(site / str(YEAR) / f"{UNIT}.json")
    summary = page.locator("table", has_text="Kasus narkotika diungkap").first
    for label, value in (("Kasus narkotika diungkap", figures["cases"]),
                         ("Tersangka", figures["suspects"]),
                         ("Klien rehabilitasi", figures["rehab"]["clients"])):
        row = summary.locator("tr", has_text=label).first
        assert row.locator("td").nth(1).inner_text().strip() == format_number(value)

    response = page.request.get(f"{base_url}{YEAR}/{UNIT}.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert desktop.errors == []
    assert desktop.outside == []


def test_keyboard_reaches_skip_link_and_search_results(desktop: Watched,
                                                       base_url: str) -> None:
    page = desktop.page
    page.goto(base_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.focus("#q")
    page.keyboard.type("linggau")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "BNN Kota Lubuklinggau"
    page.fill("#q", "prabumulih")  # a unit without a report is found and says so
    assert page.locator("#results").inner_text().count("belum ada laporan") == 1


def test_pages_pass_axe_and_fit_a_phone(browser, desktop: Watched, base_url: str) -> None:
    pages = {"index": base_url, "province": f"{base_url}{YEAR}/provinsi/{PROVINCE}.html",
             "index-en": f"{base_url}index.en.html", "report": f"{base_url}{YEAR}/{UNIT}.html",
             "archive": f"{base_url}arsip.html", "data": f"{base_url}{YEAR}/data.html",
             "corrections": f"{base_url}{YEAR}/ralat.html",
             "office": f"{base_url}{YEAR}/kantor-data.html",
             "placeholder": f"{base_url}{YEARS[0]}/{UNIT}.html"}
    for name, url in pages.items():
        desktop.page.goto(url)
        assert _axe_serious(desktop.page) == [], name
        _shoot(browser, url, name)
    desktop.page.emulate_media(media="print")
    assert not desktop.page.locator(".years").is_visible()  # prints without the navigation
    assert desktop.errors == []
    assert desktop.outside == []


def test_site_opened_from_disk_searches_too(desktop: Watched, site: Path) -> None:
    page = desktop.page
    page.goto((site / "index.html").as_uri())
    page.fill("#q", "Lubuk Linggau")
    assert page.locator("#results .unit-name a", has_text="BNN Kota Lubuklinggau").count() == 1
    page.fill("#q", "sumatera selatan")
    names = page.locator("#results .unit-name").all_inner_texts()
    assert "BNN Provinsi Sumatera Selatan" in names
    page.goto((site / str(YEAR) / "provinsi" / f"{PROVINCE}.html").as_uri())
    assert re.search(r"Sumatera Selatan", page.locator("h1").inner_text())
    assert desktop.errors == []


def test_really_built_site_names_no_local_path_user_or_host(site: Path) -> None:
    secrets = {str(site.parent.parent), socket.gethostname()}
    secrets |= {u for u in (os.environ.get("USER"), getpass.getuser()) if u and u != "root"}
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".ipynb"]
    for path in files:
        data = path.read_bytes().decode("utf-8", errors="replace")
        # Compressed PDF streams hold any two letters by chance: there, check longer names only.
        check = [s for s in secrets if path.suffix != ".pdf" or len(s) > 3]
        assert not [s for s in check if s in data], path


def test_a_regency_without_bnnk_points_to_the_unit_serving_it(desktop: Watched,
                                                              base_url: str) -> None:
    page = desktop.page
    page.goto(base_url)
    page.fill("#q", "Musi Rawas")
    results = page.locator("#results li")
    assert results.count() == 1
    assert results.locator(".served").inner_text() == (
        "Kabupaten Musi Rawas dan Kabupaten Musi Rawas Utara dilayani oleh "
        "BNN Provinsi Sumatera Selatan.")
    assert results.locator(".unit-name a").get_attribute("href") == f"{YEAR}/{PROVINCE}.html"
    assert page.locator("#search-status").inner_text() == "1 satuan kerja ditemukan."
    page.fill("#q", "dompu")  # rayonisasi: BNN Kota Bima serves Kabupaten Dompu
    assert page.locator("#results .served").all_inner_texts() == [
        "Kabupaten Dompu dilayani oleh BNN Kota Bima."]
    page.fill("#q", "16.05")
    assert page.locator("#results .unit-name").all_inner_texts() == [
        "BNN Provinsi Sumatera Selatan"]
    page.fill("#q", "16")  # a province's code lists its units, not its 13 regencies
    assert page.locator("#results .served").count() == 0
    page.goto(f"{base_url}index.en.html")
    page.fill("#q", "musi rawas utara")
    assert page.locator("#results .served").inner_text() == (
        "Kabupaten Musi Rawas Utara: served by BNN Provinsi Sumatera Selatan.")
    assert desktop.errors == []


def test_back_from_a_report_shows_the_same_search(desktop: Watched, base_url: str,
                                                  site: Path) -> None:
    page = desktop.page
    page.goto(f"{base_url}{YEAR - 1}/index.html")
    page.fill("#q", "musi rawas")
    # The search updates the address as it runs (an event after the keystroke): wait for it.
    page.wait_for_url(f"{base_url}{YEAR - 1}/index.html?q=musi+rawas", timeout=5000)
    assert page.url == f"{base_url}{YEAR - 1}/index.html?q=musi+rawas"
    assert page.locator("nav.years a", has_text=str(YEAR)).get_attribute("href") == (
        f"../{YEAR}/index.html?q=musi%20rawas")  # the search follows to another year
    page.locator("#results .unit-name a").click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR - 1}/{PROVINCE}.html"
    page.go_back()
    page.wait_for_load_state()
    assert page.input_value("#q") == "musi rawas"
    assert page.locator("#results .served").count() == 1
    page.fill("#q", "")
    page.wait_for_url(f"{base_url}{YEAR - 1}/index.html", timeout=5000)
    assert page.url == f"{base_url}{YEAR - 1}/index.html"
    page.goto((site / "index.html").as_uri() + "?q=linggau")  # from disk too
    assert page.locator("#results .unit-name").all_inner_texts() == ["BNN Kota Lubuklinggau"]
    assert desktop.errors == []


def test_year_menu_lists_every_year_newest_first_and_the_archive_links_them(
        desktop: Watched, base_url: str) -> None:
    page = desktop.page
    page.goto(f"{base_url}{YEAR}/provinsi/{PROVINCE}.html")
    menu = page.locator("nav.years a")
    assert menu.all_inner_texts() == [*map(str, sorted(YEARS, reverse=True)), "Arsip"]
    menu.filter(has_text=str(YEARS[0])).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Laporan Akhir Tahun {YEARS[0]}"
    page.locator("nav.years a", has_text="Arsip").click()
    page.wait_for_load_state()
    years = page.locator("table.archive tbody th").all_inner_texts()
    assert years == [str(y) for y in sorted(YEARS, reverse=True)]
    page.locator("table.archive tbody th a", has_text=str(YEAR - 1)).click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR - 1}/index.html"
    assert desktop.errors == []


def test_seizure_tables_keep_each_drug_s_rows_together(desktop: Watched, base_url: str,
                                                       site: Path) -> None:
    page = desktop.page
    for url, unit in ((base_url, "bnn-ri"),
                      (f"{base_url}{YEAR}/provinsi/{PROVINCE}.html", PROVINCE)):
        page.goto(url)
        rows = page.locator("table.seizures tbody tr")
        shown, current = [], None
        for i in range(rows.count()):
            header = rows.nth(i).locator("th")
            if header.count():
                current = header.inner_text()
            cell = rows.nth(i).locator("td")
            shown.append((current, cell.get_attribute("data-uom"), cell.inner_text()))
        names = [d for d, _, _ in shown]
        assert names == sorted(names, key=names.index)  # each drug's rows side by side
        assert [u for d, u, _ in shown if d == "Ganja"] == ["gram", "batang"]
        assert names[0] == "Sabu (metamfetamin)"  # BNN's order, not the largest quantity
        seized = read_json(site / str(YEAR) / f"{unit}.json")["seizures"]
        labels = {s["drug"]: load_vocab().label("drug", s["drug"]) for s in seized}
        assert sorted(shown) == sorted(  # every quantity as BNN writes it ("3,049 ton")
            (labels[s["drug"]], s["uom"], format_quantity_text(s["quantity"], s["uom"]))
            for s in seized)
    assert desktop.errors == []


def test_data_files_sit_on_the_data_page_reached_from_the_footer(desktop: Watched,
                                                                base_url: str) -> None:
    page = desktop.page
    page.goto(base_url)
    assert page.locator("main a[type='application/json']").count() == 0
    page.locator("footer a", has_text="Unduh data angka (JSON)").click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR}/data.html"
    link = page.locator("main a[type='application/json']", has_text=f"{UNIT}.json")
    response = page.request.get(f"{base_url}{YEAR}/{link.get_attribute('href').split('/')[-1]}")
    assert response.status == 200 and response.json()["unit_id"] == UNIT
    assert desktop.errors == []


def test_a_report_s_breadcrumb_leads_back_to_its_year_and_province(desktop: Watched,
                                                                   base_url: str,
                                                                   site: Path) -> None:
    page = desktop.page
    page.goto(f"{base_url}{YEAR}/{UNIT}.html")
    crumbs = page.locator("nav[aria-label='Lokasi halaman'] a")
    assert crumbs.all_inner_texts() == ["Beranda", str(YEAR), "Sumatera Selatan",
                                        "BNN Kota Lubuklinggau"]
    assert crumbs.last.get_attribute("aria-current") == "page"
    crumbs.nth(1).click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR}/index.html"
    assert page.locator("h1").inner_text() == f"Laporan Akhir Tahun {YEAR}"
    page.go_back()
    page.wait_for_load_state()
    page.locator("nav[aria-label='Lokasi halaman'] a", has_text="Sumatera Selatan").click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR}/provinsi/{PROVINCE}.html"
    page.go_back()
    page.wait_for_load_state()
    bar = page.locator("nav[aria-label='Laporan ini'] a")
    assert bar.all_inner_texts() == [*map(str, YEARS), "Unduh PDF"]
    assert bar.filter(has_text=str(YEAR)).get_attribute("aria-current") == "page"
    bar.filter(has_text=str(YEAR - 1)).click()  # the same unit's report of the year before
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEAR - 1}/{UNIT}.html"
    page.goto((site / str(YEAR) / f"{UNIT}.html").as_uri())  # from disk too
    page.locator("nav[aria-label='Lokasi halaman'] a", has_text="Beranda").click()
    page.wait_for_load_state()
    assert page.url == (site / "index.html").as_uri()
    page.goto(f"{base_url}{YEAR}/{UNIT}.html")
    page.emulate_media(media="print")
    assert not page.locator(".report-nav").is_visible()  # the printout has no navigation
    assert desktop.errors == []
    assert desktop.outside == []


def test_a_linked_report_not_built_yet_says_how_to_build_it(desktop: Watched,
                                                            base_url: str) -> None:
    page = desktop.page
    page.goto(f"{base_url}{YEAR}/{UNIT}.html")
    page.locator("nav[aria-label='Laporan ini'] a", has_text=str(YEARS[0])).click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}{YEARS[0]}/{UNIT}.html"
    assert page.locator("h1").inner_text() == (
        f"Laporan BNN Kota Lubuklinggau {YEARS[0]} belum dibuat")
    assert page.locator("pre.command").all_inner_texts() == [
        f"workbook build --year {YEARS[0]} --unit {UNIT}", "workbook build --all-years"]
    assert page.locator("meta[name='robots']").get_attribute("content") == "noindex"
    page.locator(".lang a").click()  # English: no English report, so the English front page
    page.wait_for_load_state()
    assert page.url == f"{base_url}index.en.html"
    assert desktop.errors == []
    assert desktop.outside == []
