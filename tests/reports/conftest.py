"""Factory for PlanAssessment objects built without the database."""
from types import SimpleNamespace

import pytest

from lianggang.assessment import summarise, warnings
from lianggang.evaluation.results import PlanAssessment, TargetResult, YearValue


def make_result(domain, name, unit, values, status, *, dept="卫生健康委", flags=(), volatile=False):
    points = tuple(YearValue(y, v, frozenset(flags)) for y, v in sorted(values.items()))
    return TargetResult(
        target="≥95%", indicator=SimpleNamespace(name=name, unit=unit), domain=domain,
        department=SimpleNamespace(name=dept), series=dict(values), points=points, status=status,
        current=points[-1] if points else None, previous=points[-2] if len(points) > 1 else None,
        projected=None, gap=None, required_now=None, volatile=volatile, explanation="按近年趋势测算。",
    )


@pytest.fixture
def assessment():
    health = SimpleNamespace(name="妇女与健康")
    results = [
        make_result(health, "孕产妇死亡率", "1/10万", {2022: 16.0, 2023: 15.1}, "on_track"),
        make_result(health, "宫颈癌筛查率", "%", {2022: 95.3, 2023: 96.5}, "achieved", flags={"sample"}),
        make_result(health, "妇女肥胖率", "%", {2022: 10.0, 2023: 11.2}, "off_track"),
    ]
    summary = summarise(results)
    return PlanAssessment(
        plan=SimpleNamespace(title="某市妇女发展规划（2021—2025年）"), region=SimpleNamespace(name="某市"),
        year=2023, results=results, summary=summary, by_domain=[(health, summary)],
        warnings=warnings(results),
    )
