"""The embedded store: one Parquet file per table, year and unit (:mod:`.slices`), and the
register of accepted submissions (:mod:`.register`). Ingest writes it; the figures read it."""
