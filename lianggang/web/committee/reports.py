"""Implementation reports (实施情况报告): the committee's overview, a department (or the office)
writing its report and self-assessment, and the office reviewing it. Every act is one call to
lianggang.committee.services, which checks permission and logs it."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, allowed_rows, can, profile_of
from lianggang.committee import services
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import (VERDICTS, FundRecord, ImplementationReport, Meeting, MeetingKind,
                                        ReportState, SupervisionVisit)
from lianggang.regions.models import Department
from lianggang.web.access import check
from lianggang.web.committee.common import own_department, page_region, page_year


@login_required
def home(request):
    """工委工作: the year's reports (own, departments', lower committees'), meetings, funds, visits."""
    region = page_region(request)
    check(request, Action.VIEW_COMMITTEE, Meeting(region=region))   # may see the region's released records
    year = page_year(request, region)
    user = request.user
    reports = {(r.region_id, r.department_id): r for r in allowed_rows(
        user, Action.VIEW_COMMITTEE, ImplementationReport.objects.filter(year=year).select_related(
            "region", "department"))}
    department = own_department(request)
    departments = []
    if can(user, Action.REVIEW_IMPL_REPORT, region):
        departments = [(d, reports.get((region.pk, d.pk))) for d in Department.objects.filter(region=region)]
    children = []
    if can(user, Action.REVIEW_IMPL_REPORT, region):
        children = [(c, reports.get((c.pk, None))) for c in region.children.order_by("code")]
    own_committee = None
    if profile_of(user) is not None and profile_of(user).role == "committee":
        own_committee = reports.get((region.pk, None)) or True
    visible = lambda model: allowed_rows(user, Action.VIEW_COMMITTEE, model.objects.filter(region=region))  # noqa: E731
    funds = services.fund_lines(region, list(range(year - 4, year + 1)))
    return render(request, "web/committee/home.html", {
        "region": region, "year": year, "years": _years(year),
        "department": department,
        "my_report": reports.get((region.pk, department.pk)) if department else None,
        "departments": departments, "children": children, "own_committee": own_committee,
        "meetings": visible(Meeting)[:20], "visits": visible(SupervisionVisit).select_related("visited")[:20],
        "funds": funds, "manage": can(user, Action.MANAGE_COMMITTEE, region), "kinds": MeetingKind.choices,
        "fund_record": FundRecord.objects.filter(region=region, year=year).first(),
    })


def _years(year: int) -> list[int]:
    """The years the page offers: this year back eight years, and the one shown."""
    from django.utils import timezone

    now = timezone.localdate().year
    return sorted(set(range(now - 8, now + 1)) | {year}, reverse=True)


def _author(request, region):
    """The department the report is written for: the filler's own, or the one the office names
    (?department=ID; 'office' or nothing: the office's own report to the level above)."""
    department = own_department(request)
    if department is not None:
        return department
    raw = request.GET.get("department") or request.POST.get("department") or ""
    if raw.isdigit():
        return get_object_or_404(Department, pk=int(raw), region=region)
    return None


def _read_form(post, blocks) -> services.ReportInput:
    data = services.ReportInput(post.get("summary", ""), post.get("problems", ""), post.get("next_steps", ""))
    for block in blocks:
        for g in block.goals:
            key = f"goal-{g.goal.pk}"
            if key in post:
                data.goals[g.goal.pk] = post.get(key, "")
            if block.evaluation:
                for r in g.results:
                    t = r.target.pk
                    if f"verdict-{t}" in post:
                        data.verdicts[t] = (post.get(f"verdict-{t}", ""), post.get(f"reason-{t}", ""))
    return data


@login_required
def write(request):
    """The report as a form: per goal the department owns, its targets' figures and status, what was
    done; in mid-term and final years its own verdict and reason per target; problems, next steps;
    or a Word file read into the same fields."""
    region = page_region(request)
    year = page_year(request, region)
    department = _author(request, region)
    report = services.report_for(region, year, department) or ImplementationReport(region=region, year=year,
                                                                                  department=department)
    check(request, Action.WRITE_IMPL_REPORT, report)
    blocks = services.owned_targets(region, year, department)
    status = 200
    form = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "upload":
                uploaded = request.FILES.get("docx")
                if uploaded is None:
                    raise CommitteeError(_("请选择要上传的 Word（.docx）文件"))
                report = services.upload_report_docx(request.user, region, year, department, uploaded)
                messages.success(request, _("已读取 Word 报告的文字，请核对后报送。"))
            else:
                form = _read_form(request.POST, blocks)
                report = services.save_report(request.user, region, year, department, form, blocks=blocks)
                if action == "submit":
                    services.submit_report(request.user, report, blocks=blocks)
                    messages.success(request, _("实施情况报告已报送。"))
                    return redirect("web:committee-report", pk=report.pk)
                messages.success(request, _("已保存。"))
            return redirect(f"{reverse('web:committee-report-write')}?year={year}"
                            + (f"&department={department.pk}" if department and not own_department(request) else ""))
        except CommitteeError as e:
            messages.error(request, str(e))
            status = 400
    entries = {e.goal_id: e.text for e in report.goal_entries.all()} if report.pk else {}
    verdicts = {s.target_id: s for s in report.self_assessments.all()} if report.pk else {}
    for block in blocks:
        for g in block.goals:
            g.entry = (form.goals.get(g.goal.pk, entries.get(g.goal.pk, "")) if form
                       else entries.get(g.goal.pk, ""))
    for block in blocks:
        for g in block.goals:
            g.rows = []
            for r in g.results:
                saved = verdicts.get(r.target.pk)
                posted = form.verdicts.get(r.target.pk) if form else None
                g.rows.append((r, *(posted or ((saved.verdict, saved.reason) if saved else ("", "")))))
    return render(request, "web/committee/write.html", {
        "region": region, "year": year, "department": department, "report": report, "blocks": blocks,
        "verdicts": VERDICTS, "form": form,
        "editable": report.editable, "attachments": report.attachments.all() if report.pk else [],
    }, status=status)


@login_required
def detail(request, pk: int):
    """A report as submitted, with its goal entries, self-assessments and files; the reviewer accepts or returns it."""
    report = get_object_or_404(ImplementationReport.objects.select_related("region", "department"), pk=pk)
    check(request, Action.VIEW_COMMITTEE, report)
    own_region = getattr(profile_of(request.user), "region_id", None)
    reviewable = (report.state == ReportState.SUBMITTED and can(request.user, Action.REVIEW_IMPL_REPORT, report)
                  and not (report.is_committee_report and own_region == report.region_id))
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.accept_report(request.user, report, request.POST.get("comment", ""))
                messages.success(request, _("已审阅通过，报告将写入监测评估报告。"))
            elif action == "return":
                services.return_report(request.user, report, request.POST.get("comment", ""))
                messages.success(request, _("已退回修改。"))
            return redirect("web:committee-report", pk=report.pk)
        except CommitteeError as e:
            messages.error(request, str(e))
            status = 400
    blocks = services.owned_targets(report.region, report.year, report.department)
    entries = {e.goal_id: e.text for e in report.goal_entries.all()}
    assessments = {s.target_id: s for s in report.self_assessments.all()}
    for block in blocks:
        for g in block.goals:
            g.entry = entries.get(g.goal.pk, "")
            g.rows = [(r, figure, assessments.get(r.target.pk)) for r, figure in g.figures]
    return render(request, "web/committee/detail.html", {
        "report": report, "blocks": blocks, "reviewable": reviewable,
        "attachments": report.attachments.all(),
        "writable": report.editable and can(request.user, Action.WRITE_IMPL_REPORT, report),
    }, status=status)
