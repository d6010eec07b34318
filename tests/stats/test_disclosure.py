"""No suppressed cell can be worked out from everything published with it.

Suppression (:mod:`helpers.stats.suppress`) makes each table safe against its own total; this
file plays the reader who also has every other number in the report. For every unit of the
sample's latest year it reads the rehabilitation section as published (the Markdown: cells,
marks, totals, the completion sentence), the headline clients per service from the figures file
and the months the data notes call silent, and solves for each hidden cell: bounds from its mark
(``<5`` = 0..4, ``×`` = 5..total), the table's total, and the rate as printed (every candidate
must print the same rate). A cell left with a single possible value is a leak.

The solver is exact: with only a total, integer boxes and one equation give an interval per cell;
with a rate it enumerates every assignment (the status table has four cells).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from helpers.ingest.sample import unit_year_tables
from helpers.reference.registry import Registry
from helpers.report import fmt
from helpers.report.report import Report
from helpers.report.sections import rehabilitation
from helpers.stats import breakdowns as bd
from helpers.stats.caveats import silent_months
from helpers.stats.engine import SERVICES
from helpers.stats.suppress import SECONDARY_MARK, Suppressed, suppress, suppress_within
from helpers.store.slices import Store

YEAR = 2022  # the latest year of the session's sample store (tests/conftest.py)
_ROW = re.compile(r"^\| ([^|]+?) \| ([^|]+?) \|$", re.M)
_PERCENT = re.compile(r"(\d[\d.,]*%)")


@dataclass
class Table:
    """One published table: per row its label and either a number or a mark; the total."""

    title: str
    cells: list[tuple[str, int | str]]
    total: int
    after: str  # the text printed under the table (the completion sentence)
    threshold: int = 5

    def hidden(self) -> list[int]:
        return [i for i, (_, c) in enumerate(self.cells) if isinstance(c, str)]


def _int(text: str, lang: str) -> int:
    return int(text.replace("." if lang == "id" else ",", ""))


def published_tables(markdown: str, lang: str, threshold: int = 5) -> list[Table]:
    """Every titled table of the section as a reader sees it."""
    out = []
    for chunk in markdown.split("### ")[1:]:
        title, _, body = chunk.partition("\n")
        cells, total = [], None
        for label, cell in _ROW.findall(body):
            if label.startswith("**"):
                total = _int(cell.strip("*"), lang)
            elif cell.startswith("<") or cell == SECONDARY_MARK:
                cells.append((label, cell))
            elif cell[0].isdigit():
                cells.append((label, _int(cell, lang)))
        if total is not None:
            after = body.rsplit("|", 1)[-1].strip()
            out.append(Table(title, cells, total, after, threshold))
    return out


def _bounds(mark: str, total: int, threshold: int) -> tuple[int, int]:
    """What a cell's mark says: ``<5`` is 0..4 (a hidden zero is ``<5`` too), ``×`` 5..total."""
    return (0, threshold - 1) if mark.startswith("<") else (threshold, total)


