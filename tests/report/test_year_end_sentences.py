"""The year-end sentences read as a Kepala BNNK reads them out, in both languages, and a figure
the unit did not report is said to be so, never 0."""

from __future__ import annotations

import pytest

from helpers.report import year_end_sentences as ye

RECOMMENDATIONS = {"rawat_jalan": ("Rawat jalan", "Outpatient treatment"),
                   "rawat_inap": ("Rawat inap", "Inpatient treatment"),
                   "proses_hukum": ("Proses hukum", "Legal process")}


def label_id(field, code):
    return RECOMMENDATIONS[code][0]


def label_en(field, code):
    return RECOMMENDATIONS[code][1]


WAY_KANAN = {"total": 46, "rawat_jalan": 33, "rawat_inap": 6, "proses_hukum": 7}
NOT_REPORTED = {"total": None, "rawat_jalan": None, "rawat_inap": None, "proses_hukum": None}


def test_the_assessment_sentence_word_for_word():
    assert ye.assessment_sentence("BNN Kabupaten Way Kanan", 2024, WAY_KANAN, label_id) == (
        "Sepanjang tahun 2024, BNN Kabupaten Way Kanan melaksanakan asesmen terpadu terhadap 46 "
        "orang dengan rekomendasi rawat jalan 33 orang, rawat inap 6 orang dan proses hukum 7 "
        "orang.")
    assert ye.assessment_sentence("BNN X", 2024, WAY_KANAN, label_en, "en") == (
        "In 2024, BNN X gave an integrated assessment (asesmen terpadu) to 46 people, "
        "recommending outpatient treatment for 33, inpatient treatment for 6 and legal process "
        "for 7.")
    one = {"total": 1, "rawat_jalan": 1, "rawat_inap": 0, "proses_hukum": 0}
    assert "to 1 person, recommending outpatient treatment for 1." in ye.assessment_sentence(
        "BNN X", 2024, one, label_en, "en")  # a recommendation no one got is left out


def test_not_reported_and_none_are_different_sentences():
    assert ye.assessment_sentence("BNN X", 2024, NOT_REPORTED, label_id) == (
        "BNN X tidak melaporkan asesmen terpadu tahun 2024.")
    zero = dict.fromkeys(WAY_KANAN, 0)
    assert ye.assessment_sentence("BNN X", 2024, zero, label_id) == (
        "Pada tahun 2024, BNN X tidak melaksanakan asesmen terpadu.")
    assert ye.skhpn_sentence({"tested": None, "positive": None}) == (
        "Penerbitan SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) tidak dilaporkan.")
    assert ye.urine_test_sentence({"tested": None, "positive": None}, 0, "en") == (
        "Urine tests were not reported.")
    assert ye.community_sentence("BNN X", 2024, dict.fromkeys(ye.COMMUNITY_WORDS), "id") == (
        "BNN X tidak melaporkan kegiatan pemberdayaan masyarakat tahun 2024.")
    assert "recorded no activists" in ye.community_sentence(
        "BNN X", 2024, dict.fromkeys(ye.COMMUNITY_WORDS, 0), "en")


@pytest.mark.parametrize(("target", "lang", "expected"), [
    (350, "id", "SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) diterbitkan 333 surat "
                "dari target 350 (95,1%); hasil pemeriksaan positif pada 2 pemohon (0,6%)."),
    (None, "id", "SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) diterbitkan 333 surat; "
                 "hasil pemeriksaan positif pada 2 pemohon (0,6%)."),
    (350, "en", "333 drug test certificates (SKHPN) were issued against a target of 350 "
                "(95.1%); 2 (0.6%) showed a positive result."),
    (0, "en", "333 drug test certificates (SKHPN) were issued against a target of 0; 2 (0.6%) "
              "showed a positive result.")])
def test_skhpn_against_its_target(target, lang, expected):
    assert ye.skhpn_sentence({"tested": 333, "positive": 2}, target, lang) == expected


def test_community_sentence_shares_a_verb_between_neighbours():
    kendal = {"penggiat": 328, "relawan": 515, "desa_bersinar": 0, "sekolah_bersinar": 51,
              "ibm_lembaga": 1, "kerja_sama": 2}
    assert ye.community_sentence("BNN Kabupaten Kendal", 2024, kendal) == (
        "Sepanjang tahun 2024, BNN Kabupaten Kendal membentuk 515 relawan dan 328 penggiat "
        "P4GN, menetapkan 51 Sekolah Bersinar, membentuk 1 lembaga rehabilitasi Intervensi "
        "Berbasis Masyarakat (IBM) serta menandatangani 2 perjanjian kerja sama.")
    assert ye.community_sentence("BNN X", 2024, {**kendal, "relawan": 1}, "en").startswith(
        "In 2024, BNN X formed 1 volunteer and 328 anti-drug activists (penggiat), designated "
        "51 drug-free schools (Sekolah Bersinar), set up 1 community-based rehabilitation (IBM) "
        "institution and signed 2 cooperation agreements.")


def test_urine_tests_in_both_languages():
    urine = {"tested": 1505, "positive": 26}
    assert ye.urine_test_sentence(urine, 21) == (
        "Tes urine dilaksanakan dalam 21 kegiatan terhadap 1.505 orang; 26 orang (1,7%) di "
        "antaranya positif.")
    assert ye.urine_test_sentence(urine, 1, "en") == (
        "1,505 people took a urine test in 1 test event; 26 (1.7%) tested positive.")
    assert ye.urine_test_sentence({"tested": 0, "positive": 0}, 0) == (
        "Tidak ada tes urine yang tercatat.")


def test_enforcement_details_name_p21_networks_labs_and_tppu_assets_in_rupiah():
    f = {"cases": 6, "p21": 4, "tppu": 2, "assets_rp": 648_734_500, "networks": 1, "labs": 0}
    assert ye.enforcement_details_sentence(f) == (
        "Dari pengungkapan tersebut, 4 berkas perkara dinyatakan lengkap (P-21); 1 jaringan "
        "narkotika diungkap dan tidak ada laboratorium gelap yang ditemukan; 2 kasus tindak "
        "pidana pencucian uang (TPPU) diungkap dengan aset disita senilai Rp648.734.500.")
    assert ye.enforcement_details_sentence({**f, "labs": 2}, "en") == (
        "Of these cases, 4 case files were declared complete (P-21); 1 drug network was "
        "uncovered and 2 clandestine laboratories were found; 2 money-laundering (TPPU) cases "
        "were uncovered, with assets of IDR 648,734,500 seized.")
    old = {**f, "networks": None, "labs": None, "tppu": 0, "assets_rp": 0}
    assert ("jaringan narkotika dan laboratorium gelap tidak dilaporkan; tidak ada kasus tindak "
            "pidana pencucian uang (TPPU) yang diungkap.") in ye.enforcement_details_sentence(old)
    nothing = {"cases": 0, "p21": 0, "tppu": 0, "assets_rp": 0, "networks": None, "labs": None}
    assert ye.enforcement_details_sentence(nothing) == ""  # "no case" says it all
