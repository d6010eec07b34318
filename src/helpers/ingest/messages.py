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
    "assessment_ref_nik": (
        "kode asesmen berbentuk NIK (16 angka): data pribadi tidak boleh masuk — ganti dengan "
        "kode pseudonim, mis. TAT-2024-001 (nilai disamarkan di karantina)",
        "assessment code has the shape of a NIK (16 digits): personal data must not be stored — "
        "replace it with a pseudonymous code, e.g. TAT-2024-001 (value masked in quarantine)"),
    "assessment_ref_name": (
        "kode asesmen berisi beberapa kata, seperti nama orang: data pribadi tidak boleh masuk — "
        "ganti dengan kode pseudonim tanpa spasi, mis. TAT-2024-001 (nilai disamarkan di "
        "karantina)",
        "assessment code holds several words, like a person's name: personal data must not be "
        "stored — replace it with a pseudonymous code without spaces, e.g. TAT-2024-001 (value "
        "masked in quarantine)"),
    "assessment_ref_chars": (
        "kode asesmen hanya boleh berisi huruf, angka, '-', '/' dan '.' — ganti dengan kode "
        "pseudonim, mis. TAT-2024-001 (nilai disamarkan di karantina)",
        "assessment code may hold only letters, digits, '-', '/' and '.' — replace it with a "
        "pseudonymous code, e.g. TAT-2024-001 (value masked in quarantine)"),
    "positive_exceeds_tested": (
        "jumlah positif {positive} lebih besar dari jumlah diperiksa {tested} — periksa kedua "
        "angka: hasil positif tidak mungkin melebihi jumlah yang diperiksa",
        "{positive} positive is more than the {tested} tested — check both figures: there "
        "cannot be more positive results than people (or letters) examined"),
    "out_of_scale": (
        "nilai {value} di luar skala indeks {indicator} ({low}–{high}) — tulis nilai indeks "
        "pada skala {low}–{high}, mis. 3,25, bukan nilai konversi 0–100",
        "value {value} is outside the {indicator} index scale ({low}–{high}) — enter the index "
        "on its {low}–{high} scale, e.g. 3.25, not the converted 0–100 score"),
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
    "formula_no_value": (
        "sel berisi rumus yang hasilnya belum pernah dihitung — buka berkas di Excel lalu simpan "
        "ulang, atau ketik nilainya",
        "the cell holds a formula whose result was never computed — open the file in Excel and "
        "save it again, or type the value"),
    "cell_too_long": (
        "isi sel terlalu panjang ({length} karakter, batas {limit}) — persingkat isinya",
        "the cell is too long ({length} characters, limit {limit}) — shorten it"),
    "nik_in_text": (
        "sel berisi angka berbentuk NIK (16 angka): data pribadi tidak boleh masuk — hapus "
        "nomor itu (nilai disamarkan di karantina)",
        "the cell holds a NIK-shaped number (16 digits): personal data must not be stored — "
        "remove the number (value masked in quarantine)"),
    "formula_text": (
        "teks {value!r} diawali =, +, @ seperti rumus dan tidak diterima — hapus tanda di "
        "depannya",
        "text {value!r} starts with =, + or @ like a formula and is not accepted — remove the "
        "leading sign"),
    "bad_character": (
        "teks {value!r} berisi karakter yang tidak terbaca (pengodean campuran) — ketik ulang "
        "huruf yang rusak dan simpan sebagai CSV UTF-8",
        "text {value!r} holds an unreadable character (mixed encoding) — retype the broken "
        "letter and save as CSV UTF-8"),
    "date_future": (
        "tanggal {value} belum terjadi (hari ini {today}) — perbaiki tanggalnya",
        "date {value} is in the future (today is {today}) — correct the date"),
    "date_too_early": (
        "tanggal {value} sebelum {floor}, sebelum BNN berdiri — perbaiki tanggalnya",
        "date {value} is before {floor}, before BNN existed — correct the date"),
    "year_implausible": (
        "tahun {value} di luar rentang {low}–{high} — perbaiki tahunnya",
        "year {value} is outside {low}–{high} — correct the year"),
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
        "tidak ada lembar formulir yang dikenali ({names}) — gunakan formulir dari "
        "`workbook template`",
        "no form sheet recognised ({names}) — use the form from `workbook template`"),
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
    "hidden_file": (
        "berkas tersembunyi atau berkas kunci Excel (~$), dilewati — ganti namanya bila berkas "
        "ini harus dikirim",
        "hidden file or Excel lock file (~$), skipped — rename it if it must be submitted"),
    "symlink": (
        "tautan simbolik (symlink) tidak dibaca — salin berkas aslinya ke folder kiriman",
        "a symbolic link is not read — copy the real file into the submission folder"),
    "special_file": (
        "bukan berkas biasa (perangkat, pipe atau socket), tidak dibaca — kirim berkas .xlsx "
        "atau .csv biasa",
        "not a regular file (a device, pipe or socket), not read — send a plain .xlsx or .csv "
        "file"),
    "too_large": (
        "berkas terlalu besar ({size_mb} MB, batas {limit_mb} MB) — pecah menjadi beberapa "
        "berkas",
        "the file is too large ({size_mb} MB, limit {limit_mb} MB) — split it into several "
        "files"),
    "zip_too_large": (
        "isi berkas Excel terlalu besar bila dibuka ({size_mb} MB, batas {limit_mb} MB) — hapus "
        "baris atau lembar kosong yang berlebihan, atau pecah berkasnya",
        "the Excel file unpacks too large ({size_mb} MB, limit {limit_mb} MB) — delete excess "
        "empty rows or sheets, or split the file"),
    "zip_ratio": (
        "berkas Excel tidak wajar: {member} memuai {ratio} kali saat dibuka — simpan ulang dari "
        "Excel atau kirim CSV",
        "the Excel file is abnormal: {member} expands {ratio} times when unpacked — save it "
        "again from Excel or send CSV"),
    "nul_byte": (
        "berkas berisi byte NUL (baris {line}): bukan teks CSV — simpan ulang sebagai CSV UTF-8",
        "the file holds a NUL byte (line {line}): not CSV text — save it again as CSV UTF-8"),
    "utf16_no_bom": (
        "berkas tampak UTF-16 tanpa penanda (BOM) — simpan sebagai CSV UTF-8",
        "the file looks like UTF-16 without a byte-order mark — save it as CSV UTF-8"),
    "encoding_mixed": (
        "berkas UTF-8 berisi {count} byte yang bukan UTF-8 (baris {lines}); baris itu ditolak — "
        "simpan seluruh berkas sebagai CSV UTF-8",
        "the UTF-8 file holds {count} byte(s) that are not UTF-8 (lines {lines}); those rows are "
        "refused — save the whole file as CSV UTF-8"),
    "hidden_sheet": (
        "lembar {sheet} tersembunyi dan tidak dibaca — tampilkan (unhide) bila datanya harus "
        "dikirim, atau hapus lembar itu",
        "sheet {sheet} is hidden and was not read — unhide it if its rows must be submitted, or "
        "delete it"),
    "sheet_name_unknown": (
        "lembar {sheet} berisi judul kolom tabel tetapi namanya bukan nama tabel — ganti nama "
        "lembar menjadi salah satu dari: {names}",
        "sheet {sheet} holds a table's headers but is not named as a table — rename it to one "
        "of: {names}"),
    "duplicate_sheet": (
        "tabel {table} ada di lebih dari satu lembar ({sheets}) — sisakan satu lembar",
        "table {table} is in more than one sheet ({sheets}) — keep one sheet"),
    "ignored_sheet": (
        "lembar {sheet} bukan lembar formulir, diabaikan — hapus bila tidak diperlukan",
        "sheet {sheet} is not a form sheet and was ignored — delete it if not needed"),
    "csv_unknown_name": (
        "nama berkas CSV tidak menunjukkan tabel — beri nama sesuai tabel: {names}",
        "the CSV file name does not name a table — name it after its table: {names}"),
    "csv_decode": (
        "pengodean berkas tidak dikenali (bukan UTF-8, UTF-16 atau Windows-1252) — simpan "
        "sebagai CSV UTF-8",
        "the file's encoding is not recognised (not UTF-8, UTF-16 or Windows-1252) — save it as "
        "CSV UTF-8"),
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
