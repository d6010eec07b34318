"""Charts: Indonesian axes and value labels, empty data, and each kind of chart."""

from __future__ import annotations

import math

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from chart_support import _bar, _layout_cases
from helpers.report import charts


def _ticks(fig: Figure, axis: str = "y") -> list[str]:
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [label.get_text() for label in labels]


def _texts(fig: Figure) -> list[str]:
    return [text.get_text() for text in fig.axes[0].texts]


def test_value_axis_uses_indonesian_thousands():
    ticks = _ticks(_bar())
    assert "1.200" in ticks or "1.000" in ticks
    assert not any("," in tick for tick in ticks)


def test_value_labels_on_bars_in_indonesian_format():
    fig = _bar()
    assert _texts(fig) == ["307,527", "1.200", "10"]
    en = charts.bar_chart(["a", "b"], [307.527, 1200], title="t", value_label="g", lang="en")
    assert _texts(en) == ["307.527", "1,200"]


@pytest.mark.parametrize("horizontal", [False, True])
@pytest.mark.parametrize("invert", [False, True])
def test_value_labels_sit_where_bar_label_puts_them(horizontal, invert):
    """Same SVG as matplotlib's ``bar_label`` for every side a label can take."""
    values = [307.527, -12.0, 0.0, math.nan, 1200.0]

    def chart(label) -> str:
        fig = Figure()
        ax = fig.add_subplot()
        draw = ax.barh if horizontal else ax.bar
        bars = draw(range(len(values)), values)
        if invert:
            (ax.invert_xaxis if horizontal else ax.invert_yaxis)()
        label(ax, bars)
        return charts.svg_text(fig)

    ours = chart(lambda ax, bars: charts._label_bars(ax, bars, values, "id"))
    theirs = chart(lambda ax, bars: ax.bar_label(
        bars, labels=["" if math.isnan(v) else charts.fmt.format_decimal(v, 3, "id")
                      for v in values], padding=2, fontsize=7.5))
    assert ours == theirs
    assert ours.count("<!-- ") >= 4  # the four labels are drawn (one comment per text)


def test_horizontal_is_chosen_for_long_labels():
    long = charts.bar_chart(
        ["Lingkungan instansi pemerintah", "Swasta"], [5, 3], title="t", value_label="orang"
    )
    assert [t.get_text() for t in long.axes[0].get_yticklabels()][0].startswith("Lingkungan")
    short = charts.bar_chart(["Sabu", "Ganja"], [5, 3], title="t", value_label="gram")
    assert [t.get_text() for t in short.axes[0].get_xticklabels()] == ["Sabu", "Ganja"]


@pytest.mark.parametrize("lang,note", [("id", "Tidak ada data"), ("en", "No data")])
def test_all_zero_data_draws_a_note(lang, note):
    fig = charts.monthly_chart([0] * 12, title="Kasus per bulan", value_label="kasus", lang=lang)
    assert note in _texts(fig)
    assert fig.axes[0].get_ylim() == (0, 1)
    assert "<svg" in charts.svg_text(fig)


def test_empty_inputs_still_draw():
    for fig in (
        charts.bar_chart([], [], title="t", value_label="v"),
        charts.grouped_bar_chart([], {}, title="t", value_label="v"),
        charts.line_chart([2022], {"Kasus": [None]}, title="t", value_label="v"),
    ):
        assert "Tidak ada data" in _texts(fig)
        assert "<svg" in charts.svg_text(fig)


def test_monthly_chart_uses_indonesian_month_abbreviations():
    fig = charts.monthly_chart(list(range(12)), title="t", value_label="kasus")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[4] == "Mei" and labels[7] == "Agu" and labels[11] == "Des"
    with pytest.raises(ValueError):
        charts.monthly_chart([1, 2], title="t", value_label="kasus")


def test_count_data_gets_integer_ticks():
    fig = charts.monthly_chart([0, 1, 0, 2, 0, 0, 1, 0, 0, 0, 0, 1], title="t", value_label="kasus")
    assert all("," not in tick for tick in _ticks(fig))


def test_line_chart_years_are_plain_and_gaps_allowed():
    fig = charts.line_chart(
        [2018, 2019, 2020, 2021, 2022],
        {"Kasus": [3, 5, None, 4, 2], "Tersangka": [4, 6, 2, 5, 2]},
        title="Tren lima tahun",
        value_label="jumlah",
    )
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "2018", "2019", "2020", "2021", "2022",
    ]  # fmt: skip
    assert len(fig.axes[0].lines) == 2
    assert fig.axes[0].get_legend() is not None


def test_grouped_bars_one_series_per_key():
    fig = charts.grouped_bar_chart(
        ["Rawat jalan", "Rawat inap"],
        {"2021": [80, 5], "2022": [98, 0]},
        title="Layanan rehabilitasi",
        value_label="klien",
    )
    assert len(fig.axes[0].containers) == 2
    with pytest.raises(ValueError):
        charts.grouped_bar_chart(["a"], {"x": [1, 2]}, title="t", value_label="v")


def test_palette_differs_in_lightness():
    def grey(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    levels = sorted(grey(c) for c in charts.PALETTE)
    assert all(b - a >= 30 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("make", _layout_cases())
def test_fixed_title_height_draws_what_automatic_title_placement_draws(make):
    """The style fixes the title's height (cheaper than placing it automatically at each layout
    pass); with nothing above these charts' axes, the SVG is byte for byte the same."""
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


def _label_boxes(fig: Figure) -> list:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in fig.axes[0].get_yticklabels()
            if t.get_text()]


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
    fig = charts.bar_chart(names, list(range(38, 0, -1)), title="", value_label="Kasus",
                           horizontal=True)
    assert fig.get_figheight() <= charts.MAX_HEIGHT
    boxes = _label_boxes(fig)
    assert len(boxes) == 38
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert above.y0 >= below.y1, "two bar labels overlap"


def test_the_old_fixed_height_let_two_line_labels_overlap():
    """What the sub-unit chart did before: 38 two-line labels squeezed into 9 inches."""
    fig = charts.bar_chart([f"BNN Provinsi {p}" for p in PROVINCES], list(range(38, 0, -1)),
                           title="", value_label="Kasus", horizontal=True, max_height=None)
    fig.set_figheight(9.0)
    boxes = _label_boxes(fig)
    assert any(a.y0 < b.y1 for a, b in zip(boxes, boxes[1:], strict=False))


def test_labels_on_one_line_make_the_kinerja_chart_short_enough_to_share_its_page():
    # 13 indicators whose names run to 45 characters: wrapped at 30 each takes two lines.
    names = [f"Indeks Kabupaten/Kota Tanggap Ancaman Narkoba {i}" for i in range(13)]
    wrapped = charts.bar_chart(names, list(range(13)), title="", value_label="%",
                               horizontal=True)
    one_line = charts.bar_chart(names, list(range(13)), title="", value_label="%",
                                horizontal=True, wrap=48)
    assert all("\n" not in t.get_text() for t in one_line.axes[0].get_yticklabels())
    assert one_line.get_figheight() < 4.0 < wrapped.get_figheight()
    boxes = _label_boxes(one_line)
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert above.y0 >= below.y1, "two bar labels overlap"
