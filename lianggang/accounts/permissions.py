"""The one place that decides who may do what: a table of actions → roles → where and what.

Every page, API endpoint, command, the bulk loader and the plan import ask here, before they
write anything:

    can(user, Action.EDIT_VALUE, value)              one object (the rule of RULES, evaluated in Python)
    require(user, Action.EDIT_VALUE, value)          the same, raising PermissionDenied
    allowed_rows(user, Action.VIEW_VALUE, queryset)   the rows of a queryset the same rule allows (SQL)
    regions_where(user, Action.LOAD_VALUES)           the region ids where the action is allowed (None: all)

An object takes part by saying where it is: `obj.scope()` returns its region, department and how
far it is released (approved data, a published plan); its model's `scope_lookups` say the same as
lookups for a queryset. Region itself is the scope of region-wide acts (opening a round, running a
report). tests/accounts/test_parity.py proves, for every persona and every scoped model, that
`can` and `allowed_rows` agree. This module reads regions (the tree) and nothing above it.

To add an action or a role: CONTRIBUTING.md, "How to add a role or an action".
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianggang.accounts.models import Role
from lianggang.regions.models import Region


class Action(models.TextChoices):
    VIEW_PLAN = "plan.view", gettext_lazy("查看纲要")
    MANAGE_PLAN = "plan.manage", gettext_lazy("管理纲要（导入、修改、公开）")
    VIEW_RESULTS = "results.view", gettext_lazy("查看评估结果")
    RUN_REPORT = "report.run", gettext_lazy("生成报告")
    OPEN_ROUND = "round.open", gettext_lazy("开启年度监测")
    MANAGE_ROUND = "round.manage", gettext_lazy("管理年度监测（分配填报任务）")
    CLOSE_ROUND = "round.close", gettext_lazy("关闭或重新开放年度监测")
    DELETE_ROUND = "round.delete", gettext_lazy("删除尚无数据的年度监测")
    VIEW_VALUE = "value.view", gettext_lazy("查看监测数据")
    EDIT_VALUE = "value.edit", gettext_lazy("填报监测数据")
    LOAD_VALUES = "value.load", gettext_lazy("批量导入监测数据")
    REOPEN_VALUE = "value.reopen", gettext_lazy("重新开放已审核数据")
    SUBMIT = "submission.submit", gettext_lazy("报送")
    REVIEW = "submission.review", gettext_lazy("审核")
    VIEW_SUBMISSION = "submission.view", gettext_lazy("查看和打印部门填报表")
    REPORT_UPWARD = "round.report", gettext_lazy("向上级上报本级监测结果")
    ACCEPT_UPWARD = "round.accept", gettext_lazy("接收或退回下级上报")
    FOLLOW_ROUNDS = "round.follow", gettext_lazy("查看本级及下级的监测进度")
    VIEW_COMMITTEE = "committee.view", gettext_lazy("查看工委工作（实施情况报告、会议、经费、督导）")
    WRITE_IMPL_REPORT = "implreport.write", gettext_lazy("撰写并报送实施情况报告")
    REVIEW_IMPL_REPORT = "implreport.review", gettext_lazy("审阅实施情况报告（通过或退回）")
    MANAGE_COMMITTEE = "committee.manage", gettext_lazy("记录会议、经费和督导检查")
    VIEW_AUDIT = "audit.view", gettext_lazy("查看操作日志")


class Reach(models.TextChoices):
    """Where, relative to the user's own region (and department), a grant applies."""
    DEPARTMENT = "department", gettext_lazy("本区划本单位")
    REGION = "region", gettext_lazy("本区划")
    CHILDREN = "children", gettext_lazy("直属下级")
    SUBTREE = "subtree", gettext_lazy("本区划及下级")
    RELATED = "related", gettext_lazy("本区划、下级及上级")   # a county reads the plans its own follows
    EVERYWHERE = "everywhere", gettext_lazy("所有区划")


class Release(IntEnum):
    """How far an object is released: a grant may ask for at least approved (data the bureau
    checked) or published (a plan's results the office made public)."""
    NONE = 0
    APPROVED = 1
    PUBLISHED = 2


@dataclass(frozen=True)
class Grant:
    reach: Reach
    release: Release = Release.NONE


@dataclass(frozen=True)
class Scope:
    """Where one object is: its region, its department (if it has one) and its release."""
    region_id: int | None
    department_id: int | None = None
    release: Release = Release.NONE


