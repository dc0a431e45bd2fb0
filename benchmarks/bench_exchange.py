"""Benchmark: export-values and load-values of 30,000 values as DHIS2 dataValueSets JSON and SDMX-CSV
on PostgreSQL (issue 16, item 7).

60 regions × 5 years × 100 cells (40 plain rates, 10 counts by sex, 10 rates by town/country: the
consistency rules run too). The values are loaded once from a tidy CSV; then, for each format, the
plan's values are exported (export_rows → the exchange writer), every value is deleted, and the
file is loaded back through the bulk loader (read → the same checks → COPY + upsert + history).

Run: .venv/bin/python benchmarks/bench_exchange.py [--regions 60] [--url postgres://postgres@127.0.0.1:5432/lianggang_bench_x]
The scratch database is created with migrations applied and dropped afterwards.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

YEARS = range(2021, 2026)


def make_world(n_regions: int):
    from django.contrib.auth import get_user_model

    from lianggang.accounts.models import Profile, Role
    from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
    from lianggang.regions.models import Region, RegionLevel

    province = Region.objects.create(code="990000", name="基准省", level=RegionLevel.PROVINCE)
    regions = Region.objects.bulk_create([Region(code=f"99{c // 100 + 1:02d}{c % 100:02d}", name=f"基准县{c}",
                                                 level=RegionLevel.CITY, parent=province)
                                          for c in range(1, n_regions)])
    plan = Plan.objects.create(title="基准省妇女发展纲要（2021—2030年）", subject=Subject.WOMEN, region=province,
                               region_name="基准省", start_year=2021, end_year=2030, source="bench-exchange")
    inds = Indicator.objects.bulk_create(
        [Indicator(owner=province, name=f"比率指标{i}", unit="%") for i in range(40)]
        + [Indicator(owner=province, name=f"人数指标{i}", unit="人", by_sex=True) for i in range(10)]
        + [Indicator(owner=province, name=f"城乡比率{i}", unit="%", by_area=True) for i in range(10)])
    domain = Domain.objects.create(plan=plan, code="1", name="基准领域")
    goal = Goal.objects.create(domain=domain, code="1", text="基准")
    Target.objects.bulk_create([Target(goal=goal, indicator=ind, position=k, kind="direction", direction="increase")
                                for k, ind in enumerate(inds)])
    user = get_user_model().objects.create_user("bench_tongji", password="x")
    Profile.objects.create(user=user, role=Role.STATISTICS, region=province)
    return plan, province, user, [province.code, *(r.code for r in regions)], inds


def tidy_csv(codes, inds) -> tuple[bytes, int]:
    rng = random.Random(20261206)
    lines, n = ["区划代码,区划名称,指标,年度,性别,城乡,年龄组,数值,单位,说明"], 0
    for code in codes:
        for ind in inds:
            for year in YEARS:
                if ind.by_sex:
                    fe, ma = rng.randint(100, 5000), rng.randint(100, 5000)
                    lines += [f"{code},,{ind.name},{year},合计,,,{fe + ma},人,", f"{code},,{ind.name},{year},女,,,{fe},人,",
                              f"{code},,{ind.name},{year},男,,,{ma},人,"]
                    n += 3
                elif ind.by_area:
                    u, r = round(rng.uniform(80, 99), 2), round(rng.uniform(60, 80), 2)
                    lines += [f"{code},,{ind.name},{year},,合计,,{round((u + r) / 2, 2)},%,",
                              f"{code},,{ind.name},{year},,城镇,,{u},%,", f"{code},,{ind.name},{year},,乡村,,{r},%,"]
                    n += 3
                else:
                    lines.append(f"{code},,{ind.name},{year},,,,{round(rng.uniform(1, 99), 2)},%,")
                    n += 1
    return ("\n".join(lines) + "\n").encode(), n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=60)
    ap.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/lianggang_bench_x")
    args = ap.parse_args()
    import psycopg
    base, _, dbname = args.url.rpartition("/")
    admin = psycopg.connect(base + "/postgres", autocommit=True)
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
        from lianggang.monitoring.bulk import export_rows, load_table, load_values
        from lianggang.monitoring.exchange import export_exchange, read_exchange
        from lianggang.monitoring.models import Value

        plan, province, user, codes, inds = make_world(args.regions)
        data, n = tidy_csv(codes, inds)
        load_values(user, plan, "values.csv", data, state="approved")
        print(f"{n:,} values in {len(codes)} regions")
        for fmt in ("dhis2", "sdmx"):
            t0 = time.perf_counter()
            out, written = export_exchange(plan, export_rows(plan, province, subtree=True), fmt)
            t1 = time.perf_counter()
            Value.objects.all().delete()          # its history goes with it (history itself is append-only)
            connection.close()
            t2 = time.perf_counter()
            result = load_table(user, plan, read_exchange(fmt, f"values.{fmt}", out, plan), state="approved")
            t3 = time.perf_counter()
            assert written == n and result.created == n and Value.objects.count() == n
            print(f"{fmt:5}: export {written:,} values ({len(out) / 1e6:.1f} MB) in {t1 - t0:.2f} s; "
                  f"import (read, check, write with history) in {t3 - t2:.2f} s")
        connection.close()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
