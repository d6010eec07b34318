"""Real papermill runs of the report notebook, rendered with pandoc and Typst, checked as a reader
would: the HTML and the PDF's text show the unit and the figures of its ``.json``, the Indonesian
way."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.build.batch import build
from helpers.build.plan import plan
from helpers.common.config import Paths, notebook_path, project_root
from helpers.reference.provinces import load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.report import fmt
from helpers.store.slices import Store
from paths_support import sample_paths

pytestmark = pytest.mark.integration
YEAR = 2022
PROVINCE = "bnnp-sumsel"
NATIONAL = "bnn-ri"
BNNK = "bnnk-lubuklinggau"


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_data_dir, registry) -> Paths:
    """BNNP Sumatera Selatan and all its BNNK for 2022, rendered once for this module."""
    paths = sample_paths(tmp_path_factory.mktemp("report"), sample_data_dir)
    units = [PROVINCE, *registry.children(PROVINCE, YEAR), NATIONAL]
    runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], units=units)
    summary = build(paths, runs, jobs=2)
    assert not summary.failed, summary.failed
    return paths


def _pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils (make test does it as root)")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def _expected_strings(figures: dict) -> list[str]:
    values = [figures["unit_name"], fmt.format_int(figures["cases"]),
              fmt.format_int(figures["suspects"]), fmt.format_int(figures["rehab"]["clients"]),
              fmt.format_int(figures["outreach"]["participants"])]
    values += [fmt.format_quantity(s["quantity"], s["uom"]) for s in figures["seizures"]]
    return values


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", PROVINCE, NATIONAL])
def test_html_and_pdf_show_the_figures_of_the_json(built, unit_id):
    site = built.site_dir / str(YEAR)
    figures = json.loads((site / f"{unit_id}.json").read_text(encoding="utf-8"))
    html = (site / f"{unit_id}.html").read_text(encoding="utf-8")
    pdf = _pdf_text(site / f"{unit_id}.pdf")
    assert (site / f"{unit_id}.pdf").read_bytes().startswith(b"%PDF")
    for text in _expected_strings(figures):
        assert text in html, text
        assert text in pdf, text
    assert any("," in fmt.format_quantity(s["quantity"], s["uom"]) for s in figures["seizures"])


def test_published_html_is_a_report_not_a_notebook(built):
    html = (built.site_dir / str(YEAR) / "bnnk-lubuklinggau.html").read_text(encoding="utf-8")
    assert "In [" not in html and "Report.open" not in html and "unit_id =" not in html
    assert "<table" in html and "<svg" in html or "image/svg+xml" in html
    assert str(built.data_dir) not in html and str(built.outputs_dir) not in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_province_rolls_up_its_bnnk_exactly(built, registry):
    site = built.site_dir / str(YEAR)
    province = json.loads((site / f"{PROVINCE}.json").read_text(encoding="utf-8"))
    children = [json.loads((site / f"{c}.json").read_text(encoding="utf-8"))
                for c in registry.children(PROVINCE, YEAR)]
    for key in ("cases", "suspects"):
        assert province[key] == province["own"][key] + sum(c[key] for c in children)
    for key in province["rehab"]:
        assert province["rehab"][key] == province["own"]["rehab"][key] + sum(
            c["rehab"][key] for c in children)
    assert province["cases"] > province["own"]["cases"]


def test_executed_notebooks_are_kept_without_local_paths(built):
    executed = built.outputs_dir / "notebooks" / str(YEAR) / "bnnk-lubuklinggau.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert json.dumps(nb.metadata).find(str(built.data_dir)) == -1
    assert not (built.outputs_dir / "failed").exists()
    logs = list((built.outputs_dir / "logs").glob("*.jsonl"))
    assert logs and '"status": "ok"' in logs[0].read_text(encoding="utf-8")


def test_notebook_runs_top_to_bottom_with_its_default_parameters(sample_data_dir, monkeypatch):
    """What an analyst gets from "Run All" in JupyterLab."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(sample_data_dir))
    nb = nbformat.read(notebook_path(), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_path().parent)}}).execute()
    markdown = "".join(o.get("data", {}).get("text/markdown", "")
                       for c in nb.cells for o in c.get("outputs", []))
    assert "Lubuklinggau" in markdown and "Ringkasan" in markdown
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


