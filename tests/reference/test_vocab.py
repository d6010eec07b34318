"""Vocabularies: bundled reference data, normalisation, unit conversion, extension by CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.reference.vocab import DEFAULT_REFERENCE_DIR, VocabError, clear_cache, load_vocab


@pytest.fixture()
def vocab():
    return load_vocab()


def test_drugs_in_report_order_with_their_units(vocab):
    assert vocab.drugs == [
        "sabu", "ganja", "ekstasi", "tembakau_sintetis", "kokain", "heroin", "psikotropika",
        "cairan",
    ]  # fmt: skip
    assert vocab.allowed_uoms("ganja") == ("gram", "batang")
    assert vocab.allowed_uoms("ekstasi") == ("butir", "gram")
    assert vocab.allowed_uoms("cairan") == ("mililiter",)


def test_codes_follow_sort_column(vocab):
    assert vocab.codes("service") == ["rawat_jalan", "rawat_inap", "ibm", "pasca_rehab"]
    assert vocab.codes("status") == ["berlangsung", "selesai", "drop_out", "dirujuk"]
    assert vocab.codes("sex") == ["L", "P"]
    assert vocab.codes("funding") == ["dipa", "non_dipa"]
    assert vocab.codes("uom") == ["gram", "butir", "batang", "mililiter"]
    assert {"ikotan", "ikp", "ikkrn", "ikktt", "kasus", "rehab", "penggiat"} <= set(
        vocab.codes("indicator")
    )


def test_design_codes_are_all_present(vocab):
    assert set(vocab.codes("sector")) == {
        "pendidikan", "pemerintah", "swasta", "masyarakat", "keluarga", "media", "komunitas",
    }  # fmt: skip
    assert {
        "sosialisasi", "penyuluhan", "talk_show", "dialog_interaktif", "workshop_penggiat",
        "tes_urine", "pelatihan_lifeskill", "media",
    } <= set(vocab.codes("activity"))  # fmt: skip


def test_the_year_end_services_vocabularies(vocab):
    assert vocab.codes("recommendation") == ["rawat_jalan", "rawat_inap", "proses_hukum"]
    assert vocab.codes("test_kind") == ["skhpn", "tes_urine"]
    assert vocab.codes("community_item") == ["penggiat", "relawan", "desa_bersinar",
                                             "sekolah_bersinar", "ibm_lembaga", "kerja_sama"]
    assert vocab.label("service", "ibm") == "Intervensi Berbasis Masyarakat (IBM)"
    assert vocab.normalize("community_item", "Pegiat P4GN") == "penggiat"
    assert vocab.normalize("recommendation", "Proses Hukum") == "proses_hukum"
    assert {"skhpn", "asesmen", "relawan", "desa_bersinar", "ikm", "ikr"} <= set(
        vocab.codes("indicator"))
    # IKR is its own 1–4 index now, no longer a spelling of the national IKKRN.
    assert vocab.normalize("indicator", "IKR") == "ikr"


def test_an_index_on_a_fixed_scale_says_so(vocab, tmp_path: Path):
    assert vocab.scale("indicator", "ikm") == (1.0, 4.0)
    assert vocab.scale("indicator", "ikr") == (1.0, 4.0)
    assert vocab.scale("indicator", "ikp") is None
    for name in ("drugs.csv", "uom.csv", "vocabulary.csv"):
        shutil.copy(DEFAULT_REFERENCE_DIR / name, tmp_path / name)
    with (tmp_path / "vocabulary.csv").open("a", encoding="utf-8") as handle:
        handle.write("indicator,iks,Indeks Salah,Broken index,20,index,,4-1\n")
    clear_cache()
    with pytest.raises(ValueError, match="iks"):
        load_vocab(tmp_path)


def test_larger_units_read_grams_as_kilogram_and_ton_and_millilitres_as_litre(vocab):
    assert [u for u, _ in vocab.larger_units("gram")] == ["ton", "kilogram"]
    assert dict(vocab.larger_units("gram"))["kilogram"] == 1000
    assert vocab.larger_units("mililiter") == [("liter", 1000)]
    assert vocab.larger_units("butir") == [] and vocab.larger_units("batang") == []
    assert vocab.label("uom_display", "liter", "en") == "litre"


def test_labels_in_both_languages(vocab):
    assert vocab.label("service", "rawat_jalan") == "Rawat jalan"
    assert vocab.label("service", "pasca_rehab") == "Pasca rehabilitasi"
    assert vocab.label("sex", "P", "en") == "Female"
    assert vocab.label("drug", "sabu") == "Sabu (metamfetamin)"
    assert vocab.label("drug", "cairan") == "Prekursor cair"
    assert vocab.label("uom", "butir") == "butir"
    assert vocab.label("indicator", "ikotan").startswith("Indeks")
    assert vocab.label("service", "unknown_code") == "unknown_code"


def test_indicator_kind(vocab):
    assert vocab.kind("indicator", "ikotan") == "index"
    assert vocab.kind("indicator", "kasus") == "count"
    assert vocab.kind("service", "rawat_jalan") is None
    kinds = {vocab.kind("indicator", code) for code in vocab.codes("indicator")}
    assert kinds == {"index", "count"}


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [
        ("drug", "SABU", "sabu"),
        ("drug", " Tembakau  Sintetis ", "tembakau_sintetis"),
        ("drug", "tembakau gorila", "tembakau_sintetis"),
        ("drug", "Ekstasi (MDMA)", "ekstasi"),
        ("service", "Rawat Jalan", "rawat_jalan"),
        ("service", "rawat-inap", "rawat_inap"),
        ("sex", "l", "L"),
        ("sex", "Perempuan", "P"),
        ("status", "Drop Out", "drop_out"),
        ("uom", "gr", "gram"),
        ("uom", "KG", "gram"),
        ("uom", "pohon", "batang"),
        ("uom", "Tablet", "butir"),
    ],
)
def test_normalize_accepts_codes_labels_and_aliases(vocab, field, raw, code):
    assert vocab.normalize(field, raw) == code


@pytest.mark.parametrize(
    ("raw", "suggestion"), [("shabu", "sabu"), ("extasi", "ekstasi"), ("ganjaa", "ganja")]
)
def test_unknown_drug_suggests_the_closest(vocab, raw, suggestion):
    with pytest.raises(VocabError) as info:
        vocab.normalize("drug", raw)
    assert info.value.suggestion == suggestion
    assert "sabu" in info.value.allowed
    assert isinstance(info.value, ValueError)


def test_unknown_without_close_match_has_no_suggestion(vocab):
    with pytest.raises(VocabError) as info:
        vocab.normalize("service", "zzzzzz")
    assert info.value.suggestion is None
    assert info.value.allowed == ("rawat_jalan", "rawat_inap", "ibm", "pasca_rehab")


def test_unknown_field(vocab):
    with pytest.raises(VocabError) as info:
        vocab.codes("servis")
    assert info.value.suggestion == "service"


@pytest.mark.parametrize(
    ("drug", "quantity", "uom", "expected"),
    [
        ("sabu", 0.307527, "kg", (307.527, "gram")),
        ("sabu", 307.527, "gr", (307.527, "gram")),
        ("sabu", 1.5, "ton", (1_500_000.0, "gram")),
        ("ganja", 12, "pohon", (12.0, "batang")),
        ("ganja", 2, "Kilogram", (2000.0, "gram")),
        ("ekstasi", 10, "tablet", (10.0, "butir")),
        ("cairan", 1.25, "liter", (1250.0, "mililiter")),
        ("Sabu", 1, "g", (1.0, "gram")),
    ],
)
def test_normalize_quantity_converts(vocab, drug, quantity, uom, expected):
    assert vocab.normalize_quantity(drug, quantity, uom) == expected


def test_uom_not_allowed_for_drug(vocab):
    with pytest.raises(VocabError) as info:
        vocab.normalize_quantity("sabu", 5, "butir")
    assert info.value.allowed == ("gram",)
    assert "gram" in str(info.value)
    with pytest.raises(VocabError) as info:
        vocab.normalize_quantity("psikotropika", 5, "kg")
    assert info.value.allowed == ("butir",)


def test_unknown_uom(vocab):
    with pytest.raises(VocabError) as info:
        vocab.normalize_quantity("sabu", 5, "grm.")
    assert info.value.field == "uom"
    assert info.value.suggestion == "gram"


def test_load_is_cached_per_folder(tmp_path: Path):
    assert load_vocab() is load_vocab(DEFAULT_REFERENCE_DIR)
    for name in ("drugs.csv", "uom.csv", "vocabulary.csv"):
        shutil.copy(DEFAULT_REFERENCE_DIR / name, tmp_path / name)
    assert load_vocab(tmp_path) is not load_vocab()


def test_vocabulary_is_extendable_in_reference_data(tmp_path: Path):
    for name in ("drugs.csv", "uom.csv", "vocabulary.csv"):
        shutil.copy(DEFAULT_REFERENCE_DIR / name, tmp_path / name)
    with (tmp_path / "drugs.csv").open("a", encoding="utf-8") as handle:
        handle.write("katinon,Katinon,Cathinone,gram|butir,\n")
    with (tmp_path / "vocabulary.csv").open("a", encoding="utf-8") as handle:
        handle.write("activity,pameran,Pameran,Exhibition,0,,\n")
    clear_cache()
    vocab = load_vocab(tmp_path)
    assert vocab.drugs[-1] == "katinon"
    assert vocab.normalize_quantity("katinon", 3, "btr") == (3.0, "butir")
    assert vocab.codes("activity")[0] == "pameran"


def test_inconsistent_reference_data_is_refused(tmp_path: Path):
    for name in ("drugs.csv", "uom.csv", "vocabulary.csv"):
        shutil.copy(DEFAULT_REFERENCE_DIR / name, tmp_path / name)
    with (tmp_path / "drugs.csv").open("a", encoding="utf-8") as handle:
        handle.write("katinon,Katinon,Cathinone,sachet,\n")
    with pytest.raises(ValueError, match="katinon"):
        load_vocab(tmp_path)
