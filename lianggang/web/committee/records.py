"""Meetings, funds, supervision visits and the attachments of every committee record."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianggang.accounts.permissions import Action, can
from lianggang.committee import attachments, services
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import (CORRECTION_MOVES, Attachment, Correction, CorrectionState,
                                        ImplementationReport, Meeting, MeetingKind, SupervisionVisit)
from lianggang.regions.models import Region
from lianggang.web.access import check
from lianggang.web.committee.common import page_region, page_year


def _date(text: str, label: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommitteeError(_("%(label)s“%(text)s”不是日期（例如 2025-03-31）") % {"label": label, "text": text}) from None


def _home(region, year=None) -> str:
    url = reverse("web:committee-home")
    return f"{url}?year={year}" if year else url


@login_required
def new_meeting(request):
    region = page_region(request)
    check(request, Action.MANAGE_COMMITTEE, region)
    status = 200
    if request.method == "POST":
        p = request.POST
        try:
            meeting = services.record_meeting(
                request.user, region, kind=p.get("kind", ""), date=_date(p.get("date"), _("会议日期")),
                title=p.get("title", ""), attendees=p.get("attendees", ""), decisions=p.get("decisions", ""),
                minutes=request.FILES.get("minutes"))
            messages.success(request, _("会议已记录。"))
            return redirect("web:committee-meeting", pk=meeting.pk)
        except CommitteeError as e:
            messages.error(request, str(e))
            status = 400
    return render(request, "web/committee/meeting_form.html", {"region": region, "kinds": MeetingKind.choices,
                                                               "post": request.POST}, status=status)


@login_required
def meeting(request, pk: int):
    m = get_object_or_404(Meeting.objects.select_related("region"), pk=pk)
    check(request, Action.VIEW_COMMITTEE, m)
    manage = can(request.user, Action.MANAGE_COMMITTEE, m)
    if request.method == "POST" and manage:
        try:
            _attach(request, m)
        except CommitteeError as e:
            messages.error(request, str(e))
        return redirect("web:committee-meeting", pk=m.pk)
    return render(request, "web/committee/meeting.html", {"meeting": m, "manage": manage,
                                                          "attachments": m.attachments.all()})


@login_required
@require_POST
def funds(request):
    region = page_region(request)
    year = page_year(request, region)
    check(request, Action.MANAGE_COMMITTEE, region)
    try:
        services.record_funds(request.user, region, year, budgeted=request.POST.get("budgeted", ""),
                              spent=request.POST.get("spent", ""), note=request.POST.get("note", ""))
        messages.success(request, _("%(year)s年工作经费已记录。") % {"year": year})
    except CommitteeError as e:
        messages.error(request, str(e))
    return redirect(_home(region, year))


def _corrections(post) -> list[tuple[str, dt.date | None]]:
    out = []
    for i, text in enumerate(post.getlist("correction")):
        dues = post.getlist("due")
        due = _date(dues[i] if i < len(dues) else "", _("整改期限"))
        if text.strip():
            out.append((text, due))
    return out


@login_required
def new_visit(request):
    region = page_region(request)
    check(request, Action.MANAGE_COMMITTEE, region)
    places = [region, *region.children.order_by("code")]
    status = 200
    if request.method == "POST":
        p = request.POST
        try:
            visited = Region.objects.filter(code=p.get("visited", "")).first()
            if visited is None:
                raise CommitteeError(_("请选择督导地点"))
            visit = services.record_visit(
                request.user, region, visited=visited, date=_date(p.get("date"), _("督导日期")),
                place=p.get("place", ""), inspectors=p.get("inspectors", ""), findings=p.get("findings", ""),
                corrections=_corrections(p))
            messages.success(request, _("督导检查已记录。"))
            return redirect("web:committee-visit", pk=visit.pk)
        except CommitteeError as e:
            messages.error(request, str(e))
            status = 400
    return render(request, "web/committee/visit_form.html", {"region": region, "places": places,
                                                             "post": request.POST}, status=status)


@login_required
def visit(request, pk: int):
    v = get_object_or_404(SupervisionVisit.objects.select_related("region", "visited"), pk=pk)
    check(request, Action.VIEW_COMMITTEE, v)
    manage = can(request.user, Action.MANAGE_COMMITTEE, v)
    status = 200
    if request.method == "POST" and manage:
        try:
            if "file" in request.FILES:
                _attach(request, v)
            else:
                correction = get_object_or_404(Correction, pk=request.POST.get("correction"), visit=v)
                services.follow_up_correction(request.user, correction, request.POST.get("state", ""),
                                              request.POST.get("note", ""))
                messages.success(request, _("整改跟踪已记录。"))
            return redirect("web:committee-visit", pk=v.pk)
        except CommitteeError as e:
            messages.error(request, str(e))
            status = 400
    corrections = [(c, [(s, CorrectionState(s).label) for s in CORRECTION_MOVES[c.state]])
                   for c in v.corrections.all()]
    return render(request, "web/committee/visit.html", {"visit": v, "manage": manage, "corrections": corrections,
                                                        "attachments": v.attachments.all()}, status=status)


def _attach(request, owner) -> Attachment:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise CommitteeError(_("请选择要上传的文件"))
    attachment = attachments.attach(request.user, owner, uploaded)
    messages.success(request, _("附件“%(name)s”已上传。") % {"name": attachment.name})
    return attachment


@login_required
@require_POST
def attach_to_report(request, pk: int):
    report = get_object_or_404(ImplementationReport, pk=pk)
    check(request, Action.WRITE_IMPL_REPORT, report)
    try:
        if not report.editable:
            raise CommitteeError(_("该报告%(state)s，不能再添加附件") % {"state": report.get_state_display()})
        _attach(request, report)
    except CommitteeError as e:
        messages.error(request, str(e))
    return redirect("web:committee-report", pk=report.pk)


@login_required
def download_attachment(request, pk: int):
    """The file, as a download only, to whoever may see the record it belongs to."""
    attachment = get_object_or_404(Attachment.objects.select_related("report", "meeting", "visit"), pk=pk)
    check(request, Action.VIEW_COMMITTEE, attachment)
    return attachments.serve(request.user, attachment)
