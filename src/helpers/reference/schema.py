"""The canonical tables: column names, types and keys (docs/architecture.md, "The data contract").

Column names are the contract between submissions, the store and the reports; every reader and
writer goes through these definitions so that a column is spelled and typed one way only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    import pandas as pd

PANDAS_DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}
ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.timestamp("ns"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of PANDAS_DTYPES
    required: bool
    header_id: str  # the Indonesian header of the Excel form
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    sheet: str  # the Excel form's sheet name (also accepted as a CSV file stem)
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    date_column: str | None  # the column whose year places a row in a year slice

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _c(name: str, kind: str, required: bool, header_id: str, description: str) -> Column:
    return Column(name, kind, required, header_id, description)


CASES = Table(
    "cases",
    "kasus",
    (
        _c("case_id", "string", True, "nomor_lkn", "Nomor laporan kasus narkotika (LKN)"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("date", "date", True, "tanggal", "Tanggal LKN"),
        _c("suspects", "int", True, "jumlah_tersangka", "Jumlah tersangka"),
        _c("p21", "bool", True, "p21", "Berkas perkara dinyatakan lengkap (P21)"),
        _c("tppu", "bool", True, "tppu", "Kasus tindak pidana pencucian uang"),
        _c("assets_rp", "float", False, "aset_rp", "Nilai aset yang disita (rupiah)"),
        _c("network", "string", False, "jaringan",
           "Nama jaringan/sindikat kasus (kosongkan bila bukan jaringan)"),
        _c("lab", "bool", False, "laboratorium_gelap",
           "Kasus laboratorium gelap (clandestine lab): ya/tidak"),
    ),
    key=("unit_id", "case_id"),
    date_column="date",
)
SEIZURES = Table(
    "seizures",
    "barang_bukti",
    (
        _c("case_id", "string", True, "nomor_lkn", "Nomor LKN tempat barang bukti disita"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("drug", "string", True, "jenis_narkotika", "Jenis narkotika"),
        _c("quantity", "float", True, "jumlah", "Jumlah barang bukti"),
        _c("uom", "string", True, "satuan", "Satuan (gram, butir, batang, mililiter)"),
    ),
    key=("unit_id", "case_id", "drug", "uom"),
    date_column=None,  # a seizure belongs to the year of its case
)
REHAB = Table(
    "rehab",
    "rehabilitasi",
    (
        _c("client_ref", "string", True, "kode_klien", "Kode klien (pseudonim, bukan nama/NIK)"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("admission_date", "date", True, "tanggal_masuk", "Tanggal mulai layanan"),
        _c("service", "string", True, "layanan", "rawat_jalan, rawat_inap, ibm, pasca_rehab"),
        _c("provider", "string", True, "penyelenggara", "Lembaga penyelenggara layanan"),
        _c("sex", "string", True, "jenis_kelamin", "L atau P"),
        _c("age", "int", True, "usia", "Usia klien (tahun)"),
        _c("voluntary", "bool", True, "sukarela", "Datang sukarela (ya) atau rujukan hukum"),
        _c("status", "string", True, "status", "berlangsung, selesai, drop_out, dirujuk"),
        _c("funding", "string", True, "sumber_dana", "dipa atau non_dipa"),
    ),
    key=("unit_id", "client_ref", "service", "admission_date"),
    date_column="admission_date",
)
OUTREACH = Table(
    "outreach",
    "kegiatan_p2m",
    (
        _c("activity_id", "string", True, "kode_kegiatan", "Kode kegiatan"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("date", "date", True, "tanggal", "Tanggal kegiatan"),
        _c("activity", "string", True, "jenis_kegiatan", "Jenis kegiatan"),
        _c("sector", "string", True, "sasaran", "Lingkungan sasaran"),
        _c("participants", "int", True, "jumlah_peserta", "Jumlah peserta tatap muka"),
        _c("media_reach", "int", False, "jangkauan_media", "Jangkauan media (penonton/pembaca)"),
    ),
    key=("unit_id", "activity_id"),
    date_column="date",
)
ASSESSMENTS = Table(
    "assessments",
    "asesmen",
    (
        _c("assessment_ref", "string", True, "kode_asesmen",
           "Kode orang yang diasesmen (pseudonim, bukan nama/NIK)"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("date", "date", True, "tanggal", "Tanggal asesmen terpadu (TAT)"),
        _c("recommendation", "string", True, "rekomendasi",
           "rawat_jalan, rawat_inap, proses_hukum"),
        _c("sex", "string", False, "jenis_kelamin", "L atau P"),
        _c("age", "int", False, "usia", "Usia (tahun)"),
    ),
    key=("unit_id", "assessment_ref", "date"),
    date_column="date",
)
TESTS = Table(
    "tests",
    "pemeriksaan",
    (
        _c("test_id", "string", True, "kode_pemeriksaan", "Kode pemeriksaan atau kegiatan tes"),
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("date", "date", True, "tanggal", "Tanggal pemeriksaan (SKHPN: tanggal terbit)"),
        _c("kind", "string", True, "jenis_pemeriksaan", "skhpn atau tes_urine"),
        _c("sector", "string", False, "sasaran", "Lingkungan sasaran tes urine"),
        _c("tested", "int", True, "jumlah_diperiksa",
           "Jumlah orang diperiksa (SKHPN: surat diterbitkan)"),
        _c("positive", "int", True, "jumlah_positif",
           "Jumlah hasil positif (tidak lebih dari jumlah diperiksa)"),
    ),
    key=("unit_id", "test_id"),
    date_column="date",
)
COMMUNITY = Table(
    "community",
    "pemberdayaan",
    (
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("date", "date", True, "tanggal", "Tanggal pembentukan/penetapan"),
        _c("item", "string", True, "jenis",
           "penggiat, relawan, desa_bersinar, sekolah_bersinar, ibm_lembaga, kerja_sama"),
        _c("count", "int", True, "jumlah", "Jumlah yang dibentuk/ditetapkan"),
        _c("name", "string", False, "nama",
           "Nama desa, sekolah, lembaga atau mitra (boleh kosong)"),
    ),
    # Two rows of one day and item are told apart by their name (an empty name is one value).
    key=("unit_id", "date", "item", "name"),
    date_column="date",
)
TARGETS = Table(
    "targets",
    "target_kinerja",
    (
        _c("unit_id", "string", True, "satuan_kerja", "Kode satuan kerja (unit_id)"),
        _c("year", "int", True, "tahun", "Tahun anggaran"),
        _c("indicator", "string", True, "indikator", "Indikator kinerja"),
        _c("target", "float", True, "target", "Target"),
        _c("realisation", "float", False, "realisasi", "Realisasi (indeks hasil survei)"),
    ),
    key=("unit_id", "year", "indicator"),
    date_column=None,  # carries its own year column
)

# In the order of the report's pillars: pemberantasan, rehabilitasi, pencegahan, kinerja.
TABLES: dict[str, Table] = {t.name: t for t in (CASES, SEIZURES, REHAB, ASSESSMENTS, OUTREACH,
                                                TESTS, COMMUNITY, TARGETS)}


def arrow_schema(table: Table) -> pa.Schema:
    """The Parquet schema of a table: fixed, so an empty slice reads back with its columns."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.kind]) for c in table.columns])


