"""What a user may see, as querysets and region checks, by the same rules as accounts.permissions.can.

A list (an API endpoint, the home page) cannot ask `can()` row by row (one query per
value or plan), so the rules are restated here as filters; tests/api/test_scope.py
checks, for every object of the test world and every persona, that they agree.
The pages (web.access) and the API both use this module.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from lianggang.accounts.models import Role
from lianggang.accounts.permissions import can, profile_of
from lianggang.monitoring.models import Value, ValueState
from lianggang.plans.models import Plan
from lianggang.regions.models import Region


def sees_everything(user) -> bool:
    """The admin role and an active superuser: `can()` says yes to them before any rule."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.ADMIN


# -- plans ------------------------------------------------------------------------------

def plans_for(user) -> QuerySet[Plan]:
    """Plans `user` may view (plan.view): published ones for everyone; unpublished by region."""
    plans = Plan.objects.select_related("region")
    if sees_everything(user):
        return plans
    profile = profile_of(user)
    published = Q(published=True)
    if profile is None:
        return plans.filter(published)
    if profile.role == Role.FILLER:
        return plans.filter(published | Q(region_id=profile.region_id))
    # Own region, the regions below, and the plans above that the own plan follows.
    region = profile.region
    related = {region.pk} | region.descendant_ids() | {r.pk for r in region.ancestors()}
    return plans.filter(published | Q(region_id__in=related))


# -- values -----------------------------------------------------------------------------

# The values behind a published plan's public results: approved, of its indicators, in its region.
PUBLIC_VALUES = Q(state=ValueState.APPROVED, indicator__plan__published=True,
                  region_id=F("indicator__plan__region_id"))


def is_public_value(value: Value) -> bool:
    plan = value.indicator.plan
    return value.state == ValueState.APPROVED and plan.published and value.region_id == plan.region_id


def may_view_value(user, value: Value) -> bool:
    """The rule `values_for` implements, one value at a time (for tests and single reads)."""
    return can(user, "value.view", value) or is_public_value(value)


def values_for(user, region: Region | None = None) -> QuerySet[Value]:
    """Values `user` may view: value.view by role and scope, plus the public values of published plans.

    With `region`, that region's values only (cheaper for a page about one region)."""
    values = Value.objects.all() if region is None else Value.objects.filter(region_id=region.pk)
    if sees_everything(user):
        return values
    if profile_of(user) is None:
        return values.filter(PUBLIC_VALUES)
    return values.filter(Q(pk__in=Value.objects.visible_to(user, region).values("pk")) | PUBLIC_VALUES)


# -- the region an assessment looks at ----------------------------------------------------

class RegionRefused(PermissionDenied):
    pass


def assessed_region(user, plan: Plan, code: str | None) -> Region:
    """The plan's own region by default; a region below it only if the user may see its results.

    Raises Region.DoesNotExist for an unknown code and RegionRefused otherwise (as the pages do)."""
    if not code or code == plan.region.code:
        return plan.region
    region = Region.objects.get(code=code)
    if not region.is_within(plan.region):
        raise RegionRefused(_("该区划不在本纲要的范围内"))
    if not can(user, "results.view", region):
        raise RegionRefused(_("无权查看该区划的评估结果"))
    return region
