"""Indonesian numbers, dates and yes/no as units type them (helpers.ingest.numbers)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers.ingest.numbers import (
    CellError,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_text,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("307,527", 307.527),  # decimal comma
    ("1.234.567", 1234567),  # thousands dots
    ("1.234,5", 1234.5),
    ("12", 12),
    (" 0,5 ", 0.5),
    ("Rp 1.500.000", 1500000),
    (307.527, 307.527),  # an Excel numeric cell is taken as it is
    (42, 42),
])
def test_indonesian_numbers_are_read_as_typed(raw: object, expected: float) -> None:
    assert parse_float(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["1,234.5", "1.23", "12,3,4", "1.2345", "1.234.56"])
def test_ambiguous_numbers_are_refused_not_guessed(raw: str) -> None:
    with pytest.raises(CellError) as info:
        parse_float(raw)
    assert info.value.code == "number_ambiguous"


@pytest.mark.parametrize("raw", ["sepuluh", "12 gram", "abc", True])
def test_non_numeric_text_is_refused(raw: object) -> None:
    with pytest.raises(CellError) as info:
        parse_float(raw)
    assert info.value.code == "number_invalid"


def test_negative_numbers_parse_so_the_range_check_can_name_them() -> None:
    assert parse_float("-1,5") == -1.5


def test_whole_numbers_accept_excel_floats_and_refuse_fractions() -> None:
    assert parse_int(3.0) == 3
    assert parse_int("1.234") == 1234
    assert parse_int("3,0") == 3
    with pytest.raises(CellError) as info:
        parse_int("3,5")
    assert info.value.code == "not_integer"


@pytest.mark.parametrize("raw", [
    datetime(2022, 12, 30, 0, 0), date(2022, 12, 30), "30/12/2022", "2022-12-30",
    "30 Desember 2022", "30 desember 2022", "30-12-2022", "2022-12-30 00:00:00", "30 Des 2022",
    44925,  # an Excel serial in a cell without date format
])
def test_dates_in_every_accepted_shape(raw: object) -> None:
    assert parse_date(raw) == date(2022, 12, 30)


@pytest.mark.parametrize("raw", ["12/30/2022", "31/02/2022", "kemarin", "30 Desemberr 2022"])
def test_impossible_or_unknown_dates_are_refused(raw: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(raw)
    assert info.value.code == "date_invalid"


@pytest.mark.parametrize(("raw", "expected"), [
    ("ya", True), ("Tidak", False), ("TRUE", True), ("false", False), ("1", True), ("0", False),
    (True, True), (0, False), (" YA ", True),
])
def test_yes_no_cells(raw: object, expected: bool) -> None:
    assert parse_bool(raw) is expected


def test_unclear_yes_no_is_refused() -> None:
    with pytest.raises(CellError) as info:
        parse_bool("mungkin")
    assert info.value.code == "bool_invalid"


def test_code_cells_from_excel_numbers_keep_no_decimal_point() -> None:
    assert parse_text(12.0) == "12"
    assert parse_text("  LKN/01 ") == "LKN/01"
