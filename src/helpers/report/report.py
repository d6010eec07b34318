"""What the report notebook shows: each section as Markdown, tables and charts from tested helpers.

The notebook stays narrative plus calls: it opens a :class:`Report` for its parameters and asks
it for each section. Every number shown comes from :mod:`helpers.stats.frames` (headline figures,
through :mod:`helpers.stats.figures_file`) and :mod:`helpers.stats.breakdowns`, :mod:`helpers.stats.kinerja`,
:mod:`helpers.stats.suppress` and :mod:`helpers.stats.caveats`; sentences come from :mod:`helpers.report.sentences`
and numbers are formatted by :mod:`helpers.report.fmt`, so the HTML, the PDF and the figures file agree.
Section text is Markdown; analysts' narrative is passed through as Markdown (headings demoted)
and the renderer reads all Markdown with raw HTML disabled, so it is shown, never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from IPython.display import Markdown, display

from helpers.common.config import Paths, resolve_paths
from helpers.reference.registry import Registry, Unit
from helpers.reference.vocab import Vocab, load_vocab
from helpers.report import charts, fmt
from helpers.report import sentences as narrative
from helpers.report.markdown import analyst_markdown, md_table
from helpers.report.mimetypes import FIGURES_MIME, META_MIME
from helpers.report.params import load_params
from helpers.report.text import TEXT
from helpers.stats import breakdowns as bd
from helpers.stats import subunits as su
from helpers.stats.caveats import missing_tables, non_submitters, silent_months
from helpers.stats.engine import SERVICES, FiguresOf, subtree_figures
from helpers.stats.figures_file import generation_time
from helpers.stats.frames import Frames, load_frames
from helpers.stats.kinerja import Achievement, achievements, count_realisations
from helpers.stats.report_figures import report_figures
from helpers.stats.suppress import suppress
from helpers.store.slices import Store

if TYPE_CHECKING:
    import pandas as pd

TREND_SPAN = 5


@dataclass
class Report:
    """One unit's report for one year: its data, parameters and figures."""

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
        params = load_params(paths.params_dir, int(year), unit.unit_id, given)
        frames = load_frames(store, registry, unit.unit_id, int(year), "rolled")
        own = load_frames(store, registry, unit.unit_id, int(year), "own")
        # The engine's figures once per year, shared by the figures file (this year and the
        # previous), the trend and the sub-unit comparison: for BNN RI each reads every slice.
        figures_of = subtree_figures(store, registry, unit.unit_id)
        figures = report_figures(store, registry, unit.unit_id, int(year), parameters={
            "unit_id": unit.unit_id, "year": int(year), **params}, language=params["language"],
            figures_of=figures_of)
        return cls(unit, int(year), params, paths, registry, store, figures, frames, own,
                   TEXT[params["language"]], figures_of=figures_of)

    # -- small helpers -------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.params["language"]

    @property
    def has_subunits(self) -> bool:
        return len(self.frames.unit_ids) > 1

    def t(self, key: str, **kw: Any) -> str:
        return self._text[key].format(**kw)

    @property
    def vocab(self) -> Vocab:
        """The reference vocabularies (looked up once: a label is asked for ~100 times)."""
        return self._once("vocab", lambda: load_vocab(self.paths.reference_dir))

    def label(self, field_name: str, code: str) -> str:
        return self.vocab.label(field_name, code, self.lang)

    def i(self, value: float) -> str:
        return fmt.format_int(value, lang=self.lang)

    def _bold(self, cells: list[str]) -> list[str]:
        return [f"**{c}**" if c else c for c in cells]

    def _show(self, fig: Any, title: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Display a chart whose alt text names every value it draws (or its mark)."""
        listing = "; ".join(f"{k}: {v}" for k, v in pairs)
        charts.show(fig, alt=f"{title}. {listing}." if listing else title)

    def _cases_suspects(self, cases: int, suspects: int) -> str:
        """``10 kasus, 13 tersangka`` (en ``10 cases, 13 suspects``) for alt texts."""
        if self.lang == "id":
            return f"{self.i(cases)} kasus, {self.i(suspects)} tersangka"
        return (f"{fmt.number_label(cases, 'case', 'en')}, "
                f"{fmt.number_label(suspects, 'suspect', 'en')}")

    # -- cover and summary ---------------------------------------------------------------
    def publish(self) -> None:
        """Emit the figures file and the title metadata (read by the renderer, not shown)."""
        meta = {
            "title": self.unit.name,
            "subtitle": self.t("subtitle", year=self.year),
            "lang": self.lang,
            "draft": self.params["status"] == "draft",
            "date": fmt.format_date(generation_time().date(), lang=self.lang),
            "unit_id": self.unit.unit_id,
            "year": self.year,
        }
        display({FIGURES_MIME: self.figures, META_MIME: meta,
                 "text/plain": f"{self.unit.name} — {meta['subtitle']}"}, raw=True)

    def headline_rows(self) -> list[tuple[str, float, float | None]]:
        """(label key, this year, previous year or None) of the summary table."""
        f, p = self.figures, self.figures["previous"]
        return [
            ("cases", f["cases"], p and p["cases"]),
            ("suspects", f["suspects"], p and p["suspects"]),
            ("clients", f["rehab"]["clients"], p and p["rehab"]["clients"]),
            ("activities", f["outreach"]["activities"], p and p["outreach"]["activities"]),
            ("participants", f["outreach"]["participants"],
             p and p["outreach"]["participants"]),
            ("media_reach", f["outreach"]["media_reach"], p and p["outreach"]["media_reach"]),
        ]

    def summary(self) -> Markdown:
        f, prev = self.figures, self.figures["previous"]
        name, lang = self.unit.name, self.lang
        sentences = [
            narrative.enforcement_sentence(name, self.year, f, self.label, lang),
            narrative.rehab_sentence(name, self.year, f["rehab"], self.label, lang),
            narrative.outreach_sentence(name, self.year, f["outreach"], lang),
            narrative.change_sentence(name, f, not self.unit.exists_in(self.year - 1), lang),
        ]
        header = [self.t("figure"), str(self.year)]
        if prev:
            header += [str(prev["year"]), self.t("change", year=prev["year"])]
        rows = []
        for key, value, before in self.headline_rows():
            row = [self.t(key), self.i(value)]
            if prev:
                row += [self.i(before), narrative.change_cell(value, before, lang)]
            rows.append(row)
        scope = (self.t("scope_rolled", name=name, n=len(self.frames.unit_ids) - 1)
                 if self.has_subunits else self.t("scope_own", name=name))
        legend = f"\n\n{self.t('arrows')}" if prev else ""
        return Markdown(f"## {self.t('summary')}\n\n" + "\n\n".join(sentences)
                        + f"\n\n{md_table(header, rows)}\n\n{scope}{legend}\n")

    # -- pemberantasan -------------------------------------------------------------------
    def enforcement(self) -> Markdown:
        f = self.figures
        cases = bd.cases_per_month(self.frames.cases)
        suspects = bd.suspects_per_month(self.frames.cases)
        rows = [[fmt.month_name(m, self.lang), self.i(cases[m - 1]), self.i(suspects[m - 1])]
                for m in range(1, 13)]
        rows.append(self._bold([self.t("total"), self.i(f["cases"]), self.i(f["suspects"])]))
        monthly = md_table([self.t("month"), self.t("cases"), self.t("suspects")], rows)
        seized = [[self.label("drug", s["drug"]), fmt.format_decimal(s["quantity"], 3, self.lang),
                   self.label("uom", s["uom"])] for s in f["seizures"]]
        seizures = (md_table([self.t("drug"), self.t("quantity"), self.t("uom")], seized, "lrl")
                    + f"\n\n{self.t('seizures_note')}" if seized else self.t("no_seizures"))
        sentence = narrative.enforcement_sentence(self.unit.name, self.year, f, self.label,
                                                  self.lang)
        return Markdown(f"## {self.t('pemberantasan')}\n\n{sentence}\n\n"
                        f"### {self.t('per_month')}\n\n{monthly}\n\n"
                        f"### {self.t('seizures')}\n\n{seizures}\n")

    def cases_chart(self) -> None:
        cases = bd.cases_per_month(self.frames.cases)
        suspects = bd.suspects_per_month(self.frames.cases)
        months = [fmt.month_abbr(m, self.lang) for m in range(1, 13)]
        title = self.t("cases_month", year=self.year)
        fig = charts.grouped_bar_chart(months, {self.t("cases"): cases,
                                                self.t("suspects"): suspects},
                                       title=title, value_label=self.t("count"), lang=self.lang)
        self._show(fig, title, [(m, self._cases_suspects(c, s))
                                for m, c, s in zip(months, cases, suspects, strict=True)])

    def seizures_chart(self) -> None:
        groups = bd.seizures_by_uom(self.figures["seizures"])
        if not groups:
            return
        title = self.t("seizure_chart", year=self.year)
        panels = {self.label("uom", uom): ([self.label("drug", d) for d, _ in items],
                                           [q for _, q in items])
                  for uom, items in groups.items()}
        fig = charts.panel_bar_chart(panels, title=title, lang=self.lang)
        self._show(fig, title, [(self.label("drug", s["drug"]),
                                 fmt.format_quantity(s["quantity"], s["uom"], self.lang))
                                for s in self.figures["seizures"]])

    def trend(self) -> Markdown:
        rows = [[str(r["year"]), self.i(r["cases"]), self.i(r["suspects"]), self.i(r["clients"]),
                 self.i(r["participants"])] for r in self.trend_rows()]
        header = [self.t("year"), self.t("cases"), self.t("suspects"), self.t("clients"),
                  self.t("participants")]
        return Markdown(f"### {self.t('trend')}\n\n{md_table(header, rows, 'lrrrr')}\n")

    def trend_rows(self) -> list[dict[str, int]]:
        """Headline counts of up to five years the unit existed and the store holds."""
        return self._once("trend_rows", lambda: su.yearly_counts(
            self.store, self.registry, self.unit.unit_id, self.year, TREND_SPAN,
            figures_of=self.figures_of))

    def trend_chart(self) -> None:
        rows = self.trend_rows()
        years = [r["year"] for r in rows]
        title = self.t("trend_chart", first=years[0], last=years[-1])
        fig = charts.line_chart(years, {self.t("cases"): [r["cases"] for r in rows],
                                        self.t("suspects"): [r["suspects"] for r in rows]},
                                title=title, value_label=self.t("count"), lang=self.lang)
        self._show(fig, title, [(str(r["year"]), self._cases_suspects(r["cases"], r["suspects"]))
                                for r in rows])

    # -- rehabilitasi --------------------------------------------------------------------
    @property
    def threshold(self) -> int:
        return int(self.params["suppression_threshold"])

    def _suppressed_table(self, title: str, head: str, counts: dict[str, int]) -> str:
        s = suppress(list(counts.values()), self.threshold)
        rows = [[label, s.mark(i) or self.i(v)] for i, (label, v) in enumerate(counts.items())]
        rows.append(self._bold([self.t("total"), self.i(s.total)]))
        return f"### {title}\n\n{md_table([head, self.t('clients_unit')], rows)}\n"

    @property
    def first_admissions(self) -> pd.DataFrame:
        """Each client's first admission of the year: what every client table counts."""
        return self._once("first_admissions", lambda: bd.first_admissions(self.frames.rehab))

    def rehab_breakdowns(self) -> dict[str, tuple[str, str, dict[str, int]]]:
        """The suppressed rehab tables: key → (title, first column, counts by label)."""
        r, first = self.frames.rehab, self.first_admissions
        months = bd.clients_per_month(r, first=first)
        by_sex = bd.clients_by_sex(r, first=first)
        return {
            "month": (self.t("rehab_month"), self.t("month"),
                      {fmt.month_name(m, self.lang): months[m - 1] for m in range(1, 13)}),
            "provider": (self.t("rehab_provider"), self.t("provider"),
                         bd.clients_by_provider(r, first=first)),
            "sex": (self.t("rehab_sex"), self.t("sex"),
                    {self.label("sex", k): v for k, v in by_sex.items()}),
            "age": (self.t("rehab_age"), self.t("age"),
                    {self.t("age_years", band=k): v
                     for k, v in bd.clients_by_age_group(r, first=first).items()}),
            "referral": (self.t("rehab_referral"), self.t("referral"),
                         {self.t(k): v
                          for k, v in bd.clients_by_referral(r, first=first).items()}),
        }

    def rehab(self) -> Markdown:
        rehab = self.figures["rehab"]
        rows = [[self.label("service", s), self.i(rehab[s])] for s in SERVICES]
        rows.append(self._bold([self.t("clients_total"), self.i(rehab["clients"])]))
        parts = [f"## {self.t('rehabilitasi')}",
                 narrative.rehab_sentence(self.unit.name, self.year, rehab, self.label,
                                          self.lang),
                 md_table([self.t("service"), self.t("clients_unit")], rows),
                 self.suppression_rule()]
        for title, head, counts in self.rehab_breakdowns().values():
            parts.append(self._suppressed_table(title, head, counts))
        parts.append(self._status_table())
        return Markdown("\n\n".join(parts) + "\n")

    def suppression_rule(self) -> str:
        if self.threshold <= 1:
            return self.t("suppression_off")
        return self.t("suppression_rule", t=self.threshold, t1=self.threshold - 1)

    def _status_table(self) -> str:
        status = bd.enrolments_by_status(self.frames.rehab)
        s = suppress(list(status.values()), self.threshold)
        rows = [[self.label("status", k), s.mark(i) or self.i(v)]
                for i, (k, v) in enumerate(status.items())]
        rows.append(self._bold([self.t("total"), self.i(s.total)]))
        rate = bd.completion_rate(status)
        note = (self.t("completion", rate=fmt.format_percent(rate, 1, self.lang))
                if rate is not None else self.t("completion_none"))
        table = md_table([self.t("status"), self.t("enrolments")], rows)
        return f"### {self.t('rehab_status')}\n\n{table}\n\n{note}\n"

    def rehab_chart(self) -> None:
        rehab = self.figures["rehab"]
        labels = [self.label("service", s) for s in SERVICES]
        title = self.t("rehab_chart", year=self.year)
        fig = charts.bar_chart(labels, [rehab[s] for s in SERVICES], title=title,
                               value_label=self.t("clients_unit"), lang=self.lang)
        self._show(fig, title, [(lab, self.i(rehab[s]))
                                for lab, s in zip(labels, SERVICES, strict=True)])

    def rehab_month_chart(self) -> None:
        """Clients per month of admission; suppressed months get no bar, only their mark."""
        months = bd.clients_per_month(self.frames.rehab, first=self.first_admissions)
        s = suppress(months, self.threshold)
        labels = [fmt.month_abbr(m, self.lang) for m in range(1, 13)]
        marks = [s.mark(i) for i in range(12)]
        title = self.t("rehab_month_chart", year=self.year)
        fig = charts.marked_bar_chart(labels, [s.shown(i) for i in range(12)], marks,
                                      title=title, value_label=self.t("clients_unit"),
                                      lang=self.lang, horizontal=False)
        self._show(fig, title, [(lab, marks[i] or self.i(months[i]))
                                for i, lab in enumerate(labels)])

    # -- P2M -----------------------------------------------------------------------------
    def outreach(self) -> Markdown:
        o = self.figures["outreach"]
        sentence = narrative.outreach_sentence(self.unit.name, self.year, o, self.lang)
        header_tail = [self.t("activities_unit"), self.t("participants_unit"),
                       self.t("media_unit")]
        total = self._bold([self.t("total"), self.i(o["activities"]), self.i(o["participants"]),
                            self.i(o["media_reach"])])

        def table(frame: Any, column: str, field_name: str, head: str) -> str:
            if frame.empty:
                return self.t("no_activity")
            rows = [[self.label(field_name, str(getattr(r, column))), self.i(r.activities),
                     self.i(r.participants), self.i(r.media_reach)] for r in frame.itertuples()]
            return md_table([head, *header_tail], [*rows, total])

        by_activity = table(bd.outreach_by_activity(self.frames.outreach), "activity", "activity",
                            self.t("activity"))
        by_sector = table(bd.outreach_by_sector(self.frames.outreach), "sector", "sector",
                          self.t("sector"))
        return Markdown(f"## {self.t('p2m')}\n\n{sentence}\n\n{self.t('p2m_note')}\n\n"
                        f"### {self.t('by_activity')}\n\n{by_activity}\n\n"
                        f"### {self.t('by_sector')}\n\n{by_sector}\n")

    def outreach_chart(self) -> None:
        frame = bd.outreach_by_activity(self.frames.outreach)
        frame = frame[frame["participants"] > 0]
        if frame.empty:
            return
        labels = [self.label("activity", a) for a in frame["activity"]]
        values = frame["participants"].tolist()
        title = self.t("p2m_chart", year=self.year)
        fig = charts.bar_chart(labels, values, title=title,
                               value_label=self.t("participants_unit"), lang=self.lang)
        self._show(fig, title, [(lab, self.i(v)) for lab, v in zip(labels, values, strict=True)])

    def sector_chart(self) -> None:
        frame = bd.outreach_by_sector(self.frames.outreach)
        frame = frame[frame["participants"] > 0]
        if frame.empty:
            return
        labels = [self.label("sector", str(a)) for a in frame["sector"]]
        values = frame["participants"].tolist()
        title = self.t("sector_chart", year=self.year)
        fig = charts.bar_chart(labels, values, title=title,
                               value_label=self.t("participants_unit"), lang=self.lang)
        self._show(fig, title, [(lab, self.i(v)) for lab, v in zip(labels, values, strict=True)])

    # -- kinerja -------------------------------------------------------------------------
    def achievements(self) -> list[Achievement]:
        realised = count_realisations(self.figures["own"], self.own_frames.outreach)
        return achievements(self.own_frames.targets, realised,
                            self.vocab)

    def _value(self, a: Achievement, value: float | None) -> str:
        if value is None:
            return "–"
        return self.i(value) if a.kind == "count" else fmt.format_decimal(value, 2, self.lang)

    def kinerja(self) -> Markdown:
        items = self.achievements()
        rows = []
        for a in items:
            ratio = "–" if a.ratio is None else fmt.format_percent(a.ratio, 1, self.lang)
            result = {True: self.t("met"), False: self.t("not_met"), None: "–"}[a.achieved]
            rows.append([self.label("indicator", a.indicator), self._value(a, a.target),
                         self._value(a, a.realisation), ratio, result])
        met = sum(1 for a in items if a.achieved)
        lead = narrative.achievement_sentence(met, len(items), self.lang)
        table = (md_table([self.t("indicator"), self.t("target"), self.t("realisation"),
                           self.t("achievement"), self.t("result")], rows, "lrrrl",
                          (44, 12, 12, 12, 20))
                 if rows else "")
        return Markdown(f"## {self.t('kinerja')}\n\n{lead}\n\n{table}\n\n"
                        f"{self.t('kinerja_note')}\n")

    def kinerja_chart(self) -> None:
        items = [a for a in self.achievements() if a.ratio is not None]
        if not items:
            return
        labels = [self.label("indicator", a.indicator) for a in items]
        values = [round(a.ratio * 100, 1) for a in items]  # type: ignore[operator]
        title = self.t("kinerja_chart", year=self.year)
        fig = charts.bar_chart(labels, values, title=title, value_label=self.t("kinerja_axis"),
                               lang=self.lang, horizontal=True)
        fig.axes[0].axvline(100, color="#333333", linestyle="--", linewidth=1)
        self._show(fig, title, [(lab, fmt.format_percent(v / 100, 1, self.lang))
                                for lab, v in zip(labels, values, strict=True)])

    # -- sub-units -----------------------------------------------------------------------
    def subunit_comparison(self) -> su.SubunitComparison | None:
        """Own work and each direct sub-unit's counts; None for a unit without sub-units."""
        if not self.registry.children(self.unit.unit_id, self.year):
            return None
        return self._once("subunits", lambda: su.compare_subunits(
            self.store, self.registry, self.unit.unit_id, self.year,
            figures_of=self.figures_of))

    def subunits(self) -> Markdown:
        """Ranked comparison of the direct sub-units (BNNP, BNN RI); nothing for a BNNK."""
        r = self.subunit_comparison()
        if r is None:
            return Markdown("")
        keys = su.COMPARED
        widths = [12] * len(keys)
        header = [self.t("rank"), self.t("unit"), *(self.t(k) for k in keys)]
        rows = [[str(n), name, *(self.i(f[k]) for k in keys)]
                for n, (_, name, f) in enumerate(r.subunits, 1)]
        rows.append(["", self.t("own_row", name=self.unit.name), *(self.i(r.own[k])
                                                                  for k in keys)])
        rows.append(self._bold(["", self.t("rolled_row"), *(self.i(r.total[k]) for k in keys)]))
        return Markdown(f"## {self.t('subunits')}\n\n"
                        f"{self.t('subunits_note', name=self.unit.name)}\n\n"
                        f"{md_table(header, rows, 'll' + 'r' * len(keys), (4, 34, *widths))}\n")

    def subunits_chart(self) -> None:
        r = self.subunit_comparison()
        if r is None:
            return
        labels = [name for _, name, _ in r.subunits]
        values = [f["cases"] for _, _, f in r.subunits]
        title = self.t("subunit_chart", year=self.year)
        fig = charts.bar_chart(labels, values, title=title, value_label=self.t("cases"),
                               lang=self.lang, horizontal=True)
        fig.set_figheight(min(fig.get_figheight(), 9.0))  # 38 provinces still fit one page
        self._show(fig, title, [(lab, self.i(v)) for lab, v in zip(labels, values, strict=True)])

    # -- narrative and sign-off ----------------------------------------------------------
    def narrative(self) -> Markdown:
        parts = [f"## {self.t('narrative')}\n"]
        texts = self.params["narrative"]
        for key in ("highlights", "obstacles", "actions"):
            text = analyst_markdown(str(texts.get(key) or ""))
            if text:
                parts.append(f"### {self.t(key)}\n\n{text}\n")
        if len(parts) == 1:
            parts.append(self.t("no_narrative") + "\n")
        parts.append(self.sign_off())
        return Markdown("\n".join(parts))

    def sign_off(self) -> str:
        """The signature block: place and date, title, name; a DRAFT line while a draft."""
        signatory = self.params["signatory"]
        date = fmt.format_date(generation_time().date(), lang=self.lang)
        place = str(signatory.get("place") or "").strip()
        block = [self.t("signed_at", place=place, date=date) if place else date]
        if signatory.get("title"):
            block.append(str(signatory["title"]))
        if signatory.get("name"):
            block.append(f"**{signatory['name']}**")
        draft = f"\n\n{self.t('draft_sign')}" if self.params["status"] == "draft" else ""
        return "\n---\n\n" + "\\\n".join(block) + draft + "\n"

    # -- data notes ----------------------------------------------------------------------
    def caveats(self) -> list[str]:
        units = list(self.frames.unit_ids)
        lines = []
        names = dict(zip(("cases", "rehab", "outreach"), self.t("table_names").split("|"),
                         strict=True))
        gaps: dict[str, list[str]] = {}
        for unit_id, table in missing_tables(self.store, units, self.year):
            gaps.setdefault(unit_id, []).append(names[table])
        for unit_id, tables in gaps.items():
            lines.append(self.t("missing_table", unit=self.registry.get(unit_id).name,
                                tables=fmt.join_list(tables, self.lang), year=self.year))
        months = silent_months({"cases": self.frames.cases, "rehab": self.frames.rehab,
                                "outreach": self.frames.outreach})
        if months:
            lines.append(self.t("silent_months", months=fmt.join_list(
                [fmt.month_name(m, self.lang) for m in months], self.lang)))
        missing = non_submitters(self.store.root, self.year, units)
        if missing:
            lines.append(self.t("non_submitters", year=self.year, units=fmt.join_list(
                [self.registry.get(u).name for u in missing], self.lang)))
        return lines

    def provenance(self) -> Markdown:
        p = self.figures["provenance"]
        shown = {k: v for k, v in p["parameters"].items() if k != "narrative"}
        params = "; ".join(f"{k}: {_param_text(v)}" for k, v in shown.items())
        rows = [[self.t("data_folder"), f"`{p.get('data', '')}`"],
                [self.t("data_hash"), f"`{p['data_sha256']}`"],
                [self.t("code_version"), f"`{p['code_version']}`"],
                [self.t("generated"), p["generated_at"]],
                [self.t("parameters"), params]]
        caveats = self.caveats()
        caveat_md = ("\n".join(f"- {c}" for c in caveats) if caveats
                     else self.t("no_caveats"))
        definitions = "\n".join(f"- {self.t(k)}" for k in ("def_case", "def_clients",
                                                           "def_participants", "def_rolled"))
        return Markdown(f"## {self.t('provenance')}\n\n### {self.t('caveats')}\n\n{caveat_md}\n\n"
                        f"### {self.t('definitions')}\n\n{definitions}\n- {self.suppression_rule()}"
                        f"\n\n### {self.t('origin')}\n\n"
                        f"{md_table([self.t('figure'), self.t('value')], rows, 'll')}\n")


def _param_text(value: Any) -> str:
    """A parameter's value in one short line (nested mappings as key: value)."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
        return "{" + inner + "}"
    return str(value)
