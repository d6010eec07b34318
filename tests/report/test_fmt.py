"""Indonesian (and English) number, date and phrase formatting."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from helpers.report import fmt


def test_format_int():
    assert fmt.format_int(1234567) == "1.234.567"
    assert fmt.format_int(1234567, "en") == "1,234,567"
    assert fmt.format_int(0) == "0"
    assert fmt.format_int(2.5) == "3"  # half-up, not banker's rounding
    assert fmt.format_int(-1500) == "-1.500"


@pytest.mark.parametrize("n", [0, 7, -1500, 1234567, 10**15 + 1])
def test_a_count_reads_as_the_same_number_written_as_a_float_would(n):
    """Counts (int, NumPy's int64) skip the decimal rounding; they must read as before."""
    for lang in ("id", "en", "en-GB"):
        assert fmt.format_int(n, lang) == fmt.format_int(np.int64(n), lang)
        assert fmt.format_int(n, lang) == fmt._number_text(str(fmt._round(n, 0)), "#,##0",
                                                           fmt.lang_code(lang))
    if abs(n) < 2**53:
        assert fmt.format_int(n) == fmt.format_int(float(n))


def test_format_decimal():
    assert fmt.format_decimal(307.527) == "307,527"
    assert fmt.format_decimal(307.527, lang="en") == "307.527"
    assert fmt.format_decimal(10.0) == "10"
    assert fmt.format_decimal(1234.5) == "1.234,5"
    assert fmt.format_decimal(0.0005) == "0,001"
    assert fmt.format_decimal(-0.0001) == "0"
    assert fmt.format_decimal(2.675, max_decimals=2) == "2,68"
    assert fmt.format_decimal(1234.56, max_decimals=0) == "1.235"


def test_format_quantity():
    assert fmt.format_quantity(307.527, "gram") == "307,527 gram"
    assert fmt.format_quantity(10, "butir") == "10 butir"
    assert fmt.format_quantity(1500000.0, "gram") == "1.500.000 gram"
    assert fmt.format_quantity(307.527, "gram", "en") == "307.527 grams"
    assert fmt.format_quantity(10, "butir", "en") == "10 tablets"
    assert fmt.format_quantity(1, "batang", "en") == "1 plant"


@pytest.mark.parametrize(("quantity", "uom", "text_id", "text_en"), [
    # BNN RI's releases and a BNNK's: "sabu seberat 1,902 ton", "ganja seberat 1,06 ton",
    # "ekstasi serbuk seberat 16,5 kilogram", "sabu seberat 307,527 gram".
    (1_902_000.0, "gram", "1,902 ton", "1.902 tons"),
    (1_060_000.0, "gram", "1,06 ton", "1.06 tons"),
    (16_500.0, "gram", "16,5 kilogram", "16.5 kilograms"),
    (9_490.0, "gram", "9,49 kilogram", "9.49 kilograms"),
    (307.527, "gram", "307,527 gram", "307.527 grams"),
    (3_048_902.711, "gram", "3,049 ton", "3.049 tons"),  # not "3.048.902,711 gram ganja"
    (1_000.0, "gram", "1 kilogram", "1 kilogram"),
    (999.6, "gram", "999,6 gram", "999.6 grams"),  # below 1.000 stays in grams
    (999.9996, "gram", "1 kilogram", "1 kilogram"),  # 1.000 gram at three decimals
    (999_999.9, "gram", "1 ton", "1 ton"),  # not "1.000 kilogram"
    (2_500.0, "mililiter", "2,5 liter", "2.5 litres"),
    (500.0, "mililiter", "500 mililiter", "500 millilitres"),
    (330_000, "butir", "330.000 butir", "330,000 tablets"),  # tablets have no larger unit
    (2_567, "batang", "2.567 batang", "2,567 plants"),
])
def test_quantities_read_as_bnn_writes_them(quantity, uom, text_id, text_en):
    assert fmt.format_quantity_text(quantity, uom) == text_id
    assert fmt.format_quantity_text(quantity, uom, "en") == text_en


def test_tables_keep_the_exact_canonical_unit_and_scaling_keeps_the_value():
    assert fmt.format_quantity(3_048_902.711, "gram") == "3.048.902,711 gram"
    assert fmt.scaled_quantity(1_902_000.0, "gram") == (1.902, "ton")
    assert fmt.scaled_quantity(2_500.0, "mililiter") == (2.5, "liter")
    assert fmt.scaled_quantity(12.0, "butir") == (12.0, "butir")


def test_rupiah_in_indonesian_currency_format():
    assert fmt.format_rupiah(648_734_500) == "Rp648.734.500"  # BNNP Jawa Barat 2023's assets
    assert fmt.format_rupiah(648_734_500, "en") == "IDR 648,734,500"
    assert fmt.format_rupiah(0) == "Rp0"


def test_format_percent():
    assert fmt.format_percent(0.125) == "12,5%"
    assert fmt.format_percent(0.125, lang="en") == "12.5%"
    assert fmt.format_percent(1) == "100,0%"
    assert fmt.format_percent(0.12345, decimals=2) == "12,35%"
    assert fmt.format_percent(12.5, decimals=0) == "1.250%"


def test_change():
    up = fmt.change(125, 100)
    assert (up.absolute, up.ratio, up.direction) == (25, 0.25, "up")
    zero_base = fmt.change(3, 0)
    assert (zero_base.absolute, zero_base.ratio, zero_base.direction) == (3, None, "up")
    assert fmt.change(4, 4).direction == "same"
    assert fmt.change(2, 4).ratio == -0.5
    first_year = fmt.change(4, None)
    assert (first_year.ratio, first_year.direction) == (None, "unknown")


@pytest.mark.parametrize(
    ("current", "previous", "lang", "text"),
    [
        (125, 100, "id", "naik 25,0%"),
        (90, 100, "id", "turun 10,0%"),
        (7, 7, "id", "tetap"),
        (3, 0, "id", "baru (tahun lalu 0)"),
        (0, 0, "id", "tetap"),
        (3, None, "id", "tidak ada data tahun lalu"),
        (125, 100, "en", "up 25.0%"),
        (90, 100, "en", "down 10.0%"),
        (3, 0, "en", "new (0 last year)"),
    ],
)
def test_format_change(current, previous, lang, text):
    assert fmt.format_change(current, previous, lang) == text


def test_format_date():
    assert fmt.format_date(date(2022, 12, 30)) == "30 Desember 2022"
    assert fmt.format_date(datetime(2022, 8, 1, 14, 30)) == "1 Agustus 2022"
    assert fmt.format_date("2022-12-30") == "30 Desember 2022"
    assert fmt.format_date("2022-12-30", "en") == "30 December 2022"


def test_month_names():
    names = [fmt.month_name(m) for m in range(1, 13)]
    assert names[0] == "Januari" and names[7] == "Agustus" and names[11] == "Desember"
    assert [fmt.month_abbr(m) for m in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ]  # fmt: skip
    assert fmt.month_abbr(8, "en") == "Aug"
    assert fmt.month_name(5, "en") == "May"
    with pytest.raises(ValueError):
        fmt.month_name(13)


def test_join_list():
    assert fmt.join_list(["a", "b", "c"]) == "a, b dan c"
    assert fmt.join_list(["a", "b", "c"], "en") == "a, b and c"
    assert fmt.join_list(["a", "b"]) == "a dan b"
    assert fmt.join_list(["a"]) == "a"
    assert fmt.join_list([]) == ""


def test_number_label():
    assert fmt.number_label(2, "kasus") == "2 kasus"
    assert fmt.number_label(1234, "orang") == "1.234 orang"
    assert fmt.number_label(1, "case", "en") == "1 case"
    assert fmt.number_label(2, "case", "en") == "2 cases"
    assert fmt.number_label(3, "activity", "en") == "3 activities"
    assert fmt.number_label(3, "person", "en", plural="people") == "3 people"
    assert fmt.number_label(2.5, "gram") == "2,5 gram"


def test_language_tags():
    assert fmt.format_int(1000, "id_ID") == "1.000"
    assert fmt.format_int(1000, "en-GB") == "1,000"
    with pytest.raises(ValueError):
        fmt.format_int(1000, "fr")
