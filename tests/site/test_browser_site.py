"""The site in a real browser (Debian's chromium through Playwright), as leadership would use it.

One report (BNN Kota Lubuklinggau 2022) is really rendered; the other units get real or
synthetic figures files with placeholder reports, so the site is complete but quick to build.
Screenshots are kept under ``test-artifacts/`` for a person to look at.
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
from helpers.report.fmt import format_number
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
    write_reports(paths.site_dir, store, registry, [YEAR], units=[PROVINCE])
    write_synthetic(paths.site_dir, registry, [YEAR - 1, YEAR], skip=["bnnk-prabumulih"])
    write_site(paths.site_dir, registry)
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
             "index-en": f"{base_url}index.en.html", "report": f"{base_url}{YEAR}/{UNIT}.html"}
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
