"""The words of a params refusal, in Bahasa Indonesia and English (:mod:`helpers.report.params`).

A refusal is kept as a code plus fields, not as text, so the same refusal reads in either
language, as :mod:`helpers.ingest.messages` does for submissions. Every message reads
``where: what is wrong — how to fix it``; *where* is the file (with the line when known) or the
command line.
"""

from __future__ import annotations

import datetime
from typing import Any

LANGUAGES = ("id", "en")

# code -> (Bahasa Indonesia, English); each reads "where: what is wrong — how to fix it".
MESSAGES: dict[str, tuple[str, str]] = {
    "too_large": (
        "{where}: file params terlalu besar ({size} byte, batas {limit} byte) — file params "
        "hanya berisi pengaturan dan narasi singkat; periksa apakah ini file yang benar",
        "{where}: params file too large ({size} bytes, limit {limit}) — a params file holds "
        "settings and a short narrative; check that this is the right file"),
    "not_utf8": (
        "{where}: bukan teks UTF-8 — simpan ulang file sebagai UTF-8",
        "{where}: not UTF-8 text — save the file again as UTF-8"),
    "yaml_anchor": (
        "{where}: anchor/alias YAML ({sign}{name}) tidak diizinkan di params — tulis nilainya "
        "langsung di setiap tempat",
        "{where}: YAML anchors and aliases ({sign}{name}) are not allowed in params — write the "
        "value out in each place"),
    "too_deep": (
        "{where}: susunan YAML terlalu dalam — params hanya dua tingkat, mis. `narrative:` lalu "
        "`highlights:`",
        "{where}: YAML nested too deeply — params have two levels, e.g. `narrative:` then "
        "`highlights:`"),
    "yaml_duplicate": (
        "{where}: kunci `{key}` ditulis dua kali — hapus salah satunya",
        "{where}: key `{key}` is written twice — remove one of them"),
    "yaml_syntax": (
        "{where}: YAML tidak valid: {hint} ({problem})",
        "{where}: not valid YAML: {problem} — {hint_en}"),
    "not_mapping": (
        "{where}: isi file harus berupa daftar `kunci: nilai`, bukan {kind}",
        "{where}: the file must hold `key: value` lines, not {kind_en}"),
    "key_not_text": (
        "{where}: kunci {key} harus berupa nama (teks), bukan {kind}",
        "{where}: key {key} must be a name (text), not {kind_en}"),
    "key_not_identifier": (
        "{where}: kunci {key} bukan nama parameter yang sah (hanya huruf, angka dan garis bawah) "
        "— params adalah data, bukan kode",
        "{where}: key {key} is not a valid parameter name (letters, digits and underscores "
        "only) — params are data, never code"),
    "plan_key": (
        "{where}: kunci `{key}` tidak boleh diisi di file params — satuan kerja, tahun dan folder "
        "ditentukan oleh rencana build dari baris perintah ({fix}); hapus baris ini",
        "{where}: key `{key}` may not be set in a params file — the unit, year and folders come "
        "from the build's plan on the command line ({fix}); remove this line"),
    "unknown_key": (
        "{where}: kunci `{key}` tidak dikenal — {suggest}",
        "{where}: unknown key `{key}` — {suggest_en}"),
    "wrong_type": (
        "{where}: `{key}` harus berupa {expected}, bukan {kind} ({value}){hint}",
        "{where}: `{key}` must be {expected_en}, not {kind_en} ({value}){hint_en}"),
    "bad_choice": (
        "{where}: `{key}` bernilai {value}, tidak berlaku — {suggest}pilihannya: {allowed}",
        "{where}: `{key}` is {value}, not allowed — {suggest_en}choose one of: {allowed}"),
    "not_url": (
        "{where}: `{key}` bernilai {value}, bukan alamat web — tulis alamat lengkap yang diawali "
        "https:// atau http://, tanpa spasi, mis. https://laporan.bnn.go.id/, atau kosongkan",
        "{where}: `{key}` is {value}, not a web address — write the full address starting with "
        "https:// or http://, without spaces, e.g. https://laporan.bnn.go.id/, or leave it "
        "empty"),
    "below_minimum": (
        "{where}: `{key}` harus {minimum} atau lebih, bukan {value}",
        "{where}: `{key}` must be {minimum} or more, not {value}"),
    "not_plain": (
        "{where}: nilai `{key}` bukan data biasa ({kind}) — hanya teks, angka, ya/tidak, daftar "
        "dan pemetaan yang diteruskan ke notebook",
        "{where}: the value of `{key}` is not plain data ({kind_en}) — only text, numbers, "
        "true/false, lists and mappings reach the notebook"),
    "bad_unit_id": (
        "unit_id {value} tidak sah — gunakan unit_id dari daftar unit, mis. bnnk-lubuklinggau",
        "invalid unit_id {value} — use a unit_id from the units registry, e.g. "
        "bnnk-lubuklinggau"),
}
#: Type names as the analyst reads them: (Bahasa Indonesia, English).
KINDS: dict[type, tuple[str, str]] = {
    str: ("teks", "text"), int: ("bilangan bulat", "a whole number"),
    float: ("bilangan desimal", "a decimal number"), bool: ("ya/tidak", "true/false"),
    list: ("daftar", "a list"), dict: ("pemetaan (kunci: nilai)", "a mapping (key: value)"),
    datetime.date: ("tanggal", "a date"), datetime.datetime: ("tanggal dan jam", "a date and time"),
}
# Common PyYAML problems, explained: (words in PyYAML's message, Bahasa Indonesia, English).
YAML_HINTS = (
    ("mapping values are not allowed", "titik dua (:) di tempat yang tidak diharapkan — beri "
     "tanda kutip pada teks yang berisi \": \" atau perbaiki indentasi",
     "a colon where none is expected: quote text that contains \": \" or fix the indentation"),
    ("found character '\\t'", "ada karakter tab — gunakan spasi untuk indentasi",
     "a tab character: indent with spaces"),
    ("could not find expected ':'", "titik dua (:) setelah kunci tidak ditemukan",
     "the colon (:) after a key is missing"),
    ("expected ',' or", "kurung [ ] atau { } tidak ditutup", "a [ ] or { } bracket is not closed"),
    ("found unexpected end of stream", "tanda kutip tidak ditutup", "a quote is not closed"),
    ("expected <block end>", "indentasi tidak konsisten", "inconsistent indentation"),
    ("could not determine a constructor", "tag YAML (!!…) tidak diizinkan — tulis nilai biasa",
     "YAML tags (!!…) are not allowed: write a plain value"),
    ("special characters are not allowed", "karakter kontrol tidak diizinkan — hapus karakter "
     "itu (sering terbawa saat menyalin dari dokumen lain)",
     "a control character: remove it (it often comes with text copied from a document)"),
    ("expected a single document", "hanya satu dokumen YAML per file (tanpa ---)",
     "one YAML document per file (no ---)"),
)
YAML_FALLBACK = ("periksa indentasi, tanda kutip dan titik dua",
                 "check the indentation, quotes and colons")


