"""The deterministic sample data: every canonical table for every unit, 2019–2024.

The repository ships no real BNN data (it is sensitive), so the workbook, its tests and its
benchmark run on this generator. It is seeded per (seed, unit, year, table), so one unit-year's
rows do not depend on which other units or years are generated, a table's rows do not depend on
the other tables, and the same call always writes the same bytes.

Magnitudes are those of BNN's public year-end releases, so a reader recognises them: nationally
(all units together) 600–900 cases and 1.000–1.300 suspects a year in 2022–2024, sabu 0,7–1,9
ton, ganja 1–2,2 ton and ekstasi 260.000–370.000 butir, most of it seized by BNN RI itself; a
typical BNNK uncovers 0–15 cases and seizes sabu from under a gram to a few hundred grams,
serves 15–170 rehabilitation clients (IBM among them), assesses a few dozen people, issues
100–500 SKHPN and forms tens to a few hundred penggiat (:mod:`.sample_services`). ``size``
scales every count (benchmarks). A few units never send some of the newer tables (asesmen,
pemeriksaan, pemberdayaan, the network and lab columns of kasus), so reports are seen saying a
unit did not report something rather than printing a zero.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.common.atomic import replacing
from helpers.ingest import sample_services as services
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
CASES_PER_UNIT = {"pusat": 60.0, "provinsi": 11.0, "kabkota": 5.0}
EXTRA_SUSPECTS = {"pusat": 1.3, "provinsi": 0.55, "kabkota": 0.35}  # beyond the first
DRUGS = ["sabu", "ganja", "ekstasi", "tembakau_sintetis", "psikotropika", "kokain", "heroin",
         "cairan"]
DRUG_P = np.array([0.64, 0.15, 0.08, 0.06, 0.04, 0.005, 0.005, 0.02])
# Median quantity of one seizure, per level, in the drug's canonical unit (grams unless noted).
MEDIAN = {
    "pusat": {"sabu": 2000.0, "ganja": 20000.0, "ekstasi": 300.0, "tembakau_sintetis": 2000.0,
              "kokain": 500.0, "heroin": 500.0},
    "provinsi": {"sabu": 80.0, "ganja": 400.0, "ekstasi": 30.0, "tembakau_sintetis": 100.0,
                 "kokain": 20.0, "heroin": 20.0},
    "kabkota": {"sabu": 4.0, "ganja": 30.0, "ekstasi": 5.0, "tembakau_sintetis": 10.0,
                "kokain": 2.0, "heroin": 2.0},
}
TABLETS = {"pusat": 5000.0, "provinsi": 300.0, "kabkota": 10.0}  # ekstasi, psikotropika
MILLILITRES = {"pusat": 20000.0, "provinsi": 2000.0, "kabkota": 300.0}
# BNN RI's own seizures of the big three in a year (their sum is drawn, then split over its
# cases): most of the nation's sabu, ganja and ekstasi, as in BNN RI's releases.
CENTRE_TOTALS = {("sabu", "gram"): (750_000.0, 1_650_000.0),
                 ("ganja", "gram"): (1_000_000.0, 1_900_000.0),
                 ("ekstasi", "butir"): (240_000.0, 320_000.0)}
ROUTES = ["Malaysia–Aceh", "Aceh–Medan", "Riau–Malaysia", "Lapas", "Kalimantan–Malaysia",
          "Jakarta–Bandung", "Golden Triangle", "Timur Tengah", "Jawa–Bali", "Sulawesi"]
ACTIVITIES = ["sosialisasi", "penyuluhan", "talk_show", "dialog_interaktif", "workshop_penggiat",
              "tes_urine", "pelatihan_lifeskill", "media"]
ACTIVITY_P = np.array([0.28, 0.2, 0.07, 0.08, 0.08, 0.13, 0.06, 0.10])
SECTORS = ["pendidikan", "pemerintah", "swasta", "masyarakat", "keluarga", "komunitas"]
SECTOR_P = np.array([0.32, 0.22, 0.1, 0.2, 0.08, 0.08])
INDICES = {"ikotan": 60.0, "ikp": 65.0, "ikkrn": 70.0, "ikktt": 55.0}
SCALE_INDICES = {"ikm": 3.2, "ikr": 3.0}  # surveyed on a 1–4 scale, by every unit
# Random streams, one per table: a table's rows never depend on another table's.
SALT = {"cases": 1, "rehab": 2, "outreach": 3, "targets": 4, "assessments": 5, "tests": 6,
        "community": 7}

# Deliberate gaps, so reports are seen handling what real submissions do:
# a unit-year with exactly one case (singular wording), one with no enforcement at all (an empty
# pillar), one unit-year whose outreach table was never sent (a caveat in "Catatan data"), and
# units that never send one of the newer tables or never fill in the newer columns of kasus
# ("tidak dilaporkan", not 0), one of them for a single year only.
SINGLE_CASE = frozenset({("bnnk-ogan-ilir", 2022)})
NO_CASES = frozenset({("bnnk-palembang", 2022)})
MISSING_TABLES = {("bnnk-palembang", 2021): ("outreach",),
                  ("bnnk-prabumulih", 2022): ("tests", "community")}
NEVER_SENT = {
    "assessments": frozenset({"bnnk-jayawijaya", "bnnk-mimika", "bnnp-papua-barat"}),
    "tests": frozenset({"bnnk-barito-timur", "bnnk-bima"}),
    "community": frozenset({"bnnk-merauke", "bnnk-kapuas", "bnnk-langsa"}),
}
NO_CASE_DETAILS = frozenset({"bnnk-tarakan", "bnnp-maluku", "bnnk-kota-cirebon"})
# About three BNNK in four run community-based rehabilitation (IBM).
IBM_SHARE = 0.75
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


def _runs_ibm(unit: Unit, seed: int) -> bool:
    """Whether a BNNK runs community-based rehabilitation (stable over the years)."""
    return unit.level == "kabkota" and _rng(seed, unit.unit_id, 0, 9).random() < IBM_SHARE


def _dates(rng: np.random.Generator, year: int, n: int, weights: np.ndarray) -> pd.Series:
    months = rng.choice(12, size=n, p=weights / weights.sum())
    starts = np.arange(f"{year}-01", f"{year + 1}-01", dtype="datetime64[M]").astype(
        "datetime64[D]")
    lengths = (np.append(starts[1:], np.datetime64(f"{year + 1}-01-01")) - starts).astype(int)
    days = (rng.random(n) * lengths[months]).astype(int)
    return pd.Series((starts[months] + days).astype("datetime64[ns]"))


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i:04d}" for i in range(1, n + 1)]


def _cases(unit: Unit, year: int, rng: np.random.Generator, scale: float,
           details: bool) -> pd.DataFrame:
    level = unit.level
    n = int(rng.poisson(CASES_PER_UNIT[level] * scale))
    tppu = rng.random(n) < {"pusat": 0.08, "provinsi": 0.04, "kabkota": 0.005}[level]
    assets = np.where(tppu, np.round(rng.lognormal(np.log(8e8), 1.0, n), -2), np.nan)
    in_network = rng.random(n) < {"pusat": 0.5, "provinsi": 0.25, "kabkota": 0.08}[level]
    names = max(1, int(n * {"pusat": 0.4, "provinsi": 0.15, "kabkota": 0.05}[level]))
    network = [f"Jaringan {ROUTES[k % len(ROUTES)]} {k // len(ROUTES) + 1}"
               for k in rng.integers(0, names, n)]
    lab = rng.random(n) < {"pusat": 0.03, "provinsi": 0.007, "kabkota": 0.002}[level]
    return pd.DataFrame({
        "case_id": _ids(f"LKN-{year}-{unit.unit_id.upper()}", n),
        "unit_id": unit.unit_id,
        "date": _dates(rng, year, n, FLAT_MONTHS),
        "suspects": 1 + rng.poisson(EXTRA_SUSPECTS[level], n),
        "p21": rng.random(n) < (0.6 if year >= 2024 else 0.88),
        "tppu": tppu,
        "assets_rp": assets,
        "network": pd.array(np.where(in_network & details, network, None), dtype="string"),
        "lab": pd.array(np.where(details, lab, None), dtype="boolean"),
    })


def _quantity(drug: str, level: str, rng: np.random.Generator) -> tuple[float, str]:
    if drug == "ganja" and rng.random() < 0.2:
        return float(int(rng.lognormal(np.log(40), 1.0)) + 1), "batang"
    if drug == "ekstasi" and rng.random() < 0.85 or drug == "psikotropika":
        return float(int(rng.lognormal(np.log(TABLETS[level]), 1.1)) + 1), "butir"
    if drug == "cairan":
        return round(float(rng.lognormal(np.log(MILLILITRES[level]), 1.0)), 3), "mililiter"
    return round(float(rng.lognormal(np.log(MEDIAN[level][drug]), 1.6)), 3), "gram"


def _seizures(unit: Unit, cases: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for case_id in cases["case_id"]:
        k = 1 if rng.random() < 0.82 else 2
        for drug in rng.choice(DRUGS, size=k, replace=False, p=DRUG_P):
            quantity, uom = _quantity(str(drug), unit.level, rng)
            rows.append((case_id, unit.unit_id, str(drug), quantity, uom))
    frame = pd.DataFrame(rows, columns=["case_id", "unit_id", "drug", "quantity", "uom"])
    return _centre_totals(frame, rng) if unit.level == "pusat" else frame


def _centre_totals(seizures: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """BNN RI's big three: the year's total is drawn, then split unevenly over its seizures."""
    for (drug, uom), (low, high) in CENTRE_TOTALS.items():
        rows = np.flatnonzero((seizures["drug"] == drug) & (seizures["uom"] == uom))
        if not len(rows):
            continue
        shares = rng.dirichlet(np.full(len(rows), 0.7))
        amounts = rng.uniform(low, high) * shares
        amounts = np.floor(amounts) + 1 if uom == "butir" else np.round(amounts, 3)
        seizures.loc[rows, "quantity"] = amounts
    return seizures


def _providers(unit: Unit) -> list[str]:
    if unit.level == "pusat":
        return ["Balai Besar Rehabilitasi BNN Lido", "Klinik Pratama BNN RI", "RSKO Jakarta"]
    place = unit.name.split(" ", 2)[-1]  # "BNN Kota Lubuklinggau" -> "Lubuklinggau"
    return [f"Klinik Pratama {unit.name}", f"RSUD {place}", f"Puskesmas {place}",
            "Lembaga Rehabilitasi Komponen Masyarakat"]


def _rehab(unit: Unit, year: int, rng: np.random.Generator, scale: float, latest: int,
           ibm: bool) -> pd.DataFrame:
    n = int(rng.poisson(65 * scale)) + 1
    inap_p = {"pusat": 0.45, "provinsi": 0.15, "kabkota": 0.04}[unit.level]
    draw = rng.random(n)
    ibm_p = 0.15 if ibm else 0.0
    service = np.where(draw < inap_p, "rawat_inap",
                       np.where(draw < inap_p + ibm_p, "ibm", "rawat_jalan"))
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
    provider = rng.choice(providers, size=m, p=provider_p / provider_p.sum())
    place = unit.name.split(" ", 2)[-1]
    provider = np.where(service == "ibm", f"Intervensi Berbasis Masyarakat {place}", provider)
    ongoing = 0.35 if year == latest else 0.03
    status = rng.choice(["selesai", "berlangsung", "drop_out", "dirujuk"], size=m,
                        p=[0.87 - ongoing, ongoing, 0.09, 0.04])
    return pd.DataFrame({
        "client_ref": refs,
        "unit_id": unit.unit_id,
        "admission_date": dates,
        "service": service,
        "provider": provider,
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


def _targets(unit: Unit, year: int, rng: np.random.Generator, activity: float
             ) -> pd.DataFrame:
    """Targets near what a unit of its size does in a year: some are met, some are not."""
    level = unit.level
    counts = {
        "kasus": max(1, round(CASES_PER_UNIT[level] * activity)),
        "rehab": round(70 * LEVEL_SCALE[level] * activity),
        "penggiat": round(80 * activity * {"pusat": 2, "provinsi": 1.5, "kabkota": 1}[level], -1),
        "asesmen": round(services.ASSESSED[level] * activity),
        "skhpn": round(sum(services.SKHPN[level]) / 2 * float(np.clip(activity, 0.9, 1.1)), -1),
        "relawan": round(60 * activity, -1),
        "desa_bersinar": max(1, round(1.8 * activity)),
    }
    rows = [(unit.unit_id, year, k, float(v), np.nan) for k, v in counts.items()]
    if level in ("pusat", "provinsi"):
        for indicator, base in INDICES.items():
            target = base + 1.0 * (year - 2019)
            rows.append((unit.unit_id, year, indicator, target,
                         round(target + float(rng.normal(0, 3)), 2)))
    for indicator, base in SCALE_INDICES.items():
        target = round(base + 0.05 * (year - 2019), 2)
        rows.append((unit.unit_id, year, indicator, target,
                     round(min(4.0, target + float(rng.normal(0, 0.15))), 2)))
    return pd.DataFrame(rows, columns=["unit_id", "year", "indicator", "target", "realisation"])


def unit_year_tables(unit: Unit, year: int, *, size: float = 1.0,
                     seed: int = SEED, latest: int = SAMPLE_YEARS[-1]) -> dict[str, pd.DataFrame]:
    """Every canonical table of one unit for one year (independent of all other units).

    The tables a unit never sends (:data:`NEVER_SENT`) are absent; the one-year gaps of
    :data:`MISSING_TABLES` are left out by :func:`generate_sample` only.
    """
    def rng(table: str) -> np.random.Generator:
        return _rng(seed, unit.unit_id, year, SALT[table])

    activity = _unit_activity(unit, seed) * YEAR_FACTOR.get(year, 1.1)
    scale = LEVEL_SCALE[unit.level] * activity
    cases_rng = rng("cases")
    cases = _cases(unit, year, cases_rng, activity * size, unit.unit_id not in NO_CASE_DETAILS)
    seizures = _seizures(unit, cases, cases_rng)
    key = (unit.unit_id, year)
    if key in SINGLE_CASE or key in NO_CASES:
        keep = 1 if key in SINGLE_CASE else 0
        cases = cases.head(keep).assign(suspects=1).reset_index(drop=True)
        seizures = seizures[seizures["case_id"].isin(cases["case_id"])].reset_index(drop=True)
    ibm = _runs_ibm(unit, seed)
    tables = {
        "cases": cases,
        "seizures": seizures,
        "rehab": _rehab(unit, year, rng("rehab"), scale * size, latest, ibm),
        "assessments": services.assessments(unit, year, rng("assessments"), activity * size),
        "outreach": _outreach(unit, year, rng("outreach"), scale * size),
        "tests": services.tests(unit, year, rng("tests"), activity * size),
        "community": services.community(unit, year, rng("community"), activity * size, ibm),
        "targets": _targets(unit, year, rng("targets"), activity),
    }
    never = {table for table, units in NEVER_SENT.items() if unit.unit_id in units}
    return {name: frame for name, frame in tables.items() if name not in never}


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
