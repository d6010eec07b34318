"""The province map: circle area proportional to the value, withheld provinces said so, the
provinces of the year (34 before the 2022 Papua provinces had their BNNP, 38 after)."""

from __future__ import annotations

from matplotlib.collections import LineCollection, PathCollection, PolyCollection

from helpers.reference.provinces import load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.report.charts_svg import svg_text
from helpers.report.map import map_alt_text, province_map

PROVINCES = load_provinces(bundled_reference_dir())
#: The 34 provinces of 2019–2022: without the four formed in 2022.
CODES_2022 = [p.code for p in PROVINCES if p.code not in {"93", "94", "95", "96"}]


def _circles(fig) -> PathCollection:
    (ax,) = fig.axes
    (collection,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    return collection


def _hatched(fig) -> set[str]:
    """The provinces drawn hatched: those whose outline is among the hatched outlines."""
    first_points = {tuple(path.vertices[0]) for c in fig.axes[0].collections
                    if isinstance(c, PolyCollection) and c.get_hatch() == "////"
                    for path in c.get_paths()}
    return {p.code for p in PROVINCES if p.rings[0][0] in first_points}


def _border_segments(fig) -> set[frozenset]:
    """Every border segment drawn, as a line or as an outline's edge."""
    segments = set()
    for c in fig.axes[0].collections:
        if isinstance(c, LineCollection) or (isinstance(c, PolyCollection)
                                             and len(c.get_edgecolor())):
            for path in c.get_paths():
                points = [tuple(v) for v in path.vertices]
                segments |= {frozenset(pair) for pair in zip(points, points[1:], strict=False)}
    return segments


def _shared_border(a: str, b: str) -> set[frozenset]:
    def segments(code):
        (province,) = [p for p in PROVINCES if p.code == code]
        return {frozenset(pair) for ring in province.rings
                for pair in zip(ring, ring[1:] + ring[:1], strict=True)}
    return segments(a) & segments(b)


def test_circle_area_is_proportional_to_the_value():
    fig = province_map({"32": 400, "51": 100, "11": 25, "31": 0}, "Tersangka", "tersangka")
    sizes = sorted(_circles(fig).get_sizes())
    assert len(sizes) == 3  # zero draws no circle
    assert sizes[2] / sizes[1] == 4 and sizes[1] / sizes[0] == 4


def test_a_withheld_province_is_hatched_and_named_in_the_legend_not_shown_as_zero():
    fig = province_map({"32": 40, "34": None}, "Klien", "klien")
    (ax,) = fig.axes
    assert _hatched(fig) == {"34"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "disamarkan / tidak dilaporkan" in legend
    assert len(_circles(fig).get_sizes()) == 1
    english = province_map({"32": 40, "34": None}, "Clients", "clients", lang="en")
    assert "withheld / not reported" in [t.get_text() for t in english.axes[0].get_legend()
                                         .get_texts()]


def test_no_hatch_when_nothing_is_withheld():
    fig = province_map({"32": 40}, "Kasus", "kasus")
    assert _hatched(fig) == set()


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


def test_before_the_papua_bnnps_their_land_is_drawn_as_part_of_papua_and_papua_barat():
    values = dict.fromkeys(CODES_2022, 5)
    values["91"] = None
    before = province_map(values, "Kasus", "kasus")
    assert _hatched(before) == {"91", "93", "94", "95"}  # Papua of 2022, withheld, whole
    inner = _shared_border("91", "94") | _shared_border("93", "95") | _shared_border("92", "96")
    assert inner and not inner & _border_segments(before)
    assert _shared_border("92", "94") <= _border_segments(before)  # Papua | Papua Barat
    after = province_map({**values, "93": 5, "94": 5, "95": 5, "96": 5}, "Kasus", "kasus")
    assert _hatched(after) == {"91"}
    assert inner <= _border_segments(after)


def test_a_code_without_an_outline_is_left_out_of_the_map_its_scale_and_its_alt_text():
    fig = province_map({"32": 100, "51": 25, "99": 10_000}, "Kasus", "kasus")
    sizes = sorted(_circles(fig).get_sizes())
    assert len(sizes) == 2 and sizes[1] == 30.0 ** 2  # Jawa Barat is the largest drawn
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "100" in legend and "10.000" not in legend
    alt = map_alt_text({"32": 100, "99": 10_000}, "kasus")
    assert alt.endswith("Terbesar: Jawa Barat (100).")
