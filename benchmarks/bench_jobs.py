"""Time a report job end to end against a running `lianggang serve` (gunicorn and its worker), over HTTP
as a browser would: how long the request that starts it takes, how long the job takes until the file is
offered, and how quickly the job's page answers its polls meanwhile.

    lianggang serve --bind 127.0.0.1:8765 &            # with its worker (the default)
    .venv/bin/python benchmarks/bench_jobs.py --url http://127.0.0.1:8765 --user stats --password … \\
        --plan 4 --region 150000 --year 2024 --kind annual --format pdf [--starts 10]

Loopback only. `--starts N` also times N more start requests (cheap xlsx tables jobs) while the
worker is busy with the report.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import io
import re
import statistics
import time
import urllib.parse
import urllib.request

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, bytes, str]:
        with self.opener.open(self.url + path) as r:
            return r.status, r.read(), r.geturl()

    def post(self, path: str, data: dict, token_from: str) -> tuple[int, bytes, str]:
        _, page, _ = self.get(token_from)
        data = {**data, "csrfmiddlewaretoken": TOKEN.search(page.decode()).group(1)}
        req = urllib.request.Request(self.url + path, urllib.parse.urlencode(data).encode(),
                                     headers={"Referer": self.url + token_from})
        with self.opener.open(req) as r:
            return r.status, r.read(), r.geturl()


def timed_start(b: Browser, form: dict) -> tuple[float, str]:
    _, page, _ = b.get("/reports/")
    token = TOKEN.search(page.decode()).group(1)
    req = urllib.request.Request(b.url + "/jobs/report/", urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token}).encode(),
                                 headers={"Referer": b.url + "/reports/"})
    t = time.perf_counter()
    with b.opener.open(req) as r:   # follows the redirect to the job's page: both count, as for a person
        r.read()
        where = r.geturl()
    return time.perf_counter() - t, where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8765")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--region", default="")
    ap.add_argument("--year", default="")
    ap.add_argument("--kind", default="annual")
    ap.add_argument("--format", default="pdf")
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=600)
    o = ap.parse_args()
    if not re.match(r"https?://(127\.|localhost|\[::1\])", o.url):
        raise SystemExit("loopback only")

    b = Browser(o.url)
    b.post("/accounts/login/", {"username": o.user, "password": o.password}, "/accounts/login/")
    form = {"plan": o.plan, "region": o.region, "year": o.year, "kind": o.kind, "format": o.format}
    start_latency, job_url = timed_start(b, form)
    t0 = time.perf_counter() - start_latency
    job = re.search(r"/jobs/(\d+)/", job_url).group(1)
    polls = []
    while True:
        t = time.perf_counter()
        _, partial, _ = b.get(f"/jobs/{job}/status/")
        polls.append(time.perf_counter() - t)
        text = partial.decode()
        if "data-poll" not in text:
            break
        if time.perf_counter() - t0 > o.timeout:
            raise SystemExit("timed out")
        if len(polls) == 2 and o.starts:      # the worker is busy now: time more starts meanwhile
            others = [timed_start(b, {**form, "kind": "tables", "format": "xlsx"})[0] for _ in range(o.starts)]
        time.sleep(1.0)
    total = time.perf_counter() - t0
    if "/download/" not in text:
        raise SystemExit("job failed: " + re.sub(r"<[^>]+>", " ", text))
    _, data, _ = b.get(f"/jobs/{job}/download/")
    pages = ""
    if o.format == "pdf":
        from pypdf import PdfReader
        pages = f", {len(PdfReader(io.BytesIO(data)).pages)} pages"
    print(f"{o.kind} {o.format}: {len(data) / 1e6:.1f} MB{pages}; job done {total:.1f} s after the request")
    print(f"start request (POST + redirect to the job page): {start_latency * 1000:.0f} ms")
    if o.starts and len(polls) > 2:
        print(f"{o.starts} more starts while the worker was busy: median {statistics.median(others) * 1000:.0f} ms, "
              f"max {max(others) * 1000:.0f} ms")
    print(f"{len(polls)} status polls: median {statistics.median(polls) * 1000:.0f} ms, max {max(polls) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