#: Where a refusal points: the file (or the command line), its line and column when known.
Where = tuple[str, int | None, int | None]


def where_text(where: Where | str, lang: str) -> str:
    """``params/<year>/<unit_id>.yaml, baris 3, kolom 5`` (``line``, ``column`` in English)."""
    if isinstance(where, str):
        return where
    source, line, column = where
    words = ("baris", "kolom") if lang == "id" else ("line", "column")
    text = source if line is None else f"{source}, {words[0]} {line}"
    return text if column is None else f"{text}, {words[1]} {column}"


class ParamsError(ValueError):
    """A params file (or a given value) the report cannot use: named file, line and key.

    Kept as a message code plus fields, so the same refusal reads in Bahasa Indonesia (the
    default, for ``workbook build``, which has no message-language flag) or in English.
    """

    def __init__(self, code: str, *, lang: str = "id", **fields: Any) -> None:
        self.code, self.fields, self.lang = code, fields, lang
        super().__init__(self.message(lang))

    def message(self, lang: str = "id") -> str:
        """The refusal in ``lang`` (``id`` or ``en``)."""
        fields = dict(self.fields)
        if "where" in fields:
            fields["where"] = where_text(fields["where"], lang)
        return MESSAGES[self.code][LANGUAGES.index(lang)].format(**fields)

    def __str__(self) -> str:
        return self.message(self.lang)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by code and fields (a refusal may cross to another process), not by its text.
        return _restore, (self.code, self.lang, self.fields)


def _restore(code: str, lang: str, fields: dict[str, Any]) -> ParamsError:
    return ParamsError(code, lang=lang, **fields)
