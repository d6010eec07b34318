"""Perbandingan satuan kerja (sub-units): the direct sub-units of a BNNP or BNN RI, ranked.

What it shows: a note on what is compared; one row per direct sub-unit (ranked), a row for the
unit's own work and a bold row for the rolled-up total, with the counts of
:data:`helpers.stats.subunits.COMPARED`; and a bar chart of cases per sub-unit. A BNNK has no
sub-units: the section is empty and the chart is not drawn.

Where the numbers come from: ``report.subunit_comparison()`` —
:func:`helpers.stats.subunits.compare_subunits` over the aggregation engine's figures of each
direct sub-unit's subtree (computed once per report, shared by the table and the chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, show
from helpers.stats import subunits as su

if TYPE_CHECKING:
    from helpers.report.report import Report


def section(report: Report) -> Markdown:
    """Ranked comparison of the direct sub-units (BNNP, BNN RI); empty Markdown for a BNNK."""
    r, c = report, report.subunit_comparison()
    if c is None:
        return Markdown("")
    keys = su.COMPARED
    header = [r.t("rank"), r.t("unit"), *(r.t(k) for k in keys)]
    rows = [[str(n), name, *(r.i(f[k]) for k in keys)]
            for n, (_, name, f) in enumerate(c.subunits, 1)]
    rows.append(["", r.t("own_row", name=r.unit.name), *(r.i(c.own[k]) for k in keys)])
    rows.append(bold(["", r.t("rolled_row"), *(r.i(c.total[k]) for k in keys)]))
    return Markdown(f"## {r.t('subunits')}\n\n"
                    f"{r.t('subunits_note', name=r.unit.name)}\n\n"
                    f"{md_table(header, rows, 'll' + 'r' * len(keys))}\n")


def chart(report: Report) -> None:
    """Cases per direct sub-unit as horizontal bars, in rank order.

    The bars are labelled without the words every name shares ("BNN Provinsi"), each label in
    room of its own: 38 provinces fit three quarters of a page (:data:`charts.MAX_HEIGHT`)
    without two labels touching.
    """
    r, c = report, report.subunit_comparison()
    if c is None:
        return
    names = [name for _, name, _ in c.subunits]
    values = [f["cases"] for _, _, f in c.subunits]
    title = r.t("subunit_chart", year=r.year)
    fig = charts.bar_chart(charts.short_labels(names), values, title=title,
                           value_label=r.t("cases"), lang=r.lang, horizontal=True)
    show(fig, title, [(name, r.i(v)) for name, v in zip(names, values, strict=True)])