def possible_values(table: Table, fixed: dict[int, int] | None = None,
                    check: Callable[[list[int]], bool] | None = None,
                    caps: dict[int, int] | None = None) -> dict[int, set[int]]:
    """Per hidden cell, every value consistent with everything published (``fixed``: cells a
    reader knows from elsewhere; ``caps``: upper bounds known from elsewhere, e.g. positives
    within the number tested; ``check``: a further published fact about the whole table)."""
    hidden = table.hidden()
    bounds = {i: _bounds(table.cells[i][1], table.total, table.threshold) for i in hidden}
    for i, v in (fixed or {}).items():
        bounds[i] = (max(bounds[i][0], v), min(bounds[i][1], v))
    for i, v in (caps or {}).items():
        if i in bounds:
            bounds[i] = (bounds[i][0], min(bounds[i][1], v))
    rest = table.total - sum(c for _, c in table.cells if not isinstance(c, str))
    if check is None:  # integer boxes and one sum: each cell's possible values are an interval
        out = {}
        for i in hidden:
            lo = sum(bounds[j][0] for j in hidden if j != i)
            hi = sum(bounds[j][1] for j in hidden if j != i)
            low, high = max(bounds[i][0], rest - hi), min(bounds[i][1], rest - lo)
            out[i] = set(range(low, high + 1))
        return out
    out = {i: set() for i in hidden}
    if not hidden:
        return out
    last, *free = sorted(hidden, key=lambda i: bounds[i][1] - bounds[i][0], reverse=True)
    for combo in itertools.product(*(range(bounds[i][0], bounds[i][1] + 1) for i in free)):
        derived = rest - sum(combo)
        if not bounds[last][0] <= derived <= bounds[last][1]:
            continue
        values = [c if not isinstance(c, str) else 0 for _, c in table.cells]
        for i, v in zip([*free, last], [*combo, derived], strict=True):
            values[i] = v
        if check(values):
            for i in hidden:
                out[i].add(values[i])
    return out


def completion_check(sentence: str, lang: str) -> Callable[[list[int]], bool] | None:
    """What the sentence under the status table tells a reader, as a test of candidate cells."""
    uses = [bd.STATUSES.index(k) for k in bd.COMPLETION_USES]
    match = _PERCENT.search(sentence)
    if match:
        printed = match.group(1)

        def same_rate(v: list[int]) -> bool:
            ended = sum(v[i] for i in uses)
            return bool(ended) and fmt.format_percent(v[uses[0]] / ended, 1, lang) == printed
        return same_rate
    if "%" not in sentence and any(w in sentence for w in ("Belum ada", "No service")):
        return lambda v: sum(v[i] for i in uses) == 0
    return None


def leaks(report: Report) -> list[str]:
    """Every hidden cell of the section that follows exactly from what is published with it."""
    r = report
    tables = published_tables(rehabilitation.section(r).data, r.lang, r.threshold)
    *clients, status = tables
    rehab = r.figures["rehab"]  # the figures file: clients per service and in total
    assert all(t.total == rehab["clients"] for t in clients)
    assert status.total == sum(rehab[s] for s in SERVICES)
    silent = silent_months({"cases": r.frames.cases, "rehab": r.frames.rehab,
                            "outreach": r.frames.outreach})  # named in the data notes
    found = []
    for n, table in enumerate(tables):
        fixed = ({i: 0 for i in table.hidden() if i + 1 in silent}
                 if n == 0 else None)  # the first table is clients per month
        check = completion_check(table.after, r.lang) if table is status else None
        for i, values in possible_values(table, fixed, check).items():
            assert values, (table.title, "no solution: the solver misreads the report")
            if len(values) == 1:
                found.append(f"{table.title}: {table.cells[i][0]} = {values.pop()}")
    return found


def test_the_solver_finds_the_leak_the_old_completion_sentence_had():
    # Palembang 2024 as published before the rule: 12, ×, <5, 0, total 24, "75,0%".
    table = Table("Penyelesaian layanan", [("Selesai", 12), ("Sedang berlangsung", "×"),
                                           ("Putus layanan", "<5"), ("Dirujuk", 0)], 24, "")
    assert all(len(v) > 1 for v in possible_values(table).values())
    check = completion_check("Tingkat penyelesaian: 75,0% dari layanan …", "id")
    assert possible_values(table, check=check) == {1: {8}, 2: {4}}


def test_the_solver_reads_silent_months_and_the_none_sentence():
    table = Table("t", [("a", "<5"), ("b", "<5"), ("c", 10)], 14, "")
    assert possible_values(table) == {0: {0, 1, 2, 3, 4}, 1: {0, 1, 2, 3, 4}}
    assert possible_values(table, fixed={0: 0}) == {0: {0}, 1: {4}}
    none = completion_check("Belum ada layanan yang berakhir, …", "id")
    status = Table("s", [("selesai", "<5"), ("berlangsung", 10), ("drop_out", "<5"),
                         ("dirujuk", "<5")], 10, "")
    assert possible_values(status, check=none) == {0: {0}, 2: {0}, 3: {0}}


