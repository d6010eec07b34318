"""What the report notebook shows: each section as Markdown, tables and charts from tested helpers.

The notebook stays narrative plus calls: it opens a :class:`Report` for its parameters and asks
it for each section. Every number shown comes from :mod:`helpers.aggregate` through
:mod:`helpers.figures` and is formatted by :mod:`helpers.fmt`, so the HTML, the PDF and the
figures file agree. Section text is Markdown; analysts' narrative is passed through as Markdown
and the renderer reads all Markdown with raw HTML disabled, so it is shown, never run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from IPython.display import Markdown, display

from helpers import charts, fmt
from helpers.aggregate import (
    SERVICES,
    Frames,
    load_frames,
    outreach_by_activity,
    per_month,
)
from helpers.config import Paths, resolve_paths
from helpers.figures import generation_time, report_figures
from helpers.params import load_params
from helpers.registry import Registry, Unit
from helpers.render import FIGURES_MIME, META_MIME
from helpers.store import Store
from helpers.vocab import load_vocab

TEXT = {
    "id": {
        "subtitle": "Laporan Akhir Tahun {year}",
        "summary": "Ringkasan",
        "figure": "Indikator",
        "this_year": "{year}",
        "change": "Perubahan",
        "cases": "Kasus narkotika diungkap",
        "suspects": "Tersangka",
        "clients": "Klien rehabilitasi",
        "activities": "Kegiatan P2M",
        "participants": "Peserta kegiatan P2M",
        "media_reach": "Jangkauan media",
        "scope_rolled": "Angka di laporan ini mencakup {name} beserta {n} satuan kerja di "
                        "bawahnya (angka gabungan); angka kerja sendiri ditandai.",
        "scope_own": "Angka di laporan ini adalah kinerja {name} sendiri.",
        "pemberantasan": "Pemberantasan",
        "seizures": "Barang bukti disita",
        "drug": "Jenis narkotika",
        "quantity": "Jumlah",
        "no_seizures": "Tidak ada barang bukti yang disita pada tahun ini.",
        "cases_month": "Kasus per bulan, {year}",
        "rehabilitasi": "Rehabilitasi",
        "service": "Layanan",
        "clients_unit": "Klien",
        "clients_total": "Jumlah klien (setiap klien dihitung sekali)",
        "rehab_chart": "Klien rehabilitasi per layanan, {year}",
        "p2m": "Pencegahan dan Pemberdayaan Masyarakat",
        "activity": "Jenis kegiatan",
        "activities_unit": "Kegiatan",
        "participants_unit": "Peserta",
        "media_unit": "Jangkauan media",
        "p2m_chart": "Peserta kegiatan P2M per jenis kegiatan, {year}",
        "p2m_note": "Peserta dihitung dari kegiatan tatap muka; jangkauan media (penonton dan "
                    "pembaca) dilaporkan terpisah.",
        "people": "orang",
        "narrative": "Catatan dan kendala",
        "highlights": "Capaian utama",
        "obstacles": "Kendala",
        "actions": "Langkah tindak lanjut",
        "no_narrative": "Tidak ada catatan dari satuan kerja untuk tahun ini.",
        "signed": "{place}, {date}",
        "provenance": "Catatan data",
        "data_hash": "Sidik data (SHA-256)",
        "code_version": "Versi kode",
        "generated": "Dibuat",
        "parameters": "Parameter",
        "own": "kerja sendiri",
        "n_units": "satuan kerja",
        "value": "Nilai",
        "new": "baru",
    },
    "en": {
        "subtitle": "Annual Report {year}",
        "summary": "Summary",
        "figure": "Indicator",
        "this_year": "{year}",
        "change": "Change",
        "cases": "Drug cases uncovered",
        "suspects": "Suspects",
        "clients": "Rehabilitation clients",
        "activities": "Prevention activities",
        "participants": "Prevention participants",
        "media_reach": "Media reach",
        "scope_rolled": "Figures in this report cover {name} together with its {n} sub-units "
                        "(rolled up); the unit's own work is marked.",
        "scope_own": "Figures in this report are the work of {name} itself.",
        "pemberantasan": "Law enforcement (pemberantasan)",
        "seizures": "Drugs seized",
        "drug": "Drug",
        "quantity": "Quantity",
        "no_seizures": "No drugs were seized this year.",
        "cases_month": "Cases per month, {year}",
        "rehabilitasi": "Rehabilitation",
        "service": "Service",
        "clients_unit": "Clients",
        "clients_total": "Clients in total (each client counted once)",
        "rehab_chart": "Rehabilitation clients per service, {year}",
        "p2m": "Prevention and community empowerment (P2M)",
        "activity": "Activity",
        "activities_unit": "Activities",
        "participants_unit": "Participants",
        "media_unit": "Media reach",
        "p2m_chart": "Prevention participants per activity type, {year}",
        "p2m_note": "Participants are people met face to face; media audiences are reported "
                    "apart.",
        "people": "people",
        "narrative": "Notes and obstacles",
        "highlights": "Highlights",
        "obstacles": "Obstacles",
        "actions": "Follow-up actions",
        "no_narrative": "The unit recorded no notes for this year.",
        "signed": "{place}, {date}",
        "provenance": "Data notes",
        "data_hash": "Data fingerprint (SHA-256)",
        "code_version": "Code version",
        "generated": "Generated",
        "parameters": "Parameters",
        "own": "own work",
        "n_units": "units",
        "value": "Value",
        "new": "new",
    },
}


def md_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A pipe table; ``align`` is one letter per column (l or r)."""
    align = align or "l" + "r" * (len(header) - 1)
    marks = [":---" if a == "l" else "---:" for a in align]
    esc = [[c.replace("|", "\\|") for c in row] for row in [header, *rows]]
    lines = ["| " + " | ".join(esc[0]) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in esc[1:]]
    return "\n".join(lines)


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
    _text: dict[str, str] = field(repr=False, default_factory=dict)

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
        figures = report_figures(store, registry, unit.unit_id, int(year), parameters={
            "unit_id": unit.unit_id, "year": int(year), **params}, language=params["language"])
        frames = load_frames(store, registry, unit.unit_id, int(year), "rolled")
        return cls(unit, int(year), params, paths, registry, store, figures, frames,
                   TEXT[params["language"]])

    # -- small helpers -------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.params["language"]

    def t(self, key: str, **kw: Any) -> str:
        return self._text[key].format(**kw)

    def label(self, field_name: str, code: str) -> str:
        return load_vocab(self.paths.reference_dir).label(field_name, code, self.lang)

    def n(self, value: float) -> str:
        return fmt.format_decimal(value, lang=self.lang)

    # -- sections ------------------------------------------------------------------------
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

    def summary(self) -> Markdown:
        f, prev = self.figures, self.figures["previous"]
        rows = []
        for key, value, before in [
            ("cases", f["cases"], prev and prev["cases"]),
            ("suspects", f["suspects"], prev and prev["suspects"]),
            ("clients", f["rehab"]["clients"], prev and prev["rehab"]["clients"]),
            ("activities", f["outreach"]["activities"], prev and prev["outreach"]["activities"]),
            ("participants", f["outreach"]["participants"],
             prev and prev["outreach"]["participants"]),
        ]:
            change = "–" if prev is None else fmt.format_change(value, before, lang=self.lang)
            rows.append([self.t(key), fmt.format_int(value, lang=self.lang), change])
        header = [self.t("figure"), str(self.year),
                  self.t("change") + (f" ({prev['year']})" if prev else "")]
        children = len(self.frames.unit_ids) - 1
        scope = (self.t("scope_rolled", name=self.unit.name, n=children) if children
                 else self.t("scope_own", name=self.unit.name))
        return Markdown(f"## {self.t('summary')}\n\n{scope}\n\n{md_table(header, rows)}\n")

    def seizures_table(self) -> Markdown:
        rows = [[self.label("drug", s["drug"]),
                 fmt.format_quantity(s["quantity"], s["uom"], lang=self.lang)]
                for s in self.figures["seizures"]]
        body = (md_table([self.t("drug"), self.t("quantity")], rows) if rows
                else self.t("no_seizures"))
        f = self.figures
        cases, suspects = (fmt.format_int(f[k], lang=self.lang) for k in ("cases", "suspects"))
        lead = f"{self.t('cases')}: **{cases}**; {self.t('suspects').lower()}: **{suspects}**."
        return Markdown(f"## {self.t('pemberantasan')}\n\n{lead}\n\n### {self.t('seizures')}\n\n"
                        f"{body}\n")

    def cases_chart(self) -> None:
        fig = charts.monthly_chart(per_month(self.frames.cases, "date"),
                                   title=self.t("cases_month", year=self.year),
                                   value_label=self.t("cases"),
                                   lang=self.lang)
        charts.show(fig, alt=self.t("cases_month", year=self.year))

    def rehab_table(self) -> Markdown:
        rehab = self.figures["rehab"]
        rows = [[self.label("service", s), fmt.format_int(rehab[s], lang=self.lang)]
                for s in SERVICES]
        rows.append([f"**{self.t('clients_total')}**",
                     f"**{fmt.format_int(rehab['clients'], lang=self.lang)}**"])
        return Markdown(f"## {self.t('rehabilitasi')}\n\n"
                        f"{md_table([self.t('service'), self.t('clients_unit')], rows)}\n")

    def rehab_chart(self) -> None:
        rehab = self.figures["rehab"]
        fig = charts.bar_chart([self.label("service", s) for s in SERVICES],
                               [rehab[s] for s in SERVICES],
                               title=self.t("rehab_chart", year=self.year),
                               value_label=self.t("clients_unit"), lang=self.lang)
        charts.show(fig, alt=self.t("rehab_chart", year=self.year))

    def outreach_table(self) -> Markdown:
        by_activity = outreach_by_activity(self.frames.outreach)
        rows = [[self.label("activity", r.activity), fmt.format_int(r.activities, lang=self.lang),
                 fmt.format_int(r.participants, lang=self.lang),
                 fmt.format_int(r.media_reach, lang=self.lang)]
                for r in by_activity.itertuples()]
        o = self.figures["outreach"]
        rows.append([f"**{self.t('activities_unit')}**",
                     f"**{fmt.format_int(o['activities'], lang=self.lang)}**",
                     f"**{fmt.format_int(o['participants'], lang=self.lang)}**",
                     f"**{fmt.format_int(o['media_reach'], lang=self.lang)}**"])
        header = [self.t("activity"), self.t("activities_unit"), self.t("participants_unit"),
                  self.t("media_unit")]
        return Markdown(f"## {self.t('p2m')}\n\n{self.t('p2m_note')}\n\n"
                        f"{md_table(header, rows)}\n")

    def outreach_chart(self) -> None:
        by_activity = outreach_by_activity(self.frames.outreach)
        by_activity = by_activity[by_activity["participants"] > 0]
        fig = charts.bar_chart([self.label("activity", a) for a in by_activity["activity"]],
                               by_activity["participants"].tolist(),
                               title=self.t("p2m_chart", year=self.year),
                               value_label=self.t("participants_unit"), lang=self.lang)
        charts.show(fig, alt=self.t("p2m_chart", year=self.year))

    def narrative(self) -> Markdown:
        parts = [f"## {self.t('narrative')}\n"]
        texts = self.params["narrative"]
        for key in ("highlights", "obstacles", "actions"):
            text = str(texts.get(key) or "").strip()
            if text:
                parts.append(f"### {self.t(key)}\n\n{text}\n")
        if len(parts) == 1:
            parts.append(self.t("no_narrative") + "\n")
        signatory = self.params["signatory"]
        if signatory.get("name"):
            parts.append(f"{signatory.get('title', '')}\n\n**{signatory['name']}**\n")
        return Markdown("\n".join(parts))

    def provenance(self) -> Markdown:
        p = self.figures["provenance"]
        params = ", ".join(f"`{k}`" for k in p["parameters"])
        rows = [[self.t("data_hash"), f"`{p['data_sha256']}`"],
                [self.t("code_version"), f"`{p['code_version']}`"],
                [self.t("generated"), p["generated_at"]],
                [self.t("parameters"), params]]
        return Markdown(f"## {self.t('provenance')}\n\n"
                        f"{md_table([self.t('figure'), self.t('value')], rows, 'll')}\n")
