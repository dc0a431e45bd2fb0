"""What every committee page needs: the region and year it is about, and the user's department."""
from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import profile_of, sees_everything
from lianggang.regions.models import Region
from lianggang.web.access import LoginNeeded


def page_region(request) -> Region:
    """The user's own region; the administrator chooses one with ?region=CODE (else the first province)."""
    code = request.GET.get("region") or request.POST.get("region")
    profile = profile_of(request.user)
    if code and sees_everything(request.user):
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404(_("没有该区划代码"))
        return region
    if profile is not None and profile.region_id:
        return profile.region
    if sees_everything(request.user):
        region = Region.objects.filter(parent__isnull=True).order_by("code").first()
        if region is not None:
            return region
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise Http404(_("您的账号未设定所在区划"))


def page_year(request, region: Region) -> int:
    """?year=YYYY, else the latest year the region opened a round for, else last year."""
    from lianggang.monitoring.models import Round

    raw = request.GET.get("year") or request.POST.get("year") or ""
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw)
    latest = Round.objects.filter(region=region).order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year - 1


def own_department(request):
    profile = profile_of(request.user)
    return getattr(profile, "department", None) if profile is not None else None
