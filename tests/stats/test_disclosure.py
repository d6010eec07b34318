"""No suppressed cell can be worked out from everything published with it.

Suppression (:mod:`helpers.stats.suppress`) makes each table safe against its own total; this
file plays the reader who also has every other number in the report. For every unit of the
sample's latest year it reads the report's tables that count people as published (the Markdown:
cells, marks, totals, the completion sentence): clients per month, provider, sex, age, referral
and funding and enrolments per status (rehabilitation), people assessed per sex and age
(asesmen terpadu), people tested and positive per sector (tes urine). It adds what else the
report says: the headline figures of the figures file each table adds up to, the months the
data notes call silent, the positives per sector bounded by the number tested beside them, and
the rows' order — a table whose rows are neither alphabetical nor in a fixed order (months,
sexes, age bands, the vocabulary's sectors …) is read as printed largest first, so a hidden cell
lies between its neighbours. Then it solves for each hidden cell: bounds from its mark (``<5``
= 0..4, ``×`` = 5..total), the table's total, the rate as printed (every candidate must print
the same rate). A cell left with a single possible value is a leak.

The solver is exact: with only a total, integer boxes and one equation give an interval per cell;
with the row order, a chain of inequalities whose sums still form an interval; with a rate it
enumerates every assignment (the status table has four cells).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pytest

from helpers.ingest.sample import unit_year_tables
from helpers.reference.registry import Registry
from helpers.report import fmt
from helpers.report.report import Report
from helpers.report.sections import assessment, outreach, rehabilitation
from helpers.stats import breakdowns as bd
from helpers.stats.caveats import silent_months
from helpers.stats.engine import SERVICES
from helpers.stats.suppress import SECONDARY_MARK, Suppressed, suppress
from helpers.store.slices import Store

YEAR = 2022  # the latest year of the session's sample store (tests/conftest.py)
_PERCENT = re.compile(r"(\d[\d.,]*%)")


@dataclass
class Table:
    """One published column of counts: per row its label and either a number or a mark; the
    total; whether a reader takes its rows to be printed largest first."""

    title: str
    cells: list[tuple[str, int | str]]
    total: int
    after: str  # the text printed under the table (the completion sentence)
    threshold: int = 5
    ordered: bool = False

    def hidden(self) -> list[int]:
        return [i for i, (_, c) in enumerate(self.cells) if isinstance(c, str)]


def _int(text: str, lang: str) -> int:
    return int(text.replace("." if lang == "id" else ",", ""))


def _cell(text: str, lang: str) -> int | str | None:
    """A body cell as a reader reads it: a number, a mark, or None (not a count)."""
    if text.startswith("<") or text == SECONDARY_MARK:
        return text
    return _int(text, lang) if text[:1].isdigit() else None


def published_tables(markdown: str, lang: str, threshold: int = 5,
                     fixed_orders: list[list[str]] | None = None) -> list[Table]:
    """Every titled table of ``markdown`` as a reader sees it, one :class:`Table` per column of
    counts (the urine tests: tested, then positive); its total from the bold row."""
    out = []
    for chunk in markdown.split("### ")[1:]:
        title, _, body = chunk.partition("\n")
        lines = body.splitlines()
        start = next((n for n, ln in enumerate(lines) if ln.startswith("| ")), None)
        if start is None:
            continue
        rows = []
        for ln in lines[start:]:
            if not ln.startswith("| "):
                break
            rows.append([c.strip() for c in ln.strip()[2:-2].split(" | ")])
        header, body_rows = rows[0], rows[2:]
        totals = [r for r in body_rows if r[0].startswith("**")]
        if not totals:
            continue
        cells_rows = [r for r in body_rows if not r[0].startswith("**")]
        after = "\n".join(lines[start + len(rows):]).strip()
        labels = [r[0] for r in cells_rows]
        ordered = reads_as_ordered(labels, fixed_orders or [])
        for j in range(1, len(header)):
            cells = [(r[0], _cell(r[j], lang)) for r in cells_rows]
            if any(c is None for _, c in cells):
                continue
            # Rows printed by size are sorted by their first count (the number tested, not
            # the positives beside it).
            out.append(Table(f"{title}: {header[j]}", cells,  # type: ignore[arg-type]
                             _int(totals[0][j].strip("*"), lang), after, threshold,
                             ordered and j == 1))
    return out


def reads_as_ordered(labels: list[str], fixed_orders: list[list[str]]) -> bool:
    """Whether a reader takes rows so labelled to be printed largest first: rows in alphabetical
    order or in a fixed order (a subsequence of one of ``fixed_orders``) say nothing of their
    size; any other order is read as by size, the only other order the report has used."""
    if labels == sorted(labels, key=str.casefold):
        return False
    for order in fixed_orders:
        position = {label: n for n, label in enumerate(order)}
        if all(label in position for label in labels) and [position[x] for x in labels] == sorted(
                position[x] for x in labels):
            return False
    return True


def fixed_orders(report: Report) -> list[list[str]]:
    """The orders the report prints rows in whatever their counts (months, sexes, age bands,
    referral, funding, statuses, sectors, recommendations), as a reader knows them."""
    r, unknown = report, report.t("unknown")
    return [
        [fmt.month_name(m, r.lang) for m in range(1, 13)],
        [*(r.label("sex", s) for s in bd.SEXES), unknown],
        [*(r.t("age_years", band=b) for _, _, b in bd.AGE_GROUPS), unknown],
        [r.t("sukarela"), r.t("rujukan")],
        [r.label("funding", f) for f in bd.FUNDING],
        [r.label("status", s) for s in bd.STATUSES],
        [*(r.label("sector", s) for s in r.vocab.codes("sector")), unknown],
        [r.label("recommendation", k) for k in r.vocab.codes("recommendation")],
    ]


def _bounds(mark: str, total: int, threshold: int) -> tuple[int, int]:
    """What a cell's mark says: ``<5`` is 0..4 (a hidden zero is ``<5`` too), ``×`` 5..total."""
    return (0, threshold - 1) if mark.startswith("<") else (threshold, total)


