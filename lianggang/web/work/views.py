"""The year's work: a department's entry form, the statistics bureau's review, opening rounds.

Every act goes through lianggang.monitoring.services, which checks permission with the one
permission function and keeps the history; these views only read the form and show results.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianggang.accounts.permissions import Action, allowed_rows, can, profile_of
from lianggang.lib.units import Unit, unit_of
from lianggang.monitoring import excel, rules, upward
from lianggang.monitoring import services as monitoring
from lianggang.monitoring.errors import MonitoringError
from lianggang.monitoring.entry import EntriesRefused, Entry, write_entries
from lianggang.monitoring import assignment
from lianggang.monitoring.models import (FLAG_CODES, FLAGS, ReviewComment, Round, Submission, SubmissionState, Value,
                                         cell_label)
from lianggang.monitoring.tabular import Refused
from lianggang.plans.models import Plan
from lianggang.web.access import check, download
from lianggang.web.tables import Column, Table
from lianggang.web.templatetags.people import person

PAST_YEARS = 3
person_name = person   # the one way pages name who did something (templatetags/people.py)


@dataclass
class FormRow:
    """One cell of the department's form, as the page shows it."""
    index: int
    row: excel.Row
    value: Value | None
    past: list[str]
    text: str = ""
    note: str = ""
    source: str = ""
    flags: frozenset[str] = frozenset()     # flag codes
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.row.indicator.pk}:{self.row.sex}:{self.row.area}:{self.row.age_group}"

    @property
    def unit(self) -> Unit:
        """The indicator's unit: its bounds go into the input for the inline check (entry.js)."""
        return unit_of(self.row.indicator.unit)

    @property
    def label(self) -> str:
        """The cell's disaggregation as the page's language names it (女, 城镇 … or Female, Urban …)."""
        return cell_label(self.row.sex, self.row.area, self.row.age_group)

    @property
    def flag_choices(self) -> list[tuple[str, str, bool]]:
        """(code, label in the page's language, checked) of every flag, for the row's checkboxes."""
        return [(f.code, f.label, f.code in self.flags) for f in FLAGS]

    @property
    def flag_labels(self) -> list[str]:
        return [f.label for f in FLAGS if f.code in self.flags]

    def read_post(self, post) -> bool:
        """Take the row's posted value, note, source and flags; whether anything differs from before.
        A page without the source and flag inputs (made before they existed) keeps the stored ones."""
        i = self.index
        before = (self.text, self.note, self.source, self.flags)
        self.text, self.note = post.get(f"v-{i}", "").strip(), post.get(f"n-{i}", "").strip()
        if f"s-{i}" in post:
            self.source = post[f"s-{i}"].strip()
            self.flags = frozenset(post.getlist(f"f-{i}")) & frozenset(FLAG_CODES)
        return (self.text, self.note, self.source, self.flags) != before


def _number_text(v) -> str:
    return "" if v is None else format(v.normalize(), "f")


def _form(sub: Submission) -> list[FormRow]:
    """The form's rows with the saved value, past years, the checker's findings and open review comments."""
    rnd = sub.round
    rows = excel.form_rows(rnd, sub.department)
    ind_ids = {r.indicator.pk for r in rows}
    values = Value.objects.filter(indicator_id__in=ind_ids, region=rnd.region,
                                  year__gte=rnd.year - PAST_YEARS, year__lte=rnd.year)
    by_cell = {(v.indicator_id, v.sex, v.area, v.age_group, v.year): v for v in values}
    findings: dict[int, list] = {}
    for vf in monitoring.validate_submission(sub):
        findings.setdefault(vf.value.pk, []).append(vf.finding)
    comments: dict[int, list[str]] = {}
    for c in ReviewComment.objects.filter(submission=sub, resolved=False).order_by("at"):
        comments.setdefault(c.value_id, []).append(c.text)
    out = []
    for i, row in enumerate(rows):
        cell = (row.indicator.pk, row.sex, row.area, row.age_group)
        value = by_cell.get(cell + (rnd.year,))
        past = [_number_text(getattr(by_cell.get(cell + (y,)), "value", None))
                for y in range(rnd.year - PAST_YEARS, rnd.year)]
        fr = FormRow(i, row, value, past)
        if value is not None:
            fr.text, fr.note, fr.source, fr.flags = (_number_text(value.value), value.note, value.source,
                                                     frozenset(value.flag_codes))
        if value is not None:
            for f in findings.get(value.pk, []):
                (fr.errors if f.blocking else fr.warnings).append(f.message)
            fr.comments = comments.get(value.pk, [])
        out.append(fr)
    return out


