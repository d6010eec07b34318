"""Publishing a year, end to end: publish, change the data, see the build refuse, correct, and
find the Ralat in the HTML, the PDF and the site (a real papermill, pandoc and Typst run).

A deployment of four units (BNN RI, BNNP Sumatera Selatan, two of its BNNKs) keeps every
report of the year buildable in a test.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest

from helpers.common.config import project_root
from helpers.ingest.sample import generate_sample
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.store.publications import read_record
from helpers.store.slices import Store

pytestmark = pytest.mark.integration

UNITS = ("bnn-ri", "bnnp-sumsel", "bnnk-lubuklinggau", "bnnk-palembang")
YEARS = (2021, 2022)


def _small_reference(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for source in bundled_reference_dir().iterdir():
        if source.suffix in (".csv", ".geojson"):
            shutil.copy(source, folder / source.name)
    for name in ("units.csv", "unit_regions.csv", "unit_parents.csv"):
        path = folder / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            fields = list(rows[0]) if rows else ["unit_id"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(r for r in rows if r["unit_id"] in UNITS)
    return folder


def workbook(*args: str, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(root / "data"),
           "WORKBOOK_OUTPUTS_DIR": str(root / "outputs"),
           "WORKBOOK_PARAMS_DIR": str(root / "params"), "SOURCE_DATE_EPOCH": "1672531200"}
    return subprocess.run([sys.executable, "-m", "helpers.cli", *args], env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("publication")
    registry = Registry.load(_small_reference(root / "data" / "reference"))
    generate_sample(Store(root / "data" / "store"), registry, years=YEARS)
    shutil.copytree(project_root() / "params", root / "params")
    (root / "params" / "2022").mkdir(exist_ok=True)
    (root / "params" / "2022" / "defaults.yaml").write_text("status: final\n",
                                                            encoding="utf-8")
    (root / "params" / "2022" / "bnnk-palembang.yaml").write_text("bilingual: true\n",
                                                                  encoding="utf-8")
    return root


def _add_case(root: Path) -> None:
    """A late case of BNNK Lubuklinggau in 2022: a figure leadership has announced changes."""
    store = Store(root / "data" / "store")
    cases = store.read("cases", 2022, ["bnnk-lubuklinggau"])
    late = cases.iloc[[0]].assign(case_id="LKN/99/XII/2022")
    store.write_slice("cases", 2022, "bnnk-lubuklinggau",
                      pd.concat([cases, late], ignore_index=True))


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(page.extract_text() or "" for page in pdf.pages)


def test_publish_refuse_correct_and_show_the_ralat(deployment):
    root = deployment
    site = root / "outputs" / "site" / "2022"
    # A draft year cannot be published; signed off (status: final) and built, it can.
    built = workbook("build", "--year", "2022", "--jobs", "2", root=root)
    assert built.returncode == 0, built.stdout + built.stderr
    published = workbook("publish", "--year", "2022", "--date", "2022-12-30", root=root)
    assert published.returncode == 0, published.stdout + published.stderr
    record = read_record(root / "data", 2022)
    assert sorted(record["reports"]) == sorted(UNITS)
    cases_before = record["reports"]["bnnk-lubuklinggau"]["figures"]["cases"]
    html = (site / "bnnk-lubuklinggau.html").read_text(encoding="utf-8")
    assert "Diterbitkan 30 Desember 2022" in html and "DRAF" not in html
    english = (site / "bnnk-palembang.en.html").read_text(encoding="utf-8")  # bilingual
    assert "Published 30 December 2022" in english and "DRAFT" not in english
    # Published again: refused (figures change only through a correction).
    again = workbook("publish", "--year", "2022", root=root)
    assert again.returncode == 2 and "sudah diterbitkan" in again.stderr

    _add_case(root)
    refused = workbook("build", "--unit", "bnnk-lubuklinggau", "--year", "2022", root=root)
    assert refused.returncode == 1
    assert f"2022 bnnk-lubuklinggau  cases: {cases_before} → {cases_before + 1}" in \
        refused.stderr
    assert "2022 bnnp-sumsel  cases:" in refused.stderr  # the parents' totals change too
    assert "--correction" in refused.stderr
    assert (site / "bnnk-lubuklinggau.html").read_text(encoding="utf-8") == html

    corrected = workbook("build", "--unit", "bnnk-lubuklinggau", "--year", "2022",
                         "--correction", "Satu LKN Desember terlambat dilaporkan", root=root)
    assert corrected.returncode == 0, corrected.stdout + corrected.stderr
    record = read_record(root / "data", 2022)
    (correction,) = record["corrections"]
    assert correction["note"] == "Satu LKN Desember terlambat dilaporkan"
    assert {c["unit_id"] for c in correction["changes"]} == {
        "bnnk-lubuklinggau", "bnnp-sumsel", "bnn-ri"}
    assert record["reports"]["bnnk-lubuklinggau"]["figures"]["cases"] == cases_before + 1
    for unit in ("bnnk-lubuklinggau", "bnnp-sumsel", "bnn-ri"):
        page = (site / f"{unit}.html").read_text(encoding="utf-8")
        assert "Ralat" in page and "Satu LKN Desember terlambat dilaporkan" in page, unit
        assert f"{cases_before} → {cases_before + 1}" in page or unit != "bnnk-lubuklinggau"
        assert "Ralat" in _pdf_text(site / f"{unit}.pdf"), unit
    assert "Ralat" not in (site / "bnnk-palembang.html").read_text(encoding="utf-8")
    assert json.loads((site / "bnnk-lubuklinggau.json").read_text())["cases"] == \
        cases_before + 1
    # The corrected figures are the published ones now: the next build has nothing to refuse.
    rebuilt = workbook("build", "--year", "2022", root=root)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert len(read_record(root / "data", 2022)["corrections"]) == 1
