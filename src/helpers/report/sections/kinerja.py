"""Capaian kinerja (performance achievement): each indicator's target, realisation and ratio.

What it shows: a sentence saying how many indicators met their target; a table of indicator,
target, realisation, achievement (realisation ÷ target) and whether it was met — the count
indicators realised from the data (cases, suspects, networks, clients, people assessed, SKHPN,
people given a urine test, penggiat, relawan, Desa/Kelurahan and Sekolah Bersinar) and the
indices from surveys (IKM and IKR on their 1–4 scale among them); a note on how achievement is
read; and a bar chart of the achievement ratios with a dashed line at 100 %. An indicator
without a target shows ``–``; a count the unit did not report shows "tidak dilaporkan" and no
achievement (unknown, not 0 %), with a note saying why; penggiat realised from workshop
participants, for a unit that did not report pemberdayaan, is marked ``¹`` and the note under
the table says it is a proxy.

Where the numbers come from: ``report.achievements()`` —
:func:`helpers.stats.kinerja.unit_achievements` over the unit's own targets
(``report.own_frames.targets``), its own figures (the figures file's ``own`` entry) and its own
outreach rows (the penggiat proxy): a unit's targets are its own work's, so sub-units are not
counted in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, fmt, sentences
from helpers.report.markdown import md_table
from helpers.report.sections._common import show

if TYPE_CHECKING:
    from helpers.report.report import Report
    from helpers.stats.kinerja import Achievement

#: The mark of a realisation found by a proxy, explained under the table.
PROXY_MARK = "¹"


def value(report: Report, a: Achievement, number: float | None) -> str:
    """A target or realisation as the indicator counts it: whole numbers, or two decimals."""
    if number is None:
        return "–"
    return report.i(number) if a.kind == "count" else fmt.format_decimal(number, 2, report.lang)


def realisation(report: Report, a: Achievement) -> str:
    """The realisation cell: its value, marked when found by a proxy; "tidak dilaporkan" for a
    count the unit did not report."""
    if a.basis == "not_reported":
        return report.t("not_reported")
    shown = value(report, a, a.realisation)
    return f"{shown} {PROXY_MARK}" if a.basis == "proxy" else shown


def indicator_label(report: Report, a: Achievement) -> str:
    """The indicator's name, with the proxy mark when its realisation is one (the chart's bar)."""
    name = report.label("indicator", a.indicator)
    return f"{name} {PROXY_MARK}" if a.basis == "proxy" else name


def notes(report: Report, items: list[Achievement]) -> str:
    """How achievement is read, then what a proxy or an unreported count means, when present."""
    r, lines = report, [report.t("kinerja_note")]
    if any(a.basis == "proxy" for a in items):
        lines.append(r.t("kinerja_proxy", name=r.unit.name))
    if any(a.basis == "not_reported" for a in items):
        lines.append(r.t("kinerja_not_reported"))
    return "\n\n".join(lines)


def section(report: Report) -> Markdown:
    """The kinerja section: the sentence, one row per indicator, and the notes."""
    r, items = report, report.achievements()
    rows = []
    for a in items:
        ratio = "–" if a.ratio is None else fmt.format_percent(a.ratio, 1, r.lang)
        result = {True: r.t("met"), False: r.t("not_met"), None: "–"}[a.achieved]
        rows.append([r.label("indicator", a.indicator), value(r, a, a.target),
                     realisation(r, a), ratio, result])
    met = sum(1 for a in items if a.achieved)
    lead = sentences.achievement_sentence(met, len(items), r.lang)
    body = (md_table([r.t("indicator"), r.t("target"), r.t("realisation"), r.t("achievement"),
                      r.t("result")], rows, "lrrrl")
            if rows else "")
    return Markdown(f"## {r.t('kinerja')}\n\n{lead}\n\n{body}\n\n{notes(r, items)}\n")


def chart(report: Report) -> None:
    """Achievement ratios as horizontal bars, 100 % marked; nothing when no ratio is known."""
    r = report
    items = [a for a in r.achievements() if a.ratio is not None]
    if not items:
        return
    labels = [indicator_label(r, a) for a in items]
    values = [round(a.ratio * 100, 1) for a in items]  # type: ignore[operator]
    title = r.t("kinerja_chart", year=r.year)
    # Labels on one line where they fit (wrap at 48): 13 indicators in a third of a page, so
    # the chart shares the page with its table instead of standing alone on the next.
    fig = charts.bar_chart(labels, values, title=title, value_label=r.t("kinerja_axis"),
                           lang=r.lang, horizontal=True, wrap=48)
    fig.add_reference_line(100)
    show(fig, title, [(lab, fmt.format_percent(v / 100, 1, r.lang))
                      for lab, v in zip(labels, values, strict=True)])
