"""Asesmen terpadu and SKHPN: the recommendations add up to the people assessed, the breakdowns
by sex and age hide small numbers and add up to them too, the SKHPN sentence names the target
only when the report counts the unit's own work, and a unit that did not report says so."""

from __future__ import annotations

import re

import pytest

from helpers.report.report import Report
from helpers.report.sections import assessment


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _tables(markdown: str) -> dict[str, list[tuple[str, str]]]:
    """Each titled table's rows (label, cell); the first table (no ### title) under ``""``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for n, chunk in enumerate(re.split(r"^### ", markdown, flags=re.M)):
        title = chunk.partition("\n")[0] if n else ""
        rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", chunk, re.M)[2:]
        if rows:
            out[title] = rows
    return out


def test_recommendations_add_up_to_the_people_assessed(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    a = r.figures["assessments"]
    text = assessment.section(r).data
    assert text.startswith("### Asesmen terpadu\n\nSepanjang tahun 2022, BNN Kota Lubuklinggau "
                           f"melaksanakan asesmen terpadu terhadap {a['total']} orang")
    rows = _tables(text)["Asesmen terpadu"]
    assert rows == [("Rawat jalan", r.i(a["rawat_jalan"])), ("Rawat inap", r.i(a["rawat_inap"])),
                    ("Proses hukum", r.i(a["proses_hukum"])),
                    ("**Jumlah orang yang diasesmen**", f"**{r.i(a['total'])}**")]


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_sex_and_age_add_up_to_the_people_assessed_and_hide_small_numbers(paths, unit_id):
    r = _open(paths, unit_id, 2022)
    tables = _tables(assessment.section(r).data)
    for title in (r.t("assessed_sex"), r.t("assessed_age")):
        *cells, total = tables[title]
        assert total[1] == f"**{r.i(r.figures['assessments']['total'])}**"
        assert cells[-1][0] == "Tidak diisi"  # always listed, so its presence says nothing
        for _, cell in cells:
            assert cell in ("<5", "×") or not 1 <= int(cell.replace(".", "")) < 5, title
    counts = assessment.breakdowns(r)
    assert sum(counts["sex"][2].values()) == r.figures["assessments"]["total"]


def test_a_unit_that_did_not_report_gets_one_sentence_and_no_table(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    r.figures["assessments"] = dict.fromkeys(r.figures["assessments"])  # as if never sent
    text = assessment.section(r).data
    assert text == ("### Integrated assessment (asesmen terpadu)\n\n"
                    "BNN Kota Lubuklinggau did not report integrated assessments for 2022.\n")


def test_skhpn_names_the_target_for_a_unit_s_own_work_only(paths):
    bnnk = _open(paths, "bnnk-lubuklinggau", 2022)
    target = next(a.target for a in bnnk.achievements() if a.indicator == "skhpn")
    issued = bnnk.figures["tests"]["skhpn"]["tested"]
    assert (f"diterbitkan {bnnk.i(issued)} surat dari target {bnnk.i(target)} ("
            in assessment.skhpn(bnnk).data)
    province = _open(paths, "bnnp-sumsel", 2022)  # rolled up: a BNNP's own target does not fit
    assert assessment.target(province, "skhpn") is None
    assert "dari target" not in assessment.skhpn(province).data
    missing = _open(paths, "bnnk-prabumulih", 2022)  # sent no pemeriksaan in 2022
    assert "SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) tidak dilaporkan." in (
        assessment.skhpn(missing).data)
