"""Where each page of the published site lives, and the relative link from one page to another.

The site's layout (docs/architecture.md, "Where outputs go") is defined here once, because two
stages link into it: the site's own pages (``site/``) and every report's navigation bar (built by
``report/``, drawn by ``render/``), which are siblings that may not import each other. A link made
from these paths points where a page is written.

Paths are relative to the site folder and use ``/`` (they are URLs as much as file names). Links
between pages are relative too (:func:`link`), so the site works opened from disk, from any
static server and under any prefix. Unit ids are registry slugs (``UNIT_ID_PATTERN``), so a path
made from one never leaves the site folder.
"""

from __future__ import annotations

import posixpath

#: The language whose files carry no language suffix (``index.html``, ``<unit_id>.pdf``).
DEFAULT_LANGUAGE = "id"
#: The folder of a year's province pages, under ``<year>/``.
PROVINCE_FOLDER = "provinsi"
#: File stems of the pages that are not a year's index or a province's: the archive of every
#: year (at the site's root) and a year's data page (in ``<year>/``).
ARCHIVE, DATA = "arsip", "data"
#: A year's corrections (Ralat) page and the data office's page, in ``<year>/``; the map of a
#: year's national overview (an SVG beside the year's index).
CORRECTIONS, OFFICE, MAP = "ralat", "kantor-data", "peta"


def page_name(stem: str, lang: str) -> str:
    """``index.html`` in Bahasa Indonesia, ``index.en.html`` in English."""
    return f"{stem}.html" if lang == DEFAULT_LANGUAGE else f"{stem}.{lang}.html"


def home(lang: str) -> str:
    """The site's front page (the newest year's index)."""
    return page_name("index", lang)


def year_index(year: int, lang: str) -> str:
    """A year's index: every unit of that year, by province."""
    return f"{year}/{page_name('index', lang)}"


def province_page(year: int, unit_id: str, lang: str) -> str:
    """A BNNP's province page of ``year`` (its figures, its own report and its BNNKs')."""
    return f"{year}/{PROVINCE_FOLDER}/{page_name(unit_id, lang)}"


def archive(lang: str) -> str:
    """The archive of every year that has reports."""
    return page_name(ARCHIVE, lang)


def data_page(year: int, lang: str) -> str:
    """A year's data page (every unit's figures file)."""
    return f"{year}/{page_name(DATA, lang)}"


def corrections_page(year: int, lang: str) -> str:
    """A year's publication and corrections (Ralat) page."""
    return f"{year}/{page_name(CORRECTIONS, lang)}"


def office_page(year: int, lang: str) -> str:
    """The data office's page of a year: submissions, refusals, plausibility flags."""
    return f"{year}/{page_name(OFFICE, lang)}"


def map_file(year: int, lang: str) -> str:
    """The national overview's province map (SVG) of a year."""
    return f"{year}/{MAP}.svg" if lang == DEFAULT_LANGUAGE else f"{year}/{MAP}.{lang}.svg"


def report_file(unit_id: str, kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A report's file name by kind (``html``, ``pdf``, ``json``): ``bnnk-x.en.pdf``. The figures
    file has no language: the Indonesian run writes it, and it holds numbers only."""
    suffix = "" if lang == DEFAULT_LANGUAGE or kind == "json" else f".{lang}"
    return f"{unit_id}{suffix}.{kind}"


def report(year: int, unit_id: str, kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A report's file in the site: ``<year>/<unit_id>[.<lang>].<kind>``."""
    return f"{year}/{report_file(unit_id, kind, lang)}"


def link(source: str, target: str) -> str:
    """The relative link from the page at ``source`` to ``target`` (both site paths):
    ``link("2024/bnnk-x.html", "index.html") == "../index.html"``."""
    here = posixpath.dirname(source) or "."
    return posixpath.relpath(target, here)
