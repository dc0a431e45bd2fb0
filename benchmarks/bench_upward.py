"""Benchmark: the city's page of its counties (下级报送 with 下级汇总) and the acceptance queue, at
province scale on PostgreSQL.

Data: a city with --counties counties (default 120), each with its year's round in a mix of states
(reported and waiting, accepted, returned with a reason, not reported); 150 indicators of the city's
plan — 90 rates, of which 60 have their numerator and denominator collected (120 count indicators)
and 30 counts — collected by sex and by town/country (5 cells each) for --years years (default 10)
in the city and every county; and --others further counties elsewhere (default 2,000, 150
indicators, 3 years, headline cell) so that the value table is national-sized and the page must
stay local to its city. Values are written with COPY.

Measured: in-process requests through Django's test client (DEBUG off, one connection, no
network), as the city's statistics bureau: the counties page /work/below/<year>/ (reported,
late, returned with reason, acceptance buttons, roll-up of every indicator) and the work home
/work/ (the acceptance queue: how many counties reported, for the last three years).
Also the number of SQL queries of each page — it must not grow with the counties — and the first
request after a change of the values, which computes the roll-up afresh (later ones read it, and
the rendered roll-up table, from the cache until an approved value changes).

Run: .venv/bin/python benchmarks/bench_upward.py [--counties 120] [--years 10] [--others 2000]
     [--requests 40] [--url postgres://postgres@127.0.0.1:5432/lianggang_bench_upward] [--keep]
Target: p95 < 300 ms for each page.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_RATES, N_COLLECTED, N_COUNTS = 90, 60, 30
CELLS = (("total", "total"), ("female", "total"), ("male", "total"), ("total", "urban"), ("total", "rural"))
STATES = ("reported", "accepted", "returned", "not_reported")


def admin_connect(url: str):
    import psycopg
    base, _, name = url.rpartition("/")
    return psycopg.connect(base + "/postgres", autocommit=True), name


def build(n_counties: int, n_years: int, n_others: int) -> dict:
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection

    from lianggang.accounts.models import Profile, Role
    from lianggang.monitoring.models import Round, Submission
    from lianggang.plans.models import Domain, Goal, Indicator, Plan, Rollup, Subject, Target
    from lianggang.regions.models import Department, Region, RegionLevel

    rng = random.Random(16)
    province = Region.objects.create(code="980000", name="基准省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="989900", name="基准市", level=RegionLevel.CITY, parent=province)
    # more than 99 counties overflow the city's code block; the tree (parent) is what the pages follow
    counties = Region.objects.bulk_create([Region(code=f"98{i // 99 + 1:02d}{i % 99 + 1:02d}", name=f"基准县{i + 1}",
                                                  level=RegionLevel.COUNTY, parent=city) for i in range(n_counties)])
    other_city = Region.objects.create(code="970100", name="外市", level=RegionLevel.CITY, parent=province)
    others = Region.objects.bulk_create([Region(code=f"97{2 + i // 99:02d}{i % 99 + 1:02d}", name=f"外县{i + 1}",
                                                level=RegionLevel.COUNTY, parent=other_city)
                                         for i in range(n_others)])
    plan = Plan.objects.create(title="基准市妇女发展规划（2021—2030年）", subject=Subject.WOMEN, region=city,
                               region_name="基准市", start_year=2021, end_year=2030, source="bench-upward")
    domain = Domain.objects.create(plan=plan, code="1", name="妇女与健康")
    goal = Goal.objects.create(domain=domain, code="1", text="…")
    counts = [Indicator.objects.create(owner=city, name=f"计数{k}", unit="人", rollup=Rollup.SUM)
              for k in range(2 * N_COLLECTED)]
    indicators = []
    for k in range(N_RATES):
        collected = k < N_COLLECTED
        indicators.append(Indicator.objects.create(
            owner=city, name=f"比率{k}", unit="%", by_sex=True, by_area=True, rollup=Rollup.RATIO, scale=100,
            numerator=counts[2 * k] if collected else None, denominator=counts[2 * k + 1] if collected else None))
    indicators += [Indicator.objects.create(owner=city, name=f"人数{k}", unit="人", by_sex=True, by_area=True,
                                            rollup=Rollup.SUM) for k in range(N_COUNTS)]
    Target.objects.bulk_create([Target(goal=goal, indicator=ind, position=p, kind="threshold", op=">=",
                                       value=Decimal(50), unit=ind.unit or None)
                                for p, ind in enumerate(indicators)])
    years = list(range(2025 - n_years + 1, 2026))
    places = [city, *counties]
    with connection.cursor() as cur:
        with cur.connection.cursor().copy(
                "COPY monitoring_value (indicator_id, region_id, year, sex, area, age_group, value, unit, source, "
                "note, provisional, estimated, revised, series_break, is_sample, state, version, updated_at) "
                "FROM STDIN") as copy:
            def row(ind, region, year, sex, area, value):
                copy.write_row((ind.pk, region.pk, year, sex, area, "", round(value, 2), ind.unit, "", "", False,
                                False, False, False, True, "approved", 1, "2026-01-01T00:00:00Z"))
            n = 0
            for region in places:
                for year in years:
                    for ind in indicators:
                        for sex, area in CELLS:
                            row(ind, region, year, sex, area, rng.uniform(20, 95) if ind.unit == "%"
                                else rng.uniform(100, 5000))
                            n += 1
                    for ind in counts:
                        row(ind, region, year, "total", "total", rng.uniform(1000, 50000))
                        n += 1
            for region in others:
                for year in years[-3:]:
                    for ind in indicators:
                        row(ind, region, year, "total", "total", rng.uniform(20, 95))
                        n += 1
        cur.execute("ANALYZE monitoring_value")
    year = years[-1]
    Round.objects.create(region=city, year=year)
    rounds = Round.objects.bulk_create([Round(region=c, year=y, upward=STATES[i % len(STATES)] if y == year
                                              else "accepted", upward_comment="请核实" if i % 4 == 2 else "")
                                        for i, c in enumerate(counties) for y in years[-3:]])
    depts = Department.objects.bulk_create([Department(region=c, short_name="卫健委", name="卫生健康委员会")
                                            for c in counties])
    by_region = {d.region_id: d for d in depts}
    Submission.objects.bulk_create([Submission(round=r, department=by_region[r.region_id], state="approved")
                                    for r in rounds])
    user = get_user_model().objects.create_user("bench_city_stats", password="bench-upward-1")
    Profile.objects.create(user=user, role=Role.STATISTICS, region=city)
    return {"year": year, "values": n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counties", type=int, default=120)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--others", type=int, default=2000)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/lianggang_bench_upward")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    ap.add_argument("--reuse", action="store_true", help="use the database a --keep run left (skips the build)")
    args = ap.parse_args()

    admin, dbname = admin_connect(args.url)
    reuse = args.reuse and admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    if not reuse:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        admin.execute(f'CREATE DATABASE "{dbname}"')
    os.environ.update(DATABASE_URL=args.url, DJANGO_SETTINGS_MODULE="lianggang.settings", DEBUG="0",
                      SECRET_KEY=os.environ.get("SECRET_KEY", "bench-upward-scratch-key-not-secret"),
                      SECURE_COOKIES="0", ALLOWED_HOSTS="testserver,127.0.0.1")
    try:
        import django
        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        if reuse:
            from lianggang.monitoring.models import Round, Value
            world = {"year": Round.objects.filter(region__code="989900").latest("year").year,
                     "values": Value.objects.count()}
        else:
            world = build(args.counties, args.years, args.others)
        print(f"{'reused' if reuse else 'built'} 1 city, {args.counties} counties, {args.others} other counties, 150 indicators "
              f"(+120 counts), {args.years} years: {world['values']:,} values in {time.perf_counter() - t:.1f} s")
        setup_test_environment()
        client = Client()
        from django.contrib.auth import get_user_model
        client.force_login(get_user_model().objects.get(username="bench_city_stats"))
        ok = True
        for name, url in (("counties page", f"/work/below/{world['year']}/"), ("acceptance queue", "/work/")):
            from django.core.cache import cache
            client.get(url)                                # the process warmed (imports, templates)
            cache.clear()
            t = time.perf_counter()
            assert client.get(url).status_code == 200      # cold: computes the roll-up and fills the cache
            cold = (time.perf_counter() - t) * 1000
            queries = []
            with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
                client.get(url)
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                status = client.get(url).status_code
                times.append(time.perf_counter() - t)
                assert status == 200, status
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000
            ok &= p95 < 300
            print(f"  {name:16} n={len(times)}  median {statistics.median(times) * 1000:5.0f} ms  "
                  f"p95 {p95:5.0f} ms  max {times[-1] * 1000:5.0f} ms  {len(queries)} queries  "
                  f"(first after a change of the values: {cold:.0f} ms)")
        print(f"  {'PASS' if ok else 'FAIL'}: target p95 < 300 ms")
    finally:
        from django.db import connections
        connections.close_all()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


if __name__ == "__main__":
    main()
