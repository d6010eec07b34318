"""The registry's CSV files: loading a copy, and every validation error naming file, row and
column (helpers.reference.registry_files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.registry_files import RegistryError

FILES = ("regions.csv", "units.csv", "unit_regions.csv", "unit_parents.csv")


@pytest.fixture()
def ref_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled registry files."""
    for name in FILES:
        shutil.copy(bundled_reference_dir() / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _row_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(start))


def test_load_a_copy(ref_copy: Path) -> None:
    assert len(Registry.load(ref_copy).units()) == len(Registry.load(bundled_reference_dir())
                                                       .units())


def test_unit_parents_optional(ref_copy: Path) -> None:
    (ref_copy / "unit_parents.csv").unlink()
    _edit(ref_copy / "units.csv", "bnnp-papua-selatan,93.01,2015", "bnnp-papua-selatan,93.01,2023")
    _edit(ref_copy / "units.csv", "bnnp-papua-tengah,94.04,2014", "bnnp-papua-tengah,94.04,2023")
    _edit(ref_copy / "units.csv", "bnnp-papua-pegunungan,95.01,2016",
          "bnnp-papua-pegunungan,95.01,2023")
    _edit(ref_copy / "units.csv", "bnnp-papua-barat-daya,96.71,2013",
          "bnnp-papua-barat-daya,96.71,2023")
    reg = Registry.load(ref_copy)
    assert reg.parent("bnnk-merauke", 2023) == "bnnp-papua-selatan"


@pytest.mark.parametrize(("file", "start", "old", "new", "column", "words"), [
    ("units.csv", "bnnk-lubuklinggau,", "bnnk-lubuklinggau,", "bnnk/../x,", "unit_id", "slug"),
    ("units.csv", "bnnk-prabumulih,", "bnnk-prabumulih,", "bnnk-lubuklinggau,", "unit_id",
     "already"),
    ("units.csv", "bnnk-prabumulih,", ",kabkota,bnnp-sumsel,16.74", ",kota,bnnp-sumsel,16.74",
     "level", "not one of"),
    ("units.csv", "bnnk-prabumulih,", ",bnnp-sumsel,16.74", ",bnnp-sumsell,16.74", "parent_id",
     "not in units.csv"),
    ("units.csv", "bnnk-prabumulih,", ",bnnp-sumsel,16.74", ",bnn-ri,16.74", "parent_id",
     "must be provinsi"),
    ("units.csv", "bnnk-prabumulih,", ",16.74,", ",16.99,", "region_code", "regions.csv"),
    ("units.csv", "bnnk-prabumulih,", ",16.74,", ",16,", "region_code", "kabupaten or kota"),
    ("units.csv", "bnnk-prabumulih,", ",16.74,2014,", ",16.74,20x4,", "from_year", "year"),
    ("units.csv", "bnnk-prabumulih,", ",16.74,2014,", ",16.74,2014,2010", "to_year", "before"),
    ("units.csv", "bnnk-prabumulih,", ",16.74,2014,", ",16.74,2005,", "parent_id", "exists only"),
    ("unit_regions.csv", "bnnk-bima,52.05", "bnnk-bima,52.05", "bnnk-bima,52.99", "region_code",
     "regions.csv"),
    ("unit_regions.csv", "bnnk-bima,52.05", "bnnk-bima,52.05", "bnnk-bima,16.73", "region_code",
     "already covered by 'bnnk-lubuklinggau'"),
    ("unit_regions.csv", "bnnk-bima,52.05", "bnnk-bima,52.05", "bnnk-bimaa,52.05", "unit_id",
     "not in units.csv"),
    ("unit_parents.csv", "bnnk-merauke,bnnp-papua-selatan", "bnnp-papua-selatan,2023",
     "bnnp-papua-selatan,2022", "parent_id", "exists only"),
    ("unit_parents.csv", "bnnk-merauke,bnnp-papua-selatan", "bnnp-papua-selatan,2023",
     "bnnp-papua-selatan,2024", "from_year", "gaps"),
    ("unit_parents.csv", "bnnk-merauke,bnnp-papua-selatan", "bnnk-merauke,bnnp-papua-selatan",
     "bnnk-merauke,bnnp-papua-tengah", "parent_id", "differs"),
    ("regions.csv", "16.73,", "16.73,", "16.7,", "region_code", "not a code"),
])
def test_validation_names_file_row_and_column(ref_copy: Path, file: str, start: str, old: str,
                                              new: str, column: str, words: str) -> None:
    path = ref_copy / file
    row = _row_of(path, start)
    _edit(path, old, new)
    with pytest.raises(RegistryError) as info:
        Registry.load(ref_copy)
    err = info.value
    message = str(err)
    assert words in message
    assert f"column {column!r}" in message and err.column == column
    if err.path.name == file:  # the row of the edited file
        assert f"{file}, row {row}," in message and err.row == row
    else:  # a cross-file mismatch is reported on units.csv, naming the other file
        assert err.path.name == "units.csv" and file in message


def test_missing_file_and_column(ref_copy: Path) -> None:
    (ref_copy / "unit_regions.csv").unlink()
    with pytest.raises(RegistryError, match=r"unit_regions\.csv: file not found"):
        Registry.load(ref_copy)
    (ref_copy / "unit_regions.csv").write_text("unit_id,code\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"unit_regions\.csv, row 1, column 'region_code'"):
        Registry.load(ref_copy)
