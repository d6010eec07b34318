"""The units registry: the bundled sample and lookups over the years."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.reference import registry as registry_module
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.units import UnknownUnitError


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(bundled_reference_dir())


def test_bundled_registry_levels(reg: Registry) -> None:
    levels = [u.level for u in reg.units()]
    assert levels.count("pusat") == 1
    assert levels.count("provinsi") == 38
    assert 40 <= levels.count("kabkota") <= 60
    assert reg.units()[0].unit_id == "bnn-ri"
    assert levels == sorted(levels, key=["pusat", "provinsi", "kabkota"].index)


def test_every_province_has_one_bnnp(reg: Registry) -> None:
    codes = [u.region_code for u in reg.units() if u.level == "provinsi"]
    assert codes == sorted(codes) and len(set(codes)) == 38
    assert reg.get("bnnp-sumsel").name == "BNN Provinsi Sumatera Selatan"
    assert reg.get("bnnp-sumsel").region_code == "16"


@pytest.mark.parametrize(("unit_id", "parent"), [
    ("bnnp-kalteng", "bnn-ri"),
    ("bnnp-papua-barat-daya", "bnn-ri"),
    ("bnnk-lubuklinggau", "bnnp-sumsel"),
    ("bnnk-prabumulih", "bnnp-sumsel"),
    ("bnnk-barito-timur", "bnnp-kalteng"),
    ("bnnk-serdang-bedagai", "bnnp-sumut"),
    ("bnnk-kota-bekasi", "bnnp-jabar"),
    ("bnnk-kab-bekasi", "bnnp-jabar"),
    ("bnnk-bima", "bnnp-ntb"),
    ("bnnk-merauke", "bnnp-papua-selatan"),
    ("bnnk-mimika", "bnnp-papua-tengah"),
])
def test_required_units_and_parents(reg: Registry, unit_id: str, parent: str) -> None:
    assert unit_id in reg
    assert reg.get(unit_id).parent_id == parent
    assert reg.parent(unit_id, 2024) == parent


def test_bnn_ri_is_the_root(reg: Registry) -> None:
    top = reg.get("bnn-ri")
    assert (top.level, top.parent_id, top.region_code, top.from_year) == ("pusat", None, None, 2002)
    assert reg.parent("bnn-ri", 2022) is None
    assert reg.province_of("bnn-ri", 2022) is None
    assert reg.region_codes("bnn-ri") == []


def test_lubuklinggau(reg: Registry) -> None:
    unit = reg.get("bnnk-lubuklinggau")
    assert unit.name == "BNN Kota Lubuklinggau"
    assert unit.region_code == "16.73"
    assert reg.region_codes("bnnk-lubuklinggau") == ["16.73"]
    assert reg.region_name("16.73") == "Kota Lubuk Linggau"


def test_parent_changes_with_papua_split(reg: Registry) -> None:
    assert reg.parent("bnnk-merauke", 2022) == "bnnp-papua"
    assert reg.parent("bnnk-merauke", 2023) == "bnnp-papua-selatan"
    assert reg.parent("bnnk-mimika", 2022) == "bnnp-papua"
    assert reg.parent("bnnk-mimika", 2023) == "bnnp-papua-tengah"
    assert reg.province_of("bnnk-merauke", 2022) == "bnnp-papua"
    assert reg.province_of("bnnk-merauke", 2024) == "bnnp-papua-selatan"
    assert reg.province_of("bnnp-papua", 2024) == "bnnp-papua"


def test_children_and_descendants_per_year(reg: Registry) -> None:
    in_2022 = reg.children("bnn-ri", 2022)
    in_2023 = reg.children("bnn-ri", 2023)
    assert len(in_2022) == 34 and "bnnp-papua-selatan" not in in_2022
    assert len(in_2023) == 38 and "bnnp-papua-selatan" in in_2023
    assert "bnnk-merauke" in reg.children("bnnp-papua", 2022)
    assert "bnnk-merauke" not in reg.children("bnnp-papua", 2023)
    assert reg.children("bnnp-papua-selatan", 2023) == ["bnnk-merauke"]
    assert reg.children("bnnp-papua-selatan", 2022) == []
    assert reg.children("bnnk-lubuklinggau", 2022) == []
    jabar = reg.children("bnnp-jabar", 2022)
    assert {"bnnk-kota-bekasi", "bnnk-kab-bekasi"} <= set(jabar) and len(jabar) >= 3
    everything = reg.descendants("bnn-ri", 2022)
    assert sorted(everything) == sorted(u.unit_id for u in reg.units(2022) if u.level != "pusat")
    assert everything.index("bnnp-sumsel") < everything.index("bnnk-lubuklinggau")
    assert reg.descendants("bnnp-sumsel", 2022) == reg.children("bnnp-sumsel", 2022)


def test_units_that_open_and_close(reg: Registry) -> None:
    opened = [u for u in reg.units() if u.level == "kabkota" and 2020 <= u.from_year <= 2024]
    closed = [u for u in reg.units() if u.to_year is not None]
    assert opened and closed
    new, gone = opened[0], closed[0]
    assert not new.exists_in(new.from_year - 1) and new.exists_in(new.from_year)
    assert gone.exists_in(gone.to_year) and not gone.exists_in(gone.to_year + 1)
    assert new.unit_id not in [u.unit_id for u in reg.units(new.from_year - 1)]
    assert gone.unit_id not in reg.descendants("bnn-ri", gone.to_year + 1)
    assert gone.unit_id in reg.descendants("bnn-ri", gone.to_year)


def test_rayonisasi_coverage(reg: Registry) -> None:
    assert sorted(reg.region_codes("bnnk-bima")) == ["52.05", "52.06", "52.72"]
    for code in ("52.72", "52.06", "52.05"):
        assert reg.resolve(code).unit_id == "bnnk-bima"


@pytest.mark.parametrize(("token", "unit_id"), [
    ("16", "bnnp-sumsel"),
    ("16.73", "bnnk-lubuklinggau"),
    (" 16.73 ", "bnnk-lubuklinggau"),
    ("62", "bnnp-kalteng"),
    ("bnnp-sumsel", "bnnp-sumsel"),
    (" BNNK-Lubuklinggau ", "bnnk-lubuklinggau"),
    ("93.01", "bnnk-merauke"),
])
def test_resolve(reg: Registry, token: str, unit_id: str) -> None:
    assert reg.resolve(token).unit_id == unit_id
    assert reg.resolve(token, 2023).unit_id == unit_id


def test_resolve_respects_the_year(reg: Registry) -> None:
    assert reg.resolve("93", 2023).unit_id == "bnnp-papua-selatan"
    with pytest.raises(UnknownUnitError, match="2022"):
        reg.resolve("93", 2022)
    with pytest.raises(UnknownUnitError, match="2022"):
        reg.resolve("bnnp-papua-selatan", 2022)
    with pytest.raises(UnknownUnitError, match="bnnp-sumsel"):
        reg.resolve("16.01")  # a regency without a BNNK: the error points at its BNNP


@pytest.mark.parametrize("token", ["bnnk-lubuk-linggau", "Kota Lubuklinggau", "lubuklingau"])
def test_unknown_unit_suggests(reg: Registry, token: str) -> None:
    with pytest.raises(UnknownUnitError) as info:
        reg.resolve(token)
    assert "bnnk-lubuklinggau" in info.value.suggestions
    assert "did you mean" in str(info.value) and repr(token) in str(info.value)


def test_get_is_exact(reg: Registry) -> None:
    with pytest.raises(UnknownUnitError) as info:
        reg.get("bnnk-lubuk-linggau")
    assert info.value.suggestions[0] == "bnnk-lubuklinggau"
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownUnitError):
        reg.get("../../etc/passwd")


def test_region_codes_stay_strings(reg: Registry) -> None:
    codes = [u.region_code for u in reg.units() if u.region_code is not None]
    codes += [c for u in reg.units() for c in reg.region_codes(u.unit_id)]
    assert all(isinstance(c, str) for c in codes)
    assert reg.get("bnnk-palangka-raya").region_code == "62.71"
    assert "16.10" in [c for u in reg.units() for c in reg.region_codes(u.unit_id)]
    assert reg.region_name("16.10") == "Kabupaten Ogan Ilir"


def test_a_settled_registry_is_read_once_per_version_of_its_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report opens the registry: files unchanged for a tick of the file clock are read
    once and shared; any file replaced or edited is read again, even one whose modification
    time was set back (its change time moved); fresh files always are."""
    folder = tmp_path / "reference"
    shutil.copytree(bundled_reference_dir(), folder)
    assert Registry.load(folder) is not Registry.load(folder)  # just written: read every time
    monkeypatch.setattr(registry_module, "SETTLED_NS", 0)  # as if the files were 2 s old
    first = Registry.load(folder)
    assert Registry.load(folder) is first
    units = folder / "units.csv"
    before = units.stat()
    text = units.read_text(encoding="utf-8")
    name = first.get("bnnk-lubuklinggau").name
    units.write_text(text.replace(name, name.upper()), encoding="utf-8")  # same size, in place
    os.utime(units, ns=(before.st_atime_ns, before.st_mtime_ns))  # modification time set back
    after = units.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    edited = Registry.load(folder)
    assert edited is not first and edited.get("bnnk-lubuklinggau").name == name.upper()
    assert Registry.load(folder) is edited
    monkeypatch.setattr(registry_module, "SETTLED_NS", 60 * 10**9)  # fresh again: not kept
    assert Registry.load(folder) is not Registry.load(folder)