def _units(year: int) -> list[str]:
    from helpers.reference.registry import bundled_reference_dir

    return [u.unit_id for u in Registry.load(bundled_reference_dir()).units(year)]


@pytest.mark.parametrize("unit_id", _units(YEAR))
def test_no_hidden_cell_follows_from_what_the_report_publishes(paths, unit_id):
    report = Report.open(unit_id, YEAR, data_dir=paths.data_dir, params_dir=paths.params_dir)
    assert leaks(report) == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_palembang_2024_reveals_nothing(tmp_path, registry, paths, language):
    # The case, from the generator's own 2024 tables (the session store ends in 2022).
    store = Store(tmp_path / "store")
    unit = registry.get("bnnk-palembang")
    for table, frame in unit_year_tables(unit, 2024).items():
        store.write_slice(table, 2024, unit.unit_id, frame)
    report = Report.open(unit.unit_id, 2024, data_dir=tmp_path, params_dir=paths.params_dir,
                         language=language)
    assert any(t.hidden() for t in published_tables(rehabilitation.tables(report).data,
                                                    language))
    assert leaks(report) == []


def _as_published(title: str, labels: list[str], s: Suppressed) -> Table:
    """A suppressed table as a reader sees it: numbers where shown, marks where hidden."""
    return Table(title, [(label, s.mark(i) or s.values[i]) for i, label in enumerate(labels)],
                 s.total, "", s.threshold)


def new_people_tables(report: Report) -> list[tuple[Table, dict[int, int]]]:
    """The year-end services' breakdowns that count people, suppressed as the report must
    publish them, each with the caps a reader knows from the table beside it."""
    r, threshold = report, report.threshold
    f = r.figures
    out: list[tuple[Table, dict[int, int]]] = []
    for title, counts, total in (
            ("funding", bd.clients_by_funding(r.frames.rehab), f["rehab"]["clients"]),
            ("assessed by sex", bd.assessed_by_sex(r.frames.assessments),
             f["assessments"]["total"]),
            ("assessed by age", bd.assessed_by_age_group(r.frames.assessments),
             f["assessments"]["total"])):
        if total is None:  # not reported: no table at all
            continue
        s = suppress(list(counts.values()), threshold)
        assert s.total == total, title  # the table adds up to its published headline
        out.append((_as_published(title, list(counts), s), {}))
    sectors = bd.urine_tests_by_sector(r.frames.tests, r.vocab.codes("sector"))
    if f["tests"]["tes_urine"]["tested"] is not None and len(sectors):
        tested = suppress(sectors["tested"].tolist(), threshold)
        positive = suppress_within(sectors["positive"].tolist(), tested)
        assert (tested.total, positive.total) == (f["tests"]["tes_urine"]["tested"],
                                                  f["tests"]["tes_urine"]["positive"])
        labels = sectors["sector"].tolist()
        caps = {i: v for i in range(len(labels)) if (v := tested.shown(i)) is not None}
        out.append((_as_published("tested by sector", labels, tested), {}))
        out.append((_as_published("positive by sector", labels, positive), caps))
    return out


@pytest.mark.parametrize("unit_id", _units(YEAR))
def test_the_new_people_tables_reveal_no_hidden_cell(paths, unit_id):
    report = Report.open(unit_id, YEAR, data_dir=paths.data_dir, params_dir=paths.params_dir)
    for table, caps in new_people_tables(report):
        for i, values in possible_values(table, caps=caps).items():
            assert values, (table.title, "no solution: the solver misreads the table")
            # The one exception: every positive was found in the only sector tested, which
            # the published tested-by-sector table and the headline say already.
            told = bool(caps) and all(caps.get(j) == 0 for j in range(len(table.cells))
                                      if j != i)
            assert len(values) > 1 or told, f"{unit_id}: {table.title}: {table.cells[i][0]}"
