"""What the analyst reads: every ingest problem as one line, in Bahasa Indonesia or English.

A problem is kept as a code plus parameters, not as text, so the same problem can be printed in
either language, written into the quarantine file and counted in the summary. Every line reads
``FILE:SHEET:ROW:COLUMN: what is wrong — how to fix it``; COLUMN is always the canonical column
name (the contract in docs/architecture.md), whatever header the submission used. Messages
about personal data never repeat the offending value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("id", "en")

# code -> (Bahasa Indonesia, English); each reads "what is wrong — how to fix it".
CATALOG: dict[str, tuple[str, str]] = {
    # cells
    "required": (
        "sel wajib diisi tetapi kosong — isi nilainya",
        "required cell is empty — fill it in"),
    "number_ambiguous": (
        "angka {value!r} tidak mengikuti format Indonesia — tulis koma untuk desimal dan titik "
        "untuk ribuan, mis. 307,527 atau 1.234.567 atau 1.234,5",
        "number {value!r} does not follow the Indonesian format — use a comma for decimals and "
        "dots for thousands, e.g. 307,527 or 1.234.567 or 1.234,5"),
    "number_invalid": (
        "{value!r} bukan angka — tulis angka saja, tanpa satuan atau teks",
        "{value!r} is not a number — enter digits only, without units or text"),
    "not_integer": (
        "{value!r} bukan bilangan bulat — tulis bilangan bulat, mis. 3",
        "{value!r} is not a whole number — enter a whole number, e.g. 3"),
    "negative": (
        "nilai {value} negatif — isi angka 0 atau lebih",
        "value {value} is negative — enter 0 or more"),
    "out_of_range": (
        "nilai {value} di luar rentang {low}–{high} — periksa kembali angkanya",
        "value {value} is outside {low}–{high} — check the figure"),
    "date_invalid": (
        "{value!r} bukan tanggal yang dikenali — tulis 30/12/2022, 2022-12-30 atau "
        "30 Desember 2022",
        "{value!r} is not a recognised date — write 30/12/2022, 2022-12-30 or 30 Desember 2022"),
    "date_outside_year": (
        "tanggal {value} di luar tahun pelaporan {year} — perbaiki tanggal atau kirim di "
        "formulir tahun {actual}",
        "date {value} is outside the submission year {year} — correct the date or submit it "
        "with year {actual}"),
    "year_mismatch": (
        "tahun {value} berbeda dengan tahun pelaporan {year} — perbaiki tahunnya",
        "year {value} differs from the submission year {year} — correct the year"),
    "bool_invalid": (
        "{value!r} bukan ya/tidak — tulis ya atau tidak",
        "{value!r} is not yes/no — write ya (yes) or tidak (no)"),
    "vocab_unknown": (
        "{value!r} tidak dikenal{hint} — pilih salah satu: {allowed}",
        "{value!r} is not known{hint_en} — choose one of: {allowed}"),
    "uom_not_allowed": (
        "satuan {value!r} tidak berlaku untuk {drug} — gunakan {allowed}",
        "unit {value!r} does not apply to {drug} — use {allowed}"),
    "unit_unknown": (
        "satuan kerja {value!r} tidak ada di daftar unit{hint} — tulis unit_id dari "
        "reference/units.csv, mis. bnnk-lubuklinggau",
        "unit {value!r} is not in the units registry{hint_en} — use a unit_id from "
        "reference/units.csv, e.g. bnnk-lubuklinggau"),
    "unit_not_in_year": (
        "satuan kerja {value} tidak aktif pada tahun {year} — periksa unit atau tanggalnya",
        "unit {value} does not exist in {year} — check the unit or the date"),
    "unit_not_form": (
        "satuan kerja {value} berbeda dengan unit formulir ({form_unit}) — kosongkan sel ini "
        "atau gunakan formulir tanpa --unit",
        "unit {value} differs from the form's unit ({form_unit}) — leave the cell empty or use "
        "a form made without --unit"),
    "client_ref_nik": (
        "kode klien berbentuk NIK (16 angka): data pribadi tidak boleh masuk — ganti dengan kode "
        "pseudonim, mis. RJ-2022-001 (nilai disamarkan di karantina)",
        "client code has the shape of a NIK (16 digits): personal data must not be stored — "
        "replace it with a pseudonymous code, e.g. RJ-2022-001 (value masked in quarantine)"),
    "client_ref_name": (
        "kode klien berisi beberapa kata, seperti nama orang: data pribadi tidak boleh masuk — "
        "ganti dengan kode pseudonim tanpa spasi, mis. RJ-2022-001 (nilai disamarkan di "
        "karantina)",
        "client code holds several words, like a person's name: personal data must not be "
        "stored — replace it with a pseudonymous code without spaces, e.g. RJ-2022-001 (value "
        "masked in quarantine)"),
    "client_ref_chars": (
        "kode klien hanya boleh berisi huruf, angka, '-', '/' dan '.' — ganti dengan kode "
        "pseudonim, mis. RJ-2022-001 (nilai disamarkan di karantina)",
        "client code may hold only letters, digits, '-', '/' and '.' — replace it with a "
        "pseudonymous code, e.g. RJ-2022-001 (value masked in quarantine)"),
    "duplicate_key": (
        "baris ganda: kunci ({key}) sama dengan baris {rows} — hapus salah satu{extra_id}",
        "duplicate row: key ({key}) is the same as row(s) {rows} — remove one{extra_en}"),
    "case_missing": (
        "nomor LKN {value!r} tidak ada di lembar kasus maupun di data {unit} — tambahkan kasusnya "
        "di lembar kasus atau perbaiki nomornya",
        "case {value!r} is neither in the cases sheet nor stored for {unit} — add the case to "
        "the cases sheet or correct the number"),
    "case_rejected": (
        "kasus {value!r} ditolak (lihat baris kasusnya) — perbaiki baris kasus, barang bukti "
        "ikut masuk bersama kasusnya",
        "case {value!r} was rejected (see its row) — fix the case row; the seizure goes in with "
        "its case"),
    "unit_unresolved": (
        "tahun atau unit baris ini tidak dapat ditentukan — perbaiki kesalahan lain di baris ini",
        "this row's year or unit cannot be determined — fix the other problems in this row"),
    # structure
    "missing_column": (
        "kolom wajib {header} tidak ada — tambahkan kolom dengan judul {header} atau "
        "{canonical}",
        "required column {header} is missing — add a column headed {header} or {canonical}"),
    "extra_column": (
        "kolom {value!r} tidak dikenal dan diabaikan — hapus kolom itu atau beri judul yang "
        "benar",
        "unknown column {value!r} was ignored — remove it or give it a correct header"),
    "duplicate_column": (
        "kolom {canonical} muncul lebih dari sekali — sisakan satu kolom",
        "column {canonical} appears more than once — keep one column"),
    "merged_header": (
        "sel judul digabung (merge) di {cells} — pisahkan sel (unmerge) agar setiap kolom punya "
        "judul sendiri",
        "merged header cells at {cells} — unmerge them so each column has its own header"),
    "no_header": (
        "baris judul kolom tidak ditemukan — baris pertama harus berisi judul kolom formulir "
        "(mis. nomor_lkn, tanggal)",
        "no header row found — the first row must hold the form's column headers "
        "(e.g. nomor_lkn, tanggal)"),
    "missing_sheet": (
        "lembar {sheet} tidak ada: tabel {table} tidak dikirim, data lama di penyimpanan tetap "
        "— tambahkan lembar itu bila tabel ini ingin dikirim",
        "sheet {sheet} is missing: table {table} was not submitted and the stored rows stay — "
        "add the sheet to submit this table"),
    "no_tables": (
        "tidak ada lembar formulir yang dikenali (kasus, barang_bukti, rehabilitasi, "
        "kegiatan_p2m, target_kinerja) — gunakan formulir dari `workbook template`",
        "no form sheet recognised (kasus, barang_bukti, rehabilitasi, kegiatan_p2m, "
        "target_kinerja) — use the form from `workbook template`"),
    "not_spreadsheet": (
        "berkas ini bukan lembar kerja Excel (.xlsx) atau CSV — kirim formulir .xlsx atau "
        "berkas CSV",
        "this file is not an Excel workbook (.xlsx) or CSV — send the .xlsx form or CSV files"),
    "old_xls": (
        "berkas .xls (Excel lama) tidak dapat dibaca — buka di Excel lalu Simpan Sebagai .xlsx",
        "old .xls files cannot be read — open it in Excel and Save As .xlsx"),
    "encrypted": (
        "berkas dilindungi kata sandi (terenkripsi) — buka di Excel, hapus kata sandinya, lalu "
        "simpan dan kirim ulang",
        "the file is password-protected (encrypted) — open it in Excel, remove the password, "
        "save and send again"),
    "corrupt": (
        "berkas rusak dan tidak dapat dibuka ({detail}) — simpan ulang dari Excel atau minta "
        "kiriman baru",
        "the file is damaged and cannot be opened ({detail}) — save it again from Excel or ask "
        "for a new copy"),
    "csv_unknown_name": (
        "nama berkas CSV tidak menunjukkan tabel — beri nama sesuai tabel: {names}",
        "the CSV file name does not name a table — name it after its table: {names}"),
    "csv_decode": (
        "pengodean berkas tidak dikenali — simpan sebagai CSV UTF-8",
        "the file's encoding is not recognised — save it as CSV UTF-8"),
    "ignored_file": (
        "berkas bukan .xlsx atau .csv, dilewati — hapus dari folder bila tidak diperlukan",
        "not an .xlsx or .csv file, skipped — remove it from the folder if not needed"),
    "empty_sheet": (
        "lembar tidak berisi baris data — isi datanya, atau abaikan bila memang tidak ada "
        "kegiatan",
        "the sheet holds no data rows — fill it in, or ignore this if there was nothing to "
        "report"),
}

HINTS = (" (maksud Anda {suggestion!r}?)", " (did you mean {suggestion!r}?)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a submission, located as precisely as it is known."""

    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # always the canonical column name
    params: dict[str, object] = field(default_factory=dict)
    warning: bool = False

    def text(self, lang: str = "id") -> str:
        """The message part (what is wrong — how to fix it), without the location."""
        return render(self.code, self.params, lang)

    def line(self, lang: str = "id") -> str:
        """``FILE:SHEET:ROW:COLUMN: message``; unknown parts of the location are left out."""
        parts = [self.file] + [str(p) for p in (self.sheet, self.row, self.column)
                               if p not in (None, "")]
        prefix = ":".join(parts)
        tag = ("peringatan: " if lang == "id" else "warning: ") if self.warning else ""
        return f"{prefix}: {tag}{self.text(lang)}"


def render(code: str, params: dict[str, object], lang: str = "id") -> str:
    """One catalogue message in ``lang`` (``id`` or ``en``) with its parameters filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use 'id' or 'en'")
    template = CATALOG[code][LANGUAGES.index(lang)]
    values = {"hint": "", "hint_en": "", "extra_id": "", "extra_en": "", **params}
    suggestion = params.get("suggestion")
    if suggestion:
        values["hint"] = HINTS[0].format(suggestion=suggestion)
        values["hint_en"] = HINTS[1].format(suggestion=suggestion)
    return template.format(**values)
