"""Catatan data (data notes): the caveats of this year's data, the definitions, and provenance.

What it shows: the caveats — a unit (itself or a sub-unit) whose table is missing for the year,
a unit that did not report a year-end table (asesmen, pemeriksaan, pemberdayaan: its figures
read "tidak dilaporkan", not 0), a group of figures only some units of the scope reported
(networks and labs, asesmen, pemeriksaan, pemberdayaan: the rolled-up figure counts those that
did), months in which no table holds a single row, units with no accepted submission — or a line
saying there are none; the definitions of a case, a client, a participant, an assessment, an
SKHPN and a urine test, community empowerment, "not reported" and a rolled-up figure, plus the
suppression rule;
and where the report comes from, in words a reader can check: which data (the tables and their
rows, the units, when the submissions were received, the data's hash), which code version, when
it was generated and with which parameters (the analyst's narrative left out: it is shown in its
own section).

Where the notes come from: the caveats from :mod:`helpers.stats.caveats` over the store and the
report's rows (``report.frames``); the provenance from the figures file
(``report.figures["provenance"]``), the same record the build writes beside the report, the row
counts from the report's rows and the dates of receipt from the submission register
(:mod:`helpers.store.register`).

The section's heading carries the label ``data-notes``: the PDF template lets it follow the
short closing chapter on its page instead of starting a page of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from IPython.display import Markdown

from helpers.report import fmt
from helpers.report.sections.rehabilitation import suppression_rule
from helpers.stats.caveats import SERVICE_TABLES, missing_tables, non_submitters, silent_months
from helpers.store.register import Entry, accepted, year_entries

if TYPE_CHECKING:
    from helpers.report.report import Report

#: The register's columns the section reads: who submitted (the caveats) and when (the origin).
REGISTER_COLUMNS = ("ingested_at", "unit_id", "mode", "rows_accepted")

#: The definitions' text keys, in the order the section lists them.
DEFINITIONS = ("def_case", "def_clients", "def_assessment", "def_tests", "def_participants",
               "def_community", "def_not_reported", "def_rolled")


def caveats(report: Report, entries: list[Entry] | None = None) -> list[str]:
    """One sentence per gap in this year's data: missing tables, silent months, non-submitters.

    ``entries``: :func:`register_entries` of the report, if already read."""
    r, units = report, list(report.frames.unit_ids)
    lines = []
    names = dict(zip(("cases", "rehab", "outreach"), r.t("table_names").split("|"), strict=True))
    gaps: dict[str, list[str]] = {}
    for unit_id, table in missing_tables(r.store, units, r.year):
        gaps.setdefault(unit_id, []).append(names[table])
    for unit_id, tables in gaps.items():
        lines.append(r.t("missing_table", unit=r.registry.get(unit_id).name,
                         tables=fmt.join_list(tables, r.lang), year=r.year))
    lines += not_reported(r) + partly_reported(r)
    months = silent_months({"cases": r.frames.cases, "rehab": r.frames.rehab,
                            "outreach": r.frames.outreach})
    if months:
        lines.append(r.t("silent_months", months=fmt.join_list(
            [fmt.month_name(m, r.lang) for m in months], r.lang)))
    missing = non_submitters(r.store, r.year, units, entries=entries)
    if missing:
        lines.append(r.t("non_submitters", year=r.year, units=fmt.join_list(
            [r.registry.get(u).name for u in missing], r.lang)))
    return lines


def not_reported(report: Report) -> list[str]:
    """One sentence per unit of the report that did not send a year-end table."""
    r = report
    names = dict(zip(SERVICE_TABLES, r.t("service_table_names").split("|"), strict=True))
    gaps: dict[str, list[str]] = {}
    for unit_id, table in missing_tables(r.store, list(r.frames.unit_ids), r.year,
                                         SERVICE_TABLES):
        gaps.setdefault(unit_id, []).append(names[table])
    return [r.t("not_reported_tables", unit=r.registry.get(unit_id).name, year=r.year,
                tables=fmt.join_list(tables, r.lang)) for unit_id, tables in gaps.items()]


#: The groups of figures a unit may leave unreported (``reporting_units`` of the figures file),
#: as the data notes name them: networks and labs are one (a unit fills in both or neither).
GROUPS = (("networks", "labs"), ("assessments",), ("tests",), ("community",))


def partly_reported(report: Report) -> list[str]:
    """For a report with sub-units: each group of figures that some, not all, of its units
    reported, and how many did (the rolled-up figure counts only those)."""
    r, units = report, len(report.frames.unit_ids)
    counts = r.figures.get("reporting_units") or {}
    lines = []
    for group, what in zip(GROUPS, r.t("reported_groups").split("|"), strict=True):
        n = counts.get(group[0])
        if units > 1 and n is not None and 0 < n < units:
            lines.append(r.t("partly_reported", what=what, n=r.i(n), m=r.i(units)))
    return lines


def definitions(report: Report) -> str:
    """The definitions as a Markdown list, the suppression rule last."""
    listed = "\n".join(f"- {report.t(k)}" for k in DEFINITIONS)
    return f"{listed}\n- {suppression_rule(report)}"


#: The report's rows the data sentence counts, in the order of ``data_tables`` in the wording.
DATA_TABLES = ("cases", "seizures", "rehab", "outreach", "assessments", "tests", "community",
               "targets")


def data_text(report: Report, entries: list[Entry] | None = None) -> str:
    """Which data: each table's rows, from how many units, for which year, and when received."""
    r, frames = report, report.frames
    names = r.t("data_tables").split("|")
    counts = [len(getattr(r.own_frames if t == "targets" else frames, t)) for t in DATA_TABLES]
    rows = [r.t("rows_of", n=r.i(n), table=name) for name, n in zip(names, counts, strict=True)]
    return r.t("data_rows", rows=fmt.join_list(rows, r.lang), units=r.i(len(frames.unit_ids)),
               year=r.year, folder=r.figures["provenance"].get("data", ""),
               received=received_text(r, entries))


