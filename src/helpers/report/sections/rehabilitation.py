"""Rehabilitasi (rehabilitation): clients per service, the breakdowns with small numbers hidden,
and how many enrolments were completed.

What it shows: the rehabilitation sentence; clients per service (IBM, Intervensi Berbasis
Masyarakat, among them) with the total, and their bar chart; the suppression rule in words and
clients per month of first admission, with its chart, in which a hidden month has no bar, only
its mark (and a chart whose every bar is hidden says the data are hidden to protect identities,
not that there are none); then clients per provider, sex, age group, referral route and source
of funding (DIPA BNN, non-DIPA), and enrolments per status with the completion rate — every
breakdown cell below the report's ``suppression_threshold`` shown only as its mark (e.g.
``<5``), and further cells hidden where a hidden one could be worked back from the total. The
completion rate is shown only when every status cell it is computed from is published. Each
chart follows the table it draws. Asesmen terpadu and SKHPN follow in
:mod:`helpers.report.sections.assessment`.

Where the numbers come from: the service counts from the figures file (``report.figures``, the
aggregation engine); the breakdowns from :mod:`helpers.stats.breakdowns` over each client's first
admission of the year (``report.first_admissions``, computed once), hidden by
:func:`helpers.stats.suppress.suppress`. Their rows come in an order their counts do not decide
(providers by name), since an order by size would bound a hidden cell by its neighbours.

A breakdown of more than :data:`LONG_TABLE` rows (BNN RI's ~260 providers, five pages of
mostly ``<5``) is printed as its largest published rows and one "Lainnya" row with the rest
(:func:`top_rows`); the HTML lists every row after it, alphabetically, and the PDF says so.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, fmt, sentences
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, show
from helpers.stats import breakdowns as bd
from helpers.stats.engine import SERVICES
from helpers.stats.suppress import Suppressed, may_derive, recoverable, suppress

if TYPE_CHECKING:
    from helpers.report.report import Report


def suppression_rule(report: Report) -> str:
    """The rule in one sentence (or that it is off), as the section and the data notes say it."""
    if report.threshold <= 1:
        return report.t("suppression_off")
    return report.t("suppression_rule", t=report.threshold, t1=report.threshold - 1)


#: The client tables, in report order: month first (its own cell, with the rule), then the rest.
BREAKDOWNS = ("month", "provider", "sex", "age", "referral", "funding")


def breakdowns(report: Report, keys: tuple[str, ...] = BREAKDOWNS,
               ) -> dict[str, tuple[str, str, dict[str, int]]]:
    """The suppressed client tables: key → (title, first column, counts by row label); only
    those of ``keys`` are counted (the month table and the others are separate cells)."""
    r, rows, first = report, report.frames.rehab, report.first_admissions

    def month() -> dict[str, int]:
        months = bd.clients_per_month(rows, first=first)
        return {fmt.month_name(m, r.lang): months[m - 1] for m in range(1, 13)}

    def sex() -> dict[str, int]:
        return {r.label("sex", k): v for k, v in bd.clients_by_sex(rows, first=first).items()}

    tables = {
        "month": (r.t("rehab_month"), r.t("month"), month),
        "provider": (r.t("rehab_provider"), r.t("provider"),
                     lambda: bd.clients_by_provider(rows, first=first)),
        "sex": (r.t("rehab_sex"), r.t("sex"), sex),
        "age": (r.t("rehab_age"), r.t("age"),
                lambda: {r.t("age_years", band=k): v
                         for k, v in bd.clients_by_age_group(rows, first=first).items()}),
        "referral": (r.t("rehab_referral"), r.t("referral"),
                     lambda: {r.t(k): v for k, v in bd.clients_by_referral(
                         rows, first=first).items()}),
        "funding": (r.t("rehab_funding"), r.t("funding"),
                    lambda: {_funding_label(r, k): v
                             for k, v in bd.clients_by_funding(rows, first=first).items()}),
    }
    return {key: (title, head, counts()) for key, (title, head, counts) in tables.items()
            if key in keys}


def _funding_label(report: Report, code: str) -> str:
    """DIPA BNN, Non-DIPA; a code the vocabulary does not know (an old row) as it is."""
    return report.label("funding", code) if code in report.vocab.codes("funding") else code


#: A breakdown with more rows than this is printed as its largest rows and "Lainnya".
LONG_TABLE = 20
#: How many of the largest rows such a table lists.
TOP_ROWS = 10


def top_rows(table: Suppressed, n: int = TOP_ROWS) -> list[int]:
    """The rows to list before a "Lainnya" row: the ``n`` largest published cells, fewer when
    listing them would let a hidden cell be worked out; [] when no such list is safe.

    "Lainnya" is the total less the listed cells, all published, so it may be published
    (:func:`may_derive`): a reader could subtract it themselves. Listing the *largest* rows
    also says that every other cell, a hidden ``×`` one too, is at most the smallest listed;
    suppression did not count with that bound, so it is checked here (``caps``).
    """
    hidden = [status is not None for status in table.status]
    published = sorted((i for i, h in enumerate(hidden) if not h),
                       key=lambda i: (-table.values[i], i))
    for k in range(min(n, len(published)), 0, -1):
        listed = published[:k]
        cap = table.values[listed[-1]]
        caps = [None if i in listed else cap for i in range(len(hidden))]
        if may_derive(table, listed) and not recoverable(table.values, hidden,
                                                         table.threshold, caps):
            return listed
    return []


def _rows(report: Report, counts: dict[str, int], s: Suppressed,
          order: list[int] | None = None) -> list[list[str]]:
    labels, r = list(counts), report
    return [[labels[i], s.mark(i) or r.i(s.values[i])]
            for i in (range(len(labels)) if order is None else order)]


def suppressed_table(report: Report, title: str, head: str, counts: dict[str, int],
                     what: str | None = None, unit_key: str = "clients_unit") -> str:
    """One breakdown as a titled table of clients (or of the people ``unit_key`` names),
    small cells replaced by their mark.

    A table of more than :data:`LONG_TABLE` rows lists its largest rows (:func:`top_rows`)
    and "Lainnya" (``what``: the rows' name in the plural, "penyedia layanan"); its every row
    follows in the HTML only, alphabetically (an order by size would bound a hidden cell by
    its neighbours), and the PDF says where they are.
    """
    r, s = report, suppress(list(counts.values()), report.threshold)
    total, people = bold([r.t("total"), r.i(s.total)]), r.t(unit_key)
    listed = top_rows(s) if len(counts) > LONG_TABLE else []
    if not listed:
        table = md_table([head, people], [*_rows(r, counts, s), total])
        return f"### {title}\n\n{table}\n"
    what = what or head.lower()
    rest = len(counts) - len(listed)
    others = [r.t("others_row", n=r.i(rest), what=what),
              r.i(s.total - sum(s.values[i] for i in listed))]
    short = md_table([head, people], [*_rows(r, counts, s, listed), others, total])
    every = sorted(range(len(counts)), key=lambda i: list(counts)[i].casefold())
    full = md_table([head, people], [*_rows(r, counts, s, every), total])
    return (f"### {title}\n\n{short}\n\n"
            f"{r.t('top_rows_note', n=len(listed), what=what, rest=r.i(rest))}\n\n"
            f"::: only-pdf\n{r.t('full_list_in_html', what=what)}\n:::\n\n"
            f"::: only-html\n#### {r.t('full_list', what=what, n=r.i(len(counts)))}\n\n"
            f"{full}\n:::\n")


def status_table(report: Report) -> str:
    """Enrolments per status (suppressed like the breakdowns) and the completion rate."""
    r = report
    status = bd.enrolments_by_status(r.frames.rehab)
    s = suppress(list(status.values()), r.threshold)
    rows = [[r.label("status", k), s.mark(i) or r.i(v)]
            for i, (k, v) in enumerate(status.items())]
    rows.append(bold([r.t("total"), r.i(s.total)]))
    table = md_table([r.t("status"), r.t("enrolments")], rows)
    return f"### {r.t('rehab_status')}\n\n{table}\n\n{completion_note(r, status, s)}\n"


def completion_note(report: Report, status: dict[str, int], table: Suppressed) -> str:
    """The completion-rate sentence, or why it is withheld.

    The rate (and equally "no service has ended", which says its cells are all 0) is published
    only when every cell it is computed from is published (:func:`may_derive`): beside the total,
    a rate to one decimal pinned hidden cells exactly (Palembang 2024, Lubuklinggau 2022).
    """
    r, keys = report, list(status)
    if not may_derive(table, [keys.index(k) for k in bd.COMPLETION_USES]):
        return r.t("completion_withheld")
    rate = bd.completion_rate(status)
    if rate is None:
        return r.t("completion_none")
    return r.t("completion", rate=fmt.format_percent(rate, 1, r.lang))


#: The plural of a breakdown's rows, for a table long enough to be shortened.
PLURALS = {"provider": "providers"}


def _tables(report: Report, keys: tuple[str, ...] = BREAKDOWNS) -> list[str]:
    return [suppressed_table(report, title, head, counts,
                             report.t(PLURALS[key]) if key in PLURALS else None)
            for key, (title, head, counts) in breakdowns(report, keys).items()]


def tables(report: Report) -> Markdown:
    """Every suppressed table of the section, in report order (breakdowns, then status)."""
    return Markdown("\n\n".join([*_tables(report), status_table(report)]))


def section(report: Report) -> Markdown:
    """The rehabilitation section's opening: sentence and clients per service."""
    r, rehab = report, report.figures["rehab"]
    rows = [[r.label("service", s), r.i(rehab[s])] for s in SERVICES]
    rows.append(bold([r.t("clients_total"), r.i(rehab["clients"])]))
    parts = [f"## {r.t('rehabilitasi')}",
             sentences.rehab_sentence(r.unit.name, r.year, rehab, r.label, r.lang),
             md_table([r.t("service"), r.t("clients_unit")], rows)]
    return Markdown("\n\n".join(parts) + "\n")


def month_table(report: Report) -> Markdown:
    """The suppression rule, then clients per month of first admission (the chart follows)."""
    return Markdown("\n\n".join([suppression_rule(report), *_tables(report, ("month",))])
                    + "\n")


def client_tables(report: Report) -> Markdown:
    """Clients per provider, sex, age group, referral route and funding; enrolments per status
    with the completion rate."""
    keys = tuple(k for k in BREAKDOWNS if k != "month")
    return Markdown("\n\n".join([*_tables(report, keys), status_table(report)]) + "\n")


def services_chart(report: Report) -> None:
    """Clients per service as bars (the services are counts, so never suppressed)."""
    r, rehab = report, report.figures["rehab"]
    labels = [r.label("service", s) for s in SERVICES]
    title = r.t("rehab_chart", year=r.year)
    fig = charts.bar_chart(labels, [rehab[s] for s in SERVICES], title=title,
                           value_label=r.t("clients_unit"), lang=r.lang)
    show(fig, title, [(lab, r.i(rehab[s])) for lab, s in zip(labels, SERVICES, strict=True)])


def month_chart(report: Report) -> None:
    """Clients per month of admission; suppressed months get no bar, only their mark."""
    r = report
    months = bd.clients_per_month(r.frames.rehab, first=r.first_admissions)
    s = suppress(months, r.threshold)
    labels = [fmt.month_abbr(m, r.lang) for m in range(1, 13)]
    marks = [s.mark(i) for i in range(12)]
    title = r.t("rehab_month_chart", year=r.year)
    fig = charts.marked_bar_chart(labels, [s.shown(i) for i in range(12)], marks,
                                  title=title, value_label=r.t("clients_unit"),
                                  lang=r.lang, horizontal=False)
    # A month without a bar is hidden, not empty: the caption says so, in the reader's words.
    alt_title = f"{title} ({r.t('chart_suppressed_note', t=r.threshold)})" if s.any else title
    show(fig, alt_title, [(lab, marks[i] or r.i(months[i])) for i, lab in enumerate(labels)])
