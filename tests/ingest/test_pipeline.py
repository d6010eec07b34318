"""A whole ingest, as an analyst runs it: form or CSV in, store, register and quarantine out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers.common.config import Paths
from helpers.ingest import pipeline
from helpers.ingest.pipeline import ingest
from helpers.ingest.template import write_template
from helpers.reference.vocab import load_vocab
from helpers.store.register import read_register
from helpers.store.slices import Store
from ingest_support import CASES_CSV, SEIZURES_CSV, UNIT, files


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "_ingest.lock"}


def fill_form(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.load_workbook(path)
    for name, rows in sheets.items():
        ws = book[name]
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
    book.save(path)
    return path


def test_filled_form_into_an_empty_store(data: Paths, registry, tmp_path: Path) -> None:  # noqa: ANN001
    assert not Store(data.store_dir).exists()
    form = write_template(tmp_path / "form.xlsx", load_vocab(), [UNIT], unit_id=UNIT, year=2022)
    fill_form(form, {
        "kasus": [["LKN/01", None, datetime(2022, 12, 30), 2, "ya", "tidak", "1.500.000"],
                  ["LKN/02", None, "1 Maret 2022", 1, True, False]],
        "barang_bukti": [["LKN/01", None, " SABU ", "0,307527", "kg"],
                         ["LKN/02", None, "ekstasi", 10, "butir"]],
        "rehabilitasi": [["RJ-001", None, "05/01/2022", "rawat jalan", "Klinik Pratama BNNK",
                          "L", 30, "ya", "selesai", "dipa"]],
        "kegiatan_p2m": [["K-1", None, "26 Juni 2022", "sosialisasi", "pendidikan", "1.200"]],
        "target_kinerja": [[None, None, "ikotan", "60,5", "61,25"]],
        "asesmen": [["TAT-001", None, "10/01/2022", "rawat jalan"]],
        "pemeriksaan": [["SKHPN-01", None, "31/01/2022", "skhpn", None, 120, 0]],
        "pemberdayaan": [[None, "17/08/2022", "penggiat", 25]],
    })
    report = ingest([form], data, registry=registry)
    assert report.ok, [p.line("en") for p in report.errors]
    store = Store(data.store_dir)
    cases = store.read("cases", 2022, [UNIT])
    assert list(cases["case_id"]) == ["LKN/01", "LKN/02"]
    assert cases["assets_rp"].iloc[0] == 1_500_000
    seizures = store.read("seizures", 2022, [UNIT])
    assert seizures.set_index("drug")["quantity"].to_dict() == {"sabu": 307.527, "ekstasi": 10}
    assert store.read("targets", 2022, [UNIT])["target"].tolist() == [60.5]
    assert store.read("outreach", 2022, [UNIT])["participants"].tolist() == [1200]
    register = read_register(data.store_dir)
    assert set(register["table"]) == set(pipeline.TABLES)
    assert (register["file_name"] == "form.xlsx").all()


def test_ingesting_the_same_submission_twice_does_not_double(data: Paths, registry,  # noqa: ANN001
                                                              tmp_path: Path) -> None:
    folder = files(tmp_path / "kiriman", kasus=CASES_CSV, barang_bukti=SEIZURES_CSV)
    ingest([folder], data, registry=registry)
    first = snapshot(data.store_dir / "cases")
    ingest([folder], data, registry=registry)
    assert snapshot(data.store_dir / "cases") == first
    assert len(Store(data.store_dir).read("seizures", 2022, [UNIT])) == 2
    assert len(read_register(data.store_dir)) == 4  # two ingests × two tables, both on record


def test_resubmission_replaces_only_the_periods_it_covers(data: Paths, registry,  # noqa: ANN001
                                                          tmp_path: Path) -> None:
    ingest([files(tmp_path / "a", kasus=CASES_CSV, barang_bukti=SEIZURES_CSV)], data,
           registry=registry)
    corrected = CASES_CSV.splitlines()[0] + "\n" + CASES_CSV.splitlines()[1] + "\n"
    ingest([files(tmp_path / "b", cases=corrected)], data, registry=registry)
    store = Store(data.store_dir)
    assert list(store.read("cases", 2022, [UNIT])["case_id"]) == ["LKN/01"]
    assert len(store.read("seizures", 2022, [UNIT])) == 2  # not in the resubmission: kept


def test_seizures_alone_take_their_year_from_stored_cases(data: Paths, registry,  # noqa: ANN001
                                                          tmp_path: Path) -> None:
    old = CASES_CSV.replace("2022", "2021")
    ingest([files(tmp_path / "a", kasus=old)], data, registry=registry)
    report = ingest([files(tmp_path / "b", seizures=SEIZURES_CSV)], data, registry=registry)
    assert report.ok
    assert len(Store(data.store_dir).read("seizures", 2021, [UNIT])) == 2


def test_rejected_rows_are_quarantined_masked_and_can_be_ingested_again(
        data: Paths, registry, tmp_path: Path) -> None:  # noqa: ANN001
    nik = "3201234567890123"
    rehab = ("client_ref,unit_id,admission_date,service,provider,sex,age,voluntary,status,"
             "funding\n"
             "RJ-1,bnnk-lubuklinggau,01/02/2022,rawat_jalan,Klinik,L,30,ya,selesai,dipa\n"
             f"{nik},bnnk-lubuklinggau,01/03/2022,rawat_jalan,Klinik,P,25,ya,selesai,dipa\n")
    report = ingest([files(tmp_path / "a", rehab=rehab)], data, registry=registry)
    assert (report.accepted, report.rejected) == (1, 1)
    assert not report.ok
    [qfile] = report.quarantine_files
    assert qfile.parent == data.quarantine_dir
    assert nik.encode() not in qfile.read_bytes()
    book = openpyxl.load_workbook(qfile)
    ws = book["rehabilitasi"]
    header = [c.value for c in ws[1]]
    assert "alasan_penolakan" in header
    assert ws["A2"].value == "[disamarkan]"
    assert "NIK" in ws.cell(2, header.index("alasan_penolakan") + 1).value
    ws["A2"] = "RJ-2"
    book.save(qfile)
    again = ingest([qfile], data, registry=registry)
    assert again.ok
    stored = Store(data.store_dir).read("rehab", 2022, [UNIT])
    assert sorted(stored["client_ref"]) == ["RJ-1", "RJ-2"]  # merged, not replaced


def test_a_failed_ingest_leaves_the_store_as_it_was(data: Paths, registry, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ingest([files(tmp_path / "a", kasus=CASES_CSV)], data, registry=registry)
    before = snapshot(data.store_dir)

    def broken(store_dir: Path, rows: pd.DataFrame):  # noqa: ANN202
        def write(path: Path) -> None:
            raise OSError("disk full")
        return write

    monkeypatch.setattr(pipeline, "register_writer", broken)
    with pytest.raises(OSError):
        ingest([files(tmp_path / "b", kasus=CASES_CSV.replace("LKN/02", "LKN/03"),
                      barang_bukti=SEIZURES_CSV)], data, registry=registry)
    assert snapshot(data.store_dir) == before


def test_check_only_writes_nothing(data: Paths, registry, tmp_path: Path) -> None:  # noqa: ANN001
    report = ingest([files(tmp_path / "a", kasus=CASES_CSV)], data, registry=registry,
                    check_only=True)
    assert report.ok and report.accepted == 2
    assert not data.data_dir.exists()


# ---------------------------------------------------------------- report from ingested data


@pytest.mark.integration
def test_report_of_an_ingested_unit_shows_its_figures(tmp_path: Path, registry) -> None:  # noqa: ANN001
    """A new deployment: empty store, one unit's form ingested, that unit's report rendered."""
    import json
    import shutil

    from helpers.build.batch import build
    from helpers.build.plan import output_paths, plan
    from helpers.common.config import project_root

    data = Paths(tmp_path / "data", tmp_path / "params", tmp_path / "outputs")
    shutil.copytree(project_root() / "params", data.params_dir)
    form = write_template(tmp_path / "form.xlsx", load_vocab(), [UNIT], unit_id=UNIT, year=2022)
    fill_form(form, {
        "kasus": [["LKN/01", None, "30/12/2022", 2, "ya", "tidak"],
                  ["LKN/02", None, "01/03/2022", 3, "tidak", "tidak"]],
        "barang_bukti": [["LKN/01", None, "sabu", "307,527", "gram"]],
        "rehabilitasi": [["RJ-001", None, "05/01/2022", "rawat_jalan", "Klinik Pratama BNNK",
                          "L", 30, "ya", "selesai", "dipa"]],
        "kegiatan_p2m": [["K-1", None, "26/06/2022", "sosialisasi", "pendidikan", "1.200"]],
    })
    assert ingest([form], data, registry=registry).ok
    [run] = plan(data, registry, Store(data.store_dir), years=[2022], units=[UNIT])
    summary = build(data, [run], jobs=1, formats=("html",), site=False)
    assert not summary.failed, summary.failed
    figures = json.loads(output_paths(data.outputs_dir, UNIT, 2022)["json"].read_text("utf-8"))
    assert (figures["cases"], figures["suspects"]) == (2, 5)
    assert {"drug": "sabu", "quantity": 307.527, "uom": "gram"} in figures["seizures"]
    assert figures["outreach"]["participants"] == 1200
