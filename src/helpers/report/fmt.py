"""Numbers, dates and small phrases in Indonesian (default) or English report style.

Indonesian: ``1.234.567`` (thousands dot), ``307,527`` (decimal comma), ``12,5%``,
``30 Desember 2022``, ``a, b dan c``. English: ``1,234,567``, ``307.527``, ``30 December 2022``,
``a, b and c`` (no serial comma, as BNN's English publications write it).
Number and date patterns come from babel's CLDR data; rounding is half-up (babel's own is
half-even, which reads as a mistake in a report: 0,0005 → 0,001). Every function takes
``lang`` as ``"id"`` or ``"en"`` (``"id_ID"``, ``"en-GB"`` are accepted too).

Units of measure in English are the vocabulary's English unit names, pluralised unless the
quantity is exactly 1: ``307.527 grams``, ``10 tablets``, ``1 plant``; Indonesian has no plural.
Missing values (None/NaN) are the caller's to handle (tables show them as suppressed or "–").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal as _babel_decimal

from helpers.reference.vocab import lang_code, load_vocab

_WORDS = {
    "id": {"and": "dan", "up": "naik", "down": "turun", "same": "tetap",
           "new": "baru (tahun lalu 0)", "from_zero_down": "turun (tahun lalu 0)",
           "unknown": "tidak ada data tahun lalu"},
    "en": {"and": "and", "up": "up", "down": "down", "same": "unchanged",
           "new": "new (0 last year)", "from_zero_down": "down (0 last year)",
           "unknown": "no data for the previous year"},
}  # fmt: skip


def _round(x: float, decimals: int) -> Decimal:
    """Half-up rounding in decimal (floats such as 2.675 are taken as written, not as stored)."""
    value = Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value + 0  # turns -0 into 0


@lru_cache(maxsize=8192)
def _number_text(value: str, pattern: str, locale: str) -> str:
    """babel's formatting of a rounded value, remembered: a report formats the same values
    (axis ticks on every layout pass, table cells, sentences) about a thousand times."""
    return _babel_decimal(Decimal(value), format=pattern, locale=locale)


def format_int(n: float, lang: str = "id") -> str:
    """Whole number, thousands separated: ``1.234.567`` (en ``1,234,567``); rounds half-up."""
    return _number_text(str(_round(n, 0)), "#,##0", lang_code(lang))


def format_decimal(x: float, max_decimals: int = 3, lang: str = "id") -> str:
    """At most ``max_decimals`` places, trailing zeros dropped: ``307,527``, ``10``."""
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals > 0 else "")
    return _number_text(str(_round(x, max_decimals)), pattern, lang_code(lang))


def format_number(x: float, lang: str = "id") -> str:
    """An integer-valued number as :func:`format_int`, otherwise as :func:`format_decimal`."""
    return format_int(x, lang) if float(x).is_integer() else format_decimal(x, lang=lang)


def pluralize(noun: str) -> str:
    """Simple English plural: ``case`` → ``cases``, ``activity`` → ``activities``."""
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def number_label(n: float, noun: str, lang: str = "id", *, plural: str | None = None) -> str:
    """``2 kasus``; in English ``1 case`` / ``2 cases`` (``plural`` overrides, e.g. ``people``).

    ``noun`` must already be in ``lang``: Indonesian nouns are never inflected.
    """
    number = format_number(n, lang)
    if lang_code(lang) == "id" or n == 1:
        return f"{number} {noun}"
    return f"{number} {plural or pluralize(noun)}"


def format_quantity(q: float, uom: str, lang: str = "id") -> str:
    """A seized quantity with its unit: ``307,527 gram``, ``10 butir`` (en ``10 tablets``).

    ``uom`` is a canonical unit (after :meth:`Vocab.normalize_quantity`); at most 3 decimals.
    """
    unit = load_vocab().label("uom", uom, lang)
    number = format_decimal(q, 3, lang)
    if lang_code(lang) == "en" and q != 1:
        unit = pluralize(unit)
    return f"{number} {unit}"


def format_percent(ratio: float, decimals: int = 1, lang: str = "id") -> str:
    """A ratio as a percentage with fixed decimals: 0.125 → ``12,5%`` (en ``12.5%``)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    value = _round(ratio * 100, decimals)
    return _number_text(str(value), pattern, lang_code(lang)) + "%"


Direction = Literal["up", "down", "same", "unknown"]


@dataclass(frozen=True)
class Change:
    """Year-over-year change. ``ratio`` is None when the base is 0 or missing (no percentage)."""

    current: float
    previous: float | None
    absolute: float | None
    ratio: float | None
    direction: Direction


def change(current: float, previous: float | None) -> Change:
    """Compare ``current`` with ``previous`` (None: the unit's first year, nothing to compare)."""
    if previous is None or (isinstance(previous, float) and math.isnan(previous)):
        return Change(current, None, None, None, "unknown")
    absolute = current - previous
    ratio = absolute / previous if previous != 0 else None
    direction: Direction = "up" if absolute > 0 else "down" if absolute < 0 else "same"
    return Change(current, previous, absolute, ratio, direction)


def format_change(
    current: float, previous: float | None, lang: str = "id", decimals: int = 1
) -> str:
    """``naik 25,0%`` / ``turun 10,0%`` / ``tetap`` / ``baru (tahun lalu 0)`` (en: up, down, …)."""
    words = _WORDS[lang_code(lang)]
    c = change(current, previous)
    if c.direction in ("same", "unknown"):
        return words[c.direction]
    if c.ratio is None:
        return words["new"] if c.direction == "up" else words["from_zero_down"]
    return f"{words[c.direction]} {format_percent(abs(c.ratio), decimals, lang)}"


def format_date(d: date | datetime | str, lang: str = "id") -> str:
    """``30 Desember 2022`` (en ``30 December 2022``); a string must be ISO (``2022-12-30``)."""
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        d = d.date()
    return _babel_date(d, "d MMMM y", locale=lang_code(lang))


def _month(m: int, width: str, lang: str) -> str:
    if not 1 <= int(m) <= 12:
        raise ValueError(f"month must be 1..12, not {m!r}")
    return get_month_names(width, context="format", locale=lang_code(lang))[int(m)]


def month_name(m: int, lang: str = "id") -> str:
    """Full month name, 1-based: 1 → ``Januari`` … 12 → ``Desember``."""
    return _month(m, "wide", lang)


def month_abbr(m: int, lang: str = "id") -> str:
    """Short month name: ``Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des`` (en ``Aug``)."""
    return _month(m, "abbreviated", lang)


def join_list(items: list[str] | tuple[str, ...], lang: str = "id") -> str:
    """``a, b dan c`` (en ``a, b and c``); ``a dan b``; one item as is; empty → ``""``."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_WORDS[lang_code(lang)]['and']} {items[-1]}"