def test_cli_renders_one_unit_where_the_environment_points(sample_data_dir, tmp_path):
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(sample_data_dir),
           "WORKBOOK_OUTPUTS_DIR": str(tmp_path / "out")}
    proc = subprocess.run([sys.executable, "-m", "helpers.cli", "build", "--unit", "16.73",
                           "--year", str(YEAR), "--formats", "html"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "1 report(s) rendered" in proc.stdout
    assert (tmp_path / "out" / "site" / str(YEAR) / "bnnk-lubuklinggau.html").exists()
    assert not (tmp_path / "out" / "site" / str(YEAR) / "bnnk-lubuklinggau.pdf").exists()


def _html(built, unit_id: str, suffix: str = "") -> str:
    return (built.site_dir / str(YEAR) / f"{unit_id}{suffix}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("unit_id", [BNNK, PROVINCE, NATIONAL])
def test_every_section_is_there_in_order_with_alt_text(built, unit_id):
    html = _html(built, unit_id)
    sections = ["Ringkasan Eksekutif", "Pemberantasan", "Rehabilitasi",
                "Pencegahan dan Pemberdayaan Masyarakat", "Capaian Kinerja",
                "Catatan dan Kendala", "Catatan Data"]
    if unit_id != BNNK:
        sections.insert(5, "Perbandingan Satuan Kerja")
    h2 = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert [h for h in h2 if h in sections] == sections
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html.split('id="isi"', 1)[1])]
    assert all(b <= a + 1 for a, b in zip([1, *levels], levels, strict=False)), levels
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 8
    assert all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert "Daftar Isi" in html and "<table" in html


def test_rolled_up_comparison_agrees_with_subunit_json(built, registry):
    site = built.site_dir / str(YEAR)
    national = json.loads((site / f"{NATIONAL}.json").read_text(encoding="utf-8"))
    province = json.loads((site / f"{PROVINCE}.json").read_text(encoding="utf-8"))
    html, pdf = _html(built, NATIONAL), _pdf_text(site / f"{NATIONAL}.pdf")
    rows = {_cells(row)[1]: _cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html,
                                                              re.DOTALL) if len(_cells(row)) > 2}
    assert rows["BNN Provinsi Sumatera Selatan"][2] == fmt.format_int(province["cases"])
    assert rows["Jumlah gabungan"][2] == fmt.format_int(national["cases"])
    assert "(kerja sendiri)" in pdf
    assert national["cases"] > national["own"]["cases"] + province["cases"]


def test_national_report_maps_the_provinces_under_its_caption_and_a_bnnp_does_not(built,
                                                                                   registry):
    caption = "Kasus narkotika per provinsi (angka gabungan BNNP), 2022"
    html = _html(built, NATIONAL)
    figure = re.search(r'<figure>\s*<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"'
                       r" />\s*<figcaption>" + re.escape(caption) + "</figcaption>", html)
    assert figure, "no map image under its caption"
    assert base64.b64decode(figure.group(1)).lstrip().startswith(b"<?xml")
    assert b"<svg" in base64.b64decode(figure.group(1))[:500]
    table = html.index('id="perbandingan-satuan-kerja"')
    assert table < figure.start() < html.index('id="catatan-dan-kendala"')
    # the alt text names first a province with the most cases in the comparison table above
    ranked = [_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html[table:], re.DOTALL)
              if re.fullmatch(r"\d+", (_cells(row) or [""])[0])]
    units = {u.name: u for u in registry.units(YEAR)}
    province = {p.code: p.name for p in load_provinces(bundled_reference_dir())}
    largest = {province[units[row[1]].region_code] for row in ranked if row[2] == ranked[0][2]}
    alt = figure.group(2)
    named = re.search(r"Terbesar: ([^(]+) \(([\d.]+)\)", alt)
    assert named.group(1) in largest and named.group(2) == ranked[0][2]
    assert len(ranked) == 34  # the BNNPs of 2022
    assert alt.endswith("Angka per provinsi: tabel Perbandingan Satuan Kerja di atas.")
    pdf = _pdf_text(built.site_dir / str(YEAR) / f"{NATIONAL}.pdf")
    assert re.search(r"Gambar \d+\. " + re.escape(caption), pdf)
    assert caption not in _html(built, PROVINCE)
    assert caption not in _pdf_text(built.site_dir / str(YEAR) / f"{PROVINCE}.pdf")


@pytest.fixture(scope="module")
def english(tmp_path_factory, sample_data_dir, registry) -> Paths:
    """The BNNK's report with ``language: en``, built on its own."""
    root = tmp_path_factory.mktemp("english")
    paths = Paths(data_dir=sample_data_dir, params_dir=project_root() / "params",
                  outputs_dir=root / "outputs")
    runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], units=[BNNK],
                overrides={"language": "en"})
    summary = build(paths, runs, jobs=1)
    assert not summary.failed, summary.failed
    return paths


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)]


