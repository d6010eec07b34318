"""The report's sections on the sample store, read as leadership would read them: an empty
pillar, a unit's first year, a single case, English, the analyst's text and the sign-off."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers.reference import registry as registry_module
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.report import charts
from helpers.report import params as params_module
from helpers.report.mimetypes import META_MIME
from helpers.report.report import Report, warm_up


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def test_a_unit_with_no_enforcement_says_so(paths):
    r = _open(paths, "bnnk-palembang", 2022)
    text = r.enforcement().data
    assert "BNN Kota Palembang tidak mencatat pengungkapan kasus narkotika." in text
    assert "Tidak ada barang bukti yang disita pada tahun ini." in r.seizures().data
    assert "| **Jumlah** | **0** | **0** |" in text


def test_first_year_has_no_change_column_and_says_why(paths):
    r = _open(paths, "bnnk-ogan-ilir", 2021)
    text = r.summary().data
    assert r.figures["previous"] is None
    assert "tahun pertama BNN Kabupaten Ogan Ilir" in text
    assert "Perubahan" not in text and "▲" not in text
    assert "| Tahun |" in r.trend().data and "| 2021 |" in r.trend().data


def test_a_single_case_reads_naturally(paths):
    r = _open(paths, "bnnk-ogan-ilir", 2022)
    assert r.figures["cases"] == 1
    assert "mengungkap 1 kasus dengan 1 tersangka" in r.summary().data
    assert "Perubahan dari 2021" in r.summary().data


def test_missing_table_is_a_caveat_and_an_empty_section(paths):
    r = _open(paths, "bnnk-palembang", 2021)
    assert "Tidak ada kegiatan yang tercatat." in r.outreach().data
    notes = r.provenance().data
    assert "BNN Kota Palembang: tabel P2M tidak tersedia untuk tahun 2021." in notes


def test_breakdown_tables_never_show_a_small_number(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    tables = (r.rehab_month_table().data + r.rehab_tables().data + r.assessment().data
              + r.urine_tests().data)
    sections = tables.split("### ")[1:]
    assert len(sections) >= 10
    for section in sections:
        for cell in re.findall(r"\| ([^|*]+?) \|\n", section):
            assert cell.strip() not in {"1", "2", "3", "4"}, section


def test_rehab_month_chart_draws_no_suppressed_value(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnk-lubuklinggau", 2022, suppression_threshold=50)
    r.rehab_month_chart()
    assert "<50" in shown[0]
    assert not re.search(r": [1-4]\b", shown[0])


def test_english_rendering_translates_sections_and_sentences(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    summary = r.summary().data
    assert summary.startswith("## Executive Summary")
    assert "In 2022, BNN Kota Lubuklinggau uncovered" in summary
    assert "Compared with 2021" in summary
    assert "## Performance Achievement" in r.kinerja().data
    assert "## Rehabilitation" in r.rehab().data


def test_draft_and_final_sign_off(paths):
    signatory = {"name": "Drs. Budi", "title": "Kepala", "place": "Lubuklinggau"}
    draft = _open(paths, "bnnk-lubuklinggau", 2022, status="draft", signatory=signatory)
    final = _open(paths, "bnnk-lubuklinggau", 2022, status="final", signatory=signatory)
    assert "**DRAF** — laporan ini belum final" in draft.narrative().data
    text = final.narrative().data
    assert "DRAF" not in text and "**Drs. Budi**" in text and "Lubuklinggau, " in text
    english = _open(paths, "bnnk-lubuklinggau", 2022, status="draft", language="en")
    assert "**DRAFT** — this report is not final" in english.narrative().data


def test_no_narrative_gives_a_neutral_line(paths):
    r = _open(paths, "bnnk-palembang", 2022)
    assert "Satuan kerja tidak menyampaikan catatan untuk tahun ini." in r.narrative().data


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_kinerja_counts_come_from_own_figures(paths, unit_id):
    r = _open(paths, unit_id, 2022)
    by = {a.indicator: a for a in r.achievements()}
    assert by["kasus"].realisation == r.figures["own"]["cases"]
    assert by["rehab"].realisation == r.figures["own"]["rehab"]["clients"]


def test_province_compares_its_subunits_and_a_bnnk_does_not(paths):
    province = _open(paths, "bnnp-sumsel", 2022).subunits().data
    assert "BNN Kota Lubuklinggau" in province and "(kerja sendiri)" in province
    assert "**Jumlah gabungan**" in province
    assert _open(paths, "bnnk-lubuklinggau", 2022).subunits().data == ""


def test_publish_hands_the_renderer_the_page_s_navigation(paths, monkeypatch):
    shown = []
    monkeypatch.setattr("helpers.report.report.display", lambda data, raw: shown.append(data))
    (paths.params_dir / "2021").mkdir(exist_ok=True)
    (paths.params_dir / "2021" / "bnnk-ogan-ilir.yaml").write_text(
        "bilingual: true\nsite_url: https://laporan.bnn.go.id/tahunan\n", encoding="utf-8")
    _open(paths, "bnnk-ogan-ilir", 2021).publish()
    nav = next(data for data in shown if META_MIME in data)[META_MIME]["navigation"]
    # the sample store holds 2020-2022; Ogan Ilir exists from 2021
    assert [(y["label"], y["href"], y["current"]) for y in nav["years"]] == [
        ("2021", "bnnk-ogan-ilir.html", True), ("2022", "../2022/bnnk-ogan-ilir.html", False)]
    assert [c["href"] for c in nav["crumbs"]] == [
        "../index.html", "index.html", "provinsi/bnnp-sumsel.html", "bnnk-ogan-ilir.html"]
    assert nav["languages"][0]["href"] == "bnnk-ogan-ilir.en.html"
    assert nav["url"] == "https://laporan.bnn.go.id/tahunan/2021/bnnk-ogan-ilir.html"
    shown.clear()
    _open(paths, "bnnk-ogan-ilir", 2022).publish()  # the defaults: one language, no address
    nav = shown[0][META_MIME]["navigation"]
    assert nav["languages"] == [] and nav["url"] is None


def test_an_english_report_links_only_the_years_published_in_english(paths):
    """2022 is bilingual, 2021 is not: 2022's English page must not link a 2021 English report
    the build never makes; once 2021 is bilingual too, it does. The Bahasa Indonesia page links
    every year (each year's is built)."""
    (paths.params_dir / "2022").mkdir(exist_ok=True)
    (paths.params_dir / "2022" / "bnnk-ogan-ilir.yaml").write_text("bilingual: true\n",
                                                                   encoding="utf-8")

    def years(lang: str) -> list[str]:
        nav = _open(paths, "bnnk-ogan-ilir", 2022, language=lang).navigation()
        return [link.href for link in nav.years]

    assert years("en") == ["bnnk-ogan-ilir.en.html"]
    assert years("id") == ["../2021/bnnk-ogan-ilir.html", "bnnk-ogan-ilir.html"]
    (paths.params_dir / "2021").mkdir(exist_ok=True)
    (paths.params_dir / "2021" / "bnnk-ogan-ilir.yaml").write_text("bilingual: true\n",
                                                                   encoding="utf-8")
    assert years("en") == ["../2021/bnnk-ogan-ilir.en.html", "bnnk-ogan-ilir.en.html"]


def test_a_report_lists_the_store_s_years_once_and_reads_a_bnnk_s_rows_once(paths,
                                                                           monkeypatch):
    from helpers.store.slices import Store

    listings, reads = [], []
    years, read = Store.years, Store.read
    monkeypatch.setattr(Store, "years", lambda self, *a: listings.append(a) or years(self, *a))
    monkeypatch.setattr(Store, "read", lambda self, table, year, units: reads.append(
        (table, year, tuple(units))) or read(self, table, year, units))
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    r.publish()
    r.trend()
    assert len(listings) == 1
    # Own and rolled are the same unit: one read of each table, shared.
    assert r.own_frames is r.frames
    assert len(reads) == len(set(reads)) == 8
    assert r.figures["previous"]["year"] == 2021 and r.navigation().years
    province = _open(paths, "bnnp-sumsel", 2022)
    assert province.own_frames.unit_ids == ("bnnp-sumsel",)
    assert len(province.frames.unit_ids) > 1


def test_the_fork_server_s_warm_up_reads_the_registry_and_params_defaults_kernels_open(
        tmp_path, monkeypatch):
    """What every report opens first is read before the kernels fork: a kernel then finds
    the registry and the params defaults in their per-version memos (and a changed file is
    read again: tests/reference/test_registry.py)."""
    data, params = tmp_path / "data", tmp_path / "params"
    shutil.copytree(bundled_reference_dir(), data / "reference")
    (params / "2023").mkdir(parents=True)
    (params / "defaults.yaml").write_text("status: final\n", encoding="utf-8")
    (params / "2023" / "defaults.yaml").write_text("suppression_threshold: 7\n",
                                                   encoding="utf-8")
    monkeypatch.setattr(registry_module, "SETTLED_NS", 0)  # as if the files were 2 s old
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    monkeypatch.setenv("WORKBOOK_PARAMS_DIR", str(params))
    params_module._read_version.cache_clear()
    warm_up()
    before = params_module._read_version.cache_info()
    assert before.currsize == 2
    hits = registry_module._load_version.cache_info().hits
    assert Registry.load(data / "reference") is Registry.load(data / "reference")
    assert registry_module._load_version.cache_info().hits == hits + 2  # neither read again
    merged = params_module.load_params(params, 2023, "bnnk-lubuklinggau", {})
    assert (merged["status"], merged["suppression_threshold"]) == ("final", 7)
    assert params_module._read_version.cache_info().hits == before.hits + 2


def test_a_warm_up_that_cannot_read_the_data_leaves_it_to_the_kernels(tmp_path, monkeypatch):
    """The fork-server must start whatever the data holds: a broken registry or params file
    costs the warm-up its memo, and each report then says what is wrong."""
    (tmp_path / "data" / "reference").mkdir(parents=True)
    (tmp_path / "data" / "reference" / "units.csv").write_text("no,header\n", encoding="utf-8")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "defaults.yaml").write_text("status: [\n", encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBOOK_PARAMS_DIR", str(tmp_path / "params"))
    warm_up()
