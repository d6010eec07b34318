"""The report's extra chart kinds: suppressed bars stay hidden, units of measure stay apart."""

from __future__ import annotations

import math

import pytest

from helpers.report import charts


def test_marked_bars_draw_nothing_for_a_hidden_cell():
    chart = charts.marked_bar_chart(["Jan", "Feb", "Mar"], [10, 3, 12], [None, "<5", None],
                                    title="Klien", value_label="Klien", horizontal=False)
    (values,) = chart.series.values()
    assert values[0] == 10 and values[2] == 12 and math.isnan(values[1])
    assert chart.texts("mark") == ["<5"]
    assert "3" not in chart.texts()
    assert chart.svg().count("<rect ") == 1 + 2  # the background and two bars
    assert "&lt;5" in chart.svg()


def test_marked_bars_need_one_mark_per_label():
    with pytest.raises(ValueError):
        charts.marked_bar_chart(["a"], [1], [], title="t", value_label="v")


def test_panels_keep_each_unit_of_measure_on_its_own_axis():
    chart = charts.panel_bar_chart({"gram": (["Sabu", "Ganja"], [307.527, 12.0]),
                                    "butir": (["Ekstasi"], [10.0])}, title="Barang bukti")
    assert len(chart.panels) == 2
    assert chart.texts("axis") == ["gram", "butir"]
    assert [p.value_limits for p in chart.panels] == [
        pytest.approx((0, 307.527 * 1.1)), pytest.approx((0, 11.0))]
    svg = charts.svg_text(chart)
    assert svg == charts.svg_text(charts.panel_bar_chart(
        {"gram": (["Sabu", "Ganja"], [307.527, 12.0]), "butir": (["Ekstasi"], [10.0])},
        title="Barang bukti"))