def _chain_values(hidden: list[int], bounds: dict[int, tuple[int, int]],
                  rest: int) -> dict[int, set[int]]:
    """Per hidden cell (rows in order, each at least the next), the values it can take with
    the hidden cells adding up to ``rest``. With one cell pinned, the least the others can add
    up to is each at the largest lower bound at or below it, the most each at the smallest
    upper bound at or above it, and every sum between is reachable one step at a time."""
    out: dict[int, set[int]] = {}
    for i in hidden:
        out[i] = set()
        for x in range(bounds[i][0], bounds[i][1] + 1):
            lo = [x if j == i else bounds[j][0] for j in hidden]
            hi = [x if j == i else bounds[j][1] for j in hidden]
            least = [max(lo[k:]) for k in range(len(hidden))]
            most = [min(hi[:k + 1]) for k in range(len(hidden))]
            if all(a <= b for a, b in zip(least, most, strict=True)) and (
                    sum(least) <= rest <= sum(most)):
                out[i].add(x)
    return out


def possible_values(table: Table, fixed: dict[int, int] | None = None,
                    check: Callable[[list[int]], bool] | None = None,
                    caps: dict[int, int] | None = None) -> dict[int, set[int]]:
    """Per hidden cell, every value consistent with everything published (``fixed``: cells a
    reader knows from elsewhere; ``caps``: upper bounds known from elsewhere, e.g. positives
    within the number tested; ``check``: a further published fact about the whole table; a
    table read as ordered: each row at least the next)."""
    hidden = table.hidden()
    bounds = {i: _bounds(table.cells[i][1], table.total, table.threshold) for i in hidden}
    for i, v in (fixed or {}).items():
        bounds[i] = (max(bounds[i][0], v), min(bounds[i][1], v))
    for i, v in (caps or {}).items():
        if i in bounds:
            bounds[i] = (bounds[i][0], min(bounds[i][1], v))
    if table.ordered:  # a shown row above bounds a hidden one from above, one below from below
        shown = {i: c for i, (_, c) in enumerate(table.cells) if not isinstance(c, str)}
        for i in hidden:
            above = [shown[j] for j in shown if j < i]
            below = [shown[j] for j in shown if j > i]
            bounds[i] = (max([bounds[i][0], *below]), min([bounds[i][1], *above]))
    rest = table.total - sum(c for _, c in table.cells if not isinstance(c, str))
    if check is None and table.ordered:
        return _chain_values(hidden, bounds, rest)
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
        in_order = not table.ordered or all(a >= b for a, b in itertools.pairwise(values))
        if in_order and check(values):
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


