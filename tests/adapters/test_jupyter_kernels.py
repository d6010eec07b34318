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


#: Strings jupyter_client hands its date parser (they match its ``ISO8601_PAT``): every
#: fraction length, UTC as Z and as an offset, offsets with and without a colon, naive, and
#: 24:00, which only dateutil reads.
DATES = ["2026-11-29T18:00:00", "2026-11-29T18:00:00Z", "2026-11-29T18:00:00.1Z",
         "2026-11-29T18:00:00.12Z", "2026-11-29T18:00:00.123Z", "2026-11-29T18:00:00.1234Z",
         "2026-11-29T18:00:00.12345Z", "2026-11-29T18:00:00.123456Z",
         "2026-11-29T18:00:00.123456+00:00", "2026-11-29T18:00:00.123456+0530",
         "2026-11-29T18:00:00-07:00", "2026-11-29T18:00:00.5-0000", "2026-11-29T24:00:00Z"]


@pytest.mark.parametrize("text", DATES)
def test_a_message_date_is_the_datetime_dateutil_gives_tzinfo_and_all(text):
    from dateutil.parser import isoparse
    from jupyter_client.jsonutil import ISO8601_PAT

    assert ISO8601_PAT.match(text)
    ours, theirs = jupyter_kernels.parse_iso_date(text), isoparse(text)
    assert ours == theirs and repr(ours) == repr(theirs)
    assert type(ours.tzinfo) is type(theirs.tzinfo)


def test_messages_dates_are_parsed_by_the_adapter_only_on_the_fast_path(monkeypatch):
    from jupyter_client import jsonutil

    try:
        assert jupyter_kernels.install_date_parser() is True
        assert jsonutil._dateutil_parse is jupyter_kernels.parse_iso_date
        header = jsonutil.extract_dates({"date": DATES[7], "msg_id": "x"})
        monkeypatch.setenv(jupyter_kernels.ENV_PUBLIC_API, "iso-dates")
        assert jupyter_kernels.install_date_parser() is False
        assert jsonutil._dateutil_parse is jupyter_kernels._PUBLIC_PARSE["isoparse"]
        assert jsonutil.extract_dates({"date": DATES[7], "msg_id": "x"}) == header
        assert jupyter_kernels.fallbacks() == [
            "WORKBOOK_PUBLIC_API: the kernels' message dates are parsed by dateutil "
            "(same reports, slower)"]
    finally:
        monkeypatch.delenv(jupyter_kernels.ENV_PUBLIC_API, raising=False)
        jupyter_kernels.install_date_parser()
