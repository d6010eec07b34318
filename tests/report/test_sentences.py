"""Generated sentences read as correct Indonesian (and English) for zero, one and many."""

from __future__ import annotations

import pytest

from helpers.report import sentences as narrative

LABELS = {("drug", "sabu"): ("Sabu (metamfetamin)", "Crystal methamphetamine"),
          ("drug", "ekstasi"): ("Ekstasi (MDMA)", "Ecstasy (MDMA)"),
          ("service", "rawat_jalan"): ("Rawat jalan", "Outpatient"),
          ("drug", "ganja"): ("Ganja", "Cannabis"),
          ("drug", "cairan"): ("Prekursor cair", "Liquid precursors"),
          ("service", "ibm"): ("Intervensi Berbasis Masyarakat (IBM)",
                               "Community-based intervention (IBM)"),
          ("service", "pasca_rehab"): ("Pasca rehabilitasi", "Aftercare")}


def label_id(field, code):
    return LABELS[(field, code)][0]


def label_en(field, code):
    return LABELS[(field, code)][1]


def figures(cases=2, suspects=2, seizures=None, clients=119, year=2022, previous=None):
    seizures = ([{"drug": "sabu", "quantity": 307.527, "uom": "gram"},
                 {"drug": "ekstasi", "quantity": 10, "uom": "butir"}]
                if seizures is None else seizures)
    return {"year": year, "cases": cases, "suspects": suspects, "seizures": seizures,
            "rehab": {"rawat_jalan": 98, "rawat_inap": 0, "pasca_rehab": 21,
                      "clients": clients},
            "outreach": {"activities": 57, "participants": 23456, "media_reach": 0},
            "previous": previous}


def test_the_issue_sentence_word_for_word():
    assert narrative.enforcement_sentence("BNN Kota Lubuklinggau", 2022, figures(),
                                          label_id) == (
        "Sepanjang tahun 2022, BNN Kota Lubuklinggau mengungkap 2 kasus dengan 2 tersangka dan "
        "menyita 307,527 gram sabu serta 10 butir ekstasi.")


def test_one_case_reads_naturally_in_both_languages():
    f = figures(cases=1, suspects=1, seizures=[{"drug": "sabu", "quantity": 1, "uom": "gram"}])
    assert narrative.enforcement_sentence("BNN X", 2022, f, label_id) == (
        "Sepanjang tahun 2022, BNN X mengungkap 1 kasus dengan 1 tersangka dan menyita "
        "1 gram sabu.")
    assert narrative.enforcement_sentence("BNN X", 2022, f, label_en, "en") == (
        "In 2022, BNN X uncovered 1 case involving 1 suspect and seized 1 gram of crystal "
        "methamphetamine.")


def test_large_seizures_read_as_bnn_ri_writes_them():
    f = figures(cases=3, suspects=4, seizures=[
        {"drug": "sabu", "quantity": 1_902_000.0, "uom": "gram"},
        {"drug": "ganja", "quantity": 3_048_902.711, "uom": "gram"},
        {"drug": "cairan", "quantity": 2_500.0, "uom": "mililiter"}])
    text = narrative.enforcement_sentence("BNN RI", 2024, f, label_id)
    assert "menyita 1,902 ton sabu, 3,049 ton ganja serta 2,5 liter prekursor cair." in text
    assert "3.048.902,711" not in text
    en = narrative.enforcement_sentence("BNN RI", 2024, f, label_en, "en")
    assert "1.902 tons of crystal methamphetamine, 3.049 tons of cannabis and 2.5 litres" in en


def test_ibm_clients_are_named_as_a_service_with_its_acronym():
    rehab = {"rawat_jalan": 25, "rawat_inap": 0, "ibm": 10, "pasca_rehab": 15, "clients": 50}
    assert narrative.rehab_sentence("BNN Kabupaten Bone Bolango", 2024, rehab, label_id) == (
        "Pada tahun 2024, BNN Kabupaten Bone Bolango melayani 50 klien rehabilitasi (25 rawat "
        "jalan, 10 intervensi berbasis masyarakat (IBM) serta 15 pasca rehabilitasi); setiap "
        "klien dihitung sekali.")
    assert "10 community-based intervention (IBM) and 15 aftercare" in narrative.rehab_sentence(
        "X", 2024, rehab, label_en, "en")


