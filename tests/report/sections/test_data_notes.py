"""Data notes: caveats name the gaps of the year, definitions end with the rule as applied, and
the origin is the figures file's provenance in words a person reads, the analyst's narrative
left out."""

from __future__ import annotations

from helpers.report.report import Report
from helpers.report.sections import data_notes, rehabilitation
from helpers.stats import caveats
from helpers.stats.own_counts import REPORTED_GROUPS


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def test_parameters_are_written_in_words_in_the_reports_language(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.parameters_text(r, {
        "year": 2022, "language": "id", "status": "draft", "unit_id": "bnnk-lubuklinggau",
        "signatory": {"name": "Budi", "title": "Kepala BNN Kota Lubuklinggau", "place": ""},
        "suppression_threshold": 5, "wilayah": "Musi Rawas"}) == (
        "satuan kerja: bnnk-lubuklinggau; tahun: 2022; bahasa: Indonesia; status: draf; "
        "penanda tangan: Kepala BNN Kota Lubuklinggau, Budi; ambang penyamaran angka kecil: 5; "
        "wilayah: Musi Rawas.")
    en = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    assert data_notes.parameters_text(en, {"language": "en", "status": "final", "signatory": {
        "name": "", "title": "", "place": ""}}) == (
        "language: English; status: final; signatory: not given.")


def test_the_navigation_parameters_are_said_only_when_set(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.parameters_text(r, {"status": "final", "site_url": "",
                                          "bilingual": False}) == "status: final."
    assert data_notes.parameters_text(r, {
        "site_url": "https://laporan.bnn.go.id/", "bilingual": True}) == (
        "alamat situs: https://laporan.bnn.go.id/; terbit dalam dua bahasa.")


def test_the_publication_is_its_date_never_a_raw_value(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.parameters_text(r, {"status": "final", "publication": None}) == (
        "status: final.")
    assert data_notes.parameters_text(r, {"publication": {
        "published_on": "2022-12-30", "corrections": []}}) == "Diterbitkan 30 Desember 2022."


def test_the_generation_time_reads_as_a_date_and_a_clock(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.generated_text(r, "2022-12-31T07:05:00+00:00") == (
        "31 Desember 2022, 07.05 UTC")
    en = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    assert data_notes.generated_text(en, "2022-12-31T07:05:00+07:00") == (
        "31 December 2022, 07:05 UTC+07:00")


def test_caveats_name_each_gap_of_the_year(paths):
    gap = _open(paths, "bnnk-palembang", 2021, language="en")
    assert data_notes.caveats(gap) == [
        "BNN Kota Palembang: no prevention table for 2021.",
        "Months without any recorded activity (cases, rehabilitation or prevention): "
        "February."]
    province = _open(paths, "bnnp-sumsel", 2021)  # a sub-unit's gap is the province's caveat
    reported = province.figures["reporting_units"]["networks"]
    assert data_notes.caveats(province) == [
        "BNN Kota Palembang: tabel P2M tidak tersedia untuk tahun 2021.",
        # Palembang had no case in 2021, so it filled in no network or lab either.
        f"Jaringan narkotika dan laboratorium gelap: dilaporkan oleh {reported} dari 5 "
        "satuan kerja; angka gabungannya hanya mencakup satuan kerja yang melaporkan."]
    assert reported == 4
    notes = data_notes.section(gap).data
    for line in data_notes.caveats(gap):
        assert f"- {line}" in notes


def test_no_caveats_is_a_neutral_line(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.caveats(r) == []
    assert "### Keterbatasan data\n\nTidak ada keterbatasan data yang tercatat.\n" in (
        data_notes.section(r).data)


def test_definitions_end_with_the_rule_as_applied(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, suppression_threshold=0)
    lines = data_notes.definitions(r).splitlines()
    assert len(lines) == len(data_notes.DEFINITIONS) + 1
    assert lines[-1] == f"- {rehabilitation.suppression_rule(r)}"
    assert "tidak diterapkan" in lines[-1]


def test_origin_is_the_figures_files_provenance_in_words_without_the_narrative(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022,
              narrative={"highlights": "RAHASIA-CATATAN", "obstacles": "", "actions": ""})
    p = r.figures["provenance"]
    origin = data_notes.origin(r)
    assert f"`{p['data_sha256']}`" in origin and f"`{p['code_version']}`" in origin
    assert "ambang penyamaran angka kecil: 5" in origin and "bahasa: Indonesia" in origin
    assert "RAHASIA-CATATAN" not in origin and "narrative" not in origin
    # a list of terms, not a table of raw values under "Indikator | Nilai"
    assert "|" not in origin and "Indikator" not in origin and "language:" not in origin
    assert [ln for ln in origin.splitlines() if ln and not ln.startswith(":")] == [
        "Data", "Sidik data (SHA-256)", "Versi kode", "Dibuat", "Parameter"]


def test_the_data_line_counts_each_tables_rows_and_says_when_they_came(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    text = data_notes.data_text(r)
    assert text.startswith(f"{r.i(len(r.frames.cases))} baris kasus, "
                           f"{r.i(len(r.frames.seizures))} baris barang bukti, ")
    assert f"dari {len(r.frames.unit_ids)} satuan kerja untuk tahun 2022" in text
    # the sample writes a register entry for each slice it writes, so the dates are known
    assert "data diterima " in text and "tidak tercatat" not in text


def test_the_notes_read_the_submission_register_once_for_both_its_answers(paths, monkeypatch):
    """Who did not submit and when the data came both read the register: one read serves
    both (a read of the national register costs a report ~4 ms), and each says as it did."""
    r = _open(paths, "bnnp-sumsel", 2022)
    alone = (data_notes.caveats(r), data_notes.origin(r))
    reads = []
    for module in (data_notes, caveats):
        monkeypatch.setattr(module, "year_entries", lambda *a, read=module.year_entries, **k:
                            reads.append(a) or read(*a, **k))
    section = data_notes.section(r).data
    assert len(reads) == 1
    assert all(line in section for line in alone[0]) and alone[1] in section


def test_the_data_notes_heading_is_labelled_for_the_pdf(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert data_notes.section(r).data.startswith("## Catatan Data {#data-notes}\n")


def test_the_groups_the_notes_name_are_the_figures_file_s(paths):
    assert {g for group in data_notes.GROUPS for g in group} == set(REPORTED_GROUPS)


def test_a_unit_that_did_not_report_a_year_end_table_is_named_and_its_province_counts(paths):
    bnnk = _open(paths, "bnnk-prabumulih", 2022)
    assert data_notes.not_reported(bnnk) == [
        "BNN Kota Prabumulih tidak melaporkan pemeriksaan (SKHPN dan tes urine) dan "
        "pemberdayaan masyarakat tahun 2022; angkanya ditulis \"tidak dilaporkan\", bukan 0."]
    assert data_notes.partly_reported(bnnk) == []  # one unit: the line above says it all
    province = _open(paths, "bnnp-sumsel", 2022, language="en")
    assert data_notes.not_reported(province) == [
        "BNN Kota Prabumulih did not report examinations (SKHPN and urine tests) and community "
        "empowerment for 2022; those figures read \"not reported\", not 0."]
    assert data_notes.partly_reported(province) == [
        # Palembang had no case in 2022, so no network or lab either
        "Drug networks and clandestine laboratories: reported by 4 of 5 units; the combined "
        "figures count only the units that reported.",
        "Examinations (SKHPN and urine tests): reported by 4 of 5 units; the combined figures "
        "count only the units that reported.",
        "Community empowerment: reported by 4 of 5 units; the combined figures count only the "
        "units that reported."]
    assert province.figures["reporting_units"]["tests"] == 4
