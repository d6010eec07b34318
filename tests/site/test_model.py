"""What the site shows, read from the registry and the figures files: a unit without files has no
report, and anything but a finite number where a number belongs is absent, never shown."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest

from helpers.reference.registry import Registry
from helpers.reference.vocab import load_vocab
from helpers.site.model import Entry, number, read_figures, report_years, year_view
from site_support import synthetic_figures, write_synthetic

BNNK = "bnnk-lubuklinggau"


@pytest.mark.parametrize("value,expected", [
    (3, 3), (307.527, 307.527), (0, 0), (True, None), (False, None), ("12", None),
    (None, None), (math.nan, None), (math.inf, None), ([1], None), ({"n": 1}, None)])
def test_a_number_is_a_finite_int_or_float_and_nothing_else(value, expected):
    assert number(value) == expected


def test_an_entry_reads_each_scope_s_headline_and_skips_malformed_values(registry: Registry):
    figures = synthetic_figures(registry, BNNK, 2022)
    figures["outreach"]["participants"] = "1.234"  # text: not shown
    figures["seizures"] += [{"drug": "ganja", "quantity": None, "uom": "gram"}, "sabu",
                            {"drug": 5, "quantity": 1, "uom": "gram"}]
    entry = Entry(registry.get(BNNK), 2022, {"json": f"{BNNK}.json"}, figures)
    assert entry.has_report
    assert entry.value("cases") == figures["cases"]
    assert entry.value("clients", "own") == figures["own"]["rehab"]["clients"]
    assert entry.value("suspects", "previous") == figures["previous"]["suspects"]
    assert entry.value("participants") is None
    assert entry.previous_year == 2021
    assert entry.seizures() == [(s["drug"], s["quantity"], s["uom"])
                                for s in synthetic_figures(registry, BNNK, 2022)["seizures"]]


def test_an_entry_without_figures_has_no_values_and_falls_back_to_the_registry_s_codes(
        registry: Registry):
    entry = Entry(registry.get(BNNK), 2022)
    assert not entry.has_report
    assert entry.value("cases") is None and entry.previous_year is None
    assert entry.seizures() == [] and entry.codes == ("16.73",)
    odd = Entry(registry.get(BNNK), 2022, {"json": "x"},
                {"previous": {"year": True}, "region_codes": ["16.73", 16], "seizures": {}})
    assert odd.previous_year is None and odd.codes == ("16.73",) and odd.seizures() == []


def test_search_text_matches_names_codes_and_names_without_spaces(registry: Registry):
    entry = Entry(registry.get(BNNK), 2022, region_names=("Sumatera Selatan",))
    text = entry.search_text()
    for query in ("lubuklinggau", "bnnk-lubuklinggau", "16.73", "sumatera selatan",
                  "sumateraselatan", "bnnklubuklinggau"):
        assert query in text, query


def test_report_years_are_four_digit_folders_newest_first(tmp_path: Path):
    assert report_years(tmp_path / "nowhere") == []
    for name in ("2021", "2023", "2022", "assets", "123", "20244"):
        (tmp_path / name).mkdir()
    (tmp_path / "2020").write_text("a file, not a year", encoding="utf-8")
    assert report_years(tmp_path) == [2023, 2022, 2021]


def test_an_unreadable_figures_file_or_one_not_an_object_is_absent(tmp_path: Path,
                                                                   caplog):
    broken, listed, good = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    broken.write_text("{not json", encoding="utf-8")
    listed.write_text("[1, 2]", encoding="utf-8")
    good.write_text(json.dumps({"cases": 1}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="helpers.site.model"):
        assert read_figures(broken) is None
    assert "figures file skipped" in caplog.text and str(tmp_path) not in caplog.text
    assert read_figures(listed) is None
    assert read_figures(tmp_path / "missing.json") is None
    assert read_figures(good) == {"cases": 1}


def test_a_year_view_lists_every_unit_of_the_year_with_the_files_it_has(tmp_path: Path,
                                                                        registry: Registry):
    site = tmp_path / "site"
    write_synthetic(site, registry, [2022])
    folder = site / "2022"
    (folder / f"{BNNK}.json").unlink()
    (folder / f"{BNNK}.en.html").write_text("<p>en</p>", encoding="utf-8")
    for path in folder.glob("bnnk-palembang.*"):
        path.unlink()
    view = year_view(site, registry, 2022)
    assert view.national.unit.unit_id == "bnn-ri" and view.national.figures is not None
    assert len(view.entries()) == len(registry.units(2022))
    sumsel = next(p for p in view.provinces if p.entry.unit.unit_id == "bnnp-sumsel")
    assert sumsel.region_name == "Sumatera Selatan"
    children = {e.unit.unit_id: e for e in sumsel.children}
    assert set(children) == set(registry.children("bnnp-sumsel", 2022))
    linggau = children[BNNK]
    assert linggau.files == {"html": f"{BNNK}.html", "pdf": f"{BNNK}.pdf",
                             "html_en": f"{BNNK}.en.html"}
    assert linggau.figures is None and linggau.value("cases") is None
    assert linggau.region_names == ("Sumatera Selatan", "Kota Lubuk Linggau")
    assert not children["bnnk-palembang"].has_report


def test_seizures_by_drug_keep_each_drug_s_units_together_in_the_order_bnn_reports_them(
        registry: Registry):
    figures = {"seizures": [
        {"drug": "sabu", "quantity": 1500.5, "uom": "gram"},
        {"drug": "ekstasi", "quantity": 9000, "uom": "butir"},
        {"drug": "ganja", "quantity": 120000.25, "uom": "gram"},
        {"drug": "cairan", "quantity": 30, "uom": "mililiter"},
        {"drug": "ganja", "quantity": 800, "uom": "batang"},
        {"drug": "ekstasi", "quantity": 2.5, "uom": "gram"},
        {"drug": "zat_baru", "quantity": 4, "uom": "gram"},
        {"drug": "ganja", "quantity": 3, "uom": "kardus"}]}
    entry = Entry(registry.get(BNNK), 2022, {"json": f"{BNNK}.json"}, figures)
    assert entry.seizures_by_drug(load_vocab()) == [
        ("sabu", [(1500.5, "gram")]),
        ("ganja", [(120000.25, "gram"), (800, "batang"), (3, "kardus")]),
        ("ekstasi", [(9000, "butir"), (2.5, "gram")]),
        ("cairan", [(30, "mililiter")]),
        ("zat_baru", [(4, "gram")])]
    assert Entry(registry.get(BNNK), 2022).seizures_by_drug(load_vocab()) == []


def test_a_year_view_carries_the_regencies_served_by_another_unit(tmp_path: Path,
                                                                   registry: Registry):
    write_synthetic(tmp_path / "site", registry, [2022])
    view = year_view(tmp_path / "site", registry, 2022)
    served = {s.code: s.unit_id for s in view.served}
    assert served["16.05"] == "bnnp-sumsel" and "16.73" not in served


def test_a_figure_held_as_null_was_not_reported_and_one_missing_was_not_written(
        registry: Registry):
    figures = synthetic_figures(registry, BNNK, 2022)
    figures["assessments"] = {"total": None, "rawat_jalan": None, "rawat_inap": None,
                              "proses_hukum": None}
    figures["own"]["networks"] = None
    del figures["community"]  # a figures file written before pemberdayaan existed
    entry = Entry(registry.get(BNNK), 2022, {"json": f"{BNNK}.json"}, figures)
    assert entry.not_reported("assessed") and entry.value("assessed") is None
    assert entry.not_reported("networks", "own") and not entry.not_reported("networks")
    assert not entry.not_reported("penggiat") and entry.value("penggiat") is None
    assert entry.value("skhpn") == figures["tests"]["skhpn"]["tested"]
    assert not Entry(registry.get(BNNK), 2022).not_reported("assessed")
