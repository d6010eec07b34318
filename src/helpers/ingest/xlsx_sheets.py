"""Which sheets of a workbook are read, and why the others are not: never a silent choice.

A data office checks a form by looking at it, and signs off on what it sees. So only visible
sheets are read: a hidden sheet named like a table (``cases`` hidden before the visible
``kasus``) is not read, and is an error naming it, so the unit either unhides it or deletes it;
silently preferring either sheet would publish rows nobody reviewed or drop rows somebody did.
Two visible sheets for one table are both refused (which one is right is the unit's call). A
visible sheet whose headers are a table's but whose name is not (``Kasus 2022``) is an error
naming the sheet names it could be; its rows go to the quarantine under the right sheet.
Formula cells whose result was never computed (files written by tools other than Excel) are
found here too, so that validation can say so instead of "required cell is empty".
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from helpers.ingest.messages import Problem
from helpers.reference.schema import Table


@dataclass
class Chosen:
    """A sheet to read as ``table``; with ``reason``, every one of its rows is refused."""

    ws: object  # openpyxl Worksheet
    table: Table
    reason: Problem | None = None


Picked = tuple[list[Chosen], list[Problem]]


def choose_sheets(book: openpyxl.Workbook, display: str, ours: set[str],
                  named: Callable[[str], Table | None],
                  looks_like: Callable[[object], list[Table]]) -> Picked:
    """The sheets to read and the problems of those not read; ``ours``: the form's own."""
    problems: list[Problem] = []
    by_table: dict[str, list[Chosen]] = defaultdict(list)
    for ws in book.worksheets:
        if ws.title in ours:
            continue
        table = named(ws.title)
        if ws.sheet_state != "visible":
            tables = [table] if table else looks_like(ws)
            problems.append(Problem("hidden_sheet", display, ws.title, warning=not tables,
                                    params={"sheet": ws.title}))
        elif table is not None:
            by_table[table.name].append(Chosen(ws, table))
        elif tables := looks_like(ws):
            reason = Problem("sheet_name_unknown", display, ws.title, params={
                "sheet": ws.title, "names": ", ".join(f"{t.sheet}/{t.name}" for t in tables)})
            if len(tables) == 1:
                by_table[tables[0].name].append(Chosen(ws, tables[0], reason))
            else:
                problems.append(reason)
        else:
            problems.append(Problem("ignored_sheet", display, ws.title, warning=True,
                                    params={"sheet": ws.title}))
    chosen: list[Chosen] = []
    for sheets in by_table.values():
        if len(sheets) > 1:
            reason = Problem("duplicate_sheet", display, sheets[1].ws.title, params={
                "sheets": ", ".join(c.ws.title for c in sheets), "table": sheets[0].table.sheet})
            for c in sheets:
                c.reason = c.reason or reason
        chosen.extend(sheets)
    return chosen, problems


def uncomputed_cells(data: bytes, archive_names: list[str], book: openpyxl.Workbook,
                     titles: list[str]) -> dict[str, set[tuple[int, int]]]:
    """Per sheet title, the (row, column index) of formula cells that hold no cached result.

    Only workbooks with formulas are opened a second time (formulas kept), so the common case
    costs one scan of the sheet XML.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        has_formulas = any(b"<f" in archive.read(n) for n in archive_names
                           if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if not has_formulas:
        return {}
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    try:
        out: dict[str, set[tuple[int, int]]] = {}
        for title in titles:
            values = book[title]
            for r, row in enumerate(formulas[title].iter_rows(values_only=True), 1):
                for c, value in enumerate(row):
                    if (isinstance(value, str) and value.startswith("=")
                            and values.cell(r, c + 1).value is None):
                        out.setdefault(title, set()).add((r, c))
        return out
    finally:
        formulas.close()