def test_english_report_is_written_beside_the_indonesian_one(english):
    html = _html(english, BNNK, ".en")
    pdf = _pdf_text(english.site_dir / str(YEAR) / f"{BNNK}.en.pdf")
    assert '<html lang="en"' in html
    for text in ("Executive Summary", "In 2022, BNN Kota Lubuklinggau uncovered",
                 "Performance Achievement", "Contents"):
        assert text in html and text in pdf, text
    assert "Pengungkapan kasus sabu" in html  # the analyst's narrative stays as written


def test_pdf_has_cover_contents_and_page_numbers(built):
    pdf = built.site_dir / str(YEAR) / f"{PROVINCE}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "A4" in info or "595.28 x 841.89" in info or "595 x 842" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 8
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True).stdout
    assert "BNN Provinsi Sumatera Selatan" in first and "belum final" in first
    assert "Daftar Isi" in _pdf_text(pdf)


@pytest.fixture(scope="module")
def twice(tmp_path_factory, sample_data_dir, registry):
    """A unit's first year built twice into two output folders with SOURCE_DATE_EPOCH."""
    root = tmp_path_factory.mktemp("repro")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1672444800")  # 31 December 2022, 00:00 UTC
    try:
        for name in ("a", "b"):
            paths = Paths(data_dir=sample_data_dir, params_dir=project_root() / "params",
                          outputs_dir=root / name)
            runs = plan(paths, registry, Store(paths.store_dir), years=[2021],
                        units=["bnnk-ogan-ilir"])
            summary = build(paths, runs, jobs=1)
            assert not summary.failed, summary.failed
    finally:
        mp.undo()
    return root


def test_same_inputs_render_to_the_same_bytes(twice):
    site = Path("site") / "2021"
    for name in ("bnnk-ogan-ilir.html", "bnnk-ogan-ilir.pdf", "bnnk-ogan-ilir.json"):
        a = (twice / "a" / site / name).read_bytes()
        assert a == (twice / "b" / site / name).read_bytes(), name
    figures = json.loads((twice / "a" / site / "bnnk-ogan-ilir.json").read_text())
    assert figures["provenance"]["generated_at"] == "2022-12-31T00:00:00+00:00"
    assert figures["previous"] is None
    html = (twice / "a" / site / "bnnk-ogan-ilir.html").read_text(encoding="utf-8")
    assert "tahun pertama BNN Kabupaten Ogan Ilir" in html and "31 Desember 2022" in html


# -- the year-end figures (asesmen, pemeriksaan, pemberdayaan, P-21, networks, labs, TPPU) ------

def _figures(paths: Paths, unit_id: str) -> dict:
    return json.loads((paths.site_dir / str(YEAR) / f"{unit_id}.json").read_text("utf-8"))


def _text(html: str) -> str:
    """The HTML's text as a reader reads it (tags dropped, entities and spaces as printed)."""
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(" ,", ",").replace(" .", ".").replace(" ;", ";"))


def test_year_end_figures_flow_from_the_rows_into_html_pdf_json_and_site(built):
    f = _figures(built, BNNK)
    a, skhpn, urine, c = (f["assessments"], f["tests"]["skhpn"], f["tests"]["tes_urine"],
                          f["community"])
    assert a["total"] > 0 and skhpn["tested"] > 0 and urine["tested"] > 0 and c["penggiat"] > 0
    i = fmt.format_int
    said = [
        f"melaksanakan asesmen terpadu terhadap {i(a['total'])} orang dengan rekomendasi "
        f"rawat jalan {i(a['rawat_jalan'])} orang",
        f"SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) diterbitkan "
        f"{i(skhpn['tested'])} surat dari target",
        f"terhadap {i(urine['tested'])} orang; {i(urine['positive'])} orang",
        f"membentuk {i(c['relawan'])} relawan dan {i(c['penggiat'])} penggiat P4GN",
        f"{i(f['p21'])} berkas perkara dinyatakan lengkap (P-21)",
        f"{i(f['rehab']['ibm'])} intervensi berbasis masyarakat (IBM)",
    ]
    html = _flat(_text(_html(built, BNNK)))
    pdf = _flat(_pdf_text(built.site_dir / str(YEAR) / f"{BNNK}.pdf"))
    for sentence in said:
        assert sentence in html, sentence
        assert sentence in pdf, sentence
    for heading in ("Hasil pengungkapan", "Asesmen terpadu", "Klien per sumber pembiayaan",
                    "Tes urine", "Pemberdayaan masyarakat"):
        assert heading in html and heading in pdf, heading
    # The site reads the same figures files: BNN RI's overview and the province page.
    national, province = _figures(built, NATIONAL), _figures(built, PROVINCE)
    index = _text((built.site_dir / "index.html").read_text("utf-8"))
    overview = index[index.index("Gambaran nasional"):index.index("Barang bukti disita")]
    assert f"Orang diasesmen terpadu {i(national['assessments']['total'])}" in overview
    assert f"SKHPN diterbitkan {i(national['tests']['skhpn']['tested'])}" in overview
    page = _text((built.site_dir / str(YEAR) / "provinsi" / f"{PROVINCE}.html").read_text(
        "utf-8"))
    assert (f"Penggiat anti narkoba dibentuk {i(province['community']['penggiat'])} "
            f"{i(province['own']['community']['penggiat'])}") in page