@dataclass(frozen=True)
class ScopeLookups:
    """The same for a queryset: the lookup to the region id, a Q for "belongs to department d",
    and the Qs of approved and of published rows (None: the model has no such state; a function
    returning the Q where it needs other models, built only when asked)."""
    region: str
    department: Callable[[int], Q] | None = None
    approved: Q | Callable[[], Q] | None = None
    published: Q | Callable[[], Q] | None = None

    def released(self, level: Release) -> Q | None:
        """Rows released at least to `level`; None when the model has none such."""
        approved, published = (q() if callable(q) else q for q in (self.approved, self.published))
        if level is Release.NONE:
            return Q()
        if level is Release.APPROVED and approved is not None:
            return approved if published is None else approved | published
        return published


REGION_LOOKUPS = ScopeLookups(region="pk")
SIGNED_IN = (Role.COMMITTEE, Role.STATISTICS, Role.FILLER, Role.READER)
PUBLIC = None   # the key of grants that apply to everyone, signed in or not
OFFICE = (Role.COMMITTEE, Role.STATISTICS)


def _rules() -> dict[Action, dict[Role | None, tuple[Grant, ...]]]:
    published = (Grant(Reach.EVERYWHERE, Release.PUBLISHED),)
    table: dict[Action, dict[Role | None, tuple[Grant, ...]]] = {
        Action.VIEW_PLAN: {PUBLIC: published, Role.FILLER: (Grant(Reach.REGION),),
                           **{r: (Grant(Reach.RELATED),) for r in (*OFFICE, Role.READER)}},
        Action.VIEW_RESULTS: {PUBLIC: published, Role.FILLER: (Grant(Reach.REGION),),
                              **{r: (Grant(Reach.SUBTREE),) for r in (*OFFICE, Role.READER)}},
        # a department reads its own region's reports (the results it may see); the offices their subtree
        Action.RUN_REPORT: {Role.FILLER: (Grant(Reach.REGION),),
                            **{r: (Grant(Reach.SUBTREE),) for r in (*OFFICE, Role.READER)}},
        Action.MANAGE_PLAN: {Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.OPEN_ROUND: {r: (Grant(Reach.REGION),) for r in OFFICE},
        Action.MANAGE_ROUND: {r: (Grant(Reach.REGION),) for r in OFFICE},
        Action.CLOSE_ROUND: {Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.DELETE_ROUND: {Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.VIEW_VALUE: {
            PUBLIC: published,
            Role.FILLER: (Grant(Reach.DEPARTMENT), Grant(Reach.REGION, Release.APPROVED)),
            **{r: (Grant(Reach.REGION), Grant(Reach.SUBTREE, Release.APPROVED)) for r in OFFICE},
            Role.READER: (Grant(Reach.SUBTREE, Release.APPROVED),),
        },
        Action.EDIT_VALUE: {Role.FILLER: (Grant(Reach.DEPARTMENT),)},
        Action.SUBMIT: {Role.FILLER: (Grant(Reach.DEPARTMENT),)},
        Action.LOAD_VALUES: {Role.STATISTICS: (Grant(Reach.SUBTREE),)},
        Action.REVIEW: {Role.STATISTICS: (Grant(Reach.REGION),)},
        # the department's own form; the office and bureau of its region (to follow and print it)
        Action.VIEW_SUBMISSION: {Role.FILLER: (Grant(Reach.DEPARTMENT),), **{r: (Grant(Reach.REGION),) for r in OFFICE}},
        Action.REOPEN_VALUE: {Role.STATISTICS: (Grant(Reach.REGION),)},
        Action.REPORT_UPWARD: {Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.ACCEPT_UPWARD: {Role.STATISTICS: (Grant(Reach.CHILDREN),)},
        Action.FOLLOW_ROUNDS: {r: (Grant(Reach.SUBTREE),) for r in (*OFFICE, Role.READER)},
        # The committee's work: a department sees its own report and the region's released records;
        # the office writes its own report to the level above, reviews its departments' reports and
        # those of the committees directly below (committee/services.py keeps an office from
        # accepting its own report).
        Action.VIEW_COMMITTEE: {
            Role.FILLER: (Grant(Reach.DEPARTMENT), Grant(Reach.REGION, Release.APPROVED)),
            **{r: (Grant(Reach.SUBTREE),) for r in (*OFFICE, Role.READER)},
        },
        Action.WRITE_IMPL_REPORT: {Role.FILLER: (Grant(Reach.DEPARTMENT),), Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.REVIEW_IMPL_REPORT: {Role.COMMITTEE: (Grant(Reach.REGION), Grant(Reach.CHILDREN))},
        Action.MANAGE_COMMITTEE: {Role.COMMITTEE: (Grant(Reach.REGION),)},
        Action.VIEW_AUDIT: {r: (Grant(Reach.SUBTREE),) for r in OFFICE},
    }
    return table


#: Action → role (None: everyone, signed in or not) → the grants. The administrator may do
#: everything everywhere and is not listed. docs/permissions.md prints this table.
RULES = _rules()


# -- who the user is -------------------------------------------------------------------------

def profile_of(user) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "profile", None)


def sees_everything(user) -> bool:
    """The administrator role and an active superuser: every action, everywhere."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.ADMIN


def grants(user, action: Action | str) -> tuple[Grant, ...]:
    """The grants `user` holds for `action` (everyone's and their role's)."""
    rule = RULES[Action(action)]
    profile = profile_of(user)
    own = rule.get(profile.role, ()) if profile is not None and profile.region_id else ()
    return rule.get(PUBLIC, ()) + own


# -- one object ------------------------------------------------------------------------------

def scope_of(obj) -> Scope:
    if isinstance(obj, Region):
        return Scope(obj.pk)
    scope = getattr(obj, "scope", None)
    if scope is None:
        raise TypeError(f"no permission rule for {type(obj).__name__}: give it scope() and scope_lookups")
    return scope()


def _reaches(grant: Grant, profile, where: Scope) -> bool:
    if where.release < grant.release:
        return False
    if grant.reach == Reach.EVERYWHERE:
        return True
    if where.region_id is None:
        return False
    if grant.reach == Reach.REGION:
        return where.region_id == profile.region_id
    if grant.reach == Reach.DEPARTMENT:
        return (where.region_id == profile.region_id and where.department_id is not None
                and where.department_id == profile.department_id)
    if grant.reach == Reach.CHILDREN:
        return Region.objects.filter(pk=where.region_id, parent_id=profile.region_id).exists()
    if Region.id_is_within(where.region_id, profile.region_id):
        return True
    return grant.reach == Reach.RELATED and Region.id_is_within(profile.region_id, where.region_id)


def can(user, action: Action | str, obj) -> bool:
    """May `user` do `action` on `obj` (a scoped object, or the Region acted in)?"""
    action = Action(action)
    if sees_everything(user):
        return True
    where = scope_of(obj)
    profile = profile_of(user)
    return any(_reaches(g, profile, where) for g in grants(user, action))


def require(user, action: Action | str, obj) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(_("无权执行此操作（%(action)s）") % {"action": Action(action).label})


# -- querysets -------------------------------------------------------------------------------

def _lookups(queryset: QuerySet) -> ScopeLookups:
    if queryset.model is Region:
        return REGION_LOOKUPS
    lookups = getattr(queryset.model, "scope_lookups", None)
    if lookups is None:
        raise TypeError(f"no permission rule for {queryset.model.__name__}: give it scope_lookups")
    return lookups


def _region_ids(profile, reach: Reach) -> set[int]:
    region = profile.region
    ids = {region.pk} | region.descendant_ids()
    if reach == Reach.RELATED:
        ids |= {r.pk for r in region.ancestors()}
    return ids


def _reach_q(grant: Grant, profile, lookups: ScopeLookups, region: Region | None) -> Q | None:
    """The rows a grant reaches; None for none. With `region`, the rows are that region's only,
    and the tree is walked up from it instead of listing every region below the user's."""
    released = lookups.released(grant.release)
    if released is None:
        return None
    if grant.reach == Reach.EVERYWHERE:
        return released
    here = {lookups.region: profile.region_id}
    if grant.reach == Reach.DEPARTMENT:
        if lookups.department is None or profile.department_id is None:
            return None
        return Q(**here) & lookups.department(profile.department_id) & released
    if grant.reach == Reach.REGION:
        return Q(**here) & released
    if grant.reach == Reach.CHILDREN:
        if region is not None:
            return released if region.parent_id == profile.region_id else None
        return Q(**{_parent_lookup(lookups.region): profile.region_id}) & released
    if region is not None:
        inside = region.is_within(profile.region) or (
            grant.reach == Reach.RELATED and profile.region.is_within(region))
        return released if inside else None
    return Q(**{f"{lookups.region}__in": _region_ids(profile, grant.reach)}) & released


def _parent_lookup(region_lookup: str) -> str:
    """The lookup of the parent of the region `region_lookup` leads to: round__region_id → round__region__parent_id."""
    if region_lookup == "pk":
        return "parent_id"
    return region_lookup.removesuffix("_id") + "__parent_id"


def allowed_rows(user, action: Action | str, queryset: QuerySet, region: Region | None = None) -> QuerySet:
    """The rows of `queryset` on which `user` may do `action` — the rule of `can`, as one filter.

    With `region`, only that region's rows (cheaper for a page about one region)."""
    action = Action(action)
    lookups = _lookups(queryset)
    if region is not None:
        queryset = queryset.filter(**{lookups.region: region.pk})
    if sees_everything(user):
        return queryset
    profile = profile_of(user)
    parts = [q for q in (_reach_q(g, profile, lookups, region) for g in grants(user, action)) if q is not None]
    if not parts:
        return queryset.none()
    combined = parts[0]
    for q in parts[1:]:
        combined |= q
    # Every scope lookup follows foreign keys towards one row: the filter adds no duplicates.
    return queryset.filter(combined)


def regions_where(user, action: Action | str) -> set[int] | None:
    """Ids of the regions where `user` may do a region-wide `action`; None means every region."""
    if sees_everything(user):
        return None
    return set(allowed_rows(user, action, Region.objects.all()).values_list("pk", flat=True))


def may_anywhere(user, action: Action | str) -> bool:
    """Is there any region where `user` may do `action` (to show a menu entry or a page at all)?"""
    if sees_everything(user):
        return True
    profile = profile_of(user)
    return profile is not None and profile.region_id is not None and can(user, action, profile.region)


def reaches_all_below(user, action: Action | str, region: Region) -> bool:
    """Does `user` hold `action` on every region below `region`, whatever their state? (Saves
    asking per sub-region.)"""
    if sees_everything(user):
        return True
    profile = profile_of(user)
    for g in grants(user, action):
        if g.release is not Release.NONE:
            continue
        if g.reach == Reach.EVERYWHERE:
            return True
        if g.reach in (Reach.SUBTREE, Reach.RELATED) and region.is_within(profile.region):
            return True
    return False


# -- the region whose results a page or the API shows ------------------------------------------

class RegionRefused(PermissionDenied):
    pass


def results_region(user, plan, code: str | None, *, own_by_default: bool = True) -> Region:
    """The region whose results of `plan` the user asked for (by code), or by default the plan's
    own region — or, for a user who may not see the plan's region (a county reading its city's
    plan), the user's own region inside it (unless `own_by_default` is off: the API asks for a code).

    Raises Region.DoesNotExist for an unknown code and RegionRefused when refused."""
    if not code or code == plan.region.code:
        if can(user, Action.VIEW_RESULTS, plan):
            return plan.region
        profile = profile_of(user)
        if (code or not own_by_default or profile is None or profile.region is None
                or not profile.region.is_within(plan.region)):
            raise RegionRefused(_("无权查看该区划的评估结果"))
        region = profile.region
    else:
        region = Region.objects.get(code=code)
    if not region.is_within(plan.region):
        raise RegionRefused(_("该区划不在本纲要的范围内"))
    if not can(user, Action.VIEW_RESULTS, region):
        raise RegionRefused(_("无权查看该区划的评估结果"))
    return region


# -- the table as people read it ---------------------------------------------------------------

def rules_table() -> str:
    """RULES as a Markdown table (docs/permissions.md holds it; a test keeps the two equal)."""
    roles = [(PUBLIC, "公众（未登录）及所有人"), *((r, str(r.label)) for r in SIGNED_IN)]
    lines = ["| 操作 | " + " | ".join(name for _, name in roles) + " |", "|---" * (len(roles) + 1) + "|"]
    release_words = {Release.NONE: "", Release.APPROVED: "（已审核的）", Release.PUBLISHED: "（已公开的）"}
    for action, rule in RULES.items():
        cells = ["；".join(f"{g.reach.label}{release_words[g.release]}" for g in rule.get(role, ())) or "—"
                 for role, _ in roles]
        lines.append(f"| {action.label} `{action.value}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
