from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("jobs", ["-3", "0", "x", "1000"])
def test_jobs_outside_one_to_the_maximum_is_a_usage_error(jobs, capsys):
    from helpers.cli.workbook import make_parser

    with pytest.raises(SystemExit) as exit_:
        make_parser().parse_args(["build", "--jobs", jobs])
    assert exit_.value.code == 2
    assert "1–256" in capsys.readouterr().err


def test_local_workers_are_capped_per_core_and_dask_is_not():
    from helpers.cli.workbook import worker_count

    assert worker_count(None, "local", 2) == (2, None)
    assert worker_count(8, "local", 2) == (8, None)
    jobs, note = worker_count(100, "local", 2)
    assert jobs == 8 and "at most 8 local workers on 2 core(s)" in note
    assert worker_count(100, "dask", 2) == (100, None)
