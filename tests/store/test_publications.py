"""The publication record: kept with the data, written atomically, never silently misread."""

from __future__ import annotations

import pytest

from helpers.store.publications import (
    PublicationError,
    published_years,
    read_record,
    record_path,
    unit_publication,
    write_record,
)

RECORD = {
    "year": 2024, "published_on": "2024-12-30",
    "reports": {"bnnk-a": {"figures": {"cases": 3}}, "bnnk-b": {"figures": {"cases": 5}}},
    "corrections": [
        {"on": "2025-01-15", "note": "Data BNNK A direvisi",
         "changes": [{"unit_id": "bnnk-a", "figure": "cases", "published": 3, "new": 4}]},
    ],
}


def test_a_record_round_trips_beside_the_store(tmp_path):
    path = write_record(tmp_path, RECORD)
    assert path == record_path(tmp_path, 2024) == tmp_path / "publications" / "2024.json"
    assert read_record(tmp_path, 2024) == {"format": 1, **RECORD}
    assert published_years(tmp_path) == [2024]
    assert read_record(tmp_path, 2023) is None
    assert not list(path.parent.glob(".*.tmp"))


def test_a_damaged_record_is_an_error_not_an_unpublished_year(tmp_path):
    path = record_path(tmp_path, 2024)
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PublicationError, match="2024.json"):
        read_record(tmp_path, 2024)
    path.write_text('{"format": 1, "year": 2023, "reports": {}}', encoding="utf-8")
    with pytest.raises(PublicationError, match="not a publication record of 2024"):
        read_record(tmp_path, 2024)


def test_a_report_sees_its_date_and_only_the_corrections_that_touched_it(tmp_path):
    write_record(tmp_path, RECORD)
    record = read_record(tmp_path, 2024)
    a = unit_publication(record, "bnnk-a")
    assert a["published_on"] == "2024-12-30"
    assert [c["note"] for c in a["corrections"]] == ["Data BNNK A direvisi"]
    assert unit_publication(record, "bnnk-b") == {"published_on": "2024-12-30",
                                                  "corrections": []}
    assert unit_publication(record, "bnnk-c") is None
    assert unit_publication(None, "bnnk-a") is None
