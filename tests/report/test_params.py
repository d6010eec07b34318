from __future__ import annotations

import pytest

from helpers.report.params import ParamsError, load_params, merge


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_later_files_win_and_mappings_merge_key_by_key(tmp_path):
    _write(tmp_path / "defaults.yaml", "status: draft\nsignatory: {name: A, title: Kepala}\n")
    _write(tmp_path / "2022" / "defaults.yaml", "status: final\n")
    _write(tmp_path / "2022" / "bnnk-a.yaml", "signatory: {name: B}\n")
    params = load_params(tmp_path, 2022, "bnnk-a")
    assert params["status"] == "final"
    assert params["signatory"] == {"name": "B", "title": "Kepala", "place": ""}
    assert load_params(tmp_path, 2021, "bnnk-a")["status"] == "draft"


def test_command_line_values_win_and_none_means_not_given(tmp_path):
    _write(tmp_path / "defaults.yaml", "language: id\n")
    assert load_params(tmp_path, 2022, "bnnk-a", {"language": "en"})["language"] == "en"
    assert load_params(tmp_path, 2022, "bnnk-a", {"language": None})["language"] == "id"


def test_invalid_values_are_refused_with_the_key_named(tmp_path):
    _write(tmp_path / "defaults.yaml", "language: fr\n")
    with pytest.raises(ParamsError, match="language"):
        load_params(tmp_path, 2022, "bnnk-a")


def test_malformed_yaml_names_the_file(tmp_path):
    _write(tmp_path / "defaults.yaml", "status: [draft\n")
    with pytest.raises(ParamsError, match="defaults.yaml"):
        load_params(tmp_path, 2022, "bnnk-a")


def test_unit_id_cannot_reach_outside_the_params_folder(tmp_path):
    with pytest.raises(ParamsError):
        load_params(tmp_path, 2022, "../secret")


def test_merge_does_not_modify_its_inputs():
    base = {"a": {"b": 1}}
    merge(base, {"a": {"c": 2}})
    assert base == {"a": {"b": 1}}