def test_a_unit_that_did_not_report_a_year_end_table_says_so_never_zero(built):
    unit = "bnnk-prabumulih"  # the sample's unit that sent neither pemeriksaan nor pemberdayaan
    f = _figures(built, unit)
    assert f["tests"]["skhpn"] == {"tested": None, "positive": None}
    assert set(f["community"].values()) == {None}
    html = _flat(_text(_html(built, unit)))
    pdf = _flat(_pdf_text(built.site_dir / str(YEAR) / f"{unit}.pdf"))
    for text in ("BNN Kota Prabumulih tidak melaporkan kegiatan pemberdayaan masyarakat tahun "
                 "2022.", "Penerbitan SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) "
                 "tidak dilaporkan.", "SKHPN diterbitkan tidak dilaporkan",
                 "BNN Kota Prabumulih tidak melaporkan pemeriksaan (SKHPN dan tes urine) dan "
                 "pemberdayaan masyarakat tahun 2022"):
        assert text in html and text in pdf, text
    # penggiat realised from workshop participants, marked as the proxy it is
    assert "realisasi penggiat dihitung dari peserta workshop penggiat anti narkoba" in html
    province = _flat(_text(_html(built, PROVINCE)))
    assert "BNN Kota Prabumulih tidak melaporkan pemeriksaan" in province
    assert "Pemberdayaan masyarakat: dilaporkan oleh 4 dari 5 satuan kerja" in province


def test_the_english_report_translates_the_year_end_figures(english):
    html = _flat(_text(_html(english, BNNK, ".en")))
    for text in ("gave an integrated assessment (asesmen terpadu) to", "Enforcement results",
                 "Clients per source of funding", "drug test certificates (SKHPN) were issued",
                 "took a urine test in", "Community empowerment", "anti-drug activists"):
        assert text in html, text
    for word in ("Hasil pengungkapan", "tidak dilaporkan", "Asesmen terpadu", "diterbitkan"):
        assert word not in html, word


@pytest.fixture(scope="module")
def old_store(tmp_path_factory, sample_data_dir, registry) -> Paths:
    """A store written before the year-end tables: no asesmen, pemeriksaan or pemberdayaan,
    and cases without the network and lab columns; one BNNK's report built from it."""
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("old")
    source, store = Store(sample_data_dir / "store"), Store(root / "data" / "store")
    for year in (YEAR - 1, YEAR):
        for table in ("cases", "seizures", "rehab", "outreach", "targets"):
            frame = pq.read_table(source.slice_path(table, year, BNNK)).to_pandas()
            frame = frame.drop(columns=["network", "lab"], errors="ignore")
            path = store.slice_path(table, year, BNNK)
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.to_parquet(path, index=False)
    paths = Paths(data_dir=root / "data", params_dir=project_root() / "params",
                  outputs_dir=root / "outputs")
    runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], units=[BNNK])
    summary = build(paths, runs, jobs=1, site=False)
    assert not summary.failed, summary.failed
    return paths


def test_an_old_store_without_the_new_tables_still_renders_and_prints_no_zero(old_store):
    f = _figures(old_store, BNNK)
    assert f["networks"] is None and f["labs"] is None
    assert f["assessments"]["total"] is None and f["tests"]["tes_urine"]["tested"] is None
    assert f["cases"] > 0 and f["rehab"]["clients"] > 0  # the old figures are all there
    html = _flat(_text(_html(old_store, BNNK)))
    pdf = _flat(_pdf_text(old_store.site_dir / str(YEAR) / f"{BNNK}.pdf"))
    for text in ("jaringan narkotika dan laboratorium gelap tidak dilaporkan",
                 "Jaringan narkotika diungkap tidak dilaporkan",
                 "BNN Kota Lubuklinggau tidak melaporkan asesmen terpadu tahun 2022.",
                 "Tes urine tidak dilaporkan.",
                 "Orang yang diasesmen terpadu tidak dilaporkan tidak dilaporkan"):
        assert text in html and text in pdf, text
    assert "Orang yang diasesmen terpadu 0" not in html
