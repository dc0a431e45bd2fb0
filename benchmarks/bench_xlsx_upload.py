"""Benchmark: a department uploads its filled 200-row Excel form (validate + save, all or nothing).

A plan with 140 plain indicators and 20 counted by sex (3 rows each) owed by one
department: 200 rows. The form is built by the system, filled with openpyxl, and
`excel.import_values` is timed as the page and the command call it — reading the
xlsx, checking every row and the consistency rules, and saving each value with its
history. Five uploads, each changing every value (so every row is written).

Run: .venv/bin/python benchmarks/bench_xlsx_upload.py [--url postgres://postgres@127.0.0.1:5432/lianggang_bench_xlsx | --url sqlite]
Target: ≤ 1 s per upload.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/lianggang_bench_xlsx")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    admin = None
    if args.url == "sqlite":
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    else:
        import psycopg
        base, _, dbname = args.url.rpartition("/")
        admin = psycopg.connect(base + "/postgres", autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        admin.execute(f'CREATE DATABASE "{dbname}"')
        url = args.url
    os.environ["DATABASE_URL"] = url
    os.environ["LIANGGANG_VAR"] = tmp.name
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")   # the form is signed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")
    try:
        import django
        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from openpyxl import load_workbook

        from lianggang.monitoring import excel
        from lianggang.monitoring.models import Obligation, Round, Value
        from lianggang.plans.models import Plan, Subject
        from lianggang.regions.models import Department, Region, RegionLevel
        from tests.factories import make_indicator, make_user
        from lianggang.accounts.models import Role

        call_command("migrate", verbosity=0)
        region = Region.objects.create(code="990101", name="基准县", level=RegionLevel.COUNTY)
        dept = Department.objects.create(region=region, name="卫生健康委员会", short_name="卫健委")
        plan = Plan.objects.create(title="基准县妇女发展纲要（2021—2030年）", subject=Subject.WOMEN, region=region,
                                   region_name=region.name, start_year=2021, end_year=2030, source="bench-xlsx")
        # Indicators belong to the region; the plan watches each through a target, the round owes them.
        inds = ([make_indicator(plan, f"比率指标{i}", "%") for i in range(140)]
                + [make_indicator(plan, f"人数指标{i}", "人", by_sex=True) for i in range(20)])
        rnd = Round.objects.create(region=region, year=2025)
        Obligation.objects.bulk_create([Obligation(round=rnd, department=dept, indicator=i) for i in inds])
        filler = make_user("bench_filler", Role.FILLER, region, dept)

        rng = random.Random(2025)
        times = []
        for run in range(args.runs):
            wb = load_workbook(io.BytesIO(excel.build_template(rnd, dept, user=filler)))
            ws = wb[excel.FORM_SHEET]
            rows = list(range(excel.HEADER_ROW + 1, ws.max_row + 1))
            by_ind: dict[str, dict[str, int]] = {}
            for r in rows:
                by_ind.setdefault(ws[f"B{r}"].value, {})[ws[f"C{r}"].value] = r
            for name, cells in by_ind.items():
                if len(cells) == 1:
                    ws[f"J{cells['合计']}"] = round(rng.uniform(50, 99), 2)
                else:
                    fe, ma = rng.randint(100, 900), rng.randint(100, 900)
                    ws[f"J{cells['合计']}"], ws[f"J{cells['女']}"], ws[f"J{cells['男']}"] = fe + ma, fe, ma
            out = io.BytesIO()
            wb.save(out)
            data = out.getvalue()
            connection.close()   # each upload is a fresh request
            t = time.perf_counter()
            result = excel.import_values(data, user=filler, filename="卫健委.xlsx")
            times.append(time.perf_counter() - t)
            assert result.entered == len(rows) == 200, (result.entered, len(rows))
        print(f"{connection.vendor}: 200-row xlsx upload ({len(data) // 1024} KB): "
              f"median {statistics.median(times):.3f} s, max {max(times):.3f} s over {args.runs} uploads")
        print(f"  {'PASS' if statistics.median(times) <= 1 else 'FAIL'}: target ≤ 1 s")
        assert Value.objects.count() == 200
        connection.close()
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            admin.close()
        tmp.cleanup()


if __name__ == "__main__":
    main()
