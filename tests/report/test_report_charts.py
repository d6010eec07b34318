"""The report's extra chart kinds: suppressed bars stay hidden, units of measure stay apart."""

from __future__ import annotations

import math

import pytest

from helpers.report import charts


def test_marked_bars_draw_nothing_for_a_hidden_cell():
    fig = charts.marked_bar_chart(["Jan", "Feb", "Mar"], [10, 3, 12], [None, "<5", None],
                                  title="Klien", value_label="Klien", horizontal=False)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights[0] == 10 and heights[2] == 12
    assert math.isnan(heights[1]) or heights[1] == 0
    texts = [t.get_text() for t in ax.texts]
    assert "<5" in texts and "3" not in texts
    charts.svg_text(fig)


def test_marked_bars_need_one_mark_per_label():
    with pytest.raises(ValueError):
        charts.marked_bar_chart(["a"], [1], [], title="t", value_label="v")


def test_panels_keep_each_unit_of_measure_on_its_own_axis():
    fig = charts.panel_bar_chart({"gram": (["Sabu", "Ganja"], [307.527, 12.0]),
                                  "butir": (["Ekstasi"], [10.0])}, title="Barang bukti")
    assert len(fig.axes) == 2
    assert [ax.get_xlabel() for ax in fig.axes] == ["gram", "butir"]
    svg = charts.svg_text(fig)
    assert svg == charts.svg_text(charts.panel_bar_chart(
        {"gram": (["Sabu", "Ganja"], [307.527, 12.0]), "butir": (["Ekstasi"], [10.0])},
        title="Barang bukti"))
