from __future__ import annotations

import pytest

from helpers.stats import subunits as su
from helpers.stats.report_figures import report_figures


def test_a_province_is_its_own_work_plus_its_subunits_exactly(sample_store, registry):
    figures = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters={})
    r = su.compare_subunits(sample_store, registry, "bnnp-sumsel", 2022)
    assert r.total == su.compared_counts(figures) and r.own == su.compared_counts(figures["own"])
    assert {u for u, _, _ in r.subunits} == set(registry.children("bnnp-sumsel", 2022))
    for key in su.COMPARED:
        assert r.total[key] == r.own[key] + sum(f[key] for _, _, f in r.subunits)
    cases = [f["cases"] for _, _, f in r.subunits]
    assert cases == sorted(cases, reverse=True)


def test_trend_holds_only_years_with_data_and_existence(sample_store, registry):
    rows = su.yearly_counts(sample_store, registry, "bnnk-ogan-ilir", 2022)
    assert [r["year"] for r in rows] == [2021, 2022]  # opened 2021; store holds 2020–2022


def test_a_comparison_that_does_not_add_up_is_refused():
    broken = su.SubunitComparison(own={k: 1 for k in su.COMPARED},
                                  subunits=[("a", "A", {k: 2 for k in su.COMPARED})],
                                  total={**{k: 3 for k in su.COMPARED}, "cases": 4})
    with pytest.raises(AssertionError, match="roll-up of cases does not add up"):
        broken.check()
