"""The province map's alt text: what it shows and its largest provinces, by name.

Apart from :mod:`helpers.report.map` so that a page whose map is already drawn can say what it
shows without importing matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from helpers.reference.provinces import load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.reference.vocab import lang_code
from helpers.report import fmt

_ALT = {"id": "Peta provinsi Indonesia: {what} per provinsi, lingkaran sebanding nilai. "
              "Terbesar: {top}.",
        "en": "Map of Indonesia's provinces: {what} per province, circles proportional to the "
              "value. Largest: {top}."}
_NONE = {"id": "tidak ada nilai di atas nol", "en": "no value above zero"}


def map_alt_text(values: Mapping[str, float | None], what: str, lang: str = "id",
                 reference_dir: Path | None = None, top: int = 3) -> str:
    """Alt text for :func:`province_map`: what it shows and the largest provinces, by name.

    Like the map, it leaves out a code without an outline: it names only what the map draws.
    """
    lang = lang_code(lang)
    names = {p.code: p.name for p in load_provinces(reference_dir or bundled_reference_dir())}
    ranked = sorted(((v, code) for code, v in values.items() if v and code in names),
                    key=lambda t: (-t[0], t[1]))
    largest = ", ".join(f"{names[code]} ({fmt.format_decimal(v, 0, lang)})"
                        for v, code in ranked[:top])
    return _ALT[lang].format(what=what, top=largest or _NONE[lang])

