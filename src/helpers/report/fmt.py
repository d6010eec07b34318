"""Numbers, dates and small phrases in Indonesian (default) or English report style.

Indonesian: ``1.234.567`` (thousands dot), ``307,527`` (decimal comma), ``12,5%``,
``30 Desember 2022``, ``a, b dan c``. English: ``1,234,567``, ``307.527``, ``30 December 2022``,
``a, b and c`` (no serial comma, as BNN's English publications write it).
Number and date patterns come from babel's CLDR data; rounding is half-up (babel's own is
half-even, which reads as a mistake in a report: 0,0005 → 0,001). Every function takes
``lang`` as ``"id"`` or ``"en"`` (``"id_ID"``, ``"en-GB"`` are accepted too).

Units of measure in English are the vocabulary's English unit names, pluralised unless the
quantity is exactly 1: ``307.527 grams``, ``10 tablets``, ``1 plant``; Indonesian has no plural.

Quantities are written two ways. Tables keep the exact canonical unit, so nothing is lost
(:func:`format_quantity`: ``3.048.902,711 gram``). Sentences, summary cards, the site and the
national overview write them as BNN does in its releases (:func:`format_quantity_text`): grams of
1.000 or more as kilogram, of 1.000.000 or more as ton, millilitres of 1.000 or more as litre,
with at most three decimals (``3,049 ton``, ``9,49 kilogram``, ``307,527 gram``). Rupiah are
written ``Rp648.734.500`` (en ``IDR 648,734,500``) by :func:`format_rupiah`.
Missing values (None/NaN) are the caller's to handle (tables show them as suppressed or "–").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

import numpy as np
from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal as _babel_decimal

from helpers.reference.vocab import Vocab, lang_code, load_vocab

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
    if isinstance(n, int | np.integer) and not isinstance(n, bool):
        return _int_text(int(n), lang)  # a count: nothing to round
    return _number_text(str(_round(n, 0)), "#,##0", lang_code(lang))


@lru_cache(maxsize=8192)
def _int_text(n: int, lang: str) -> str:
    """:func:`format_int` of a whole number, remembered (a report writes ~1,000 counts, most of
    them more than once): no decimal rounding to go through."""
    return _number_text(str(n), "#,##0", lang_code(lang))


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


def format_quantity(q: float, uom: str, lang: str = "id", *, vocab: Vocab | None = None) -> str:
    """A seized quantity with its unit: ``307,527 gram``, ``10 butir`` (en ``10 tablets``).

    ``uom`` is a canonical unit (after :meth:`Vocab.normalize_quantity`); at most 3 decimals.
    ``vocab``: the bundled vocabularies if the caller has them (each lookup resolves the folder).
    """
    unit = (vocab or load_vocab()).label("uom", uom, lang)
    number = format_decimal(q, 3, lang)
    if lang_code(lang) == "en" and q != 1:
        unit = pluralize(unit)
    return f"{number} {unit}"


def scaled_quantity(q: float, uom: str, *, vocab: Vocab | None = None) -> tuple[float, str]:
    """A quantity in the largest unit BNN reads it in, and that unit's code: ``(1902000,
    "gram")`` → ``(1.902, "ton")``, ``(9490, "gram")`` → ``(9.49, "kilogram")``, ``(2500,
    "mililiter")`` → ``(2.5, "liter")``; a quantity below 1.000 (or in tablets) as it is.

    The unit is chosen by the quantity rounded to three decimals in its canonical unit (what
    the figures file holds), so 999,9996 gram is 1.000 gram, which reads as 1 kilogram; and a
    quantity that would read as 1.000 of a larger unit reads as 1 of the next (999.999,9 gram
    is 1 ton, not 1.000 kilogram). ``vocab``: as for :func:`format_quantity`.
    """
    exact = abs(Decimal(str(q)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))
    units = (vocab or load_vocab()).larger_units(uom)
    for index, (unit, factor) in enumerate(units):
        smaller = units[index + 1][1] if index + 1 < len(units) else None
        rounds_up = smaller is not None and exact >= smaller and _round(
            float(exact / factor), 3) >= 1
        if exact >= factor or rounds_up:
            return float(Decimal(str(q)) / factor), unit
    return float(q), uom


def format_quantity_text(q: float, uom: str, lang: str = "id") -> str:
    """A quantity as a sentence writes it: ``1,902 ton``, ``9,49 kilogram``, ``307,527 gram``,
    ``2,5 liter`` (en ``1.902 tons``, ``2.5 litres``); tables use :func:`format_quantity`."""
    vocab = load_vocab()  # once: ~0.1 ms a lookup, three a quantity before
    value, unit = scaled_quantity(q, uom, vocab=vocab)
    value = float(_round(value, 3))  # as written: 0,9999996 kilogram is "1 kilogram"
    if unit == uom:
        return format_quantity(value, uom, lang, vocab=vocab)
    label = vocab.label("uom_display", unit, lang)
    if lang_code(lang) == "en" and value != 1:
        label = pluralize(label)
    return f"{format_decimal(value, 3, lang)} {label}"


def format_rupiah(amount: float, lang: str = "id") -> str:
    """Rupiah as Indonesian currency: ``Rp648.734.500`` (en ``IDR 648,734,500``), whole rupiah."""
    number = format_int(amount, lang)
    return f"Rp{number}" if lang_code(lang) == "id" else f"IDR {number}"


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
    return _month_names(width, lang)[int(m) - 1]


@lru_cache(maxsize=16)
def _month_names(width: str, lang: str) -> tuple[str, ...]:
    """The twelve month names of a width and language (babel's lookup, ~40 µs, done once)."""
    names = get_month_names(width, context="format", locale=lang_code(lang))
    return tuple(names[m] for m in range(1, 13))


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
