"""Cell values as units type them: Indonesian numbers, dates and yes/no.

Submissions come from Indonesian-locale spreadsheets, where a comma is the decimal mark and a dot
groups thousands (``307,527`` gram is 307.527 g; ``1.234.567`` is 1234567). A value that does not
fit that convention (``1,234.5``, ``1.23``, ``12,3,4``) is refused rather than guessed: a wrong
guess multiplies a seizure by a thousand without anyone noticing. Cells that Excel already holds
as numbers or dates are taken as they are. Every parser raises :class:`CellError`, carrying a
message code of :mod:`helpers.ingest.messages`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl.utils.datetime import from_excel


class CellError(ValueError):
    """A cell that cannot be read; ``code`` and ``params`` name the message to show."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_PLAIN = re.compile(r"\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"(?:\d+|\d{1,3}(?:\.\d{3})+),\d+")
_LOOKS_NUMERIC = re.compile(r"[\d.,]+")

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "agus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_LONG = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")

TRUE_WORDS = {"ya", "y", "iya", "true", "benar", "yes", "1"}
FALSE_WORDS = {"tidak", "tdk", "t", "false", "salah", "no", "n", "0", "bukan"}


def is_blank(value: object) -> bool:
    """Empty cell: None, empty or whitespace-only text (a float NaN from pandas too)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def parse_decimal(value: object) -> Decimal:
    """A number from an Excel cell or Indonesian-formatted text, exactly, as a Decimal.

    A leading ``-`` is kept (range checks are the caller's, so the analyst hears "negative"
    rather than "not a number"); a leading ``Rp`` is dropped so rupiah amounts read as typed.
    """
    if isinstance(value, bool):
        raise CellError("number_invalid", value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    raw = text
    text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-").strip()
    if _PLAIN.fullmatch(text):
        number = Decimal(text)
    elif _THOUSANDS.fullmatch(text):
        number = Decimal(text.replace(".", ""))
    elif _DECIMAL.fullmatch(text):
        number = Decimal(text.replace(".", "").replace(",", "."))
    elif _LOOKS_NUMERIC.fullmatch(text) and any(ch.isdigit() for ch in text):
        raise CellError("number_ambiguous", value=raw)
    else:
        raise CellError("number_invalid", value=raw)
    return sign * number


def parse_float(value: object) -> float:
    """A decimal number (quantities, rupiah, targets) as float."""
    return float(parse_decimal(value))


def parse_int(value: object) -> int:
    """A whole number (counts, ages); ``3,0`` and an Excel 3.0 are 3, ``3,5`` is refused."""
    number = parse_decimal(value)
    try:
        integral = number == number.to_integral_value()
    except InvalidOperation:
        integral = False
    if not integral:
        raise CellError("not_integer", value=str(value).strip())
    return int(number)


def parse_date(value: object) -> date:
    """A date from an Excel date cell, an Excel serial number, or ``30/12/2022``,
    ``2022-12-30`` or ``30 Desember 2022`` (day first: the Indonesian order)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serials up to 9999-12-31
            return from_excel(value).date()
        raise CellError("date_invalid", value=str(value))
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    try:
        if m := _DMY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _LONG.fullmatch(text)) and m[2] in MONTHS:
            return date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError:
        pass  # 31/02/2022, 12/30/2022: a real day must exist
    raise CellError("date_invalid", value=str(value).strip())


def parse_bool(value: object) -> bool:
    """Yes/no: ``ya``/``tidak``, ``true``/``false``, ``1``/``0`` or an Excel TRUE/FALSE."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("bool_invalid", value=str(value).strip())


def parse_text(value: object) -> str:
    """A code cell as text: an Excel number 12 (or 12.0) is ``"12"``, never ``"12.0"``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()
