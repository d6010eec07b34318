"""Charts shared by the chart tests and the matplotlib adapter's tests (no tests of its own)."""

from __future__ import annotations

from matplotlib.figure import Figure

from helpers.report import charts


def _bar() -> Figure:
    return charts.bar_chart(
        ["Sabu", "Ganja", "Ekstasi"], [307.527, 1200, 10], title="Barang bukti", value_label="gram"
    )


def _layout_cases() -> list:
    return [
        lambda: charts.bar_chart(["Lingkungan instansi pemerintah", "Pendidikan", "Masyarakat"],
                                 [120, 4, 37], title="Sasaran", value_label="Kegiatan"),
        lambda: charts.grouped_bar_chart(["Jan", "Feb", "Mar"], {"Kasus": [1, 2, 3],
                                                                 "Tersangka": [2, 3, 5]},
                                         title="Kasus dan tersangka", value_label="Jumlah"),
        lambda: charts.panel_bar_chart({"gram": (["Sabu", "Ganja"], [307.527, 1250.0]),
                                        "butir": (["Ekstasi"], [1200]),
                                        "batang": (["Ganja (batang)"], [45])},
                                       title="Barang bukti"),
    ]
