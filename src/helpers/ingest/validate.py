"""Validation: raw submitted rows → typed canonical rows, or rejected rows with every reason.

Each row is checked on its own first (required cells, numbers, dates, yes/no, vocabularies, the
unit, personal data; this module), then against the rest of the submission and the store
(duplicate keys, a seizure's case, the submission year: :mod:`helpers.ingest.across_rows`).
Every problem of every row is collected; nothing stops at the first. A row's place in the store
— its unit and year — is decided here too: a seizure has no date, so its year is its case's
year, from the submission or, failing that, from the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from helpers.ingest.across_rows import check_duplicates, check_years, place_seizures
from helpers.ingest.limits import MAX_CELL_CHARS
from helpers.ingest.numbers import (
    CellError,
    is_blank,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    parse_text,
)
from helpers.ingest.outcomes import Context, RowOutcome, submission_year
from helpers.ingest.readers import SourceFile
from helpers.reference.schema import Column, Table
from helpers.reference.units import UnknownUnitError
from helpers.reference.vocab import VocabError

# column -> vocabulary field (helpers.reference.vocab); uom is checked with its drug
VOCAB_FIELDS = {
    ("seizures", "drug"): "drug",
    ("rehab", "service"): "service",
    ("rehab", "sex"): "sex",
    ("rehab", "status"): "status",
    ("rehab", "funding"): "funding",
    ("assessments", "recommendation"): "recommendation",
    ("assessments", "sex"): "sex",
    ("outreach", "activity"): "activity",
    ("outreach", "sector"): "sector",
    ("tests", "kind"): "test_kind",
    ("tests", "sector"): "sector",
    ("community", "item"): "community_item",
    ("targets", "indicator"): "indicator",
}
RANGES: dict[str, tuple[float, float]] = {"age": (0, 120)}
# Codes standing for a person: a NIK or a name is refused and masked (message code prefix).
PSEUDONYMS = ("client_ref", "assessment_ref")
CLIENT_REF = re.compile(r"[A-Za-z0-9./\-]+")
NIK = re.compile(r"\d{16}")
MASK = "[disamarkan]"
NIK_IN_TEXT = re.compile(r"(?<!\d)\d{4}([ .\-]?)\d{4}\1\d{4}\1\d{4}(?!\d)")
FORMULA_LEADS = ("=", "+", "@", "\t", "\r")  # OWASP's CSV-injection leads; "-" is a sign
# BNN was founded in 2002 (Keppres 17/2002): an earlier date is a typing slip, not history.
DATE_FLOOR = date(2002, 1, 1)
PARSERS: dict[str, Callable[[object], object]] = {
    "int": parse_int, "float": parse_float, "date": parse_date, "bool": parse_bool,
    "string": parse_text,
}


def validate(files: list[SourceFile], ctx: Context,
             progress: Callable[[str, int, int], None] | None = None) -> list[RowOutcome]:
    """Every row of every file, checked; the order is the submission's."""
    outcomes: list[RowOutcome] = []
    for source in files:
        for sheet in source.sheets:
            total = len(sheet.rows)
            for done, (number, raw) in enumerate(sheet.rows, 1):
                outcome = RowOutcome(source, sheet, number, raw)
                if sheet.rejected_reason is not None:
                    outcome.problems.append(sheet.rejected_reason)
                    _best_effort_place(outcome, ctx)
                    _mask_personal_data(outcome)
                else:
                    check_row(outcome, ctx)
                outcomes.append(outcome)
                if progress and (done % 1000 == 0 or done == total):
                    progress(f"{source.display}:{sheet.sheet}", done, total)
    check_duplicates(outcomes)
    place_seizures(outcomes, ctx)
    check_years(outcomes, ctx)
    return outcomes


# ---------------------------------------------------------------- one row


def check_row(outcome: RowOutcome, ctx: Context) -> None:
    """Parse and check every cell of one row, collecting all its problems."""
    table = outcome.sheet.table
    uncomputed = outcome.sheet.uncomputed.get(outcome.number, set())
    for column in table.columns:
        raw = outcome.raw.get(column.name)
        if column.name == "unit_id" and is_blank(raw) and outcome.source.form_unit:
            raw = outcome.source.form_unit
        if column.name in uncomputed:
            outcome.reject("formula_no_value", column.name)
            continue
        if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
            outcome.reject("cell_too_long", column.name, length=len(raw), limit=MAX_CELL_CHARS)
            continue
        if is_blank(raw):
            if column.required:
                outcome.reject("required", column.name)
            outcome.values[column.name] = None
            continue
        try:
            value = PARSERS[column.kind](raw)
        except CellError as exc:
            outcome.reject(exc.code, column.name, **exc.params)
            continue
        value = _check_value(outcome, ctx, table, column, value)
        if value is not None:
            outcome.values[column.name] = value
    _check_uom(outcome, ctx)
    _check_positive(outcome)
    _check_scale(outcome, ctx)
    if table.date_column and isinstance(outcome.values.get(table.date_column), date):
        outcome.year = outcome.values[table.date_column].year  # type: ignore[union-attr]
    elif table.name == "targets" and isinstance(outcome.values.get("year"), int):
        outcome.year = outcome.values["year"]  # type: ignore[assignment]


