"""Publication and corrections: a published report says when, and a corrected one shows its
Ralat (what changed, when, why) at the top of the summary; an unpublished one shows nothing."""

from __future__ import annotations

import pytest

from helpers.report.figure_names import figure_name
from helpers.report.params import ParamsError
from helpers.report.report import Report
from helpers.report.sections import corrections, summary

PUBLICATION = {
    "published_on": "2022-12-30",
    "corrections": [{
        "on": "2023-01-16", "note": "Data BNNK direvisi: satu LKN tercatat dua kali *",
        "changes": [
            {"unit_id": "bnnk-lubuklinggau", "figure": "cases", "published": 7, "new": 6},
            {"unit_id": "bnnk-lubuklinggau", "figure": "own.cases", "published": 7, "new": 6},
            {"unit_id": "bnnk-lubuklinggau", "figure": "seizures.sabu.gram",
             "published": 12.5, "new": 1250.25},
            {"unit_id": "bnnk-lubuklinggau", "figure": "previous.suspects", "published": 9,
             "new": None},
        ],
    }],
}


def _open(paths, **given) -> Report:
    return Report.open("bnnk-lubuklinggau", 2022, data_dir=paths.data_dir,
                       params_dir=paths.params_dir, **given)


def test_an_unpublished_report_says_nothing_and_is_a_draft(paths):
    report = _open(paths)
    assert corrections.notes(report) == ""
    assert report.published_on is None


def test_a_correction_box_names_date_reason_and_each_figure(paths):
    report = _open(paths, publication=PUBLICATION)
    text = summary.section(report).data
    assert "*Diterbitkan 30 Desember 2022.*" in text
    box = [ln for ln in text.splitlines() if ln.startswith(">")]
    assert box[0].startswith("> **Ralat — 16 Januari 2023.** Data BNNK direvisi: satu LKN")
    assert box[0].endswith("dua kali \\*")  # the note is text, never markup
    assert box[2] == ("> Angka yang diperbaiki: Kasus narkotika diungkap: 7 → 6; Sabu "
                      "(metamfetamin), gram: 12,5 → 1.250,25; Tersangka tahun 2021: 9 → —.")
    assert "satuan kerja sendiri" not in box[2]  # a BNNK's own figures are its figures
    assert text.index("Ralat") < text.index(report.t("figure"))


def test_in_english_the_box_is_a_correction(paths):
    report = _open(paths, publication=PUBLICATION, language="en")
    text = corrections.notes(report)
    assert "*Published 30 December 2022.*" in text
    assert "**Correction — 16 January 2023.**" in text and "Figures corrected:" in text


def test_a_params_file_cannot_publish_or_correct(paths):
    (paths.params_dir / "2022" / "bnnk-lubuklinggau.yaml").write_text(
        "publication:\n  published_on: '2022-12-30'\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="publication"):
        _open(paths)


def test_every_corrected_figure_is_named_in_words_as_on_the_site(paths):
    changed = ["assessments.total", "community.relawan", "tests.skhpn.tested",
               "rehab.rawat_jalan", "p21", "tppu", "assets_rp", "networks", "labs",
               "previous.tests.tes_urine.positive"]
    publication = {"published_on": "2022-12-30", "corrections": [{
        "on": "2023-01-16", "note": "Revisi",
        "changes": [{"unit_id": "bnnk-lubuklinggau", "figure": f, "published": 1, "new": 2}
                    for f in changed]}]}
    for lang, expected in (
            ("id", "> Angka yang diperbaiki: Orang yang diasesmen terpadu: 1 → 2; Relawan anti "
                   "narkoba dibentuk: 1 → 2; SKHPN diterbitkan: 1 → 2; Klien rehabilitasi — "
                   "Rawat jalan: 1 → 2; Berkas perkara lengkap (P-21): 1 → 2; Kasus tindak "
                   "pidana pencucian uang (TPPU): 1 → 2; Aset disita (rupiah): 1 → 2; Jaringan "
                   "narkotika diungkap: 1 → 2; Laboratorium gelap ditemukan: 1 → 2; Orang yang "
                   "dites urine — Positif tahun 2021: 1 → 2."),
            ("en", "> Figures corrected: People given an integrated assessment: 1 → 2; "
                   "Anti-drug volunteers formed: 1 → 2; SKHPN issued: 1 → 2; Rehabilitation "
                   "clients — Outpatient: 1 → 2; Case files declared complete (P-21): 1 → 2; "
                   "Money-laundering (TPPU) cases: 1 → 2; Assets seized (rupiah): 1 → 2; Drug "
                   "networks uncovered: 1 → 2; Clandestine laboratories found: 1 → 2; People "
                   "given a urine test — Positive in 2021: 1 → 2.")):
        report = _open(paths, publication=publication, language=lang)
        box = [ln for ln in corrections.notes(report).splitlines() if ln.startswith(">")]
        assert box[2] == expected
        # the site's corrections page asks the same function
        assert all(corrections.figure_label(report, f) == figure_name(f, lang, 2022, report.vocab)
                   for f in changed)