def empty_frame(table: Table) -> pd.DataFrame:
    import pandas as pd

    return conform(table, pd.DataFrame({c.name: [] for c in table.columns}))


@cache
def _canonical_dtypes() -> dict[str, object]:
    import pandas as pd  # not at import: the build's planning and hashing need no pandas

    return {kind: pd.api.types.pandas_dtype(name) for kind, name in PANDAS_DTYPES.items()}


def conforms(table: Table, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` already has exactly what :func:`conform` would give it: the table's
    columns, in order, with their canonical dtypes, and a plain 0…n-1 index."""
    import pandas as pd

    return (list(frame.columns) == [c.name for c in table.columns]
            and all(dtype == _canonical_dtypes()[c.kind]
                    for c, dtype in zip(table.columns, frame.dtypes, strict=True))
            and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
            and frame.index.step == 1)


def conform(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The table's columns, in order, with their canonical dtypes (extra columns dropped).

    The frame is built once from its columns (not column by column: inserting into a frame
    costs ~1 ms a column, and the sample writes some 2,000 slices a year)."""
    import pandas as pd

    columns = {}
    for column in table.columns:
        values = frame[column.name] if column.name in frame else pd.Series(
            [None] * len(frame), index=frame.index, dtype="object"
        )
        if column.kind == "date":
            values = pd.to_datetime(values).astype("datetime64[ns]")
        elif values.dtype != _canonical_dtypes()[column.kind]:
            values = values.astype(PANDAS_DTYPES[column.kind])
        columns[column.name] = values
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)
