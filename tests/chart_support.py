"""Charts shared by the chart tests and the matplotlib adapter's tests (no tests of its own).

The report's charts are drawn by :mod:`helpers.report.svg_chart`; matplotlib still draws an
analyst's own figures and the province map. The figures here are what the report's charts were
when matplotlib drew them (the report style, ``MaxNLocator`` value axes, ``bar_label`` values,
constrained layout): the adapter's tests write them, and the chart tests hold the new charts
to the same layout.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers.report import charts, fmt
from helpers.report.svg_chart import Chart

_BAR = (["Sabu", "Ganja", "Ekstasi"], [307.527, 1200, 10])


def _value_axis(ax: Axes, axis: str, values: list[float], label: str) -> None:
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.format_decimal(v, 3, "id")))
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10],
                                         integer=all(float(v).is_integer() for v in values)))
    ax.grid(True, axis=axis)
    ax.set_axisbelow(True)
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(label)
    ax.margins(**{axis: 0.1})
    ax.autoscale_view()
    (ax.set_xlim if axis == "x" else ax.set_ylim)(0)


def _labels(ax: Axes, bars, values: list[float]) -> None:
    ax.bar_label(bars, labels=[fmt.format_decimal(v, 3, "id") for v in values], padding=2,
                 fontsize=7.5)


def _mpl_bar() -> Figure:
    labels, values = _BAR
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Barang bukti")
    bars = ax.bar(range(3), values, color=charts.PALETTE[0], width=0.6)
    ax.set_xticks(range(3), labels)
    _value_axis(ax, "y", values, "gram")
    _labels(ax, bars, values)
    return fig


def _bar() -> Figure:
    """A matplotlib figure: the report's bar chart of seizures as matplotlib drew it."""
    return _mpl_bar()


def _mpl_sectors() -> Figure:
    labels, values = ["Lingkungan instansi pemerintah", "Pendidikan", "Masyarakat"], [120, 4, 37]
    fig = Figure(layout="constrained", figsize=(7.0, 2.5))
    ax = fig.add_subplot()
    ax.set_title("Sasaran")
    bars = ax.barh(range(3), values, color=charts.PALETTE[0], height=0.6)
    ax.set_yticks(range(3), labels)
    ax.invert_yaxis()
    _value_axis(ax, "x", values, "Kegiatan")
    _labels(ax, bars, values)
    return fig


def _mpl_grouped() -> Figure:
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Kasus dan tersangka")
    series = {"Kasus": [1, 2, 3], "Tersangka": [2, 3, 5]}
    for i, (name, values) in enumerate(series.items()):
        bars = ax.bar([c + (i - 0.5) * 0.4 for c in range(3)], values, width=0.4, label=name,
                      color=charts.PALETTE[i], hatch=charts.HATCHES[i])
        _labels(ax, bars, values)
    ax.set_xticks(range(3), ["Jan", "Feb", "Mar"])
    _value_axis(ax, "y", [1, 2, 3, 2, 3, 5], "Jumlah")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


_PANELS = {"gram": (["Sabu", "Ganja"], [307.527, 1250.0]), "butir": (["Ekstasi"], [1200.0]),
           "batang": (["Ganja (batang)"], [45.0])}


def _mpl_panels() -> Figure:
    fig = Figure(layout="constrained", figsize=(7.0, 0.9 + 0.3 * 4 + 0.6 * 3))
    axes = fig.subplots(3, 1, squeeze=False, height_ratios=[2, 1, 1])[:, 0]
    axes[0].set_title("Barang bukti")
    for i, (ax, (unit, (labels, values))) in enumerate(zip(axes, _PANELS.items(), strict=True)):
        bars = ax.barh(range(len(values)), values, color=charts.PALETTE[i],
                       hatch=charts.HATCHES[i], height=0.6)
        ax.set_yticks(range(len(values)), labels)
        ax.invert_yaxis()
        _value_axis(ax, "x", values, unit)
        _labels(ax, bars, values)
    return fig


def _layout_cases() -> list[Callable[[], Figure]]:
    """matplotlib figures with the report's layouts: long labels, a legend, three panels."""
    return [_mpl_sectors, _mpl_grouped, _mpl_panels]


def _chart_pairs() -> list[tuple[Callable[[], Figure], Callable[[], Chart]]]:
    """(matplotlib's figure, the report's chart) of the same data: the chart keeps the look."""
    return [
        (_mpl_bar, lambda: charts.bar_chart(*_BAR, title="Barang bukti", value_label="gram")),
        (_mpl_sectors, lambda: charts.bar_chart(
            ["Lingkungan instansi pemerintah", "Pendidikan", "Masyarakat"], [120, 4, 37],
            title="Sasaran", value_label="Kegiatan")),
        (_mpl_grouped, lambda: charts.grouped_bar_chart(
            ["Jan", "Feb", "Mar"], {"Kasus": [1, 2, 3], "Tersangka": [2, 3, 5]},
            title="Kasus dan tersangka", value_label="Jumlah")),
        (_mpl_panels, lambda: charts.panel_bar_chart(_PANELS, title="Barang bukti")),
    ]