def report_tables(report: Report) -> dict[str, list[Table]]:
    """The report's tables that count people, as published, by what they add up to."""
    r = report
    orders = fixed_orders(r)

    def read(markdown: str) -> list[Table]:
        return published_tables(markdown, r.lang, r.threshold, orders)

    return {"clients": read(rehabilitation.month_table(r).data + rehabilitation.client_tables(
                r).data),
            "assessed": read(assessment.section(r).data),
            "urine": read(outreach.urine_tests(r).data)}


def leaks(report: Report) -> list[str]:
    """Every hidden cell of the report's people tables that follows exactly from what is
    published with it."""
    r, f = report, report.figures
    tables = report_tables(r)
    *clients, status = tables["clients"]
    assert all(t.total == f["rehab"]["clients"] for t in clients)  # the figures file's total
    assert status.total == sum(f["rehab"][s] for s in SERVICES)
    silent = silent_months({"cases": r.frames.cases, "rehab": r.frames.rehab,
                            "outreach": r.frames.outreach})  # named in the data notes
    found = []
    for n, table in enumerate(tables["clients"]):
        fixed = ({i: 0 for i in table.hidden() if i + 1 in silent}
                 if n == 0 else None)  # the first table is clients per month
        check = completion_check(table.after, r.lang) if table is status else None
        found += _pinned(table, possible_values(table, fixed, check))
    # asesmen: by sex and by age (the recommendations table above them hides nothing)
    for table in tables["assessed"]:
        assert table.total == f["assessments"]["total"] or not table.hidden(), table.title
        found += _pinned(table, possible_values(table))
    if tables["urine"]:  # people tested per sector, then the positives among them
        tested, positive = tables["urine"]
        assert (tested.total, positive.total) == (f["tests"]["tes_urine"]["tested"],
                                                  f["tests"]["tes_urine"]["positive"])
        found += _pinned(tested, possible_values(tested))
        caps = {i: (c if not isinstance(c, str) else _bounds(c, tested.total,
                                                             tested.threshold)[1])
                for i, (_, c) in enumerate(tested.cells)}
        values = possible_values(positive, caps=caps)
        # The one exception: every positive was found in the only sector tested, which the
        # published tested-by-sector table and the headline say already.
        told = {i for i in values
                if all(caps.get(j) == 0 for j in range(len(positive.cells)) if j != i)}
        found += _pinned(positive, {i: v for i, v in values.items() if i not in told})
    return found


def _pinned(table: Table, values: dict[int, set[int]]) -> list[str]:
    out = []
    for i, possible in values.items():
        assert possible, (table.title, "no solution: the solver misreads the report")
        if len(possible) == 1:
            out.append(f"{table.title}: {table.cells[i][0]} = {possible.pop()}")
    return out


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


def _as_published(title: str, labels: list[str], s: Suppressed, ordered: bool) -> Table:
    """A suppressed table as a reader sees it: numbers where shown, marks where hidden."""
    return Table(title, [(label, s.mark(i) or s.values[i]) for i, label in enumerate(labels)],
                 s.total, "", s.threshold, ordered)


