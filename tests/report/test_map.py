"""The province map: circle area proportional to the value, withheld provinces said so."""

from __future__ import annotations

from matplotlib.collections import PathCollection

from helpers.report.charts_svg import svg_text
from helpers.report.map import map_alt_text, province_map


def _circles(fig) -> PathCollection:
    (ax,) = fig.axes
    (collection,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    return collection


def test_circle_area_is_proportional_to_the_value():
    fig = province_map({"32": 400, "51": 100, "11": 25, "31": 0}, "Tersangka", "tersangka")
    sizes = sorted(_circles(fig).get_sizes())
    assert len(sizes) == 3  # zero draws no circle
    assert sizes[2] / sizes[1] == 4 and sizes[1] / sizes[0] == 4


def test_a_withheld_province_is_hatched_and_named_in_the_legend_not_shown_as_zero():
    fig = province_map({"32": 40, "34": None}, "Klien", "klien")
    (ax,) = fig.axes
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert hatched and all(p.get_hatch() == "////" for p in hatched)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "disamarkan / tidak dilaporkan" in legend
    assert len(_circles(fig).get_sizes()) == 1
    english = province_map({"32": 40, "34": None}, "Clients", "clients", lang="en")
    assert "withheld / not reported" in [t.get_text() for t in english.axes[0].get_legend()
                                         .get_texts()]


def test_no_hatch_when_nothing_is_withheld():
    fig = province_map({"32": 40}, "Kasus", "kasus")
    assert not [p for p in fig.axes[0].patches if p.get_hatch()]


def test_the_map_credits_its_boundaries_and_is_byte_identical_when_redrawn():
    values = {"32": 400, "51": 100, "34": None}
    first = svg_text(province_map(values, "Kasus", "kasus"))
    assert first == svg_text(province_map(values, "Kasus", "kasus"))
    fig = province_map(values, "Kasus", "kasus")
    assert any("CC BY 4.0" in t.get_text() for t in fig.texts)


def test_legend_values_in_indonesian_format():
    fig = province_map({"32": 25_000}, "Gram", "gram")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "20.000" in legend


def test_alt_text_names_the_largest_provinces():
    alt = map_alt_text({"32": 1234, "51": 100, "11": 7, "34": None}, "tersangka", top=2)
    assert "Jawa Barat (1.234), Bali (100)" in alt
    assert "Aceh" not in alt
    assert map_alt_text({"32": 5}, "cases", lang="en").endswith("Largest: Jawa Barat (5).")
    assert map_alt_text({}, "kasus").endswith("tidak ada nilai di atas nol.")
