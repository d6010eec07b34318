"""The published site: built from figures files and the registry; complete, escaped, private."""

from __future__ import annotations

import contextlib
import csv
import getpass
import json
import os
import re
import shutil
import socket
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.common.config import Paths
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.vocab import load_vocab
from helpers.report.fmt import format_number, format_quantity_text
from helpers.site import build_site, write_site
from site_support import read_json, write_reports, write_synthetic

YEARS = (2021, 2022)
PROVINCE = "bnnp-sumsel"
MISSING = "bnnk-prabumulih"  # never gets a report in these tests
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> Kota Jahat'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_store, registry: Registry) -> Path:
    """Real figures for Sumatera Selatan's units, synthetic ones for the rest, then the site."""
    site_dir = tmp_path_factory.mktemp("outputs") / "site"
    sumsel = [PROVINCE, *registry.children(PROVINCE, 2022)]
    write_reports(site_dir, sample_store, registry, YEARS, units=sumsel, skip=[MISSING])
    write_synthetic(site_dir, registry, YEARS, skip=[MISSING])
    write_site(site_dir, registry)
    return site_dir


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_index_lists_every_unit_of_the_latest_year_and_marks_missing_reports(
        site: Path, registry: Registry) -> None:
    html = _text(site / "index.html")
    for unit in registry.units(2022):
        assert f">{unit.name}<" in html, unit.unit_id
    missing = re.search(rf'<li class="unit no-report"[^>]*>\s*<span class="unit-name">'
                        rf'{registry.get(MISSING).name}</span>.*?</li>', html, re.DOTALL)
    assert missing and "belum ada laporan" in missing.group(0)
    assert 'href="2022/bnnk-lubuklinggau.html"' in html
    assert 'href="2022/bnnk-lubuklinggau.pdf"' in html


def test_figures_files_are_on_the_data_page_linked_from_the_footer_not_beside_reports(
        site: Path, registry: Registry) -> None:
    for page in (site / "index.html", site / "2022" / "provinsi" / f"{PROVINCE}.html"):
        html = _text(page)
        assert ".json" not in html and "Data (JSON)" not in html.split("<footer")[0], page
    footer = _text(site / "index.html").split('<footer class="site-footer">')[1]
    assert '<a href="2022/data.html">Unduh data angka (JSON) 2022</a>' in footer
    province_footer = _text(site / "2021" / "provinsi" / f"{PROVINCE}.html").split("<footer")[1]
    assert 'href="../../2021/data.html"' in province_footer
    data = _text(site / "2022" / "data.html")
    for unit in registry.units(2022):
        if unit.unit_id == MISSING:
            assert re.search(rf"{unit.name}</th>\s*<td>Sumatera Selatan</td>\s*<td>"
                             r'<span class="missing">belum ada laporan', data)
        else:
            assert f'href="../2022/{unit.unit_id}.json"' in data, unit.unit_id
    assert 'href="../2022/data.en.html"' in _text(site / "2022" / "index.en.html")


def test_every_year_and_province_has_its_pages_in_both_languages(
        site: Path, registry: Registry) -> None:
    for year in YEARS:
        assert (site / str(year) / "index.html").is_file()
        assert (site / str(year) / "index.en.html").is_file()
        for unit in registry.units(year):
            if unit.level == "provinsi":
                assert (site / str(year) / "provinsi" / f"{unit.unit_id}.html").is_file()
                assert (site / str(year) / "provinsi" / f"{unit.unit_id}.en.html").is_file()
    assert '<html lang="en">' in _text(site / "index.en.html")
    assert "Annual Reports 2022" in _text(site / "index.en.html")


def test_national_overview_shows_bnn_ri_figures_as_its_json_has_them(site: Path) -> None:
    figures = read_json(site / "2022" / "bnn-ri.json")
    html = _text(site / "2022" / "index.html")
    overview = html[html.index('id="overview-heading"'):html.index('id="charts-heading"')]
    for value in (figures["cases"], figures["suspects"], figures["rehab"]["clients"],
                  figures["outreach"]["participants"]):
        assert f'<dd class="big">{format_number(value)}</dd>' in overview
    assert "dibanding 2021" in overview


def _card(html: str, key: str) -> str:
    card = html[html.index(f'data-metric="{key}"'):]
    return card[:card.index("</div>")]


