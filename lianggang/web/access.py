"""What the pages ask before showing anything: one permission function (accounts.permissions.can),
turned into 404 / login redirect / 403 the same way everywhere."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, RegionRefused, allowed_rows, can, reaches_all_below, results_region
from lianggang.plans.models import Plan
from lianggang.regions.models import Region


class LoginNeeded(Exception):
    """Raised for an anonymous visitor on a page that needs a login; web.middleware sends them to log in."""


def check(request, action: str, obj) -> None:
    """Refuse unless the user may; the anonymous are sent to log in, the signed-in get 403."""
    if can(request.user, action, obj):
        return
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise PermissionDenied(_("无权查看或执行此操作"))


def plan_or_404(request, pk: int, action: Action = Action.VIEW_PLAN) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk)
    check(request, action, plan)
    return plan


def visible_plans(user) -> list[Plan]:
    """Every plan the user may see, by region and title (one query)."""
    plans = allowed_rows(user, Action.VIEW_PLAN, Plan.objects.select_related("region"))
    return list(plans.order_by("region__code", "subject", "title"))


def region_for(request, plan: Plan, code: str | None) -> Region:
    """The region whose results a page shows (accounts.permissions.results_region)."""
    try:
        return results_region(request.user, plan, code)
    except Region.DoesNotExist:
        raise Http404(_("没有该区划代码"))
    except RegionRefused:
        if not request.user.is_authenticated:
            raise LoginNeeded
        raise


def visible_children(user, region: Region, children) -> list:
    """Those of `children` (sub-regions of `region`, or pairs starting with one) the user may see."""
    if reaches_all_below(user, Action.VIEW_RESULTS, region):
        return list(children)
    return [c for c in children if can(user, Action.VIEW_RESULTS, c[0] if isinstance(c, tuple) else c)]


def picker_regions(user, plan: Plan, region: Region) -> list[Region]:
    """The regions a page offers: the plan's region, the way down to the one shown, and its sub-regions."""
    path, r = [], region
    while r is not None and r.pk != plan.region_id:
        path.append(r)
        r = r.parent
    # plan.region and the path down to `region` were checked by region_for; only the children are asked
    out = [plan.region, *reversed(path)]
    return out + visible_children(user, region, region.children.order_by("code"))


def download(data: bytes, filename: str, content_type: str):
    """A file response whose Chinese file name survives every browser (RFC 6266 filename*)."""
    from urllib.parse import quote

    from django.http import HttpResponse
    response = HttpResponse(data, content_type=content_type)
    ascii_name = "download." + filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def login_redirect(request):
    return redirect_to_login(request.get_full_path())
