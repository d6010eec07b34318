"""One submitted row's outcome: accepted until a check rejects it, each problem located at the
row's own file, sheet and row; and the one year a submission is for."""

from __future__ import annotations

from helpers.ingest.outcomes import Context, RowOutcome, submission_year
from helpers.ingest.readers import SheetData, SourceFile
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab
from ingest_support import FakeRegistry, case


def _outcome(form_year: int | None = None) -> RowOutcome:
    source = SourceFile("kiriman.xlsx", "kiriman.xlsx", "0" * 64, form_year=form_year)
    sheet = SheetData("kiriman.xlsx", "kasus", TABLES["cases"], [(7, case())])
    return RowOutcome(source, sheet, 7, case())


def test_a_row_is_accepted_until_a_check_rejects_it_at_its_own_location():
    outcome = _outcome()
    assert outcome.accepted and outcome.table == "cases"
    outcome.reject("negative", "suspects", value=-2)
    outcome.reject("required", "date")
    assert not outcome.accepted
    assert [p.line("en") for p in outcome.problems] == [
        "kiriman.xlsx:kasus:7:suspects: value -2 is negative — enter 0 or more",
        "kiriman.xlsx:kasus:7:date: required cell is empty — fill it in"]


def test_the_submission_year_is_the_command_s_then_the_form_s_then_none():
    vocab = load_vocab()
    assert submission_year(_outcome(2021), Context(FakeRegistry(), vocab, year=2022)) == 2022
    assert submission_year(_outcome(2021), Context(FakeRegistry(), vocab)) == 2021
    assert submission_year(_outcome(), Context(FakeRegistry(), vocab)) is None
