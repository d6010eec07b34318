"""The site's map file is drawn again when the code that draws maps changes, not only when its
figures do (a site built before a drawing fix would otherwise keep the old picture)."""

from __future__ import annotations

from helpers.site import map_file, write_site
from site_support import write_synthetic


def test_a_change_to_the_drawing_code_draws_the_map_again(tmp_path, sample_data_dir, registry,
                                                          monkeypatch):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry, data_dir=sample_data_dir)
    (first,) = (site / "2022").glob("peta-*.svg")
    drawing = map_file._drawing_code()
    assert all(drawing), "every drawing module is hashed"
    monkeypatch.setattr(map_file, "_drawing_code", lambda: [*drawing[:-1], "changed"])
    write_site(site, registry, data_dir=sample_data_dir)
    (second,) = (site / "2022").glob("peta-*.svg")  # the old file is removed
    assert second.name != first.name
