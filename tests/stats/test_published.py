"""Published figures flattened to readable paths, and the changes between two versions."""

from __future__ import annotations

from helpers.stats.published import changes, flat_figures

FIGURES = {
    "unit_id": "bnnk-x", "unit_name": "BNN Kota X", "year": 2024, "level": "kabkota",
    "language": "id", "cases": 18, "suspects": 26,
    "seizures": [{"drug": "sabu", "quantity": 68.889, "uom": "gram"},
                 {"drug": "ganja", "quantity": 273, "uom": "batang"}],
    "rehab": {"clients": 106, "rawat_jalan": 105},
    "own": {"cases": 18},
    "previous": {"year": 2023, "cases": 21},
    "provenance": {"data_sha256": "abc", "code_version": "0.1.0+x"},
}


def test_every_number_under_a_readable_path_and_nothing_else():
    flat = flat_figures(FIGURES)
    assert flat == {
        "cases": 18, "suspects": 26, "seizures.sabu.gram": 68.889,
        "seizures.ganja.batang": 273, "rehab.clients": 106, "rehab.rawat_jalan": 105,
        "own.cases": 18, "previous.cases": 21,
    }


def test_changes_name_each_changed_added_and_removed_figure():
    old = flat_figures(FIGURES)
    new = dict(old, cases=19, **{"seizures.kokain.gram": 1.5})
    del new["seizures.ganja.batang"]
    found = [(c.figure, c.published, c.new) for c in changes("bnnk-x", old, new)]
    assert found == [("cases", 18, 19), ("seizures.ganja.batang", 273, None),
                     ("seizures.kokain.gram", None, 1.5)]
    assert changes("bnnk-x", old, dict(old)) == []


def test_names_and_provenance_are_not_figures():
    renamed = dict(FIGURES, unit_name="BNN Kota Y", provenance={"data_sha256": "def"})
    assert changes("bnnk-x", flat_figures(FIGURES), flat_figures(renamed)) == []
