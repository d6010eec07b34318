"""The sample's rows of the year-end services tables: asesmen terpadu, pemeriksaan (SKHPN and tes
urine) and pemberdayaan (penggiat, relawan, Desa Bersinar …), for one unit and year.

Magnitudes follow what BNNK publish each December (BNNK Way Kanan 2024: 46 people assessed, 33
to outpatient care, 6 inpatient, 7 to the legal process; 126 SKHPN; urine tests in 14 local
government offices; 25 penggiat. BNNK Kendal 2024: 328 penggiat and 515 relawan formed, 51
sekolah bersinar, 494 SKHPN. BNNK Karimun 2024: 3 Desa/Kelurahan Bersinar against a target of 2):
a typical BNNK assesses a few dozen people, issues 100–500 SKHPN and forms tens to a few hundred
penggiat; provinces and the centre do more. :mod:`helpers.ingest.sample` calls these with the
unit's own random stream per table, so adding a table never changes another one's rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.reference.units import Unit

# Per level: people assessed, SKHPN issued, tes urine events (of a typical unit, before its
# activity factor).
ASSESSED = {"pusat": 160, "provinsi": 80, "kabkota": 35}
SKHPN = {"pusat": (1500, 3500), "provinsi": (300, 1200), "kabkota": (100, 500)}
URINE_EVENTS = {"pusat": 20, "provinsi": 18, "kabkota": 12}
RECOMMENDATIONS = ["rawat_jalan", "rawat_inap", "proses_hukum"]
RECOMMENDATION_P = np.array([0.68, 0.14, 0.18])
URINE_SECTORS = ["pemerintah", "pendidikan", "swasta", "masyarakat", "komunitas"]
URINE_SECTOR_P = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
# Names a row of pemberdayaan carries (never published: the report counts, it does not list).
VILLAGES = ["Sukamaju", "Sukajadi", "Mekarsari", "Sidomulyo", "Karya Bakti", "Tanjung Harapan",
            "Suka Damai", "Bumi Ayu", "Margo Rejo", "Air Kuti", "Taba Jemekeh", "Batu Urip",
            "Sumber Agung", "Kebun Sayur", "Talang Rejo", "Pasar Baru"]
PARTNERS = ["Dinas Pendidikan", "Kantor Kementerian Agama", "Dinas Kesehatan", "Polres",
            "Kodim", "Universitas", "PT Perkebunan Nusantara", "Karang Taruna", "Dinas Sosial",
            "Pengadilan Negeri", "Lembaga Pemasyarakatan", "Bank Daerah"]
PLACES = ["Kecamatan", "Kelurahan", "Sekolah", "Kampus", "Instansi", "Perusahaan",
          "Organisasi Pemuda", "Pondok Pesantren"]


def _dates(rng: np.random.Generator, year: int, n: int) -> pd.Series:
    days = 366 if year % 4 == 0 else 365
    offset = np.sort(rng.integers(0, days, n))
    return pd.Series(np.datetime64(f"{year}-01-01") + offset.astype("timedelta64[D]")).astype(
        "datetime64[ns]")


def assessments(unit: Unit, year: int, rng: np.random.Generator, activity: float
                ) -> pd.DataFrame:
    """One row per asesmen terpadu; about 3 % of people are assessed again later in the year
    (their latest recommendation is the one that counts)."""
    n = int(rng.poisson(ASSESSED[unit.level] * activity)) + 1
    refs = [f"TAT-{year}-{unit.unit_id.upper()}-{i:04d}" for i in range(1, n + 1)]
    dates = _dates(rng, year, n)
    again = np.flatnonzero((rng.random(n) < 0.03) & (dates.dt.month < 12).to_numpy())
    later = dates.iloc[again] + pd.to_timedelta(rng.integers(14, 45, len(again)), "D")
    keep = (later.dt.year == year).to_numpy()
    refs += [refs[i] for i in again[keep]]
    dates = pd.concat([dates, later[keep]], ignore_index=True)
    m = len(refs)
    unknown = rng.random(m) < 0.05  # the optional columns left empty now and then
    return pd.DataFrame({
        "assessment_ref": refs,
        "unit_id": unit.unit_id,
        "date": dates,
        "recommendation": rng.choice(RECOMMENDATIONS, size=m, p=RECOMMENDATION_P),
        "sex": pd.array(np.where(unknown, None, np.where(rng.random(m) < 0.9, "L", "P")),
                        dtype="string"),
        "age": pd.array(np.where(unknown, None, np.clip(rng.normal(27, 8, m).round(), 15, 65)
                                 .astype(int)), dtype="Int64"),
    })


def tests(unit: Unit, year: int, rng: np.random.Generator, activity: float) -> pd.DataFrame:
    """SKHPN issued month by month (one row per month), and urine-test events by sector."""
    low, high = SKHPN[unit.level]
    total = int(rng.uniform(low, high) * float(np.clip(activity, 0.9, 1.1)))
    issued = np.bincount(rng.integers(0, 12, total), minlength=12)
    months = np.flatnonzero(issued)
    skhpn = pd.DataFrame({
        "test_id": [f"SKHPN-{year}-{m + 1:02d}" for m in months],
        "date": pd.to_datetime([f"{year}-{m + 1:02d}-28" for m in months]),
        "kind": "skhpn", "sector": None, "tested": issued[months],
        "positive": rng.binomial(issued[months], 0.004)})
    events = int(rng.poisson(URINE_EVENTS[unit.level] * activity)) + 1
    tested = rng.lognormal(np.log(55), 0.6, events).astype(int) + 5
    urine = pd.DataFrame({
        "test_id": [f"TU-{year}-{i:03d}" for i in range(1, events + 1)],
        "date": _dates(rng, year, events), "kind": "tes_urine",
        "sector": rng.choice(URINE_SECTORS, size=events, p=URINE_SECTOR_P),
        "tested": tested, "positive": rng.binomial(tested, 0.012)})
    frame = pd.concat([skhpn, urine], ignore_index=True)
    frame.insert(1, "unit_id", unit.unit_id)
    return frame


def community(unit: Unit, year: int, rng: np.random.Generator, activity: float,
              has_ibm: bool) -> pd.DataFrame:
    """What the unit formed or designated: one row per event, each with a name of its own."""
    big = {"pusat": 2.0, "provinsi": 1.5, "kabkota": 1.0}[unit.level]
    rows: list[tuple[str, int, str]] = []
    for i in range(int(rng.poisson(3 * activity)) + 1):
        rows.append(("penggiat", int(rng.lognormal(np.log(25 * big), 0.6)) + 3,
                     f"{PLACES[i % len(PLACES)]} {i // len(PLACES) + 1}"))
    for i in range(int(rng.poisson(1.5 * activity))):
        rows.append(("relawan", int(rng.lognormal(np.log(60 * big), 0.7)) + 5,
                     f"Relawan {VILLAGES[i % len(VILLAGES)]}"))
    villages = rng.permutation(VILLAGES)
    for i in range(min(int(rng.poisson(1.8 * activity)), len(villages))):
        rows.append(("desa_bersinar", 1, f"Kelurahan {villages[i]}"))
    for i in range(int(rng.poisson(4 * activity * big))):
        rows.append(("sekolah_bersinar", 1, f"Sekolah {i + 1}"))
    if has_ibm:
        for i in range(1 + int(rng.random() < 0.3)):
            rows.append(("ibm_lembaga", 1, f"IBM {villages[-1 - i]}"))
    partners = rng.permutation(PARTNERS)
    for i in range(min(int(rng.poisson(2.5 * big)), len(partners))):
        rows.append(("kerja_sama", 1, str(partners[i])))
    frame = pd.DataFrame(rows, columns=["item", "count", "name"])
    frame.insert(0, "date", _dates(rng, year, len(frame)).to_numpy()[
        rng.permutation(len(frame))])
    frame.insert(0, "unit_id", unit.unit_id)
    return frame
