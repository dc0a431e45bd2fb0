"""A department's form as a printable copy (the page's print style) and as .xlsx: every value with
its note, source and flags, and 填表人, 单位负责人, 联系电话 and the dates below — what an office files.

The completeness table of the 工作台 drills into this page, so the office follows a department's
form without the right to change it (submission.view in the permission table)."""
from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from lianggang.accounts.permissions import Action, can
from lianggang.monitoring.models import Submission, chinese_display, flags_text
from lianggang.web.access import check, download
from lianggang.web.work.views import PAST_YEARS, _form, person_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submission(request, pk: int) -> Submission:
    sub = get_object_or_404(Submission.objects.select_related("round__region", "department", "submitted_by",
                                                              "reviewed_by"), pk=pk)
    check(request, Action.VIEW_SUBMISSION, sub)
    return sub


def _date(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d") if at else ""


@login_required
def form(request, pk: int):
    sub = _submission(request, pk)
    return render(request, "web/work/print.html", {
        "sub": sub, "rnd": sub.round, "rows": _form(sub),
        "past_years": list(range(sub.round.year - PAST_YEARS, sub.round.year)),
        "submitted_by": person_name(sub.submitted_by), "reviewed_by": person_name(sub.reviewed_by),
        "submitted_on": _date(sub.submitted_at), "reviewed_on": _date(sub.reviewed_at),
        "printed_on": timezone.localdate().isoformat(),
        "may_edit": can(request.user, Action.SUBMIT, sub), "may_review": can(request.user, Action.REVIEW, sub),
    })


@login_required
def form_xlsx(request, pk: int):
    """The same copy as a workbook (Chinese, as official files are, whatever the page's language)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    sub = _submission(request, pk)
    rnd = sub.round
    wb = Workbook()
    ws = wb.active
    ws.title = "填报表"
    ws.append([f"{rnd.region.name}{rnd.year}年度妇女儿童发展纲要（规划）监测数据填报表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["填报单位", sub.department.name, "状态", chinese_display(sub, "state")])
    ws.append(["单位负责人", sub.head, "填表人", sub.filled_by, "联系电话", sub.phone])
    ws.append(["报送日期", _date(sub.submitted_at), "报送人", person_name(sub.submitted_by),
               "审核日期", _date(sub.reviewed_at)])
    ws.append([])
    header = ["指标", "分组", "单位", f"{rnd.year}年", "说明", "来源", "标记"]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    from django.utils import translation
    with translation.override("zh-hans"):
        for fr in _form(sub):
            v = fr.value
            ws.append([fr.row.indicator.name, fr.label, fr.row.indicator.unit,
                       float(v.value) if v is not None else None, fr.note, fr.source, flags_text(fr.flags)])
    ws.column_dimensions["A"].width = 36
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 14
    out = io.BytesIO()
    wb.save(out)
    return download(out.getvalue(), f"{rnd.region.name}{rnd.year}年{sub.department.name}填报表.xlsx", XLSX)
