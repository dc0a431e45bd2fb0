"""What the pages ask before showing anything: one permission function (accounts.permissions.can),
turned into 404 / login redirect / 403 the same way everywhere."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lianggang.accounts.permissions import can
from lianggang.plans.models import Plan
from lianggang.regions.models import Region


class LoginNeeded(Exception):
    """Raised for an anonymous visitor on a page that needs a login; the middleware-free views catch it."""


def check(request, action: str, obj) -> None:
    """Refuse unless the user may; the anonymous are sent to log in, the signed-in get 403."""
    if can(request.user, action, obj):
        return
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise PermissionDenied("无权查看或执行此操作")


def plan_or_404(request, pk: int, action: str = "plan.view") -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk)
    check(request, action, plan)
    return plan


def visible_plans(user):
    """Every plan the user may see, ordered by region and title (few plans: asking per plan is fine)."""
    plans = Plan.objects.select_related("region").order_by("region__code", "subject", "title")
    return [p for p in plans if can(user, "plan.view", p)]


def region_for(request, plan: Plan, code: str | None) -> Region:
    """The region the page looks at: the plan's own by default; another (a sub-region) only if the user may see it."""
    if not code or code == plan.region.code:
        return plan.region
    region = get_object_or_404(Region, code=code)
    if not region.is_within(plan.region):
        raise PermissionDenied("该区划不在本纲要的范围内")
    check(request, "results.view", region)
    return region


def sees_all_below(user, region: Region) -> bool:
    """May the user see the results of every region below `region`? (Saves asking per sub-region.)"""
    from lianggang.accounts.models import Role
    from lianggang.accounts.permissions import profile_of
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    if profile is None or profile.role == Role.FILLER:
        return False
    return profile.role == Role.ADMIN or region.is_within(profile.region)


def visible_children(user, region: Region, children) -> list:
    """Those of `children` (sub-regions of `region`, or pairs starting with one) the user may see."""
    if sees_all_below(user, region):
        return list(children)
    return [c for c in children if can(user, "results.view", c[0] if isinstance(c, tuple) else c)]


def picker_regions(user, plan: Plan, region: Region) -> list[Region]:
    """The regions a page offers: the plan's region, the way down to the one shown, and its sub-regions."""
    path, r = [], region
    while r is not None and r.pk != plan.region_id:
        path.append(r)
        r = r.parent
    # plan.region and the path down to `region` were checked by region_for; only the children are asked
    out = [plan.region, *reversed(path)]
    return out + visible_children(user, region, region.children.order_by("code"))


def login_redirect(request):
    return redirect_to_login(request.get_full_path())
