"""The figures file's contract: its key order, the units a report reads, and provenance that names
the code that made it and no local path."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.stats import figures_file
from helpers.stats.figures_file import KEY_ORDER, ordered, public_parameters


def test_published_code_version_names_the_code_the_manifest_hashes(monkeypatch):
    from helpers.common import codehash
    from helpers.stats import figures_file as figures

    figures.code_version.cache_clear()
    first = figures.code_version()
    monkeypatch.setattr(figures, "code_digest", lambda: "another report-shaping code")
    figures.code_version.cache_clear()
    assert figures.code_version() != first
    monkeypatch.undo()
    figures.code_version.cache_clear()
    assert figures.code_version() == first
    assert {"build", "cli", "ingest", "site"} <= codehash.ORCHESTRATION_PACKAGES


def test_public_parameters_drop_local_paths():
    assert public_parameters({"data_dir": "/x", "params_dir": "/y", "year": 2022}) == {
        "year": 2022}


def test_ordered_puts_keys_in_the_contract_s_order_and_unknown_keys_last():
    """A notebook's JSON output comes back with sorted keys; the file keeps the contract's."""
    headline = {"year": 2021, "cases": 3, "suspects": 4, "seizures": [], "rehab": {},
                "outreach": {}}
    figures = {key: key for key in sorted(KEY_ORDER)}
    figures.update(extra="kept", own=dict(sorted(headline.items())),
                   previous=dict(sorted(headline.items())), level="kabkota")
    out = ordered(figures)
    assert list(out) == [*KEY_ORDER, "extra"]
    assert list(out["previous"]) == ["year", "cases", "suspects", "seizures", "rehab", "outreach"]
    assert out["own"] == headline and out["extra"] == "kept"


def test_ordered_keeps_a_missing_previous_year_as_null():
    out = ordered({"previous": None, "cases": 1, "unit_id": "bnnk-a"})
    assert list(out.items()) == [("unit_id", "bnnk-a"), ("cases", 1), ("previous", None)]


def test_a_report_reads_every_unit_below_it_in_any_of_its_years(registry):
    first_year = figures_file.data_units(registry, "bnnp-sumsel", range(2020, 2021))
    assert first_year == ["bnnk-lubuklinggau", "bnnk-palembang", "bnnk-prabumulih",
                          "bnnp-sumsel"]
    trend = figures_file.data_units(registry, "bnnp-sumsel", range(2020, 2023))
    assert trend == sorted([*first_year, "bnnk-ogan-ilir"])  # a BNNK formed in 2021
    assert figures_file.data_units(registry, "bnnk-lubuklinggau", range(2020, 2023)) == [
        "bnnk-lubuklinggau"]


def test_generation_time_is_now_to_the_second_without_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(tz=UTC).replace(microsecond=0)
    now = figures_file.generation_time()
    assert now.microsecond == 0 and now.tzinfo is UTC
    assert before <= now <= datetime.now(tz=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672358400")
    assert figures_file.generation_time() == datetime(2022, 12, 30, tzinfo=UTC)