def test_national_overview_shows_the_year_end_figures_pillar_by_pillar(site: Path) -> None:
    figures = read_json(site / "2022" / "bnn-ri.json")
    html = _text(site / "2022" / "index.html")
    overview = html[html.index('id="overview-heading"'):html.index('id="charts-heading"')]
    assert [h for h in re.findall(r'<h3 class="pillar">([^<]+)</h3>', overview)] == [
        "Pemberantasan", "Rehabilitasi", "Pencegahan dan Pemberdayaan Masyarakat"]
    expected = {"p21": figures["p21"], "networks": figures["networks"], "labs": figures["labs"],
                "tppu": figures["tppu"], "ibm": figures["rehab"]["ibm"],
                "assessed": figures["assessments"]["total"],
                "skhpn": figures["tests"]["skhpn"]["tested"],
                "urine_tested": figures["tests"]["tes_urine"]["tested"],
                "penggiat": figures["community"]["penggiat"],
                "relawan": figures["community"]["relawan"],
                "desa_bersinar": figures["community"]["desa_bersinar"],
                "sekolah_bersinar": figures["community"]["sekolah_bersinar"]}
    for key, value in expected.items():
        assert f'<dd class="big">{format_number(value)}</dd>' in _card(overview, key), key
    assert figures["assets_rp"] > 0
    assert (f'<dd class="big money">Rp{format_number(figures["assets_rp"])}</dd>'
            in _card(overview, "assets_rp"))
    english = _text(site / "2022" / "index.en.html")
    assert f"IDR {format_number(figures['assets_rp'], 'en')}" in _card(english, "assets_rp")
    assert "Drug test certificates (SKHPN) issued" in english


def test_a_figure_no_unit_reported_reads_so_on_the_overview_and_the_province_page(
        tmp_path: Path, registry: Registry) -> None:
    site_dir = tmp_path / "site"
    write_synthetic(site_dir, registry, [2022])
    for unit_id in ("bnn-ri", PROVINCE):
        path = site_dir / "2022" / f"{unit_id}.json"
        figures = read_json(path)
        figures["tests"]["skhpn"] = {"tested": None, "positive": None}
        figures["own"]["networks"] = None
        path.write_text(json.dumps(figures), encoding="utf-8")
    write_site(site_dir, registry)
    html = _text(site_dir / "2022" / "index.html")
    assert '<dd class="big not-reported">tidak dilaporkan</dd>' in _card(html, "skhpn")
    assert "“Tidak dilaporkan”: tidak ada satuan kerja" in html
    assert "not reported" in _card(_text(site_dir / "2022" / "index.en.html"), "skhpn")
    province = _text(site_dir / "2022" / "provinsi" / f"{PROVINCE}.html")
    row = province[province.index('<tr data-metric="skhpn">'):]
    assert row[:row.index("</tr>")].count(">tidak dilaporkan<") == 1  # rolled; own is a number
    row = province[province.index('<tr data-metric="networks">'):]
    assert row[:row.index("</tr>")].count(">tidak dilaporkan<") == 1  # own only


def test_province_page_ranks_sub_units_by_their_json_figures(site: Path,
                                                             registry: Registry) -> None:
    html = _text(site / "2022" / "provinsi" / f"{PROVINCE}.html")
    ranking = html[html.index('id="ranking-heading"'):]
    cases = ranking[:ranking.index("</table>")]
    shown = re.findall(r'<a href="\.\./\.\./2022/(bnnk-[a-z-]+)\.html">', cases)
    children = [c for c in registry.children(PROVINCE, 2022) if c != MISSING]
    values = {c: read_json(site / "2022" / f"{c}.json")["cases"] for c in children}
    assert shown == sorted(children, key=lambda c: (-values[c], registry.get(c).name))
    assert registry.get(MISSING).name in cases and "belum ada laporan" in cases
    for child in children:
        assert f'<span class="num">{format_number(values[child])}</span>' in cases


def test_every_link_stays_inside_the_site_and_resolves(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        if page.parent.name.isdigit() and not page.name.startswith("index"):
            continue  # placeholder reports
        parser = _Links()
        parser.feed(_text(page))
        for link in parser.links:
            assert "://" not in link and not link.startswith("//"), (page, link)
            target = link.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, link)


def test_published_files_name_no_local_path_user_or_host(site: Path) -> None:
    secrets = {str(site.parent), str(site.parent.parent), socket.gethostname()}
    users = {os.environ.get("USER"), getpass.getuser()}
    with contextlib.suppress(OSError):
        users.add(os.getlogin())
    for user in users - {None, ""}:
        secrets.add(f"/home/{user}")
        if user != "root":  # ":root" is CSS
            secrets.add(user)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".ipynb"]
    for path in files:
        data = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in data, (path, secret)


def test_unit_name_holding_markup_is_shown_as_text(tmp_path: Path, registry: Registry) -> None:
    reference = tmp_path / "data" / "reference"
    shutil.copytree(bundled_reference_dir(), reference)
    units = reference / "units.csv"
    with units.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == "bnnk-lubuklinggau":
            row[1] = EVIL
    with units.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    paths = Paths(tmp_path / "data", tmp_path / "params", tmp_path / "outputs")
    evil_registry = Registry.load(paths.reference_dir)
    write_synthetic(paths.site_dir, evil_registry, [2022])
    build_site(paths)
    for page in (paths.site_dir / "index.html",
                 paths.site_dir / "2022" / "provinsi" / f"{PROVINCE}.html"):
        html = _text(page)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" \
            in html
        assert html.count("<script>") == 1  # the site's own search script only


