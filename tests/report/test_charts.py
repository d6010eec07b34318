"""Charts: Indonesian axes and value labels, empty data, and each kind of chart."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import pytest

from chart_support import _layout_cases
from helpers.report import charts
from helpers.report.svg_chart import Chart


def _bar() -> Chart:
    return charts.bar_chart(
        ["Sabu", "Ganja", "Ekstasi"], [307.527, 1200, 10], title="Barang bukti", value_label="gram"
    )


def test_value_axis_uses_indonesian_thousands():
    ticks = _bar().texts("tick")
    assert ticks == ["0", "250", "500", "750", "1.000", "1.250"]
    assert not any("," in tick for tick in ticks)


def test_value_labels_on_bars_in_indonesian_format():
    assert _bar().texts("value") == ["307,527", "1.200", "10"]
    en = charts.bar_chart(["a", "b"], [307.527, 1200], title="t", value_label="g", lang="en")
    assert en.texts("value") == ["307.527", "1,200"]


@pytest.mark.parametrize("horizontal", [False, True])
def test_value_labels_sit_beyond_each_bar_s_end_on_its_side(horizontal):
    """Where ``bar_label(padding=2)`` put them: 2 pt beyond the end, facing the bar; a missing
    value has no label (the layout against matplotlib's own is in test_svg_chart)."""
    values = [307.527, -12.0, 0.0, math.nan, 1200.0]
    chart = charts.bar_chart(list("abcde"), values, title="t", value_label="v",
                             horizontal=horizontal)
    labels = chart.panels[0].labels
    assert [label.text for label in labels] == ["307,527", "-12", "0", "1.200"]
    shift = 0 if horizontal else 1
    assert [label.offset[shift] for label in labels] == [2, -2, 2, 2]
    sides = [label.ha if horizontal else label.va for label in labels]
    assert sides == (["left", "right", "left", "left"] if horizontal
                     else ["bottom", "top", "bottom", "bottom"])


def test_horizontal_is_chosen_for_long_labels():
    long = charts.bar_chart(
        ["Lingkungan instansi pemerintah", "Swasta"], [5, 3], title="t", value_label="orang"
    )
    assert long.panels[0].horizontal
    assert long.texts("category")[0].startswith("Lingkungan")
    short = charts.bar_chart(["Sabu", "Ganja"], [5, 3], title="t", value_label="gram")
    assert not short.panels[0].horizontal and short.texts("category") == ["Sabu", "Ganja"]


@pytest.mark.parametrize("lang,note", [("id", "Tidak ada data"), ("en", "No data")])
def test_all_zero_data_draws_a_note(lang, note):
    chart = charts.monthly_chart([0] * 12, title="Kasus per bulan", value_label="kasus",
                                 lang=lang)
    assert chart.texts("note") == [note]
    assert chart.panels[0].value_limits == (0, 1)
    assert "<svg" in charts.svg_text(chart)


def test_empty_inputs_still_draw():
    for chart in (
        charts.bar_chart([], [], title="t", value_label="v"),
        charts.grouped_bar_chart([], {}, title="t", value_label="v"),
        charts.line_chart([2022], {"Kasus": [None]}, title="t", value_label="v"),
        charts.panel_bar_chart({}, title="t"),
    ):
        assert "Tidak ada data" in chart.texts("note")
        assert "<svg" in charts.svg_text(chart)


def test_monthly_chart_uses_indonesian_month_abbreviations():
    labels = charts.monthly_chart(list(range(12)), title="t", value_label="kasus").texts(
        "category")
    assert labels[4] == "Mei" and labels[7] == "Agu" and labels[11] == "Des"
    with pytest.raises(ValueError):
        charts.monthly_chart([1, 2], title="t", value_label="kasus")


def test_count_data_gets_integer_ticks():
    chart = charts.monthly_chart([0, 1, 0, 2, 0, 0, 1, 0, 0, 0, 0, 1], title="t",
                                 value_label="kasus")
    assert chart.texts("tick") == ["0", "1", "2"]
    decimals = charts.bar_chart(["a", "b"], [0.5, 1.5], title="t", value_label="v")
    assert "0,5" in decimals.texts("tick")


def test_line_chart_years_are_plain_and_gaps_allowed():
    chart = charts.line_chart(
        [2018, 2019, 2020, 2021, 2022],
        {"Kasus": [3, 5, None, 4, 2], "Tersangka": [4, 6, 2, 5, 2]},
        title="Tren lima tahun",
        value_label="jumlah",
    )
    assert chart.texts("category") == ["2018", "2019", "2020", "2021", "2022"]
    assert len(chart.panels[0].lines) == 2
    assert chart.texts("legend") == ["Kasus", "Tersangka"]
    svg = chart.svg()
    # the gap splits the first line in two runs (and the legend's key is a third stroke)
    assert len(re.findall(r'<path d="M[^"]*" fill="none" stroke="#1f3b57" stroke-width="1.8"',
                          svg)) == 3


def test_grouped_bars_one_series_per_key():
    chart = charts.grouped_bar_chart(
        ["Rawat jalan", "Rawat inap"],
        {"2021": [80, 5], "2022": [98, 0]},
        title="Layanan rehabilitasi",
        value_label="klien",
    )
    assert chart.series == {"2021": [80, 5], "2022": [98, 0]}
    assert chart.texts("legend") == ["2021", "2022"]
    with pytest.raises(ValueError):
        charts.grouped_bar_chart(["a"], {"x": [1, 2]}, title="t", value_label="v")


def test_series_differ_by_more_than_colour():
    """A greyscale printer keeps series apart: bars by hatch, lines by marker and dash."""
    grouped = charts.grouped_bar_chart(["a"], {str(i): [i + 1] for i in range(5)}, title="t",
                                       value_label="v")
    assert len({b.hatch for b in grouped.panels[0].bars}) == 5
    assert grouped.svg().count("<pattern ") == 4  # every hatch but the first's plain fill
    lines = charts.line_chart([2020, 2021], {str(i): [i, i + 1] for i in range(5)}, title="t",
                              value_label="v").panels[0].lines
    assert len({line.marker for line in lines}) == len({line.dashes for line in lines}) == 5


def test_palette_differs_in_lightness():
    def grey(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    levels = sorted(grey(c) for c in charts.PALETTE)
    assert all(b - a >= 30 for a, b in zip(levels, levels[1:], strict=False))


def test_same_chart_same_bytes_and_a_display_of_its_own():
    assert charts.svg_text(_bar()) == charts.svg_text(_bar()) == _bar()._repr_svg_()
    other = charts.bar_chart(["Sabu", "Ganja", "Ekstasi"], [307.527, 1200, 11],
                             title="Barang bukti", value_label="gram")
    assert charts.svg_text(other) != charts.svg_text(_bar())
    assert _bar().size == (7.0, 2.9)


def test_a_reference_line_marks_a_value():
    chart = charts.bar_chart(["a", "b"], [80, 120], title="t", value_label="%", horizontal=True)
    assert "stroke-dasharray" not in chart.svg()
    chart.add_reference_line(100)
    assert 'stroke-dasharray="3.7,1.6"' in chart.svg()


@pytest.mark.parametrize("make", _layout_cases())
def test_fixed_title_height_draws_what_automatic_title_placement_draws(make):
    """The style fixes the title's height for matplotlib figures (an analyst's own): with
    nothing above the axes, the SVG is byte for byte the one automatic placement draws."""
    import matplotlib as mpl

    with mpl.rc_context({"axes.titley": None}):  # matplotlib's automatic placement
        automatic = charts.svg_text(make())
    assert charts.svg_text(make()) == automatic


PROVINCES = ["Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan",
             "Bengkulu", "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta",
             "Jawa Barat", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Banten", "Bali",
             "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
             "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara",
             "Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara",
             "Gorontalo", "Sulawesi Barat", "Maluku", "Maluku Utara", "Papua", "Papua Barat",
             "Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya"]


def _label_boxes(chart: Chart) -> list:
    """The category labels' boxes top-down (points, y up)."""
    return [p.box for p in chart.placed() if p.role == "category"]


def test_labels_shed_only_the_words_every_label_begins_with():
    names = [f"BNN Provinsi {p}" for p in PROVINCES]
    assert charts.short_labels(names) == PROVINCES
    assert charts.short_labels(["BNN Kota Palembang", "BNN Kabupaten Ogan Ilir"]) == [
        "Kota Palembang", "Kabupaten Ogan Ilir"]
    assert charts.short_labels(["BNN Kota A", "BNN Kota A"]) == ["A", "A"]
    assert charts.short_labels(["Sabu"]) == ["Sabu"]  # one label keeps its words
    assert charts.short_labels(["BNN", "BNN Kota"]) == ["BNN", "BNN Kota"]  # never empty


@pytest.mark.parametrize("names", [
    [f"BNN Provinsi {p}" for p in PROVINCES],  # two-line labels when not shortened
    charts.short_labels([f"BNN Provinsi {p}" for p in PROVINCES]),
])
def test_no_two_bar_labels_overlap_for_38_provinces(names):
    chart = charts.bar_chart(names, list(range(38, 0, -1)), title="", value_label="Kasus",
                             horizontal=True)
    assert chart.height <= charts.MAX_HEIGHT
    boxes = _label_boxes(chart)
    assert len(boxes) == 38
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert above[1] >= below[3], "two bar labels overlap"


def test_the_old_fixed_height_let_two_line_labels_overlap():
    """What the sub-unit chart did before: 38 two-line labels squeezed into 9 inches."""
    chart = charts.bar_chart([f"BNN Provinsi {p}" for p in PROVINCES], list(range(38, 0, -1)),
                             title="", value_label="Kasus", horizontal=True, max_height=None)
    chart.height = 9.0
    boxes = _label_boxes(chart)
    assert any(a[1] < b[3] for a, b in zip(boxes, boxes[1:], strict=False))


def test_labels_on_one_line_make_the_kinerja_chart_short_enough_to_share_its_page():
    # 13 indicators whose names run to 45 characters: wrapped at 30 each takes two lines.
    names = [f"Indeks Kabupaten/Kota Tanggap Ancaman Narkoba {i}" for i in range(13)]
    wrapped = charts.bar_chart(names, list(range(13)), title="", value_label="%",
                               horizontal=True)
    one_line = charts.bar_chart(names, list(range(13)), title="", value_label="%",
                                horizontal=True, wrap=48)
    assert all("\n" not in label for label in one_line.texts("category"))
    assert one_line.height < 4.0 < wrapped.height
    boxes = _label_boxes(one_line)
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert above[1] >= below[3], "two bar labels overlap"


def test_drop_title_clears_a_chart_s_drawn_title():
    chart = _bar()
    charts.drop_title(chart)
    assert chart.title == "" and chart.texts("title") == []


@pytest.mark.parametrize("make", [
    _bar,
    lambda: charts.grouped_bar_chart(["A & B", "x--y"], {"<5": [1, 2], "b-": [3, 4]},
                                     title="t", value_label="v"),
    lambda: charts.line_chart([2021, 2022], {"a": [1, None], "b": [2, 3]}, title="t",
                              value_label="v"),
    lambda: charts.panel_bar_chart({"gram": (["Sabu"], [1.5])}, title="t"),
    lambda: charts.marked_bar_chart(["a", "b"], [None, 2], ["<5", None], title="t",
                                    value_label="v"),
])
def test_every_kind_writes_well_formed_svg(make):
    """Browsers read the HTML's charts (data URIs) as XML: one stray ``--`` in a comment or an
    unescaped ``&`` and the picture is gone."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(charts.svg_text(make()).encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


_DRAW = """
import json, sys
from helpers.report import charts, glyphs
from helpers.report.report import Report
drawn = []
charts.show = lambda fig, alt: drawn.append(charts.svg_text(fig))
if sys.argv[1] == "warm":
    charts.warm_up()
shaped = glyphs.texts_shaped()
for lang in ("id", "en"):
    report = Report.open("bnnk-lubuklinggau", 2022, data_dir=sys.argv[2], params_dir=sys.argv[3],
                         language=lang)
    for name in sorted(n for n in dir(Report) if n.endswith("_chart")):
        getattr(report, name)()
print(json.dumps({"svgs": drawn, "shaped": glyphs.texts_shaped() - shaped}))
"""


def _report_charts(paths, mode: str) -> dict:
    """A BNNK report's charts, both languages, drawn in a fresh process with or without the
    fork-server's warm-up, and how many texts FreeType shaped for them."""
    done = subprocess.run([sys.executable, "-c", _DRAW, mode, str(paths.data_dir),
                           str(paths.params_dir)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # after what display() printed


def test_a_report_s_charts_after_the_warm_up_shape_no_text_and_are_the_same_bytes(paths):
    warm, cold = _report_charts(paths, "warm"), _report_charts(paths, "cold")
    assert len(warm["svgs"]) >= 12  # eight kinds of chart, in both languages
    assert warm["svgs"] == cold["svgs"]
    assert cold["shaped"] > 50  # labels, axis titles, values, ticks
    assert warm["shaped"] == 0  # every one of them was shaped (or is composed) in the server
