"""Benchmark: load-values of 1,000,000 values from a tidy CSV into PostgreSQL, with validation.

1,000 regions × 5 years × 200 cells (80 plain indicators, 20 counted by sex, 20 rates
by urban/rural, so the consistency rules run too) — one file, one transaction,
one history row per value.

Run: .venv/bin/python benchmarks/bench_bulk_load.py [--regions 1000] [--reload] [--keep]
     [--url postgres://postgres@127.0.0.1:5432/lianggang_bench]
Target: ≤ 20 s for the load (read + validate + write), measured end to end.
The scratch database is created with migrations applied and dropped afterwards.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

YEARS = range(2021, 2026)


def admin_connect(url: str):
    import psycopg
    base, _, name = url.rpartition("/")
    return psycopg.connect(base + "/postgres", autocommit=True), name


def make_world(n_regions: int):
    from django.contrib.auth import get_user_model

    from lianggang.accounts.models import Profile, Role
    from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
    from lianggang.regions.models import Region, RegionLevel

    province = Region.objects.create(code="990000", name="基准省", level=RegionLevel.PROVINCE)
    cities = Region.objects.bulk_create([Region(code=f"99{c:02d}00", name=f"基准市{c}", level=RegionLevel.CITY,
                                                parent=province) for c in range(1, 11)])
    counties = []
    per_city = (n_regions - 1 - len(cities)) // len(cities) + 1
    for city in cities:
        for k in range(per_city):
            if len(counties) + len(cities) + 1 >= n_regions:
                break
            counties.append(Region(code=f"{city.code[:4]}{k + 1:02d}" if k < 99 else f"{city.code[:4]}{k:03d}",
                                   name=f"{city.name}县{k}", level=RegionLevel.COUNTY, parent=city))
    Region.objects.bulk_create(counties)
    plan = Plan.objects.create(title="基准省妇女发展纲要（2021—2030年）", subject=Subject.WOMEN, region=province,
                               region_name="基准省", start_year=2021, end_year=2030, source="bench")
    # Indicators belong to the region; the plan watches them through a target each.
    inds = ([Indicator(owner=province, name=f"比率指标{i}", unit="%") for i in range(60)]
            + [Indicator(owner=province, name=f"死亡率指标{i}", unit="1/10万", better="lower") for i in range(20)]
            + [Indicator(owner=province, name=f"人数指标{i}", unit="人", by_sex=True) for i in range(20)]
            + [Indicator(owner=province, name=f"城乡比率{i}", unit="%", by_area=True) for i in range(20)])
    inds = Indicator.objects.bulk_create(inds)
    domain = Domain.objects.create(plan=plan, code="监测", name="监测指标", position=0)
    goal = Goal.objects.create(domain=domain, code="监测", text="监测指标", position=0)
    Target.objects.bulk_create([Target(goal=goal, indicator=ind, position=k, kind="direction",
                                       direction="decrease" if ind.better == "lower" else "increase")
                                for k, ind in enumerate(inds)])
    user = get_user_model().objects.create_user("bench_tongji", password="x")
    Profile.objects.create(user=user, role=Role.STATISTICS, region=province)
    codes = [province.code] + [c.code for c in cities] + [c.code for c in counties]
    return plan, user, codes, inds


def make_csv(path: Path, codes: list[str], inds) -> int:
    rng = random.Random(20260101)
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明\n")
        for code in codes:
            lines = []
            for ind in inds:
                for year in YEARS:
                    if ind.by_sex:
                        fe, ma = rng.randint(100, 5000), rng.randint(100, 5000)
                        lines += [f"{code},,{ind.name},{year},合计,,,{fe + ma},人,",
                                  f"{code},,{ind.name},{year},女,,,{fe},人,",
                                  f"{code},,{ind.name},{year},男,,,{ma},人,"]
                        n += 3
                    elif ind.by_area:
                        u, r = round(rng.uniform(80, 99), 2), round(rng.uniform(60, 80), 2)
                        lines += [f"{code},,{ind.name},{year},,合计,,{round((u + r) / 2, 2)},%,",
                                  f"{code},,{ind.name},{year},,城镇,,{u},%,",
                                  f"{code},,{ind.name},{year},,乡村,,{r},%,"]
                        n += 3
                    else:
                        lines.append(f"{code},,{ind.name},{year},,,,{round(rng.uniform(1, 99), 2)},{ind.unit},")
                        n += 1
            f.write("\n".join(lines) + "\n")
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=1000)
    ap.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/lianggang_bench")
    ap.add_argument("--reload", action="store_true", help="load the same file again (every value updated)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = ap.parse_args()

    admin, dbname = admin_connect(args.url)
    admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    admin.execute(f'CREATE DATABASE "{dbname}"')
    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
    try:
        import django
        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        plan, user, codes, inds = make_world(args.regions)
        from lianggang.monitoring.bulk import load_values
        from lianggang.monitoring.models import Value, ValueChange
        from lianggang.monitoring.tabular import read_tidy
        from lianggang.monitoring import bulk

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "values.csv"
            t = time.perf_counter()
            n = make_csv(path, codes, inds)
            print(f"generated {n:,} rows ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")

            # phases measured separately once …
            data = path.read_bytes()
            t0 = time.perf_counter()
            table = read_tidy(path.name, data)
            t1 = time.perf_counter()
            batch, problems = bulk.parse(table, plan, bulk.loadable_region_ids(user))
            t2 = time.perf_counter()
            assert not problems, problems[:5]
            print(f"  read CSV   {t1 - t0:6.2f} s")
            print(f"  validate   {t2 - t1:6.2f} s  ({len(batch):,} rows, {(t2 - t1) / len(batch) * 1e6:.1f} µs/row)")
            del table, batch

            # … and the load end to end, as the command runs it
            connection.close()
            t = time.perf_counter()
            result = load_values(user, plan, path.name, path.read_bytes(), state="approved")
            total = time.perf_counter() - t
            print(f"  write (COPY + upsert + history) {total - (t2 - t0):6.2f} s (approx.)")
            print(f"load-values: {result.rows:,} values in {total:.2f} s end to end "
                  f"({result.rows / total:,.0f} values/s); created {result.created:,}, updated {result.updated:,}")
            assert Value.objects.count() == n and ValueChange.objects.count() == n
            print(f"  {'PASS' if total <= 20 else 'FAIL'}: target ≤ 20 s")
            if args.reload:
                t = time.perf_counter()
                result = load_values(user, plan, path.name, path.read_bytes(), state="approved")
                total = time.perf_counter() - t
                print(f"reload (every value updated, old value kept in history): {result.rows:,} in {total:.2f} s;"
                      f" updated {result.updated:,}")
        connection.close()
    finally:
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
