"""Perbandingan satuan kerja (sub-units): the direct sub-units of a BNNP or BNN RI, ranked.

What it shows: a note on what is compared; one row per direct sub-unit (ranked), a row for the
unit's own work and a bold row for the rolled-up total, with the counts of
:data:`helpers.stats.subunits.COMPARED`; a bar chart of cases per sub-unit; and, in BNN RI's
report only, a province map of the same cases (:func:`helpers.report.map.province_map`,
proportional circles, the table above as its table alternative). A BNNK has no sub-units: the
section is empty and neither chart is drawn.

Where the numbers come from: ``report.subunit_comparison()`` —
:func:`helpers.stats.subunits.compare_subunits` over the aggregation engine's figures of each
direct sub-unit's subtree (computed once per report, shared by the table and both charts).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts
from helpers.report.map import map_alt_text, province_map
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, show
from helpers.report.text import TEXT
from helpers.stats import subunits as su

if TYPE_CHECKING:
    from helpers.reference.registry import Registry
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


def warm_up(registry: Registry, years: Iterable[int]) -> None:
    """Draw the chart of every unit's sub-units of these years once, as :func:`chart` labels
    it (the kernel fork-server, before it forks): a BNNP's sub-unit names and BNN RI's
    provinces are then shaped in no kernel (~7 ms of a BNNP's report, ~30 ms of BNN RI's).
    The values are placeholders: numbers are composed from their digits anyway."""
    drawn: set[tuple[str, ...]] = set()
    for year in years:
        for lang, text in TEXT.items():
            title, titled = text["subunit_chart"].format(year=year), False
            for unit in registry.units(year):
                names = [registry.get(c).name for c in registry.children(unit.unit_id, year)]
                labels = tuple(charts.short_labels(names))
                if labels and ((labels, lang) not in drawn or not titled):  # each year's title
                    drawn.add((labels, lang))
                    titled = True
                    charts.bar_chart(list(labels), list(range(len(labels))), title=title,
                                     value_label=text["cases"], lang=lang,
                                     horizontal=True).svg()


def province_cases(report: Report) -> dict[str, int | None]:
    """Each BNNP's rolled-up cases (the comparison's figure) by its province code, for BNN RI;
    empty for a BNNP or a BNNK, whose sub-units are not provinces. A figure the comparison
    holds as None stays None (the map hatches it), never 0."""
    c = report.subunit_comparison()
    if report.unit.level != "pusat" or c is None:
        return {}
    units = [(report.registry.get(unit_id), f["cases"]) for unit_id, _, f in c.subunits]
    return {str(u.region_code): cases for u, cases in units
            if u.level == "provinsi" and u.region_code}


def map(report: Report) -> None:
    """BNN RI's province map of the BNNPs' rolled-up cases, as proportional circles.

    Its alt text names the largest provinces and points to the comparison table above, which
    holds every province's figure (the map's table alternative). The outlines are the bundled
    ones, as on the site's map (a national fact, not a deployment's data); a BNNP whose code
    has none is left off the map and its alt text, never an error.
    """
    r, values = report, province_cases(report)
    if not values:
        return
    title, what = r.t("subunit_map", year=r.year), r.t("subunit_map_what")
    alt = (f"{map_alt_text(values, what.lower(), r.lang)} "
           f"{r.t('subunit_map_table', table=r.t('subunits'))}")
    show(province_map(values, "", what, r.lang), title, [], alt=alt)
