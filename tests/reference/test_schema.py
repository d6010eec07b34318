"""The canonical tables: one spelling and one type per column, whatever a frame arrives with."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from helpers.reference.schema import (
    TABLES,
    arrow_schema,
    conform,
    conforms,
    empty_frame,
)
from store_support import cases_frame


def test_conforms_notices_order_dtype_extra_columns_and_index():
    table = TABLES["cases"]
    frame = conform(table, cases_frame("bnnk-a", 2))
    assert conforms(table, frame)
    assert not conforms(table, frame[list(reversed(frame.columns))])
    assert not conforms(table, frame.astype({"suspects": "float64"}))
    assert not conforms(table, frame.assign(extra=1))
    assert not conforms(table, frame.set_axis([5, 6]))


def test_conform_orders_types_and_completes_columns_and_drops_extra_ones():
    table = TABLES["cases"]
    frame = pd.DataFrame({"note": ["x", "y"], "suspects": [2, None], "tppu": [False, True],
                          "p21": [True, None], "date": ["2022-12-30", "2022-01-02"],
                          "unit_id": "bnnk-a", "case_id": ["LKN/2", "LKN/1"]},
                         index=[7, 3])
    out = conform(table, frame)
    assert list(out.columns) == table.column_names  # "note" dropped, assets_rp … added
    assert {c: str(t) for c, t in out.dtypes.items()} == {
        "case_id": "string", "unit_id": "string", "date": "datetime64[ns]", "suspects": "Int64",
        "p21": "boolean", "tppu": "boolean", "assets_rp": "float64", "network": "string",
        "lab": "boolean"}
    assert list(out.index) == [0, 1] and conforms(table, out)
    assert out["case_id"].tolist() == ["LKN/2", "LKN/1"]  # rows keep their order
    assert out["date"].dt.month.tolist() == [12, 1]
    assert out["suspects"].isna().tolist() == [False, True]
    assert out["assets_rp"].isna().all()


@pytest.mark.parametrize("name", list(TABLES))
def test_an_empty_frame_and_the_parquet_schema_have_every_column_in_order(name):
    table = TABLES[name]
    empty = empty_frame(table)
    assert empty.empty and conforms(table, empty)
    schema = arrow_schema(table)
    assert schema.names == table.column_names
    kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "date": pa.timestamp("ns")}
    assert [f.type for f in schema] == [kinds[c.kind] for c in table.columns]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_key_column_is_a_required_column_of_its_table(name):
    table = TABLES[name]
    # The one optional key column: two pemberdayaan rows of one day and item are told apart by
    # their name, an empty name being one value (helpers.ingest.across_rows.row_key).
    optional = {("community", "name")}
    assert table.key and all(table.column(k).required or (name, k) in optional
                             for k in table.key)
    if table.date_column is not None:
        assert table.column(table.date_column).kind == "date"
    with pytest.raises(KeyError):
        table.column("nama_klien")


def test_the_year_end_tables_are_in_the_contract_with_their_sheets():
    assert [(t.name, t.sheet) for t in TABLES.values()] == [
        ("cases", "kasus"), ("seizures", "barang_bukti"), ("rehab", "rehabilitasi"),
        ("assessments", "asesmen"), ("outreach", "kegiatan_p2m"), ("tests", "pemeriksaan"),
        ("community", "pemberdayaan"), ("targets", "target_kinerja")]
    assert TABLES["assessments"].column_names == ["assessment_ref", "unit_id", "date",
                                                  "recommendation", "sex", "age"]
    assert TABLES["tests"].column_names == ["test_id", "unit_id", "date", "kind", "sector",
                                            "tested", "positive"]
    assert TABLES["community"].column_names == ["unit_id", "date", "item", "count", "name"]
    assert not TABLES["cases"].column("network").required
    assert TABLES["cases"].column("lab").kind == "bool"
