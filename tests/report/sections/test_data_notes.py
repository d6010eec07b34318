"""Data notes: caveats name the gaps of the year, definitions end with the rule as applied, and
the origin table is the figures file's provenance, the analyst's narrative left out."""

from __future__ import annotations

from helpers.report.report import Report
from helpers.report.sections import data_notes, rehabilitation


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def test_param_text_keeps_a_mapping_on_one_line_without_empty_values():
    assert data_notes.param_text({"name": "Budi", "title": "", "place": None}) == "{name: Budi}"
    assert data_notes.param_text({}) == "{}"
    assert data_notes.param_text(5) == "5"


def test_caveats_name_each_gap_of_the_year(paths):
    gap = _open(paths, "bnnk-palembang", 2021, language="en")
    assert data_notes.caveats(gap) == [
        "BNN Kota Palembang: no prevention table for 2021.",
        "Months without any recorded activity (cases, rehabilitation or prevention): "
        "February."]
    province = _open(paths, "bnnp-sumsel", 2021)  # a sub-unit's gap is the province's caveat
    assert data_notes.caveats(province) == [
        "BNN Kota Palembang: tabel P2M tidak tersedia untuk tahun 2021."]
    notes = data_notes.section(gap).data
    for line in data_notes.caveats(gap):
        assert f"- {line}" in notes


def test_no_caveats_is_a_neutral_line(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.caveats(r) == []
    assert "### Keterbatasan data\n\nTidak ada keterbatasan data yang tercatat.\n" in (
        data_notes.section(r).data)


def test_definitions_end_with_the_rule_as_applied(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, suppression_threshold=0)
    lines = data_notes.definitions(r).splitlines()
    assert len(lines) == len(data_notes.DEFINITIONS) + 1
    assert lines[-1] == f"- {rehabilitation.suppression_rule(r)}"
    assert "tidak diterapkan" in lines[-1]


def test_origin_is_the_figures_files_provenance_without_the_narrative(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022,
              narrative={"highlights": "RAHASIA-CATATAN", "obstacles": "", "actions": ""})
    p = r.figures["provenance"]
    table = data_notes.origin_table(r)
    assert f"`{p['data_sha256']}`" in table and f"`{p['code_version']}`" in table
    assert "suppression_threshold: 5" in table
    assert "RAHASIA-CATATAN" not in table and "narrative" not in table
