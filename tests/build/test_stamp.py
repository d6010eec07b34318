"""A build asked again with nothing changed answers from its stamp; any change to what a build
reads (params, data, outputs, publication records, settings, a rewrite the file clock cannot
see) takes the full path again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.build import stamp
from helpers.common.config import Paths, project_root

OPTIONS = {"year": [2022], "all_years": False, "unit": [], "province": [], "language": None,
           "status": None, "formats": ("html", "pdf"), "notebook": None, "only": False,
           "site": True}
RECORDS = [{"unit": "bnn-ri", "year": 2022, "status": "skipped", "reason": "up to date"}]


@pytest.fixture()
def deployment(tmp_path: Path, sample_data_dir: Path) -> Paths:
    """Params, a store, publication records and outputs that are old (not within the racy
    window): what a deployment looks like the day after its last build."""
    paths = Paths(tmp_path / "data", tmp_path / "params", tmp_path / "outputs")
    shutil.copytree(sample_data_dir / "store", paths.store_dir)
    shutil.copytree(project_root() / "params", paths.params_dir)
    (paths.data_dir / "publications").mkdir()
    (paths.data_dir / "publications" / "2022.json").write_text("{}", encoding="utf-8")
    page = paths.site_dir / "2022" / "bnn-ri.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>laporan</p>", encoding="utf-8")
    (paths.outputs_dir / "notebooks" / "2022").mkdir(parents=True)
    (paths.outputs_dir / "notebooks" / "2022" / "bnn-ri.build.json").write_text("{}")
    old = 1_600_000_000_000_000_000
    for folder in (paths.data_dir, paths.params_dir, paths.outputs_dir):
        for root, _, files in os.walk(folder):
            for name in files:
                os.utime(os.path.join(root, name), ns=(old, old))
    return paths


def remembered(paths: Paths) -> Paths:
    stamp.remember(paths, OPTIONS, None, RECORDS, None)
    assert stamp.unchanged(paths, OPTIONS, None)["records"] == RECORDS
    return paths


def test_nothing_changed_is_answered_from_the_stamp(deployment: Paths) -> None:
    remembered(deployment)
    assert stamp.unchanged(deployment, {**OPTIONS, "all_years": True}, None) is None


@pytest.mark.parametrize("change", ["params", "slice", "output removed", "output added",
                                    "publication", "setting", "manifest"])
def test_a_change_to_what_a_build_reads_takes_the_full_path(
        deployment: Paths, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = remembered(deployment)
    if change == "params":
        (paths.params_dir / "2022").mkdir(exist_ok=True)
        (paths.params_dir / "2022" / "bnn-ri.yaml").write_text("status: final\n")
    elif change == "slice":
        target = next(paths.store_dir.glob("cases/2022/*.parquet"))
        shutil.copy(next(paths.store_dir.glob("cases/2021/*.parquet")), target)
    elif change == "output removed":
        (paths.site_dir / "2022" / "bnn-ri.html").unlink()
    elif change == "output added":
        (paths.site_dir / "2022" / "bnn-ri.pdf").write_bytes(b"%PDF")
    elif change == "publication":
        (paths.data_dir / "publications" / "2022.json").write_text('{"year": 2022}')
    elif change == "setting":
        monkeypatch.setenv("WORKBOOK_PUBLIC_API", "1")
    elif change == "manifest":
        (paths.outputs_dir / "notebooks" / "2022" / "bnn-ri.build.json").write_text("{ }")
    assert stamp.unchanged(paths, OPTIONS, None) is None


def test_a_rewrite_that_keeps_the_stat_is_still_seen(deployment: Paths) -> None:
    """Same file, same size, its modification time set back (``cp -p``, a tool restoring
    times): only its change time moved, so it is read by content."""
    paths = remembered(deployment)
    page = paths.site_dir / "2022" / "bnn-ri.html"
    before = page.stat()
    page.write_text("<p>LAPORAN</p>", encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns)
    assert stamp.unchanged(paths, OPTIONS, None) is None


def test_a_broken_stamp_takes_the_full_path(deployment: Paths) -> None:
    paths = remembered(deployment)
    (paths.outputs_dir / stamp.STAMP).write_text("{not json")
    assert stamp.unchanged(paths, OPTIONS, None) is None
    (paths.outputs_dir / stamp.STAMP).write_text('{"x": 1}')
    assert stamp.unchanged(paths, OPTIONS, None) is None


def test_the_up_to_date_log_of_two_builds_in_one_second_keeps_both(deployment: Paths) -> None:
    from datetime import UTC, datetime

    entry = remembered(deployment) and stamp.unchanged(deployment, OPTIONS, None)
    now = datetime.now(tz=UTC)
    first = stamp.write_up_to_date_log(deployment, now, entry, ["a note"])
    second = stamp.write_up_to_date_log(deployment, now, entry, [])
    assert first != second and first.exists() and second.exists()
    assert '"reason": "up to date"' in second.read_text()