def _check_value(outcome: RowOutcome, ctx: Context, table: Table, column: Column,
                 value: object) -> object:
    name = column.name
    if column.kind == "string" and not _text_ok(outcome, name, str(value)):
        return None
    if column.kind == "date":
        return _check_date(outcome, ctx, name, value)  # type: ignore[arg-type]
    if name == "year" and not DATE_FLOOR.year <= value <= ctx.today.year + 1:  # type: ignore[operator]
        outcome.reject("year_implausible", name, value=value, low=DATE_FLOOR.year,
                       high=ctx.today.year + 1)
        return None
    if column.kind in ("int", "float"):
        low, high = RANGES.get(name, (0, float("inf")))
        if value < low:  # type: ignore[operator]
            outcome.reject("negative" if low == 0 else "out_of_range", name, value=value,
                           low=low, high=high)
            return None
        if value > high:  # type: ignore[operator]
            outcome.reject("out_of_range", name, value=value, low=low, high=high)
            return None
    if name == "unit_id":
        return _check_unit(outcome, ctx, str(value))
    if name in PSEUDONYMS:
        return _check_pseudonym(outcome, name, str(value))
    field_name = VOCAB_FIELDS.get((table.name, name))
    if field_name:
        try:
            return ctx.vocab.normalize(field_name, value)
        except VocabError as exc:
            outcome.reject("vocab_unknown", name, value=str(value), suggestion=exc.suggestion,
                           allowed=", ".join(exc.allowed))
            return None
    return value


def _text_ok(outcome: RowOutcome, name: str, text: str) -> bool:
    """Free text is published as typed, so it must not carry a NIK, a formula or broken bytes.

    A formula-looking text (``=HYPERLINK(...)``) would run in whatever spreadsheet later shows
    it; a U+FFFD is a byte the file's encoding could not read (see :mod:`limits`).
    """
    if name not in PSEUDONYMS and has_nik(text):
        outcome.reject("nik_in_text", name)
        outcome.masked.add(name)
        return False
    if text.startswith(FORMULA_LEADS):
        outcome.reject("formula_text", name, value=text[:40])
        return False
    if "\ufffd" in text:
        outcome.reject("bad_character", name, value=text[:80])
        return False
    return True


def has_nik(text: str) -> bool:
    """A NIK-shaped number (16 digits, maybe grouped by 4) anywhere in a text."""
    return NIK_IN_TEXT.search(text) is not None


def _check_date(outcome: RowOutcome, ctx: Context, name: str, value: date) -> date | None:
    """A date in the plausible window: not before BNN existed, not after today."""
    if value > ctx.today:
        outcome.reject("date_future", name, value=value.strftime("%d/%m/%Y"),
                       today=ctx.today.strftime("%d/%m/%Y"))
        return None
    if value < DATE_FLOOR:
        outcome.reject("date_too_early", name, value=value.strftime("%d/%m/%Y"),
                       floor=DATE_FLOOR.strftime("%d/%m/%Y"))
        return None
    return value


def _check_unit(outcome: RowOutcome, ctx: Context, raw: str) -> str | None:
    unit_id = raw.strip().lower()
    outcome.unit_id = unit_id
    try:
        unit = ctx.registry.get(unit_id)
    except (UnknownUnitError, KeyError, ValueError) as exc:
        outcome.reject("unit_unknown", "unit_id", value=raw, suggestion=_first_suggestion(exc))
        return None
    form_unit = outcome.source.form_unit
    if form_unit and unit.unit_id != form_unit:
        outcome.reject("unit_not_form", "unit_id", value=unit.unit_id, form_unit=form_unit)
        return None
    outcome.unit_id = unit.unit_id
    return unit.unit_id


def _first_suggestion(exc: Exception) -> str | None:
    many = getattr(exc, "suggestions", None)
    if many:
        return str(list(many)[0])
    one = getattr(exc, "suggestion", None)
    return str(one) if one else None


