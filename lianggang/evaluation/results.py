"""What the evaluation service hands to reports, pages and the API.

Plain frozen dataclasses over the database objects: a report or a page reads
these and never queries values or re-runs the assessment itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language, gettext

from lianggang.assessment.model import Status, relative_gap
from lianggang.assessment.scoring import Summary, WarningGroup, is_warning, summarise_by, warning_groups

if TYPE_CHECKING:
    from lianggang.plans.models import Domain, Indicator, Plan, Target
    from lianggang.regions.models import Department, Region


@dataclass(frozen=True)
class YearValue:
    year: int
    value: float
    flags: frozenset[str] = frozenset()   # provisional, estimated, revised, series_break, sample


@dataclass(frozen=True)
class Note:
    """A sentence of the evaluation layer (not the core's), kept as its message and numbers so
    that a result cached once reads in whatever language the page asks for."""
    msgid: str                            # marked with gettext_noop where it is written
    params: dict[str, Any]

    def __str__(self) -> str:
        return gettext(self.msgid) % self.params


def core_language() -> str:
    """The core's sentence language for the active Django language: Chinese unless English."""
    return "en" if (get_language() or "").startswith("en") else "zh"


@dataclass(frozen=True)
class TargetResult:
    target: "Target"
    indicator: "Indicator"
    domain: "Domain"
    department: "Department | None"
    series: dict[int, float]              # approved headline values (total, total, all ages), years ≤ as_of
    points: tuple[YearValue, ...]         # the same with their flags, by year
    status: Status                        # the core's judgment (a str: "achieved" …)
    current: YearValue | None             # latest value
    previous: YearValue | None            # the value of the year before `current`, if reported
    projected: tuple[int, float, str] | None   # (target year, value, method)
    gap: float | None                     # to the target, in the target's unit (百分点 for %)
    required_now: float | None            # the straight path from baseline to target, this year
    volatile: bool
    explanation: Any                      # the core's Assessment, a Note, or a fixed sentence (str)
    details: dict[str, Any] = field(default_factory=dict)   # the core's inputs and intermediates

    def __post_init__(self):
        object.__setattr__(self, "status", Status(self.status))   # "achieved" → Status.ACHIEVED

    @property
    def reason(self) -> str:
        """One sentence with the numbers, in the active language (reports run in Chinese)."""
        e = self.explanation
        if isinstance(e, (str, Note)):
            return str(e)
        return e.reason_in(core_language())

    @property
    def status_label(self) -> str:
        """The status word in the active language (reports run in Chinese)."""
        return self.status.label(core_language())

    @property
    def position(self) -> Status | None:
        """待数据: where the latest value stands (judged as in its own year); None otherwise."""
        p = self.details.get("position")
        return Status(p) if p else None

    @property
    def on_path(self) -> bool | None:
        """时间过半、任务过半: at or beyond the straight path from baseline to target (None: no path)."""
        return self.details.get("expected_to_date_met")

    @property
    def relative_gap(self) -> float:
        value = getattr(self.target, "value", None)
        return relative_gap(self.gap, float(value) if value else None)

    @property
    def indicator_key(self):
        """Targets on one indicator share it (its id; its name for results built without the database)."""
        return getattr(self.indicator, "pk", None) or self.indicator.name

    @property
    def is_warning(self) -> bool:
        return is_warning(self)


@dataclass(frozen=True)
class PlanAssessment:
    plan: "Plan"
    region: "Region"
    year: int
    results: list[TargetResult]           # in plan order
    summary: Summary
    by_domain: list[tuple["Domain", Summary]]
    warnings: list[TargetResult]          # most severe first, each target once

    @property
    def warning_groups(self) -> list[WarningGroup]:
        """The warnings block: 未实现, 退步, 预计达标困难, 波动较大, each indicator once per group."""
        return warning_groups(self.results)

    @property
    def has_data(self) -> bool:
        return any(r.series for r in self.results)

    @property
    def by_department(self) -> list[tuple["Department | None", Summary]]:
        """The counts per responsible department (None: no department assigned)."""
        found = summarise_by(self.results, lambda r: r.department.pk if r.department else None)
        names = {r.department.pk: r.department for r in self.results if r.department}
        return [(names.get(k), s) for k, s in found.items()]


def _point(p: YearValue | None) -> dict | None:
    return None if p is None else {"year": p.year, "value": p.value, "flags": sorted(p.flags)}


def result_json(r: TargetResult, *, details: bool = False) -> dict:
    """One target's result as JSON (the API and `assess --plan --format json`)."""
    from lianggang.plans.models import describe_target
    out = {
        "target_id": r.target.pk, "target": describe_target(r.target), "indicator": r.indicator.name,
        "indicator_id": r.indicator.pk, "unit": r.target.unit or r.indicator.unit,
        "domain": r.domain.name, "department": r.department.name if r.department else None,
        "status": str(r.status), "status_label": r.status_label, "volatile": r.volatile,
        "position": None if r.position is None else str(r.position),
        "current": _point(r.current), "previous": _point(r.previous),
        "projected": None if r.projected is None else
        {"year": r.projected[0], "value": r.projected[1], "method": r.projected[2]},
        "gap": r.gap, "required_now": r.required_now, "on_path": r.on_path, "reason": r.reason,
        "series": [_point(p) for p in r.points],
    }
    if details:
        out["details"] = r.details
    return out


def summary_json(s: Summary) -> dict:
    return {"total": s.total, "assessable": s.assessable, "met": s.met,
            "attainment_rate": s.attainment_rate, "counts": {str(k): n for k, n in s.counts.items()},
            "on_path": s.on_path, "with_path": s.with_path}


def assessment_json(pa: PlanAssessment, *, details: bool = False) -> dict:
    """A PlanAssessment as JSON: summary, per-domain summaries, results, warnings (target ids)."""
    return {
        "plan": pa.plan.pk, "plan_title": pa.plan.title, "region": pa.region.code,
        "region_name": pa.region.name, "year": pa.year,
        "summary": summary_json(pa.summary),
        "by_domain": [{"domain": d.name, **summary_json(s)} for d, s in pa.by_domain],
        "results": [result_json(r, details=details) for r in pa.results],
        "warnings": [r.target.pk for r in pa.warnings],
    }
