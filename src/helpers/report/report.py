"""The report's context: one unit's data, parameters and figures for one year, and its sections.

The notebook opens a :class:`Report` for its parameters (:meth:`Report.open`) and asks it for
each section in turn (``report.summary()``, ``report.cases_chart()`` …). ``Report`` holds what
every section shares — the data, the figures file, the results several cells use (computed
once), the wording and number formats of the report's language — and hands each section over
to its own module in :mod:`helpers.report.sections`, where the tables, sentences and charts are
built. The methods below keep the notebook's names, so the notebook reads as it always did.

Every number comes from :mod:`helpers.stats`: headline figures from the aggregation engine
(:mod:`helpers.stats.engine`, through the figures file of :mod:`helpers.stats.report_figures`),
breakdowns from :mod:`helpers.stats.breakdowns`, suppression from :mod:`helpers.stats.suppress`,
targets from :mod:`helpers.stats.kinerja`, sub-units and trend from :mod:`helpers.stats.subunits`,
caveats from :mod:`helpers.stats.caveats`. Words come from :mod:`helpers.report.text` and
:mod:`helpers.report.sentences`, formats from :mod:`helpers.report.fmt`, so the HTML, the PDF
and the figures file agree. Analysts' narrative is passed through as Markdown (headings demoted)
and the renderer reads all Markdown with raw HTML disabled, so it is shown, never run.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from IPython.display import Markdown, display

from helpers.common.config import Paths, resolve_paths
from helpers.reference.registry import Registry
from helpers.reference.units import Unit
from helpers.reference.vocab import Vocab, load_vocab
from helpers.report import dataframes, fmt, sections
from helpers.report.mimetypes import FIGURES_MIME, META_MIME
from helpers.report.navigation import Navigation, navigation
from helpers.report.params import BUILTIN_DEFAULTS, ParamsError, load_params, read_checked
from helpers.report.text import TEXT
from helpers.stats import breakdowns as bd
from helpers.stats import subunits as su
from helpers.stats.engine import FiguresOf, subtree_figures
from helpers.stats.figures_file import code_version, generation_time
from helpers.stats.frames import Frames, load_report_frames
from helpers.stats.kinerja import Achievement, unit_achievements
from helpers.stats.report_figures import report_figures
from helpers.store.slices import Store

if TYPE_CHECKING:
    import pandas as pd

TREND_SPAN = 5


def warm_up() -> None:
    """Read what every report of a build opens first into its memo: the registry (with each
    year's tree of units and its sub-unit charts' names shaped), every slice's digest, the
    code version, the bundled vocabularies and the params defaults (of WORKBOOK_DATA_DIR and
    WORKBOOK_PARAMS_DIR, else the project's own). The kernel fork-server calls this before it
    forks (~0.5 s at national size), so a forked kernel only looks at the files' versions
    (~15 ms less per BNNK report, ~30 ms per BNNP). A file changed since is read again in the
    kernel, never stale; a unit's own params file serves one report, so it is left to it."""
    paths = resolve_paths()
    params_dir = Path(paths.params_dir)
    for path in [params_dir / "defaults.yaml", *sorted(params_dir.glob("*/defaults.yaml"))]:
        with contextlib.suppress(ParamsError, OSError):
            read_checked(path)
    try:
        _warm_units(paths)
    except Exception:  # a warm-up only saves time: each kernel reads (and reports) it again
        return


def _warm_units(paths: Paths) -> None:
    load_vocab()  # the bundled vocabularies: a sentence writes its quantities with them
    code_version()  # the code and notebook hash a report's provenance names
    registry = Registry.load(paths.reference_dir)
    store = Store(paths.store_dir, on_wait=None)
    with store.reading():
        years = store.years()
        # Each year's tree of units (a report asks for five years' sub-units).
        for year in years:
            for unit in registry.units(year)[:1]:
                registry.children(unit.unit_id, year)
        # Every slice's digest, remembered by its stat: the data hash of a report's
        # provenance then hashes no file (a BNNP's ~700, BNN RI's ~9,000).
        store.digest(years, [unit.unit_id for unit in registry.units()])
    sections.subunits.warm_up(registry, years)  # the sub-unit charts' names, shaped


@dataclass
class Report:
    """One unit's report for one year: its data, parameters and figures, and its sections."""

    unit: Unit
    year: int
    params: dict[str, Any]
    paths: Paths
    registry: Registry
    store: Store
    figures: dict[str, Any]
    frames: Frames
    own_frames: Frames
    _text: dict[str, str] = field(repr=False, default_factory=dict)
    # Results several cells share (a table and its chart): computed once per report, since for
    # BNN RI each reads every unit's slices for five years.
    _memo: dict[str, Any] = field(repr=False, default_factory=dict)
    #: year → the engine's figures of this unit's subtree (:func:`subtree_figures`, cached).
    figures_of: FiguresOf | None = field(repr=False, default=None)

    def __post_init__(self) -> None:
        if self.figures_of is None:
            self.figures_of = subtree_figures(self.store, self.registry, self.unit.unit_id)

    def _once(self, key: str, compute: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @classmethod
    def open(cls, unit_id: str, year: int, *, data_dir: str | Path | None = None,
             params_dir: str | Path | None = None, **given: Any) -> Report:
        """Open a report; parameters given as None come from the params files."""
        paths = resolve_paths(data_dir=data_dir, params_dir=params_dir)
        registry = Registry.load(paths.reference_dir)
        unit = registry.get(unit_id)
        if not unit.exists_in(int(year)):
            raise ValueError(f"{unit.name} ({unit_id}) does not exist in {year} "
                             "according to the units registry")
        store = Store(paths.store_dir).require()
        # The plan's, never a params file's: the year's publication date and the corrections
        # that touched this report (helpers.store.publications.unit_publication).
        publication = given.pop("publication", None)
        params = load_params(paths.params_dir, int(year), unit.unit_id, given)
        params["publication"] = publication
        with store.reading():  # one hold of the store for all the reads below, not one each
            store_years = store.years()
            # Rolled and own rows, each slice read once (targets are always own).
            frames, own = load_report_frames(store, registry, unit.unit_id, int(year))
            # The engine's figures once per year, shared by the figures file (this year and the
            # previous), the trend and the sub-unit comparison: for BNN RI each reads every
            # slice.
            figures_of = subtree_figures(store, registry, unit.unit_id)
            figures = report_figures(store, registry, unit.unit_id, int(year), parameters={
                "unit_id": unit.unit_id, "year": int(year), **params},
                language=params["language"], figures_of=figures_of, store_years=store_years)
        dataframes.install(params["language"])  # an analyst's DataFrames reach the report
        return cls(unit, int(year), params, paths, registry, store, figures, frames, own,
                   TEXT[params["language"]], {"store_years": store_years},
                   figures_of=figures_of)

    # -- language ------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        """The report's language, ``id`` or ``en``."""
        return self.params["language"]

    @property
    def has_subunits(self) -> bool:
        """Whether the figures roll up sub-units (a BNNP or BNN RI with units under it)."""
        return len(self.frames.unit_ids) > 1

    def t(self, key: str, **kw: Any) -> str:
        """The fixed wording ``key`` of :mod:`helpers.report.text`, its fields filled in."""
        return self._text[key].format(**kw)

    @property
    def vocab(self) -> Vocab:
        """The reference vocabularies (looked up once: a label is asked for ~100 times)."""
        return self._once("vocab", lambda: load_vocab(self.paths.reference_dir))

    def label(self, field_name: str, code: str) -> str:
        """A code's label (a drug, a service, an indicator …) in the report's language."""
        return self.vocab.label(field_name, code, self.lang)

    def i(self, value: float) -> str:
        """A whole number as the report's language writes it (``1.234`` / ``1,234``)."""
        return fmt.format_int(value, lang=self.lang)

    @property
    def threshold(self) -> int:
        """Breakdown cells below this are hidden (the ``suppression_threshold`` parameter)."""
        return int(self.params["suppression_threshold"])

    # -- results several cells share (a table and its chart) -----------------------------
    @property
    def first_admissions(self) -> pd.DataFrame:
        """Each client's first admission of the year: what every client table counts."""
        return self._once("first_admissions", lambda: bd.first_admissions(self.frames.rehab))

    def store_years(self) -> list[int]:
        """The years the store has data for, listed once per report (the figures file, the
        trend and the navigation ask; a listing looks into every table's year folders)."""
        return self._once("store_years", self.store.years)

    def trend_rows(self) -> list[dict[str, int]]:
        """Headline counts of up to five years the unit existed and the store holds."""
        return self._once("trend_rows", lambda: su.yearly_counts(
            self.store, self.registry, self.unit.unit_id, self.year, TREND_SPAN,
            figures_of=self.figures_of, store_years=self.store_years()))

    def subunit_comparison(self) -> su.SubunitComparison | None:
        """Own work and each direct sub-unit's counts; None for a unit without sub-units."""
        if not self.registry.children(self.unit.unit_id, self.year):
            return None
        return self._once("subunits", lambda: su.compare_subunits(
            self.store, self.registry, self.unit.unit_id, self.year,
            figures_of=self.figures_of))

    def achievements(self) -> list[Achievement]:
        """Each indicator's target and the unit's own realisation (its own work only); penggiat
        from workshops when the unit did not report pemberdayaan, marked ``basis="proxy"``."""
        return self._once("achievements", lambda: unit_achievements(
            self.own_frames.targets, self.figures["own"], self.own_frames.outreach, self.vocab))

    # -- cover ---------------------------------------------------------------------------
    @property
    def published_on(self) -> str | None:
        """The date the year was published (ISO), or None while it is not."""
        publication = self.params.get("publication") or {}
        return publication.get("published_on")

    def navigation(self) -> Navigation:
        """Where the report page leads: the site's breadcrumbs, the unit's other years, its PDF
        and other language, the HTML version's address for the PDF (:mod:`.navigation`)."""
        return self._once("navigation", lambda: navigation(
            self.registry, self.unit.unit_id, self.year, self.lang,
            store_years=self.store_years(), bilingual=bool(self.params.get("bilingual")),
            site_url=self.params.get("site_url") or None,
            # A report in the default language links every year (each year's is built); one in
            # the other language only the years whose params publish it (the build's plan).
            year_languages=None if self.lang == BUILTIN_DEFAULTS["language"]
            else self._year_languages))

    def _year_languages(self, year: int) -> set[str]:
        """The languages ``year``'s report of this unit is built in, as the build plans it:
        its params' language, and the other one when they say ``bilingual``."""
        try:
            params = load_params(self.paths.params_dir, year, self.unit.unit_id)
        except ParamsError:  # that year cannot be planned: nothing of it to link
            return set()
        return {params["language"], *(TEXT if params.get("bilingual") else ())}

    def publish(self) -> None:
        """Emit the figures file and the title metadata (read by the renderer, not shown)."""
        meta = {
            "title": self.unit.name,
            "subtitle": self.t("subtitle", year=self.year),
            "lang": self.lang,
            "draft": self.params["status"] == "draft" and not self.published_on,
            "date": fmt.format_date(self.published_on or generation_time().date(),
                                    lang=self.lang),
            "unit_id": self.unit.unit_id,
            "year": self.year,
            "navigation": self.navigation().to_meta(),
        }
        display({FIGURES_MIME: self.figures, META_MIME: meta,
                 "text/plain": f"{self.unit.name} — {meta['subtitle']}"}, raw=True)

    # -- the sections, by the names the notebook calls (each in helpers.report.sections) --
    def summary(self) -> Markdown:
        return sections.summary.section(self)

    def headline_rows(self) -> list[tuple[str, float, float | None]]:
        return sections.summary.headline_rows(self)

    def enforcement(self) -> Markdown:
        return sections.enforcement.section(self)

    def cases_chart(self) -> None:
        sections.enforcement.cases_chart(self)

    def seizures(self) -> Markdown:
        return sections.enforcement.seizures(self)

    def seizures_chart(self) -> None:
        sections.enforcement.seizures_chart(self)

    def trend(self) -> Markdown:
        return sections.enforcement.trend(self)

    def trend_chart(self) -> None:
        sections.enforcement.trend_chart(self)

    def rehab(self) -> Markdown:
        return sections.rehabilitation.section(self)

    def rehab_breakdowns(self) -> dict[str, tuple[str, str, dict[str, int]]]:
        return sections.rehabilitation.breakdowns(self)

    def suppression_rule(self) -> str:
        return sections.rehabilitation.suppression_rule(self)

    def rehab_chart(self) -> None:
        sections.rehabilitation.services_chart(self)

    def rehab_month_table(self) -> Markdown:
        return sections.rehabilitation.month_table(self)

    def rehab_month_chart(self) -> None:
        sections.rehabilitation.month_chart(self)

    def rehab_tables(self) -> Markdown:
        return sections.rehabilitation.client_tables(self)

    def assessment(self) -> Markdown:
        return sections.assessment.section(self)

    def skhpn(self) -> Markdown:
        return sections.assessment.skhpn(self)

    def outreach(self) -> Markdown:
        return sections.outreach.section(self)

    def outreach_chart(self) -> None:
        sections.outreach.activity_chart(self)

    def sector_table(self) -> Markdown:
        return sections.outreach.sector_table(self)

    def sector_chart(self) -> None:
        sections.outreach.sector_chart(self)

    def urine_tests(self) -> Markdown:
        return sections.outreach.urine_tests(self)

    def community(self) -> Markdown:
        return sections.community.section(self)

    def kinerja(self) -> Markdown:
        return sections.kinerja.section(self)

    def kinerja_chart(self) -> None:
        sections.kinerja.chart(self)

    def subunits(self) -> Markdown:
        return sections.subunits.section(self)

    def subunits_chart(self) -> None:
        sections.subunits.chart(self)

    def subunits_map(self) -> None:
        sections.subunits.map(self)

    def narrative(self) -> Markdown:
        return sections.narrative.section(self)

    def sign_off(self) -> str:
        return sections.narrative.sign_off(self)

    def caveats(self) -> list[str]:
        return sections.data_notes.caveats(self)

    def provenance(self) -> Markdown:
        return sections.data_notes.section(self)
