"""The published site: the index leadership opens to find any unit's report; a page per province.

Built from two things only: the units registry (which units exist in a year, under which
province) and the figures files ``workbook build`` wrote beside each report
(``site/<year>/<unit_id>.json``). No figure is recomputed here, so the site always shows the
numbers its reports show. The pages (docs/architecture.md, "Where outputs go"):

- ``site/index.html``: the newest year's page, the site's front page;
- ``site/<year>/index.html``: a year chooser, the national overview (BNN RI's headline figures
  and their change), a chart per pillar across provinces, every province with its BNNP and BNNK
  listed (a unit without a report says so), and a search box;
- ``site/<year>/provinsi/<bnnp unit_id>.html``: the province's headline figures, a link to its
  own report and its BNNKs', and its sub-units ranked on each pillar;
- ``site/arsip.html``: every year that has reports, newest first, with its national figures;
- ``site/<year>/data.html``: every unit's figures file (JSON) of the year, for the data office,
  linked from every page's footer rather than beside the reports leadership opens;
- each of these also in English as ``….en.html``;
- ``site/<year>/<unit_id>[.en].html`` for a report a built report links but nobody built yet:
  a page saying so and the command that builds it, never listed as a report
  (:mod:`helpers.site.placeholders`); the report replaces it when it is built.

Every year with a report in its ``site/<year>/`` folder gets its pages and a place in the year
menu, so the site shows every year ``workbook build --all-years`` (``make report``) rendered.

Pages are static and self-contained (styles and the search script inlined; no network request),
so they work from ``file://`` and behind any static web server; ``workbook serve`` previews them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from helpers.common.atomic import write_atomic
from helpers.common.config import Paths
from helpers.common.site_paths import (
    ARCHIVE,
    CORRECTIONS,
    DATA,
    OFFICE,
    PROVINCE_FOLDER,
    home,
    link,
    page_name,
    province_page,
)
from helpers.reference.registry import Registry
from helpers.site import inputs
from helpers.site.labels import LANGUAGES
from helpers.site.map_file import write_map
from helpers.site.model import Entry, Province, YearView, report_years, year_view
from helpers.site.office import office_overviews, publication
from helpers.site.pages import (
    Page,
    render_archive,
    render_corrections,
    render_data,
    render_office,
    render_placeholder,
    render_province,
    render_year,
)
from helpers.site.placeholders import Missing, is_placeholder, missing_reports

__all__ = ["SiteSummary", "build_site", "write_site"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteSummary:
    """What a site build did, for the command's summary line."""

    site_dir: Path
    years: tuple[int, ...]
    reports: int
    pages: int
    written: int
    seconds: float
    #: Pages standing in for reports that built reports link but nobody built yet.
    placeholders: int = 0


def build_site(paths: Paths) -> Path:
    """Rebuild the site's pages from the figures files under ``paths.site_dir``; return it.

    Skipped when nothing the pages are made from changed since the last time (a no-op build:
    :mod:`helpers.site.inputs`)."""
    if inputs.unchanged(paths):
        return paths.site_dir
    site_dir = write_site(paths.site_dir, Registry.load(paths.reference_dir),
                          data_dir=paths.data_dir).site_dir
    inputs.remember(paths)
    return site_dir


def write_site(site_dir: Path, registry: Registry, data_dir: Path | None = None
               ) -> SiteSummary:
    """Write every page of the site; files whose content is unchanged are left untouched.

    With ``data_dir`` (the data folder the reports were built from), each year also gets its
    publication and corrections page, the data office's page and the national map."""
    start = time.perf_counter()
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    found = [year_view(site_dir, registry, year) for year in report_years(site_dir)]
    views = [view for view in found if view.has_reports]  # not a year of placeholders only
    years = [view.year for view in views]
    pages: dict[Path, str] = {}
    extras: dict[int, dict] = {}
    overviews = office_overviews(data_dir, registry, years, site_dir)
    for view in views:
        year = view.year
        if data_dir is not None:
            extras[year] = _year_extras(site_dir, view, data_dir, overviews.get(year))
        pages.update(_year_pages(site_dir, view, years, extras.get(year)))
    reports = sum(e.has_report for view in views for e in view.entries())
    if views:
        for lang in LANGUAGES:
            pages[site_dir / page_name("index", lang)] = render_year(
                views[0], years, lang, "", page_name("index", _other(lang)),
                **_year_options(extras.get(views[0].year), lang))
            pages[site_dir / page_name(ARCHIVE, lang)] = render_archive(
                views, lang, page_name(ARCHIVE, _other(lang)))
    else:
        pages[site_dir / "index.html"] = render_year(_empty_view(registry), [], "id", "",
                                                     "index.en.html")
    stand_ins = placeholder_pages(site_dir, registry, views, set(pages))
    pages.update(stand_ins)
    written = sum(_write_if_changed(path, text) for path, text in pages.items())
    for year in years:
        _remove_stale(site_dir / str(year) / PROVINCE_FOLDER, pages)
    for view in found:  # placeholders nothing links any more (or whose report is built)
        for name in view.placeholders:
            if (site_dir / str(view.year) / name) not in stand_ins:
                (site_dir / str(view.year) / name).unlink(missing_ok=True)
    seconds = round(time.perf_counter() - start, 3)
    log.info("site: %d pages (%d written, %d placeholders) for %d reports in %.2f s",
             len(pages), written, len(stand_ins), reports, seconds)
    return SiteSummary(site_dir, tuple(years), reports, len(pages), written, seconds,
                       len(stand_ins))