def _save(request, sub: Submission, rows: list[FormRow]) -> int:
    """Save every changed cell of the posted form through the one entry path, all or none; the
    problems are put on their rows. The number of values written, or -1 when refused."""
    changed: list[FormRow] = []
    for fr in rows:
        fr.errors = []          # the stored values' findings: the posted ones are judged afresh
        if request.POST.get(f"k-{fr.index}") != fr.key:
            raise MonitoringError(_("表单已过期（指标有变动），请刷新页面后重新填写"), "form")
        if not fr.read_post(request.POST):
            continue
        if not fr.text:
            if fr.value is not None:
                fr.errors.append(_("已保存的数据不能清空，请填写数值"))
            continue
        changed.append(fr)
    if any(fr.errors for fr in rows):
        return -1
    entries = [Entry(fr.row.indicator, fr.row.cell, fr.text, fr.note, fr.source, fr.flags,
                     int(request.POST.get(f"ver-{fr.index}") or 0)) for fr in changed]
    try:
        written = write_entries(request.user, sub.round, sub.department, entries, reason=_("网页填报"))
    except EntriesRefused as refused:
        for problem in refused.problems:
            if problem.index is None:
                raise problem.exception()
            changed[problem.index].errors.append(problem.message)
        return -1
    for fr, value in zip(changed, written.values):
        fr.value = value
    return written.written


def _submission(request, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("round__region", "department"), pk=pk)


@login_required
def entry(request, pk: int):
    """A department's form for the year: save draft, submit, Excel download and upload."""
    sub = _submission(request, pk)
    editable = can(request.user, Action.SUBMIT, sub)
    if not editable:
        check(request, Action.REVIEW, sub)   # the bureau may read it; everyone else is refused
        return redirect("web:review", pk=sub.pk)
    rows = _form(sub)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            contact = "head" in request.POST
            if contact:   # refused before any value is written: nothing half-saved
                monitoring.contact_fields(request.POST.get("head", ""), request.POST.get("filled_by", ""),
                                          request.POST.get("phone", ""))
            saved = _save(request, sub, rows)
            if saved >= 0 and contact:
                monitoring.set_contact(request.user, sub, request.POST.get("head", ""),
                                       request.POST.get("filled_by", ""), request.POST.get("phone", ""))
            if saved < 0:
                messages.error(request, _("有数据未通过校验，全部未保存；请按提示修改后再保存。"))
                status = 400
            elif action == "submit":
                findings = monitoring.submit(request.user, sub)
                messages.success(request, _("已报送统计局审核。") +
                                 (_("（%d 条提示已附说明）") % len(findings) if findings else ""))
                return redirect("web:entry", pk=sub.pk)
            else:
                messages.success(request, _("已保存 %d 项。") % saved)
                return redirect("web:entry", pk=sub.pk)
        except MonitoringError as e:
            messages.error(request, e.message)
            status = 400
            rows = _form(sub) if action == "submit" else rows
    sub.refresh_from_db()
    return render(request, "web/work/entry.html", {
        "sub": sub, "rnd": sub.round, "rows": rows, "editable": sub.state in (SubmissionState.DRAFT,
                                                                              SubmissionState.RETURNED),
        "past_years": list(range(sub.round.year - PAST_YEARS, sub.round.year)),
        "stored_digits": rules.MAX_DIGITS - rules.DECIMAL_PLACES, "stored_places": rules.DECIMAL_PLACES,
        "open_comments": ReviewComment.objects.filter(submission=sub, resolved=False).exists(),
    }, status=status)


