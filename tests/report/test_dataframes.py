"""An analyst's DataFrames, Series and Stylers as the report's Markdown tables
(helpers.report.dataframes), through a real IPython display formatter."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers.report import dataframes


@pytest.fixture(scope="module")
def shell():
    shell = InteractiveShell.instance()
    with pd.option_context("styler.format.precision", 6):  # install() sets the kernel's own
        assert dataframes.install("id")
        yield shell


def test_a_dataframe_also_publishes_an_indonesian_pipe_table(shell):
    df = pd.DataFrame({"Satuan": ["BNNK *A*", "BNNK B"], "Kasus": [1234567, None],
                       "Sabu": [307.527, 12.5], "Tanggal": [date(2022, 12, 30)] * 2})
    data, _ = shell.display_formatter.format(df)
    assert "text/html" in data  # JupyterLab still gets its table
    assert data["text/markdown"].splitlines() == [
        "| Satuan | Kasus | Sabu | Tanggal |",
        "| :--- | ---: | ---: | :--- |",
        "| BNNK \\*A\\* | 1.234.567 | 307,527 | 30 Desember 2022 |",
        "| BNNK B |  | 12,5 | 30 Desember 2022 |",
    ]


def test_a_meaningful_index_is_the_first_column(shell):
    df = pd.DataFrame({"Kasus": [3, 4]}, index=pd.Index(["Jan", "Feb"], name="Bulan"))
    assert dataframes.dataframe_markdown(df).splitlines()[:3] == [
        "| Bulan | Kasus |", "| :--- | ---: |", "| Jan | 3 |"]


def test_a_long_dataframe_is_cut_as_jupyterlab_cuts_it():
    with pd.option_context("display.max_rows", 4):
        lines = dataframes.dataframe_markdown(pd.DataFrame({"n": range(100)})).splitlines()
    assert len(lines) == 2 + 5 and "| … |" in lines and lines[-1] == "| 99 |"


def test_english_reports_use_english_separators():
    table = dataframes.dataframe_markdown(pd.DataFrame({"n": [1234.5]}), lang="en")
    assert table.splitlines()[-1] == "| 1,234.5 |"


def test_a_styler_keeps_the_analysts_formats_and_hidden_index(shell):
    styler = pd.DataFrame({"Satuan": ["A"], "Rasio": [0.25]}).style.format(
        {"Rasio": "{:.0%}"}).hide(axis="index")
    data, _ = shell.display_formatter.format(styler)
    assert data["text/markdown"].splitlines() == [
        "| Satuan | Rasio |", "| :--- | ---: |", "| A | 25% |"]


def test_a_styler_defaults_to_indonesian_numbers(shell):
    data, _ = shell.display_formatter.format(pd.DataFrame({"x": [1234.5]}).style)
    assert data["text/markdown"].splitlines()[-1] == "| 0 | 1.234,500 |"


def test_to_markdown_writes_the_report_number_formats_unless_given_its_own(shell):
    df = pd.DataFrame({"Satuan": ["A", "B"], "Kasus": [1234567, 89], "Sabu": [307.527, None]})
    assert df.to_markdown(index=False).splitlines() == [
        "| Satuan   |     Kasus |    Sabu |",
        "|:---------|----------:|--------:|",
        "| A        | 1.234.567 | 307,527 |",
        "| B        |        89 |         |"]
    assert df["Kasus"].to_markdown().splitlines()[2] == "|  0 | 1.234.567 |"  # a Series too
    assert "| 1234567 |  307.5 |" in df.to_markdown(index=False, floatfmt=".1f")
