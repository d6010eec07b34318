"""Inline code in Markdown cells (helpers.render.inline_code): found as CommonMark finds code
spans, its values put in place, the cells the build adds folded back after the run.

No kernel runs here: the added cells' outputs are built by hand as the kernel leaves them (the
real run is tests/build/test_papermill_engine.py and tests/integration/test_analyst_cells.py).
"""

from __future__ import annotations

from nbformat import v4

from helpers.render import inline_code as ic
from helpers.report.mimetypes import INLINE_MIME


def expressions(text: str) -> list[str]:
    return [code.expression for code in ic.inline_code(text)]


# ------------------------------------------------------------------------------ finding


def test_several_per_line_and_across_lines():
    text = "Tahun `{python} year`: `{python} kasus` kasus,\n`{python} f(1,\n 2)` lagi."
    assert expressions(text) == ["year", "kasus", "f(1,  2)"]
    first = ic.inline_code(text)[0]
    assert text[first.start:first.end] == "`{python} year`"


def test_nested_braces_and_format_strings_are_one_expression():
    assert expressions('`{python} {"a": {"b": 1}}["a"]["b"]` dan `{python} f"{x:,}"`') == [
        '{"a": {"b": 1}}["a"]["b"]', 'f"{x:,}"']


def test_a_backtick_inside_needs_a_longer_run_as_in_commonmark():
    assert expressions("``{python} '`'.join(xs)`` lalu `{python} y`") == ["'`'.join(xs)", "y"]
    # One space inside each side is stripped, so the expression may start with a backtick run.
    assert expressions("`` {python} a ``") == ["a"]
    # A run closes only on a run of the same length: `` ``{python} a` `` is not closed.
    assert expressions("``{python} a` b") == []


def test_escaped_backticks_and_plain_code_are_not_inline_code():
    assert expressions(r"\`{python} x\` dan `kode` dan `{r} x` dan `{python}`") == []
    assert expressions(r"\\`{python} x`") == ["x"]  # an escaped backslash, then code


def test_fenced_code_and_other_paragraphs_are_left_alone():
    text = "```python\n`{python} x`\n```\n\n~~~~\n`{python} y`\n~~~~\n\nbuka `{python}\n\nz`"
    assert expressions(text) == []
    assert expressions("````\n```\n`{python} a`\n````\n`{python} b`") == ["b"]


# ------------------------------------------------------------------------------ values


def test_values_replace_their_code_and_failures_are_visible():
    text = "Pada `{python} year`, `{python} nope` dan ``{python} '`'``."
    values = [{"expression": "year", "markdown": "2022"},
              {"expression": "nope", "error": "NameError: name 'nope' is not defined"},
              {"expression": "'`'", "markdown": "\\`"}]
    out, failures = ic.substituted(text, values)
    assert out == "Pada 2022, `nope`? dan \\`."
    assert failures == [("nope", "NameError: name 'nope' is not defined")]


def test_a_value_for_another_expression_is_not_used():
    out, failures = ic.substituted("`{python} a` ```{python} ``b`` ```", [
        {"expression": "z", "markdown": "1"}])
    assert out == "`a`? ``` ``b`` ```?"
    assert [f[0] for f in failures] == ["a", "``b``"]
    assert "not evaluated" in failures[0][1]


# ------------------------------------------------------------------------------ cells


def _values_output(*values: dict) -> dict:
    return v4.new_output("display_data", data={INLINE_MIME: {"values": list(values)}})


def test_a_notebook_without_inline_code_gets_no_cell():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("`kode` saja"), v4.new_code_cell("x = 1")])
    assert ic.add_inline_cells(nb) == 0 and len(nb.cells) == 2


def test_each_markdown_cell_with_inline_code_gets_one_cell_after_it():
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("`{python} a` `{python} b`"), v4.new_code_cell("x = 1"),
        v4.new_markdown_cell("`{python} c`", metadata={"tags": ["parameters"]})])
    assert ic.add_inline_cells(nb, skip_tags=frozenset({"parameters"})) == 1
    added = nb.cells[1]
    assert added.metadata["tags"] == [ic.INLINE_TAG]
    assert "display_inline_values(['a', 'b'], globals())" in added.source
    compile(added.source, "<added>", "exec")  # the source is Python


def test_folding_moves_values_into_the_markdown_cell_and_removes_the_added_cells():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("`{python} a`"), v4.new_code_cell("x")])
    ic.add_inline_cells(nb)
    nb.cells[1].outputs = [v4.new_output("stream", name="stdout", text="hi\n"),
                           _values_output({"expression": "a", "markdown": "1"})]
    ic.fold_inline_cells(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    assert ic.inline_values(nb.cells[0]) == ([{"expression": "a", "markdown": "1"}], ["stdout"])


def test_an_added_cell_that_failed_stays_for_papermill_to_report():
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("`{python} a`")])
    ic.add_inline_cells(nb)
    nb.cells[1].outputs = [v4.new_output("error", ename="ModuleNotFoundError", evalue="helpers",
                                         traceback=[])]
    ic.fold_inline_cells(nb)
    assert len(nb.cells) == 2 and "workbook" not in nb.cells[0].metadata