def _check_pseudonym(outcome: RowOutcome, column: str, value: str) -> str | None:
    """A pseudonymous code only (a client's, an assessed person's): a NIK or a name is refused
    and masked in the quarantine."""
    problem = _pseudonym_problem(value)
    if problem is None:
        return value
    outcome.reject(f"{column}_{problem}", column)
    outcome.masked.add(column)
    return None


def _pseudonym_problem(value: str) -> str | None:
    """``nik``, ``name`` or ``chars`` when ``value`` is not a pseudonymous code, else None."""
    if NIK.fullmatch(re.sub(r"[\s.\-/]", "", value)):
        return "nik"
    if len(value.split()) > 1:
        return "name"
    if not CLIENT_REF.fullmatch(value):
        return "chars"
    return None


def _check_positive(outcome: RowOutcome) -> None:
    """A test row cannot find more positives than people (or letters) it examined."""
    if outcome.table != "tests":
        return
    tested, positive = outcome.values.get("tested"), outcome.values.get("positive")
    if isinstance(tested, int) and isinstance(positive, int) and positive > tested:
        outcome.values.pop("positive")
        outcome.reject("positive_exceeds_tested", "positive", positive=positive, tested=tested)


def _check_scale(outcome: RowOutcome, ctx: Context) -> None:
    """An index measured on a fixed scale (IKM, IKR: 1–4) refuses a value off that scale."""
    indicator = outcome.values.get("indicator")
    if outcome.table != "targets" or indicator is None:
        return
    scale = ctx.vocab.scale("indicator", str(indicator))
    if scale is None:
        return
    low, high = scale
    for column in ("target", "realisation"):
        value = outcome.values.get(column)
        if isinstance(value, float) and not low <= value <= high:
            outcome.values.pop(column)
            outcome.reject("out_of_scale", column, value=_plain(value), indicator=indicator,
                           low=_plain(low), high=_plain(high))


def _plain(number: float) -> str:
    """``4`` for 4.0, ``81.25`` as typed: a number inside a message."""
    return str(int(number)) if float(number).is_integer() else str(number)


def _mask_personal_data(outcome: RowOutcome) -> None:
    """A row rejected with its whole sheet still must not carry a NIK or a name to disk."""
    for key, value in outcome.raw.items():
        text = "" if is_blank(value) else parse_text(value)
        bad_ref = key in PSEUDONYMS and bool(text) and _pseudonym_problem(text) is not None
        if bad_ref or NIK.fullmatch(re.sub(r"[\s.\-/]", "", text)) or has_nik(text):
            outcome.masked.add(key)


def _check_uom(outcome: RowOutcome, ctx: Context) -> None:
    """Units of measure are normalised with their drug: 1,5 kg of sabu is 1500 gram."""
    if outcome.table != "seizures" or is_blank(outcome.raw.get("uom")):
        return
    raw_uom = parse_text(outcome.raw["uom"])
    try:
        ctx.vocab.normalize("uom", raw_uom)
    except VocabError as exc:
        outcome.reject("vocab_unknown", "uom", value=raw_uom, suggestion=exc.suggestion,
                       allowed=", ".join(exc.allowed))
        return
    drug, quantity = outcome.values.get("drug"), outcome.values.get("quantity")
    if drug is None:
        return
    try:
        converted, uom = ctx.vocab.normalize_quantity(str(drug), float(quantity or 0), raw_uom)
    except VocabError as exc:
        outcome.reject("uom_not_allowed", "uom", value=raw_uom, drug=drug,
                       allowed=", ".join(exc.allowed))
        return
    outcome.values["uom"] = uom
    if quantity is not None:
        outcome.values["quantity"] = converted


def _best_effort_place(outcome: RowOutcome, ctx: Context) -> None:
    """Unit and year of a row rejected as a whole, for the summary and the register only."""
    raw_unit = outcome.raw.get("unit_id")
    outcome.unit_id = (parse_text(raw_unit).lower() if not is_blank(raw_unit)
                       else outcome.source.form_unit)
    column = outcome.sheet.table.date_column
    try:
        if column and not is_blank(outcome.raw.get(column)):
            outcome.year = parse_date(outcome.raw[column]).year
        elif outcome.table == "targets" and not is_blank(outcome.raw.get("year")):
            outcome.year = parse_int(outcome.raw["year"])
    except CellError:
        pass
    if outcome.year is not None and not DATE_FLOOR.year <= outcome.year <= ctx.today.year + 1:
        outcome.year = None  # a 9999 typed in a refused row must not name a slice
    if outcome.year is None:
        outcome.year = submission_year(outcome, ctx)
