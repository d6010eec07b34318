"""Planning a build (helpers.build.plan): which runs a request means, where their files go."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.build.plan import (
    PlanError,
    dependent_runs,
    expected_outputs,
    output_paths,
    plan,
    reports_including,
    stale_dependents,
)
from helpers.common.config import Paths, notebook_path
from helpers.reference.registry import Registry
from helpers.store.slices import Store


def _store(paths: Paths) -> Store:
    return Store(paths.store_dir)


def test_no_years_means_the_latest_year_with_data(paths: Paths, registry: Registry) -> None:
    latest = _store(paths).years()[-1]
    runs = plan(paths, registry, _store(paths))
    assert {r.year for r in runs} == {latest}
    assert [r.unit_id for r in runs] == [u.unit_id for u in registry.units(latest)]
    assert all(r.parameters["unit_id"] == r.unit_id and r.parameters["year"] == r.year
               for r in runs)


def test_a_province_is_its_bnnp_and_every_sub_unit(paths: Paths, registry: Registry) -> None:
    year = _store(paths).years()[-1]
    [run, *rest] = plan(paths, registry, _store(paths), years=[year], provinces=["16"])
    assert run.unit_id == "bnnp-sumsel"
    assert {r.unit_id for r in rest} == set(registry.descendants("bnnp-sumsel", year))


def test_a_province_must_name_a_bnnp(paths: Paths, registry: Registry) -> None:
    with pytest.raises(PlanError, match="not a BNNP"):
        plan(paths, registry, _store(paths), provinces=["bnnk-lubuklinggau"])


def test_a_year_without_data_names_the_years_there_are(paths: Paths,
                                                       registry: Registry) -> None:
    years = _store(paths).years()
    with pytest.raises(PlanError, match=f"no data for year 1999; the store has {years[0]}"):
        plan(paths, registry, _store(paths), years=[1999])


def test_output_paths_of_a_translation_keep_one_figures_file(tmp_path: Path) -> None:
    own, english = output_paths(tmp_path, "bnn-ri", 2024), output_paths(tmp_path, "bnn-ri",
                                                                          2024, "en")
    assert english["html"] == tmp_path / "site" / "2024" / "bnn-ri.en.html"
    assert english["json"] == own["json"] == tmp_path / "site" / "2024" / "bnn-ri.json"
    assert english["failed"] == tmp_path / "failed" / "2024" / "bnn-ri.en.ipynb"


def test_only_the_indonesian_report_must_have_the_figures_file(paths: Paths,
                                                               registry: Registry) -> None:
    [run] = plan(paths, registry, _store(paths), units=["bnn-ri"],
                 overrides={"language": "en"})
    kinds = {p.suffix for p in expected_outputs(run, paths.outputs_dir, ("html", "pdf"))}
    assert kinds == {".html", ".pdf", ".ipynb"}


def test_a_notebooks_declared_parameters_may_be_set_in_params_as_plain_data(tmp_path):
    from helpers.build.plan import notebook_parameters
    from helpers.report.params import ParamsError, load_params

    probe = Path(__file__).parents[1] / "notebooks" / "probe.ipynb"
    assert notebook_parameters(probe) == ("unit_id", "year", "fail", "hang", "pid_dir")
    (tmp_path / "defaults.yaml").write_text("fail: true\npid_dir: /tmp/x\n")
    declared = notebook_parameters(probe)
    params = load_params(tmp_path, 2022, "bnnk-lubuklinggau", declared=declared)
    assert params["fail"] is True and params["pid_dir"] == "/tmp/x"
    # The report notebook declares no such parameter; a plan key stays refused either way.
    with pytest.raises(ParamsError, match="fail"):
        load_params(tmp_path, 2022, "bnnk-lubuklinggau",
                    declared=notebook_parameters(notebook_path()))
    (tmp_path / "defaults.yaml").write_text("year: 2019\n")
    with pytest.raises(ParamsError, match="year"):
        load_params(tmp_path, 2022, "bnnk-lubuklinggau", declared=declared)


# -- the reports that include a unit's data (no silently stale parents) -------------------

YEARS = [2019, 2020, 2021, 2022, 2023, 2024]


def test_a_bnnk_year_feeds_its_parents_that_year_and_the_later_trend_years(registry):
    found = reports_including(registry, YEARS, "bnnk-lubuklinggau", 2022)
    assert found == {(unit, year) for year in (2022, 2023, 2024)
                     for unit in ("bnnp-sumsel", "bnn-ri")} | {
        ("bnnk-lubuklinggau", 2023), ("bnnk-lubuklinggau", 2024)}
    # Five trend years: 2019's data still shows in 2023's trend, not in 2024's.
    assert max(y for _, y in reports_including(registry, YEARS, "bnnk-lubuklinggau", 2019)
               ) == 2023


def test_a_moved_bnnk_feeds_its_old_and_its_new_province(registry):
    found = reports_including(registry, YEARS, "bnnk-merauke", 2022)
    assert ("bnnp-papua", 2022) in found and ("bnnp-papua", 2023) in found
    assert ("bnnp-papua-selatan", 2023) in found  # its trend shows Merauke's 2022
    assert ("bnnp-papua-selatan", 2022) not in found  # did not exist yet


def test_a_subset_build_plans_the_stale_reports_that_include_it(paths, registry, sample_store):
    runs = plan(paths, registry, sample_store, years=[2021], units=["bnnk-lubuklinggau"])
    extra = dependent_runs(paths, registry, sample_store, runs)
    assert {(r.unit_id, r.year) for r in extra} == {
        ("bnnp-sumsel", 2021), ("bnn-ri", 2021), ("bnnp-sumsel", 2022), ("bnn-ri", 2022),
        ("bnnk-lubuklinggau", 2022)}  # the sample's years end in 2022
    # Nothing is built yet in this outputs folder: none is stale, all are missing.
    assert stale_dependents(paths, registry, sample_store, runs) == []
    # Built once (a manifest), then changed data: stale, so the subset build renders it.
    manifest = output_paths(paths.outputs_dir, "bnn-ri", 2021)["manifest"]
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{}", encoding="utf-8")
    assert [(r.unit_id, r.year) for r in stale_dependents(
        paths, registry, sample_store, runs)] == [("bnn-ri", 2021)]
    # Named together, nothing is added twice.
    both = plan(paths, registry, sample_store, years=[2021],
                units=["bnnk-lubuklinggau", "bnnp-sumsel"])
    assert ("bnnp-sumsel", 2021) not in {(r.unit_id, r.year) for r in
                                         dependent_runs(paths, registry, sample_store, both)}


# -- reports published in both languages ---------------------------------------------------

def _bilingual(paths: Paths, unit_id: str, text: str = "bilingual: true\n") -> None:
    folder = paths.params_dir / "2022"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{unit_id}.yaml").write_text(text, encoding="utf-8")


def _keys(runs) -> list[tuple[str, int, str]]:
    return [(r.unit_id, r.year, r.language) for r in runs]


def test_a_bilingual_unit_is_planned_in_both_languages(paths, registry, sample_store):
    _bilingual(paths, "bnnk-ogan-ilir")
    runs = plan(paths, registry, sample_store, years=[2021, 2022], provinces=["16"])
    assert _keys(r for r in runs if r.unit_id == "bnnk-ogan-ilir") == [
        ("bnnk-ogan-ilir", 2021, "id"),  # params/2022/ make only 2022 bilingual
        ("bnnk-ogan-ilir", 2022, "id"), ("bnnk-ogan-ilir", 2022, "en")]
    assert len(runs) == len({(r.unit_id, r.year) for r in runs}) + 1  # every other unit once
    english = runs[_keys(runs).index(("bnnk-ogan-ilir", 2022, "en"))]
    assert english.parameters["language"] == "en" and english.parameters["bilingual"] is True
    out = output_paths(paths.outputs_dir, "bnnk-ogan-ilir", 2022, "en")
    assert set(expected_outputs(english, paths.outputs_dir, ("html",))) == {
        out["html"], out["notebook"]}


def test_a_language_given_explicitly_is_the_only_one(paths, registry, sample_store):
    _bilingual(paths, "bnnk-ogan-ilir")
    for lang in ("id", "en"):
        runs = plan(paths, registry, sample_store, units=["bnnk-ogan-ilir"],
                    overrides={"language": lang, "status": None})
        assert _keys(runs) == [("bnnk-ogan-ilir", 2022, lang)]


def test_an_english_bilingual_report_brings_its_indonesian_one(paths, registry, sample_store):
    _bilingual(paths, "bnnk-ogan-ilir", "language: en\nbilingual: true\n")
    runs = plan(paths, registry, sample_store, units=["bnnk-ogan-ilir"],
                overrides={"language": None, "status": None})
    assert _keys(runs) == [("bnnk-ogan-ilir", 2022, "en"), ("bnnk-ogan-ilir", 2022, "id")]


def test_the_parents_of_a_bilingual_unit_are_planned_once_per_language_they_publish(
        paths, registry, sample_store):
    _bilingual(paths, "bnnk-ogan-ilir")
    runs = plan(paths, registry, sample_store, years=[2022], units=["bnnk-ogan-ilir"])
    assert _keys(dependent_runs(paths, registry, sample_store, runs)) == [
        ("bnn-ri", 2022, "id"), ("bnnp-sumsel", 2022, "id")]
