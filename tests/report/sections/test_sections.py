"""The section registry is the report: its parts, called in order, give exactly what the
notebook's cells give, and every section module stays small enough to read in one sitting."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from helpers.common.config import notebook_path
from helpers.report import charts, sections
from helpers.report.report import Report

SOURCES = [Path(sections.__file__).parent / f"{s.name}.py" for s in sections.SECTIONS]
SOURCES += [Path(sections.__file__).parent / "_common.py",
            Path(sections.__file__).parent / "__init__.py",
            Path(sections.__file__).parent.parent / "report.py"]


def _notebook_calls() -> list[str]:
    """The Report methods the notebook's cells call, in order (publish excluded: not shown)."""
    nb = json.loads(notebook_path().read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            calls += re.findall(r"^report\.(\w+)\(\)", "".join(cell["source"]), re.M)
    return [c for c in calls if c != "publish"]


def _outputs(calls, monkeypatch) -> list[tuple[str, str]]:
    """What each call shows: ("md", Markdown text) or ("chart", alt text), in order."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(("chart", alt)))
    for call in calls:
        result = call()
        if result is not None:
            shown.append(("md", result.data))
    return shown


@pytest.mark.parametrize(("unit_id", "language"), [("bnn-ri", "id"), ("bnnp-sumsel", "id"),
                                                   ("bnnk-lubuklinggau", "en")])
def test_sections_in_order_show_what_the_notebook_shows(paths, monkeypatch, unit_id, language):
    report = Report.open(unit_id, 2022, data_dir=paths.data_dir, params_dir=paths.params_dir,
                         language=language)
    by_notebook = _outputs([getattr(report, name) for name in _notebook_calls()], monkeypatch)
    by_registry = _outputs([lambda f=f: f(report) for s in sections.SECTIONS
                            for f in s.functions()], monkeypatch)
    assert len(by_notebook) >= 14
    assert by_registry == by_notebook


def test_every_part_is_a_documented_function_of_the_report():
    assert [s.name for s in sections.SECTIONS] == [
        "summary", "enforcement", "rehabilitation", "assessment", "outreach", "community",
        "kinerja", "subunits", "narrative", "data_notes"]
    for section in sections.SECTIONS:
        assert section.module.__name__ == f"helpers.report.sections.{section.name}"
        assert section.parts[0] == "section"
        for function in section.functions():
            assert callable(function) and function.__doc__, (section.name, function)
            assert list(function.__annotations__)[0] == "report"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_modules_and_functions_stay_small_and_say_what_they_show(path):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert len(text.splitlines()) <= 400
    assert ast.get_docstring(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno - node.lineno + 1 <= 60, node.name
    if path.stem in {s.name for s in sections.SECTIONS}:
        doc = ast.get_docstring(tree)
        assert "What it shows:" in doc and re.search(r"Where \S+ \S+ comes? from:", doc), path.name
