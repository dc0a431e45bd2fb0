"""The one place that decides who may do what (by role and scope).

Actions: value.view, value.edit, value.reopen, submission.submit, submission.review,
round.open, round.manage (assign indicators); plan.view, plan.manage (import, edit,
publish), results.view (assessments, dashboards, warnings), report.run.
`obj` is the object acted on (Value, Submission, Round, Obligation, Plan) or, for
round.open, plan.manage, results.view and report.run, the Region acted in.

The public (no login) may only see published plans and their results: plan.view
and results.view on a published Plan.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from lianggang.accounts.models import Role

ACTIONS = ("value.view", "value.edit", "value.reopen", "submission.submit", "submission.review",
           "round.open", "round.manage", "plan.view", "plan.manage", "results.view", "report.run")


def profile_of(user) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "profile", None)


def _in_subtree(region_id: int, top) -> bool:
    from lianggang.regions.models import Region
    return Region.id_is_within(region_id, top.pk)


def _region(region_id: int):
    from lianggang.regions.models import Region
    return Region.objects.get(pk=region_id)


def _parts(obj) -> tuple[int | None, int | None, bool]:
    """(region id, department id, approved?) of the object acted on."""
    from lianggang.monitoring.models import Obligation, Round, Submission, SubmissionState, Value, ValueState
    from lianggang.regions.models import Region

    if isinstance(obj, Value):
        dept = obj.indicator.department_id
        if obj.submission_id:
            dept = obj.submission.department_id
        return obj.region_id, dept, obj.state == ValueState.APPROVED
    if isinstance(obj, Submission):
        return obj.round.region_id, obj.department_id, obj.state == SubmissionState.APPROVED
    if isinstance(obj, Obligation):
        return obj.round.region_id, obj.department_id, False
    if isinstance(obj, Round):
        return obj.region_id, None, False
    if isinstance(obj, Region):
        return obj.pk, None, False
    from lianggang.plans.models import Plan
    if isinstance(obj, Plan):
        return obj.region_id, None, obj.published
    raise TypeError(f"no permission rule for {type(obj).__name__}")


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on `obj`? Admin all; others by role within their region (and department)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    profile = profile_of(user)
    if profile is None:
        # The public: published plans and their results, nothing else.
        from lianggang.plans.models import Plan
        return (action in ("plan.view", "results.view") and isinstance(obj, Plan) and obj.published)
    if profile.role == Role.ADMIN:
        return True
    region_id, dept_id, approved = _parts(obj)
    own = region_id == profile.region_id
    below = region_id is not None and _in_subtree(region_id, profile.region)
    role = profile.role
    if action in ("plan.view", "results.view"):
        # Everyone signed in sees published plans; otherwise own region and below
        # (a county also reads the plans above it that its own plan follows).
        if approved:  # a published Plan
            return True
        if role == Role.FILLER:
            return own
        return below or _in_subtree(profile.region_id, _region(region_id))
    if action == "plan.manage":
        return role == Role.COMMITTEE and own
    if action == "report.run":
        return role in (Role.COMMITTEE, Role.STATISTICS, Role.READER) and below
    if action == "value.view":
        if role == Role.FILLER:
            return own and (dept_id == profile.department_id or approved)
        if role in (Role.COMMITTEE, Role.STATISTICS):
            return own or (below and approved)
        return below and approved  # reader
    if action in ("value.edit", "submission.submit"):
        return role == Role.FILLER and own and dept_id == profile.department_id
    if action in ("submission.review", "value.reopen"):
        return role == Role.STATISTICS and own
    if action in ("round.open", "round.manage"):
        return role in (Role.COMMITTEE, Role.STATISTICS) and own
    return False


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(f"无权执行此操作（{action}）")
