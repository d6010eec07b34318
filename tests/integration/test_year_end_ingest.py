"""The year-end tables end to end, as a data officer and the data office use them: the Excel form
from ``workbook template`` filled in with openpyxl, and CSV files, through ``workbook ingest``
into the store, the engine and a report's figures file from a real ``workbook build``. Hostile
values are refused with their file, sheet, row and column, in Bahasa Indonesia and English, and
kept in the quarantine (nothing lost); a form made before these tables still goes in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from helpers.ingest.readers import form_header
from helpers.ingest.template import save_atomic
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.schema import TABLES
from helpers.stats.engine import scope_figures
from helpers.store.slices import Store

UNIT, YEAR = "bnnk-lubuklinggau", 2024
NIK = "1673012505900001"


def workbook(*args: str, data_dir: Path, outputs: Path | None = None
             ) -> subprocess.CompletedProcess:
    """The real ``workbook`` command, in its own process, on a data folder of the test's."""
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(data_dir),
           "WORKBOOK_OUTPUTS_DIR": str(outputs or data_dir.parent / "outputs")}
    return subprocess.run([sys.executable, "-m", "helpers.cli", *args], env=env,
                          capture_output=True, text=True, timeout=900)


# Rows as a data officer types them (text as in a spreadsheet: Indonesian numbers and dates).
# The unit column is left to the form's pre-fill. Row numbers in the sheet start at 2.
FORM_ROWS = {
    "kasus": [
        {"case_id": "LKN/01/I/2024", "date": "15/01/2024", "suspects": 2, "p21": "ya",
         "tppu": "ya", "assets_rp": "Rp648.734.500", "network": "Jaringan Lapas Musi",
         "lab": "tidak"},
        {"case_id": "LKN/02/III/2024", "date": "02/03/2024", "suspects": 1, "p21": "tidak",
         "tppu": "tidak", "network": "jaringan lapas  musi", "lab": "ya"},
        {"case_id": "LKN/03/VI/2024", "date": "20/06/2024", "suspects": 3, "p21": "ya",
         "tppu": "tidak", "lab": "tidak"},
    ],
    "barang_bukti": [
        {"case_id": "LKN/01/I/2024", "drug": "sabu", "quantity": "307,527", "uom": "gram"},
        {"case_id": "LKN/03/VI/2024", "drug": "sabu", "quantity": "1,5", "uom": "kg"},
    ],
    "rehabilitasi": [
        {"client_ref": f"RJ-2024-{i:03d}", "admission_date": "05/02/2024", "service": service,
         "provider": "Klinik Pratama BNNK", "sex": "L", "age": 30, "voluntary": "ya",
         "status": "selesai", "funding": "dipa"}
        for i, service in enumerate(["rawat_jalan", "rawat_jalan", "ibm", "IBM"], 1)
    ],
    "asesmen": [
        {"assessment_ref": "TAT-2024-001", "date": "10/01/2024", "recommendation": "rawat jalan",
         "sex": "L", "age": 24},
        {"assessment_ref": "TAT-2024-002", "date": "11/01/2024", "recommendation": "proses_hukum"},
        {"assessment_ref": "TAT-2024-001", "date": "14/03/2024", "recommendation": "rawat_inap",
         "sex": "L", "age": 24},  # the same person again: counted once, as inpatient
        {"assessment_ref": NIK, "date": "12/04/2024", "recommendation": "rawat_jalan"},  # row 5
        {"assessment_ref": "TAT-2024-004", "date": "12/04/2024", "recommendation": "dirawat"},
    ],
    "pemeriksaan": [
        {"test_id": "SKHPN-2024-01", "date": "31/01/2024", "kind": "SKHPN", "tested": 126,
         "positive": 0},
        {"test_id": "TU-2024-001", "date": "05/02/2024", "kind": "tes urine",
         "sector": "pemerintah", "tested": 45, "positive": 2},
        {"test_id": "TU-2024-002", "date": "06/02/2024", "kind": "tes_urine",
         "sector": "swasta", "tested": 12, "positive": 15},  # row 4: more positive than tested
    ],
    "pemberdayaan": [
        {"date": "17/08/2024", "item": "penggiat", "count": 25, "name": "Kelurahan Taba"},
        {"date": "17/08/2024", "item": "Desa Bersih Narkoba", "count": 1,
         "name": "Kelurahan Taba"},
        {"date": "20/09/2024", "item": "relawan", "count": -3},  # row 4: a negative count
        {"date": "01/10/2024", "item": "kerja_sama", "count": 1, "name": "Dinas Pendidikan"},
    ],
    "target_kinerja": [
        {"indicator": "skhpn", "target": 350},
        {"indicator": "desa_bersinar", "target": 2},
        {"indicator": "ikm", "target": "3,2", "realisation": "3,41"},
        {"indicator": "ikr", "target": "80", "realisation": "82,5"},  # row 5: not on 1–4
    ],
}
REJECTED = {("asesmen", 5), ("asesmen", 6), ("pemeriksaan", 4), ("pemberdayaan", 4),
            ("target_kinerja", 5)}


