from __future__ import annotations

from helpers.cli import main


def test_unknown_unit_is_a_usage_error_with_a_suggestion(sample_data_dir, tmp_path, capsys):
    code = main(["build", "--unit", "bnnk-lubuk-linggau", "--data-dir", str(sample_data_dir),
                 "--outputs-dir", str(tmp_path)])
    assert code == 2
    assert "bnnk-lubuklinggau" in capsys.readouterr().err


def test_a_year_without_data_is_a_usage_error(sample_data_dir, tmp_path, capsys):
    code = main(["build", "--year", "1999", "--data-dir", str(sample_data_dir),
                 "--outputs-dir", str(tmp_path)])
    assert code == 2
    assert "1999" in capsys.readouterr().err


def test_build_on_an_empty_data_folder_explains_what_to_do(tmp_path, capsys):
    code = main(["build", "--data-dir", str(tmp_path / "empty"), "--outputs-dir", str(tmp_path)])
    assert code == 2
    assert "workbook sample" in capsys.readouterr().err
