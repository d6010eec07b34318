"""Every figure of a real figures file has a reader's name in both languages, taken from the
report's own wording; the Ralat box and the site's corrections page name figures the same way."""

from __future__ import annotations

import re

import pytest

from helpers.reference.vocab import load_vocab
from helpers.report.figure_names import figure_name
from helpers.stats.published import flat_figures
from helpers.stats.report_figures import report_figures

#: A raw figures-file path: a dotted key or a slug with an underscore (``tests.skhpn.tested``,
#: ``assets_rp``, ``p21``).
RAW = re.compile(r"[._]|^[a-z0-9]+$")


@pytest.mark.parametrize(("unit_id", "year"), [
    ("bnnp-sumsel", 2022),  # rolled up, own and previous figures, every kind of seizure
    ("bnnk-lubuklinggau", 2020),  # the store's first year: no previous figures at all
])
def test_every_figure_of_a_real_figures_file_has_a_name_in_both_languages(
        sample_store, registry, unit_id, year):
    figures = flat_figures(report_figures(sample_store, registry, unit_id, year,
                                          parameters={}))
    assert {"assessments.total", "tests.skhpn.tested", "community.relawan", "p21", "tppu",
            "assets_rp", "networks", "labs", "rehab.rawat_jalan"} <= set(figures)
    vocab = load_vocab()
    for lang in ("id", "en"):
        names = {path: figure_name(path, lang, year, vocab) for path in figures}
        raw = {path: name for path, name in names.items() if RAW.search(name)}
        assert not raw, (lang, raw)
        assert len(set(names.values())) == len(names), lang  # no two figures read alike


def test_names_are_the_report_s_own_words():
    vocab = load_vocab()
    assert [figure_name(path, "id", 2024, vocab) for path in (
        "p21", "assets_rp", "rehab.rawat_jalan", "assessments.total",
        "assessments.proses_hukum", "tests.skhpn.tested", "tests.tes_urine.positive",
        "community.desa_bersinar", "reporting_units.tests", "seizures.ekstasi.butir",
        "own.community.relawan", "previous.tests.tes_urine.tested", "previous")] == [
        "Berkas perkara lengkap (P-21)", "Aset disita (rupiah)",
        "Klien rehabilitasi — Rawat jalan", "Orang yang diasesmen terpadu",
        "Orang yang diasesmen terpadu — Proses hukum", "SKHPN diterbitkan",
        "Orang yang dites urine — Positif", "Desa/Kelurahan Bersinar ditetapkan",
        "Satuan kerja yang melaporkan — Pemeriksaan", "Ekstasi (MDMA), butir",
        "Relawan anti narkoba dibentuk (satuan kerja sendiri)",
        "Orang yang dites urine tahun 2023", "Angka tahun 2023"]
    assert [figure_name(path, "en", 2024, vocab) for path in (
        "tppu", "rehab.ibm", "tests.skhpn.positive", "seizures.ekstasi.butir",
        "own.community.kerja_sama")] == [
        "Money-laundering (TPPU) cases",
        "Rehabilitation clients — Community-based intervention (IBM)",
        "SKHPN issued — Positive", "Ecstasy (MDMA), tablet",
        "Cooperation agreements signed (the unit itself)"]


def test_a_figure_it_does_not_know_stays_its_path_so_the_test_above_catches_it():
    assert figure_name("kinerja_baru.total", "id", 2024, load_vocab()) == "kinerja_baru.total"
