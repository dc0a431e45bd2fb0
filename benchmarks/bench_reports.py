"""Time the annual report of a 100-target plan with all its charts, as docx and as PDF.

Each target's indicator gets a trend chart and, with --subregions K (default 3, as
阿拉善盟 has), a sub-region table and bar chart: ~200 charts for 100 targets.
No database needed: the assessments are built in memory.

Run: .venv/bin/python benchmarks/bench_reports.py [--targets 100] [--subregions 3] [--workers N] [--repeat 1]
"""
import argparse
import os
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")

import django  # noqa: E402

django.setup()   # the report modules import the models (marks, units); nothing touches the database

from lianggang.assessment import Status, summarise, warnings  # noqa: E402
from lianggang.evaluation.results import PlanAssessment, TargetResult, YearValue  # noqa: E402

YEARS = range(2020, 2026)


def results_of(n: int, domains, offset: float, indicators) -> list[TargetResult]:
    out = []
    for i in range(n):
        pts = tuple(YearValue(y, round(50 + i % 7 + offset + (y - 2020) * 0.7, 2), frozenset({"sample"}))
                    for y in YEARS)
        out.append(TargetResult(
            target=SimpleNamespace(value=60.0), indicator=indicators[i], domain=domains[i % 10],
            department=SimpleNamespace(name=f"成员单位{i % 12}"), series={p.year: p.value for p in pts},
            points=pts, status=(Status.ON_TRACK, Status.AT_RISK, Status.ACHIEVED, Status.OFF_TRACK)[i % 4], current=pts[-1],
            previous=pts[-2], projected=None, gap=None, required_now=None, volatile=False,
            explanation="按近年趋势测算。"))
    return out


def assessment(n: int, region, domains, offset: float, indicators) -> PlanAssessment:
    results = results_of(n, domains, offset, indicators)
    s = summarise(results)
    plan = SimpleNamespace(title="基准纲要", start_year=2021, end_year=2030)
    return PlanAssessment(plan, region, YEARS[-1], results, s, [(d, s) for d in domains], warnings(results))


def plan_of(n: int, subregions: int = 0) -> tuple[PlanAssessment, list[PlanAssessment]]:
    domains = [SimpleNamespace(name=f"领域{i}") for i in range(10)]
    indicators = [SimpleNamespace(name=f"指标{i}", unit="%", pk=i) for i in range(n)]
    pa = assessment(n, SimpleNamespace(name="本级", code="150000"), domains, 0.0, indicators)
    subs = [assessment(n, SimpleNamespace(name=f"下级地区{k}", code=f"1500{k:02d}"), domains, k - 1.5, indicators)
            for k in range(subregions)]
    return pa, subs


def cpu() -> float:
    """User + system CPU seconds of this process and its finished children (the chart workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=100)
    parser.add_argument("--subregions", type=int, default=3, help="0: trend charts only (the old benchmark)")
    parser.add_argument("--workers", help="chart worker processes (LIANGGANG_CHART_WORKERS); 1 = no parallelism")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best is reported")
    args = parser.parse_args()
    if args.workers:
        os.environ["LIANGGANG_CHART_WORKERS"] = args.workers
    from lianggang.reports import charts, content, render_docx, render_pdf

    import weasyprint  # noqa: F401  imported up front: a server has it loaded already
    pa, subs = plan_of(args.targets, args.subregions)
    best = best_cpu = None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), cpu()
        doc = content.annual(pa, subregions=subs)
        t1, c1 = time.perf_counter(), cpu()
        render_docx.render(doc)
        t2, c2 = time.perf_counter(), cpu()
        render_pdf.render(doc)
        t3, c3 = time.perf_counter(), cpu()
        run, run_cpu = (t1 - t0, t2 - t1, t3 - t2), (c1 - c0, c2 - c1, c3 - c2)
        if best is None or sum(run) < sum(best):
            best, best_cpu = run, run_cpu
    n_charts = sum(len(s.charts) for s in content.walk(doc.sections))
    draw, docx, pdf = best
    cdraw, cdocx, cpdf = best_cpu
    print(f"{args.targets} targets, {args.subregions} sub-regions, {n_charts} charts, "
          f"{charts.workers()} chart worker(s), {os.cpu_count()} CPU(s)")
    print(f"load average {os.getloadavg()[0]:.1f}: wall times suffer on a busy machine; CPU seconds "
          f"(this process and the chart workers) do not")
    print(f"content + charts: {draw:.2f} s   (CPU {cdraw:.2f} s)")
    print(f"docx total: {draw + docx:.2f} s   (docx writing {docx:.2f} s, CPU {cdocx:.2f} s)")
    print(f"pdf total:  {draw + pdf:.2f} s   (WeasyPrint {pdf:.2f} s, CPU {cpdf:.2f} s)")


if __name__ == "__main__":
    main()
