"""纲要衔接 from the database: each target of a plan beside the same indicator's target in the plans
above it — its upper plan, that plan's upper plan, up to the national plan — judged by the pure
comparison in lianggang/lib/alignment.py. Also the one way to change a plan's upper plan.

Two targets are "for the same indicator" when they name the same monitoring indicator or the same
catalogue entry. A plan with several targets on one indicator is represented by its main one (a
threshold first, then a change, then a direction).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianggang.accounts.permissions import Action, require
from lianggang.audit.services import record
from lianggang.lib import alignment as core
from lianggang.plans.models import Indicator, Plan, Target

VERDICT_LABELS = {
    core.STRICTER: gettext_lazy("严于上级"),
    core.EQUAL: gettext_lazy("与上级一致"),
    core.WEAKER: gettext_lazy("低于上级"),
    core.MISSING: gettext_lazy("未设上级目标"),
    core.NO_UPPER: gettext_lazy("上级无此目标"),
    core.NOT_COMPARABLE: gettext_lazy("不可直接比较"),
}
# what the report and the page count: the verdicts on targets both plans set, and the missing ones
COUNTED = (core.STRICTER, core.EQUAL, core.WEAKER, core.MISSING)
MAX_DEPTH = 6


class AlignmentError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Side:
    plan: Plan
    target: Target | None
    verdict: core.Verdict

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self.verdict.verdict])


@dataclass
class AlignmentRow:
    indicator: Indicator
    target: Target | None            # the plan's own (None: the upper plan's target it lacks)
    uppers: list[Side]               # one per upper plan, nearest first

    @property
    def verdict(self) -> str:
        """Against the nearest upper plan."""
        return self.uppers[0].verdict.verdict if self.uppers else core.NO_UPPER


@dataclass
class PlanAlignment:
    plan: Plan
    uppers: list[Plan]
    rows: list[AlignmentRow] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(code, label, number) of the counted verdicts against the nearest upper plan."""
        return [(v, str(VERDICT_LABELS[v]), self.count(v)) for v in COUNTED]

    @property
    def compared(self) -> int:
        """Targets set beside an upper plan's: stricter, equal or weaker."""
        return sum(self.count(v) for v in (core.STRICTER, core.EQUAL, core.WEAKER))


def upper_plans(plan: Plan) -> list[Plan]:
    """The plan's upper plan, its upper plan's, … and the national plan of the subject if the chain
    did not reach it."""
    chain, node = [], plan.upper_plan
    while node is not None and node not in chain and node != plan and len(chain) < MAX_DEPTH:
        chain.append(node)
        node = node.upper_plan
    if chain and not any(p.region.parent_id is None for p in chain):
        national = (Plan.objects.filter(region__parent__isnull=True, subject=plan.subject)
                    .exclude(pk__in=[p.pk for p in chain]).order_by("-end_year").first())
        if national is not None:
            chain.append(national)
    return chain


def _key(t: Target) -> tuple[str, int]:
    return ("s", t.indicator.standard_id) if t.indicator.standard_id else ("i", t.indicator_id)


KIND_ORDER = {"threshold": 0, "change": 1, "direction": 2, "comparison": 3}


def _main_targets(targets) -> dict[tuple[str, int], Target]:
    out: dict[tuple[str, int], Target] = {}
    for t in targets:
        k = _key(t)
        if k not in out or KIND_ORDER.get(t.kind, 9) < KIND_ORDER.get(out[k].kind, 9):
            out[k] = t
    return out


def aim_of(t: Target) -> core.Aim:
    return core.Aim(t.kind, t.op, t.value, t.unit, t.direction, bool(t.per_year), t.target_year, t.ratio)


def plan_alignment(plan: Plan) -> PlanAlignment:
    """Every indicator the plan or its nearest upper plan sets a target for, each upper plan's verdict."""
    uppers = upper_plans(plan)
    plans = [plan, *uppers]
    targets = (Target.objects.filter(goal__domain__plan__in=plans)
               .select_related("indicator__standard", "goal__domain__plan")
               .order_by("goal__domain__position", "goal__position", "position"))
    by_plan: dict[int, list[Target]] = {p.pk: [] for p in plans}
    for t in targets:
        by_plan[t.goal.domain.plan_id].append(t)
    main = {pk: _main_targets(ts) for pk, ts in by_plan.items()}
    keys = list(main[plan.pk])
    if uppers:
        keys += [k for k in main[uppers[0].pk] if k not in main[plan.pk]]
    result = PlanAlignment(plan, uppers)
    for k in keys:
        own = main[plan.pk].get(k)
        indicator = (own or main[uppers[0].pk][k]).indicator
        sides = []
        for upper in uppers:
            theirs = main[upper.pk].get(k)
            if own is None and theirs is None:
                sides.append(Side(upper, None, core.Verdict(core.NO_UPPER)))
                continue
            verdict = core.compare(aim_of(own) if own else None, aim_of(theirs) if theirs else None,
                                   indicator.better)
            sides.append(Side(upper, theirs, verdict))
        result.rows.append(AlignmentRow(indicator, own, sides))
    return result


def candidate_upper_plans(plan: Plan):
    """Plans a plan may follow: those of the regions above it."""
    return Plan.objects.filter(region__in=plan.region.ancestors()).select_related("region").order_by(
        "region__code", "subject", "-end_year")


def set_upper_plan(user, plan: Plan, upper: Plan | None) -> Plan:
    """The office names (or clears) the plan its plan follows: a plan of a region above it."""
    require(user, Action.MANAGE_PLAN, plan)
    if upper is not None and upper.region_id not in {r.pk for r in plan.region.ancestors()}:
        raise AlignmentError(_("上级纲要应属于%(region)s的上级区划") % {"region": plan.region.name})
    before = plan.upper_plan_id
    Plan.objects.filter(pk=plan.pk).update(upper_plan=upper)
    plan.upper_plan = upper
    record(user, "plan.upper_plan_set", plan, before=before, after=upper.pk if upper else None)
    return plan