def register_entries(report: Report) -> list[Entry] | None:
    """The submission register's entries of the report's year and units
    (:data:`REGISTER_COLUMNS`), None when nothing is registered for the year."""
    return year_entries(report.store, report.year, report.frames.unit_ids, REGISTER_COLUMNS)


def received_text(report: Report, entries: list[Entry] | None = None) -> str:
    """When the submissions the report reads were received (the submission register's
    :func:`register_entries`, read here unless given)."""
    r = report
    if entries is None:
        entries = register_entries(r)
    dates = [e["ingested_at"] for e in entries or () if accepted(e)
             and e["ingested_at"] is not None]
    if not dates:
        return r.t("received_unknown")
    first, last = (fmt.format_date(d.date(), r.lang) for d in (min(dates), max(dates)))
    return r.t("received_on", date=first) if first == last else r.t("received", first=first,
                                                                     last=last)


def generated_text(report: Report, stamp: str) -> str:
    """The generation time as a reader writes it (``29 November 2026, 12.19 UTC``)."""
    when = datetime.fromisoformat(stamp)
    clock = when.strftime("%H.%M" if report.lang == "id" else "%H:%M")
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{fmt.format_date(when.date(), report.lang)}, {clock} {zone}"


#: The parameters as the data notes list them: whose report, then how it is written.
PARAMETER_ORDER = ("unit_id", "year", "language", "status", "signatory", "suppression_threshold")


def parameters_text(report: Report, parameters: dict[str, Any]) -> str:
    """The parameters in words (``bahasa: Indonesia; status: draf; …``); a parameter the
    report does not know (an analyst's own) as ``name: value``."""
    r, words = report, []
    order = {key: n for n, key in enumerate(PARAMETER_ORDER)}
    for key, value in sorted(parameters.items(), key=lambda kv: order.get(kv[0], len(order))):
        if key == "narrative":
            continue
        if key == "language":
            words.append(r.t("param_language", value=r.t(f"language_{value}")))
        elif key == "status":
            words.append(r.t("param_status", value=r.t(f"status_{value}")))
        elif key == "signatory":
            given = [str(value.get(k) or "").strip() for k in ("title", "name", "place")]
            words.append(r.t("param_signatory", value=", ".join(g for g in given if g)
                             or r.t("signatory_none")))
        elif key in ("unit_id", "year", "suppression_threshold"):
            words.append(r.t(f"param_{key}", value=value))
        elif key == "publication":  # the plan's: its date (the Ralat boxes are in the summary)
            if value:
                words.append(r.t("published_on", date=fmt.format_date(
                    value["published_on"], r.lang)))
        elif key in ("site_url", "bilingual"):  # the page's links (helpers.report.navigation)
            if value:  # said only when set: the defaults link nothing more
                words.append(r.t(f"param_{key}", value=value))
        else:
            words.append(f"{key}: {value}")
    return "; ".join(words) + "."


def origin(report: Report, entries: list[Entry] | None = None) -> str:
    """Where the report comes from, as a list of terms a person reads: data, its hash, code
    version, generation time, parameters (no "Indikator | Nilai" table of raw values)."""
    r, p = report, report.figures["provenance"]
    items = [(r.t("origin_data"), data_text(r, entries)),
             (r.t("data_hash"), f"`{p['data_sha256']}` — {r.t('data_hash_note')}"),
             (r.t("code_version"), f"`{p['code_version']}`"),
             (r.t("generated"), generated_text(r, p["generated_at"])),
             (r.t("parameters"), parameters_text(r, p["parameters"]))]
    return "\n\n".join(f"{term}\n:   {text}" for term, text in items)


def section(report: Report) -> Markdown:
    """The data notes: caveats (or that there are none), definitions, origin."""
    entries = register_entries(report)  # once, for both
    r, lines = report, caveats(report, entries)
    caveat_md = "\n".join(f"- {c}" for c in lines) if lines else r.t("no_caveats")
    return Markdown(f"## {r.t('provenance')} {{#data-notes}}\n\n### {r.t('caveats')}\n\n"
                    f"{caveat_md}\n\n### {r.t('definitions')}\n\n{definitions(r)}"
                    f"\n\n### {r.t('origin')}\n\n{origin(r, entries)}\n")
