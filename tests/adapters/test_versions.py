"""The adapters' two questions: a version inside the tested range, and a trick turned off."""

from __future__ import annotations

import pytest

from helpers.adapters import versions


@pytest.mark.parametrize("text,release", [
    ("3.11.2", (3, 11, 2)), ("8.10", (8, 10)), ("3.12.0rc1", (3, 12, 0)),
    ("2.0.0.post1", (2, 0, 0)), ("dev", ())])
def test_a_release_is_the_leading_dotted_number(text, release):
    assert versions.release(text) == release


@pytest.mark.parametrize("version,inside", [
    ("3.9", True), ("3.9.0", True), ("3.9.4rc1", True), ("3.10.7", True), ("3.11", False),
    ("3.8.9", False), ("4", False), ("", False)])
def test_the_range_includes_its_first_release_and_excludes_its_last(version, inside):
    assert versions.in_range(version, ((3, 9), (3, 11))) is inside


@pytest.mark.parametrize("value,off", [
    (None, False), ("", False), ("0", False), ("no", False), ("FALSE", False),
    ("1", True), ("yes", True), (" All ", True),
    ("svg-writer", True), ("Matplotlib", True), ("kernel-hooks, svg-writer", True),
    ("kernel-hooks,jupyter-client", False), ("svg", False)])
def test_the_public_api_switch_names_everything_a_trick_or_a_library(monkeypatch, value, off):
    if value is None:
        monkeypatch.delenv(versions.ENV_PUBLIC_API, raising=False)
    else:
        monkeypatch.setenv(versions.ENV_PUBLIC_API, value)
    assert versions.public_api_requested("svg-writer", "matplotlib") is off
