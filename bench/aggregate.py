"""Benchmark: the aggregation engine (`helpers.stats.engine`) over a synthetic store of N rows.

Issue #5's target: aggregation for all units of a 10 million-row store in under 60 seconds and
under 4 GiB peak memory. This script

1. generates a synthetic store of ``--rows`` rows (default 10,000,000) for the registry's units
   of ``--years`` (default 2024), in one separate process, vectorised with numpy and pyarrow and
   written slice by slice with the store's layout and Parquet schema. The rows are split over
   the tables in the sample generator's proportions (rehab ≈ 49 %, outreach ≈ 31 %,
   seizures ≈ 11 %, cases ≈ 9 %; plus the few targets rows) and over units by level and a
   per-unit activity factor, with codes from the reference vocabularies. Its time is printed
   but is not part of the measurement;
2. measures, in a fresh process, ``unit_figures(store, registry, year)`` for every unit of every
   generated year: wall seconds of the whole process (interpreter start-up and imports
   included) and of the roll-up alone, CPU seconds (user + system) and peak RSS;
3. checks the national totals against what was generated (cases, suspects, distinct clients
   per service, activities, participants, media reach: exactly; seizures per drug and unit of
   measure: to 1e-9) and prints a table with pass/fail against the targets.

CPU and peak RSS are the measured process's own resource usage as its parent collects it
(``os.wait4``, the per-child form of ``getrusage(RUSAGE_CHILDREN)``). The parent stays small on
purpose: on Linux a child's ``ru_maxrss`` starts from its parent's high-water mark (the exec
inherits it), so the store is generated in a process of its own, not in the parent.

Usage::

    .venv/bin/python bench/aggregate.py [--rows 10000000] [--years 2024 [2023 ...]]
                                        [--keep DIR] [--check]

``--keep DIR`` builds the store in DIR and keeps it; run again with the same DIR, rows and
years, it measures the kept store without generating it again. ``--check`` also checks, for
every unit, that its rolled-up figures are its own plus its direct sub-units' rolled-up figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_WALL_S = 60.0
TARGET_RSS_BYTES = 4 * 1024**3
MANIFEST = "bench-aggregate.json"
SEED = 20240605
# Rows per unit-scale in the sample generator (helpers.ingest.sample): ~14 cases, ~1.18 seizure rows
# per case, ~61 rehabilitation clients plus ~20 % of them again in aftercare, ~46 activities.
SHARES = {"cases": 14.0, "seizures": 16.5, "rehab": 73.0, "outreach": 46.0}
AFTERCARE = 0.2  # share of primary clients seen again in pasca_rehab (same client_ref)
TABLE_ORDER = ("cases", "seizures", "rehab", "outreach")


# ---------------------------------------------------------------------------------------------
# Generation (runs in its own process: `--_generate DIR`)
# ---------------------------------------------------------------------------------------------

def generate(root: Path, rows: int, years: list[int], seed: int) -> dict[str, Any]:
    """Write the synthetic store under ``root``; return row counts and expected totals."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from helpers.ingest.sample import (
        ACTIVITIES,
        ACTIVITY_P,
        DRUG_P,
        DRUGS,
        LEVEL_SCALE,
        SECTOR_P,
        SECTORS,
        YEAR_FACTOR,
    )
    from helpers.reference.registry import Registry, bundled_reference_dir
    from helpers.reference.schema import TABLES, arrow_schema
    from helpers.reference.vocab import load_vocab
    from helpers.store.slices import Store

    registry = Registry.load(bundled_reference_dir())
    vocab = load_vocab(bundled_reference_dir())
    store = Store(root)
    rng = np.random.default_rng(seed)

    slices = [(year, unit) for year in years for unit in registry.units(year)]
    activity = {u.unit_id: 0.3 + 1.4 * rng.random() for u in registry.units()}
    weights = np.array([LEVEL_SCALE[u.level] * activity[u.unit_id] * YEAR_FACTOR.get(y, 1.1)
                        for y, u in slices])
    weights /= weights.sum()
    slice_year = np.array([y for y, _ in slices])
    tags = [f"{y}-{u.unit_id.upper()}" for y, u in slices]

    # Rows per table (adding up to exactly `rows`), then per slice.
    share_total = sum(SHARES.values())
    totals = {t: int(rows * SHARES[t] / share_total) for t in TABLE_ORDER}
    totals["rehab"] += rows - sum(totals.values())
    counts = {t: rng.multinomial(totals[t], weights) for t in ("cases", "rehab", "outreach")}
    case_p = counts["cases"] / max(1, counts["cases"].sum())
    counts["seizures"] = (rng.multinomial(totals["seizures"], case_p) if counts["cases"].sum()
                          else np.zeros(len(slices), dtype=np.int64))

    def layout(n_per_slice: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's slice index and row number within its slice, and the slice offsets."""
        starts = np.concatenate([[0], np.cumsum(n_per_slice)[:-1]])
        k = np.repeat(np.arange(len(n_per_slice)), n_per_slice)
        return k, np.arange(len(k)) - starts[k], starts

    def dictionary(indices: np.ndarray, values: list[str]) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(values))

    def unit_column(k: np.ndarray) -> pa.Array:
        return dictionary(k, [u.unit_id for _, u in slices])

    def ids(prefix: str, k: np.ndarray, number: np.ndarray) -> pa.Array:
        head = dictionary(k, [f"{prefix}{tag}-" for tag in tags]).cast(pa.string())
        tail = pc.utf8_lpad(pc.cast(pa.array(number + 1), pa.string()), 6, "0")
        return pc.binary_join_element_wise(head, tail, "")

    def dates(k: np.ndarray) -> pa.Array:
        year = slice_year[k]
        start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
        length = np.where((year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0)), 366, 365)
        day = (rng.random(len(k)) * length).astype(np.int64)
        return pa.array((start + day).astype("datetime64[ns]"))

    def choice(values: list[str], p: np.ndarray, n: int) -> np.ndarray:
        return rng.choice(len(values), size=n, p=np.asarray(p) / np.sum(p))

    def write(table: str, columns: dict[str, pa.Array], n_per_slice: np.ndarray,
              starts: np.ndarray) -> None:
        schema = arrow_schema(TABLES[table])
        big = pa.table(columns)

        def one(k: int) -> None:
            year, unit = slices[k]
            path = store.slice_path(table, year, unit.unit_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            part = big.slice(int(starts[k]), int(n_per_slice[k])).select(schema.names)
            pq.write_table(part.cast(schema), path, compression="zstd")

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(one, range(len(slices))))

    expected: dict[int, dict[str, Any]] = {
        y: {"cases": 0, "suspects": 0, "rawat_jalan": 0, "rawat_inap": 0, "pasca_rehab": 0,
            "clients": 0, "activities": 0, "participants": 0, "media_reach": 0,
            "seizures": {}} for y in years}

    def add(name: str, k: np.ndarray, values: np.ndarray | None = None) -> None:
        per_slice = np.bincount(k, weights=values, minlength=len(slices))
        for y in years:
            expected[y][name] += int(round(per_slice[slice_year == y].sum()))

    level = np.array([u.level for _, u in slices])

    # cases
    n = counts["cases"]
    k, r, starts = layout(n)
    pusat = level[k] == "pusat"
    suspects = 1 + rng.poisson(np.where(pusat, 2.0, 0.45))
    tppu = rng.random(len(k)) < np.where(pusat, 0.08, 0.01)
    assets = np.where(tppu, np.round(rng.lognormal(np.log(8e8), 1.0, len(k)), -3), np.nan)
    write("cases", {
        "case_id": ids("LKN-", k, r), "unit_id": unit_column(k),
        "date": dates(k), "suspects": pa.array(suspects),
        "p21": pa.array(rng.random(len(k)) < 0.85), "tppu": pa.array(tppu),
        "assets_rp": pa.array(assets, from_pandas=True),
        "network": pa.nulls(len(k), pa.string()), "lab": pa.nulls(len(k), pa.bool_()),
    }, n, starts)
    add("cases", k)
    add("suspects", k, suspects.astype(float))
    case_counts = n

    # seizures: every row belongs to one of its unit's cases (one or two drugs per case)
    n = counts["seizures"]
    k, r, starts = layout(n)
    case_number = (r * case_counts[k]) // np.maximum(n[k], 1)
    drug = choice(DRUGS, DRUG_P, len(k))
    # A case lists a drug once: a repeated drug within a case moves on to the next drug.
    case_key = k.astype(np.int64) * (int(case_counts.max(initial=0)) + 1) + case_number
    for _ in range(len(DRUGS)):
        seen = np.zeros(len(k), dtype=bool)
        seen[np.unique(case_key * len(DRUGS) + drug, return_index=True)[1]] = True
        if seen.all():
            break
        drug[~seen] = (drug[~seen] + 1) % len(DRUGS)
    drugs = np.array(DRUGS)[drug]
    u = rng.random(len(k))
    uom = np.full(len(k), "gram", dtype=object)
    uom[(drugs == "ganja") & (u < 0.2)] = "batang"
    uom[((drugs == "ekstasi") & (u < 0.85)) | (drugs == "psikotropika")] = "butir"
    uom[drugs == "cairan"] = "mililiter"
    for d, allowed in vocab.drug_uoms.items():  # every (drug, uom) pair is a valid one
        assert set(uom[drugs == d]) <= set(allowed), (d, allowed)
    # Medians as in helpers.ingest.sample: grams per drug, tablets, plants, millilitres; the
    # centre and the provinces seize more per case.
    median = np.array([{"sabu": 6.0, "ganja": 250.0, "ekstasi": 15.0, "tembakau_sintetis": 40.0,
                        "kokain": 5.0, "heroin": 5.0, "psikotropika": 25.0,
                        "cairan": 500.0}[d] for d in DRUGS])[drug]
    median = np.where(uom == "batang", 40.0, np.where(uom == "butir", 25.0, median))
    big = np.select([level[k] == "pusat", level[k] == "provinsi"], [120.0, 8.0], 1.0)
    quantity = rng.lognormal(np.log(median * np.where(uom == "batang", 1.0, big)), 1.2)
    counted = (uom == "butir") | (uom == "batang")
    quantity = np.where(counted, np.floor(quantity) + 1, np.round(quantity, 3))
    write("seizures", {
        "case_id": ids("LKN-", k, case_number), "unit_id": unit_column(k),
        "drug": pa.array(drugs.astype(object)), "quantity": pa.array(quantity),
        "uom": pa.array(uom),
    }, n, starts)
    for y in years:
        rows_y = slice_year[k] == y
        for d, m in {(d, m) for d, m in zip(drugs[rows_y], uom[rows_y], strict=True)}:
            mask = rows_y & (drugs == d) & (uom == m)
            expected[y]["seizures"][f"{d}/{m}"] = float(quantity[mask].sum())

    # rehab: primary clients (outpatient or inpatient), then ~20 % of them again in aftercare
    n = counts["rehab"]
    primary = np.round(n / (1 + AFTERCARE)).astype(np.int64)
    primary = np.where(n > 0, np.maximum(primary, 1), 0)
    k, r, starts = layout(n)
    is_primary = r < primary[k]
    after = n - primary  # aftercare rows: distinct earlier clients, spread over the year's
    client = np.where(is_primary, r, ((r - primary[k]) * primary[k]) // np.maximum(after[k], 1))
    inap = rng.random(len(k)) < np.where(level[k] == "pusat", 0.45,
                                         np.where(level[k] == "provinsi", 0.15, 0.04))
    service = np.where(is_primary, np.where(inap, 1, 0), 2)
    services = ["rawat_jalan", "rawat_inap", "pasca_rehab"]
    statuses = ["selesai", "berlangsung", "drop_out", "dirujuk"]
    providers = ["Klinik Pratama BNN", "RSUD", "Puskesmas",
                 "Lembaga Rehabilitasi Komponen Masyarakat"]
    write("rehab", {
        "client_ref": ids("", k, client), "unit_id": unit_column(k),
        "admission_date": dates(k), "service": dictionary(service, services),
        "provider": dictionary(choice(providers, [0.62, 0.2, 0.12, 0.06], len(k)), providers),
        "sex": dictionary((rng.random(len(k)) >= 0.88).astype(np.int64), ["L", "P"]),
        "age": pa.array(np.clip(rng.normal(28, 9, len(k)).round(), 13, 70).astype(np.int64)),
        "voluntary": pa.array(rng.random(len(k)) < 0.62),
        "status": dictionary(choice(statuses, [0.72, 0.15, 0.09, 0.04], len(k)), statuses),
        "funding": dictionary((rng.random(len(k)) >= 0.85).astype(np.int64),
                              ["dipa", "non_dipa"]),
    }, n, starts)
    add("clients", k[is_primary])
    for code, name in enumerate(services):
        if name == "pasca_rehab":  # distinct (slice, client) among the aftercare rows
            pairs = np.unique(k[~is_primary] * (int(n.max()) + 1) + client[~is_primary])
            add(name, pairs // (int(n.max()) + 1))
        else:
            add(name, k[is_primary & (service == code)])

    # outreach: media activities reach an audience, the others meet participants
    n = counts["outreach"]
    k, r, starts = layout(n)
    activity_code = choice(ACTIVITIES, ACTIVITY_P, len(k))
    media = np.array(ACTIVITIES)[activity_code] == "media"
    participants = np.where(media, 0, rng.lognormal(np.log(70), 0.7, len(k)).astype(np.int64) + 5)
    reach = np.where(media, rng.lognormal(np.log(6000), 1.0, len(k)).astype(np.int64), 0)
    sector_names = [*SECTORS, "media"]
    sector = np.where(media, len(SECTORS), choice(SECTORS, SECTOR_P, len(k)))
    write("outreach", {
        "activity_id": ids("P2M-", k, r), "unit_id": unit_column(k),
        "date": dates(k), "activity": dictionary(activity_code, list(ACTIVITIES)),
        "sector": dictionary(sector, sector_names), "participants": pa.array(participants),
        "media_reach": pa.array(reach),
    }, n, starts)
    add("activities", k)
    add("participants", k, participants.astype(float))
    add("media_reach", k, reach.astype(float))

    # targets: a few rows per unit and year (not read by the roll-up; a real store has them)
    targets = 0
    for year, unit in slices:
        frame = pd.DataFrame({"unit_id": unit.unit_id, "year": year,
                              "indicator": ["kasus", "rehab", "penggiat"],
                              "target": [13.0, 70.0, 250.0], "realisation": None})
        store.write_slice("targets", year, unit.unit_id, frame)
        targets += len(frame)

    table_rows = {t: int(counts[t].sum()) for t in TABLE_ORDER}
    return {"rows": rows, "years": years, "seed": seed, "table_rows": table_rows,
            "targets_rows": targets, "units": {str(y): len(registry.units(y)) for y in years},
            "expected": {str(y): v for y, v in expected.items()}}


# ---------------------------------------------------------------------------------------------
# Measurement (runs in a fresh process: `--_measure DIR`)
# ---------------------------------------------------------------------------------------------

def measure(root: Path, years: list[int]) -> dict[str, Any]:
    """Roll up every unit of every year; return timings and the national totals."""
    import resource

    start = time.perf_counter()
    from helpers.reference.registry import Registry, bundled_reference_dir
    from helpers.stats.engine import unit_figures
    from helpers.store.slices import Store

    imported = time.perf_counter()
    registry = Registry.load(bundled_reference_dir())
    store = Store(root)
    per_year: dict[str, Any] = {}
    for year in years:
        t0 = time.perf_counter()
        result = unit_figures(store, registry, year)
        seconds = time.perf_counter() - t0
        (top,) = [u.unit_id for u in registry.units(year) if u.level == "pusat"]
        national = result[top]["rolled"]
        per_year[str(year)] = {"seconds": seconds, "units": len(result), "national": national}
    return {"import_s": imported - start, "total_s": time.perf_counter() - start,
            "years": per_year,
            "self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def check(root: Path, years: list[int]) -> dict[str, Any]:
    """Check the roll-up invariant for every unit: rolled = own + Σ direct sub-units' rolled."""
    from helpers.reference.registry import Registry, bundled_reference_dir
    from helpers.stats.engine import unit_figures
    from helpers.store.slices import Store

    registry = Registry.load(bundled_reference_dir())
    store = Store(root)
    compared, differ = 0, []
    for year in years:
        result = unit_figures(store, registry, year)
        for unit_id, figures in result.items():
            parts = [figures["own"], *(result[c]["rolled"]
                                       for c in registry.children(unit_id, year))]
            compared += 1
            if _added(parts) != _added([figures["rolled"]]):
                differ.append(f"{year}/{unit_id}")
    return {"compared": compared, "differ": differ}


def _added(parts: list[dict[str, Any]]) -> dict[Any, Any]:
    """Headline figures added up the way the roll-up invariant states (quantities to 3 dp)."""
    total: dict[Any, Any] = {}
    for part in parts:
        for key in ("cases", "suspects"):
            total[key] = total.get(key, 0) + part[key]
        for group in ("rehab", "outreach"):
            for key, value in part[group].items():
                total[(group, key)] = total.get((group, key), 0) + value
        for item in part["seizures"]:
            key = ("seizures", item["drug"], item["uom"])
            total[key] = round(total.get(key, 0) + item["quantity"], 3)
    return total


# ---------------------------------------------------------------------------------------------
# The parent: stdlib only, so that it stays small (see the module docstring)
# ---------------------------------------------------------------------------------------------

def _child(flag: str, root: Path, args: argparse.Namespace) -> tuple[dict, float, Any]:
    """Run this script with an internal flag in a fresh process; return its JSON, wall, rusage."""
    command = [sys.executable, str(Path(__file__).resolve()), flag, str(root),
               "--rows", str(args.rows), "--seed", str(args.seed),
               "--years", *map(str, args.years)]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{flag} failed with exit status {proc.returncode}")
    return json.loads(text), wall, usage


def _verify(expected: dict[str, Any], national: dict[str, Any]) -> list[str]:
    """Differences between the generated totals and the national roll-up."""
    got = {"cases": national["cases"], "suspects": national["suspects"], **national["rehab"],
           **national["outreach"]}
    problems = [f"{k}: generated {v}, rolled up {got[k]}" for k, v in expected.items()
                if k != "seizures" and got[k] != v]
    seized = {f"{s['drug']}/{s['uom']}": s["quantity"] for s in national["seizures"]}
    if set(seized) != set(expected["seizures"]):
        problems.append(f"seizure kinds: generated {sorted(expected['seizures'])}, "
                        f"rolled up {sorted(seized)}")
    for key, quantity in expected["seizures"].items():
        if key in seized and abs(seized[key] - quantity) > 1e-9 * max(1.0, abs(quantity)):
            problems.append(f"seizures {key}: generated {quantity}, rolled up {seized[key]}")
    return problems


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000,
                        help="rows of cases, seizures, rehab and outreach together")
    parser.add_argument("--years", type=int, nargs="+", default=[2024],
                        help="years to spread the rows over (default 2024)")
    parser.add_argument("--keep", help="build the store in this folder and keep it")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", action="store_true",
                        help="also check rolled = own + sub-units for every unit")
    for flag in ("--_generate", "--_measure", "--_check"):
        parser.add_argument(flag, metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.years = sorted(set(args.years))

    for flag, run in (("_generate", lambda root: generate(root, args.rows, args.years,
                                                          args.seed)),
                      ("_measure", lambda root: measure(root, args.years)),
                      ("_check", lambda root: check(root, args.years))):
        if getattr(args, flag):
            json.dump(run(Path(getattr(args, flag))), sys.stdout)
            return 0

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="workbook-agg-"))
    root = work / "store"
    try:
        manifest_path = work / MANIFEST
        wanted = {"rows": args.rows, "years": args.years, "seed": args.seed}
        gen_wall: float | None = None
        if root.exists() and any(root.iterdir()):
            if not manifest_path.exists():
                raise SystemExit(f"{root} exists and was not made by this benchmark: "
                                 "choose another --keep folder")
            generated = json.loads(manifest_path.read_text())
            if {k: generated[k] for k in wanted} != wanted:
                raise SystemExit(f"{work} holds a store of {generated['rows']:,} rows for "
                                 f"{generated['years']} (seed {generated['seed']}): choose "
                                 "another --keep folder or the same options")
            print(f"reusing the store in {root}")
        else:
            work.mkdir(parents=True, exist_ok=True)
            print(f"generating {args.rows:,} rows for {', '.join(map(str, args.years))} "
                  f"in {root} …", flush=True)
            generated, gen_wall, _ = _child("--_generate", root, args)
            manifest_path.write_text(json.dumps(generated, indent=1))
        size = sum(p.stat().st_size for p in root.rglob("*.parquet"))
        files = sum(1 for _ in root.rglob("*.parquet"))

        print("measuring the roll-up in a fresh process …", flush=True)
        result, wall, usage = _child("--_measure", root, args)
        cpu = usage.ru_utime + usage.ru_stime
        peak_kib = usage.ru_maxrss
        rollup_s = sum(y["seconds"] for y in result["years"].values())
        problems = [f"{year}: {p}" for year, y in result["years"].items()
                    for p in _verify(generated["expected"][year], y["national"])]

        rows = generated["table_rows"]
        print()
        print(f"store: {args.rows:,} rows ({', '.join(f'{t} {n:,}' for t, n in rows.items())}; "
              f"plus {generated['targets_rows']:,} targets rows) in {files:,} slices, "
              f"{size / 1024**2:,.0f} MiB on disk")
        print("generation: " + (f"{gen_wall:.1f} s (own process, not measured)" if gen_wall
                                is not None else "reused (kept store)"))
        units = ", ".join(f"{y}: {v['units']} units" for y, v in result["years"].items())
        print(f"roll-up: own and rolled figures of every unit ({units})")
        print()
        wall_ok, rss_ok = wall < TARGET_WALL_S, peak_kib * 1024 < TARGET_RSS_BYTES
        table = [
            ("wall, whole process (start-up, imports, roll-up)", f"{wall:.2f} s",
             f"< {TARGET_WALL_S:.0f} s", "PASS" if wall_ok else "FAIL"),
            ("wall, roll-up only (all years)", f"{rollup_s:.2f} s", "", ""),
            ("CPU, user + system", f"{cpu:.2f} s", "", ""),
            ("peak RSS", _mib(peak_kib), "< 4 GiB", "PASS" if rss_ok else "FAIL"),
            ("national totals = generated rows", "yes" if not problems else "NO", "",
             "PASS" if not problems else "FAIL"),
        ]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        header = ("metric", "measured", "target", "result")
        widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
        for row in [header, tuple("-" * w for w in widths), *table]:
            print("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                    for i, (c, w) in enumerate(zip(row, widths, strict=True)))
                  + " |")
        for problem in problems:
            print("  ", problem)
        failed = not (wall_ok and rss_ok) or bool(problems)

        if args.check:
            print("\nchecking rolled = own + sub-units' rolled for every unit …",
                  flush=True)
            checked, check_wall, _ = _child("--_check", root, args)
            print(f"{checked['compared']} units checked in {check_wall:.1f} s, "
                  f"{len(checked['differ'])} differ" +
                  (": " + ", ".join(checked["differ"][:10]) if checked["differ"] else ""))
            failed = failed or bool(checked["differ"])
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
