"""Draw the site's pages: the year index (also the site's front page), one page per province, the
archive of every year and each year's data page (the figures files, for the data office).

Pages are Jinja2 templates with autoescape on, so every string from the registry or a figures
file (unit names above all) reaches the page as text, never as markup. The stylesheet and the
search script are inlined into every page: a page then works opened from disk (``file://``), from
any static server, or saved alone, and makes no request of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from helpers.common import site_paths
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab
from helpers.report.figure_names import figure_name
from helpers.report.fmt import (
    change,
    format_change,
    format_date,
    format_number,
    format_quantity_text,
    format_rupiah,
)
from helpers.site.labels import CORE_METRICS, METRIC, METRICS, PILLARS, Words
from helpers.site.model import Entry, Province, YearView
from helpers.site.placeholders import MARKER, Missing

HERE = Path(__file__).resolve().parent
RANKED_MAX_BAR = 100.0


@cache
def environment() -> Environment:
    """One template environment per process (templates are compiled once)."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@cache
def static_text(name: str) -> str:
    """The inlined stylesheet or script (static files of this package)."""
    return (HERE / "static" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=65536)
def _number(value: float | int, lang: str) -> str:
    """Formatting through babel is the site build's main cost; the same numbers recur."""
    return format_number(value, lang)


@lru_cache(maxsize=65536)
def _change(current: float | int, previous: float | int, lang: str) -> tuple[str, str]:
    return format_change(current, previous, lang), change(current, previous).direction


@lru_cache(maxsize=4096)
def _quantity(quantity: float | int, uom: str, lang: str) -> str:
    """As BNN writes quantities for readers: ``3,049 ton``, ``5.883 batang``."""
    return format_quantity_text(quantity, uom, lang)


@lru_cache(maxsize=256)
def _drug(slug: str, lang: str) -> str:
    return load_vocab().label("drug", slug, lang)


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart or ranking: a unit, its figure and the bar's share of the longest."""

    entry: Entry
    label: str
    value: float | int | None
    width: float
    rank: int | None
    change: str
    direction: str


class Page:
    """Formatting and links for one page, handed to its template as ``p``."""

    def __init__(self, lang: str, root: str, year: int | None, years: list[int],
                 extras: bool = False) -> None:
        self.lang = lang
        self.extras = extras  # the year has corrections and data office pages (a data folder)
        self.t = Words(lang)
        self.root = root  # relative path from this page to the site folder: "", "../", "../../"
        self.year = year  # None on the archive, which is every year's
        self.years = years

    # ------------------------------------------------------------------ numbers
    def num(self, value: float | int | None) -> str:
        return "–" if value is None else _number(value, self.lang)

    def figure(self, entry: Entry, metric: str, scope: str = "rolled") -> str:
        """A headline figure as a reader reads it: ``1.234``, ``Rp648.734.500`` for rupiah,
        "tidak dilaporkan" when the figures file says no unit reported it, ``–`` when absent."""
        if entry.not_reported(metric, scope):
            return self.t.not_reported
        value = entry.value(metric, scope)
        if value is None:
            return "–"
        return (format_rupiah(value, self.lang) if METRIC[metric].kind == "rupiah"
                else _number(value, self.lang))

    def quantity(self, quantity: float | int, uom: str) -> str:
        return _quantity(quantity, uom, self.lang)

    def drug(self, slug: str) -> str:
        return _drug(slug, self.lang)

    def seizures(self, entry: Entry) -> list[tuple[str, list[tuple[float | int, str]]]]:
        """The entry's seizures grouped by drug, in the order BNN reports drugs."""
        return entry.seizures_by_drug(load_vocab())

    def change(self, entry: Entry, metric: str) -> tuple[str, str]:
        """Change from the previous year as text and direction (up, down, same, unknown)."""
        current = entry.value(metric)
        if current is None:
            return "", "unknown"
        previous = entry.value(metric, "previous")
        if previous is None or entry.previous_year is None:
            return self.t.no_previous, "unknown"
        text, direction = _change(current, previous, self.lang)
        return f"{text} {self.t('change_vs', year=entry.previous_year)}", direction

    # ------------------------------------------------------------------ links
    # Paths from helpers.common.site_paths, which the reports' navigation links by too.
    def home(self) -> str:
        return self.root + site_paths.home(self.lang)

    def year_index(self, year: int) -> str:
        return self.root + site_paths.year_index(year, self.lang)

    def province_page(self, unit_id: str, lang: str | None = None) -> str:
        return self.root + site_paths.province_page(self.year, unit_id, lang or self.lang)

    def report(self, entry: Entry, kind: str) -> str | None:
        """Link to a report file; in English, the English report when there is one."""
        if self.lang == "en" and f"{kind}_en" in entry.files:
            kind = f"{kind}_en"
        name = entry.files.get(kind)
        return f"{self.root}{entry.year}/{name}" if name else None

    def report_html(self, entry: Entry) -> str | None:
        return self.report(entry, "html")

    def province_link(self, entry: Entry) -> str:
        return self.province_page(entry.unit.unit_id)

    def archive(self) -> str:
        return self.root + site_paths.archive(self.lang)

    @property
    def data_year(self) -> int | None:
        """The year whose data page the footer links: this page's (the newest on the archive);
        None on a site without reports, which has no data page."""
        year = self.year if self.year is not None else next(iter(self.years), None)
        return year if year in self.years else None

    def data_page(self) -> str:
        return self.root + site_paths.data_page(self.data_year, self.lang)

    def corrections_page(self) -> str:
        return self.root + site_paths.corrections_page(self.data_year, self.lang)

    def office_page(self) -> str:
        return self.root + site_paths.office_page(self.data_year, self.lang)

    def date(self, iso: str) -> str:
        """A date as the page's language writes it: ``30 Desember 2024``."""
        return format_date(iso, lang=self.lang)

    def history(self, history: list[list[float]]) -> str:
        """A plausibility flag's history: ``2021: 10; 2022: 11``."""
        return "; ".join(f"{int(year)}: {self.num(value)}" for year, value in history)

    # ------------------------------------------------------------------ charts
    def bars(self, entries: list[tuple[Entry, str]], metric: str) -> list[Bar]:
        """Units sorted by a figure, largest first (ties share a rank); no report goes last."""
        rows = [(e, label, e.value(metric)) for e, label in entries]
        known = sorted((r for r in rows if r[2] is not None), key=lambda r: (-r[2], r[1]))
        missing = sorted((r for r in rows if r[2] is None), key=lambda r: r[1])
        top = max((r[2] for r in known), default=0) or 0
        bars: list[Bar] = []
        rank = 0
        for position, (entry, label, value) in enumerate(known, start=1):
            if not bars or value != bars[-1].value:
                rank = position
            width = round(RANKED_MAX_BAR * value / top, 1) if top > 0 else 0.0
            text, direction = self.change(entry, metric)
            bars.append(Bar(entry, label, value, max(width, 0.0), rank, text, direction))
        bars += [Bar(e, label, None, 0.0, None, "", "unknown") for e, label, _ in missing]
        return bars