def test_unreadable_figures_file_does_not_stop_the_site(tmp_path: Path,
                                                        registry: Registry) -> None:
    site_dir = tmp_path / "site"
    write_synthetic(site_dir, registry, [2022])
    (site_dir / "2022" / "bnnk-lubuklinggau.json").write_text("{not json", encoding="utf-8")
    (site_dir / "2022" / "bnn-ri.json").write_text('{"cases": "<b>9</b>", "rehab": null}',
                                                   encoding="utf-8")
    write_site(site_dir, registry)
    html = _text(site_dir / "index.html")
    assert "BNN Kota Lubuklinggau" in html and "<b>9</b>" not in html


def test_rebuild_rewrites_only_pages_whose_content_changed(tmp_path: Path,
                                                           registry: Registry) -> None:
    site_dir = tmp_path / "site"
    write_synthetic(site_dir, registry, [2021, 2022])
    first = write_site(site_dir, registry)
    assert first.written == first.pages
    assert write_site(site_dir, registry).written == 0
    (site_dir / "2021" / "bnnk-lubuklinggau.json").unlink()
    third = write_site(site_dir, registry)
    # The 2021 data page (its link to the figures file) and Sumatera Selatan's 2021 page (its
    # rankings) change, each in both languages; the report is still there, so nothing else.
    assert third.written == 4


def _synthetic_registry(folder: Path) -> Registry:
    """BNN RI, a BNNP per province and a BNNK per regency and city: 553 units."""
    folder.mkdir(parents=True)
    shutil.copy(bundled_reference_dir() / "regions.csv", folder / "regions.csv")
    with (folder / "regions.csv").open(encoding="utf-8") as handle:
        regions = list(csv.DictReader(handle))
    units = [["bnn-ri", "Badan Narkotika Nasional Republik Indonesia", "pusat", "", "", "2002",
              ""]]
    coverage = []
    for region in regions:
        code = region["region_code"]
        if region["level"] == "provinsi":
            unit = [f"bnnp-p{code}", f"BNN Provinsi {region['name']}", "provinsi", "bnn-ri"]
        else:
            unit = [f"bnnk-r{code.replace('.', '-')}", f"BNN {region['name']}", "kabkota",
                    f"bnnp-p{region['province_code']}"]
        units.append([*unit, code, "2011", ""])
        coverage.append([unit[0], code])
    for name, header, rows in (
            ("units.csv", ["unit_id", "name", "level", "parent_id", "region_code", "from_year",
                           "to_year"], units),
            ("unit_regions.csv", ["unit_id", "region_code"], coverage)):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
    return Registry.load(folder)


def test_site_of_two_thousand_reports_builds_in_seconds(tmp_path: Path) -> None:
    registry = _synthetic_registry(tmp_path / "reference")
    site_dir = tmp_path / "site"
    years = (2021, 2022, 2023, 2024)
    reports = write_synthetic(site_dir, registry, years)
    assert reports == 553 * 4
    start = time.perf_counter()
    summary = write_site(site_dir, registry)
    seconds = time.perf_counter() - start
    print(f"\nsite of {summary.reports} reports: {summary.pages} pages in {seconds:.1f} s")
    assert summary.reports == reports
    assert seconds < 60
    html = _text(site_dir / "index.html")
    assert html.count('class="unit"') == 553


def test_searching_a_province_name_also_finds_its_bnnk(site: Path, registry: Registry) -> None:
    found = set()
    for item in _text(site / "index.html").split('<li class="unit')[1:]:
        search = re.search(r'data-search="([^"]*)"', item)
        name = re.search(r'<span class="unit-name">\s*(?:<a[^>]*>)?([^<]+)', item)
        if search and name and "sumatera selatan" in search.group(1):
            found.add(name.group(1).strip())
    expected = {registry.get(u).name for u in [PROVINCE, *registry.children(PROVINCE, 2022)]}
    assert found == expected


