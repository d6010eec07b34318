"""Sub-units section: ranked by cases, own work and sub-units add up to the rolled-up row, the
chart follows the ranking, BNN RI's province map shows the same cases per province, and a BNNK
has neither table nor chart (nor a BNNP a map)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from matplotlib.collections import PathCollection, PolyCollection

from helpers.reference.provinces import load_provinces
from helpers.reference.registry import bundled_reference_dir
from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import subunits
from helpers.stats.subunits import COMPARED


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _rows(markdown: str) -> list[list[str]]:
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip().strip("*") for c in ln.strip("|").split(" | ")] for ln in lines[2:]]


def test_ranked_rows_and_own_work_add_up_to_the_rolled_up_row(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    rows = _rows(subunits.section(r).data)
    ranked, own, total = rows[:-2], rows[-2], rows[-1]
    assert [row[0] for row in ranked] == [str(n) for n in range(1, len(ranked) + 1)]
    cases = [int(row[2].replace(".", "")) for row in ranked]
    assert cases == sorted(cases, reverse=True) and len(ranked) >= 2
    assert own[1] == "BNN Provinsi Sumatera Selatan (kerja sendiri)"
    assert total[1] == "Jumlah gabungan"
    for i, key in enumerate(COMPARED, 2):
        column = [int(row[i].replace(".", "")) for row in [*ranked, own]]
        assert sum(column) == int(total[i].replace(".", "")), key
    assert int(total[2]) == r.figures["cases"]  # the rolled-up row is the report's headline


def test_chart_follows_the_ranking(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnp-sumsel", 2022)
    subunits.chart(r)
    names = [name for _, name, _ in r.subunit_comparison().subunits]
    positions = [shown[0].index(f"{name}: ") for name in names]
    assert positions == sorted(positions)


def test_a_bnnk_has_no_comparison(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert subunits.section(r).data == ""
    subunits.chart(r)
    assert shown == []


def _shown(monkeypatch) -> list[tuple[object, str]]:
    """The (figure, alt text) of every chart shown from now on."""
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append((fig, alt)))
    return shown


def test_bnn_ri_maps_each_bnnp_by_its_province_code_and_names_the_largest(paths, monkeypatch):
    shown = _shown(monkeypatch)
    r = _open(paths, "bnn-ri", 2022)
    subunits.map(r)
    ((fig, alt),) = shown
    provinces = {p.code: p.name for p in load_provinces(bundled_reference_dir())}
    values = subunits.province_cases(r)
    # the 34 provinces of 2022: Papua (91) and Papua Barat (92) before their 2022 split
    assert sorted(values, key=float) == [c for c in provinces if c not in {"93", "94", "95",
                                                                          "96"}]
    comparison = r.subunit_comparison()
    for unit_id, _, f in comparison.subunits:
        assert values[r.registry.get(unit_id).region_code] == f["cases"]
    top_id, _, top = comparison.subunits[0]
    largest = provinces[r.registry.get(top_id).region_code]
    assert f"Terbesar: {largest} ({r.i(top['cases'])})" in alt
    assert alt.startswith("Kasus narkotika per provinsi (angka gabungan BNNP), 2022. Peta")
    assert alt.endswith("Angka per provinsi: tabel Perbandingan Satuan Kerja di atas.")
    (circles,) = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert len(circles.get_sizes()) == sum(1 for v in values.values() if v)
    assert any("CC BY 4.0" in t.get_text() for t in fig.texts)


def test_the_map_in_english_points_to_the_comparison_table(paths, monkeypatch):
    shown = _shown(monkeypatch)
    subunits.map(_open(paths, "bnn-ri", 2022, language="en"))
    ((_, alt),) = shown
    assert alt.startswith("Drug cases per province (BNNP rolled-up figures), 2022. Map of")
    assert "Largest: " in alt
    assert alt.endswith("Figures per province: the Comparison of Sub-units table above.")


def test_from_2023_the_map_has_the_38_provinces(paths):
    r = _open(paths, "bnn-ri", 2023)  # no rows that year in the sample: every count is 0
    values = subunits.province_cases(r)
    assert sorted(values, key=float) == [p.code for p in load_provinces(
        bundled_reference_dir())]
    assert set(values.values()) == {0}


def test_a_bnnp_and_a_bnnk_show_no_map(paths, monkeypatch):
    shown = _shown(monkeypatch)
    for unit_id in ("bnnp-sumsel", "bnnk-lubuklinggau"):
        r = _open(paths, unit_id, 2022)
        assert subunits.province_cases(r) == {}
        subunits.map(r)
    assert shown == []


def test_a_province_whose_cases_are_none_is_hatched_not_drawn_as_zero(paths, monkeypatch):
    shown = _shown(monkeypatch)
    r = _open(paths, "bnn-ri", 2022)
    c = r.subunit_comparison()
    (jabar,) = [(u, n, f) for u, n, f in c.subunits if u == "bnnp-jabar"]
    withheld = [(u, n, {**f, "cases": None}) if u == "bnnp-jabar" else (u, n, f)
                for u, n, f in c.subunits]
    monkeypatch.setattr(r, "subunit_comparison", lambda: replace(c, subunits=withheld))
    assert subunits.province_cases(r)["32"] is None
    subunits.map(r)
    ((fig, alt),) = shown
    ax = fig.axes[0]
    hatched = [path for coll in ax.collections if isinstance(coll, PolyCollection)
               and coll.get_hatch() == "////" for path in coll.get_paths()]
    (west_java,) = [p for p in load_provinces(bundled_reference_dir()) if p.code == "32"]
    assert [tuple(h.vertices[0]) for h in hatched] == [ring[0] for ring in west_java.rings]
    (circles,) = [coll for coll in ax.collections if isinstance(coll, PathCollection)]
    assert len(circles.get_sizes()) == sum(1 for _, _, f in c.subunits if f["cases"]) - 1
    assert "disamarkan / tidak dilaporkan" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Jawa Barat" not in alt and jabar[2]["cases"]


def test_a_bnnp_whose_code_has_no_outline_is_left_off_without_error(paths, monkeypatch):
    shown = _shown(monkeypatch)
    r = _open(paths, "bnn-ri", 2022)
    c = r.subunit_comparison()
    monkeypatch.setattr(subunits, "province_cases", lambda report: {
        **{"99": 10 * max(f["cases"] for _, _, f in c.subunits)},
        **{r.registry.get(u).region_code: f["cases"] for u, _, f in c.subunits}})
    subunits.map(r)
    ((fig, alt),) = shown
    provinces = {p.code: p.name for p in load_provinces(bundled_reference_dir())}
    top_id, _, top = c.subunits[0]
    assert f"Terbesar: {provinces[r.registry.get(top_id).region_code]} (" in alt
    assert "99" not in alt
    (circles,) = [coll for coll in fig.axes[0].collections if isinstance(coll, PathCollection)]
    assert max(circles.get_sizes()) == 30.0 ** 2  # the scale is that of the drawn provinces


_DRAW = """
import json, sys
from helpers.report import charts, glyphs
from helpers.report.report import Report
from helpers.report.sections import subunits
drawn = []
subunits.show = lambda fig, *alt: drawn.append(charts.svg_text(fig))
charts.warm_up()
report = Report.open("bnnp-sumsel", 2022, data_dir=sys.argv[2], params_dir=sys.argv[3])
if sys.argv[1] == "warm":
    subunits.warm_up(report.registry, [2021, 2022])
shaped = glyphs.texts_shaped()
for lang in ("id", "en"):
    Report.open("bnnp-sumsel", 2022, data_dir=sys.argv[2], params_dir=sys.argv[3],
                language=lang).subunits_chart()
print(json.dumps({"svgs": drawn, "shaped": glyphs.texts_shaped() - shaped}))
"""


def test_the_sub_unit_charts_after_the_warm_up_shape_no_name_and_are_the_same_bytes(paths):
    """The fork-server draws every unit's sub-unit chart once: a BNNP's kernel then shapes
    none of its sub-units' names (nor the title), and draws the same chart."""
    runs = {mode: json.loads(subprocess.run(
        [sys.executable, "-c", _DRAW, mode, str(paths.data_dir), str(paths.params_dir)],
        capture_output=True, text=True, check=True).stdout.splitlines()[-1])
        for mode in ("warm", "cold")}
    assert len(runs["warm"]["svgs"]) == 2 and runs["warm"]["svgs"] == runs["cold"]["svgs"]
    assert runs["cold"]["shaped"] > 5 and runs["warm"]["shaped"] == 0
