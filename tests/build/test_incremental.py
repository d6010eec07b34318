"""Which reports are stale and why: content hashes against the manifests of rendered reports.

No notebook runs here: a "rendered" report is simulated by writing its manifest and touching its
outputs, exactly as :func:`helpers.build.batch.commit` leaves them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.build import incremental
from helpers.build.plan import check, expected_outputs, output_paths, plan
from helpers.common.atomic import write_atomic
from helpers.common.config import Paths, notebook_path, project_root
from helpers.store.slices import Store

BNNK, BNNP = "bnnk-lubuklinggau", "bnnp-sumsel"


@pytest.fixture()
def rendered(tmp_path, sample_data_dir, registry) -> Paths:
    """A writable copy of the sample store whose 2021 and 2022 reports are all up to date."""
    shutil.copytree(sample_data_dir / "store", tmp_path / "data" / "store")
    shutil.copytree(project_root() / "params", tmp_path / "params")
    paths = Paths(tmp_path / "data", tmp_path / "params", tmp_path / "out")
    _render_all(paths, registry)
    return paths


def _runs(paths: Paths, registry, years=(2021, 2022)):
    return plan(paths, registry, Store(paths.store_dir), years=years)


def _render_all(paths: Paths, registry) -> None:
    for c in check(paths, registry, _runs(paths, registry), formats=("html",)):
        for path in expected_outputs(c.run, paths.outputs_dir, ("html",)):
            write_atomic(path, b"x")
        manifest = output_paths(paths.outputs_dir, c.run.unit_id, c.run.year)["manifest"]
        write_atomic(manifest, incremental.manifest_bytes(c.deps, {}))


def _stale(paths: Paths, registry, **kw) -> dict[tuple[str, int], list[str]]:
    checks = check(paths, registry, _runs(paths, registry), formats=("html",), **kw)
    return {(c.run.unit_id, c.run.year): c.reasons for c in checks if c.stale}


def _rewrite_slice(paths: Paths, table: str, year: int, unit: str) -> None:
    store = Store(paths.store_dir)
    frame = store.read(table, year, [unit])
    store.write_slice(table, year, unit, frame.iloc[:-1])


def test_nothing_changed_nothing_is_stale(rendered, registry):
    assert _stale(rendered, registry) == {}


def test_one_bnnk_slice_makes_exactly_it_its_bnnp_and_bnn_ri_stale(rendered, registry):
    _rewrite_slice(rendered, "cases", 2022, BNNK)
    stale = _stale(rendered, registry)
    assert set(stale) == {(BNNK, 2022), (BNNP, 2022), ("bnn-ri", 2022)}
    assert all(f"cases/2022/{BNNK}" in reasons[0] for reasons in stale.values())


def test_an_earlier_year_makes_the_later_reports_that_show_it_stale(rendered, registry):
    _rewrite_slice(rendered, "rehab", 2021, BNNK)
    stale = _stale(rendered, registry)
    assert set(stale) == {(u, y) for u in (BNNK, BNNP, "bnn-ri") for y in (2021, 2022)}


def test_a_new_year_in_the_store_marks_the_reports_that_will_link_it(rendered, registry):
    store = Store(rendered.store_dir)
    store.write_slice("cases", 2023, BNNK, store.read("cases", 2022, [BNNK]).iloc[:1])
    stale = _stale(rendered, registry)
    linking = {(u.unit_id, y) for y in (2021, 2022) for u in registry.units(y)
               if u.exists_in(2023)}
    assert set(stale) == linking
    assert ("bnnk-tebing-tinggi", 2022) not in stale  # closed in 2022: no 2023 report to link
    assert stale[(BNNK, 2021)] == ["the unit's years with reports changed (the page links each)"]


def test_a_unit_params_file_marks_only_that_unit(rendered, registry):
    path = rendered.params_dir / "2022" / f"{BNNK}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("status: final\n", encoding="utf-8")
    stale = _stale(rendered, registry)
    assert list(stale) == [(BNNK, 2022)]
    assert stale[(BNNK, 2022)] == [f"params changed (2022/{BNNK}.yaml)"]


def test_a_year_defaults_file_marks_every_report_of_that_year(rendered, registry):
    path = rendered.params_dir / "2021" / "defaults.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("suppression_threshold: 3\n", encoding="utf-8")
    stale = _stale(rendered, registry)
    assert {y for _, y in stale} == {2021}
    assert len(stale) == len(registry.units(2021))


def _saved_after_run_all(source: Path, dest: Path, *, edit: str | None = None) -> Path:
    """The notebook as JupyterLab saves it after "Run All": outputs, execution counts and
    notebook metadata written in; ``edit`` appended to the last cell's source."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    for number, cell in enumerate(nb["cells"], 1):
        if cell["cell_type"] == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}]
            cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    nb["metadata"]["widgets"] = {"state": {}}
    if edit is not None:
        nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + edit
    dest.write_text(json.dumps(nb, indent=2), encoding="utf-8")
    return dest


def test_saving_the_notebook_after_run_all_marks_nothing(rendered, registry, tmp_path):
    saved = _saved_after_run_all(notebook_path(), tmp_path / "saved.ipynb")
    assert _stale(rendered, registry, notebook=saved) == {}


def test_notebook_and_code_changes_mark_every_report(rendered, registry, tmp_path, monkeypatch):
    other = _saved_after_run_all(notebook_path(), tmp_path / "other.ipynb", edit="\n1 + 1")
    stale = _stale(rendered, registry, notebook=other)
    assert len(stale) == len(_runs(rendered, registry))
    assert all(r == ["notebook changed"] for r in stale.values())
    monkeypatch.setattr(incremental, "code_digest", lambda: "changed")
    stale = _stale(rendered, registry)
    assert all(r == ["helpers' code changed"] for r in stale.values())


def test_another_python_marks_every_report(rendered, registry, monkeypatch):
    monkeypatch.setattr(incremental, "python_runtime", lambda: "cpython 3.12.0")
    stale = _stale(rendered, registry)
    assert len(stale) == len(_runs(rendered, registry))
    assert all(r == ["locked packages (uv.lock) or Python changed"] for r in stale.values())


def test_missing_output_formats_and_force(rendered, registry):
    site = rendered.outputs_dir / "site" / "2022"
    Path(site / f"{BNNK}.html").unlink()
    stale = _stale(rendered, registry)
    assert stale == {(BNNK, 2022): [f"output missing ({BNNK}.html)"]}
    checks = check(rendered, registry, _runs(rendered, registry), formats=("html", "pdf"))
    assert all(c.stale for c in checks)
    assert len(_stale(rendered, registry, force=True)) == len(_runs(rendered, registry))


def test_slice_digests_are_the_store_s_own_and_absent_slices_none(sample_store, registry):
    digests = incremental.SliceDigests(sample_store)
    found = digests.for_report(registry, "bnnp-sumsel", 2022)
    assert found, "a BNNP report reads slices"
    for key, digest in found.items():
        table, year, unit_id = key.split("/")
        assert digest == sample_store.slice_digest(table, int(year), unit_id)
    assert digests.get("cases", 2022, "bnnk-no-such-unit") is None
    assert digests.get("cases", 1990, "bnnk-lubuklinggau") is None


def test_planning_and_hashing_import_no_pandas():
    """A no-op build only plans and hashes; importing pandas would cost it ~0.3 s."""
    import subprocess
    import sys

    code = ("import sys, helpers.build.batch, helpers.build.plan, helpers.cli.workbook; "
            "sys.exit('pandas' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