def test_every_page_s_year_menu_lists_every_year_newest_first_then_the_archive(
        tmp_path: Path, registry: Registry) -> None:
    site_dir = tmp_path / "site"
    write_synthetic(site_dir, registry, [2019, 2021, 2020, 2022])
    write_site(site_dir, registry)
    pages = [*site_dir.glob("*.html"), *site_dir.glob("*/index*.html"),
             *site_dir.glob("*/data*.html"), *site_dir.glob("*/provinsi/*.html")]
    assert len(pages) == 2 * (2 + 4 * 2 + sum(
        u.level == "provinsi" for y in (2019, 2020, 2021, 2022) for u in registry.units(y)))
    for page in pages:
        menu = _text(page).split('<nav class="years')[1].split("</nav>")[0]
        links = re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', menu)
        archive = "Archive" if ".en." in page.name else "Arsip"
        assert [label for _, label in links] == ["2022", "2021", "2020", "2019", archive], page
        for href, _ in links:
            assert (page.parent / href).resolve().is_file(), (page, href)
    current = re.findall(r'data-keep-q aria-current="page">(\d{4})</a>',
                         _text(site_dir / "2020" / "provinsi" / f"{PROVINCE}.html"))
    assert current == ["2020"]
    assert 'aria-current="page">Arsip</a>' in _text(site_dir / "arsip.html")


def test_archive_lists_every_year_newest_first_with_bnn_ri_figures(site: Path,
                                                                  registry: Registry) -> None:
    html = _text(site / "arsip.html")
    rows = re.findall(r'<th scope="row"><a href="(\d{4})/index.html">\1</a></th>(.*?)</tr>',
                      html, re.DOTALL)
    assert [year for year, _ in rows] == ["2022", "2021"]
    for year, row in rows:
        figures = read_json(site / year / "bnn-ri.json")
        cells = re.findall(r'<td class="num-col">([^<]+)</td>', row)
        units = len(registry.units(int(year)))
        assert cells[0] == f"{units - 1} dari {units}"  # MISSING has no report
        assert cells[1:] == [format_number(v) for v in (
            figures["cases"], figures["suspects"], figures["rehab"]["clients"],
            figures["outreach"]["activities"], figures["outreach"]["participants"])]
        assert f'href="{year}/bnn-ri.html"' in row
    assert "Annual report archive" in _text(site / "arsip.en.html")


def test_province_page_links_its_own_report_and_each_bnnk_s(site: Path,
                                                            registry: Registry) -> None:
    html = _text(site / "2022" / "provinsi" / f"{PROVINCE}.html")
    own = html.split('<ul class="units single">')[1].split("</ul>")[0]
    assert 'href="../../2022/bnnp-sumsel.html"' in own
    assert 'href="../../2022/bnnp-sumsel.pdf"' in own
    listing = html.split('id="units-heading"')[1]
    for child in registry.children(PROVINCE, 2022):
        if child == MISSING:
            assert "belum ada laporan" in listing
        else:
            assert f'href="../../2022/{child}.html"' in listing, child
            assert f'href="../../2022/{child}.pdf"' in listing, child


def test_seizure_tables_group_each_drug_s_units_in_the_order_bnn_reports_drugs(
        site: Path) -> None:
    vocab = load_vocab()
    html = _text(site / "2022" / "provinsi" / f"{PROVINCE}.html")
    table = html.split('<table class="plain seizures">')[1].split("</table>")[0]
    groups = re.findall(r'<tbody class="drug" data-drug="([a-z_]+)">(.*?)</tbody>', table,
                        re.DOTALL)
    figures = read_json(site / "2022" / f"{PROVINCE}.json")["seizures"]
    assert {"ganja"} <= {d for d, _ in groups}
    assert [d for d, _ in groups] == [d for d in vocab.drugs
                                      if d in {s["drug"] for s in figures}]
    for drug, rows in groups:
        uoms = re.findall(r'data-uom="([a-z]+)"', rows)
        assert uoms == [u for u in vocab.allowed_uoms(drug)
                        if any(s["drug"] == drug and s["uom"] == u for s in figures)]
        assert rows.count("<th ") == 1  # the drug named once for its rows
        quantities = re.findall(r'data-uom="[a-z]+">([^<]+)</td>', rows)
        assert quantities == [format_quantity_text(s["quantity"], uom) for uom in uoms
                              for s in figures if s["drug"] == drug and s["uom"] == uom]
    ganja = dict(groups)["ganja"]
    assert re.findall(r'data-uom="([a-z]+)"', ganja) == ["gram", "batang"]


def test_year_page_holds_every_regency_without_bnnk_with_the_unit_serving_it(
        site: Path) -> None:
    html = _text(site / "2022" / "index.html")
    index = html.split('<template id="region-index">')[1].split("</template>")[0]
    assert '<li data-unit="bnnp-sumsel" data-code="16.05">Kabupaten Musi Rawas</li>' in index
    assert '<li data-unit="bnnk-bima" data-code="52.05">Kabupaten Dompu</li>' in index
    assert 'data-code="16.73"' not in index  # Lubuklinggau has a BNNK of its own
    assert 'data-served="{regions} dilayani oleh {unit}."' in html