def fill(path: Path, rows: dict[str, list[dict]]) -> None:
    """Type ``rows`` into the form's sheets under their headers, as a data officer would."""
    book = openpyxl.load_workbook(path)
    for sheet, items in rows.items():
        ws = book[sheet]
        table = next(t for t in TABLES.values() if t.sheet == sheet)
        column = {c.name: i for i, c in enumerate(table.columns, 1)}
        assert [ws.cell(1, i).value for i in column.values()] == [
            form_header(c.header_id, c.name) for c in table.columns]
        for number, item in enumerate(items, 2):
            for name, value in item.items():
                ws.cell(number, column[name], value)
    save_atomic(book, path)


@pytest.fixture(scope="module")
def submitted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A form made by ``workbook template``, filled in, ingested by ``workbook ingest``."""
    root = tmp_path_factory.mktemp("year-end")
    data = root / "data"
    form = root / "formulir-lubuklinggau-2024.xlsx"
    made = workbook("template", "--unit", UNIT, "--year", str(YEAR), "-o", str(form),
                    data_dir=data)
    assert made.returncode == 0, made.stderr
    fill(form, FORM_ROWS)
    ingested = workbook("ingest", str(form), data_dir=data)
    return {"root": root, "data": data, "form": form, "ingest": ingested}


def test_every_hostile_value_is_named_with_its_place_and_its_fix(submitted):
    run, form = submitted["ingest"], submitted["form"]
    assert run.returncode == 1  # something was refused
    out = run.stdout
    assert (f"{form}:pemeriksaan:4:positive: jumlah positif 15 lebih besar dari jumlah "
            "diperiksa 12") in out
    assert f"{form}:asesmen:5:assessment_ref: kode asesmen berbentuk NIK (16 angka)" in out
    assert NIK not in out + run.stderr  # the message never repeats personal data
    [unknown] = [line for line in out.splitlines()
                 if line.startswith(f"{form}:asesmen:6:recommendation: 'dirawat' tidak dikenal")]
    assert unknown.endswith("— pilih salah satu: rawat_jalan, rawat_inap, proses_hukum")
    assert f"{form}:pemberdayaan:4:count: nilai -3 negatif — isi angka 0 atau lebih" in out
    assert f"{form}:target_kinerja:5:target: nilai 80 di luar skala indeks ikr (1–4)" in out
    english = workbook("ingest", "--check", "--lang", "en", str(form), data_dir=submitted["data"])
    assert f"{form}:pemeriksaan:4:positive: 15 positive is more than the 12 tested" in (
        english.stdout)
    assert (f"{form}:asesmen:5:assessment_ref: assessment code has the shape of a NIK"
            in english.stdout)


def test_nothing_is_lost_the_refused_rows_wait_in_the_quarantine_masked(submitted):
    [quarantine] = (submitted["data"] / "quarantine").glob("*.xlsx")
    book = openpyxl.load_workbook(quarantine)
    kept = {(sheet, row[-1]) for sheet in ("asesmen", "pemeriksaan", "pemberdayaan",
                                           "target_kinerja")
            if sheet in book.sheetnames
            for row in book[sheet].iter_rows(min_row=2, values_only=True) if any(row)}
    assert kept == REJECTED  # each refused row, by its row number in the form
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert NIK not in map(str, cells) and "[disamarkan]" in cells
    store = Store(submitted["data"] / "store")
    accepted = {name: len(store.read(name, YEAR, [UNIT])) for name in TABLES}
    submitted_rows = {t.name: len(FORM_ROWS.get(t.sheet, [])) for t in TABLES.values()}
    refused = {name: sum(1 for sheet, _ in REJECTED if TABLES[name].sheet == sheet)
               for name in TABLES}
    assert accepted == {n: submitted_rows[n] - refused[n] for n in TABLES}  # read = kept + put


def test_the_accepted_rows_are_the_units_figures(submitted):
    store = Store(submitted["data"] / "store")
    registry = Registry.load(bundled_reference_dir())
    f = scope_figures(store, registry, UNIT, YEAR, "own")
    assert (f["cases"], f["suspects"], f["p21"], f["tppu"]) == (3, 6, 2, 1)
    assert (f["assets_rp"], f["networks"], f["labs"]) == (648_734_500, 1, 1)
    assert f["seizures"] == [{"drug": "sabu", "quantity": 1807.527, "uom": "gram"}]
    assert f["rehab"] == {"rawat_jalan": 2, "rawat_inap": 0, "ibm": 2, "pasca_rehab": 0,
                          "clients": 4}
    assert f["assessments"] == {"total": 2, "rawat_jalan": 0, "rawat_inap": 1,
                                "proses_hukum": 1}
    assert f["tests"] == {"skhpn": {"tested": 126, "positive": 0},
                          "tes_urine": {"tested": 45, "positive": 2}}
    assert f["community"] == {"penggiat": 25, "relawan": 0, "desa_bersinar": 1,
                              "sekolah_bersinar": 0, "ibm_lembaga": 0, "kerja_sama": 1}
    assert scope_figures(store, registry, "bnnp-sumsel", YEAR)["reporting_units"] == {
        "networks": 1, "labs": 1, "assessments": 1, "tests": 1, "community": 1}


def test_a_real_build_publishes_them_in_the_figures_file(submitted):
    outputs = submitted["root"] / "outputs"
    built = workbook("build", "--unit", UNIT, "--year", str(YEAR), "--formats", "html",
                     "--no-site", data_dir=submitted["data"], outputs=outputs)
    assert built.returncode == 0, built.stdout + built.stderr
    figures = json.loads((outputs / "site" / str(YEAR) / f"{UNIT}.json").read_text("utf-8"))
    for scope in (figures, figures["own"]):
        assert (scope["p21"], scope["tppu"], scope["assets_rp"]) == (2, 1, 648_734_500)
        assert scope["rehab"]["ibm"] == 2
        assert scope["assessments"]["total"] == 2
        assert scope["tests"]["skhpn"] == {"tested": 126, "positive": 0}
        assert scope["community"]["penggiat"] == 25
    assert figures["previous"] is None  # the store holds no 2023
    keys = list(figures)
    assert keys.index("p21") < keys.index("seizures") < keys.index("community") < keys.index(
        "own")
    assert (outputs / "site" / str(YEAR) / f"{UNIT}.html").exists()


CSV_FILES = {
    "asesmen.csv": ("kode_asesmen;satuan_kerja;tanggal;rekomendasi;jenis_kelamin;usia\n"
                    "TAT-24-01;bnnk-palembang;05/05/2024;rawat_jalan;P;19\n"
                    "TAT-24-02;bnnk-palembang;06/05/2024;proses hukum;;\n"),
    "pemeriksaan.csv": ("test_id,unit_id,date,kind,sector,tested,positive\n"
                        "S-05,bnnk-palembang,2024-05-31,skhpn,,333,1\n"
                        "U-01,bnnk-palembang,2024-05-02,tes_urine,pendidikan,250,3\n"
                        "U-02,bnnk-palembang,2024-05-03,tes_urine,pendidikan,10,11\n"),
    "pemberdayaan.csv": ("satuan_kerja;tanggal;jenis;jumlah;nama\n"
                         "bnnk-palembang;30 Mei 2024;penggiat;328;\n"
                         "bnnk-palembang;30 Mei 2024;relawan;515;\n"
                         "bnnk-palembang;31 Mei 2024;sekolah_bersinar;51;\n"),
}


def test_csv_files_go_in_the_same_way(tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    for name, text in CSV_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    run = workbook("ingest", "--year", str(YEAR), str(folder), data_dir=data)
    assert run.returncode == 1
    assert (f"{folder / 'pemeriksaan.csv'}:pemeriksaan:4:positive: jumlah positif 11 lebih "
            "besar dari jumlah diperiksa 10") in run.stdout
    own = scope_figures(Store(data / "store"), Registry.load(bundled_reference_dir()),
                        "bnnk-palembang", YEAR, "own")
    assert own["assessments"] == {"total": 2, "rawat_jalan": 1, "rawat_inap": 0,
                                  "proses_hukum": 1}
    assert own["tests"] == {"skhpn": {"tested": 333, "positive": 1},
                            "tes_urine": {"tested": 250, "positive": 3}}
    assert (own["community"]["penggiat"], own["community"]["relawan"],
            own["community"]["sekolah_bersinar"]) == (328, 515, 51)
    assert own["cases"] == 0 and own["networks"] is None  # kasus was not sent
    [quarantine] = (data / "quarantine").glob("*.xlsx")
    rows = list(openpyxl.load_workbook(quarantine)["pemeriksaan"].iter_rows(values_only=True))
    assert rows[1][0] == "U-02" and rows[1][-1] == 4


def test_a_form_made_before_the_year_end_tables_still_goes_in(tmp_path):
    """An old form has no asesmen, pemeriksaan or pemberdayaan sheet and no network or lab
    column: its rows go in, and the unit's new figures are "not reported", not 0."""
    data = tmp_path / "data"
    form = tmp_path / "formulir-lama.xlsx"
    assert workbook("template", "--unit", UNIT, "--year", str(YEAR), "-o", str(form),
                    data_dir=data).returncode == 0
    book = openpyxl.load_workbook(form)
    for sheet in ("asesmen", "pemeriksaan", "pemberdayaan"):
        del book[sheet]
    ws = book["kasus"]
    ws.delete_cols(8, 2)  # jaringan, laboratorium_gelap
    for column, value in enumerate(["LKN/1", UNIT, "03/03/2024", 1, "ya", "tidak"], 1):
        ws.cell(2, column, value)
    save_atomic(book, form)
    run = workbook("ingest", str(form), data_dir=data)
    assert run.returncode == 0, run.stdout
    assert "lembar asesmen tidak ada" in run.stdout  # a warning, not a refusal
    own = scope_figures(Store(data / "store"), Registry.load(bundled_reference_dir()), UNIT,
                        YEAR, "own")
    assert own["cases"] == 1 and own["networks"] is None and own["labs"] is None
    assert own["assessments"]["total"] is None and own["tests"]["skhpn"]["tested"] is None
