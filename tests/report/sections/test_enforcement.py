"""Enforcement section: the monthly table adds up to the headline, seizures keep their units,
the trend shows the years the store holds, and the charts name every value they draw."""

from __future__ import annotations

import pytest

from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import enforcement


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _rows(markdown: str) -> list[list[str]]:
    """The body rows of the first pipe table (header and separator dropped)."""
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines[2:]]


@pytest.fixture()
def shown(monkeypatch) -> list[str]:
    alts: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: alts.append(alt))
    return alts


def test_monthly_table_has_twelve_months_adding_up_to_the_bold_headline(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    rows = _rows(enforcement.monthly_table(r))
    assert [row[0] for row in rows[:12]][::11] == ["Januari", "Desember"]
    assert rows[12] == ["**Jumlah**", f"**{r.figures['cases']}**", f"**{r.figures['suspects']}**"]
    assert sum(int(row[1]) for row in rows[:12]) == r.figures["cases"]
    assert sum(int(row[2]) for row in rows[:12]) == r.figures["suspects"]


def test_seizures_keep_each_drug_in_its_own_unit(paths):
    r = _open(paths, "bnnp-sumsel", 2022, language="en")
    table = enforcement.seizures_table(r)
    rows = _rows(table)
    assert len(rows) == len(r.figures["seizures"])
    units_of = {}
    for drug, _, uom in rows:
        units_of.setdefault(drug, []).append(uom)
    assert any(len(uoms) == 2 for uoms in units_of.values())  # ganja in grams and in sticks
    assert table.endswith(r.t("seizures_note"))


def test_no_seizures_is_a_sentence_and_no_chart(paths, shown):
    r = _open(paths, "bnnk-palembang", 2022)
    assert enforcement.seizures_table(r) == "Tidak ada barang bukti yang disita pada tahun ini."
    enforcement.seizures_chart(r)
    assert shown == []


def test_section_puts_sentences_results_and_monthly_table_in_that_order(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    text = enforcement.section(r).data
    assert text.startswith("## Pemberantasan\n\nSepanjang tahun 2022")
    assert "Dari pengungkapan tersebut, " in text.split("###")[0]
    assert (text.index("### Hasil pengungkapan") < text.index(enforcement.results_table(r))
            < text.index("### Kasus dan tersangka per bulan")
            < text.index(enforcement.monthly_table(r)))
    # The seizures are their own part, so the cases chart can follow the monthly table.
    assert "### Barang bukti disita" not in text
    assert enforcement.seizures(r).data.startswith("### Barang bukti disita\n\n")


def test_results_beside_cases_are_the_figures_files_with_assets_in_rupiah(paths):
    r = _open(paths, "bnn-ri", 2022)
    f = r.figures
    assert f["tppu"] > 0 and f["assets_rp"] > 0  # the sample's national TPPU cases
    rows = dict((row[0], row[1]) for row in _rows(enforcement.results_table(r)))
    assert rows == {
        "Kasus narkotika diungkap": r.i(f["cases"]), "Tersangka": r.i(f["suspects"]),
        "Berkas perkara lengkap (P-21)": r.i(f["p21"]),
        "Jaringan narkotika diungkap": r.i(f["networks"]),
        "Laboratorium gelap ditemukan": r.i(f["labs"]),
        "Kasus tindak pidana pencucian uang (TPPU)": r.i(f["tppu"]),
        "Aset disita (rupiah)": "Rp" + r.i(f["assets_rp"])}
    assert f"senilai Rp{r.i(f['assets_rp'])}." in enforcement.section(r).data


def test_networks_and_labs_not_reported_are_said_so_never_zero(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    r.figures.update(networks=None, labs=None)  # as from a store written before the columns
    rows = dict((row[0], row[1]) for row in _rows(enforcement.results_table(r)))
    assert rows["Drug networks uncovered"] == rows["Clandestine laboratories found"] == (
        "not reported")
    assert ("drug networks and clandestine laboratories were not reported"
            in enforcement.section(r).data)


def test_trend_lists_the_years_the_unit_existed(paths, shown):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    years = [row[0] for row in _rows(enforcement.trend(r).data)]
    assert years == [str(y["year"]) for y in r.trend_rows()] == ["2020", "2021", "2022"]
    enforcement.trend_chart(r)
    assert shown[0].startswith("Cases and suspects, 2020–2022. 2020: ")
    last = r.trend_rows()[-1]
    assert f"2022: {last['cases']} cases, {last['suspects']} suspects." in shown[0]


def test_a_one_year_trend_names_its_year_once(paths, shown):
    r = _open(paths, "bnnk-lubuklinggau", 2020, language="en")
    assert [y["year"] for y in r.trend_rows()] == [2020]
    enforcement.trend_chart(r)
    assert shown[0].startswith("Cases and suspects, 2020. 2020: ")


def test_cases_chart_names_every_month(paths, shown):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    enforcement.cases_chart(r)
    assert shown[0].count(" kasus, ") == 12
    assert shown[0].startswith("Kasus dan tersangka per bulan, 2022. Jan: ")
