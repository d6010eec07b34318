"""The site is rebuilt by a build only when something its pages are made from changed."""

from __future__ import annotations

import os

from helpers.common.config import Paths
from helpers.site import build_site, inputs
from site_support import write_synthetic


def _age(folder) -> None:
    old = 1_600_000_000_000_000_000
    for root, _, files in os.walk(folder):
        for name in files:
            os.utime(os.path.join(root, name), ns=(old, old))


def _not_rendered(*args: object, **kwargs: object) -> None:
    raise AssertionError("the site was rendered although nothing it reads changed")


def test_an_unchanged_site_is_not_rendered_again_and_a_changed_one_is(
        tmp_path, registry, sample_data_dir, monkeypatch):
    paths = Paths(sample_data_dir, tmp_path / "params", tmp_path / "outputs")
    write_synthetic(paths.site_dir, registry, [2022])
    build_site(paths)
    assert inputs.unchanged(paths)
    monkeypatch.setattr("helpers.site.write_site", _not_rendered)
    build_site(paths)  # nothing changed: the pages are not rendered
    monkeypatch.undo()
    index = paths.site_dir / "index.html"
    _age(paths.site_dir)  # a day later
    (paths.site_dir / "2022" / "bnnp-sumsel.json").unlink()  # a report's figures removed
    assert not inputs.unchanged(paths)
    before = index.read_bytes()
    build_site(paths)
    assert inputs.unchanged(paths) and index.read_bytes() != before
