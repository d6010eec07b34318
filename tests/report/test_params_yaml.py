"""report/params_yaml.py: a params file's YAML read as data only, every refusal placed."""

from __future__ import annotations

import pytest

from helpers.report.params_messages import ParamsError
from helpers.report.params_yaml import parse_yaml, where_in


def test_a_document_and_the_line_of_every_key_path():
    doc, lines = parse_yaml("status: final\nnarrative:\n  highlights: |\n    Naik.\n",
                            "u.yaml", "id")
    assert doc == {"status": "final", "narrative": {"highlights": "Naik.\n"}}
    assert lines == {"status": 1, "narrative": 2, "narrative.highlights": 3}


@pytest.mark.parametrize(("text", "code", "line"), [
    ("a: &x 1\nb: *x\n", "yaml_anchor", 1),
    ("status: draft\nstatus: final\n", "yaml_duplicate", 2),
    ("status: [final\n", "yaml_syntax", 2),
    ("a: " + "[" * 5000 + "\n", "too_deep", None),
])
def test_anchors_duplicates_syntax_and_depth_are_refused_with_the_place(text, code, line):
    with pytest.raises(ParamsError) as caught:
        parse_yaml(text, "u.yaml", "en")
    assert caught.value.code == code
    shown = str(caught.value)
    assert "u.yaml" in shown
    if line is not None:
        assert f"line {line}" in shown


def test_an_empty_document_is_none_and_a_place_keeps_its_parts():
    assert parse_yaml("# kosong\n", "u.yaml", "id") == (None, {})
    assert where_in("u.yaml", 3, 7) == ("u.yaml", 3, 7)
