"""No dead link in a published year, on real builds (papermill, pandoc; HTML only to keep it
fast): a unit whose params say ``bilingual: true`` is built in both languages by a plain
``workbook build``; every report its pages link that nobody built yet (the other years) gets a
placeholder page saying how to build it, the build's summary counts them, and building that
year later replaces them with the reports."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers.cli.workbook import main
from helpers.common.config import project_root
from helpers.site.placeholders import is_placeholder, placeholder_files

pytestmark = pytest.mark.integration
UNIT = "bnnk-lubuklinggau"  # exists in every year of the test sample (2020–2022)
LATEST = 2022


@pytest.fixture(scope="module")
def folders(tmp_path_factory, sample_data_dir) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("links")
    params = root / "params"
    shutil.copytree(project_root() / "params", params)
    for year in (2020, 2021, 2022):  # this one unit is published in both languages
        unit_file = params / str(year) / f"{UNIT}.yaml"
        unit_file.parent.mkdir(exist_ok=True)
        old = unit_file.read_text(encoding="utf-8") if unit_file.exists() else ""
        unit_file.write_text(old + "bilingual: true\n", encoding="utf-8")
    return {"data": sample_data_dir, "params": params, "outputs": root / "outputs"}


def _workbook(folders: dict[str, Path], *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", "--unit", UNIT, "--formats", "html", "--jobs", "2", *args,
                     "--data-dir", str(folders["data"]), "--params-dir",
                     str(folders["params"]), "--outputs-dir", str(folders["outputs"])])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def first(folders) -> tuple[str, str]:
    """``workbook build --unit …`` of the latest year: its dry run, then the build."""
    code, planned = _workbook(folders, "--dry-run")
    assert code == 0, planned
    code, printed = _workbook(folders)
    assert code == 0, printed
    return planned, printed


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


def _dead_links(site: Path, pages: list[Path]) -> list[tuple[str, str]]:
    """Every relative href or src of ``pages`` that resolves inside the site to no file."""
    dead = []
    for page in pages:
        parser = _Targets()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or not parts.path:
                continue  # data: URIs of the charts, web addresses, anchors
            resolved = (page.parent / parts.path).resolve()
            if resolved.is_relative_to(site.resolve()) and not resolved.is_file():
                dead.append((page.relative_to(site).as_posix(), target))
    return dead


def test_a_bilingual_unit_is_planned_and_built_in_both_languages(folders, first):
    planned, printed = first
    assert f"render {LATEST} {UNIT}: never rendered" in planned
    assert f"render {LATEST} {UNIT} (en): never rendered" in planned
    assert "2 of 2 report(s) would be rendered." in planned
    assert "2 report(s) rendered, 0 failed" in printed
    site = folders["outputs"] / "site"
    indonesian = site / str(LATEST) / f"{UNIT}.html"
    english = site / str(LATEST) / f"{UNIT}.en.html"
    assert not is_placeholder(indonesian) and not is_placeholder(english)
    assert f'href="{UNIT}.en.html" hreflang="en"' in indonesian.read_text(encoding="utf-8")
    assert '<html lang="en"' in english.read_text(encoding="utf-8")
    [log] = (folders["outputs"] / "logs").glob("*.jsonl")
    runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["unit"], r["year"], r["language"], r["status"]) for r in runs) == [
        (UNIT, LATEST, "en", "ok"), (UNIT, LATEST, "id", "ok")]
    # Built again: both are up to date.
    code, again = _workbook(folders)
    assert code == 0 and "0 report(s) rendered, 0 failed, 2 up to date" in again


def test_no_link_of_a_new_site_leads_nowhere(folders, first):
    _, printed = first
    site = folders["outputs"] / "site"
    pages = sorted(site.rglob("*.html"))
    assert _dead_links(site, pages) == []
    assert [p.relative_to(site).as_posix() for p in placeholder_files(site)] == [
        f"2020/{UNIT}.en.html", f"2020/{UNIT}.html", f"2021/{UNIT}.en.html",
        f"2021/{UNIT}.html"]
    stand_in = (site / "2021" / f"{UNIT}.en.html").read_text(encoding="utf-8")
    assert f"workbook build --year 2021 --unit {UNIT} --language en" in stand_in
    assert "4 linked report(s) not built yet (laporan yang ditautkan belum dibuat); build " \
           "them all with: workbook build --all-years --data-dir" in printed
    front = (site / "index.html").read_text(encoding="utf-8")
    assert ">2021</a>" not in front and "1 laporan tersedia" in front  # listed: the real one


def test_building_that_year_later_replaces_its_placeholders(folders, first):
    code, printed = _workbook(folders, "--year", "2021")
    assert code == 0, printed
    assert "2 report(s) rendered, 0 failed" in printed
    site = folders["outputs"] / "site"
    for name in (f"{UNIT}.html", f"{UNIT}.en.html"):
        assert not is_placeholder(site / "2021" / name)
    assert [p.relative_to(site).as_posix() for p in placeholder_files(site)] == [
        f"2020/{UNIT}.en.html", f"2020/{UNIT}.html"]
    assert _dead_links(site, sorted(site.rglob("*.html"))) == []
    assert "2 linked report(s) not built yet" in printed
    assert f'href="../2021/{UNIT}.html"' in (site / "2021" / "index.html").read_text(
        encoding="utf-8")


def test_a_build_with_nothing_changed_answers_from_its_stamp(folders, first, capsys):
    """The same command again: no planning, a run log of reports up to date; a params edit
    and it plans, finds, and renders the reports that read that file."""
    _workbook(folders)  # whatever the tests before built, recorded
    capsys.readouterr()
    code, again = _workbook(folders)
    assert code == 0 and "0 report(s) rendered, 0 failed, 2 up to date" in again
    assert "Nothing changed since the last build" in capsys.readouterr().err
    log = again.split("Run log: ")[1].split()[0]
    runs = [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines()]
    assert sorted((r["unit"], r["language"], r["reason"]) for r in runs) == [
        (UNIT, "en", "up to date"), (UNIT, "id", "up to date")]
    unit_file = folders["params"] / str(LATEST) / f"{UNIT}.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8") + "# diubah\n",
                         encoding="utf-8")
    code, edited = _workbook(folders)
    assert code == 0 and "2 report(s) rendered, 0 failed" in edited, edited
    assert "Nothing changed" not in capsys.readouterr().err


def test_english_versions_of_years_not_bilingual_are_named_apart(tmp_path):
    from helpers.cli.workbook import _not_built_line, make_parser
    from helpers.common.config import Paths
    from helpers.site.placeholders import Missing

    params = tmp_path / "params"
    (params / "2022").mkdir(parents=True)
    (params / "2022" / f"{UNIT}.yaml").write_text("bilingual: true\n", encoding="utf-8")
    paths = Paths(tmp_path / "data", params, tmp_path / "outputs")
    args = make_parser().parse_args(["build", "--outputs-dir", str(tmp_path / "my outputs")])
    assert _not_built_line(paths, [Missing(2021, UNIT, "id"), Missing(2021, UNIT, "en"),
                                   Missing(2022, UNIT, "en")], args) == (
        "3 linked report(s) not built yet (laporan yang ditautkan belum dibuat); build them "
        f"all with: workbook build --all-years --outputs-dir '{tmp_path / 'my outputs'}'; 1 "
        "of them are English versions of years whose params do not say bilingual: true (each "
        "page gives its command)")
    assert _not_built_line(paths, [], args) is None
