"""Narrative section: the analyst's texts in a fixed order under the report's own headings, their
headings demoted, and a sign-off that shows only what was given."""

from __future__ import annotations

from helpers.report.report import Report
from helpers.report.sections import narrative


def _open(paths, **given) -> Report:
    return Report.open("bnnk-lubuklinggau", 2022, data_dir=paths.data_dir,
                       params_dir=paths.params_dir, **given)


def test_given_texts_appear_in_order_and_empty_ones_not_at_all(paths):
    r = _open(paths, narrative={"highlights": "", "obstacles": "Hujan.", "actions": "Lanjut."})
    text = narrative.section(r).data
    assert "### Capaian utama" not in text
    assert text.index("### Kendala\n\nHujan.") < text.index("### Langkah tindak lanjut\n\nLanjut.")
    assert text.endswith(narrative.sign_off(r))


def test_an_analysts_heading_cannot_become_a_report_heading(paths):
    r = _open(paths, narrative={"highlights": "## Rahasia\nTeks <script>x</script>",
                                "obstacles": "", "actions": ""})
    text = narrative.section(r).data
    assert "**Rahasia**\n\nTeks <script>x</script>" in text  # a paragraph of its own
    assert "## Rahasia" not in text
    assert [ln for ln in text.splitlines() if ln.startswith("#")] == [
        f"## {r.t('narrative')}", "### Capaian utama"]


def test_sign_off_shows_only_what_was_given(paths, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672444800")  # 31 December 2022
    bare = _open(paths, status="final", signatory={"name": "", "title": "", "place": ""})
    assert narrative.sign_off(bare) == "\n---\n\n31 Desember 2022\n"
    full = _open(paths, status="draft", language="en",
                 signatory={"name": "Budi", "title": "Head", "place": " Lubuklinggau "})
    assert narrative.sign_off(full) == (
        "\n---\n\nLubuklinggau, 31 December 2022\\\nHead\\\n**Budi**\n\n"
        f"{full.t('draft_sign')}\n")


def test_a_name_that_begins_with_the_title_says_the_title_once(paths, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672444800")
    doubled = _open(paths, status="final", signatory={
        "name": "Kepala BNN Kota Lubuklinggau", "title": "Kepala", "place": "Lubuklinggau"})
    assert narrative.sign_off(doubled) == (
        "\n---\n\nLubuklinggau, 31 Desember 2022\\\n**Kepala BNN Kota Lubuklinggau**\n")


def test_the_sample_signs_as_the_head_of_the_unit(paths, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672444800")
    block = narrative.sign_off(_open(paths, status="final"))  # params/2022/bnnk-lubuklinggau
    assert block == "\n---\n\nLubuklinggau, 31 Desember 2022\\\nKepala BNN Kota Lubuklinggau\n"
    assert "Kepala\\\n" not in block