def _context(page: Page, **values: Any) -> dict[str, Any]:
    return {
        "p": page, "t": page.t, "metrics": METRICS, "metric": METRIC, "pillars": PILLARS,
        "core_metrics": CORE_METRICS,
        "css": static_text("site.css"), "js": static_text("site.js"), **values,
    }


def render_year(view: YearView, years: list[int], lang: str, root: str, other: str, *,
                extras: bool = False, notice: str = "", map_image: tuple[str, str] | None = None
                ) -> str:
    """The year page; at the site's root (``root=""``) it is also the front page."""
    page = Page(lang, root, view.year, years, extras)
    provinces = [(p.entry, p.region_name) for p in view.provinces]
    charts = [(pillar, key, page.bars(provinces, key)) for pillar, key in PILLARS]
    entries = view.entries()
    return environment().get_template("year.html").render(_context(
        page, view=view, charts=charts, other_href=other, notice=notice, map_image=map_image,
        unit_count=len(entries), report_count=sum(e.has_report for e in entries)))


def render_province(view: YearView, province: Province, years: list[int], lang: str,
                    other: str, *, extras: bool = False) -> str:
    """A province page: its headline figures and its sub-units ranked on each pillar."""
    page = Page(lang, "../../", view.year, years, extras)
    children = [(e, e.unit.name) for e in province.children]
    rankings = [(pillar, key, page.bars(children, key)) for pillar, key in PILLARS]
    return environment().get_template("province.html").render(_context(
        page, view=view, province=province, rankings=rankings, other_href=other))


def render_archive(views: list[YearView], lang: str, other: str) -> str:
    """The archive: every year with reports, newest first, with the national figures of each."""
    page = Page(lang, "", None, [view.year for view in views])
    rows = [(view, sum(e.has_report for e in view.entries()), len(view.entries()))
            for view in views]
    return environment().get_template("archive.html").render(_context(
        page, rows=rows, other_href=other))


def render_data(view: YearView, years: list[int], lang: str, other: str, *,
                extras: bool = False) -> str:
    """A year's data page: every unit's figures file (JSON), kept off the pages leadership reads."""
    page = Page(lang, "../", view.year, years, extras)
    return environment().get_template("data.html").render(_context(
        page, view=view, other_href=other))


def _unit_links(view: YearView, page: Page) -> tuple[dict[str, str], dict[str, str]]:
    """Each unit's name and, where it has one, its report's address from ``page``."""
    names = {e.unit.unit_id: e.unit.name for e in view.entries()}
    reports = {e.unit.unit_id: href for e in view.entries()
               if (href := page.report(e, "html")) is not None}
    return names, reports


def render_corrections(view: YearView, record: dict | None, years: list[int], lang: str,
                       other: str) -> str:
    """A year's publication date and every correction (Ralat), newest first."""
    page = Page(lang, "../", view.year, years, extras=True)
    names, reports = _unit_links(view, page)

    def label(figure: str) -> str:  # the Ralat box's own words for a figure
        return figure_name(figure, lang, view.year, load_vocab())

    return environment().get_template(f"{site_paths.CORRECTIONS}.html").render(_context(
        page, year=view.year, record=record, names=names, reports=reports, label=label,
        other_href=other))


def render_office(view: YearView, overview: dict, years: list[int], lang: str,
                  other: str) -> str:
    """The data office's page of a year (:mod:`helpers.site.office`)."""
    page = Page(lang, "../", view.year, years, extras=True)
    names, _ = _unit_links(view, page)
    sheets = {name: TABLES[name].sheet for name in overview["tables"] if name in TABLES}
    return environment().get_template(f"{site_paths.OFFICE}.html").render(_context(
        page, year=view.year, overview=overview, names=names, sheets=sheets, other_href=other))


#: The command that builds every report a report links (every year with data).
ALL_YEARS_COMMAND = "workbook build --all-years"


def render_placeholder(missing: Missing, name: str, years: list[int], other: str) -> str:
    """The page standing in for a report not built yet (:mod:`helpers.site.placeholders`), in
    the language of its address; ``other``: its language link."""
    page = Page(missing.lang, "../", missing.year, years)
    here = site_paths.link(missing.address, missing.address)
    return environment().get_template("placeholder.html").render(_context(
        page, missing=missing, name=name, marker=MARKER, here=here, other_href=other,
        all_command=ALL_YEARS_COMMAND))
