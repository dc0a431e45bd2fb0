"""Pages of background jobs: the user's list, one job with its progress (polled), its download, and
the forms that start a job (a report, an export, a bulk load). Each start view parses, calls one
start_* service and redirects to the job's page; the request returns at once."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianggang.accounts.permissions import Action, can
from lianggang.jobs import services
from lianggang.jobs.models import Job, JobKind
from lianggang.plans.models import Plan
from lianggang.web.access import download, plan_or_404, region_for, visible_plans


def job_or_404(request, pk: int) -> Job:
    """The user's own job; another's is not found (its existence is not theirs to learn)."""
    job = get_object_or_404(Job.objects.defer("result_file", "input_file"), pk=pk)
    if not job.visible_to(request.user):
        raise Http404
    return job


@login_required
def job_list(request):
    from django.conf import settings
    return render(request, "jobs/list.html", {"jobs": services.jobs_of(request.user)[:100],
                                              "keep_days": settings.JOB_RESULT_DAYS})


@login_required
def job_page(request, pk: int):
    return render(request, "jobs/job.html", {"job": job_or_404(request, pk)})


@login_required
def job_status(request, pk: int):
    """The progress partial alone: the page's script swaps it in until the job has finished."""
    return render(request, "jobs/_progress.html", {"job": job_or_404(request, pk)})


@login_required
def job_download(request, pk: int):
    job = job_or_404(request, pk)
    if not job.has_file:
        raise Http404
    data = Job.objects.values_list("result_file", flat=True).get(pk=job.pk)
    return download(bytes(data), job.result_name, job.result_type)


def _refused(request, error: Exception, to: str, **kwargs):
    messages.error(request, str(error))
    return redirect(to, **kwargs) if kwargs else redirect(to)


@login_required
@require_POST
def start_report(request):
    """From the reports page: plan, region (blank: the plan's), year (blank: the latest with data), kind, format."""
    from lianggang.evaluation.services import latest_year
    try:
        plan = get_object_or_404(Plan.objects.select_related("region"), pk=int(request.POST.get("plan", "0")))
    except ValueError:
        raise Http404
    region = region_for(request, plan, request.POST.get("region") or None)
    raw_year = (request.POST.get("year") or "").strip()
    try:
        year = int(raw_year) if raw_year else (latest_year(plan, region) or plan.start_year)
        job = services.start_report(request.user, plan, region, year, request.POST.get("kind", "annual"),
                                    request.POST.get("format", "docx"))
    except ValueError as e:
        message = str(e) if isinstance(e, services.JobRefused) else _("年度“%(year)s”不是年份") % {"year": raw_year}
        messages.error(request, message)
        return redirect(f"{_reports_url()}?plan={plan.pk}")
    return redirect("jobs:job", pk=job.pk)


def _reports_url() -> str:
    from django.urls import reverse
    return reverse("web:reports")


YEARS = re.compile(r"(\d{4})(?:\s*[-–—~]\s*(\d{4}))?")


@login_required
def export_values(request):
    """Choose a plan, region, years and format; the file is written by a job."""
    plans = visible_plans(request.user)
    if request.method == "POST":
        try:
            plan = plan_or_404(request, int(request.POST.get("plan", "0")))
        except ValueError:
            raise Http404
        region = region_for(request, plan, request.POST.get("region") or None)
        raw = (request.POST.get("years") or "").strip()
        years = None
        if raw:
            m = YEARS.fullmatch(raw)
            if not m:
                messages.error(request, _("年度“%(years)s”应写作 2020-2025 或 2023") % {"years": raw})
                return render(request, "jobs/export.html", {"plans": plans}, status=400)
            years = (int(m[1]), int(m[2] or m[1]))
        try:
            job = services.start_export(request.user, plan, region, subtree=bool(request.POST.get("subtree")),
                                        years=years, fmt=request.POST.get("format", "xlsx"))
        except services.JobRefused as e:
            messages.error(request, str(e))
            return render(request, "jobs/export.html", {"plans": plans}, status=400)
        return redirect("jobs:job", pk=job.pk)
    return render(request, "jobs/export.html", {"plans": plans})


def _loadable_plans(user) -> list[Plan]:
    return [p for p in visible_plans(user) if can(user, Action.LOAD_VALUES, p.region)]


@login_required
def load_values(request):
    """The bureau's bulk load of a tidy CSV/xlsx (many regions and departments), run as a job."""
    plans = _loadable_plans(request.user)
    if not plans:
        raise PermissionDenied(_("只有统计局监测组或系统管理员可以批量导入数据"))
    if request.method == "POST":
        f = request.FILES.get("file")
        try:
            plan = plan_or_404(request, int(request.POST.get("plan", "0")))
        except ValueError:
            raise Http404
        if f is None:
            messages.error(request, _("请选择数据文件"))
        elif not f.name.lower().endswith((".csv", ".xlsx")):
            messages.error(request, _("%(name)s：不支持的文件类型，请上传 .csv 或 .xlsx 文件") % {"name": f.name})
        else:
            try:
                job = services.start_load(request.user, plan, f.name, f.read(),
                                          state=request.POST.get("state", "draft"),
                                          reason=request.POST.get("reason", "").strip())
            except services.JobRefused as e:
                messages.error(request, str(e))
            else:
                return redirect("jobs:job", pk=job.pk)
        return render(request, "jobs/load.html", {"plans": plans}, status=400)
    return render(request, "jobs/load.html", {"plans": plans})


@login_required
def continue_extraction(request, pk: int):
    """A finished extraction goes to the plan import's check page, as an in-request one would."""
    from lianggang.web.work.plan_import import resume_from
    job = job_or_404(request, pk)
    if job.kind != JobKind.EXTRACT or job.state != "done":
        raise Http404
    data = Job.objects.values_list("result_data", flat=True).get(pk=job.pk)
    return resume_from(request, data)
