"""The office's acts on a round: close, reopen, delete; assign 责任单位 in bulk (a multi-select and
an Excel sheet). Each asks the permission table and calls one service, which keeps the audit."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianggang.accounts.permissions import Action, can
from lianggang.monitoring import assignment
from lianggang.monitoring import services as monitoring
from lianggang.monitoring.errors import MonitoringError
from lianggang.monitoring.models import Round
from lianggang.monitoring.tabular import Refused
from lianggang.regions.models import Department
from lianggang.web.access import check, download


def _round(request, pk: int, action: Action) -> Round:
    rnd = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    check(request, action, rnd)
    return rnd


def _act(request, act, done: str):
    """Run one round act; its refusal or `done` as the page's message, then back to the 工作台."""
    try:
        act()
    except MonitoringError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect("web:work-home")


@login_required
@require_POST
def close(request, pk: int):
    rnd = _round(request, pk, Action.CLOSE_ROUND)
    return _act(request, lambda: monitoring.close_round(request.user, rnd),
                _("已关闭%(round)s：各单位不能再填报，审核和报告不受影响。") % {"round": rnd})


@login_required
@require_POST
def reopen(request, pk: int):
    rnd = _round(request, pk, Action.CLOSE_ROUND)
    try:
        raw = request.POST.get("deadline", "").strip()
        deadline = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("截止日期格式应为 2026-03-31"))
        return redirect("web:work-home")
    return _act(request, lambda: monitoring.reopen_round(request.user, rnd, deadline),
                _("已重新开放%(round)s。") % {"round": rnd})


@login_required
@require_POST
def delete(request, pk: int):
    rnd = _round(request, pk, Action.DELETE_ROUND)
    name = str(rnd)
    return _act(request, lambda: monitoring.delete_round(request.user, rnd), _("已删除%(round)s。") % {"round": name})


@login_required
def assign(request, pk: int):
    """Bulk assignment: tick indicators (filter by name or by 'no department yet'), choose one department."""
    rnd = _round(request, pk, Action.MANAGE_ROUND)
    departments = list(Department.objects.filter(region=rnd.region).order_by("short_name"))
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("indicator") if x.isdigit()]
        raw = request.POST.get("department", "")
        if not ids:
            messages.error(request, _("请勾选要分配的指标"))
        elif raw != "none" and not raw.isdigit():
            messages.error(request, _("请选择责任单位"))
        else:
            try:
                changed = assignment.assign_many(request.user, rnd, ids, None if raw == "none" else int(raw))
            except MonitoringError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已分配 %(n)d 项指标（其中 %(c)d 项改变了责任单位）。") %
                                 {"n": len(ids), "c": changed})
                return redirect("web:round-assign", pk=rnd.pk)
    rows = assignment.rows(rnd)
    only_open = request.GET.get("unassigned") == "1"
    q = request.GET.get("q", "").strip()
    shown = [r for r in rows if (not only_open or r[1] is None) and (not q or q in r[0].name)]
    return render(request, "web/work/assign.html", {
        "round": rnd, "rows": shown, "departments": departments, "q": q, "only_open": only_open,
        "unassigned": sum(1 for r in rows if r[1] is None), "total": len(rows),
    })


@login_required
def assign_sheet(request, pk: int):
    """GET: the sheet 指标 → 责任单位 to fill; POST: the filled sheet, applied whole or refused with where."""
    rnd = _round(request, pk, Action.MANAGE_ROUND)
    if request.method != "POST":
        return download(assignment.build_sheet(rnd), assignment.filename(rnd), assignment.CONTENT_TYPE)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, _("请选择填好的指标责任单位表（.xlsx）"))
        return redirect("web:round-assign", pk=rnd.pk)
    try:
        changed = assignment.apply_sheet(request.user, rnd, f.read(), f.name)
    except Refused as e:
        return render(request, "web/work/assign_refused.html", {"round": rnd, "refusal": e, "filename": f.name},
                      status=400)
    except MonitoringError as e:
        messages.error(request, _("%(file)s：%(message)s") % {"file": f.name, "message": e.message})
        return redirect("web:round-assign", pk=rnd.pk)
    messages.success(request, _("%(file)s：已导入，%(n)d 项指标改变了责任单位。") % {"file": f.name, "n": changed})
    return redirect("web:round-assign", pk=rnd.pk)


def round_acts(user, rnd: Round) -> dict[str, bool]:
    """Which of the round's acts the user may do (the 工作台 shows only these buttons)."""
    return {"close": can(user, Action.CLOSE_ROUND, rnd), "delete": can(user, Action.DELETE_ROUND, rnd),
            "assign": can(user, Action.MANAGE_ROUND, rnd)}
