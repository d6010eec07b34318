"""Shared by the ingest tests: a fake registry and store, row builders, and :func:`run`, which
validates sheets of rows as one submitted file; and small CSV submissions with :func:`files`,
which writes them into a folder as a unit would send them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.ingest.outcomes import Context, RowOutcome
from helpers.ingest.readers import SheetData, SourceFile
from helpers.ingest.validate import validate
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab

UNIT = "bnnk-lubuklinggau"
CASES_CSV = ("nomor_lkn;satuan_kerja;tanggal;jumlah_tersangka;p21;tppu\n"
             "LKN/01;bnnk-lubuklinggau;30/12/2022;2;ya;tidak\n"
             "LKN/02;bnnk-lubuklinggau;2022-03-01;1;tidak;tidak\n")
SEIZURES_CSV = ("case_id,unit_id,drug,quantity,uom\n"
                'LKN/01,bnnk-lubuklinggau,sabu,"307,527",gram\n'
                "LKN/02,bnnk-lubuklinggau,ekstasi,10,butir\n")


@dataclass(frozen=True)
class FakeUnit:
    unit_id: str
    to_year: int | None = None

    def exists_in(self, year: int) -> bool:
        return self.to_year is None or year <= self.to_year


class FakeRegistry:
    """Three units; ``bnnk-lama`` closed after 2020 (as units do when regencies split)."""

    units_by_id = {u.unit_id: u for u in (FakeUnit(UNIT), FakeUnit("bnnp-sumsel"),
                                          FakeUnit("bnnk-lama", to_year=2020))}

    def get(self, unit_id: str) -> FakeUnit:
        if unit_id not in self.units_by_id:
            raise KeyError(unit_id)
        return self.units_by_id[unit_id]


class FakeStore:
    """Cases already stored: (unit, year) → case ids."""

    def __init__(self, cases: dict[tuple[str, int], list[str]]) -> None:
        self.cases = cases

    def years(self, table: str | None = None) -> list[int]:
        return sorted({y for _, y in self.cases})

    def read(self, table: str, year: int, unit_ids: list[str]) -> pd.DataFrame:
        ids = [c for u in unit_ids for c in self.cases.get((u, year), [])]
        return pd.DataFrame({"case_id": ids})


def case(case_id: str = "LKN/01", when: object = "30/12/2022", **extra: object) -> dict:
    return {"case_id": case_id, "unit_id": UNIT, "date": when, "suspects": "2", "p21": "ya",
            "tppu": "tidak", **extra}


def seizure(case_id: str = "LKN/01", drug: str = "sabu", quantity: object = "307,527",
            uom: str = "gram") -> dict:
    return {"case_id": case_id, "unit_id": UNIT, "drug": drug, "quantity": quantity, "uom": uom}


def rehab(client_ref: str = "RJ-2022-001", **extra: object) -> dict:
    return {"client_ref": client_ref, "unit_id": UNIT, "admission_date": "01/02/2022",
            "service": "rawat_jalan", "provider": "Klinik Pratama BNNK", "sex": "L",
            "age": "30", "voluntary": "ya", "status": "selesai", "funding": "dipa", **extra}


def assessment(ref: str = "TAT-2022-001", **extra: object) -> dict:
    return {"assessment_ref": ref, "unit_id": UNIT, "date": "12/04/2022",
            "recommendation": "rawat_jalan", "sex": "L", "age": "24", **extra}


def examination(test_id: str = "TU-01", **extra: object) -> dict:
    return {"test_id": test_id, "unit_id": UNIT, "date": "03/05/2022", "kind": "tes_urine",
            "sector": "pemerintah", "tested": "40", "positive": "1", **extra}


def formed(item: str = "penggiat", **extra: object) -> dict:
    return {"unit_id": UNIT, "date": "17/08/2022", "item": item, "count": "25",
            "name": "Kelurahan Sukamaju", **extra}


def run(sheets: dict[str, list[dict]], *, year: int | None = None, form_unit: str | None = None,
        store: FakeStore | None = None) -> dict[str, list[RowOutcome]]:
    source = SourceFile("kiriman.xlsx", "kiriman.xlsx", "0" * 64, form_unit=form_unit)
    for name, rows in sheets.items():
        table = TABLES[name]
        source.sheets.append(SheetData("kiriman.xlsx", table.sheet, table,
                                       [(n, row) for n, row in enumerate(rows, 2)]))
    ctx = Context(registry=FakeRegistry(), vocab=load_vocab(), store=store, year=year)
    outcomes = validate([source], ctx)
    out: dict[str, list[RowOutcome]] = {name: [] for name in sheets}
    for outcome in outcomes:
        out[outcome.table].append(outcome)
    return out


def codes(outcome: RowOutcome) -> dict[str | None, str]:
    return {p.column: p.code for p in outcome.problems}


def files(folder: Path, **tables: str) -> Path:
    """CSV files named after their tables (``kasus=CASES_CSV`` → ``kasus.csv``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
