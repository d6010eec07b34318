from __future__ import annotations

from helpers.common.config import ENV_DATA_DIR, ENV_OUTPUTS_DIR, project_root, resolve_paths


def test_defaults_are_the_project_folders(monkeypatch):
    for var in (ENV_DATA_DIR, ENV_OUTPUTS_DIR, "WORKBOOK_PARAMS_DIR"):
        monkeypatch.delenv(var, raising=False)
    paths = resolve_paths()
    assert paths.data_dir == project_root() / "data"
    assert paths.outputs_dir == project_root() / "outputs"


def test_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_paths().data_dir == tmp_path / "env"
    assert resolve_paths(data_dir=tmp_path / "opt").data_dir == tmp_path / "opt"


def test_a_data_folder_without_reference_uses_the_bundled_registry(tmp_path):
    paths = resolve_paths(data_dir=tmp_path)
    assert (paths.reference_dir / "units.csv").exists()
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "units.csv").write_text("unit_id\n")
    assert resolve_paths(data_dir=tmp_path).reference_dir == tmp_path / "reference"