def test_many_cases_are_plural_in_english():
    text = narrative.enforcement_sentence("BNN X", 2022, figures(cases=3, suspects=4),
                                          label_en, "en")
    assert "3 cases involving 4 suspects" in text
    assert "307.527 grams of crystal methamphetamine and 10 tablets of ecstasy" in text


def test_zero_cases_has_its_own_sentence():
    f = figures(cases=0, suspects=0, seizures=[])
    assert narrative.enforcement_sentence("BNN X", 2022, f, label_id) == (
        "Sepanjang tahun 2022, BNN X tidak mencatat pengungkapan kasus narkotika.")
    assert narrative.enforcement_sentence("BNN X", 2022, f, label_en, "en") == (
        "In 2022, BNN X recorded no drug cases.")


def test_cases_without_seizures_say_so():
    text = narrative.enforcement_sentence("BNN X", 2022, figures(seizures=[]), label_id)
    assert text.endswith("dengan 2 tersangka; tidak ada barang bukti yang disita.")


@pytest.mark.parametrize(("clients", "expected"), [
    (0, "Pada tahun 2022 tidak ada klien rehabilitasi yang tercatat di BNN X."),
    (1, "Pada tahun 2022, BNN X melayani 1 klien rehabilitasi (98 rawat jalan serta 21 pasca "
        "rehabilitasi); setiap klien dihitung sekali."),
])
def test_rehab_sentence_for_zero_and_one(clients, expected):
    rehab = figures(clients=clients)["rehab"]
    assert narrative.rehab_sentence("BNN X", 2022, rehab, label_id) == expected


def test_outreach_keeps_media_reach_apart():
    o = {"activities": 1, "participants": 0, "media_reach": 5000}
    assert narrative.outreach_sentence("BNN X", 2022, o) == (
        "Pada tahun 2022, BNN X menyelenggarakan 1 kegiatan pencegahan dan pemberdayaan "
        "masyarakat; penyebaran informasi melalui media menjangkau 5.000 orang.")
    none = {"activities": 0, "participants": 0, "media_reach": 0}
    assert "tidak ada kegiatan" in narrative.outreach_sentence("BNN X", 2022, none)
    assert "1 prevention activity meeting 1 participant" in narrative.outreach_sentence(
        "BNN X", 2022, {"activities": 1, "participants": 1, "media_reach": 0}, "en")


@pytest.mark.parametrize(("now", "before", "lang", "cell"), [
    (25, 20, "id", "▲ +5 (+25,0%)"),
    (18, 20, "id", "▼ −2 (−10,0%)"),
    (20, 20, "id", "= 0"),
    (3, 0, "id", "▲ +3 (tahun lalu 0)"),
    (3, 0, "en", "▲ +3 (0 last year)"),
    (0, 0, "id", "= 0"),
    (5, None, "id", "–"),
    (1234, 1000, "en", "▲ +234 (+23.4%)"),
])
def test_change_cell_with_zero_base_and_no_base(now, before, lang, cell):
    assert narrative.change_cell(now, before, lang) == cell


def test_change_sentence_first_year_and_missing_previous_year():
    f = figures()
    assert "tahun pertama BNN X" in narrative.change_sentence("BNN X", f, first_year=True)
    assert "tidak tersedia" in narrative.change_sentence("BNN X", f, first_year=False)
    prev = {**figures(cases=0, clients=119), "year": 2021}
    prev["outreach"] = {"activities": 1, "participants": 100, "media_reach": 0}
    text = narrative.change_sentence("BNN X", figures(previous=prev), first_year=False)
    assert text == ("Dibandingkan tahun 2021, jumlah kasus naik dari 0 menjadi 2, jumlah klien "
                    "rehabilitasi tetap 119 serta jumlah peserta P2M naik dari 100 menjadi "
                    "23.456 (23.356,0%).")


def test_achievement_sentence():
    assert narrative.achievement_sentence(2, 3) == (
        "2 dari 3 indikator kinerja mencapai atau melampaui targetnya.")
    assert narrative.achievement_sentence(1, 1, "en") == (
        "1 of 1 performance indicator met or exceeded the target.")
    assert "Tidak ada target" in narrative.achievement_sentence(0, 0)
