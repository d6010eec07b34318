"""Catatan data (data notes): the caveats of this year's data, the definitions, and provenance.

What it shows: the caveats — a unit (itself or a sub-unit) whose table is missing for the year,
months in which no table holds a single row, units with no accepted submission — or a line
saying there are none; the
definitions of a case, a client, a participant and a rolled-up figure, plus the suppression rule;
and a table of where the report comes from: the data folder, the data's hash, the code version,
when it was generated and the parameters it was generated with (the analyst's narrative left
out: it is shown in its own section).

Where the notes come from: the caveats from :mod:`helpers.stats.caveats` over the store and the
report's rows (``report.frames``); the provenance from the figures file
(``report.figures["provenance"]``), the same record the build writes beside the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from IPython.display import Markdown

from helpers.report import fmt
from helpers.report.markdown import md_table
from helpers.report.sections.rehabilitation import suppression_rule
from helpers.stats.caveats import missing_tables, non_submitters, silent_months

if TYPE_CHECKING:
    from helpers.report.report import Report

#: The definitions' text keys, in the order the section lists them.
DEFINITIONS = ("def_case", "def_clients", "def_participants", "def_rolled")


def caveats(report: Report) -> list[str]:
    """One sentence per gap in this year's data: missing tables, silent months, non-submitters."""
    r, units = report, list(report.frames.unit_ids)
    lines = []
    names = dict(zip(("cases", "rehab", "outreach"), r.t("table_names").split("|"), strict=True))
    gaps: dict[str, list[str]] = {}
    for unit_id, table in missing_tables(r.store, units, r.year):
        gaps.setdefault(unit_id, []).append(names[table])
    for unit_id, tables in gaps.items():
        lines.append(r.t("missing_table", unit=r.registry.get(unit_id).name,
                         tables=fmt.join_list(tables, r.lang), year=r.year))
    months = silent_months({"cases": r.frames.cases, "rehab": r.frames.rehab,
                            "outreach": r.frames.outreach})
    if months:
        lines.append(r.t("silent_months", months=fmt.join_list(
            [fmt.month_name(m, r.lang) for m in months], r.lang)))
    missing = non_submitters(r.store.root, r.year, units)
    if missing:
        lines.append(r.t("non_submitters", year=r.year, units=fmt.join_list(
            [r.registry.get(u).name for u in missing], r.lang)))
    return lines


def definitions(report: Report) -> str:
    """The definitions as a Markdown list, the suppression rule last."""
    listed = "\n".join(f"- {report.t(k)}" for k in DEFINITIONS)
    return f"{listed}\n- {suppression_rule(report)}"


def param_text(value: Any) -> str:
    """A parameter's value in one short line (a mapping as ``{key: value, …}``, empty values left
    out, so an unset signatory does not fill the table with empty keys)."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
        return "{" + inner + "}"
    return str(value)


def origin_table(report: Report) -> str:
    """Where the report comes from: data folder and hash, code version, time, parameters."""
    r, p = report, report.figures["provenance"]
    shown = {k: v for k, v in p["parameters"].items() if k != "narrative"}
    params = "; ".join(f"{k}: {param_text(v)}" for k, v in shown.items())
    rows = [[r.t("data_folder"), f"`{p.get('data', '')}`"],
            [r.t("data_hash"), f"`{p['data_sha256']}`"],
            [r.t("code_version"), f"`{p['code_version']}`"],
            [r.t("generated"), p["generated_at"]],
            [r.t("parameters"), params]]
    return md_table([r.t("figure"), r.t("value")], rows, "ll")


def section(report: Report) -> Markdown:
    """The data notes: caveats (or that there are none), definitions, origin."""
    r, lines = report, caveats(report)
    caveat_md = "\n".join(f"- {c}" for c in lines) if lines else r.t("no_caveats")
    return Markdown(f"## {r.t('provenance')}\n\n### {r.t('caveats')}\n\n{caveat_md}\n\n"
                    f"### {r.t('definitions')}\n\n{definitions(r)}"
                    f"\n\n### {r.t('origin')}\n\n{origin_table(r)}\n")
