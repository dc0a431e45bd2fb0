"""Benchmark: dashboard and indicator page under 50 concurrent users, national-scale data in PostgreSQL.

Data: a province with 30 cities and 2,969 counties (3,000 regions), one plan of 100 threshold
targets in 8 domains, approved headline values for every region, indicator and year 2020–2025
(1.8 M values, written with COPY). The server is `lianggang serve` (gunicorn, DEBUG off).
Load: 50 simulated users, each logged in (before the clock starts) as the province's statistics
bureau, each looping "open a page, think 1–3 s" (as locust users do) over the province dashboard, a city dashboard,
a county dashboard and indicator pages, for --seconds. Latency is measured per request.

Run: .venv/bin/python benchmarks/bench_pages.py [--users 50] [--seconds 60] [--workers N]
     [--url postgres://postgres@127.0.0.1:5432/lianggang_bench_pages] [--keep | --reuse]
Target: p95 ≤ 300 ms for the dashboard and for the indicator page.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = range(2020, 2026)
N_TARGETS = 100
DOMAINS = ("健康", "教育", "经济", "参与决策和管理", "社会保障", "家庭建设", "环境", "法律")


def admin_connect(url: str):
    import psycopg
    base, _, name = url.rpartition("/")
    return psycopg.connect(base + "/postgres", autocommit=True), name


def build(n_regions: int) -> dict:
    """Regions, the plan and its targets through the ORM; the values with COPY."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection

    from lianggang.accounts.models import Profile, Role
    from lianggang.plans.models import Domain, Goal, Indicator, Plan, Subject, Target
    from lianggang.regions.models import Region, RegionLevel

    province = Region.objects.create(code="990000", name="基准省", level=RegionLevel.PROVINCE)
    cities = Region.objects.bulk_create([Region(code=f"99{c:02d}00", name=f"基准市{c}", level=RegionLevel.CITY,
                                                parent=province) for c in range(1, 31)])
    per_city = (n_regions - 31) // 30 + 1
    counties = []
    for city in cities:
        for k in range(per_city):
            if len(counties) + 31 >= n_regions:
                break
            counties.append(Region(code=f"{city.code[:4]}{k + 1:03d}", name=f"{city.name}县{k + 1}",
                                   level=RegionLevel.COUNTY, parent=city))
    Region.objects.bulk_create(counties)
    plan = Plan.objects.create(title="基准省妇女发展纲要（2021—2030年）", subject=Subject.WOMEN, region=province,
                               region_name="基准省", start_year=2021, end_year=2030, source="bench-pages")
    rng = random.Random(3000)
    indicators = []
    for d, name in enumerate(DOMAINS):
        domain = Domain.objects.create(plan=plan, code=str(d + 1), name=f"妇女与{name}", position=d)
        for g in range(N_TARGETS // len(DOMAINS) + (1 if d < N_TARGETS % len(DOMAINS) else 0)):
            ind = Indicator.objects.create(owner=province, name=f"{name}指标{g + 1}", unit="%",
                                           better="higher" if g % 3 else "lower")
            goal = Goal.objects.create(domain=domain, code=f"{d + 1}.{g + 1}", text=ind.name, position=g)
            op = ">=" if ind.better == "higher" else "<="
            Target.objects.create(goal=goal, indicator=ind, position=0, kind="threshold", op=op,
                                  value=Decimal(80 if op == ">=" else 20), unit="%")
            indicators.append(ind)
    regions = [province, *cities, *counties]
    with connection.cursor() as cur:
        raw = cur.connection
        with raw.cursor().copy("COPY monitoring_value (indicator_id, region_id, year, sex, area, age_group, value, "
                               "unit, source, note, provisional, estimated, revised, series_break, is_sample, "
                               "state, version, updated_at) FROM STDIN") as copy:
            for region in regions:
                for ind in indicators:
                    start = rng.uniform(50, 85) if ind.better == "higher" else rng.uniform(15, 40)
                    step = rng.uniform(-1.5, 2.5) * (1 if ind.better == "higher" else -1)
                    for i, year in enumerate(YEARS):
                        v = max(0.0, min(100.0, start + step * i + rng.gauss(0, 0.8)))
                        copy.write_row((ind.pk, region.pk, year, "total", "total", "", round(v, 2), "%", "", "",
                                        False, False, False, False, True, "approved", 1, "2026-01-01T00:00:00Z"))
        cur.execute("ANALYZE monitoring_value")
    user = get_user_model().objects.create_user("bench_tongji", password="bench-pages-1")
    Profile.objects.create(user=user, role=Role.STATISTICS, region=province)
    return {"plan": plan.pk, "province": province.code, "cities": [c.code for c in cities],
            "counties": [c.code for c in counties], "indicators": [i.pk for i in indicators],
            "values": len(regions) * len(indicators) * len(YEARS)}


def existing_world() -> dict:
    """What build() returned, read back from a kept database."""
    from lianggang.monitoring.models import Value
    from lianggang.plans.models import Plan
    from lianggang.regions.models import Region, RegionLevel

    plan = Plan.objects.get(source="bench-pages")
    codes = lambda level: list(Region.objects.filter(level=level).order_by("code").values_list("code", flat=True))
    return {"plan": plan.pk, "province": plan.region.code, "cities": codes(RegionLevel.CITY),
            "counties": codes(RegionLevel.COUNTY),
            "indicators": list(plan.indicators.order_by("pk").values_list("pk", flat=True)),
            "values": Value.objects.count()}


class Session:
    """One simulated user: its own connection and session cookie."""

    def __init__(self, host: str, port: int):
        self.host, self.port, self.cookies = host, port, {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=/"
        status, _ = self.request("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{self.host}:{self.port}/"})
        if status != 302:
            raise SystemExit(f"login failed: HTTP {status}")


def user_loop(s, world, until, results, lock, think):
    rng = random.Random()
    plan = world["plan"]
    time.sleep(rng.uniform(0, think[1]))   # users arrive spread out, as a ramp-up would spread them
    while time.monotonic() < until:
        kind = rng.choice(("dashboard", "dashboard", "indicator", "indicator"))
        if kind == "dashboard":
            region = rng.choice([world["province"]] + world["cities"] + rng.sample(world["counties"], 3))
            path = f"/plans/{plan}/?region={region}"
        else:
            region = rng.choice([world["province"]] + world["cities"])
            path = f"/plans/{plan}/indicators/{rng.choice(world['indicators'])}/?region={region}"
        t = time.perf_counter()
        status, _ = s.request("GET", path)
        elapsed = time.perf_counter() - t
        with lock:
            results.append((kind, elapsed, status, path))
        time.sleep(rng.uniform(*think))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    ap.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/lianggang_bench_pages")
    ap.add_argument("--slowest", type=int, default=0, help="list the N slowest requests")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    ap.add_argument("--reuse", action="store_true", help="use the database a --keep run left (skips the build)")
    args = ap.parse_args()

    admin, dbname = admin_connect(args.url)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    reuse = args.reuse and exists
    if not reuse:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        admin.execute(f'CREATE DATABASE "{dbname}"')
    # the server refuses to start without a key (README, Configuration): a scratch one for the scratch database
    env = dict(os.environ, DATABASE_URL=args.url, DJANGO_SETTINGS_MODULE="lianggang.settings", DEBUG="0",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-pages-scratch-key-not-secret"),
               SECURE_COOKIES="0", ALLOWED_HOSTS="127.0.0.1,localhost")
    os.environ.update(env)
    server = None
    try:
        import django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        world = existing_world() if reuse else build(args.regions)
        print(f"{'reused' if reuse else 'built'} {args.regions:,} regions, {N_TARGETS} targets, {world['values']:,} values "
              f"in {time.perf_counter() - t:.1f} s")
        from django.core.cache import cache
        cache.clear()   # start cold: a kept database keeps the last run's cached assessments and tables
        from django.db import connections
        connections.close_all()
        server = subprocess.Popen([sys.executable, "-m", "lianggang", "serve", "--bind", f"127.0.0.1:{args.port}",
                                   "--workers", str(args.workers)], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        # warm every worker once (imports, first queries), then measure
        warm = Session("127.0.0.1", args.port)
        warm.login("bench_tongji", "bench-pages-1")
        for _ in range(args.workers * 2):
            warm.request("GET", f"/plans/{world['plan']}/")
            warm.request("GET", f"/plans/{world['plan']}/indicators/{world['indicators'][0]}/")
        # Everyone logs in before the clock starts: the target is about pages, not a login storm
        # (a password check is argon2, deliberately slow).
        sessions, t = [], time.perf_counter()
        for _ in range(args.users):
            sessions.append(Session("127.0.0.1", args.port))
            sessions[-1].login("bench_tongji", "bench-pages-1")
        print(f"{args.users} logins one after another: {(time.perf_counter() - t) / args.users * 1000:.0f} ms each "
              f"(the login page and an argon2 password check)")
        results, lock = [], threading.Lock()
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=user_loop, args=(s, world, until, results, lock, args.think))
                   for s in sessions]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        print(f"{args.users} users, think {args.think[0]:g}–{args.think[1]:g} s, {args.seconds} s, "
              f"gunicorn {args.workers} workers, {os.cpu_count()} CPUs")
        ok = True
        for kind in ("dashboard", "indicator"):
            times = [e for k, e, s, _ in results if k == kind]
            errors = sum(1 for k, e, s, _ in results if k == kind and s != 200)
            p95 = percentile(times, 95) * 1000
            ok &= p95 <= 300 and not errors
            print(f"  {kind:9} n={len(times):5}  median {statistics.median(times) * 1000:6.0f} ms  "
                  f"p95 {p95:6.0f} ms  max {max(times) * 1000:6.0f} ms  errors {errors}")
        print(f"  {'PASS' if ok else 'FAIL'}: target p95 ≤ 300 ms")
        if args.slowest:
            for kind, elapsed, status, path in sorted(results, key=lambda r: -r[1])[:args.slowest]:
                print(f"    {elapsed * 1000:6.0f} ms  {status}  {path}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        from django.db import connections
        connections.close_all()
        if not (args.keep or args.reuse):
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
