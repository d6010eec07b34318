"""The year's pages from the data folder: publication and corrections (Ralat), the data
office's page, and the national map — with the overview and the map drawn only when what they
show changed."""

from __future__ import annotations

import re

from helpers.site import write_site
from helpers.store.publications import write_record
from site_support import write_synthetic

RECORD = {
    "year": 2022, "published_on": "2022-12-30",
    "reports": {"bnnk-lubuklinggau": {"figures": {"cases": 6}}},
    "corrections": [{"on": "2023-01-16", "note": "Satu LKN terlambat <dilaporkan>",
                     "changes": [{"unit_id": "bnnk-lubuklinggau", "figure": "cases",
                                  "published": 6, "new": 7},
                                 {"unit_id": "bnnk-lubuklinggau", "figure": "own.cases",
                                  "published": 6, "new": 7},
                                 {"unit_id": "bnnk-lubuklinggau",
                                  "figure": "tests.tes_urine.positive", "published": 3,
                                  "new": 4}]}],
}


def test_corrections_page_lists_each_ralat_and_the_year_page_says_published(
        tmp_path, sample_data_dir, registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "store").symlink_to(sample_data_dir / "store")
    write_record(data_dir, RECORD)
    write_site(site, registry, data_dir=data_dir)
    ralat = (site / "2022" / "ralat.html").read_text(encoding="utf-8")
    assert "Angka tahun 2022 diterbitkan 30 Desember 2022." in ralat
    assert "Ralat 16 Januari 2023" in ralat
    assert "Satu LKN terlambat &lt;dilaporkan&gt;" in ralat  # text, never markup
    assert '<a href="../2022/bnnk-lubuklinggau.html">BNN Kota Lubuklinggau</a>' in ralat
    assert ralat.count("own.cases") == 0  # a BNNK's own figures repeat its figures
    # each figure in the Ralat box's own words, never its path in the figures file
    assert "<td>Kasus narkotika diungkap</td>" in ralat
    assert "<td>Orang yang dites urine — Positif</td>" in ralat
    assert "tes_urine" not in ralat
    english = (site / "2022" / "ralat.en.html").read_text(encoding="utf-8")
    assert "Correction of 16 January 2023" in english
    assert "<td>Drug cases uncovered</td>" in english
    assert "<td>People given a urine test — Positive</td>" in english
    year_page = (site / "2022" / "index.html").read_text(encoding="utf-8")
    assert "diterbitkan 30 Desember 2022. 1 ralat." in year_page
    assert 'href="../2022/ralat.html"' in year_page
    assert 'href="../2022/kantor-data.html"' in year_page


def test_an_unpublished_year_says_so(tmp_path, sample_data_dir, registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry, data_dir=sample_data_dir)
    assert "belum diterbitkan resmi" in (site / "2022" / "ralat.html").read_text(
        encoding="utf-8")


def test_the_data_office_page_names_units_tables_and_flags(tmp_path, sample_data_dir,
                                                           registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry, data_dir=sample_data_dir)
    office = (site / "2022" / "kantor-data.html").read_text(encoding="utf-8")
    assert "Kantor data 2022" in office and "BNN Kota Lubuklinggau" in office
    assert ">kasus<" in office and ">barang_bukti<" in office  # the form's sheet names
    cache = site / "2022" / "kantor-data.json"
    before = cache.stat().st_mtime_ns
    write_site(site, registry, data_dir=sample_data_dir)  # nothing changed: not recomputed
    assert cache.stat().st_mtime_ns == before


def test_the_map_is_drawn_once_and_replaced_when_its_figures_change(tmp_path, sample_data_dir,
                                                                     registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry, data_dir=sample_data_dir)
    (first,) = (site / "2022").glob("peta-*.svg")
    year_page = (site / "2022" / "index.html").read_text(encoding="utf-8")
    assert f'src="../2022/{first.name}"' in year_page
    alt = re.search(r'<img src="[^"]*peta-[^"]*" alt="([^"]+)"', year_page).group(1)
    assert alt.startswith("Peta provinsi Indonesia: kasus per provinsi")
    mtime = first.stat().st_mtime_ns
    write_site(site, registry, data_dir=sample_data_dir)
    assert first.stat().st_mtime_ns == mtime  # unchanged figures: not drawn again
    (site / "2022" / "bnnp-sumsel.json").unlink()
    write_site(site, registry, data_dir=sample_data_dir)
    (second,) = (site / "2022").glob("peta-*.svg")
    assert second.name != first.name


def test_without_a_data_folder_the_site_has_no_extra_pages(tmp_path, registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry)
    assert not (site / "2022" / "ralat.html").exists()
    assert "kantor-data" not in (site / "2022" / "index.html").read_text(encoding="utf-8")


def test_years_computed_together_are_the_years_computed_alone(tmp_path, sample_data_dir,
                                                                registry):
    """The site computes every stale year's overview at once (each year's rows read once);
    each is what that year computed alone shows, flags included, and is kept for the next."""
    from helpers.site.office import OVERVIEW_FILE, office_overview, office_overviews

    years = [2020, 2021, 2022]
    together = office_overviews(sample_data_dir, registry, years, tmp_path / "together")
    alone = {y: office_overview(sample_data_dir, registry, y, tmp_path / f"alone-{y}")
             for y in years}
    assert together == alone
    assert sorted(together) == years and all(together[y]["units"] for y in years)
    assert all((tmp_path / "together" / str(y) / OVERVIEW_FILE).exists() for y in years)