def placeholder_pages(site_dir: Path, registry: Registry, views: list[YearView],
                      written: set[Path]) -> dict[Path, str]:
    """A page for every report the built reports of ``views`` link that does not exist
    (:mod:`helpers.site.placeholders`); ``written``: the pages this build writes besides.
    Its language link leads to the other version when that is built or stood in for too, else
    to the front page in the other language."""
    years = [view.year for view in views]
    built = [f"{e.year}/{e.files[kind]}" for view in views for e in view.entries()
             for kind in ("html", "html_en") if kind in e.files]
    missing_pages = missing_reports(site_dir, registry, built,
                                    {p.relative_to(site_dir).as_posix() for p in written})
    standing_in = {missing.address for missing in missing_pages}
    pages = {}
    for missing in missing_pages:
        other = _other(missing.lang)
        twin = Missing(missing.year, missing.unit_id, other).address
        target = (twin if twin in standing_in or (site_dir / twin).exists()
                  and not is_placeholder(site_dir / twin) else home(other))
        pages[site_dir / missing.address] = render_placeholder(
            missing, registry.get(missing.unit_id).name, years,
            link(missing.address, target))
    return pages


def _other(lang: str) -> str:
    return "en" if lang == "id" else "id"


def _year_extras(site_dir: Path, view: YearView, data_dir: Path,
                 overview: dict | None) -> dict:
    """What a year shows from the data folder: its publication record, the data office's
    ``overview`` and the map (one per language)."""
    maps = {}
    for lang in LANGUAGES:
        t = Page(lang, "", view.year, []).t
        maps[lang] = write_map(site_dir, view, lang, t("map_title", year=view.year),
                               t.map_what)
    return {"record": publication(data_dir, view.year),
            "overview": overview,
            "maps": maps}


def _year_options(extra: dict | None, lang: str) -> dict:
    """The year page's options from its extras: the publication notice and the map."""
    if extra is None:
        return {}
    page = Page(lang, "", None, [])
    record = extra["record"]
    notice = ""
    if record:
        notice = page.t("published_notice", year=record["year"],
                        date=page.date(record["published_on"]))
        if record.get("corrections"):
            notice += f" {page.t('corrections_count', n=len(record['corrections']))}."
    return {"extras": True, "notice": notice, "map_image": extra["maps"].get(lang)}


def _year_pages(site_dir: Path, view: YearView, years: list[int], extra: dict | None = None
                ) -> dict[Path, str]:
    folder = site_dir / str(view.year)
    pages: dict[Path, str] = {}
    flag = {"extras": extra is not None}
    for lang in LANGUAGES:
        other = page_name("index", _other(lang))
        pages[folder / page_name("index", lang)] = render_year(
            view, years, lang, "../", other, **_year_options(extra, lang))
        pages[folder / page_name(DATA, lang)] = render_data(
            view, years, lang, page_name(DATA, _other(lang)), **flag)
        if extra is not None:
            pages[folder / page_name(CORRECTIONS, lang)] = render_corrections(
                view, extra["record"], years, lang, page_name(CORRECTIONS, _other(lang)))
            if extra["overview"] is not None:
                pages[folder / page_name(OFFICE, lang)] = render_office(
                    view, extra["overview"], years, lang, page_name(OFFICE, _other(lang)))
        for province in view.provinces:
            unit_id = province.entry.unit.unit_id
            other = page_name(unit_id, _other(lang))
            pages[site_dir / province_page(view.year, unit_id, lang)] = render_province(
                view, province, years, lang, other, **flag)
    return pages


def _empty_view(registry: Registry) -> YearView:
    """A front page for a site with no reports yet (every unit of the current registry)."""
    year = date.today().year - 1  # the year whose reports are due
    units = registry.units(year)
    national = next(u for u in units if u.level == "pusat")
    provinces = [Province(Entry(u, year), [], u.name) for u in units if u.level == "provinsi"]
    return YearView(year, Entry(national, year), provinces)


def _write_if_changed(path: Path, text: str) -> bool:
    """Write only new content, so a rebuild of thousands of pages touches only what changed."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def _remove_stale(folder: Path, pages: dict[Path, str]) -> None:
    """Drop province pages this build did not write (a province no longer in the registry)."""
    if not folder.is_dir():
        return
    for path in folder.glob("*.html"):
        if path not in pages:
            path.unlink()
