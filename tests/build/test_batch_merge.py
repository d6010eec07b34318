"""Province builds into separate outputs folders merge without conflict into one site (CI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.build.batch import build, merge_outputs
from helpers.build.plan import plan
from helpers.common.config import Paths, project_root
from helpers.site import build_site
from helpers.store.slices import Store

pytestmark = pytest.mark.integration
YEAR = 2022
PROVINCES = ("17", "bnnp-jambi")  # Bengkulu by province code, Jambi by unit_id; no BNNK each


def test_two_province_builds_merge_and_make_one_site(tmp_path, sample_data_dir, registry):
    params = tmp_path / "params"
    shutil.copytree(project_root() / "params", params)
    folders = []
    for token in PROVINCES:
        paths = Paths(sample_data_dir, params, tmp_path / f"out-{token}")
        runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], provinces=[token])
        summary = build(paths, runs, jobs=1, formats=("html",), site=False)
        assert [r.status for r in summary.results] == ["ok"]
        folders.append(paths.outputs_dir)
    merged = Paths(sample_data_dir, params, tmp_path / "merged")
    copied = merge_outputs(folders, merged.outputs_dir)
    assert len(copied) >= 2 * 4  # html, json, notebook, manifest each
    merge_outputs(folders, merged.outputs_dir)  # merging again changes nothing, raises nothing
    site = build_site(merged)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert (site / str(YEAR) / "bnnp-bengkulu.html").exists()
    assert (site / str(YEAR) / "bnnp-jambi.html").exists()
    assert "bnnp-bengkulu" in index or any(
        "bnnp-bengkulu" in p.read_text(encoding="utf-8") for p in site.rglob("index.html"))
    assert len(list((merged.outputs_dir / "logs").glob("*.jsonl"))) == 2


def test_a_report_one_province_links_and_another_builds_merges_as_the_report(tmp_path):
    """Province A's site has a placeholder where province B built the report: in either order
    the real report is merged (and replaces a placeholder already merged), never a conflict;
    two different reports at one path still are."""
    from helpers.site.placeholders import MARKER

    page = "site/2022/bnnk-lubuklinggau.html"
    placeholder = f"<!doctype html><html><head>{MARKER}</head><body>belum dibuat</body></html>"

    def outputs(name: str, text: str) -> Path:
        folder = tmp_path / name
        (folder / page).parent.mkdir(parents=True)
        (folder / page).write_text(text, encoding="utf-8")
        return folder

    linked, built = outputs("a", placeholder), outputs("b", "<html>laporan</html>")
    for order, dest in (((linked, built), tmp_path / "m1"), ((built, linked), tmp_path / "m2")):
        merge_outputs(order, dest)
        assert (dest / page).read_text(encoding="utf-8") == "<html>laporan</html>"
    dest = tmp_path / "m3"
    (dest / page).parent.mkdir(parents=True)
    (dest / page).write_text(placeholder, encoding="utf-8")  # a site built after an earlier merge
    assert merge_outputs([built], dest) == [dest / page]
    assert (dest / page).read_text(encoding="utf-8") == "<html>laporan</html>"
    with pytest.raises(FileExistsError, match="bnnk-lubuklinggau.html"):
        merge_outputs([built, outputs("c", "<html>lain</html>")], tmp_path / "m4")