def test_the_solver_reads_the_row_order():
    # Largest first, "9, <5, <5" with a total of 16 says the hidden cells are 4 and 3.
    largest_first = Table("t", [("Zamrud", 9), ("anggrek", "<5"), ("Melati", "<5")], 16, "")
    assert reads_as_ordered([label for label, _ in largest_first.cells], [])
    largest_first.ordered = True
    assert possible_values(largest_first) == {1: {4}, 2: {3}}
    # The same cells by name say nothing of their size: 3 and 4, or 4 and 3.
    by_name = Table("t", [("anggrek", "<5"), ("Melati", "<5"), ("Zamrud", 9)], 16, "")
    assert not reads_as_ordered([label for label, _ in by_name.cells], [])
    assert possible_values(by_name) == {0: {3, 4}, 1: {3, 4}}
    # A shown row bounds a hidden one below it: 5, ×, <5 with a total of 13 pins both.
    pinned = Table("t", [("a", 5), ("b", "×"), ("c", "<5")], 13, "", ordered=True)
    assert possible_values(pinned) == {1: {5}, 2: {3}}
    # A fixed order (months, sexes, the vocabulary's sectors) is not read as by size.
    assert not reads_as_ordered(["Laki-laki", "Perempuan", "Tidak diisi"],
                                [["Laki-laki", "Perempuan", "Tidak diisi"]])


def _rehab_rows(unit_id: str, year: int, providers: dict[str, int]) -> pd.DataFrame:
    n = sum(providers.values())
    return pd.DataFrame({
        "client_ref": [f"K-{i:03d}" for i in range(n)], "unit_id": unit_id,
        "admission_date": pd.to_datetime([f"{year}-{1 + i % 12:02d}-15" for i in range(n)]),
        "service": "rawat_jalan",
        "provider": [name for name, count in providers.items() for _ in range(count)],
        "sex": ["L", "P"] * (n // 2) + ["L"] * (n % 2), "age": [25 + i % 30 for i in range(n)],
        "voluntary": [i % 3 > 0 for i in range(n)], "status": "berlangsung",
        "funding": ["dipa", "non_dipa"] * (n // 2) + ["dipa"] * (n % 2)})


def test_a_provider_table_printed_largest_first_would_pin_its_hidden_cells(tmp_path, paths):
    # Providers of 9, 4 and 3 clients, named so that their order by name is not by size.
    providers = {"Zamrud Husada": 9, "anggrek Medika": 4, "Melati Pratama": 3}
    store = Store(tmp_path / "store")
    store.write_slice("rehab", 2024, "bnnk-lubuklinggau",
                      _rehab_rows("bnnk-lubuklinggau", 2024, providers))
    report = Report.open("bnnk-lubuklinggau", 2024, data_dir=tmp_path,
                         params_dir=paths.params_dir)
    table = next(t for t in report_tables(report)["clients"]
                 if t.title.startswith(report.t("rehab_provider")))
    assert [c for _, c in table.cells] == ["<5", "<5", 9] and not table.ordered  # by name
    assert leaks(report) == []
    # As the report printed it before (largest first), a reader pins both hidden cells.
    counts = sorted(providers.items(), key=lambda kv: -kv[1])
    old = _as_published("provider", [k for k, _ in counts],
                        suppress([v for _, v in counts], 5),
                        reads_as_ordered([k for k, _ in counts], fixed_orders(report)))
    assert old.ordered
    assert possible_values(old) == {1: {4}, 2: {3}}


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_the_year_end_tables_are_read_as_published(paths, unit_id):
    report = Report.open(unit_id, YEAR, data_dir=paths.data_dir, params_dir=paths.params_dir)
    tables = report_tables(report)
    titles = [t.title for t in tables["clients"] + tables["assessed"] + tables["urine"]]
    assert f"{report.t('rehab_funding')}: {report.t('clients_unit')}" in titles
    assert f"{report.t('assessed_sex')}: {report.t('people_unit')}" in titles
    assert f"{report.t('assessed_age')}: {report.t('people_unit')}" in titles
    assert [t.title for t in tables["urine"]] == [
        f"{report.t('tes_urine')}: {report.t('tested')}",
        f"{report.t('tes_urine')}: {report.t('positive')}"]
    assert not any(t.ordered for t in tables["clients"] + tables["assessed"] + tables["urine"])
