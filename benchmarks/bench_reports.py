"""Time the annual report of a 100-target plan with all its charts, as docx and as PDF.

Run: .venv/bin/python benchmarks/bench_reports.py  (no database needed: results built in memory)
"""
import os
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianggang.settings")

from lianggang.evaluation.results import PlanAssessment, Summary, TargetResult, YearValue  # noqa: E402
from lianggang.reports import content, render_docx, render_pdf  # noqa: E402


def plan_of(n: int) -> PlanAssessment:
    domains = [SimpleNamespace(name=f"领域{i}") for i in range(10)]
    results = []
    for i in range(n):
        pts = tuple(YearValue(y, 50 + i % 7 + (y - 2020) * 0.7) for y in range(2020, 2024))
        results.append(TargetResult(
            target=SimpleNamespace(value=60.0), indicator=SimpleNamespace(name=f"指标{i}", unit="%"),
            domain=domains[i % 10], department=SimpleNamespace(name="统计局"), series={p.year: p.value for p in pts},
            points=pts, status="on_track", current=pts[-1], previous=pts[-2], projected=None, gap=None,
            required_now=None, volatile=False, reason="按近年趋势测算。"))
    s = Summary({"on_track": n}, n, n, 0)
    return PlanAssessment(SimpleNamespace(title="基准纲要"), None, 2023, results, s, [(d, s) for d in domains], [])


if __name__ == "__main__":
    pa = plan_of(100)
    t0 = time.perf_counter()
    doc = content.annual(pa)
    t1 = time.perf_counter()
    render_docx.render(doc)
    t2 = time.perf_counter()
    render_pdf.render(doc)
    t3 = time.perf_counter()
    print(f"content + 100 charts: {t1 - t0:.2f} s")
    print(f"docx total: {t2 - t0:.2f} s")
    print(f"pdf total (charts reused): {t1 - t0 + t3 - t2:.2f} s")
