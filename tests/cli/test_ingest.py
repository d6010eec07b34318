"""``workbook ingest`` and ``workbook template`` as an analyst types them: exit codes, the problem
list with locations, the summary, progress for large files and usage errors."""

from __future__ import annotations

import argparse
import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl

from helpers.cli.ingest import add_subcommands
from helpers.common.config import Paths
from ingest_support import CASES_CSV, SEIZURES_CSV, UNIT, files


def run_cli(argv: list[str], data: Paths) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="workbook")
    sub = parser.add_subparsers(dest="command", required=True)
    add_subcommands(sub, lambda p: p.add_argument("--data-dir"), lambda args: data)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = args.func(args)
    return code, out.getvalue(), err.getvalue()


def test_cli_exit_0_and_summary_when_everything_is_accepted(data: Paths,
                                                            tmp_path: Path) -> None:
    code, out, _ = run_cli(["ingest", str(files(tmp_path / "a", kasus=CASES_CSV))], data)
    assert code == 0
    assert "Ringkasan" in out and "cases" in out and UNIT in out


def test_cli_lists_every_rejected_row_with_location_and_exit_1(data: Paths,
                                                              tmp_path: Path) -> None:
    bad = CASES_CSV.replace(";2;ya", ";-2;ya").replace("2022-03-01", "2021-03-01")
    folder = files(tmp_path / "a", kasus=bad, barang_bukti=SEIZURES_CSV.replace("sabu", "shabu"))
    code, out, _ = run_cli(["ingest", "--year", "2022", "--lang", "en", str(folder)], data)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(str(folder))]
    assert any(line.startswith(f"{folder / 'kasus.csv'}:kasus:2:suspects: value -2 is negative")
               for line in lines)
    assert any(":kasus:3:date: date 01/03/2021 is outside the submission year 2022" in line
               for line in lines)
    assert any(":barang_bukti:2:drug: 'shabu' is not known (did you mean 'sabu'?)" in line
               for line in lines)
    assert "Summary" in out and "quarantine" in out


def test_cli_usage_errors_exit_2(data: Paths, tmp_path: Path) -> None:
    assert run_cli(["ingest", str(tmp_path / "nowhere.xlsx")], data)[0] == 2
    assert run_cli(["template", "-o", str(tmp_path / "f.csv")], data)[0] == 2


def test_cli_template_writes_the_form(data: Paths, tmp_path: Path) -> None:
    out = tmp_path / "formulir.xlsx"
    code, text, _ = run_cli(["template", "--unit", UNIT, "--year", "2022", "-o", str(out)], data)
    assert code == 0 and out.exists() and str(out) in text
    assert openpyxl.load_workbook(out)["kasus"]["B2"].value == UNIT


def test_progress_is_shown_for_large_files(data: Paths, tmp_path: Path) -> None:
    header = "activity_id,unit_id,date,activity,sector,participants\n"
    rows = "".join(f"K-{i},{UNIT},01/05/2022,sosialisasi,pendidikan,{i}\n" for i in range(2500))
    code, out, err = run_cli(["ingest", str(files(tmp_path / "a", outreach=header + rows))], data)
    assert code == 0
    assert "1000/2500" in err and "2500/2500" in err
    assert "2500" in out


def test_cli_folder_without_submission_files_is_a_usage_error(data: Paths,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "kosong"
    folder.mkdir()
    (folder / "catatan.txt").write_text("-", encoding="utf-8")
    assert run_cli(["ingest", str(folder)], data)[0] == 2


def test_an_implausible_year_is_a_usage_error_and_nothing_is_written(data: Paths,
                                                                    tmp_path: Path) -> None:
    folder = files(tmp_path / "a", kasus=CASES_CSV)
    code, out, err = run_cli(["ingest", "--year", "22", str(folder)], data)
    assert (code, out) == (2, "")
    assert "workbook ingest: --year 22?" in err
    assert not data.data_dir.exists()


def test_summary_counts_each_table_and_unit_and_adds_a_total_line(data: Paths,
                                                                 tmp_path: Path) -> None:
    bad = CASES_CSV.replace(";2;ya", ";-2;ya")  # LKN/01 rejected, and its seizure with it
    folder = files(tmp_path / "a", kasus=bad, barang_bukti=SEIZURES_CSV)
    code, out, _ = run_cli(["ingest", "--lang", "en", "--check", str(folder)], data)
    assert code == 1
    summary = out[out.index("Summary\n"):].splitlines()
    assert summary[1].split() == ["table", "unit", "read", "accepted", "rejected"]
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in summary[3:6]}
    assert rows == {("cases", UNIT): ["2", "1", "1"], ("seizures", UNIT): ["2", "1", "1"],
                    ("total", "4"): ["2", "2"]}
    assert "Check only: nothing was written." in out
    assert not data.data_dir.exists()


def test_a_problem_repeated_in_many_rows_shows_its_first_rows_and_counts_the_others(
        data: Paths, tmp_path: Path) -> None:
    header = "nomor_lkn;satuan_kerja;tanggal;jumlah_tersangka;p21;tppu\n"
    rows = "".join(f"LKN/{i};{UNIT};30/12/2022;-1;ya;tidak\n" for i in range(2500))
    rows += f"LKN/X;{UNIT};31/02/2022;1;ya;tidak\n"  # another problem: listed on its own
    code, out, _ = run_cli(["ingest", "--lang", "en", str(files(tmp_path / "a",
                                                                kasus=header + rows))], data)
    assert code == 1
    shown = [line for line in out.splitlines() if ":kasus:" in line and "negative" in line]
    assert [line.split(":")[-3] for line in shown] == [str(n) for n in range(2, 12)]
    assert ("  … and 2,490 more rows of " in out
            and "kasus with the same problem in column suspects" in out)
    assert ":kasus:2502:date: '31/02/2022' is not a recognised date" in out
    assert "Problems (2501):" in out
    [book] = (data.data_dir / "quarantine").iterdir()
    assert openpyxl.load_workbook(book)["kasus"].max_row == 2502  # every rejected row is there


def _year_submission(folder: Path, year: int, grams: str) -> Path:
    cases = ("nomor_lkn;satuan_kerja;tanggal;jumlah_tersangka;p21;tppu\n"
             f"LKN/01;{UNIT};15/06/{year};2;ya;tidak\n")
    seizures = f'case_id,unit_id,drug,quantity,uom\nLKN/01,{UNIT},sabu,"{grams}",gram\n'
    return files(folder / str(year), kasus=cases, barang_bukti=seizures)


def test_a_likely_kilogram_slip_is_a_warning_after_the_ingest_never_a_refusal(
        data: Paths, tmp_path: Path) -> None:
    for year, grams in ((2019, "300,5"), (2020, "250"), (2021, "310,25")):
        code, out, _ = run_cli(["ingest", str(_year_submission(tmp_path, year, grams))], data)
        assert code == 0 and "Peringatan kewajaran" not in out
    code, out, _ = run_cli(["ingest", str(_year_submission(tmp_path, 2022, "300.500"))], data)
    assert code == 0  # stored all the same
    assert "Peringatan kewajaran (1; data tetap disimpan" in out
    (line,) = [ln for ln in out.splitlines() if ln.startswith(f"  {UNIT} 2022: sabu (gram)")]
    assert "= 300.500, biasanya 300,5 (2019: 300,5; 2020: 250; 2021: 310,25)" in line
    assert "Periksa satuan" in line
    code, out, _ = run_cli(["ingest", "--lang", "en",
                            str(_year_submission(tmp_path / "again", 2022, "280"))], data)
    assert code == 0 and "Plausibility" not in out
