"""The deterministic sample data: every canonical table for every unit, 2019–2024.

The repository ships no real BNN data (it is sensitive), so the workbook, its tests and its
benchmark run on this generator. It is seeded per (seed, unit, year), so one unit-year's rows do
not depend on which other units or years are generated, and the same call always writes the
same bytes. Magnitudes follow the public year-end reports: a typical BNNK uncovers a handful to a
few dozen cases, serves 20–150 rehabilitation clients and holds tens of outreach activities
reaching thousands; provinces and the centre do more. ``size`` scales every count (benchmarks).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.common.atomic import replacing
from helpers.reference.registry import Registry
from helpers.reference.units import Unit
from helpers.store.register import (
    REGISTER_FILE,
    conform_register,
    empty_register,
    read_register,
)
from helpers.store.slices import Store

SAMPLE_YEARS = tuple(range(2019, 2025))
SEED = 20221230

# Outreach peaks around HANI (26 June) and the school term; cases and rehab are flatter.
OUTREACH_MONTHS = np.array([5, 6, 8, 8, 8, 14, 9, 10, 9, 9, 8, 6], dtype=float)
FLAT_MONTHS = np.array([8, 7, 8, 8, 8, 8, 9, 9, 8, 9, 9, 9], dtype=float)
# 2020 dipped (pandemic), then activity recovered and grew.
YEAR_FACTOR = {2019: 1.0, 2020: 0.7, 2021: 0.85, 2022: 1.0, 2023: 1.08, 2024: 1.12}

LEVEL_SCALE = {"pusat": 6.0, "provinsi": 2.5, "kabkota": 1.0}
DRUGS = ["sabu", "ganja", "ekstasi", "tembakau_sintetis", "psikotropika", "kokain", "heroin",
         "cairan"]
DRUG_P = np.array([0.64, 0.15, 0.08, 0.06, 0.04, 0.005, 0.005, 0.02])
ACTIVITIES = ["sosialisasi", "penyuluhan", "talk_show", "dialog_interaktif", "workshop_penggiat",
              "tes_urine", "pelatihan_lifeskill", "media"]
ACTIVITY_P = np.array([0.28, 0.2, 0.07, 0.08, 0.08, 0.13, 0.06, 0.10])
SECTORS = ["pendidikan", "pemerintah", "swasta", "masyarakat", "keluarga", "komunitas"]
SECTOR_P = np.array([0.32, 0.22, 0.1, 0.2, 0.08, 0.08])
INDICES = {"ikotan": 60.0, "ikp": 65.0, "ikkrn": 70.0, "ikktt": 55.0}

# Deliberate gaps, so reports are seen handling what real submissions do:
# a unit-year with exactly one case (singular wording), one with no enforcement at all (an empty
# pillar), and one unit-year whose outreach table was never sent (a caveat in "Catatan data").
SINGLE_CASE = frozenset({("bnnk-ogan-ilir", 2022)})
NO_CASES = frozenset({("bnnk-palembang", 2022)})
MISSING_TABLES = {("bnnk-palembang", 2021): ("outreach",)}
REGISTER_NAME = "sample"


@dataclass(frozen=True)
class SampleSummary:
    units: int
    years: tuple[int, ...]
    rows: dict[str, int]


def _rng(seed: int, unit_id: str, year: int, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(unit_id.encode()), year, salt])


def _unit_activity(unit: Unit, seed: int) -> float:
    """A stable per-unit factor (0.3–1.7): some offices are busier than others."""
    return 0.3 + 1.4 * _rng(seed, unit.unit_id, 0).random()


def _dates(rng: np.random.Generator, year: int, n: int, weights: np.ndarray) -> pd.Series:
    months = rng.choice(12, size=n, p=weights / weights.sum())
    starts = np.arange(f"{year}-01", f"{year + 1}-01", dtype="datetime64[M]").astype(
        "datetime64[D]")
    lengths = (np.append(starts[1:], np.datetime64(f"{year + 1}-01-01")) - starts).astype(int)
    days = (rng.random(n) * lengths[months]).astype(int)
    return pd.Series((starts[months] + days).astype("datetime64[ns]"))


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i:04d}" for i in range(1, n + 1)]


def _cases(unit: Unit, year: int, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    n = int(rng.poisson(14 * scale))
    level = unit.level
    tppu_p = {"pusat": 0.08, "provinsi": 0.03, "kabkota": 0.005}[level]
    tppu = rng.random(n) < tppu_p
    assets = np.where(tppu, np.round(rng.lognormal(np.log(8e8), 1.0, n), -3), np.nan)
    return pd.DataFrame({
        "case_id": _ids(f"LKN-{year}-{unit.unit_id.upper()}", n),
        "unit_id": unit.unit_id,
        "date": _dates(rng, year, n, FLAT_MONTHS),
        "suspects": 1 + rng.poisson(2.0 if level == "pusat" else 0.45, n),
        "p21": rng.random(n) < (0.6 if year >= 2024 else 0.88),
        "tppu": tppu,
        "assets_rp": assets,
    })


def _quantity(drug: str, rng: np.random.Generator, big: float) -> tuple[float, str]:
    if drug == "ganja" and rng.random() < 0.2:
        return float(int(rng.lognormal(np.log(40), 1.0)) + 1), "batang"
    if drug == "ekstasi" and rng.random() < 0.85 or drug == "psikotropika":
        return float(int(rng.lognormal(np.log(25 * big), 1.1)) + 1), "butir"
    if drug == "cairan":
        return round(float(rng.lognormal(np.log(500 * big), 1.0)), 3), "mililiter"
    median = {"sabu": 6.0, "ganja": 250.0, "ekstasi": 15.0, "tembakau_sintetis": 40.0,
              "kokain": 5.0, "heroin": 5.0}[drug]
    return round(float(rng.lognormal(np.log(median * big), 1.4)), 3), "gram"


def _seizures(unit: Unit, cases: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    big = {"pusat": 120.0, "provinsi": 8.0, "kabkota": 1.0}[unit.level]
    rows = []
    for case_id in cases["case_id"]:
        k = 1 if rng.random() < 0.82 else 2
        for drug in rng.choice(DRUGS, size=k, replace=False, p=DRUG_P):
            quantity, uom = _quantity(str(drug), rng, big)
            rows.append((case_id, unit.unit_id, str(drug), quantity, uom))
    return pd.DataFrame(rows, columns=["case_id", "unit_id", "drug", "quantity", "uom"])


def _providers(unit: Unit) -> list[str]:
    if unit.level == "pusat":
        return ["Balai Besar Rehabilitasi BNN Lido", "Klinik Pratama BNN RI", "RSKO Jakarta"]
    place = unit.name.split(" ", 2)[-1]  # "BNN Kota Lubuklinggau" -> "Lubuklinggau"
    return [f"Klinik Pratama {unit.name}", f"RSUD {place}", f"Puskesmas {place}",
            "Lembaga Rehabilitasi Komponen Masyarakat"]


def _rehab(unit: Unit, year: int, rng: np.random.Generator, scale: float,
           latest: int) -> pd.DataFrame:
    n = int(rng.poisson(60 * scale)) + 1
    inap_p = {"pusat": 0.45, "provinsi": 0.15, "kabkota": 0.04}[unit.level]
    service = np.where(rng.random(n) < inap_p, "rawat_inap", "rawat_jalan")
    refs = _ids(f"{unit.unit_id.upper()}-{year}", n)
    dates = _dates(rng, year, n, FLAT_MONTHS)
    # About a fifth go on to aftercare (pasca rehabilitasi) with the same pseudonymous code.
    after = np.flatnonzero(rng.random(n) < 0.2)
    refs = refs + [refs[i] for i in after]
    service = np.concatenate([service, np.full(len(after), "pasca_rehab")])
    after_dates = dates.iloc[after] + pd.to_timedelta(rng.integers(30, 90, len(after)), "D")
    after_dates = after_dates.where(after_dates.dt.year == year, pd.Timestamp(year, 12, 31))
    dates = pd.concat([dates, after_dates], ignore_index=True)
    m = len(refs)
    providers = _providers(unit)
    provider_p = np.array([0.62, 0.2, 0.12, 0.06][: len(providers)])
    ongoing = 0.35 if year == latest else 0.03
    status = rng.choice(["selesai", "berlangsung", "drop_out", "dirujuk"], size=m,
                        p=[0.87 - ongoing, ongoing, 0.09, 0.04])
    return pd.DataFrame({
        "client_ref": refs,
        "unit_id": unit.unit_id,
        "admission_date": dates,
        "service": service,
        "provider": rng.choice(providers, size=m, p=provider_p / provider_p.sum()),
        "sex": np.where(rng.random(m) < 0.88, "L", "P"),
        "age": np.clip(rng.normal(28, 9, m).round(), 13, 70).astype(int),
        "voluntary": rng.random(m) < 0.62,
        "status": status,
        "funding": np.where(rng.random(m) < 0.85, "dipa", "non_dipa"),
    })


def _outreach(unit: Unit, year: int, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    n = int(rng.poisson(45 * scale)) + 1
    activity = rng.choice(ACTIVITIES, size=n, p=ACTIVITY_P)
    media = activity == "media"
    participants = np.where(media, 0, rng.lognormal(np.log(70), 0.7, n).astype(int) + 5)
    reach = np.where(media, rng.lognormal(np.log(6000), 1.0, n).astype(int), 0)
    sector = np.where(media, "media", rng.choice(SECTORS, size=n, p=SECTOR_P))
    return pd.DataFrame({
        "activity_id": _ids(f"P2M-{year}-{unit.unit_id.upper()}", n),
        "unit_id": unit.unit_id,
        "date": _dates(rng, year, n, OUTREACH_MONTHS),
        "activity": activity,
        "sector": sector,
        "participants": participants,
        "media_reach": reach,
    })


def _targets(unit: Unit, year: int, rng: np.random.Generator, scale: float) -> pd.DataFrame:
    rows = [
        (unit.unit_id, year, "kasus", float(max(1, round(13 * scale))), np.nan),
        (unit.unit_id, year, "rehab", float(round(70 * scale)), np.nan),
        (unit.unit_id, year, "penggiat", float(round(250 * scale, -1)), np.nan),
    ]
    if unit.level in ("pusat", "provinsi"):
        for indicator, base in INDICES.items():
            target = base + 1.0 * (year - 2019)
            rows.append((unit.unit_id, year, indicator, target,
                         round(target + float(rng.normal(0, 3)), 2)))
    return pd.DataFrame(rows, columns=["unit_id", "year", "indicator", "target", "realisation"])


def unit_year_tables(unit: Unit, year: int, *, size: float = 1.0,
                     seed: int = SEED, latest: int = SAMPLE_YEARS[-1]) -> dict[str, pd.DataFrame]:
    """Every canonical table of one unit for one year (independent of all other units)."""
    rng = _rng(seed, unit.unit_id, year, 1)
    scale = LEVEL_SCALE[unit.level] * _unit_activity(unit, seed) * YEAR_FACTOR.get(year, 1.1)
    cases = _cases(unit, year, rng, scale * size)
    seizures = _seizures(unit, cases, rng)
    key = (unit.unit_id, year)
    if key in SINGLE_CASE or key in NO_CASES:
        keep = 1 if key in SINGLE_CASE else 0
        cases = cases.head(keep).assign(suspects=1).reset_index(drop=True)
        seizures = seizures[seizures["case_id"].isin(cases["case_id"])].reset_index(drop=True)
    return {
        "cases": cases,
        "seizures": seizures,
        "rehab": _rehab(unit, year, rng, scale * size, latest),
        "outreach": _outreach(unit, year, rng, scale * size),
        "targets": _targets(unit, year, rng, scale),
    }


def generate_sample(store: Store, registry: Registry, *, years: Iterable[int] = SAMPLE_YEARS,
                    size: float = 1.0, seed: int = SEED,
                    progress: Callable[[int, int], None] | None = None) -> SampleSummary:
    """Write the sample into the store: every table of every unit existing in each year."""
    years = tuple(years)
    work = [(unit, year) for year in years for unit in registry.units(year)]
    rows: dict[str, int] = {}
    register = []
    for done, (unit, year) in enumerate(work, 1):
        skipped = MISSING_TABLES.get((unit.unit_id, year), ())
        for table, frame in unit_year_tables(unit, year, size=size, seed=seed,
                                             latest=max(years)).items():
            if table in skipped:
                continue
            store.write_slice(table, year, unit.unit_id, frame)
            rows[table] = rows.get(table, 0) + len(frame)
            register.append(_register_row(store, unit.unit_id, year, table, len(frame)))
        if progress:
            progress(done, len(work))
    _write_register(store, years, register)
    return SampleSummary(units=len({u.unit_id for u, _ in work}), years=years, rows=rows)


def _register_row(store: Store, unit_id: str, year: int, table: str, n: int) -> dict:
    """A submission-register entry for one sample slice, dated 20 January of the next year."""
    return {"ingested_at": pd.Timestamp(year + 1, 1, 20), "unit_id": unit_id, "year": year,
            "table": table, "file_name": f"{REGISTER_NAME}-{unit_id}-{year}.csv",
            "file_sha256": store.slice_digest(table, year, unit_id), "mode": "replace",
            "rows_accepted": n, "rows_rejected": 0}


def _write_register(store: Store, years: tuple[int, ...], rows: list[dict]) -> None:
    """Record the sample in the submission register, replacing earlier sample entries of these
    years (real ingests stay), so the reports can list units that did not submit."""
    old = read_register(store.root)
    keep = old[~(old["year"].isin(years)
                 & old["file_name"].str.startswith(f"{REGISTER_NAME}-").fillna(False))]
    new = conform_register(pd.DataFrame(rows)) if rows else empty_register()
    merged = conform_register(pd.concat([keep, new], ignore_index=True))
    store.root.mkdir(parents=True, exist_ok=True)
    with replacing(store.root / REGISTER_FILE) as tmp:
        merged.to_parquet(tmp, index=False)
