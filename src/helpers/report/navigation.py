"""Where a report page leads: up the site, to the unit's other years, to its PDF and its other
language; and, for the printed PDF, the address of the HTML version.

A report page sits at ``<year>/<unit_id>.html`` in the site (:mod:`helpers.common.site_paths`,
the one definition of the site's paths). Its breadcrumbs are the site's: the front page, the
year's index, the province page of the BNNP it belongs to that year (a BNNP's own; none for
BNN RI), the unit itself. Its bar "Laporan ini" links the unit's reports of the other years, its
own PDF and its version in the other language.

A link must lead to a file the build writes, so each is decided from what decides the build's
plan (:func:`helpers.build.plan.plan`): a report of every year the store holds in which the
unit exists (:func:`report_years`; ``workbook build --all-years`` makes them all), in the
language of this build, and of those in another language than the report's default only the
years whose params publish that language (``year_languages``: an English report of a year that
is ``bilingual`` does not link 2021's English version unless 2021 is bilingual too); the other
language only when the params say the unit's reports are published in both (``bilingual``);
the PDF only when the renderer writes one beside the page (:mod:`helpers.render.navigation`
leaves it out otherwise). The site's pages exist for every
year with reports, in both languages. Links are relative, so the site works from disk and on
any host; only the PDF, where a relative link means nothing, prints the HTML version's full
address, and only when ``site_url`` is set (never a guessed one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from helpers.common import site_paths
from helpers.reference.registry import Registry
from helpers.reference.units import Unit
from helpers.report.text import TEXT

LANGUAGES = tuple(TEXT)


@dataclass(frozen=True)
class Link:
    """One link of the bar: what it says, where it leads from the report's page (relative),
    whether it is this very report (``aria-current``) and the language of its target."""

    label: str
    href: str
    current: bool = False
    lang: str | None = None


@dataclass(frozen=True)
class Navigation:
    """A report page's navigation, with the words that label it in the report's language."""

    page: str  # the report's own path in the site, ``2024/bnnk-lubuklinggau.html``
    label: str  # of the breadcrumbs
    crumbs: list[Link]
    report_label: str  # of the bar "Laporan ini"
    years_label: str
    years: list[Link]
    pdf: Link
    languages: list[Link] = field(default_factory=list)
    url: str | None = None  # the HTML version's address, for the PDF
    url_label: str = ""

    def to_meta(self) -> dict[str, Any]:
        """Plain JSON for the report's metadata (read by :mod:`helpers.render.navigation`)."""
        return asdict(self)


def report_years(registry: Registry, unit_id: str, store_years: Iterable[int]) -> list[int]:
    """The years a report of ``unit_id`` is built for, oldest first: those the store has data
    for in which the unit exists (the plan's rule for ``--all-years``)."""
    unit = registry.get(unit_id)
    return sorted(year for year in set(store_years) if unit.exists_in(year))


def province_name(registry: Registry, unit: Unit) -> str:
    """A BNNP as the site names its province page: the province's name (``Sumatera
    Selatan``), or the unit's name when the registry has no region for it."""
    if unit.region_code:
        with contextlib.suppress(KeyError):
            return registry.region_name(unit.region_code)
    return unit.name


def site_address(site_url: str | None, page: str) -> str | None:
    """The full address of ``page`` under the site's base URL; None when no URL is set."""
    if not site_url:
        return None
    return f"{site_url.rstrip('/')}/{page}"


def navigation(registry: Registry, unit_id: str, year: int, lang: str, *,
               store_years: Iterable[int], bilingual: bool = False,
               site_url: str | None = None,
               year_languages: Callable[[int], Collection[str]] | None = None) -> Navigation:
    """The navigation of ``unit_id``'s report of ``year`` in ``lang``. ``year_languages``: the
    languages another year's report is built in (its params' language, and the other one when
    they say ``bilingual``); None: every year in ``lang``."""
    unit, words = registry.get(unit_id), TEXT[lang]
    page = site_paths.report(year, unit.unit_id, "html", lang)

    def link(label: str, target: str, **kw: Any) -> Link:
        return Link(label, site_paths.link(page, target), **kw)

    crumbs = [link(words["nav_home"], site_paths.home(lang)),
              link(str(year), site_paths.year_index(year, lang))]
    province = registry.province_of(unit.unit_id, year)
    if province is not None:
        crumbs.append(link(province_name(registry, registry.get(province)),
                           site_paths.province_page(year, province, lang)))
    crumbs.append(link(unit.name, page, current=True))
    years = [link(str(y), site_paths.report(y, unit.unit_id, "html", lang), current=y == year)
             for y in report_years(registry, unit.unit_id, [*store_years, year])
             if y == year or year_languages is None or lang in year_languages(y)]
    others = [other for other in LANGUAGES if other != lang] if bilingual else []
    return Navigation(
        page=page, label=words["nav_label"], crumbs=crumbs,
        report_label=words["nav_this_report"], years_label=words["nav_years"], years=years,
        pdf=link(words["nav_pdf"], site_paths.report(year, unit.unit_id, "pdf", lang)),
        languages=[link(TEXT[other]["nav_language_name"],
                        site_paths.report(year, unit.unit_id, "html", other), lang=other)
                   for other in others],
        url=site_address(site_url, page), url_label=words["nav_online"])
