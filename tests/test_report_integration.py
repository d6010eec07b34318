"""Real papermill runs of the report notebook, rendered with pandoc and Typst, checked as a reader
would: the HTML and the PDF's text show the unit and the figures of its ``.json``, the Indonesian
way."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import fmt
from helpers.batch import build, plan
from helpers.config import Paths, notebook_path, project_root
from helpers.store import Store

pytestmark = pytest.mark.integration
YEAR = 2022
PROVINCE = "bnnp-sumsel"


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_data_dir, registry) -> Paths:
    """BNNP Sumatera Selatan and all its BNNK for 2022, rendered once for this module."""
    root = tmp_path_factory.mktemp("report")
    params = root / "params"
    shutil.copytree(project_root() / "params", params)
    paths = Paths(data_dir=sample_data_dir, params_dir=params, outputs_dir=root / "outputs")
    units = [PROVINCE, *registry.children(PROVINCE, YEAR)]
    runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], units=units)
    summary = build(paths, runs, jobs=2)
    assert not summary.failed, summary.failed
    return paths


def _pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install poppler-utils (make test does it as root)")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def _expected_strings(figures: dict) -> list[str]:
    values = [figures["unit_name"], fmt.format_int(figures["cases"]),
              fmt.format_int(figures["suspects"]), fmt.format_int(figures["rehab"]["clients"]),
              fmt.format_int(figures["outreach"]["participants"])]
    values += [fmt.format_quantity(s["quantity"], s["uom"]) for s in figures["seizures"]]
    return values


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", PROVINCE])
def test_html_and_pdf_show_the_figures_of_the_json(built, unit_id):
    site = built.site_dir / str(YEAR)
    figures = json.loads((site / f"{unit_id}.json").read_text(encoding="utf-8"))
    html = (site / f"{unit_id}.html").read_text(encoding="utf-8")
    pdf = _pdf_text(site / f"{unit_id}.pdf")
    assert (site / f"{unit_id}.pdf").read_bytes().startswith(b"%PDF")
    for text in _expected_strings(figures):
        assert text in html, text
        assert text in pdf, text
    assert any("," in fmt.format_quantity(s["quantity"], s["uom"]) for s in figures["seizures"])


def test_published_html_is_a_report_not_a_notebook(built):
    html = (built.site_dir / str(YEAR) / "bnnk-lubuklinggau.html").read_text(encoding="utf-8")
    assert "In [" not in html and "Report.open" not in html and "unit_id =" not in html
    assert "<table" in html and "<svg" in html or "image/svg+xml" in html
    assert str(built.data_dir) not in html and str(built.outputs_dir) not in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_province_rolls_up_its_bnnk_exactly(built, registry):
    site = built.site_dir / str(YEAR)
    province = json.loads((site / f"{PROVINCE}.json").read_text(encoding="utf-8"))
    children = [json.loads((site / f"{c}.json").read_text(encoding="utf-8"))
                for c in registry.children(PROVINCE, YEAR)]
    for key in ("cases", "suspects"):
        assert province[key] == province["own"][key] + sum(c[key] for c in children)
    for key in province["rehab"]:
        assert province["rehab"][key] == province["own"]["rehab"][key] + sum(
            c["rehab"][key] for c in children)
    assert province["cases"] > province["own"]["cases"]


def test_executed_notebooks_are_kept_without_local_paths(built):
    executed = built.outputs_dir / "notebooks" / str(YEAR) / "bnnk-lubuklinggau.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert json.dumps(nb.metadata).find(str(built.data_dir)) == -1
    assert not (built.outputs_dir / "failed").exists()
    logs = list((built.outputs_dir / "logs").glob("*.jsonl"))
    assert logs and '"status": "ok"' in logs[0].read_text(encoding="utf-8")


def test_notebook_runs_top_to_bottom_with_its_default_parameters(sample_data_dir, monkeypatch):
    """What an analyst gets from "Run All" in JupyterLab."""
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(sample_data_dir))
    nb = nbformat.read(notebook_path(), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_path().parent)}}).execute()
    markdown = "".join(o.get("data", {}).get("text/markdown", "")
                       for c in nb.cells for o in c.get("outputs", []))
    assert "Lubuklinggau" in markdown and "Ringkasan" in markdown
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


def test_cli_renders_one_unit_where_the_environment_points(sample_data_dir, tmp_path):
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(sample_data_dir),
           "WORKBOOK_OUTPUTS_DIR": str(tmp_path / "out")}
    proc = subprocess.run([sys.executable, "-m", "helpers.cli", "build", "--unit", "16.73",
                           "--year", str(YEAR), "--formats", "html"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "1 report(s) rendered" in proc.stdout
    assert (tmp_path / "out" / "site" / str(YEAR) / "bnnk-lubuklinggau.html").exists()
    assert not (tmp_path / "out" / "site" / str(YEAR) / "bnnk-lubuklinggau.pdf").exists()
