"""What the evaluation service hands to reports, pages and the API.

Plain frozen dataclasses over the database objects: a report or a page reads
these and never queries values or re-runs the assessment itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lianggang.plans.models import Domain, Indicator, Plan, Target
    from lianggang.regions.models import Department, Region


# Status codes of the assessment core, in order from best to worst, with the
# words the national monitoring reports use (translated on English pages; reports stay Chinese).
STATUS_LABELS: dict[str, str] = {
    "achieved": _("已实现"),
    "basically_achieved": _("基本实现"),
    "on_track": _("进展顺利"),
    "at_risk": _("预计达标困难"),
    "off_track": _("退步"),
    "not_achieved": _("未实现"),
    "no_data": _("数据不足"),
}
MET = ("achieved", "basically_achieved")


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
    status: str                           # a key of STATUS_LABELS
    current: YearValue | None             # latest value
    previous: YearValue | None            # the value of the year before `current`, if reported
    projected: tuple[int, float, str] | None   # (target year, value, method)
    gap: float | None                     # to the target, in the target's unit (百分点 for %)
    required_now: float | None            # the straight path from baseline to target, this year
    volatile: bool
    explanation: Any                      # the core's Assessment, a Note, or a fixed sentence (str)
    details: dict[str, Any] = field(default_factory=dict)   # the core's inputs and intermediates

    @property
    def reason(self) -> str:
        """One sentence with the numbers, in the active language (reports run in Chinese)."""
        e = self.explanation
        if isinstance(e, (str, Note)):
            return str(e)
        return e.reason_in(core_language())

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])   # in the active language, as a plain str (JSON, f-strings)

    @property
    def on_path(self) -> bool | None:
        """时间过半、任务过半: at or beyond the straight path from baseline to target (None: no path)."""
        return self.details.get("expected_to_date_met")

    @property
    def is_warning(self) -> bool:
        return self.status in ("at_risk", "off_track", "not_achieved") or self.volatile


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]                # status → number of targets
    total: int
    assessable: int                       # all but no_data
    met: int                              # achieved + basically_achieved
    on_path: int = 0                      # mid-term check: at or beyond the straight path …
    with_path: int = 0                    # … of the targets that have one (a baseline)

    @property
    def attainment_rate(self) -> float | None:
        """达标率 = met ÷ assessable, in percent; None when nothing is assessable."""
        return round(100 * self.met / self.assessable, 1) if self.assessable else None


@dataclass(frozen=True)
class PlanAssessment:
    plan: "Plan"
    region: "Region"
    year: int
    results: list[TargetResult]           # in plan order
    summary: Summary
    by_domain: list[tuple["Domain", Summary]]
    warnings: list[TargetResult]          # most severe first

    @property
    def has_data(self) -> bool:
        return any(r.series for r in self.results)


def _point(p: YearValue | None) -> dict | None:
    return None if p is None else {"year": p.year, "value": p.value, "flags": sorted(p.flags)}


def result_json(r: TargetResult, *, details: bool = False) -> dict:
    """One target's result as JSON (the API and `assess --plan --format json`)."""
    from lianggang.plans.models import describe_target
    out = {
        "target_id": r.target.pk, "target": describe_target(r.target), "indicator": r.indicator.name,
        "indicator_id": r.indicator.pk, "unit": r.target.unit or r.indicator.unit,
        "domain": r.domain.name, "department": r.department.name if r.department else None,
        "status": r.status, "status_label": r.status_label, "volatile": r.volatile,
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
            "attainment_rate": s.attainment_rate, "counts": s.counts,
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
