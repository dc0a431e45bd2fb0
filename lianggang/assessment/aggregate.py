"""Many targets, many regions: counts, 达标率, the mid-term check, early warnings.

达标率 = (achieved + basically_achieved) ÷ assessable, assessable = all but
no_data: the national monitoring reports count 基本实现 as reached.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .model import STATUS_RANK, Assessment, Status

S = Status
REACHED = (S.ACHIEVED, S.BASICALLY_ACHIEVED)


@dataclass(frozen=True, slots=True)
class GroupSummary:
    key: Any
    counts: dict
    assessable: int
    reached: int
    attainment_rate: float | None
    #: mid-term: targets at or beyond their straight path / targets with a path
    on_path: int
    with_path: int


@dataclass(frozen=True, slots=True)
class Summary:
    groups: dict = field(default_factory=dict)

    def __getitem__(self, key) -> GroupSummary:
        return self.groups[key]


def _keyfunc(key) -> Callable[[Assessment], Any]:
    if key is None:
        return lambda a: None
    if callable(key):
        return key
    return lambda a: a.group.get(key, a.target.get(key))


def summarise(assessments: Iterable[Assessment], key: str | Callable | None = None) -> Summary:
    """Counts by status, 达标率 and the mid-term check per group key.

    ``key`` is a name looked up in ``a.group`` then in the target dict
    ("domain", "plan", "region"), a function, or None for one group.
    """
    kf = _keyfunc(key)
    acc: dict = {}
    for a in assessments:
        k = kf(a)
        c = acc.get(k)
        if c is None:
            c = acc[k] = [Counter(), 0, 0]
        c[0][a.status] += 1
        ok = a.details.get("expected_to_date_met")
        if ok is not None and a.status is not S.NO_DATA:
            c[2] += 1
            if ok or a.status in REACHED:
                c[1] += 1
    groups = {}
    for k, (cnt, on, wp) in acc.items():
        assessable = sum(cnt.values()) - cnt[S.NO_DATA]
        reached = cnt[S.ACHIEVED] + cnt[S.BASICALLY_ACHIEVED]
        groups[k] = GroupSummary(k, {str(s): cnt[s] for s in Status}, assessable, reached,
                                 reached / assessable if assessable else None, on, wp)
    return Summary(groups)


def midterm(assessments: Iterable[Assessment]) -> list[tuple[Any, bool | None]]:
    """时间过半、任务过半: (id, at or beyond the straight path?) per assessment."""
    return [(a.id, a.details.get("expected_to_date_met")) for a in assessments]


@dataclass(frozen=True, slots=True)
class Warning:
    id: Any
    status: Status
    volatile: bool
    relative_gap: float
    department: Any
    assessment: Assessment

    @property
    def reason(self) -> str:
        """Built on demand, like Assessment.reason."""
        return self.assessment.reason


#: Severity: not_achieved > off_track > at_risk > volatile only; then the larger relative gap.
SEVERITY = {S.NOT_ACHIEVED: 0, S.OFF_TRACK: 1, S.AT_RISK: 2}


def warnings(assessments: Iterable[Assessment]) -> list[Warning]:
    """Targets not achieved, off track, at risk or volatile, most severe first."""
    out = []
    for a in assessments:
        sev = SEVERITY.get(a.status)
        if sev is None and not a.volatile:
            continue
        tv = a.target_value
        rg = abs(a.gap or 0.0) / abs(tv) if tv else abs(a.gap or 0.0)
        dep = a.group.get("department") or a.target.get("department") or a.target.get("responsible")
        out.append((3 if sev is None else sev, -rg, Warning(a.id, a.status, a.volatile, rg, dep, a)))
    out.sort(key=lambda x: (x[0], x[1]))
    return [w for _, _, w in out]


__all__ = ["Summary", "GroupSummary", "Warning", "summarise", "warnings", "midterm",
           "STATUS_RANK"]
