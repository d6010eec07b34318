"""Whether the build's kernels may use their hooks: a tested jupyter_client, not turned off."""

from __future__ import annotations

import pytest

from helpers.adapters import jupyter_kernels


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    """Every test starts on the fast path (the bench or a developer may have set the variable)."""
    monkeypatch.delenv(jupyter_kernels.ENV_PUBLIC_API, raising=False)


@pytest.mark.parametrize("version,tested", [
    ("8.10.0", True), ("8.10.3.dev0", True), ("8.9.9", False), ("8.11.0", False), ("9", False)])
def test_jupyter_tested_range_reads_release_numbers(version, tested):
    assert jupyter_kernels.in_tested_range(version) is tested


@pytest.mark.parametrize("value,off", [
    ("1", True), ("all", True), ("kernel-hooks", True), ("matplotlib, jupyter-client", True),
    ("0", False), ("svg-writer,matplotlib", False)])
def test_the_hooks_are_turned_off_by_their_own_name_their_library_s_or_all(monkeypatch, value,
                                                                            off):
    monkeypatch.setenv(jupyter_kernels.ENV_PUBLIC_API, value)
    assert jupyter_kernels.public_api_requested("kernel-hooks") is off
    assert jupyter_kernels.fast() is (not off)
    assert bool(jupyter_kernels.fallbacks()) is off


def test_outside_the_tested_range_the_hooks_are_off_and_the_log_says_which_version(monkeypatch):
    assert jupyter_kernels.fast() and jupyter_kernels.fallbacks() == []
    monkeypatch.setattr(jupyter_kernels, "installed_version", lambda: "8.9.0")
    assert not jupyter_kernels.fast()
    assert jupyter_kernels.fallbacks() == [
        "jupyter-client 8.9.0 is outside the tested range (>=8.10,<8.11): reports run in "
        "jupyter_client's own plain kernels (same reports, slower)"]
