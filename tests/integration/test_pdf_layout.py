"""The printed reports of the sample's three levels, in both languages, pass the PDF layout
check (tests/pdf_layout_support.py): no overprinted words, nothing past the margins, no page
after the cover less than a quarter filled unless it ends its section, no chart away from its
caption, no heading left at the foot of a page.

BNN RI (38 provinces under it, the longest tables), a BNNP and a BNNK are rendered once for the
module by the project's build (real papermill, pandoc and Typst), in one build call: six reports.
"""

from __future__ import annotations

import pytest

from helpers.build.batch import build
from helpers.build.plan import plan
from helpers.common.config import Paths
from helpers.store.slices import Store
from paths_support import sample_paths
from pdf_layout_support import layout_problems, read_layout

pytestmark = pytest.mark.integration
YEAR = 2022
UNITS = ("bnn-ri", "bnnp-jabar", "bnnk-lubuklinggau")
LANGUAGES = ("id", "en")


@pytest.fixture(scope="module")
def printed(tmp_path_factory, sample_data_dir, registry) -> Paths:
    paths = sample_paths(tmp_path_factory.mktemp("layout"), sample_data_dir)
    store = Store(paths.store_dir)
    runs = [run for language in LANGUAGES
            for run in plan(paths, registry, store, years=[YEAR], units=UNITS,
                            overrides={"language": language})]
    summary = build(paths, runs, jobs=2, formats=("pdf",), site=False)
    assert not summary.failed, summary.failed
    return paths


def _pdf(paths: Paths, unit_id: str, language: str):
    suffix = "" if language == "id" else f".{language}"
    return paths.site_dir / str(YEAR) / f"{unit_id}{suffix}.pdf"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("unit_id", UNITS)
def test_the_printed_report_passes_the_layout_check(printed, unit_id, language):
    problems = layout_problems(_pdf(printed, unit_id, language))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_of_the_national_report_has_a_caption_on_its_page(printed, language):
    layout = read_layout(_pdf(printed, "bnn-ri", language))
    charts = [e for e in layout.elements if e.kind == "chart"]
    captions = [e for e in layout.elements if e.kind == "caption"]
    assert len(charts) >= 9 and len(captions) == len(charts)
    assert [c.page for c in charts] == [c.page for c in captions]