@login_required
def template_download(request, pk: int):
    sub = _submission(request, pk)
    check(request, Action.SUBMIT, sub)
    return download(excel.build_template(sub.round, sub.department, user=request.user),
                    excel.template_filename(sub.round, sub.department),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
@require_POST
def upload(request, pk: int):
    """Apply a filled form: all rows or none; on refusal the page lists every problem by sheet, row and column."""
    sub = _submission(request, pk)
    check(request, Action.SUBMIT, sub)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        messages.error(request, _("请选择要上传的 Excel 填报表"))
        return redirect("web:entry", pk=sub.pk)
    if upload_file.size > excel.MAX_BYTES:   # refused before the body is read into memory
        messages.error(request, _("%(file)s：文件大小 %(size)s KB 超过上限 %(limit)s MB，请上传系统生成的填报表")
                       % {"file": upload_file.name, "size": upload_file.size // 1024,
                          "limit": excel.MAX_BYTES // 1024 // 1024})
        return redirect("web:entry", pk=sub.pk)
    try:
        result = excel.import_values(upload_file.read(), user=request.user, filename=upload_file.name,
                                     round=sub.round, department=sub.department)
    except Refused as e:
        return render(request, "web/work/upload_refused.html", {"sub": sub, "refusal": e,
                                                                 "filename": upload_file.name}, status=400)
    except MonitoringError as e:
        messages.error(request, _("%(file)s：%(message)s") % {"file": upload_file.name, "message": e.message})
        return redirect("web:entry", pk=sub.pk)
    messages.success(request, _("已导入 %(n)d 项（未变 %(u)d 项，空白 %(b)d 项）。") %
                     {"n": result.entered, "u": result.unchanged, "b": result.blank})
    return redirect("web:entry", pk=sub.pk)


@login_required
def review(request, pk: int):
    """The bureau's review of one department: findings beside each value; approve, or return with comments."""
    sub = _submission(request, pk)
    check(request, Action.REVIEW, sub)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                monitoring.approve(request.user, sub)
                messages.success(request, _("已审核通过，数据已锁定。"))
            else:
                value_comments = {}
                for v in sub.values.all():
                    text = request.POST.get(f"c-{v.pk}", "").strip()
                    if text:
                        value_comments[v] = text
                monitoring.return_for_revision(request.user, sub, request.POST.get("comment", "").strip(),
                                               value_comments)
                messages.success(request, _("已退回修改（%d 条数据意见）。") % len(value_comments))
            return redirect("web:review-queue")
        except MonitoringError as e:
            messages.error(request, e.message)
    return render(request, "web/work/review.html", {
        "sub": sub, "rnd": sub.round, "rows": _form(sub),
        "past_years": list(range(sub.round.year - PAST_YEARS, sub.round.year)),
        "reviewable": sub.state == SubmissionState.SUBMITTED, "submitted_by": person_name(sub.submitted_by),
    })


@login_required
def review_queue(request):
    """Submissions waiting for this bureau, oldest first."""
    subs = (Submission.objects.filter(state=SubmissionState.SUBMITTED).select_related(
        "round__region", "department", "submitted_by").order_by("submitted_at"))
    waiting = allowed_rows(request.user, Action.REVIEW, subs)
    table = Table(request, "review-queue", _("审核队列"), [
        Column("submitted_at", _("报送时间"),
               lambda s: timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M") if s.submitted_at else ""),
        Column("region", _("区划"), lambda s: s.round.region.name, filter=True),
        Column("year", _("年度"), lambda s: s.round.year, filter=True, num=True),
        Column("department", _("成员单位"), lambda s: s.department.name, filter=True,
               link=lambda s: reverse("web:review", args=[s.pk])),
        Column("submitted_by", _("报送人"), lambda s: person_name(s.submitted_by)),
        Column("deadline", _("截止日期"), lambda s: s.round.deadline.isoformat() if s.round.deadline else ""),
    ], waiting)
    if table.exported:
        return table.exported
    return render(request, "web/work/review_queue.html", {"table": table, "waiting": table.rows})


def _openable_years(region) -> list[int]:
    """Years a region's round may be opened for: covered by a plan in force there, not opened yet."""
    plans = Plan.objects.filter(region__in=[region, *region.ancestors()])
    covered = {y for p in plans for y in range(p.start_year - 1, p.end_year + 1)}
    opened = set(Round.objects.filter(region=region).values_list("year", flat=True))
    this_year = dt.date.today().year
    return sorted((y for y in covered - opened if y <= this_year), reverse=True)


def _children_summary(region) -> list[tuple[int, int, int, int]]:
    """(year, reported or accepted, regions below, late) of the years with a round below `region`."""
    rows = []
    for year in sorted(set(Round.objects.filter(region__parent=region).values_list("year", flat=True)), reverse=True)[:3]:
        years = upward.children_years(region, year)
        rows.append((year, sum(1 for c in years if c.round and c.round.upward in ("reported", "accepted")),
                     len(years), sum(1 for c in years if c.late)))
    return rows


@login_required
@require_POST
def open_round(request):
    profile = profile_of(request.user)
    if profile is None or profile.region is None:
        raise PermissionDenied(_("只有区划内的工委办或统计局可以开启年度监测"))
    try:
        year = int(request.POST.get("year", ""))
        deadline = dt.date.fromisoformat(request.POST["deadline"]) if request.POST.get("deadline") else None
    except ValueError:
        messages.error(request, _("年度应为四位数字，截止日期格式为 2026-03-31"))
        return redirect("web:work-home")
    try:
        rnd = monitoring.open_round(request.user, profile.region, year, deadline)
    except MonitoringError as e:
        messages.error(request, e.message)
        return redirect("web:work-home")
    messages.success(request, _("已开启%(region)s%(year)d年度监测，%(n)d 个成员单位需填报。") %
                     {"region": rnd.region.name, "year": rnd.year, "n": rnd.submissions.count()})
    return redirect("web:work-home")


@login_required
def round_obligations(request, pk: int):
    """The office decides which member department reports each indicator of the round."""
    rnd = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    check(request, Action.MANAGE_ROUND, rnd)
    indicators = list(monitoring.round_indicators(rnd).order_by("name"))
    if request.method == "POST":
        chosen = {}
        for ind in indicators:
            text = request.POST.get(f"department-{ind.pk}")
            if text is not None:
                chosen[ind.pk] = int(text) if text.isdigit() else None
        try:
            changed = assignment.assign_each(request.user, rnd, chosen)
        except MonitoringError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("已保存填报任务分配：%(n)d 项指标改变了填报单位。") % {"n": changed})
            return redirect("web:round-obligations", pk=rnd.pk)
    owed = dict(rnd.obligations.values_list("indicator_id", "department_id"))
    with_values = set(Value.objects.filter(region=rnd.region, year=rnd.year, indicator__in=indicators)
                      .values_list("indicator_id", flat=True))
    return render(request, "web/work/obligations.html", {
        "round": rnd, "departments": list(rnd.region.departments.order_by("short_name")),
        "rows": [(ind, owed.get(ind.pk), ind.pk in with_values) for ind in indicators],
        "unassigned": sum(1 for ind in indicators if ind.pk not in owed),
    })


# -- reporting upward (下级向上级报送) ----------------------------------------------------------------

@login_required
@require_POST
def report_upward(request, pk: int):
    """The office reports its region's approved year to the level above."""
    rnd = get_object_or_404(Round.objects.select_related("region__parent"), pk=pk)
    check(request, Action.REPORT_UPWARD, rnd)
    try:
        upward.report_upward(request.user, rnd)
    except MonitoringError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已向%(region)s上报%(year)s年监测结果，等待上级统计局接收。")
                         % {"region": rnd.region.parent.name, "year": rnd.year})
    return redirect("web:work-home")


@login_required
@require_POST
def accept_upward(request, pk: int):
    """The bureau above accepts a region's reported year, or returns it with a reason."""
    rnd = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    check(request, Action.ACCEPT_UPWARD, rnd)
    try:
        if request.POST.get("decision") == "return":
            upward.return_upward(request.user, rnd, request.POST.get("reason", ""))
            messages.success(request, _("已退回%(region)s的上报。") % {"region": rnd.region.name})
        else:
            upward.accept_upward(request.user, rnd)
            messages.success(request, _("已接收%(region)s的上报。") % {"region": rnd.region.name})
    except MonitoringError as e:
        messages.error(request, e.message)
    return redirect("web:children", year=rnd.year)


@login_required
def children(request, year: int):
    """The level above follows its regions' year: reported, accepted, returned (with why), late."""
    profile = profile_of(request.user)
    if profile is None or profile.region is None:
        raise PermissionDenied(_("只有区划内的用户可以查看下级报送"))
    check(request, Action.FOLLOW_ROUNDS, profile.region)
    rows = upward.children_years(profile.region, year)
    # One query for the whole list (can() per row would ask once per county).
    acceptable = allowed_rows(request.user, Action.ACCEPT_UPWARD,
                              Round.objects.filter(region__parent=profile.region, year=year))
    stamp, rolled = _rollups(profile.region, year)
    return render(request, "web/work/children.html", {
        "region": profile.region, "year": year, "rows": rows,
        "may_accept": set(acceptable.values_list("pk", flat=True)),
        # The roll-up table is the same for everyone who may see this page: drawn once per change of
        # the values (rollups_key), and computed only when it is drawn.
        "rollups_key": stamp,
        "rollup": SimpleLazyObject(lambda: _rollup_table(rolled())),
    })


def _rollup_table(rolled: list) -> dict:
    return {"rolled": [r for r in rolled if r.result.computed],
            "not_rolled": sum(1 for r in rolled if not r.result.computed)}


def _rollups(region, year: int):
    """下级汇总 of every indicator the region's plans in force watch that can be computed from parts:
    the cache stamp, and a function computing (or fetching) them."""
    from lianggang.monitoring.rollup import region_rollups_cached, rollups_stamp
    from lianggang.plans.models import Indicator, Rollup
    indicators = (Indicator.objects.of_plans(Plan.objects.in_force(region, year)).exclude(rollup=Rollup.NONE)
                  .select_related("standard").order_by("name"))
    stamp = rollups_stamp(region, year, list(indicators.values_list("pk", flat=True)))
    return stamp, lambda: list(region_rollups_cached(indicators, region, year, stamp).values())
